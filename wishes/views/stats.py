"""The statistics page: by kind, township, station and month, and the cluster map."""

from datetime import date

from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

from core.permissions import role_required
from stations.models import Station
from wishes import geo, selectors
from wishes.forms import StatsForm
from wishes.maps import NoChineseFontError, cluster_map_svg
from wishes.selectors import STAFF_ROLES

BREAKDOWNS = ("kind", "township", "station", "month")


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


def cluster_map(user, start: date, stop: date, *, title: str) -> str:
    """The map for the user's scope and period, cached until a wish moves on (``""``
    without an outline or a Chinese font: the page then shows the tables alone)."""
    outline = geo.county_outline()
    if outline is None:
        return ""
    scope = selectors.scope_q(user)
    key = f"wish-map:{hash(str(scope))}:{start}:{stop}:{selectors.map_version(user)}"
    svg = cache.get(key)
    if svg is None:
        try:
            svg = str(cluster_map_svg(outline, selectors.map_points(user=user, start=start,
                      stop=stop), _stations(), title=title))  # fmt: skip
        except NoChineseFontError:
            return ""
        cache.set(key, svg, timeout=24 * 3600)
    from django.utils.safestring import mark_safe

    return mark_safe(svg)  # noqa: S308 - our own drawing, cached as drawn


def _stations() -> list[tuple]:
    rows = Station.objects.values_list("name", "longitude", "latitude")
    return [(n, float(lon), float(lat)) for n, lon, lat in rows if lon is not None]


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
        "map": cluster_map(request.user, start, stop, title=f"心愿与求助分布（{year}年）"),
    }  # fmt: skip
    return render(request, "wishes/stats.html", context)
