"""Red stations, the programs they offer, their QR secrets, kiosks and check-in sessions.

Models stay thin: writes go through ``stations.services``, reads through
``stations.selectors``. Hours never live here: a closed session becomes a ledger claim.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ServiceProgram(models.Model):
    """A kind of service a station offers (红色微心愿, 小小红色讲解员, …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    suitable_for_minors = models.BooleanField(_("suitable for minors"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("service program")
        verbose_name_plural = _("service programs")

    def __str__(self):
        return self.name


class Station(models.Model):
    """A red station (红色驿站), attached to a memorial or exhibition hall in a township."""

    class SiteType(models.TextChoices):
        MEMORIAL_HALL = "memorial", _("Memorial hall")
        EXHIBITION_HALL = "exhibition", _("Exhibition hall")

    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="stations",
    )
    village = models.ForeignKey(
        "core.Region",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    site = models.CharField(_("attached site"), max_length=100, blank=True)
    site_type = models.CharField(
        _("site type"), max_length=20, choices=SiteType.choices, default=SiteType.MEMORIAL_HALL
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    # {"0": ["09:00", "17:00"], …}: weekday (Monday = 0) → opening and closing time.
    opening_hours = models.JSONField(_("opening hours"), default=dict, blank=True)
    closed_on_holidays = models.BooleanField(_("closed on statutory holidays"), default=False)
    programs = models.ManyToManyField(
        ServiceProgram, verbose_name=_("service programs"), blank=True, related_name="stations"
    )
    default_program = models.ForeignKey(
        ServiceProgram,
        verbose_name=_("default program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managers"),
        blank=True,
        related_name="managed_stations",
    )

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("red station")
        verbose_name_plural = _("red stations")

    def __str__(self):
        return self.name


class PosterSecret(models.Model):
    """The random secret a printed poster's QR code carries. Rotating revokes the old one,
    so a torn-down poster says "replaced" rather than "unknown"."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="posters"
    )
    secret = models.CharField(_("secret"), max_length=32, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("poster secret")
        verbose_name_plural = _("poster secrets")

    def __str__(self):
        return f"{self.station} · {self.created_at:%Y-%m-%d}"


class Kiosk(models.Model):
    """A tablet at a station: shows a rotating QR code, and scans volunteers' cards.

    Paired once with a one-time code; afterwards it authenticates with a device token
    of which only the SHA-256 hash is stored (as pretix stores device tokens).
    """

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="kiosks"
    )
    name = models.CharField(_("name"), max_length=50)
    public_id = models.CharField(_("public id"), max_length=16, unique=True)
    hmac_secret = models.CharField(_("code secret"), max_length=64)
    pairing_code_hash = models.CharField(_("pairing code hash"), max_length=64, blank=True)
    pairing_expires_at = models.DateTimeField(_("pairing expires at"), null=True, blank=True)
    token_hash = models.CharField(
        _("device token hash"), max_length=64, null=True, blank=True, unique=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    paired_at = models.DateTimeField(_("paired at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["station", "name"]
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")

    def __str__(self):
        return f"{self.station} · {self.name}"


class Session(models.Model):
    """A volunteer's time at a station, from check-in to check-out."""

    class Status(models.TextChoices):
        OPEN = "open", _("On duty")
        CLOSED = "closed", _("Checked out")
        VOID = "void", _("Undone")

    class Via(models.TextChoices):
        POSTER = "poster", _("Poster")
        KIOSK = "kiosk", _("Kiosk code")
        STAFF = "staff", _("Staff scan")

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="station_sessions",
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="sessions",
        db_index=False,  # (station, started_at) below serves every lookup by station
    )
    program = models.ForeignKey(
        ServiceProgram, verbose_name=_("program"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    via = models.CharField(_("checked in by"), max_length=10, choices=Via.choices)
    started_at = models.DateTimeField(_("checked in at"))
    ended_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    distance_m = models.PositiveIntegerField(_("distance (m)"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        # Almost always empty and read only when a user is deleted: not worth an index
        # that every check-in would write.
        db_index=False,
    )
    void_reason = models.CharField(_("reason for undoing"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            # The database itself keeps a volunteer to one open session, whatever races.
            models.UniqueConstraint(
                fields=["volunteer"], condition=Q(status="open"), name="session_one_open"
            )
        ]
        indexes = [models.Index(fields=["station", "started_at"])]

    def __str__(self):
        return f"{self.volunteer} @ {self.station} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def source_key(self) -> str:
        return f"station-session:{self.pk}"


class OfflineScan(models.Model):
    """A scan a kiosk made, possibly offline, by its client UUID: replays are duplicates."""

    uuid = models.UUIDField(_("client id"), unique=True)
    kiosk = models.ForeignKey(
        Kiosk, verbose_name=_("kiosk"), on_delete=models.PROTECT, related_name="scans"
    )
    scanned_at = models.DateTimeField(_("scanned at"))
    result = models.CharField(_("result"), max_length=30)
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["scanned_at", "uuid"]
        verbose_name = _("kiosk scan")
        verbose_name_plural = _("kiosk scans")

    def __str__(self):
        return f"{self.uuid} {self.result}"
