import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class BreakdownTable(tables.Table):
    """One row per township, station or program, from the summary tables."""

    label = tables.Column(verbose_name=_("Name"))
    hours = tables.Column(verbose_name=_("Service hours"), attrs={"td": {"class": "num"}})
    records = tables.Column(verbose_name=_("Records"), attrs={"td": {"class": "num"}})

    class Meta:
        attrs = {"class": "table"}
        orderable = False
        empty_text = _("No records in this period.")


class EventsHeldTable(tables.Table):
    """The events held in a report's period, with their audience."""

    date = tables.DateColumn(verbose_name=_("Date"), format="Y-m-d")
    title = tables.Column(verbose_name=_("Event"))
    venue = tables.Column(verbose_name=_("Venue"))
    audience = tables.Column(verbose_name=_("Audience (visits)"), attrs={"td": {"class": "num"}},
                             default="—")  # fmt: skip

    class Meta:
        attrs = {"class": "table"}
        orderable = False
        empty_text = _("No events held in this period.")
