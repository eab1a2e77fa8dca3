import django_tables2 as tables
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.quantities import format_hours
from ledger.models import Claim, Entry

FLAG_LABELS = {
    "over_daily_cap": _("over the daily cap"),
    "geofence": _("outside the station"),
    "auto_closed": _("closed automatically"),
    "implausible_rate": _("implausible scan rate"),
}


class HoursColumn(tables.Column):
    def render(self, value):
        return format_hours(value)

    def value(self, value):
        return format_hours(value)


class EntryTable(tables.Table):
    seq = tables.Column(verbose_name=_("No."))
    service_date = tables.DateColumn(format="Y-m-d")
    volunteer = tables.Column(accessor="volunteer__name", verbose_name=_("volunteer"))
    minutes = HoursColumn(verbose_name=_("hours"))
    unit = tables.Column(verbose_name=_("recording unit"))

    class Meta:
        model = Entry
        fields = ("seq", "service_date", "volunteer", "kind", "activity", "place", "unit",
                  "person_in_charge", "minutes", "reason")  # fmt: skip
        order_by = ("-seq",)
        empty_text = _("No records yet.")
        attrs = {"class": "table"}


class MyEntryTable(EntryTable):
    class Meta(EntryTable.Meta):
        exclude = ("volunteer",)
        # Hours right after the date: on a phone, the columns that fit show what matters.
        sequence = ("service_date", "minutes", "activity", "...")


class ClaimQueueTable(tables.Table):
    # The ticks post as ``claims``, the name BulkApproveForm reads.
    pick = tables.CheckBoxColumn(
        accessor="pk",
        attrs={"th__input": {"aria-label": _("all")}, "td__input": {"name": "claims"}},
    )
    volunteer = tables.Column(accessor="volunteer__name", verbose_name=_("volunteer"))
    service_date = tables.DateColumn(format="Y-m-d")
    minutes = HoursColumn(verbose_name=_("hours claimed"))
    flags = tables.Column(verbose_name=_("flags"), empty_values=())
    decide = tables.LinkColumn(
        "ledger:claim",
        args=[tables.A("pk")],
        text=_("Decide"),
        orderable=False,
        verbose_name="",
    )

    class Meta:
        model = Claim
        fields = ("pick", "volunteer", "service_date", "activity", "unit", "minutes", "flags")
        order_by = ("service_date",)
        empty_text = _("Nothing waits for you.")
        attrs = {"class": "table"}

    def __init__(self, *args, overdue_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.overdue_ids = overdue_ids

    def render_flags(self, record):
        labels = [FLAG_LABELS.get(flag, flag) for flag in record.flags]
        if record.pk in self.overdue_ids:
            labels.insert(0, _("overdue"))
        return format_html_join("", '<span class="badge warn">{}</span>', ((x,) for x in labels))
