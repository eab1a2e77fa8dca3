"""Who a certificate is about: the one place reports learn a volunteer's identity.

Until the volunteers app provides real-name profiles, a volunteer is known by the name
on the account; the ID number and the volunteer number come from the profile once it
exists. Everything here is masked: no full ID number ever reaches a certificate.
"""

from dataclasses import dataclass

ID_TYPE = "居民身份证"


@dataclass(frozen=True)
class Identity:
    name: str
    id_type: str
    id_masked: str
    number: str


def identity_of(user) -> Identity:
    return Identity(name=user.name, id_type=ID_TYPE, id_masked="", number="")


def volunteers_matching(*, township=None, team=None):
    """Users who are volunteers, optionally of a township or a team (profiles decide)."""
    from core.models import User
    from core.roles import Role

    users = User.objects.filter(role_grants__role=Role.VOLUNTEER, is_active=True)
    if township is not None:
        users = users.none()
    if team is not None:
        users = users.none()
    return users.distinct()
