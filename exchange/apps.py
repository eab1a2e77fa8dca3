from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """National files, transfers between counties, and points: an output with its own ledger."""

    name = "exchange"
    verbose_name = _("Exchange and points")

    def ready(self):
        # Exchange sits above volunteers and reports: it plugs into the hooks they offer,
        # so neither imports exchange (see docs/architecture.md).
        from exchange import hooks
        from reports.hooks import register_certificate_facts, register_dashboard_panel
        from volunteers.views.me import register_me_section

        register_me_section(hooks.me_points)
        register_me_section(hooks.me_external)
        register_certificate_facts(hooks.certificate_external)
        register_dashboard_panel(hooks.dashboard_points)
