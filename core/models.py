"""Foundation models: users and their roles, the region tree, and the audit log.

Models stay thin: writes go through ``core.services``, reads through ``core.selectors``.
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from core.validators import validate_mobile


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, mobile, password=None, **fields):
        user = self.model(mobile=mobile, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, mobile, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(mobile, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in. Volunteers log in with their mobile number, as they expect to."""

    mobile = models.CharField(
        _("mobile number"),
        max_length=11,
        unique=True,
        validators=[validate_mobile],
        error_messages={"unique": _("This mobile number is already registered.")},
    )
    name = models.CharField(_("name"), max_length=50)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "mobile"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name or self.mobile

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name


class Region(models.Model):
    """A node of the administrative tree: the county, its townships and their villages.

    Codes follow the statistical division codes, so a township's code (9 digits) is a
    prefix of each of its villages' codes (12 digits). Scoping by a code prefix therefore
    reaches a region and everything below it in one indexed query.
    """

    class Level(models.TextChoices):
        COUNTY = "county", _("County")
        TOWNSHIP = "township", _("Township")
        VILLAGE = "village", _("Village")

    # 新时代文明实践 has one level of practice site per level of the tree.
    PRACTICE_SITE = {
        Level.COUNTY: _("civilization practice centre"),
        Level.TOWNSHIP: _("civilization practice institute"),
        Level.VILLAGE: _("civilization practice station"),
    }

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    @property
    def practice_site(self):
        return self.PRACTICE_SITE[self.level]


class RoleGrant(models.Model):
    """A role held by a user. Office roles carry the region they answer for."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(region__isnull=True),
                name="rolegrant_unique_without_region",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="rolegrant_unique_with_region",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk update and delete, so append-only rows stay as written."""

    def update(self, **kwargs):
        raise AppendOnlyError(self.model)

    def delete(self):
        raise AppendOnlyError(self.model)

    update.queryset_only = True
    delete.queryset_only = True


class AppendOnlyError(Exception):
    def __init__(self, model):
        super().__init__(f"{model._meta.label} rows are append-only: they cannot change.")


class AppendOnlyModel(models.Model):
    """Rows that, once written, are never updated or deleted.

    The database refuses too (triggers made by ``core.db.append_only_sql``), so raw SQL
    and the ORM are held to the same rule.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(type(self))

    save.alters_data = True
    delete.alters_data = True


class AuditEntry(AppendOnlyModel):
    """Who did what to which record, when. Written only through ``core.services.audit_log``."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class WorkdayOverride(models.Model):
    """A day whose working status staff set by hand, for a year the calendar package
    does not know yet (each year's 调休 is announced around November)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("is a working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")

    def __str__(self):
        return f"{self.date} {self.note}"


class LoginSession(AbstractBaseSession):
    """Django's database session, plus the user it logs in.

    The user column lets a request read its session and its user in one joined query
    (``core.sessions``) instead of two; every logged-in request, the check-in scan
    first, saves a round trip. It also ends a user's sessions when the user is deleted.
    The session data still says who is logged in; the column only has to agree.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), null=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "core_login_session"

    @classmethod
    def get_session_store_class(cls):
        from core.sessions import SessionStore

        return SessionStore
