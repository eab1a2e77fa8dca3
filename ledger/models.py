"""The hours ledger.

Feeds (stations, events, manual awards) submit *claims*; the responsible recording unit
approves them, which posts *entries*. Entries are append-only and hash-chained; balances
and monthly summaries are derived from them in the same transaction, and can be rebuilt.
People are referenced through ``AUTH_USER_MODEL`` and places through ``core.Region``;
stations, events, programs and teams only as string keys and names, so this app imports
none of the feeds.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyModel


class Kind(models.TextChoices):
    STATION = "station", _("Station service")
    SHIFT = "shift", _("Shift service")
    PERFORMANCE = "performance", _("Performance")
    REHEARSAL = "rehearsal", _("Rehearsal")
    AWARD = "award", _("Manual award")
    CORRECTION = "correction", _("Correction")
    WISH = "wish", _("Wish fulfilled")


# Session-like kinds, to which the minimum duration applies.
SESSION_KINDS = frozenset({Kind.STATION, Kind.SHIFT, Kind.PERFORMANCE, Kind.REHEARSAL})


class RecordingUnit(models.Model):
    """Whoever organizes records; whoever records certifies (谁组织谁记录，谁记录谁证明).

    A station or an event organizer registers itself as a unit through
    ``ledger.services.unit_ensure``; its managers approve the unit's claims.
    """

    key = models.CharField(_("key"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("managers"), blank=True, related_name="+"
    )
    person_in_charge = models.CharField(_("person in charge"), max_length=50, blank=True)
    contact = models.CharField(_("contact"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("recording unit")
        verbose_name_plural = _("recording units")

    def __str__(self):
        return self.name


class ActivityFields(models.Model):
    """What 2020 rules Art.7 ask of each record, plus the keys summaries group by."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    service_date = models.DateField(_("service date"), db_index=True)
    activity = models.CharField(_("activity"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    content = models.CharField(_("service content"), max_length=500, blank=True)
    person_in_charge = models.CharField(_("person in charge"), max_length=50, blank=True)
    township = models.ForeignKey(
        "core.Region",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    program_key = models.CharField(_("program key"), max_length=50, blank=True)
    program_name = models.CharField(_("program"), max_length=100, blank=True)
    station_key = models.CharField(_("station key"), max_length=50, blank=True)
    station_name = models.CharField(_("station"), max_length=100, blank=True)
    team_key = models.CharField(_("team key"), max_length=50, blank=True)
    team_name = models.CharField(_("team"), max_length=100, blank=True)
    event_key = models.CharField(_("event key"), max_length=50, blank=True)

    class Meta:
        abstract = True


class Decision(models.Model):
    """Who answered a claim or a report, when, and why: the volunteer sees the reason."""

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        abstract = True


class Claim(ActivityFields, Decision):
    """Hours a feed says a volunteer served, waiting for the recording unit's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        APPROVED = "approved", _("Confirmed")
        REJECTED = "rejected", _("Turned down")
        NOT_CREDITED = "not_credited", _("Not credited")

    source_key = models.CharField(_("source"), max_length=100, unique=True)
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="ledger_claims",
    )
    unit = models.ForeignKey(
        RecordingUnit, verbose_name=_("recording unit"), on_delete=models.PROTECT
    )
    minutes = models.PositiveIntegerField(_("minutes claimed"))
    travel_minutes = models.PositiveIntegerField(_("travel minutes (not credited)"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    credited_minutes = models.PositiveIntegerField(_("minutes credited"), null=True, blank=True)

    class Meta:
        ordering = ["-service_date", "-id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        indexes = [models.Index(fields=["status", "unit"])]

    def __str__(self):
        return f"{self.source_key} ({self.minutes} min)"


class Entry(ActivityFields, AppendOnlyModel):
    """One posted line of the ledger. Never updated or deleted: corrections reverse it.

    ``hash`` covers the entry's content and ``prev_hash``, the hash of the entry before
    it (by ``seq``); ``prev_hash`` is unique, so the chain cannot fork.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    source_key = models.CharField(_("source"), max_length=100, unique=True)
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    unit = models.ForeignKey(
        RecordingUnit, verbose_name=_("recording unit"), on_delete=models.PROTECT
    )
    minutes = models.IntegerField(_("minutes"))
    claim = models.OneToOneField(
        Claim, verbose_name=_("claim"), null=True, blank=True, on_delete=models.PROTECT
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"))
    created_at = models.DateTimeField(_("created at"))
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["volunteer", "service_date"])]

    def __str__(self):
        return f"#{self.seq} {self.activity} {self.minutes} min"


class LedgerHead(models.Model):
    """The single row every posting locks: it serializes writers so the chain never forks."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("ledger head")

    def __str__(self):
        return f"#{self.seq} {self.hash[:12]}"


class Balance(models.Model):
    """A volunteer's totals, kept in step with the entries (and rebuildable from them)."""

    volunteer = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="ledger_balance",
    )
    service_minutes = models.IntegerField(_("service minutes"), default=0)
    # Signed: the upsert adds a reversal's -1 in the database, where a CHECK >= 0 on the
    # candidate row would refuse it even though the stored total never goes negative.
    entry_count = models.IntegerField(_("entries"), default=0)
    # The latest service date among the volunteer's entries: "active in the last 90 days"
    # is then one index range, not a distinct count over millions of summary cells.
    last_service_date = models.DateField(_("last service date"), null=True, blank=True)

    class Meta:
        verbose_name = _("balance")
        verbose_name_plural = _("balances")
        # Top volunteers and star levels read ranges of minutes; activity, ranges of dates.
        indexes = [
            models.Index(fields=["service_minutes"], name="balance_minutes_idx"),
            models.Index(fields=["last_service_date"], name="balance_last_service_idx"),
        ]

    def __str__(self):
        return f"{self.volunteer_id}: {self.service_minutes} min"


class MonthlySummary(models.Model):
    """Service minutes by one dimension (volunteer, station, …) and month, for reports."""

    class Dimension(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        STATION = "station", _("Station")
        TOWNSHIP = "township", _("Township")
        PROGRAM = "program", _("Program")
        TEAM = "team", _("Team")

    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    key = models.CharField(_("key"), max_length=50)
    label = models.CharField(_("label"), max_length=200, blank=True)
    month = models.DateField(_("month"))
    minutes = models.IntegerField(_("minutes"), default=0)
    entry_count = models.IntegerField(_("entries"), default=0)

    class Meta:
        verbose_name = _("monthly summary")
        verbose_name_plural = _("monthly summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "key", "month"], name="summary_unique_cell"
            )
        ]
        indexes = [models.Index(fields=["dimension", "month"])]

    def __str__(self):
        return f"{self.dimension}:{self.key} {self.month:%Y-%m}"


class TrainingRecord(models.Model):
    """Training a volunteer received (2020 rules Art.8). Kept apart from the entries:
    study hours are recorded, never counted as service time."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="ledger_trainings",
    )
    name = models.CharField(_("training"), max_length=200)
    content = models.CharField(_("content"), max_length=500, blank=True)
    minutes = models.PositiveIntegerField(_("study minutes"))
    organizer = models.CharField(_("organizer"), max_length=200)
    date = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self):
        return self.name


class Dispute(Decision):
    """A volunteer's report of an error or an omission in their record (2020 rules Art.13)."""

    class Kind(models.TextChoices):
        ERROR = "error", _("Error in a record")
        OMISSION = "omission", _("Missing record")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="ledger_disputes",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        RecordingUnit, verbose_name=_("recording unit"), on_delete=models.PROTECT
    )
    service_date = models.DateField(_("service date"))
    minutes = models.PositiveIntegerField(_("minutes the volunteer states"))
    description = models.CharField(_("description"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.volunteer}"
