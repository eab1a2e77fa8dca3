"""Reads of the ledger. Reports and feeds read through these, never raw tables on a page."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Min, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from core.quantities import format_hours
from core.selectors import scope_filter, user_sees_county
from ledger import policies
from ledger.errors import LedgerError
from ledger.models import (
    Balance,
    Claim,
    Dispute,
    Entry,
    LedgerHead,
    MonthlySummary,
    RecordingUnit,
)


@dataclass(frozen=True)
class NextStar:
    level: int
    missing_minutes: int

    @property
    def title(self) -> str:
        return policies.star_title(self.level)

    @property
    def missing_hours(self) -> str:
        return format_hours(self.missing_minutes)


@dataclass(frozen=True)
class VolunteerBalance:
    """One volunteer's standing, as "我的", the records page and a certificate show it:
    the balance's minutes, and the first and last dates of the records that stand (whose
    minutes add up to it)."""

    service_minutes: int
    entry_count: int
    training_minutes: int
    first_service_date: date | None = None
    last_service_date: date | None = None

    @property
    def hours(self) -> str:
        return format_hours(self.service_minutes)

    @property
    def training_hours(self) -> str:
        return format_hours(self.training_minutes)

    @property
    def star_level(self) -> int:
        return policies.star_level(self.service_minutes)

    @property
    def star_title(self) -> str:
        return policies.star_title(self.star_level)

    @property
    def next_star(self) -> NextStar | None:
        """The next level and what it still needs; None at the top level."""
        found = policies.next_star(self.service_minutes)
        return NextStar(*found) if found else None


def volunteer_balance(volunteer) -> VolunteerBalance:
    """Totals for one volunteer: a primary-key lookup, whatever the size of the ledger."""
    row = Balance.objects.filter(volunteer=volunteer).values_list(
        "service_minutes", "entry_count"
    ).first() or (0, 0)
    training = volunteer.ledger_trainings.aggregate(total=Sum("minutes"))["total"] or 0
    first, last = service_periods_of([volunteer.pk])[volunteer.pk]
    return VolunteerBalance(service_minutes=row[0], entry_count=row[1], training_minutes=training,
                            first_service_date=first, last_service_date=last)  # fmt: skip


def service_periods_of(volunteer_ids) -> dict[int, tuple[date | None, date | None]]:
    """The first and last service dates of each volunteer's records that stand (one query):
    the period a certificate covers and "我的" names."""
    rows = (
        Entry.objects.filter(volunteer_id__in=volunteer_ids, reverses=None, reversed_by=None)
        .values("volunteer_id")
        .annotate(first=Min("service_date"), last=Max("service_date"))
        .values_list("volunteer_id", "first", "last")
    )
    found = {pk: (first, last) for pk, first, last in rows}
    return {pk: found.get(pk, (None, None)) for pk in volunteer_ids}


def latest_entries(volunteer, *, limit: int = 5) -> list:
    """The volunteer's newest records that stand, by service date (newest first)."""
    return list(effective_entries(volunteer).order_by("-service_date", "-seq")[:limit])


def _balances(among):
    """Every balance, or those of the people in ``among`` (a queryset of user ids, so the
    ledger needs no app above it to say who counts)."""
    balances = Balance.objects.all()
    return balances if among is None else balances.filter(volunteer__in=among)


def volunteers_served_since(since, *, among=None) -> int:
    """How many volunteers have an entry dated ``since`` or later: one index range on the
    balances (their latest service date), whatever the size of the ledger."""
    return _balances(among).filter(last_service_date__gte=since).count()


def volunteers_with_minutes(thresholds, *, among=None) -> dict[int, int]:
    """How many volunteers have at least each of ``thresholds`` minutes (index ranges)."""
    return {m: _balances(among).filter(service_minutes__gte=m).count() for m in thresholds}


def service_minutes_of(volunteer_ids) -> dict[int, int]:
    """Service minutes of many volunteers in one query (batch printing); 0 if none."""
    rows = Balance.objects.filter(volunteer_id__in=volunteer_ids)
    return dict.fromkeys(volunteer_ids, 0) | dict(rows.values_list("volunteer", "service_minutes"))


def volunteer_entries(volunteer) -> QuerySet:
    return Entry.objects.filter(volunteer=volunteer).select_related("unit", "township")


def entries_after(seq: int) -> QuerySet:
    """Entries posted after number ``seq``, in posting order. An output that keeps its own
    cursor on the ledger (the points ledger, the national export) reads on from there."""
    return Entry.objects.filter(seq__gt=seq).order_by("seq")


def effective_entries(volunteer, *, start=None, end=None) -> QuerySet:
    """The records that stand: neither reversed nor reversals (corrections included).

    Their minutes add up to the volunteer's balance; certificates list these.
    """
    entries = volunteer_entries(volunteer).filter(reverses=None, reversed_by=None)
    if start:
        entries = entries.filter(service_date__gte=start)
    if end:
        entries = entries.filter(service_date__lte=end)
    return entries.order_by("service_date", "seq")


def effective_entries_of(volunteer_ids) -> QuerySet:
    """``effective_entries`` of many volunteers in one query, volunteer by volunteer."""
    entries = Entry.objects.filter(volunteer_id__in=volunteer_ids, reverses=None, reversed_by=None)
    return entries.select_related("unit").order_by("volunteer_id", "service_date", "seq")


def volunteer_claims(volunteer) -> QuerySet:
    return Claim.objects.filter(volunteer=volunteer).select_related("unit")


def volunteer_disputes(volunteer) -> QuerySet:
    return Dispute.objects.filter(volunteer=volunteer).select_related("unit", "entry")


def units_decidable_by(user) -> QuerySet:
    """Units whose records ``user`` may decide: their own, or their office's region."""
    if not user.is_authenticated:
        return RecordingUnit.objects.none()
    if user_sees_county(user):
        return RecordingUnit.objects.all()
    condition = Q(managers=user)
    office = scope_filter(user, region="region")
    if office is not None:
        condition |= office
    return RecordingUnit.objects.filter(condition).distinct()


def may_decide(user, unit: RecordingUnit) -> bool:
    return units_decidable_by(user).filter(pk=unit.pk).exists()


def require_decider(user, unit: RecordingUnit) -> None:
    if user is None or not may_decide(user, unit):
        raise LedgerError(
            _("Only the recording unit's managers or the responsible office may do this."),
            "not_allowed",
        )


def pending_claims_for(user) -> QuerySet:
    units = units_decidable_by(user).values("pk")
    return (
        Claim.objects.filter(status=Claim.Status.PENDING, unit__in=units)
        .select_related("unit", "volunteer")
        .order_by("service_date", "pk")
    )


def open_disputes_for(user) -> QuerySet:
    units = units_decidable_by(user).values("pk")
    return Dispute.objects.filter(status=Dispute.Status.OPEN, unit__in=units).select_related(
        "unit", "volunteer", "entry"
    )


def entries_visible_to(user) -> QuerySet:
    """The county ledger browser: everything, the office's townships, or the user's units."""
    entries = Entry.objects.select_related("unit", "township", "volunteer")
    if user_sees_county(user):
        return entries
    condition = Q(unit__in=units_decidable_by(user).values("pk")) | Q(volunteer=user)
    office = scope_filter(user, region="township")
    if office is not None:
        condition |= office
    return entries.filter(condition)


def is_overdue(claim: Claim, today) -> bool:
    """Pending past the 10-working-day deadline for completing the record (Art.11)."""
    return claim.pk in overdue_ids([claim], today)


def overdue_ids(claims, today) -> set[int]:
    """The pending claims among ``claims`` that are past their deadline (one query)."""
    pending = [claim for claim in claims if claim.status == Claim.Status.PENDING]
    deadlines = policies.record_deadlines(claim.service_date for claim in pending)
    return {claim.pk for claim in pending if today > deadlines[claim.service_date]}


def ledger_head_seq() -> int:
    """The number of the last entry: cached figures are stale once it moves."""
    return LedgerHead.objects.values_list("seq", flat=True).get(pk=1)


def summary_rows(dimension: str, *, start=None, end=None) -> QuerySet:
    rows = MonthlySummary.objects.filter(dimension=dimension)
    if start:
        rows = rows.filter(month__gte=start)
    if end:
        rows = rows.filter(month__lte=end)
    return rows


def users_with_minutes_between(lower: int, upper: int | None) -> QuerySet:
    """User ids whose service minutes are in ``[lower, upper)`` (a star level's holders,
    with ``ledger.policies.star_range``): one index range on the balances."""
    rows = Balance.objects.filter(service_minutes__gte=lower)
    if upper is not None:
        rows = rows.filter(service_minutes__lt=upper)
    return rows.values_list("volunteer_id", flat=True)
