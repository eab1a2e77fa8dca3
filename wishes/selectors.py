"""Reads of the wish loop: who may do what with a wish, the coloured lists, the statistics.

Staff scope follows the roles: a station manager sees their stations' items, a township
office its township's, the county office and the admin everything. Scope is one filter
on the wish's own columns (station ids, the township's code), so no list needs DISTINCT.
"""

from collections import defaultdict
from datetime import date
from statistics import median

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.models import Region
from core.roles import Role
from core.selectors import user_has_role, user_region_codes, user_sees_county
from stations.models import Station
from volunteers.models import Membership, Volunteer
from wishes.deadlines import Palette
from wishes.models import FULFILLED_STATUSES, OPEN_STATUSES, Status, Wish, WishEvent

STAFF_ROLES = (Role.STATION_MANAGER, Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE, Role.ADMIN)
# What a list row shows. Not the filing time: turning 10,000 stored times into aware
# datetimes costs a third of the listing, and the list orders by it without showing it.
LIST_FIELDS = ("pk", "code", "title", "status", "due_on", "kind__name", "station__name",
               "township__name", "assignee__name", "team__name")  # fmt: skip
NOT_OPEN_RANK = 9


# --- who may do what ------------------------------------------------------------------------


def scope_q(user) -> Q | None:
    """The wishes ``user`` answers for as staff, as a filter; None for no staff role."""
    if not user.is_authenticated or not user_has_role(user, *STAFF_ROLES):
        return None
    if user_sees_county(user):
        return Q()
    condition = Q(township_id__in=_townships_under(user_region_codes(user)))
    if user_has_role(user, Role.STATION_MANAGER):
        managed = list(Station.objects.filter(managers=user).values_list("pk", flat=True))
        condition |= Q(station_id__in=managed)
    return condition


def _townships_under(codes: list[str]) -> list[int]:
    """The townships an office answers for, as ids: the list's index starts with them."""
    if not codes:
        return []
    prefixes = Q(pk__in=[])
    for code in codes:
        prefixes |= Q(code__startswith=code)
    townships = Region.objects.filter(prefixes, level=Region.Level.TOWNSHIP)
    return list(townships.values_list("pk", flat=True))


def staff_wishes(user) -> QuerySet:
    condition = scope_q(user)
    return Wish.objects.none() if condition is None else Wish.objects.filter(condition)


def is_staff_of(user, wish: Wish) -> bool:
    return staff_wishes(user).filter(pk=wish.pk).exists()


def in_team(user, team_id: int | None) -> bool:
    """A current member or a leader of the team."""
    if team_id is None or not user.is_authenticated:
        return False
    today = timezone.localdate()
    member = Membership.objects.filter(team_id=team_id, volunteer__user=user).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=today)
    )
    return member.exists() or user.led_teams.filter(pk=team_id).exists()


def is_assigned(user, wish: Wish) -> bool:
    return user.is_authenticated and (wish.assignee_id == user.pk or in_team(user, wish.team_id))


def may_handle(user, wish: Wish) -> bool:
    """Progress notes and 办结: the assignee (or the assigned team), and the staff."""
    return is_assigned(user, wish) or is_staff_of(user, wish)


def may_see_contact(user, wish: Wish) -> bool:
    """Only the assigned volunteer (or the assigned team's leader) and the station's
    managers may unmask the filer's phone and address, and each time it is audited."""
    if not user.is_authenticated:
        return False
    if wish.assignee_id == user.pk:
        return True
    if wish.team_id and user.led_teams.filter(pk=wish.team_id).exists():
        return True
    return wish.station.managers.filter(pk=user.pk).exists()


def may_view(user, wish: Wish) -> bool:
    """The filer's account, the handlers and the staff; and any active volunteer while
    the item waits on the board to be claimed."""
    if not user.is_authenticated:
        return False
    if wish.filer_id == user.pk or may_handle(user, wish):
        return True
    claimable = wish.status == Status.ACCEPTED and not (wish.assignee_id or wish.team_id)
    return claimable and active_volunteer(user) is not None


def active_volunteer(user) -> Volunteer | None:
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user=user).first()


def volunteer_by_number(number: str) -> Volunteer | None:
    return Volunteer.objects.select_related("user").filter(number=number.strip()).first()


# --- single items -----------------------------------------------------------------------


def wish_by_code(code: str) -> Wish | None:
    return (
        Wish.objects.select_related("kind", "station", "township", "assignee", "team")
        .filter(code=code)
        .first()
    )


def wish_detail(pk: int) -> Wish | None:
    return (
        Wish.objects.select_related(
            "kind", "station", "township", "assignee", "team", "filer", "duplicate_of"
        )
        .filter(pk=pk)
        .first()
    )


def timeline(wish: Wish) -> list[WishEvent]:
    return list(wish.events.select_related("actor").prefetch_related("photos"))


def hours_of(wish: Wish) -> list[dict]:
    """Who reported how many minutes, and where each claim stands in the ledger."""
    from ledger.models import Claim

    rows = list(wish.hours.select_related("volunteer"))
    keys = {row.source_key: row for row in rows}
    decided = dict(Claim.objects.filter(source_key__in=keys).values_list("source_key", "status"))
    labels = dict(Claim.Status.choices)
    return [{"name": row.volunteer.name, "minutes": row.minutes,
             "status": labels.get(decided.get(row.source_key), "—")} for row in rows]  # fmt: skip


def filing_photos(wish: Wish) -> list:
    return list(wish.photos.filter(event__isnull=True))


# --- lists ----------------------------------------------------------------------------------


def list_filters(user) -> dict:
    """The stations and townships the user's list can be narrowed to, and the kinds."""
    from wishes.models import WishKind

    condition = scope_q(user)
    stations = Station.objects.select_related("region").order_by("region__code", "name")
    if condition is not None and condition != Q():
        mine = Wish.objects.filter(condition)
        stations = stations.filter(
            Q(pk__in=mine.values("station_id"))
            | Q(managers=user)
            | Q(region_id__in=_townships_under(user_region_codes(user)))
        ).distinct()
    townships = Region.objects.filter(pk__in=stations.values("region_id")).order_by("code")
    return {"stations": list(stations), "townships": list(townships),
            "kinds": list(WishKind.objects.all())}  # fmt: skip


def coloured(queryset: QuerySet, palette: Palette) -> QuerySet:
    """Open items first, red before yellow before green, then by deadline; then the rest,
    newest first. Rows are dicts (``LIST_FIELDS`` plus ``rank``): a list of thousands
    builds no model instances."""
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(
        When(status__in=OPEN_STATUSES, then=palette.rank_expression()),
        default=Value(NOT_OPEN_RANK),
        output_field=IntegerField(),
    )
    return (
        queryset.annotate(rank=rank)
        .order_by("rank", "due_on", "-filed_at", "pk")
        .values(*LIST_FIELDS, "rank")
    )


def township_open(township, palette: Palette) -> QuerySet:
    """A township's open items, coloured, red first (the list the township office works)."""
    return coloured(Wish.objects.filter(township=township, status__in=OPEN_STATUSES), palette)


def station_open(station, palette: Palette) -> QuerySet:
    return coloured(Wish.objects.filter(station=station, status__in=OPEN_STATUSES), palette)


def board(palette: Palette, *, township=None) -> QuerySet:
    """Accepted items nobody has claimed yet: what volunteers may pick."""
    queryset = Wish.objects.filter(status=Status.ACCEPTED, assignee__isnull=True, team__isnull=True)
    if township is not None:
        queryset = queryset.filter(township=township)
    return coloured(queryset, palette)


def tasks_of(user, palette: Palette) -> QuerySet:
    """Items assigned to the user or to a team they are in, still to finish."""
    today = timezone.localdate()
    teams = Membership.objects.filter(volunteer__user=user).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=today)
    )
    queryset = Wish.objects.filter(status__in=(Status.ASSIGNED, Status.RESOLVED)).filter(
        Q(assignee=user)
        | Q(team_id__in=teams.values("team_id"))
        | Q(team_id__in=user.led_teams.values("pk"))
    )
    return coloured(queryset, palette)


def filed_by_user(user) -> QuerySet:
    return Wish.objects.filter(filer=user).select_related("kind", "station").order_by("-filed_at")


def recent_public(limit: int = 30) -> list[dict]:
    """The public wall: title, kind, station and status only, never the filer."""
    rows = (
        Wish.objects.exclude(status__in=(Status.SUBMITTED, Status.DECLINED, Status.MERGED))
        .order_by("-filed_at", "-pk")
        .values("title", "status", "filed_at", "kind__name", "station__name")
    )
    return list(rows[:limit])


# --- statistics ------------------------------------------------------------------------------

GROUPS = {
    "kind": "kind__name",
    "township": "township__name",
    "station": "station__name",
}
STAT_FIELDS = ("kind__name", "township__name", "station__name", "filed_at", "resolved_at",
               "due_on", "status", "resolved_late", "rating")  # fmt: skip


def statistics(*, user, start: date, stop: date, by: str, today: date | None = None) -> list:
    """Per kind, township, station or month: filed, fulfilled, declined, median days to
    fulfil, the share overdue and satisfaction, over items filed in [start, stop)."""
    rows = _stat_rows(user, start, stop)
    groups = defaultdict(list)
    for row in rows:
        groups[_group_of(row, by)].append(row)
    today = today or timezone.localdate()
    return [_figures(label, items, today) for label, items in sorted(groups.items())]


def headline(*, user, start: date, stop: date, today: date | None = None) -> dict:
    """The same figures over the whole scope and period, plus the open and overdue now."""
    today = today or timezone.localdate()
    figures = _figures("", _stat_rows(user, start, stop), today)
    open_now = staff_wishes(user).filter(status__in=OPEN_STATUSES)
    figures["open_now"] = open_now.count()
    figures["overdue_now"] = open_now.filter(due_on__lt=today).count()
    return figures


def _stat_rows(user, start: date, stop: date) -> list[dict]:
    since, until = _local_midnight(start), _local_midnight(stop)
    queryset = staff_wishes(user).filter(filed_at__gte=since, filed_at__lt=until)
    return list(queryset.values(*STAT_FIELDS))


def _local_midnight(day: date):
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time.min))


def _group_of(row: dict, by: str) -> str:
    if by == "month":
        return f"{timezone.localtime(row['filed_at']):%Y-%m}"
    return row[GROUPS[by]] or "—"


def _figures(label: str, items: list[dict], today: date) -> dict:
    fulfilled = [i for i in items if i["status"] in FULFILLED_STATUSES]
    refused = sum(1 for i in items if i["status"] in (Status.DECLINED, Status.MERGED))
    handled = len(items) - refused
    overdue = sum(1 for i in items if _overdue(i, today))
    days = [(i["resolved_at"] - i["filed_at"]).total_seconds() / 86400 for i in fulfilled]
    ratings = [i["rating"] for i in items if i["rating"]]
    return {
        "label": label,
        "filed": len(items),
        "fulfilled": len(fulfilled),
        "declined": refused,
        "median_days": round(median(days), 1) if days else None,
        "overdue_share": round(100 * overdue / handled, 1) if handled else None,
        "satisfaction": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "rated": len(ratings),
    }


def _overdue(item: dict, today: date) -> bool:
    if item["resolved_late"]:
        return True
    return item["status"] in OPEN_STATUSES and item["due_on"] < today


def map_points(*, user, start: date, stop: date) -> list[tuple[float, float]]:
    """(longitude, latitude) of the items filed in the period that carry a point."""
    since, until = _local_midnight(start), _local_midnight(stop)
    rows = (
        staff_wishes(user)
        .filter(filed_at__gte=since, filed_at__lt=until, latitude__isnull=False)
        .values_list("longitude", "latitude")
    )
    return [(float(lon), float(lat)) for lon, lat in rows]


def map_version() -> str:
    """Changes whenever a wish is filed or moves on: the map's cache key."""
    last = WishEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return f"{last}"
