from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Users, roles, the region tree, scoping and the audit log: what every app stands on."""

    name = "core"
    verbose_name = _("Foundation")

    def ready(self):
        from core import checks  # noqa: F401 - registers the system checks
