import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from stations.models import Station


class StationTable(tables.Table):
    name = tables.LinkColumn("stations:detail", args=[tables.A("pk")], verbose_name=_("name"))
    managers = tables.ManyToManyColumn(verbose_name=_("managers"), transform=str)

    class Meta:
        model = Station
        fields = ("name", "region", "site", "managers")
        empty_text = _("No stations to show.")
        attrs = {"class": "table"}
