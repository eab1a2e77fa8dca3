"""Writes of the foundation layer: users, role grants and the audit log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.masking import mask_data
from core.models import AuditEntry, Region, RoleGrant, User
from core.roles import REGIONAL_ROLES, Role


def audit_log(*, actor: User | None, action: str, target=None, data: dict | None = None):
    """Record who did what to which record. The one way into the audit log.

    ``target`` is a model instance (or None); ``data`` is masked before it is stored,
    so a caller passing a password or an ID number by mistake does not leak it.
    """
    return AuditEntry.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=mask_data(data or {}),
    )


def audit_log_many(*, actor: User | None, action: str, targets, data: dict | None = None):
    """``audit_log`` of one action on many records, in one insert (batch printing)."""
    masked = mask_data(data or {})
    return AuditEntry.objects.bulk_create(
        AuditEntry(actor=actor if actor and actor.is_authenticated else None, action=action,
                   target_type=target._meta.label_lower, target_id=str(target.pk), data=masked)
        for target in targets
    )  # fmt: skip


@transaction.atomic
def user_create(*, mobile: str, name: str, password: str | None, actor: User | None = None):
    user = User(mobile=mobile, name=name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_log(actor=actor, action="user.create", target=user, data={"name": name})
    return user


@transaction.atomic
def role_grant(*, user: User, role: Role, region: Region | None = None, actor: User | None = None):
    """Give ``user`` a role. Office roles need the region they answer for."""
    role = Role(role)
    if role in REGIONAL_ROLES and region is None:
        raise ValidationError({"region": _("An office role needs the region it answers for.")})
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, region=region)
    if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
        User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    if created:
        audit_log(
            actor=actor,
            action="role.grant",
            target=user,
            data={"role": role.value, "region": region.code if region else None},
        )
    return grant


@transaction.atomic
def role_revoke(*, user: User, role: Role, region: Region | None = None, actor: User | None = None):
    role = Role(role)
    deleted, _details = RoleGrant.objects.filter(user=user, role=role, region=region).delete()
    if deleted:
        audit_log(
            actor=actor,
            action="role.revoke",
            target=user,
            data={"role": role.value, "region": region.code if region else None},
        )
