"""Statistics for dashboards, reports and the stats API.

Every figure comes from the ledger's summary tables (``MonthlySummary``, ``Balance``),
never from walking entries, so a page costs the same at 10,000 or 10,000,000 entries.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone

from core.quantities import format_hours
from core.roles import Role
from core.selectors import user_has_role, user_region_codes, user_sees_county
from ledger import policies
from ledger.models import Balance, MonthlySummary
from ledger.selectors import (
    ledger_head_seq,
    overdue_ids,
    pending_claims_for,
    volunteers_served_since,
    volunteers_with_minutes,
)
from reports.models import Certificate
from stations.models import Station

Dimension = MonthlySummary.Dimension


@dataclass(frozen=True)
class Scope:
    """What part of the county a user's statistics cover. ``None`` means no limit."""

    label: str
    township_keys: frozenset[str] | None
    station_keys: frozenset[str] | None

    @property
    def countywide(self) -> bool:
        return self.township_keys is None and self.station_keys is None

    @property
    def cache_key(self) -> str:
        """Stable text naming the scope's content, for cache keys."""
        parts = [",".join(sorted(keys)) if keys is not None else "*"
                 for keys in (self.township_keys, self.station_keys)]  # fmt: skip
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def scope_for(user) -> Scope | None:
    if user_sees_county(user):
        return Scope("全县", None, None)
    codes = user_region_codes(user)
    if codes:
        stations = Station.objects.filter(_prefix_q("region__code", codes))
        townships = {str(pk) for pk in _townships(codes)}
        return Scope("乡镇", frozenset(townships), frozenset(f"station:{s.pk}" for s in stations))
    if user_has_role(user, Role.STATION_MANAGER):
        keys = {f"station:{pk}" for pk in user.managed_stations.values_list("pk", flat=True)}
        return Scope("驿站", frozenset(), frozenset(keys))
    return None


def _prefix_q(field: str, codes) -> Q:
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(**{f"{field}__startswith": code})
    return condition


def _townships(codes):
    from core.models import Region

    regions = Region.objects.filter(_prefix_q("code", codes), level=Region.Level.TOWNSHIP)
    return regions.values_list("pk", flat=True)


def _cells(dimension, scope: Scope):
    cells = MonthlySummary.objects.filter(dimension=dimension)
    if scope.countywide:
        return cells
    if dimension == Dimension.TOWNSHIP:
        return cells.filter(key__in=scope.township_keys or [])
    if dimension == Dimension.STATION:
        return cells.filter(key__in=scope.station_keys or [])
    return cells.none()  # volunteer/program/team totals are county-level figures


def _total_cells(scope: Scope):
    """The cells whose sum is the scope's total: townships for the county and its townships,
    stations for a station manager."""
    if scope.countywide or scope.township_keys:
        return _cells(Dimension.TOWNSHIP, scope)
    return _cells(Dimension.STATION, scope)


def minutes_in(scope: Scope, *, since: date | None = None, until: date | None = None) -> int:
    cells = _in_period(_total_cells(scope), since, until)
    return cells.aggregate(total=Sum("minutes"))["total"] or 0


def breakdown(dimension, scope: Scope, *, limit: int = 30, start=None, end=None) -> list[dict]:
    rows = (
        _in_period(_cells(dimension, scope), start, end)
        .values("key")
        .annotate(minutes=Sum("minutes"), records=Sum("entry_count"))
        .order_by("-minutes")[:limit]
    )
    labels = _labels(dimension, [row["key"] for row in rows])
    return [
        {**row, "label": labels.get(row["key"], row["key"]), "hours": format_hours(row["minutes"])}
        for row in rows
    ]


def _in_period(cells, start, end):
    if start:
        cells = cells.filter(month__gte=start.replace(day=1))
    if end:
        cells = cells.filter(month__lte=end)
    return cells


def _labels(dimension, keys) -> dict[str, str]:
    cells = MonthlySummary.objects.filter(dimension=dimension, key__in=keys).exclude(label="")
    return dict(cells.order_by("month").values_list("key", "label"))


def by_month(scope: Scope, *, months: int = 12, today: date | None = None, start=None,
             end=None) -> list[dict]:  # fmt: skip
    today = today or timezone.localdate()
    start = start or (today.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    rows = (
        _in_period(_total_cells(scope), start, end)
        .values("month").annotate(minutes=Sum("minutes")).order_by("month")
    )  # fmt: skip
    return [{"month": row["month"].strftime("%Y-%m"), "minutes": row["minutes"],
             "hours": format_hours(row["minutes"])} for row in rows]  # fmt: skip


def _until_the_ledger_moves(name: str, compute):
    """``compute()``, cached until the next entry is posted (the ledger head moves).

    For county-wide counts over every volunteer's balance: each is an index range, but
    over 170,000 volunteers a few of them are most of a dashboard's time.
    """
    key = f"stats:{name}:{ledger_head_seq()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=24 * 3600)
    return value


ACTIVE_DAYS = 90


@dataclass(frozen=True)
class VolunteerFigures:
    """The county's figures about people, read together so they agree: ``by_star`` (star
    level → volunteers) sums to ``registered``, and ``active`` (served on ``active_since``
    or later, today included) is a part of ``registered``."""

    registered: int
    by_star: dict[int, int]
    active: int
    active_since: date


def volunteer_figures(*, today: date | None = None) -> VolunteerFigures:
    """Registered volunteers (approved: active or suspended), by star level, and those who
    served in the last ``ACTIVE_DAYS`` days. One definition of "registered" for all three:
    a pending registration's hours count in the totals of hours, not here.

    The counts over balances are index ranges, but over 170,000 volunteers they are most of
    a dashboard's time: they are kept until the ledger moves or the number registered does.
    """
    today = today or timezone.localdate()
    since = today - timedelta(days=ACTIVE_DAYS - 1)
    among = _registered().values("user_id")
    registered = among.count()
    thresholds = [hours * 60 for hours in policies_thresholds()]

    def counts() -> dict:
        at_least = volunteers_with_minutes(thresholds, among=among)
        reached = [registered, *(at_least[m] for m in thresholds), 0]
        by_star = {level: reached[level] - reached[level + 1] for level in range(len(reached) - 1)}
        return {"by_star": by_star, "active": volunteers_served_since(since, among=among)}

    key = f"volunteers:{registered}:{since}:{','.join(map(str, thresholds))}"
    return VolunteerFigures(registered=registered, active_since=since,
                            **_until_the_ledger_moves(key, counts))  # fmt: skip


def _registered():
    from volunteers.choices import Status
    from volunteers.models import Volunteer

    return Volunteer.objects.filter(status__in=[Status.ACTIVE, Status.SUSPENDED])


def policies_thresholds():
    from django.conf import settings

    return settings.HONGYI_STAR_THRESHOLDS_HOURS


def top_volunteers(limit: int = 10) -> list[dict]:
    rows = Balance.objects.select_related("volunteer").order_by("-service_minutes")[:limit]
    return [{"name": row.volunteer.name, "minutes": row.service_minutes,
             "hours": format_hours(row.service_minutes),
             "stars": policies.star_level(row.service_minutes)} for row in rows]  # fmt: skip


def event_figures(scope: Scope, *, since=None, until=None) -> dict:
    """Events held and their audience (人次), read through the events app's selector;
    ``since``/``until`` (``until`` excluded) bound the days the events began."""
    from events.selectors import audience_totals

    return audience_totals(**_event_scope(scope), since=since, until=until)


def events_held(scope: Scope, *, since, until, limit: int = 100) -> list[dict]:
    """The held events themselves, date, title, venue and audience, for a report."""
    from events.selectors import events_held as held

    return held(**_event_scope(scope), since=since, until=until, limit=limit)


def _event_scope(scope: Scope) -> dict:
    if scope.countywide:
        return {}
    stations = [int(key.split(":")[1]) for key in scope.station_keys or ()]
    return {"township_ids": [int(k) for k in scope.township_keys or ()], "station_ids": stations}


def summary(user, scope: Scope, *, today: date | None = None) -> dict:
    """The dashboard's headline figures. Each is read once and shown from here: the page's
    star-level table is ``volunteers.by_star`` of the same reading as its total."""
    today = today or timezone.localdate()
    total, this_month = minutes_in(scope), minutes_in(scope, since=today.replace(day=1))
    pending = list(pending_claims_for(user))
    stations = Station.objects.count() if scope.countywide else len(scope.station_keys or ())
    people = volunteer_figures(today=today) if scope.countywide else None
    return {
        "scope": scope.label,
        "volunteers": people,
        "volunteers_registered": people.registered if people else None,
        "volunteers_by_star": people.by_star if people else None,
        "volunteers_active_90d": people.active if people else None,
        "active_since": people.active_since if people else None,
        "minutes_total": total,
        "hours_total": format_hours(total),
        "month_start": today.replace(day=1),
        "minutes_this_month": this_month,
        "hours_this_month": format_hours(this_month),
        "stations": stations,
        **event_figures(scope),
        "pending_claims": len(pending),
        "overdue_claims": len(overdue_ids(pending, today)),
        "certificates_valid": Certificate.objects.filter(status=Certificate.Status.VALID).count(),
    }
