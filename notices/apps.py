from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """Notices and reminders to volunteers: an output that writes only its own tables."""

    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        # Events tells its listeners when an occurrence moves or is cancelled and when a
        # waitlisted volunteer moves up; events never imports notices (docs/architecture.md).
        from core.navigation import register_nav_badge
        from events.hooks import register_occurrence_changed, register_waitlist_promoted
        from notices import reminders
        from notices.selectors import unread_count
        from notices.views import me_section
        from volunteers.views.me import register_me_section

        register_occurrence_changed(reminders.occurrence_changed)
        register_waitlist_promoted(reminders.waitlist_promoted)
        # The unread count on the navigation's "Messages", and a card on "我的".
        register_nav_badge("notices:inbox", unread_count)
        register_me_section(me_section)
