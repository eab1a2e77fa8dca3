"""The staff list: open items red first, then the rest; exported with ``SafeTableExport``."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wishes.codes import display_code
from wishes.deadlines import COLOUR_OF_RANK, LABELS
from wishes.models import Status

STATUS_LABELS = dict(Status.choices)


class WishTable(tables.Table):
    rank = tables.Column(verbose_name=_("Deadline"), orderable=False)
    code = tables.Column(verbose_name=_("Tracking code"), orderable=False)
    title = tables.Column(verbose_name=_("What"), orderable=False)
    kind__name = tables.Column(verbose_name=_("Kind"), orderable=False)
    station__name = tables.Column(verbose_name=_("Red station"), orderable=False)
    township__name = tables.Column(verbose_name=_("Township"), orderable=False)
    status = tables.Column(verbose_name=_("Status"), orderable=False)
    due_on = tables.DateColumn(verbose_name=_("Due on"), format="Y-m-d", orderable=False)
    assignee__name = tables.Column(verbose_name=_("Handled by"), orderable=False,
                                   default="—")  # fmt: skip

    class Meta:
        attrs = {"class": "table wishes"}
        row_attrs = {"class": lambda record: f"colour-{COLOUR_OF_RANK.get(record['rank'], 'none')}"}
        empty_text = _("Nothing here.")

    def render_rank(self, value):
        colour = COLOUR_OF_RANK.get(value)
        if colour is None:
            return "—"
        return format_html('<span class="light {}">{}</span>', colour, LABELS[colour])

    def value_rank(self, value):
        colour = COLOUR_OF_RANK.get(value)
        return str(LABELS[colour]) if colour else ""

    def render_code(self, value, record):
        url = reverse("wishes:detail", args=[record["pk"]])
        return format_html('<a href="{}">{}</a>', url, display_code(value))

    def value_code(self, value):
        return display_code(value)

    def render_status(self, value):
        return STATUS_LABELS.get(value, value)

    def value_status(self, value):
        return str(STATUS_LABELS.get(value, value))

    def render_assignee__name(self, value, record):
        return value or record.get("team__name") or "—"
