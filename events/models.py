"""Venues, series, events, programmes, shifts, sign-ups and calendar-feed tokens.

Models stay thin: writes go through ``events.services``, reads through
``events.selectors``. Times are stored in UTC and shown in Asia/Shanghai. Hours never
live here: attendance becomes ledger claims.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PERFORMANCE = "performance", _("Performance")
    REHEARSAL = "rehearsal", _("Rehearsal")
    CHORUS = "chorus", _("Chorus")
    LECTURE = "lecture", _("Lecture")
    TOUR = "tour", _("Guided tour")
    SERVICE = "service", _("Service activity")


class Venue(models.Model):
    """Where events happen. A red station can be a venue."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.OneToOneField(
        "stations.Station",
        verbose_name=_("red station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="venue",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name


class Series(models.Model):
    """A recurring event: an RRULE from a first start, with a duration.

    Each occurrence is an ``Event`` row (it has its own shifts and attendance); skipped
    occurrences stay as rows marked ``skipped`` so feeds can export them as EXDATE.
    """

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    rrule = models.CharField(_("recurrence rule"), max_length=300)
    starts_at = models.DateTimeField(_("first start"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    skip_holidays = models.BooleanField(_("skip statutory holidays"), default=False)
    makeup_workdays = models.BooleanField(_("meet on make-up workdays (调休)"), default=False)
    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organizer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.title


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("start"), db_index=True)
    ends_at = models.DateTimeField(_("end"))
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="events"
    )
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organizer"),
        on_delete=models.PROTECT,
        related_name="organized_events",
    )
    teams = models.ManyToManyField(
        "volunteers.Team", verbose_name=_("performing teams"), blank=True, related_name="events"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    expected_audience = models.PositiveIntegerField(_("expected audience"), null=True, blank=True)
    actual_audience = models.PositiveIntegerField(_("actual audience"), null=True, blank=True)
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="occurrences",
    )
    original_start = models.DateTimeField(_("original start"), null=True, blank=True)
    skipped = models.BooleanField(_("skipped occurrence"), default=False)
    checkin_secret = models.CharField(_("check-in secret"), max_length=32, unique=True)
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    hours_posted_at = models.DateTimeField(_("hours submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["series", "original_start"], name="event_one_occurrence_per_start"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class ProgrammeItem(models.Model):
    """One item of an event's programme (节目单), e.g. 《团结就是力量》."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    performers = models.CharField(_("performers"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=0)

    class Meta:
        ordering = ["event", "position"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")

    def __str__(self):
        return self.title


class Shift(models.Model):
    """A volunteer post (岗位) at an event."""

    class Role(models.TextChoices):
        GUIDING = "guiding", _("Guiding")
        TOUR = "tour", _("Guided tours")
        LOGISTICS = "logistics", _("Logistics")
        SECURITY = "security", _("Security")
        PHOTOGRAPHY = "photography", _("Photography")
        MEDICAL = "medical", _("First aid")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="shifts")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    needed = models.PositiveSmallIntegerField(_("number needed"))
    minors_allowed = models.BooleanField(_("minors allowed"), default=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(needed__gt=0), name="shift_needs_someone"),
        ]

    def __str__(self):
        return f"{self.event} · {self.get_role_display()}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class SignUp(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Not marked")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="shift_signups",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("signed up at"))
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=~Q(status="cancelled"),
                name="signup_one_live_per_shift",
            )
        ]

    def __str__(self):
        return f"{self.shift} · {self.volunteer}"


class FeedToken(models.Model):
    """The secret in a volunteer's private calendar URL. Revoking it kills the URL."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    secret = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"
