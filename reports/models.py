"""Certificates (志愿服务证明) and the batches that print them.

A certificate stores a snapshot of what it stated and the hash of that snapshot, so a
later ledger correction never changes what an old certificate is verified as.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Issuer(models.Model):
    """The unit that issues certificates, with its seal (printed only if a volunteer asks)."""

    name = models.CharField(_("issuing unit"), max_length=100)
    person_in_charge = models.CharField(_("person in charge"), max_length=50)
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    seal = models.ImageField(_("seal image"), upload_to="seals/", blank=True)

    class Meta:
        verbose_name = _("issuing unit")
        verbose_name_plural = _("issuing units")

    def __str__(self):
        return self.name


class SerialCounter(models.Model):
    """The last certificate number used in a year; locked while a number is drawn."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Certificate(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service", _("Volunteer service certificate")
        STAR = "star", _("Star volunteer honour certificate")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    serial = models.CharField(_("certificate number"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    snapshot = models.JSONField(_("what it states"))
    snapshot_hash = models.CharField(_("hash of what it states"), max_length=64)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VALID
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["volunteer", "kind", "status"])]

    def __str__(self):
        return self.serial


class Batch(models.Model):
    """Certificates printed for many volunteers at once, by the background worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    criteria = models.JSONField(_("criteria"), default=dict)
    with_seal = models.BooleanField(_("with seal"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    # Fixed when the batch is made: a resumed batch must cut its parts the same way.
    chunk_size = models.PositiveIntegerField(_("certificates per part"), default=100)
    heartbeat = models.DateTimeField(_("last progress"), default=timezone.now)
    output = models.FileField(_("merged PDF"), upload_to="batches/", blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")

    def __str__(self):
        return f"#{self.pk} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0


class BatchItem(models.Model):
    """One volunteer of a batch. ``certificate`` is set in the same transaction as the
    certificate is issued, so a resumed batch never issues a second number."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.OneToOneField(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="batchitem_position"),
            models.UniqueConstraint(fields=["batch", "volunteer"], name="batchitem_volunteer"),
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.position}"
