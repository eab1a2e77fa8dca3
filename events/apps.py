from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Venues, events and series, programmes, shifts, attendance and calendar feeds."""

    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # "我的" lists upcoming shifts through a hook the volunteers app offers, so
        # volunteers never imports events (events sits above it).
        from events.selectors import upcoming_shift_lines
        from volunteers.views.me import register_upcoming_shifts

        register_upcoming_shifts(upcoming_shift_lines)
