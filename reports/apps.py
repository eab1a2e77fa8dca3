from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Certificates, statistics and exports. Reads the ledger through its selectors."""

    name = "reports"
    verbose_name = _("Reports")
