"""People: volunteers, teams and their rosters, number sequences and roster imports.

Models stay thin. Writes go through ``volunteers.services``, reads through
``volunteers.selectors``. A volunteer's name and mobile live on their ``core.User``
(the mobile is the login); everything else of Art.5's basic fields lives here.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteers.choices import (
    ConsentSource,
    Gender,
    GuardianRelationship,
    PoliticalStatus,
    Status,
)


class Team(models.Model):
    """A chorus team, arts squad, service team or guide group."""

    class Kind(models.TextChoices):
        CHORUS = "chorus", _("Chorus team")
        ARTS = "arts", _("Arts squad")
        SERVICE = "service", _("Service team")
        GUIDES = "guides", _("Guide group")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="teams"
    )
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("leaders"), blank=True, related_name="led_teams"
    )
    minors_allowed = models.BooleanField(
        _("suitable for minors"),
        default=False,
        help_text=_("Only teams marked suitable may take volunteers under 18 (Art.15)."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class Volunteer(models.Model):
    """A registered volunteer: identity, where they live, what and when they can serve."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="volunteer",
    )
    number = models.CharField(
        _("volunteer number"), max_length=24, unique=True, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)

    id_number_encrypted = models.TextField(_("ID number (encrypted)"), blank=True)
    id_number_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    id_number_masked = models.CharField(_("ID number"), max_length=18, blank=True)
    birth_date = models.DateField(_("date of birth"), db_index=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)

    township = models.ForeignKey(
        "core.Region",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="township_volunteers",
    )
    village = models.ForeignKey(
        "core.Region",
        verbose_name=_("village"),
        null=True,  # cleared when an account is closed, so the row no longer points at a person
        on_delete=models.PROTECT,
        related_name="village_volunteers",
    )
    residence = models.CharField(_("area of residence"), max_length=200, blank=True)
    service_categories = models.JSONField(_("service categories"), default=list, blank=True)
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    availability = models.JSONField(_("available times"), default=list, blank=True)
    political_status = models.CharField(
        _("political status"), max_length=20, choices=PoliticalStatus.choices, blank=True
    )
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=50, blank=True)
    emergency_contact_mobile = models.CharField(
        _("emergency contact's mobile"), max_length=11, blank=True
    )

    guardian_name = models.CharField(_("guardian's name"), max_length=50, blank=True)
    guardian_mobile = models.CharField(_("guardian's mobile"), max_length=11, blank=True)
    guardian_relationship = models.CharField(
        _("relationship"), max_length=12, choices=GuardianRelationship.choices, blank=True
    )
    guardian_consent_at = models.DateTimeField(_("guardian consented at"), null=True, blank=True)

    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_policy_version = models.CharField(_("privacy policy version"), max_length=20)
    consent_source = models.CharField(
        _("consent given"), max_length=10, choices=ConsentSource.choices
    )

    card_secret = models.CharField(max_length=32, unique=True, null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.ACTIVE) | Q(number__isnull=False),
                name="volunteer_active_has_number",
            ),
        ]

    def __str__(self):
        return self.number or str(_("(no number yet)"))


class Membership(models.Model):
    """A volunteer's time in a team. Leaving sets ``left_on``; rejoining adds a new row."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="memberships"
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["-joined_on", "-id"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "volunteer"],
                condition=Q(left_on__isnull=True),
                name="membership_one_current_per_team",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]

    def __str__(self):
        return f"{self.team} · {self.volunteer}"


class NumberSequence(models.Model):
    """The last number handed out under a prefix such as ``130131-2026``.

    Incremented with one UPDATE inside the caller's transaction, so two activations at
    once queue on the row (PostgreSQL) or on the write lock (SQLite) and never share a number.
    """

    prefix = models.CharField(max_length=30, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}: {self.last}"


class RosterImport(models.Model):
    """One uploaded roster: its preview, then the progress of its commit.

    The file itself is kept encrypted (it holds full ID numbers) until it is committed
    or discarded; problems are stored with ID numbers masked.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        DISCARDED = "discarded", _("Discarded")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    filename = models.CharField(_("file"), max_length=200)
    payload = models.TextField(blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    imported_rows = models.PositiveIntegerField(_("rows imported"), default=0)
    columns = models.JSONField(_("columns"), default=list, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

    def __str__(self):
        return self.filename

    @property
    def error_rows(self) -> int:
        return len(self.problems)
