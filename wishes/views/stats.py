"""The statistics page: by kind, township, station and month, and the cluster map."""

from datetime import date

from django.shortcuts import render
from django.utils import timezone

from core.permissions import role_required
from wishes import selectors
from wishes.forms import StatsForm
from wishes.maps import scope_map
from wishes.selectors import STAFF_ROLES

BREAKDOWNS = ("kind", "township", "station", "month")


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


@role_required(*STAFF_ROLES)
def statistics(request):
    today = timezone.localdate()
    form = StatsForm(request.GET or {"year": today.year})
    year = form.cleaned_data["year"] if form.is_valid() else today.year
    start, stop = year_span(year)
    tables = [
        (by, dict(StatsForm.BY)[by],
         selectors.statistics(user=request.user, start=start, stop=stop, by=by))
        for by in BREAKDOWNS
    ]  # fmt: skip
    context = {
        "form": form, "year": year, "tables": tables,
        "headline": selectors.headline(user=request.user, start=start, stop=stop),
        "map": scope_map(request.user, start, stop, title=f"心愿与求助分布（{year}年）"),
    }  # fmt: skip
    return render(request, "wishes/stats.html", context)
