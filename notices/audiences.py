"""Audiences: who a notice goes to, defined by the sender and resolved at send time.

An ``Audience`` is a plain definition (its ``kind`` and one key) that is stored on the
notice as JSON and shown in the audit log. ``audience_check`` refuses a sender whose role
does not reach it; ``audience_user_ids`` resolves it to user ids, read once, when sending.
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.masking import mask_name
from core.models import Region, User
from core.roles import Role
from core.selectors import townships, user_has_role, user_region_codes, user_sees_county
from events.models import Event, SignUp
from events.selectors import may_manage as may_manage_event
from ledger.policies import star_range
from ledger.selectors import users_with_minutes_between
from notices.errors import NoticeError
from stations.models import Session, Station
from stations.selectors import may_manage as may_manage_station
from volunteers.choices import Status
from volunteers.models import Membership, Team, Volunteer
from volunteers.selectors import team_list, volunteer_list


class Kind(StrEnum):
    TEAM = "team"  # a team's current members
    EVENT_PERFORMERS = "event_performers"  # current members of an event's performing teams
    EVENT_ROSTER = "event_roster"  # an event's shift sign-ups (roster: confirmed/waitlisted/both)
    STATION = "station"  # volunteers checked in at a station in the last ``days`` days
    TOWNSHIP = "township"  # a township's active volunteers
    COUNTY = "county"  # the county's active volunteers
    STAR = "star"  # active volunteers holding star level ``level`` (0-5)
    PERSON = "person"  # one user
    PEOPLE = "people"  # a fixed list of users (reminders only; never from the compose form)


class Roster(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    BOTH = "both"


@dataclass(frozen=True)
class Audience:
    kind: Kind
    id: int | None = None  # team, event, station, township (Region) or user id
    roster: Roster = Roster.BOTH  # event_roster only
    days: int | None = None  # station only; default settings.HONGYI_NOTICE_STATION_DAYS
    level: int | None = None  # star only
    user_ids: tuple[int, ...] = ()  # people only

    def as_json(self) -> dict:
        """The definition as stored on the notice and in the audit log (ids, no names)."""
        data = {"kind": str(self.kind), "id": self.id, "days": self.days, "level": self.level}
        if self.kind == Kind.EVENT_ROSTER:
            data["roster"] = str(self.roster)
        if self.user_ids:
            data["user_ids"] = list(self.user_ids)
        return {key: value for key, value in data.items() if value is not None}


def audience_from_json(data: dict) -> Audience:
    """An audience from the compose form or the API; a Chinese refusal if it is malformed."""
    try:
        kind = Kind(data.get("kind"))
        audience = Audience(
            kind=kind,
            id=_int_or_none(data.get("id")),
            roster=Roster(data.get("roster") or Roster.BOTH),
            days=_int_or_none(data.get("days")),
            level=_int_or_none(data.get("level")),
            user_ids=tuple(int(pk) for pk in data.get("user_ids") or ()),
        )
    except (TypeError, ValueError):
        raise NoticeError(_("The audience is not valid."), "audience_invalid") from None
    if kind in NEEDS_ID and audience.id is None:
        raise NoticeError(_("Choose who the notice goes to."), "audience_invalid")
    if kind == Kind.STAR and audience.level not in range(6):
        raise NoticeError(_("A star level is 0 to 5."), "audience_invalid")
    if audience.days is not None and not 1 <= audience.days <= 366:
        raise NoticeError(_("The number of days is 1 to 366."), "audience_invalid")
    return audience


def _int_or_none(value):
    return None if value in (None, "") else int(value)


NEEDS_ID = frozenset(
    {Kind.TEAM, Kind.EVENT_PERFORMERS, Kind.EVENT_ROSTER, Kind.STATION, Kind.TOWNSHIP, Kind.PERSON}
)


# --- Who may send to whom -----------------------------------------------------------------


def audience_check(*, sender, audience: Audience) -> None:
    """Refuse a sender whose roles do not reach ``audience`` (a ``not_allowed`` NoticeError).

    Reading the audience's object goes through the same scoped lookups as the source apps'
    pages, so an object the sender may not see is refused exactly like one that is missing.
    """
    if audience.kind == Kind.PEOPLE or not _reaches(sender, audience):
        raise NoticeError(MESSAGES_NOT_ALLOWED[audience.kind], "not_allowed")


def _reaches(sender, audience: Audience) -> bool:
    if not sender.is_authenticated:
        return False
    if user_sees_county(sender):
        return _exists(audience)
    check = SCOPE_CHECKS.get(audience.kind)
    return check is not None and check(sender, audience.id)


def _team_reachable(sender, team_id) -> bool:
    return team_list(user=sender).filter(pk=team_id).exists()


def _event_reachable(sender, event_id) -> bool:
    event = Event.objects.select_related("venue__region").filter(pk=event_id).first()
    return event is not None and may_manage_event(sender, event)


def _station_reachable(sender, station_id) -> bool:
    station = Station.objects.filter(pk=station_id).first()
    return station is not None and may_manage_station(sender, station)


def _township_reachable(sender, region_id) -> bool:
    township = townships().filter(pk=region_id).first()
    codes = user_region_codes(sender)
    return township is not None and any(township.code.startswith(code) for code in codes)


def _exists(audience: Audience) -> bool:
    model = {
        Kind.TEAM: Team,
        Kind.EVENT_PERFORMERS: Event,
        Kind.EVENT_ROSTER: Event,
        Kind.STATION: Station,
        Kind.TOWNSHIP: Region,
        Kind.PERSON: User,
    }.get(audience.kind)
    return model is None or model.objects.filter(pk=audience.id).exists()


def _person_reachable(sender, user_id) -> bool:
    """A township office its township's volunteers, a team leader their teams' members."""
    volunteers = volunteer_list(user=sender).filter(user_id=user_id)
    if user_has_role(sender, Role.TOWNSHIP_OFFICE) and volunteers.exists():
        return True
    current = Membership.objects.filter(
        left_on__isnull=True, volunteer__user_id=user_id, team__leaders=sender
    )
    return current.exists()


SCOPE_CHECKS = {
    Kind.TEAM: _team_reachable,
    Kind.EVENT_PERFORMERS: _event_reachable,
    Kind.EVENT_ROSTER: _event_reachable,
    Kind.STATION: _station_reachable,
    Kind.TOWNSHIP: _township_reachable,
    Kind.PERSON: _person_reachable,
}

MESSAGES_NOT_ALLOWED = {
    Kind.TEAM: _("You may only send notices to teams you lead."),
    Kind.EVENT_PERFORMERS: _("You may only send notices about events you organize."),
    Kind.EVENT_ROSTER: _("You may only send notices about events you organize."),
    Kind.STATION: _("You may only send notices to the volunteers of stations you manage."),
    Kind.TOWNSHIP: _("You may only send notices to your own township."),
    Kind.COUNTY: _("Only the county office may send notices to the whole county."),
    Kind.STAR: _("Only the county office may send notices by star level."),
    Kind.PERSON: _("You may only send notices to volunteers in your team or township."),
    Kind.PEOPLE: _("A list of people is for automatic reminders only."),
}


# --- Resolving ------------------------------------------------------------------------------


def audience_users(audience: Audience, *, now=None):
    """The audience's users as one query (a subquery of the source apps' rows), at send time."""
    now = now or timezone.now()
    ids = RESOLVERS[audience.kind](audience, now)
    return User.objects.filter(pk__in=ids, is_active=True)


def audience_user_ids(audience: Audience, *, now=None) -> list[int]:
    return list(audience_users(audience, now=now).order_by("pk").values_list("pk", flat=True))


def _active_volunteers():
    return Volunteer.objects.filter(status=Status.ACTIVE)


def _team(audience, now):
    members = Membership.objects.filter(team_id=audience.id, left_on__isnull=True)
    return members.filter(volunteer__status=Status.ACTIVE).values("volunteer__user_id")


def _event_performers(audience, now):
    teams = Event.objects.filter(pk=audience.id).values("teams")
    members = Membership.objects.filter(team_id__in=teams, left_on__isnull=True)
    return members.filter(volunteer__status=Status.ACTIVE).values("volunteer__user_id")


def _event_roster(audience, now):
    statuses = {
        Roster.CONFIRMED: [SignUp.Status.CONFIRMED],
        Roster.WAITLISTED: [SignUp.Status.WAITLISTED],
        Roster.BOTH: [SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED],
    }[audience.roster]
    signups = SignUp.objects.filter(shift__event_id=audience.id, status__in=statuses)
    return signups.values("volunteer_id")


def _station(audience, now):
    days = audience.days or settings.HONGYI_NOTICE_STATION_DAYS
    sessions = Session.objects.filter(
        station_id=audience.id, started_at__gte=now - timedelta(days=days)
    ).exclude(status=Session.Status.VOID)
    return sessions.values("volunteer_id")


def _township(audience, now):
    township = Region.objects.get(pk=audience.id)
    volunteers = _active_volunteers().filter(township__code__startswith=township.code)
    return volunteers.values("user_id")


def _county(audience, now):
    return _active_volunteers().values("user_id")


def _star(audience, now):
    lower, upper = star_range(audience.level)
    volunteers = _active_volunteers()
    if lower > 0:
        volunteers = volunteers.filter(user_id__in=users_with_minutes_between(lower, upper))
    elif upper is not None:  # level 0: everyone below the first threshold, balance or not
        volunteers = volunteers.exclude(user_id__in=users_with_minutes_between(upper, None))
    return volunteers.values("user_id")


def _person(audience, now):
    return [audience.id]


def _people(audience, now):
    return list(audience.user_ids)


RESOLVERS = {
    Kind.TEAM: _team,
    Kind.EVENT_PERFORMERS: _event_performers,
    Kind.EVENT_ROSTER: _event_roster,
    Kind.STATION: _station,
    Kind.TOWNSHIP: _township,
    Kind.COUNTY: _county,
    Kind.STAR: _star,
    Kind.PERSON: _person,
    Kind.PEOPLE: _people,
}


def audience_label(audience: Audience) -> str:
    """How the audience reads in the sender's list and the audit log (no personal data)."""
    kind = audience.kind
    if kind == Kind.COUNTY:
        return str(_("All active volunteers of the county"))
    if kind == Kind.STAR:
        return str(_("Volunteers with %(level)s stars") % {"level": audience.level})
    if kind == Kind.PEOPLE:
        return str(_("%(count)s people") % {"count": len(audience.user_ids)})
    name = _object_name(audience)
    labels = {
        Kind.TEAM: _("Team: %(name)s"),
        Kind.EVENT_PERFORMERS: _("Performers of %(name)s"),
        Kind.EVENT_ROSTER: ROSTER_LABELS[audience.roster],
        Kind.STATION: _("Checked in at %(name)s in the last %(days)s days"),
        Kind.TOWNSHIP: _("Active volunteers of %(name)s"),
        Kind.PERSON: _("One person: %(name)s"),
    }
    days = audience.days or settings.HONGYI_NOTICE_STATION_DAYS
    return str(labels[kind] % {"name": name, "days": days})


ROSTER_LABELS = {
    Roster.CONFIRMED: _("Signed up for shifts of %(name)s"),
    Roster.WAITLISTED: _("On the waiting lists of %(name)s"),
    Roster.BOTH: _("Signed up or waitlisted for shifts of %(name)s"),
}


def _object_name(audience: Audience) -> str:
    kind = audience.kind
    if kind == Kind.TEAM:
        return Team.objects.values_list("name", flat=True).get(pk=audience.id)
    if kind in (Kind.EVENT_PERFORMERS, Kind.EVENT_ROSTER):
        return Event.objects.values_list("title", flat=True).get(pk=audience.id)
    if kind == Kind.STATION:
        return Station.objects.values_list("name", flat=True).get(pk=audience.id)
    if kind == Kind.TOWNSHIP:
        return Region.objects.values_list("name", flat=True).get(pk=audience.id)
    return mask_name(User.objects.values_list("name", flat=True).get(pk=audience.id))
