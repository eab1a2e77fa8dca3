"""Reads of the notices app. Senders see counts and masked values only."""

from django.db.models import QuerySet

from notices.models import Notice, Preference


def notices_sent(*, user) -> QuerySet:
    raise NotImplementedError


def notice_figures(notice: Notice) -> dict:
    raise NotImplementedError


def notice_recipients(notice: Notice, *, user) -> list[dict]:
    raise NotImplementedError


def inbox(user) -> QuerySet:
    raise NotImplementedError


def unread_count(user) -> int:
    raise NotImplementedError


def preference_of(user) -> Preference:
    raise NotImplementedError


def audience_options(user) -> dict:
    raise NotImplementedError
