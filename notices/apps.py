from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """Notices and reminders to volunteers: an output that writes only its own tables."""

    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        # Events tells its listeners when an occurrence moves or is cancelled and when a
        # waitlisted volunteer moves up; events never imports notices (docs/architecture.md).
        from events.hooks import register_occurrence_changed, register_waitlist_promoted
        from notices import reminders

        register_occurrence_changed(reminders.occurrence_changed)
        register_waitlist_promoted(reminders.waitlist_promoted)
