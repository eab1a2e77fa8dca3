import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.selectors import townships
from ledger.models import Entry, Kind

DATE = forms.DateInput(attrs={"type": "date"})


class EntryFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="service_date", lookup_expr="gte", label=_("From"), widget=DATE
    )
    date_to = django_filters.DateFilter(
        field_name="service_date", lookup_expr="lte", label=_("To"), widget=DATE
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))

    class Meta:
        model = Entry
        fields = ["date_from", "date_to", "kind"]


class LedgerBrowserFilter(EntryFilter):
    township = django_filters.ModelChoiceFilter(
        queryset=townships(), label=_("Township"), field_name="township"
    )
    volunteer = django_filters.CharFilter(
        field_name="volunteer__name", lookup_expr="icontains", label=_("Volunteer name")
    )

    class Meta(EntryFilter.Meta):
        fields = [*EntryFilter.Meta.fields, "township", "volunteer"]
