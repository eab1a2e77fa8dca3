from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    """Red stations (红色驿站), their programs, QR codes, check-in sessions and kiosks."""

    name = "stations"
    verbose_name = _("Red stations")
