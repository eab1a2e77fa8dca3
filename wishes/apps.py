from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishesConfig(AppConfig):
    """红色微心愿, 游客求助 and 随手拍: one closed loop, filing to rating, feeding the ledger."""

    name = "wishes"
    verbose_name = _("Wishes and requests")
