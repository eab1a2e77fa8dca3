"""Server-rendered SVG charts (matplotlib): the same chart serves the dashboard page and
the printed county report.

Every chart
- draws its text in the Chinese font, registered with matplotlib by file
  (``core.figures.cjk_font``), so no "Glyph … missing from font(s)" warning can arise;
  without a Chinese font no chart is drawn (``""``) and the page shows its table alone;
- is an SVG with a ``viewBox`` and no fixed size, so it scales to its card; its text stays
  text (small, selectable, searchable);
- is drawn narrow enough that its smallest label is at least ``MIN_LABEL_PX`` on a
  390 px phone, where a card is ``PHONE_CARD_PX`` wide (tests/reports/test_charts.py
  measures it);
- is shown beside a table of the same figures (``Chart.rows``), for screen readers and
  for anyone who wants the exact numbers.

Figures are made with the object API (``Figure``), not pyplot, and every setting is given
in an ``rc_context``, so nothing global is changed for the other charts (the wishes' map).
"""

import io
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from core.figures import NoChineseFontError, cjk_font, responsive_svg

RED = "#b71c1c"
PHONE_CARD_PX = 390 - 2 * 16 - 2 * 16 - 2  # main's and the card's padding, the card's border
MIN_LABEL_PX = 12
MAX_LABEL_CHARS = 10  # longer names are cut in the chart; the table beside it has them whole


@dataclass(frozen=True)
class Size:
    """How big a chart is drawn: its width, each bar's height (inches), the labels' size."""

    width_in: float
    bar_in: float
    label_pt: float


# 302 pt of drawing: labels of 12 pt stay at least 12 px in a phone's 324 px card.
SCREEN = Size(width_in=4.2, bar_in=0.42, label_pt=12)
# An A4 page's text width (174 mm): 9 pt labels print at about 10 pt.
PAGE = Size(width_in=6.4, bar_in=0.3, label_pt=9)


@dataclass(frozen=True)
class Chart:
    """A chart with its figures: ``rows`` are (label, value as shown) for the table beside
    it, under the headings ``heading`` and ``unit``."""

    title: str
    svg: str
    rows: tuple[tuple[str, str], ...]
    heading: str
    unit: str = "小时"


def bar_chart(labels: list[str], values: list[float], *, title: str, unit: str = "小时",
              size: Size = SCREEN) -> str:  # fmt: skip
    """Horizontal bars, longest on top; returns an inline SVG string (``""`` without a font)."""
    try:
        with _drawing(size):
            figure, axes = _figure(size, height=max(2.0, size.bar_in * len(labels) + 1.1))
            # Bars at positions, labelled after: matplotlib would take labels such as
            # "2026-03" or "1" for numbers or dates and warn; these are names.
            positions = range(len(labels))
            axes.barh(positions, values[::-1], color=RED)
            axes.set_yticks(positions, [_short(label) for label in labels[::-1]])
            axes.set_xlabel(unit)
            axes.xaxis.set_major_locator(_few_ticks())
            return _svg(figure, axes, title)
    except NoChineseFontError:
        return ""


def line_chart(labels: list[str], values: list[float], *, title: str, unit: str = "小时",
               size: Size = SCREEN) -> str:  # fmt: skip
    try:
        with _drawing(size):
            figure, axes = _figure(size, height=3.4)
            positions = range(len(labels))
            axes.plot(positions, values, color=RED, marker="o")
            axes.set_xticks(positions, labels)
            axes.set_ylabel(unit)
            axes.tick_params(axis="x", labelrotation=90)
            axes.yaxis.set_major_locator(_few_ticks())
            return _svg(figure, axes, title)
    except NoChineseFontError:
        return ""


def _drawing(size: Size):
    import matplotlib

    label = size.label_pt
    return matplotlib.rc_context({
        "font.family": [cjk_font().family], "font.size": label,
        "axes.titlesize": label + 1, "axes.labelsize": label,
        "xtick.labelsize": label, "ytick.labelsize": label,
        "axes.unicode_minus": False, "svg.fonttype": "none", "svg.hashsalt": "hongyi",
    })  # fmt: skip


def _figure(size: Size, *, height: float):
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    # Constrained layout keeps the labels inside the width: the viewBox is the figure.
    figure = Figure(figsize=(size.width_in, height), layout="constrained")
    FigureCanvasSVG(figure)
    return figure, figure.add_subplot()


def _few_ticks():
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=4)  # a narrow chart: numbers of 12 px must not touch


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _svg(figure, axes, title: str) -> SafeString:
    """The figure as inline SVG. Safe to mark: matplotlib XML-escapes every label."""
    axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    return mark_safe(responsive_svg(buffer.getvalue(), title))  # noqa: S308 - drawn by matplotlib


def as_image_source(svg: str) -> str:
    """The chart as a ``data:`` URI for an ``<img>`` in a PDF. WeasyPrint draws an SVG image
    with its SVG renderer; inline SVG would also pass through its HTML cascade, which
    warns once for every SVG style property it does not know (fill, stroke, …)."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
