"""Reads of the stations app: who may see which station, who is on duty, and the
figures of a station's dashboard."""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from core.roles import Role
from core.selectors import scoped, user_has_role
from core.workdays import is_working_day
from ledger.models import Claim, MonthlySummary
from stations.models import Kiosk, Session, Station
from stations.tokens import token_hash


def station_list(*, user) -> QuerySet:
    """The stations ``user`` may see: managers their own, offices their region's."""
    queryset = Station.objects.select_related("region").prefetch_related("managers")
    return scoped(queryset, user, region="region", station="")


def may_manage(user, station: Station) -> bool:
    """Managers of this station and the offices above it run its check-in."""
    if not user.is_authenticated or not user_has_role(
        user, Role.STATION_MANAGER, Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE, Role.ADMIN
    ):
        return False
    visible = scoped(Station.objects.all(), user, region="region", station="")
    return visible.filter(pk=station.pk).exists()


def open_session_of(user) -> Session | None:
    return (
        Session.objects.select_related("station", "program")
        .filter(volunteer=user, status=Session.Status.OPEN)
        .first()
    )


def sessions_of(user) -> QuerySet:
    return Session.objects.filter(volunteer=user).select_related("station", "program")


def station_sessions_today(station: Station, *, now=None) -> QuerySet:
    local = timezone.localtime(now or timezone.now())
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Session.objects.filter(station=station, started_at__range=(start, start + timedelta(1)))
        .select_related("volunteer", "program")
        .order_by("-started_at")
    )


def station_on_duty(station: Station) -> QuerySet:
    return Session.objects.filter(station=station, status=Session.Status.OPEN).select_related(
        "volunteer", "program"
    )


def station_month_minutes(station: Station, *, now=None) -> int:
    """This month's approved minutes, from the ledger's monthly summary (one row)."""
    month = timezone.localtime(now or timezone.now()).date().replace(day=1)
    row = MonthlySummary.objects.filter(
        dimension=MonthlySummary.Dimension.STATION, key=f"station:{station.pk}", month=month
    ).first()
    return row.minutes if row else 0


def station_pending_claims(station: Station) -> QuerySet:
    return Claim.objects.filter(
        station_key=f"station:{station.pk}", status=Claim.Status.PENDING
    ).select_related("volunteer")


def kiosk_by_token(token: str) -> Kiosk | None:
    return (
        Kiosk.objects.select_related("station")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )


def claim_statuses(sessions) -> dict[int, str]:
    """Each closed session's claim status, in one query."""
    keys = {f"station-session:{s.pk}": s.pk for s in sessions if s.status == "closed"}
    rows = Claim.objects.filter(source_key__in=keys).values_list("source_key", "status")
    return {keys[key]: status for key, status in rows}


def station_hours_on(station: Station, day) -> tuple[str, str] | None:
    """Opening and closing time on ``day``, or None when closed (a weekday without
    hours, or a statutory holiday at a station that closes on them)."""
    if station.closed_on_holidays and _statutory_holiday(day):
        return None
    hours = station.opening_hours.get(str(day.weekday()))
    return (hours[0], hours[1]) if hours else None


def _statutory_holiday(day) -> bool:
    """A weekday that is not a working day (国庆, 春节, …; weekends are not holidays)."""
    return day.weekday() < 5 and not is_working_day(day)
