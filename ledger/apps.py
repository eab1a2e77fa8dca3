from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    """The append-only hours ledger. It imports no source app: sources call its services."""

    name = "ledger"
    verbose_name = _("Hours ledger")
