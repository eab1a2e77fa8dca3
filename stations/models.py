from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Station(models.Model):
    """A red station (红色驿站), attached to a memorial or exhibition hall in a township."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="stations",
    )
    site = models.CharField(_("attached site"), max_length=100, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managers"),
        blank=True,
        related_name="managed_stations",
    )

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("red station")
        verbose_name_plural = _("red stations")

    def __str__(self):
        return self.name
