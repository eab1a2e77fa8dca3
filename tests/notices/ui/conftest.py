"""Fixtures of the notices-ui tests: an organizer's events in 西柏坡, their shifts, singers."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from core.roles import Role
from events.models import Kind
from events.services import event_create, event_publish, shift_create, venue_ensure
from tests.factories import UserFactory
from tests.volunteers.factories import VolunteerFactory, join


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _site_language_after():
    """A page asked in English leaves English active on the thread: put Chinese back."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def organizer(pingshan):
    return UserFactory.with_role(Role.EVENT_ORGANIZER, name="刘组织")


@pytest.fixture
def venue(pingshan):
    return venue_ensure(
        name="西柏坡纪念馆广场",
        region=pingshan.xibaipo,
        address="西柏坡村",
        station=pingshan.station,
    )


@pytest.fixture
def make_event(organizer, venue):
    def _make(starts_at, hours=2, kind=Kind.PERFORMANCE, teams=(), publish=True, **fields):
        event = event_create(
            organizer=organizer, kind=kind, title=fields.pop("title", "平山红合唱展演"),
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), venue=venue,
            teams=teams, **fields,
        )  # fmt: skip
        if publish:
            event_publish(event=event, actor=organizer)
        return event

    return _make


@pytest.fixture
def make_shift():
    def _make(event, needed=2, role="guiding"):
        return shift_create(
            event=event, actor=event.organizer, role=role, needed=needed,
            starts_at=event.starts_at - timedelta(minutes=30), ends_at=event.ends_at,
        )  # fmt: skip

    return _make


@pytest.fixture
def make_volunteer():
    def _make(name="李志愿", **fields):
        return VolunteerFactory(user__name=name, **fields).user

    return _make


@pytest.fixture
def singers(pingshan):
    """Two current members of 平山红第二合唱队."""
    people = [VolunteerFactory(user__name=name) for name in ("王歌手", "赵歌手")]
    for person in people:
        join(person, pingshan.team, joined_on=timezone.localdate() - timedelta(days=400))
    return [person.user for person in people]


@pytest.fixture
def members(pingshan):
    """Two current members of the leader's team, with the mobile numbers we must not leak."""
    people = [
        VolunteerFactory(township=pingshan.xibaipo, user__name=name, user__mobile=mobile)
        for name, mobile in (("张小兵", "13812345678"), ("李红梅", "13900001111"))
    ]
    for person in people:
        join(person, pingshan.team)
    return [person.user for person in people]
