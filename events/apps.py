from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Venues, events and series, programmes, shifts, attendance and calendar feeds."""

    name = "events"
    verbose_name = _("Events")
