"""The 平山红 series in demo data: 56 performances across 2024–2025 by the five chorus
teams and the arts squads (over 1,000,000 audience visits, the opening show with
《团结就是力量》), a weekly rehearsal series, upcoming events with shifts and sign-ups,
and the resulting ledger entries (historical ones through the ledger's bulk path, a
recent event's through claims the organizer approves)."""

import contextlib
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from core.demo import demo_account
from core.models import Region, User
from core.roles import Role
from events.errors import EventError
from events.models import Event, Kind, Series, Shift, SignUp, Venue
from events.services import (
    attendance_mark,
    attendance_post,
    event_close,
    event_create,
    event_publish,
    programme_set,
    series_create,
    shift_create,
    shift_sign_up,
    venue_ensure,
)
from events.services.attendance import organizer_unit
from ledger.models import Kind as LedgerKind
from ledger.services import claim_approve, entries_import
from stations.models import Station
from volunteers.choices import Status
from volunteers.models import Membership, Team, Volunteer
from volunteers.selectors import volunteer_of

PERFORMANCES = 56
OPENING = date(2024, 3, 2)
OPENING_AUDIENCE = 6800
SONGS = (
    ("《团结就是力量》", "全体合唱队"),
    ("《没有共产党就没有新中国》", "平山红第一合唱队"),
    ("《西柏坡颂》", "平山红第二合唱队"),
    ("《太行山上》", "平山红第三合唱队"),
    ("《我和我的祖国》", "平山红第四合唱队"),
    ("《在希望的田野上》", "平山红第五合唱队"),
    ("舞蹈《红色驿站》", "西柏坡文艺小分队"),
)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed(ctx) -> None:
    organizer = demo_account(Role.EVENT_ORGANIZER)
    venues = seed_venues()
    if Event.objects.filter(title__startswith="平山红·").exists():
        ctx.progress("平山红 performances (kept)", PERFORMANCES, PERFORMANCES)
    else:
        performances = seed_performances(ctx, organizer, venues)
        seed_performer_entries(ctx, organizer, performances)
    if not Series.objects.filter(kind=Kind.REHEARSAL).exists():
        seed_rehearsals(organizer, venues)
    if not Event.objects.filter(title="红色驿站游客服务日").exists():
        seed_upcoming(ctx, organizer, venues)


def seed_venues() -> list[Venue]:
    county = Region.objects.get(code="130131100")
    venues = [
        venue_ensure(
            name="平山县人民广场", region=county, address="平山县平山镇中山路", capacity=10000
        ),
        venue_ensure(
            name="平山县文化中心剧场", region=county, address="平山县平山镇文化路", capacity=1200
        ),
    ]
    for station in Station.objects.select_related("region").order_by("pk")[:6]:
        venues.append(
            venue_ensure(
                name=f"{station.site}广场",
                region=station.region,
                address=station.address,
                capacity=3000,
                station=station,
            )
        )
    return venues


def _performance_dates() -> list[date]:
    """The opening show, then one about every 12 days through 2025 (on Saturdays)."""
    days, day = [OPENING], OPENING
    while len(days) < PERFORMANCES:
        day += timedelta(days=14 if len(days) % 3 else 7)
        days.append(day)
    return days


def seed_performances(ctx, organizer, venues) -> list[Event]:
    choruses = list(Team.objects.filter(kind=Team.Kind.CHORUS).order_by("name"))
    squads = list(Team.objects.filter(kind=Team.Kind.ARTS).order_by("name"))
    events = []
    for n, day in enumerate(_performance_dates()):
        opening = n == 0
        teams = choruses if opening else [choruses[n % 5], choruses[(n + 2) % 5]]
        if squads and not opening:
            teams.append(squads[n % len(squads)])
        event = event_create(
            organizer=organizer,
            kind=Kind.PERFORMANCE if n % 4 else Kind.CHORUS,
            title="平山红·开幕演出" if opening else f"平山红·第{n + 1}场合唱展演",
            description="“平山红”红色文艺展演系列。",
            starts_at=local(day, 19, 30),
            ends_at=local(day, 21, 30),
            venue=venues[0] if opening else venues[n % len(venues)],
            teams=teams,
            expected_audience=OPENING_AUDIENCE if opening else 15000,
        )
        programme_set(
            event=event,
            actor=organizer,
            items=[(title, who, 5) for title, who in (SONGS if opening else SONGS[:4])],
        )
        event_publish(event=event, actor=organizer)
        audience = OPENING_AUDIENCE if opening else ctx.rng.randint(15000, 24000)
        event_close(event=event, actor=organizer, actual_audience=audience)
        events.append(event)
        ctx.progress("平山红 performances", n + 1, PERFORMANCES)
    return events


def seed_performer_entries(ctx, organizer, events) -> None:
    """Hours of the performers of 2024–2025, posted as approved history."""
    members: dict[int, list[int]] = {}
    for team_id, user_id in Membership.objects.filter(left_on__isnull=True).values_list(
        "team_id", "volunteer__user_id"
    ):
        members.setdefault(team_id, []).append(user_id)
    unit = organizer_unit(events[0])
    rows = []
    for event in events:
        for team in event.teams.all():
            for user_id in members.get(team.pk, [])[:30]:
                rows.append(_entry(event, team, user_id, unit))
    entries_import(rows=rows, approved_by=organizer)
    ctx.progress("performers' hours", len(rows), len(rows))


def _entry(event, team, user_id, unit) -> dict:
    return {
        "source_key": f"performance:{event.pk}:{team.pk}:{user_id}",
        "volunteer_id": user_id,
        "unit_id": unit.pk,
        "minutes": event.minutes,
        "kind": LedgerKind.PERFORMANCE,
        "service_date": timezone.localtime(event.starts_at).date(),
        "activity": event.title,
        "place": event.venue.name,
        "content": "合唱演出",
        "township": unit.region,
        "team_key": f"team:{team.pk}",
        "team_name": team.name,
        "event_key": f"event:{event.pk}",
    }


def seed_rehearsals(organizer, venues) -> Series:
    today = timezone.localdate()
    first = today - timedelta(days=(today.weekday() - 5) % 7 + 28)  # a Saturday 4 weeks ago
    return series_create(
        organizer=organizer,
        kind=Kind.REHEARSAL,
        title="平山红第一合唱队·周六排练",
        rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=20",
        starts_at=local(first, 15),
        duration_minutes=120,
        venue=venues[1],
        teams=list(Team.objects.filter(name="平山红第一合唱队")),
        skip_holidays=True,
        override_reason="演示数据",
    )


ROLES = (
    (Shift.Role.GUIDING, 4, False),
    (Shift.Role.SECURITY, 2, False),
    (Shift.Role.PHOTOGRAPHY, 1, False),
    (Shift.Role.TOUR, 3, True),
)


def seed_upcoming(ctx, organizer, venues) -> None:
    """Three coming events with shifts and sign-ups, and a recent one with its hours."""
    volunteers = list(
        Volunteer.objects.filter(status=Status.ACTIVE, birth_date__lte=date(2000, 1, 1))
        .order_by("pk")
        .values_list("user", flat=True)[:12]
    )
    people = list(User.objects.filter(pk__in=volunteers))
    demo_volunteer = demo_account(Role.VOLUNTEER)
    if volunteer_of(demo_volunteer) is not None and demo_volunteer not in people:
        people.insert(0, demo_volunteer)
    today = timezone.localdate()
    for n, (days, title) in enumerate(
        ((6, "平山红·冬季合唱展演"), (13, "西柏坡红色故事宣讲"), (20, "新春志愿服务集市"))
    ):
        day = today + timedelta(days=days)
        event = event_create(
            organizer=organizer,
            kind=(Kind.PERFORMANCE, Kind.LECTURE, Kind.SERVICE)[n],
            title=title,
            starts_at=local(day, 10 + n),
            ends_at=local(day, 12 + n),
            venue=venues[2 + n],
            teams=list(Team.objects.filter(kind=Team.Kind.CHORUS).order_by("name")[3:4])
            if n == 0
            else [],
            override_reason="演示数据",
        )
        event_publish(event=event, actor=organizer, override_reason="演示数据")
        for role, needed, minors in ROLES:
            shift = shift_create(
                event=event,
                actor=organizer,
                role=role,
                starts_at=event.starts_at - timedelta(minutes=30),
                ends_at=event.ends_at,
                needed=needed,
                minors_allowed=minors,
            )
            for person in people[n : n + needed + 1]:
                _try_sign_up(shift, person)
    _recent_event_with_hours(organizer, venues, people)
    ctx.progress("upcoming events and shifts", 4, 4)


def _try_sign_up(shift, person) -> None:
    # A conflict or a minor on an adults-only shift is refused: demo people are random.
    with contextlib.suppress(EventError):
        shift_sign_up(shift=shift, user=person)


def _recent_event_with_hours(organizer, venues, people) -> None:
    """A service activity last week: its shift volunteers' claims, some approved."""
    day = timezone.localdate() - timedelta(days=7)
    event = event_create(
        organizer=organizer,
        kind=Kind.SERVICE,
        title="红色驿站游客服务日",
        starts_at=local(day, 9),
        ends_at=local(day, 12),
        venue=venues[4],
        override_reason="演示数据",
    )
    event_publish(event=event, actor=organizer, override_reason="演示数据")
    shift = Shift.objects.create(
        event=event,
        role=Shift.Role.GUIDING,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        needed=6,
    )
    for person in people[:6]:
        signup = SignUp.objects.create(
            shift=shift,
            volunteer=person,
            status=SignUp.Status.CONFIRMED,
            created_at=event.created_at,
        )
        attendance_mark(signup=signup, actor=organizer, attended=person != people[-1])
    event_close(event=event, actor=organizer, actual_audience=420)
    claims = attendance_post(event=event, actor=organizer)
    for claim in claims[:2]:
        claim_approve(claim=claim, actor=organizer)
