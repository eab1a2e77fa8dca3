import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from volunteers.models import Team


class TeamTable(tables.Table):
    leaders = tables.ManyToManyColumn(verbose_name=_("leaders"), transform=str)

    class Meta:
        model = Team
        fields = ("name", "kind", "region", "leaders")
        empty_text = _("No teams to show.")
        attrs = {"class": "table"}
