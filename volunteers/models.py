from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """A chorus team, arts squad, service team or guide group."""

    class Kind(models.TextChoices):
        CHORUS = "chorus", _("Chorus team")
        ARTS = "arts", _("Arts squad")
        SERVICE = "service", _("Service team")
        GUIDES = "guides", _("Guide group")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="teams"
    )
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("leaders"), blank=True, related_name="led_teams"
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name
