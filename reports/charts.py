"""Server-rendered SVG charts (matplotlib, with the CJK font): the same chart serves the
dashboard page and the printed county report."""

import base64
import io
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

RED = "#b71c1c"


@lru_cache(maxsize=1)
def _pyplot():
    import matplotlib

    matplotlib.use("svg")
    from matplotlib import pyplot

    pyplot.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "DejaVu Sans"]
    pyplot.rcParams["axes.unicode_minus"] = False
    pyplot.rcParams["svg.fonttype"] = "none"  # text stays text: small, selectable, searchable
    return pyplot


def _svg(figure) -> SafeString:
    """The figure as inline SVG. Safe to mark: matplotlib XML-escapes every label."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    _pyplot().close(figure)
    svg = buffer.getvalue()
    return mark_safe(svg[svg.index("<svg") :])  # noqa: S308 - drawn and escaped by matplotlib


def bar_chart(labels: list[str], values: list[float], *, title: str, unit: str = "小时") -> str:
    """Horizontal bars, longest on top; returns an inline SVG string."""
    pyplot = _pyplot()
    height = max(1.6, 0.32 * len(labels) + 0.8)
    figure, axes = pyplot.subplots(figsize=(6.4, height))
    # Bars at positions, labelled after: matplotlib would take labels such as "2026-03"
    # or "1" for numbers or dates and warn; these are names.
    positions = range(len(labels))
    axes.barh(positions, values[::-1], color=RED)
    axes.set_yticks(positions, labels[::-1])
    axes.set_title(title, fontsize=11)
    axes.set_xlabel(unit)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def line_chart(labels: list[str], values: list[float], *, title: str, unit: str = "小时") -> str:
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(6.4, 2.6))
    positions = range(len(labels))
    axes.plot(positions, values, color=RED, marker="o")
    axes.set_xticks(positions, labels)
    axes.set_title(title, fontsize=11)
    axes.set_ylabel(unit)
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def as_image_source(svg: str) -> str:
    """The chart as a ``data:`` URI for an ``<img>`` in a PDF. WeasyPrint draws an SVG image
    with its SVG renderer; inline SVG would also pass through its HTML cascade, which
    warns once for every SVG style property it does not know (fill, stroke, …)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
