"""Exchange: the national system's files, transfers between counties, and points (积分).

Exchange is an output: it reads the hours ledger (through ``ledger.selectors``) and the
volunteers, and writes only these tables. Points have a ledger of their own, append-only
and hash-chained like the hours ledger; external records (hours served elsewhere) are kept
apart from the county's ledger and never counted in its totals.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyModel

USER = settings.AUTH_USER_MODEL


# --- Points ----------------------------------------------------------------------------


class PointsKind(models.TextChoices):
    EARN = "earn", _("Earned by service")
    BONUS = "bonus", _("Bonus from the county")
    SPEND = "spend", _("Redeemed")
    REFUND = "refund", _("Redemption cancelled")
    REVERSAL = "reversal", _("Reversed")


# Kinds whose points count as issued; the others as redeemed (docs/points.md).
ISSUED_KINDS = frozenset({PointsKind.EARN, PointsKind.BONUS, PointsKind.REVERSAL})


class PointsEntry(AppendOnlyModel):
    """One line of the points ledger. Never updated or deleted: a counter-entry reverses it.

    ``hash`` covers the entry's content and ``prev_hash`` (see ``exchange.points_chain``);
    ``prev_hash`` is unique, so the chain cannot fork.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    source_key = models.CharField(_("source"), max_length=100, unique=True)
    volunteer = models.ForeignKey(
        USER, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="points_entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PointsKind.choices)
    points = models.IntegerField(_("points"))
    rate = models.PositiveIntegerField(_("points per hour"), default=0)
    hours_entry = models.ForeignKey(
        "ledger.Entry",
        verbose_name=_("service record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    redemption = models.ForeignKey(
        "Redemption",
        verbose_name=_("redemption"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    township = models.ForeignKey(
        "core.Region", verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("date"))
    note = models.CharField(_("for"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    actor = models.ForeignKey(
        USER,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        indexes = [models.Index(fields=["volunteer", "seq"], name="points_volunteer_seq_idx")]

    def __str__(self):
        return f"#{self.seq} {self.points:+d}"


class PointsHead(models.Model):
    """The single row every points posting locks: writers queue, the chain never forks.

    ``hours_seq`` is the last hours-ledger entry that accrual has read.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    hours_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("points ledger head")

    def __str__(self):
        return f"#{self.seq} {self.hash[:12]} (hours #{self.hours_seq})"


class PointsBalance(models.Model):
    """A volunteer's points, kept in step with the entries (and rebuildable from them)."""

    volunteer = models.OneToOneField(
        USER, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="points_balance"
    )
    points = models.IntegerField(_("points"), default=0)
    issued = models.IntegerField(_("points issued"), default=0)
    redeemed = models.IntegerField(_("points redeemed"), default=0)

    class Meta:
        verbose_name = _("points balance")
        verbose_name_plural = _("points balances")

    def __str__(self):
        return f"{self.volunteer_id}: {self.points}"


class PointsMonth(models.Model):
    """Points issued and redeemed in one township and month, for the dashboard."""

    township = models.ForeignKey(
        "core.Region", verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    issued = models.IntegerField(_("points issued"), default=0)
    redeemed = models.IntegerField(_("points redeemed"), default=0)

    class Meta:
        verbose_name = _("points by month")
        verbose_name_plural = _("points by month")
        constraints = [
            models.UniqueConstraint(fields=["township", "month"], name="points_month_unique")
        ]

    def __str__(self):
        return f"{self.township_id} {self.month:%Y-%m}"


# --- Rewards ----------------------------------------------------------------------------


class Reward(models.Model):
    """An item of a township's rewards catalogue (the county's own: township = the county)."""

    township = models.ForeignKey(
        "core.Region", verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("item"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    points = models.PositiveIntegerField(_("points"))
    stock = models.PositiveIntegerField(_("in stock"))
    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("collected at (station)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("where to collect"), max_length=200)
    active = models.BooleanField(_("offered"), default=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["township__code", "points", "name"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="reward_stock_not_negative"),
            models.CheckConstraint(condition=Q(points__gte=1), name="reward_points_positive"),
        ]

    def __str__(self):
        return self.name


class Redemption(models.Model):
    """Points spent on a reward; the pick-up code is what the station manager scans."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("Waiting to be collected")
        COLLECTED = "collected", _("Collected")
        CANCELLED = "cancelled", _("Cancelled")

    reward = models.ForeignKey(
        Reward, verbose_name=_("reward"), on_delete=models.PROTECT, related_name="redemptions"
    )
    volunteer = models.ForeignKey(
        USER, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="redemptions"
    )
    points = models.PositiveIntegerField(_("points"))
    code = models.CharField(_("pick-up code"), max_length=16, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RESERVED
    )
    created_at = models.DateTimeField(_("redeemed at"), default=timezone.now)
    expires_at = models.DateTimeField(_("collect by"))
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    collected_by = models.ForeignKey(
        USER,
        verbose_name=_("handed over by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        indexes = [models.Index(fields=["status", "expires_at"], name="redemption_open_idx")]

    def __str__(self):
        return f"{self.reward} · {self.code}"


# --- External records (hours served elsewhere) --------------------------------------------


class ExternalImport(models.Model):
    """One uploaded national file or transfer package, and the progress of its import.

    The file holds full ID numbers: it is kept encrypted until the import finishes.
    """

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National system file")
        TRANSFER = "transfer", _("Transfer package")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    origin = models.CharField(_("where the records come from"), max_length=200)
    filename = models.CharField(_("file"), max_length=200)
    payload = models.TextField(blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    imported_rows = models.PositiveIntegerField(_("records imported"), default=0)
    skipped_rows = models.PositiveIntegerField(_("already imported"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat = models.DateTimeField(_("last progress"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("external records import")
        verbose_name_plural = _("external records imports")

    def __str__(self):
        return self.filename

    @property
    def percent(self) -> int:
        return 100 * self.processed_rows // self.total_rows if self.total_rows else 0


class ExternalRecord(AppendOnlyModel):
    """Hours a volunteer served before, recorded by another system: shown, never counted.

    Read-only once imported. ``record_ref`` is the record's number in its system (or a
    fingerprint of its row), so importing the same file twice adds nothing.
    """

    volunteer = models.ForeignKey(
        USER, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="external_records"
    )
    source = models.CharField(_("kind"), max_length=10, choices=ExternalImport.Kind.choices)
    origin = models.CharField(_("recorded by"), max_length=200)
    record_ref = models.CharField(_("record number"), max_length=100)
    is_correction = models.BooleanField(_("correction"), default=False)
    service_date = models.DateField(_("service date"))
    activity = models.CharField(_("activity"), max_length=200)
    program = models.CharField(_("project"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    content = models.CharField(_("service content"), max_length=500, blank=True)
    unit = models.CharField(_("recording unit"), max_length=200, blank=True)
    person_in_charge = models.CharField(_("person in charge"), max_length=50, blank=True)
    minutes = models.IntegerField(_("minutes"))
    imported = models.ForeignKey(
        ExternalImport, verbose_name=_("import"), on_delete=models.PROTECT, related_name="records"
    )
    created_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        ordering = ["service_date", "pk"]
        verbose_name = _("external record")
        verbose_name_plural = _("external records")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "origin", "record_ref"], name="external_record_once"
            )
        ]

    def __str__(self):
        return f"{self.origin} {self.service_date} {self.minutes} min"


# --- National exports ---------------------------------------------------------------------


class NationalExport(models.Model):
    """One incremental export for the national system's batch imports: who, when, why, what.

    The file holds full ID numbers: it is stored encrypted and decrypted per download.
    ``in_progress`` is True while queued or running and NULL after, so the database
    itself allows one export at a time (NULLs are never equal).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Exporting")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        USER, verbose_name=_("exported by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("exported at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    in_progress = models.BooleanField(null=True, default=True, unique=True)
    from_seq = models.PositiveBigIntegerField(_("after record"), default=0)
    to_seq = models.PositiveBigIntegerField(_("up to record"), default=0)
    volunteer_rows = models.PositiveIntegerField(_("volunteers"), default=0)
    team_rows = models.PositiveIntegerField(_("teams"), default=0)
    hour_rows = models.PositiveIntegerField(_("service records"), default=0)
    skipped_entries = models.PositiveIntegerField(_("records without an ID number"), default=0)
    total = models.PositiveIntegerField(_("rows to write"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to="exchange/exports/", blank=True)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat = models.DateTimeField(_("last progress"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("national export")
        verbose_name_plural = _("national exports")

    def __str__(self):
        return f"#{self.pk} {self.created_at:%Y-%m-%d}"

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0

    @property
    def is_empty(self) -> bool:
        return not (self.volunteer_rows or self.team_rows or self.hour_rows)


class ExportState(models.Model):
    """What was last exported of one volunteer or team: a later export carries a row again
    only when its digest changed."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        TEAM = "team", _("Team")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    export = models.ForeignKey(NationalExport, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="export_state_unique")]

    def __str__(self):
        return f"{self.kind}:{self.key}"


# --- Transfers ---------------------------------------------------------------------------


class TransferPackage(models.Model):
    """A signed record package the county issued for a volunteer who moves away."""

    serial = models.CharField(_("package number"), max_length=40, unique=True)
    volunteer = models.ForeignKey(
        USER, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        USER, verbose_name=_("issued by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    records = models.PositiveIntegerField(_("records"))
    minutes = models.IntegerField(_("minutes"))
    record_sha256 = models.CharField(_("SHA-256 of record.json"), max_length=64)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("transfer package")
        verbose_name_plural = _("transfer packages")

    def __str__(self):
        return self.serial


class TrustedCounty(models.Model):
    """Another county's published public key: its transfer packages verify against it."""

    name = models.CharField(_("county"), max_length=100)
    county_code = models.CharField(_("county code"), max_length=12)
    public_key = models.TextField(_("public key (PEM)"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    added_by = models.ForeignKey(
        USER, verbose_name=_("added by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["county_code"]
        verbose_name = _("trusted county")
        verbose_name_plural = _("trusted counties")

    def __str__(self):
        return self.name
