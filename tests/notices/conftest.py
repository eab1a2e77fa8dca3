# ruff: noqa: F811 — the events fixtures imported below are used as fixture arguments
"""A small county for notices: two townships' teams, an event with a roster, a station."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.roles import Role
from events.services import shift_sign_up
from tests.events.conftest import (  # noqa: F401 — fixtures shared with the events tests
    at,
    make_event,
    make_shift,
    organizer,
    other_organizer,
    other_venue,
    venue,
)
from tests.factories import UserFactory
from tests.volunteers.factories import VolunteerFactory, join


@pytest.fixture(autouse=True)
def _outbox_and_worker(settings):
    """The console outbox for SMS and email; the worker runs when the send commits."""
    settings.HONGYI_SMS_PROVIDER = "notices.channels.sms.ConsoleSmsProvider"
    settings.HONGYI_EMAIL_OUTBOX = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def daytime():
    """A Tuesday at 10:00 in Asia/Shanghai: no quiet hours."""
    return at(2026, 12, 8, 10, 0)


@pytest.fixture
def members(pingshan):
    """Three current members of 平山红第二合唱队 (西柏坡镇) and one who left."""
    long_ago = timezone.localdate() - timedelta(days=400)
    people = [VolunteerFactory(user__name=n) for n in ("王歌手", "赵歌手", "钱歌手")]
    for person in people:
        join(person, pingshan.team, joined_on=long_ago)
    gone = VolunteerFactory(user__name="孙离队")
    join(gone, pingshan.team, joined_on=long_ago, left_on=long_ago + timedelta(days=10))
    return [person.user for person in people]


@pytest.fixture
def outsiders(pingshan):
    """Two members of 温塘文艺小分队 living in 温塘镇."""
    from tests.factories import township

    people = [
        VolunteerFactory(user__name=n, township=township("130131102"), village=None)
        for n in ("周温塘", "吴温塘")
    ]
    for person in people:
        join(person, pingshan.other_team, joined_on=timezone.localdate() - timedelta(days=30))
    return [person.user for person in people]


@pytest.fixture
def roster(make_event, make_shift, pingshan):
    """An event with one shift of one place: 李确认 confirmed, 陈候补 waitlisted."""
    event = make_event(title="七一合唱展演")
    event.teams.add(pingshan.team)
    shift = make_shift(event, needed=1)
    confirmed = VolunteerFactory(user__name="李确认").user
    waiting = VolunteerFactory(user__name="陈候补").user
    shift_sign_up(shift=shift, user=confirmed)
    shift_sign_up(shift=shift, user=waiting)
    return event, confirmed, waiting


@pytest.fixture
def county_office(pingshan):
    return pingshan.county_office


@pytest.fixture
def volunteer_only():
    return UserFactory.with_role(Role.VOLUNTEER)
