from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from core.roles import Role
from events.models import Kind
from events.services import event_create, event_publish, shift_create, venue_ensure
from tests.factories import UserFactory
from tests.volunteers.factories import VolunteerFactory, join, years_ago


def at(year, month, day, hour=0, minute=0):
    """An aware moment in Asia/Shanghai."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))  # noqa: DTZ001


def soon(days=10, hour=19):
    """A local moment ``days`` from today at ``hour``."""
    day = timezone.localdate() + timedelta(days=days)
    return at(day.year, day.month, day.day, hour)


@pytest.fixture
def organizer(pingshan):
    return UserFactory.with_role(Role.EVENT_ORGANIZER, name="刘组织")


@pytest.fixture
def other_organizer(pingshan):
    return UserFactory.with_role(Role.EVENT_ORGANIZER, name="陈组织")


@pytest.fixture
def venue(pingshan):
    return venue_ensure(
        name="西柏坡纪念馆广场", region=pingshan.xibaipo, capacity=3000, station=pingshan.station
    )


@pytest.fixture
def other_venue(pingshan):
    return venue_ensure(name="温塘镇文化广场", region=pingshan.wentang, capacity=800)


@pytest.fixture
def volunteer():
    return VolunteerFactory(user__name="李志愿").user


@pytest.fixture
def make_volunteer():
    def _make(**fields):
        return VolunteerFactory(**fields).user

    return _make


@pytest.fixture
def minor():
    return VolunteerFactory(user__name="小明", id_text=_minor_id()).user


def _minor_id():
    from tests.volunteers.factories import id_number

    return id_number(years_ago(12))


@pytest.fixture
def singers(pingshan):
    """Two current members of 平山红第二合唱队."""
    people = [VolunteerFactory(user__name=name) for name in ("王歌手", "赵歌手")]
    for person in people:
        join(person, pingshan.team, joined_on=timezone.localdate() - timedelta(days=400))
    return [person.user for person in people]


@pytest.fixture
def make_event(organizer, venue):
    def _make(days=10, hours=2, publish=True, **fields):
        starts = fields.pop("starts_at", soon(days))
        reason = fields.get("override_reason", "")
        event = event_create(
            organizer=fields.pop("organizer", organizer),
            kind=fields.pop("kind", Kind.PERFORMANCE),
            title=fields.pop("title", "平山红合唱展演"),
            starts_at=starts,
            ends_at=fields.pop("ends_at", starts + timedelta(hours=hours)),
            venue=fields.pop("venue", venue),
            **fields,
        )
        if publish:
            event_publish(event=event, actor=event.organizer, override_reason=reason)
        return event

    return _make


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def make_shift(organizer):
    def _make(event, needed=2, minors_allowed=False, role="guiding"):
        return shift_create(
            event=event,
            actor=event.organizer,
            role=role,
            starts_at=event.starts_at - timedelta(minutes=30),
            ends_at=event.ends_at,
            needed=needed,
            minors_allowed=minors_allowed,
        )

    return _make


@pytest.fixture
def shift(event, make_shift):
    return make_shift(event)
