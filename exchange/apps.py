from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """National files, transfers between counties, and points: an output with its own ledger."""

    name = "exchange"
    verbose_name = _("Exchange and points")
