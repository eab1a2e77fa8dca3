"""Wishes, visitors' requests and citizen reports: one closed loop.

A ``Wish`` is any item a resident, a visitor or a citizen files; its ``WishKind`` says
which of the three it is and carries the kind's rules. Every step of the loop is a
``WishEvent``, append-only, so the timeline the filer and the staff see is the record
itself. Hours live in the ledger: ``WishHours`` only remembers what each volunteer
reported, and each row becomes one ledger claim (``wish-hours:<id>``).

Models stay thin: writes go through ``wishes.services``, reads through ``wishes.selectors``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyModel


class WishKind(models.Model):
    """红色微心愿, 游客求助, 随手拍, …: kinds are data; a county changes them in the admin."""

    class Filers(models.TextChoices):
        ANYONE = "anyone", _("Anyone, without an account")
        ACCOUNTS = "accounts", _("Logged-in users only")
        STAFF = "staff", _("Station staff only, on a resident's behalf")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("kind name"), max_length=50)
    description = models.CharField(_("what the kind covers"), max_length=300, blank=True)
    who_may_file = models.CharField(
        _("who may file"), max_length=10, choices=Filers.choices, default=Filers.ANYONE
    )
    photo_required = models.BooleanField(_("a photo is required"), default=False)
    station_required = models.BooleanField(
        _("filed at a station"),
        default=False,
        help_text=_("The filer must name the red station (a visitor's request at a station)."),
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        _("deadline (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Working days from filing to done, statutory holidays and 调休 counted."),
    )
    minors_allowed = models.BooleanField(
        _("suitable for volunteers under 18"), default=False, help_text=_("Art.15.")
    )
    program = models.ForeignKey(
        "stations.ServiceProgram",
        verbose_name=_("service program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The program the hours count under in the ledger's statistics."),
    )
    active = models.BooleanField(_("open for filing"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("wish kind")
        verbose_name_plural = _("wish kinds")

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    ACCEPTED = "accepted", _("Awaiting a volunteer")
    ASSIGNED = "assigned", _("Being handled")
    RESOLVED = "resolved", _("Done, awaiting confirmation")
    CONFIRMED = "confirmed", _("Fulfilled")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged as a duplicate")


# Items someone still has to act on: they carry a deadline colour.
OPEN_STATUSES = (Status.SUBMITTED, Status.ACCEPTED, Status.ASSIGNED)
FULFILLED_STATUSES = (Status.RESOLVED, Status.CONFIRMED)


class Wish(models.Model):
    """One item of the loop. The filer's phone and address are kept encrypted and masked."""

    code = models.CharField(_("tracking code"), max_length=12, unique=True)
    kind = models.ForeignKey(WishKind, verbose_name=_("kind"), on_delete=models.PROTECT)
    title = models.CharField(_("what"), max_length=60)
    description = models.CharField(_("details"), max_length=1000, blank=True)
    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("red station"),
        on_delete=models.PROTECT,
        related_name="wishes",
    )
    township = models.ForeignKey(
        "core.Region", verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by (account)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filed_wishes",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed on the resident's behalf by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    filer_name = models.CharField(_("filer's name"), max_length=30, blank=True)
    phone_encrypted = models.TextField(_("phone (encrypted)"))
    phone_hash = models.CharField(max_length=64, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=11)
    address_encrypted = models.TextField(_("address (encrypted)"), blank=True)
    address_masked = models.CharField(_("address"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_wishes",
    )
    team = models.ForeignKey(
        "volunteers.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("done at"), null=True, blank=True)
    resolved_late = models.BooleanField(_("done after the deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        indexes = [
            # The township and station lists: open items by deadline.
            models.Index(fields=["township", "status", "due_on"], name="wish_township_open_idx"),
            models.Index(fields=["station", "status", "due_on"], name="wish_station_open_idx"),
            models.Index(fields=["assignee", "status"], name="wish_assignee_idx"),
            models.Index(fields=["filed_at"], name="wish_filed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="wish_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(status="assigned") | Q(assignee__isnull=False) | Q(team__isnull=False),
                name="wish_assigned_has_someone",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class WishEvent(AppendOnlyModel):
    """One step of the loop, with who and when. Never changed: the timeline is the record."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted for handling")
        DECLINED = "declined", _("Declined")
        MERGED = "merged", _("Merged as a duplicate")
        REROUTED = "rerouted", _("Passed to another station")
        CLAIMED = "claimed", _("Claimed by a volunteer")
        ASSIGNED = "assigned", _("Assigned")
        PROGRESS = "progress", _("Progress note")
        RESOLVED = "resolved", _("Reported done")
        REOPENED = "reopened", _("Not done yet: reopened")
        CONFIRMED = "confirmed", _("Confirmed by the filer")
        AUTO_CONFIRMED = "auto_confirmed", _("Confirmed automatically")
        RATED = "rated", _("Rated")

    class Role(models.TextChoices):
        FILER = "filer", _("Filer")
        VOLUNTEER = "volunteer", _("Volunteer")
        STAFF = "staff", _("Staff")
        SYSTEM = "system", _("System")

    wish = models.ForeignKey(
        Wish, verbose_name=_("wish"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("step"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_role = models.CharField(_("as"), max_length=10, choices=Role.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("wish step")
        verbose_name_plural = _("wish steps")
        indexes = [models.Index(fields=["wish", "at"], name="wishevent_wish_idx")]

    def __str__(self):
        return f"{self.wish_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class WishPhoto(models.Model):
    """A photo as the server re-encoded it: JPEG, no EXIF (no location), at most 2048 px.

    It is served only through ``wishes:photo`` by its random secret, which appears only on
    pages of people who may see the wish; MEDIA is never served directly.
    """

    class Stage(models.TextChoices):
        FILING = "filing", _("With the request")
        PROGRESS = "progress", _("While handling")

    wish = models.ForeignKey(
        Wish, verbose_name=_("wish"), on_delete=models.PROTECT, related_name="photos"
    )
    event = models.ForeignKey(
        WishEvent,
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    secret = models.CharField(_("secret"), max_length=24, unique=True)
    image = models.FileField(_("image"), upload_to="wishes/%Y/%m/")
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("wish photo")
        verbose_name_plural = _("wish photos")

    def __str__(self):
        return self.secret


class WishHours(models.Model):
    """Minutes a volunteer reported for a wish; each row is one ledger claim."""

    wish = models.ForeignKey(
        Wish, verbose_name=_("wish"), on_delete=models.PROTECT, related_name="hours"
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="wish_hours",
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        ordering = ["reported_at", "pk"]
        verbose_name = _("wish hours")
        verbose_name_plural = _("wish hours")

    def __str__(self):
        return f"{self.wish_id}: {self.volunteer_id} {self.minutes} min"

    @property
    def source_key(self) -> str:
        return f"wish-hours:{self.pk}"


class OverdueDigest(models.Model):
    """The overdue list the daily job sent a station's managers, once per station and day."""

    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("red station"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    items = models.JSONField(_("overdue items"), default=list)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-day", "station"]
        verbose_name = _("overdue list")
        verbose_name_plural = _("overdue lists")
        constraints = [
            models.UniqueConstraint(fields=["station", "day"], name="digest_one_per_station_day")
        ]

    def __str__(self):
        return f"{self.station} {self.day}"
