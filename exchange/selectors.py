"""Reads of the exchange app: points, the catalogue, redemptions, external records, files."""

import re
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from core.quantities import format_hours
from core.roles import Role
from core.selectors import scoped, user_has_role, user_region_codes, user_sees_county
from exchange import people
from exchange.models import (
    ExternalImport,
    ExternalRecord,
    NationalExport,
    PointsBalance,
    PointsEntry,
    PointsMonth,
    Redemption,
    Reward,
)

# --- Points -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointsSummary:
    points: int
    issued: int
    redeemed: int


def points_summary(user) -> PointsSummary:
    row = PointsBalance.objects.filter(volunteer=user).values_list(
        "points", "issued", "redeemed"
    ).first() or (0, 0, 0)
    return PointsSummary(*row)


def points_of(user) -> int:
    return points_summary(user).points


def points_history(user) -> QuerySet:
    return PointsEntry.objects.filter(volunteer=user).select_related("redemption__reward")


def points_entries_visible_to(user) -> QuerySet:
    """The points ledger as an office sees it: the county all, a township its own."""
    entries = PointsEntry.objects.select_related("volunteer", "township")
    return scoped(entries, user, region="township")


# --- Catalogue and redemptions ---------------------------------------------------------------


def rewards_for(user) -> QuerySet:
    """What a volunteer may redeem: their township's catalogue and the county's own."""
    home = people.home_townships([user.pk])[user.pk]
    townships = {home, people.county_region_id()}
    return Reward.objects.filter(active=True, township_id__in=townships).select_related(
        "township", "station"
    )


def rewards_managed_by(user) -> QuerySet:
    rewards = Reward.objects.select_related("township", "station")
    return scoped(rewards, user, region="township")


def may_manage_township(user, township) -> bool:
    """The county office manages every catalogue; a township office its own township's."""
    if user is None or not user.is_authenticated:
        return False
    if user_sees_county(user):
        return True
    return any(township.code.startswith(code) for code in user_region_codes(user))


def redemptions_of(user) -> QuerySet:
    return Redemption.objects.filter(volunteer=user).select_related("reward", "reward__station")


CODE_CHARACTERS = re.compile(r"[^a-z0-9]")


def normalize_code(code: str) -> str:
    """Codes are read aloud, typed with spaces or dashes, or scanned with a prefix."""
    return CODE_CHARACTERS.sub("", str(code or "").lower().removeprefix("p-"))[:16]


def redemption_by_code(code: str) -> Redemption | None:
    code = normalize_code(code)
    if not code:
        return None
    related = ("reward__station", "reward__township", "volunteer")
    return Redemption.objects.select_related(*related).filter(code=code).first()


def redemptions_collectable_by(user) -> QuerySet:
    """Redemptions waiting at the stations a manager runs, or in an office's townships."""
    waiting = Redemption.objects.filter(status=Redemption.Status.RESERVED).select_related(
        "reward", "reward__station", "volunteer"
    )
    return scoped(waiting, user, region="reward__township", station="reward__station")


def may_collect(user, redemption: Redemption) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if may_manage_township(user, redemption.reward.township):
        return True
    station = redemption.reward.station
    return (
        station is not None
        and user_has_role(user, Role.STATION_MANAGER)
        and station.managers.filter(pk=user.pk).exists()
    )


# --- Dashboard ---------------------------------------------------------------------------------


def points_by_township_month(township_ids=None) -> list[dict]:
    """Points issued and redeemed per township and month over the latest twelve months
    that have any. ``township_ids`` None means the whole county."""
    rows = PointsMonth.objects.select_related("township")
    if township_ids is not None:
        rows = rows.filter(township_id__in=township_ids)
    latest = rows.aggregate(latest=Max("month"))["latest"]
    if latest is None:
        return []
    rows = rows.filter(month__gt=latest.replace(year=latest.year - 1))
    return [
        {
            "month": f"{r.month:%Y-%m}",
            "township": r.township.name,
            "issued": r.issued,
            "redeemed": r.redeemed,
        }
        for r in rows.order_by("-month", "township__code")
    ]


def points_totals(township_ids=None) -> dict:
    rows = PointsMonth.objects.all()
    if township_ids is not None:
        rows = rows.filter(township_id__in=township_ids)
    totals = rows.aggregate(issued=Sum("issued"), redeemed=Sum("redeemed"))
    return {key: value or 0 for key, value in totals.items()}


# --- External records ---------------------------------------------------------------------------


def external_records_of(user) -> QuerySet:
    return ExternalRecord.objects.filter(volunteer=user).order_by("-service_date", "-pk")


def external_totals_of(user_ids) -> dict[int, list[dict]]:
    """Hours served elsewhere, by where they were recorded: ``{user id: [origin totals]}``."""
    rows = (
        ExternalRecord.objects.filter(volunteer_id__in=list(user_ids))
        .values("volunteer_id", "origin")
        .annotate(
            minutes=Sum("minutes"),
            count=Count("pk"),
            first=Min("service_date"),
            last=Max("service_date"),
        )
        .order_by("volunteer_id", "first")
    )
    totals = {}
    for row in rows:
        totals.setdefault(row["volunteer_id"], []).append(
            {
                "origin": row["origin"],
                "minutes": row["minutes"],
                "hours": format_hours(row["minutes"]),
                "count": row["count"],
                "first": row["first"].isoformat(),
                "last": row["last"].isoformat(),
            }
        )
    return totals


def external_totals(user) -> list[dict]:
    return external_totals_of([user.pk]).get(user.pk, [])


def external_minutes_by_volunteer() -> dict[int, int]:
    rows = ExternalRecord.objects.values("volunteer_id").annotate(minutes=Sum("minutes"))
    return {row["volunteer_id"]: row["minutes"] for row in rows}


# --- Exports and imports -----------------------------------------------------------------------


def exports() -> QuerySet:
    return NationalExport.objects.select_related("created_by")


def last_export() -> NationalExport | None:
    return exports().filter(status=NationalExport.Status.DONE).order_by("-to_seq", "-pk").first()


def imports_visible_to(user) -> QuerySet:
    """Imports of national files: the county office sees all, others their own uploads."""
    imports = ExternalImport.objects.select_related("created_by").defer("payload")
    if user_sees_county(user):
        return imports
    return imports.filter(created_by=user) if user.is_authenticated else imports.none()


def stalled(queryset, cutoff) -> QuerySet:
    """Work a dead worker left behind: queued or running, and silent since ``cutoff``."""
    return queryset.filter(Q(status="queued") | Q(status="running"), heartbeat__lt=cutoff)
