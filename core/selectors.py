"""Reads of the foundation layer, above all *who may see what* (scoping).

Apps describe where a record's region, station, team and owner live with lookup paths;
scoping turns the user's roles into one filter. Core never imports the apps above it:
it only knows the paths they pass in.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from core.models import Region, RoleGrant
from core.roles import COUNTYWIDE_ROLES, Role


@dataclass(frozen=True)
class Grant:
    role: Role
    region_code: str | None


def user_grants(user) -> tuple[Grant, ...]:
    """The user's role grants, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, "_hongyi_grants", None)
    if cached is None:
        rows = RoleGrant.objects.filter(user=user).values_list("role", "region__code")
        cached = tuple(Grant(Role(role), code) for role, code in rows)
        if user.is_superuser and not any(g.role == Role.ADMIN for g in cached):
            cached += (Grant(Role.ADMIN, None),)
        user._hongyi_grants = cached
    return cached


def user_roles(user) -> frozenset[Role]:
    return frozenset(grant.role for grant in user_grants(user))


def user_has_role(user, *roles: Role) -> bool:
    return not user_roles(user).isdisjoint(roles)


def user_sees_county(user) -> bool:
    return user_has_role(user, *COUNTYWIDE_ROLES)


def user_region_codes(user, role: Role = Role.TOWNSHIP_OFFICE) -> list[str]:
    return [g.region_code for g in user_grants(user) if g.role == role and g.region_code]


def scope_filter(user, *, region=None, station=None, team=None, owner=None) -> Q | None:
    """The filter a user's roles allow, or None when they allow nothing.

    Each keyword is a lookup path from the queried model: ``region`` to a Region,
    ``station`` to a station (with ``managers``), ``team`` to a team (with ``leaders``),
    ``owner`` to a user. An empty path means the queried model itself; a path left
    out grants nothing through that role.
    """
    if not user.is_authenticated:
        return None
    if user_sees_county(user):
        return Q()
    parts = []
    if region is not None:
        field = _join(region, "code__startswith")
        parts += [Q(**{field: code}) for code in user_region_codes(user)]
    if station is not None and user_has_role(user, Role.STATION_MANAGER):
        parts.append(Q(**{_join(station, "managers"): user}))
    if team is not None and user_has_role(user, Role.TEAM_LEADER):
        parts.append(Q(**{_join(team, "leaders"): user}))
    if owner is not None:
        parts.append(Q(**{owner: user}) if owner else Q(pk=user.pk))
    if not parts:
        return None
    combined = Q()
    for part in parts:
        combined |= part
    return combined


def _join(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


def scoped(queryset: QuerySet, user, **paths) -> QuerySet:
    """``queryset`` cut down to what ``user`` may see (see ``scope_filter``)."""
    condition = scope_filter(user, **paths)
    if condition is None:
        return queryset.none()
    if condition == Q():
        return queryset
    # A many-to-many path (managers, leaders) joins one row per related user.
    return queryset.filter(condition).distinct()


def region_tree() -> list[dict]:
    """The county, its townships and their villages as nested dicts, in code order."""
    nodes = {
        region.pk: {
            "code": region.code,
            "name": region.name,
            "level": region.level,
            "children": [],
            "parent_id": region.parent_id,
        }
        for region in Region.objects.order_by("code")
    }
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.pop("parent_id"))
        (parent["children"] if parent else roots).append(node)
    return roots


def townships() -> QuerySet:
    return Region.objects.filter(level=Region.Level.TOWNSHIP)
