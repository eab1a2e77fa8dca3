from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    """People: registration, identity, consent, teams and volunteer cards."""

    name = "volunteers"
    verbose_name = _("Volunteers")
