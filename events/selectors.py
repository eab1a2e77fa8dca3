"""Reads: who may manage an event, listings, calendars, conflicts, upcoming shifts."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role
from core.selectors import user_has_role, user_region_codes, user_sees_county
from events.models import Event, Shift, SignUp
from volunteers.models import Membership

LIVE = (Event.Status.DRAFT, Event.Status.PUBLISHED, Event.Status.DONE)
ORGANIZER_ROLES = (Role.EVENT_ORGANIZER, Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE, Role.ADMIN)


def may_organize(user) -> bool:
    return user_has_role(user, *ORGANIZER_ROLES)


def may_manage(user, event: Event) -> bool:
    """The event's organizer, the county office, or the venue's township office."""
    if not user.is_authenticated:
        return False
    if event.organizer_id == user.pk or user_sees_county(user):
        return True
    code = event.venue.region.code
    return any(code.startswith(prefix) for prefix in user_region_codes(user))


def managed_events(user) -> QuerySet:
    events = Event.objects.filter(skipped=False)
    if user_sees_county(user):
        return events
    condition = Q(organizer=user)
    for code in user_region_codes(user):
        condition |= Q(venue__region__code__startswith=code)
    return events.filter(condition)


def public_events(*, start: datetime | None = None, end: datetime | None = None) -> QuerySet:
    """What residents see: published (and held) events, cancelled ones marked."""
    events = Event.objects.filter(skipped=False).exclude(status=Event.Status.DRAFT)
    if start is not None:
        events = events.filter(ends_at__gt=start)
    if end is not None:
        events = events.filter(starts_at__lt=end)
    return events.select_related("venue").prefetch_related("teams")


def event_detail(pk: int) -> Event:
    shifts = Shift.objects.annotate(
        taken=Count("signups", filter=Q(signups__status=SignUp.Status.CONFIRMED)),
        waiting=Count("signups", filter=Q(signups__status=SignUp.Status.WAITLISTED)),
    )
    return (
        Event.objects.select_related("venue__region", "organizer", "series")
        .prefetch_related("teams", "programme", Prefetch("shifts", queryset=shifts))
        .get(pk=pk, skipped=False)
    )


def shift_roster(event: Event) -> list[SignUp]:
    return list(
        SignUp.objects.filter(shift__event=event)
        .exclude(status=SignUp.Status.CANCELLED)
        .select_related("volunteer", "shift")
        .order_by("shift__starts_at", "shift_id", "status", "created_at")
    )


def my_signups(user, shift_ids) -> dict[int, SignUp]:
    if not user.is_authenticated:
        return {}
    rows = SignUp.objects.filter(volunteer=user, shift_id__in=list(shift_ids)).exclude(
        status=SignUp.Status.CANCELLED
    )
    return {row.shift_id: row for row in rows}


def upcoming_shifts(user, *, now=None, limit: int = 20) -> list[SignUp]:
    """The volunteer's live sign-ups for shifts that have not ended, soonest first."""
    now = now or timezone.now()
    return list(
        SignUp.objects.filter(volunteer=user, shift__ends_at__gt=now, shift__event__skipped=False)
        .exclude(status=SignUp.Status.CANCELLED)
        .exclude(shift__event__status=Event.Status.CANCELLED)
        .select_related("shift__event__venue")
        .order_by("shift__starts_at")[:limit]
    )


@dataclass(frozen=True)
class ShiftLine:
    """One upcoming shift as "我的" prints it."""

    text: str
    url: str

    def __str__(self):
        return self.text


def upcoming_shift_lines(user, *, now=None) -> list[ShiftLine]:
    from django.urls import reverse

    lines = []
    for signup in upcoming_shifts(user, now=now, limit=5):
        shift = signup.shift
        waiting = _("(waitlist)") if signup.status == SignUp.Status.WAITLISTED else ""
        text = f"{timezone.localtime(shift.starts_at):%m-%d %H:%M} {shift.event.title} · "
        text += f"{shift.get_role_display()} · {shift.event.venue.name} {waiting}".rstrip()
        lines.append(ShiftLine(text, reverse("events:detail", args=[shift.event_id])))
    return lines


def month_grid(events, year: int, month: int) -> list[list[dict]]:
    """Weeks (Monday first) of days, each with the events starting that local day."""
    first = date(year, month, 1)
    start = first - timedelta(days=first.weekday())
    by_day: dict[date, list] = {}
    for event in events:
        by_day.setdefault(timezone.localtime(event.starts_at).date(), []).append(event)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    weeks, day = [], start
    while day <= last:
        week = []
        for _i in range(7):
            week.append(
                {"date": day, "in_month": day.month == month, "events": by_day.get(day, [])}
            )
            day += timedelta(days=1)
        weeks.append(week)
    return weeks


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def audience_totals(*, township_ids=None, station_ids=None, since=None, until=None) -> dict:
    """Events held and audience visits (人次), for reports. ``None`` means countywide;
    otherwise only events at venues in those townships (or their villages) or stations.
    ``since``/``until`` (local dates, ``until`` excluded) bound when the events began."""
    held = _held(township_ids, station_ids, since, until)
    totals = held.aggregate(events=Count("pk"), audience=Sum("actual_audience"))
    return {"events_held": totals["events"] or 0, "audience_total": totals["audience"] or 0}


def events_held(*, township_ids=None, station_ids=None, since=None, until=None, limit=100):
    """The held events themselves, in date order, for a report's table (at most ``limit``)."""
    held = _held(township_ids, station_ids, since, until).select_related("venue")
    return [
        {"date": timezone.localdate(event.starts_at), "title": event.title,
         "venue": event.venue.name, "audience": event.actual_audience}
        for event in held.order_by("starts_at", "pk")[:limit]
    ]  # fmt: skip


def _held(township_ids, station_ids, since, until) -> QuerySet:
    held = Event.objects.filter(status=Event.Status.DONE, skipped=False)
    if township_ids is not None or station_ids is not None:
        townships, stations = list(township_ids or ()), list(station_ids or ())
        held = held.filter(
            Q(venue__region_id__in=townships)
            | Q(venue__region__parent_id__in=townships)
            | Q(venue__station_id__in=stations)
        )
    if since:
        held = held.filter(starts_at__gte=local_midnight(since))
    if until:
        held = held.filter(starts_at__lt=local_midnight(until))
    return held


# --- conflicts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    code: str  # venue_double_booked | team_double_booked | volunteer_overlap | member_on_shift
    message: str
    event_id: int | None = None

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "event_id": self.event_id}


def _overlapping(starts_at, ends_at, exclude_ids=()) -> QuerySet:
    return (
        Event.objects.filter(status__in=LIVE, skipped=False)
        .filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(pk__in=[pk for pk in exclude_ids if pk])
    )


def _when(event) -> str:
    return timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")


def event_conflicts(*, starts_at, ends_at, venue, teams=(), exclude_ids=()) -> list[Conflict]:
    """Conflicts of an event being saved: venue, teams, and members on shift."""
    others = _overlapping(starts_at, ends_at, exclude_ids)
    found = [
        Conflict(
            "venue_double_booked",
            _("%(venue)s is already booked for “%(event)s” at %(when)s.")
            % {"venue": venue, "event": other.title, "when": _when(other)},
            other.pk,
        )
        for other in others.filter(venue=venue)
    ]
    team_ids = [team.pk for team in teams]
    if not team_ids:
        return found
    for other in others.filter(teams__in=team_ids).prefetch_related("teams").distinct():
        for team in other.teams.all():
            if team.pk in team_ids:
                found.append(
                    Conflict(
                        "team_double_booked",
                        _("%(team)s already performs in “%(event)s” at %(when)s.")
                        % {"team": team.name, "event": other.title, "when": _when(other)},
                        other.pk,
                    )
                )
    members = _member_users(team_ids, timezone.localtime(starts_at).date())
    on_shift = (
        SignUp.objects.filter(volunteer_id__in=members, status=SignUp.Status.CONFIRMED)
        .filter(shift__starts_at__lt=ends_at, shift__ends_at__gt=starts_at)
        .exclude(shift__event__status=Event.Status.CANCELLED)
        .select_related("volunteer", "shift__event")
    )
    found += [
        Conflict(
            "member_on_shift",
            _("%(person)s performs here but is on shift at “%(event)s”.")
            % {"person": signup.volunteer.name, "event": signup.shift.event.title},
            signup.shift.event_id,
        )
        for signup in on_shift
    ]
    return found


def _member_users(team_ids, on: date) -> list[int]:
    memberships = Membership.objects.filter(team_id__in=team_ids, joined_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on)
    )
    return list(memberships.values_list("volunteer__user_id", flat=True))


def signup_conflicts(*, shift: Shift, user) -> list[Conflict]:
    """A volunteer's overlapping shifts, and performances of their teams, at the shift's time."""
    overlapping = (
        SignUp.objects.filter(volunteer=user)
        .exclude(status=SignUp.Status.CANCELLED)
        .exclude(shift=shift)
        .filter(shift__starts_at__lt=shift.ends_at, shift__ends_at__gt=shift.starts_at)
        .exclude(shift__event__status=Event.Status.CANCELLED)
        .select_related("shift__event")
    )
    found = [
        Conflict(
            "volunteer_overlap",
            _("%(person)s is already on shift at “%(event)s” at %(when)s.")
            % {"person": user.name, "event": s.shift.event.title, "when": _when(s.shift)},
            s.shift.event_id,
        )
        for s in overlapping
    ]
    day = timezone.localtime(shift.starts_at).date()
    team_ids = (
        Membership.objects.filter(volunteer__user=user, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .values_list("team_id", flat=True)
    )
    performing = _overlapping(shift.starts_at, shift.ends_at).filter(teams__in=list(team_ids))
    found += [
        Conflict(
            "member_on_shift",
            _("%(person)s performs in “%(event)s” at %(when)s.")
            % {"person": user.name, "event": event.title, "when": _when(event)},
            event.pk,
        )
        for event in performing.distinct()
    ]
    return found


# --- feeds -----------------------------------------------------------------------------


def feed_events(*, team=None, venue=None) -> QuerySet:
    events = Event.objects.exclude(status=Event.Status.DRAFT).select_related("venue")
    if team is not None:
        events = events.filter(teams=team)
    if venue is not None:
        events = events.filter(venue=venue)
    return events


def volunteer_feed(user) -> tuple[QuerySet, QuerySet]:
    """The volunteer's performances (through their current teams) and their shifts."""
    today = timezone.localdate()
    team_ids = list(
        Membership.objects.filter(volunteer__user=user)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .values_list("team_id", flat=True)
    )
    events = feed_events().filter(teams__in=team_ids).distinct()
    shifts = (
        Shift.objects.filter(signups__volunteer=user, signups__status=SignUp.Status.CONFIRMED)
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event__venue")
    )
    return events, shifts


def feed_owner(secret: str):
    from events.models import FeedToken

    token = FeedToken.objects.select_related("user").filter(secret=secret).first()
    if token is None or token.revoked_at is not None:
        return None
    return token.user


def current_feed_token(user):
    from events.models import FeedToken

    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


# --- who is on an occurrence (read by the notices app, above events) -------------------------


def occurrence_people(event: Event) -> list[int]:
    """The users on ``event``: its shifts' live sign-ups (confirmed or waiting) and the
    members of its performing teams on the day."""
    on_shifts = SignUp.objects.filter(shift__event=event).exclude(status=SignUp.Status.CANCELLED)
    team_ids = list(event.teams.values_list("pk", flat=True))
    members = _member_users(team_ids, timezone.localtime(event.starts_at).date())
    return sorted(set(on_shifts.values_list("volunteer_id", flat=True)) | set(members))


@dataclass(frozen=True)
class Appointment:
    """One person due somewhere: a confirmed shift, or a rehearsal of their team."""

    user_id: int
    event: Event
    starts_at: datetime
    ends_at: datetime
    role: str = ""  # the shift's post, shown; empty for a rehearsal


def appointments_starting(start: datetime, end: datetime) -> list[Appointment]:
    """Everyone due at a published event between ``start`` and ``end`` (their own start
    in that window), once per person and event: the earliest of their shifts there."""
    live = Q(event__status=Event.Status.PUBLISHED, event__skipped=False)
    shifts = (
        Shift.objects.filter(live, starts_at__gte=start, starts_at__lt=end)
        .select_related("event__venue")
        .prefetch_related(
            Prefetch("signups", queryset=SignUp.objects.filter(status=SignUp.Status.CONFIRMED))
        )
    )
    found: dict[tuple[int, int], Appointment] = {}
    for shift in shifts:
        for signup in shift.signups.all():
            _keep(found, Appointment(signup.volunteer_id, shift.event, shift.starts_at,
                                     shift.ends_at, shift.get_role_display()))  # fmt: skip
    rehearsals = Event.objects.filter(
        status=Event.Status.PUBLISHED, skipped=False, kind="rehearsal",
        starts_at__gte=start, starts_at__lt=end,
    ).select_related("venue").prefetch_related("teams")  # fmt: skip
    for event in rehearsals:
        day = timezone.localtime(event.starts_at).date()
        for user_id in _member_users([team.pk for team in event.teams.all()], day):
            _keep(found, Appointment(user_id, event, event.starts_at, event.ends_at))
    return sorted(found.values(), key=lambda a: (a.starts_at, a.event.pk, a.user_id))


def _keep(found: dict, appointment: Appointment) -> None:
    key = (appointment.user_id, appointment.event.pk)
    if key not in found or appointment.starts_at < found[key].starts_at:
        found[key] = appointment
