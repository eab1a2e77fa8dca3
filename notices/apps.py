from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """Notices and reminders to volunteers: an output that writes only its own tables."""

    name = "notices"
    verbose_name = _("Notices")
