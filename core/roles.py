"""The roles a Hongyi user can hold. A user may hold several (a volunteer who leads a team)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    TEAM_LEADER = "team_leader", _("Team leader")
    STATION_MANAGER = "station_manager", _("Station manager")
    EVENT_ORGANIZER = "event_organizer", _("Event organizer")
    TOWNSHIP_OFFICE = "township_office", _("Township office")
    COUNTY_OFFICE = "county_office", _("County office")
    ADMIN = "admin", _("Administrator")


# Roles whose reach is a region of the tree rather than a station or a team.
REGIONAL_ROLES = frozenset({Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE})
# Roles that see every record in the county.
COUNTYWIDE_ROLES = frozenset({Role.COUNTY_OFFICE, Role.ADMIN})
