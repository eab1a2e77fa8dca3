"""Shift sign-ups through the service (locked shift row, checks, waitlist) against bare
inserts of the same rows, and the county feed of a year of weekly series as RRULEs
against the same occurrences exported as expanded copies."""

import time
from datetime import date, datetime, timedelta

SIGNUPS = 300
SERIES = 20


def _aware(day, hour):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def _people(count: int):
    from core.models import Region, User
    from core.roles import Role
    from core.services import role_grant
    from volunteers.models import Volunteer

    township = Region.objects.get(code="130131110")
    users = []
    for n in range(count):
        user = User.objects.create(mobile=f"1360000{n:04d}", name=f"基准{n}")
        role_grant(user=user, role=Role.VOLUNTEER)
        Volunteer.objects.create(
            user=user,
            township=township,
            birth_date=date(1980, 1, 1),
            gender="male",
            id_number_hash=f"bench-{n}",
            id_number_encrypted="",
            id_number_masked="1301**********0000",
            status="active",
            number=f"B{n:06d}",
        )
        users.append(user)
    return users


def _event(title: str, day_offset: int):
    from core.models import Region, User
    from events.services import event_create, event_publish, shift_create, venue_ensure

    organizer = User.objects.get_or_create(mobile="13600009999", defaults={"name": "基准组织"})[0]
    venue = venue_ensure(name=f"基准场地{title}", region=Region.objects.get(code="130131110"))
    from django.utils import timezone

    start = _aware(timezone.localdate() + timedelta(days=day_offset), 9)
    event = event_create(
        organizer=organizer,
        kind="service",
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        venue=venue,
    )
    event_publish(event=event, actor=organizer)
    shift = shift_create(
        event=event,
        actor=organizer,
        role="guiding",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        needed=SIGNUPS // 2,
    )
    return organizer, shift


def _signups(report) -> None:
    from django.utils import timezone

    from events.models import SignUp
    from events.services import shift_sign_up

    people = _people(SIGNUPS)
    _organizer, shift = _event("基准服务", 30)
    _organizer, bare_shift = _event("基准对照", 40)
    started = time.perf_counter()
    for user in people:
        shift_sign_up(shift=shift, user=user)
    service = SIGNUPS / (time.perf_counter() - started)
    started = time.perf_counter()
    for user in people:
        SignUp.objects.create(
            shift=bare_shift, volunteer=user, status="confirmed", created_at=timezone.now()
        )
    bare = SIGNUPS / (time.perf_counter() - started)
    from django.db import connection

    # The events issue set this goal for the embedded database only.
    goal = "≥ 100 per s on SQLite" if connection.vendor == "sqlite" else ""
    report("shift sign-ups (service)", service, "per s", bare, goal)


def _feeds(report) -> None:
    from icalendar import Calendar, Event

    from events import ical
    from events.models import Event as EventRow
    from events.selectors import feed_events
    from events.services import series_create

    organizer, _shift = _event("基准系列组织", 50)
    for n in range(SERIES):
        series_create(
            organizer=organizer,
            kind="rehearsal",
            title=f"基准排练{n}",
            rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=52",
            starts_at=_aware(date(2027, 1, 2), 8 + n % 10),
            duration_minutes=60,
            venue=_shift.event.venue if n == 0 else _venue(n),
            skip_holidays=True,
            check_conflicts=False,
        )
    started = time.perf_counter()
    content = ical.calendar(name="bench", events=feed_events())[2]
    ours = time.perf_counter() - started
    started = time.perf_counter()
    naive = Calendar()
    for row in EventRow.objects.filter(skipped=False).select_related("venue"):
        component = Event()
        component.add("uid", f"copy-{row.pk}")
        component.add("summary", row.title)
        component.add("dtstart", row.starts_at)
        component.add("dtend", row.ends_at)
        naive.add_component(component)
    copies = naive.to_ical()
    baseline = time.perf_counter() - started
    report("county feed as RRULEs (ms)", ours * 1000, "ms", baseline * 1000)
    report("county feed size (kB)", len(content) / 1024, "kB", len(copies) / 1024)


def _venue(n):
    from core.models import Region
    from events.services import venue_ensure

    return venue_ensure(name=f"基准排练厅{n}", region=Region.objects.get(code="130131110"))


def run(report) -> None:
    _signups(report)
    _feeds(report)
