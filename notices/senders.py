"""Who may send notices at all; which audiences each may reach is ``notices.audiences``'."""

from core.roles import Role
from core.selectors import user_has_role

SENDER_ROLES = (
    Role.TEAM_LEADER,
    Role.EVENT_ORGANIZER,
    Role.STATION_MANAGER,
    Role.TOWNSHIP_OFFICE,
    Role.COUNTY_OFFICE,
    Role.ADMIN,
)


def may_send(user) -> bool:
    return user.is_authenticated and user_has_role(user, *SENDER_ROLES)
