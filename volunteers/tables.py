"""Staff tables. Every column that could carry personal data carries it masked."""

import django_tables2 as tables
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from core.masking import mask_mobile
from core.quantities import format_hours
from ledger.policies import star_level
from volunteers.models import Team, Volunteer
from volunteers.selectors import volunteer_age


class TeamTable(tables.Table):
    name = tables.Column(linkify=("volunteers:team_detail", [tables.A("pk")]))
    leaders = tables.ManyToManyColumn(verbose_name=_("leaders"), transform=str)

    class Meta:
        model = Team
        fields = ("name", "kind", "region", "leaders")
        empty_text = _("No teams to show.")
        attrs = {"class": "table"}


class VolunteerTable(tables.Table):
    number = tables.Column(
        verbose_name=_("Volunteer number"),
        linkify=("volunteers:detail", [tables.A("pk")]),
        default="—",
    )
    name = tables.Column(
        accessor="user__name",
        verbose_name=_("Name"),
        linkify=("volunteers:detail", [tables.A("pk")]),
    )
    gender = tables.Column(verbose_name=_("Gender"))
    age = tables.Column(accessor="birth_date", verbose_name=_("Age"), order_by=("-birth_date",))
    township = tables.Column(accessor="township__name", verbose_name=_("Township"))
    village = tables.Column(accessor="village__name", verbose_name=_("Village"), default="—")
    mobile = tables.Column(accessor="user__mobile", verbose_name=_("Mobile number"))
    id_number_masked = tables.Column(verbose_name=_("ID number"), orderable=False)
    status = tables.Column(verbose_name=_("Status"))
    hours = tables.Column(
        accessor="user__ledger_balance__service_minutes",
        verbose_name=_("Service hours"),
        default=0,
    )
    stars = tables.Column(accessor="pk", verbose_name=_("Star level"), orderable=False)
    teams = tables.Column(accessor="pk", verbose_name=_("Teams"), orderable=False)

    class Meta:
        model = Volunteer
        fields = ()
        sequence = (
            "number", "name", "gender", "age", "township", "village",
            "mobile", "id_number_masked", "status", "hours", "stars", "teams",
        )  # fmt: skip
        empty_text = _("No volunteers to show.")
        attrs = {"class": "table"}

    def render_hours(self, value):
        return format_hours(value)

    def value_hours(self, value):
        return format_hours(value)

    def render_stars(self, record):
        return "★" * star_level(_minutes_of(record)) or "—"

    def value_stars(self, record):
        return star_level(_minutes_of(record))

    def render_age(self, record):
        return volunteer_age(record)

    def render_mobile(self, value):
        return mask_mobile(value)

    def render_teams(self, record):
        return "、".join(m.team.name for m in record.current_memberships) or "—"


def _minutes_of(volunteer) -> int:
    try:
        return volunteer.user.ledger_balance.service_minutes
    except ObjectDoesNotExist:
        return 0
