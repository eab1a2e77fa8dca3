"""Filters of the staff volunteer list. Star levels come from the ledger's balances."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.selectors import scoped, townships
from ledger.policies import star_range
from volunteers.choices import AgeBand, Gender, Status
from volunteers.models import Team
from volunteers.selectors import birth_dates_for_band

STAR_CHOICES = [("0", _("No star yet"))] + [(str(n), "★" * n) for n in range(1, 6)]


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
    star_level = django_filters.ChoiceFilter(
        label=_("Star level"), choices=STAR_CHOICES, method="at_star_level", empty_label=_("All")
    )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(user__name__icontains=value) | Q(number=value) | Q(user__mobile=value)
        )

    def in_team(self, queryset, name, team):
        """Current members only; one filter() call, so both conditions hit the same row."""
        return queryset.filter(memberships__team=team, memberships__left_on__isnull=True)

    def at_star_level(self, queryset, name, level):
        """Volunteers whose cumulative service puts them at exactly this star level."""
        low, high = star_range(int(level))
        if low == 0:
            served = queryset.filter(user__ledger_balance__service_minutes__gte=high)
            return queryset.exclude(pk__in=served.values("pk"))
        queryset = queryset.filter(user__ledger_balance__service_minutes__gte=low)
        if high is not None:
            queryset = queryset.filter(user__ledger_balance__service_minutes__lt=high)
        return queryset

    def in_age_band(self, queryset, name, band):
        return queryset.filter(**birth_dates_for_band(band, timezone.localdate()))
