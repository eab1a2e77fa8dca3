"""Filters of the staff volunteer list.

Star level (星级) is not offered yet: it is computed from the hours ledger, which
``ledger.selectors`` will provide (see docs/volunteers.md, "Plugging in the ledger").
"""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.selectors import scoped, townships
from volunteers.choices import AgeBand, Gender, Status
from volunteers.models import Team
from volunteers.selectors import birth_dates_for_band


def _teams(request):
    return scoped(Team.objects.all(), request.user, region="region", team="")


class VolunteerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, number or mobile"), method="search")
    township = django_filters.ModelChoiceFilter(
        label=_("Township"), queryset=townships(), empty_label=_("All")
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=_teams, method="in_team", empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("All")
    )
    age_band = django_filters.ChoiceFilter(
        label=_("Age"), choices=AgeBand.choices, method="in_age_band", empty_label=_("All")
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, empty_label=_("All")
    )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(user__name__icontains=value) | Q(number=value) | Q(user__mobile=value)
        )

    def in_team(self, queryset, name, team):
        """Current members only; one filter() call, so both conditions hit the same row."""
        return queryset.filter(memberships__team=team, memberships__left_on__isnull=True)

    def in_age_band(self, queryset, name, band):
        return queryset.filter(**birth_dates_for_band(band, timezone.localdate()))
