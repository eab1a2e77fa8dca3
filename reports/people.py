"""Who a certificate is about: the one place reports learn a volunteer's identity.

Everything here is masked: a certificate carries the masked ID number and the public
volunteer number, never the full ID number.
"""

from dataclasses import dataclass

from volunteers.choices import Status
from volunteers.models import Membership, Volunteer

ID_TYPE = "居民身份证"


@dataclass(frozen=True)
class Identity:
    name: str
    id_type: str
    id_masked: str
    number: str


def identity_of(user) -> Identity:
    return _identity(user, Volunteer.objects.filter(user=user).first())


def identities_of(users) -> dict[int, Identity]:
    """``identity_of`` for many users in one query (batch printing), by user id."""
    profiles = {p.user_id: p for p in Volunteer.objects.filter(user__in=[u.pk for u in users])}
    return {user.pk: _identity(user, profiles.get(user.pk)) for user in users}


def _identity(user, profile) -> Identity:
    if profile is None:
        return Identity(name=user.name, id_type=ID_TYPE, id_masked="", number="")
    return Identity(
        name=user.name,
        id_type=ID_TYPE,
        id_masked=profile.id_number_masked,
        number=profile.number or "",
    )


def volunteers_matching(*, township=None, team=None):
    """Users of active volunteers, optionally living in a township or on a team now."""
    from core.models import User

    profiles = Volunteer.objects.filter(status=Status.ACTIVE)
    if township is not None:
        profiles = profiles.filter(township=township)
    if team is not None:
        current = Membership.objects.filter(team=team, left_on=None).values("volunteer")
        profiles = profiles.filter(pk__in=current)
    return User.objects.filter(pk__in=profiles.values("user"), is_active=True)
