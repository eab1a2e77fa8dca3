"""What every server-drawn chart shares (the dashboard's and reports' charts in
``reports/charts.py``, the wishes' cluster map in ``wishes/maps.py``).

- **The Chinese font, by file.** It is asked of fontconfig (as WeasyPrint asks it) and
  registered with matplotlib, never looked up by family name in matplotlib's own font
  cache: a cache built before ``fonts-noto-cjk`` was installed, or one that knows only the
  first face of the ``.ttc`` collection, would fall back to DejaVu Sans and warn
  "Glyph … missing from font(s) DejaVu Sans" for every Chinese character.
- **A chart that scales to its card.** The SVG keeps its ``viewBox`` and loses its fixed
  ``width``/``height``, so it is as wide as its container on a phone and on paper.
"""

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape

CJK_PATTERN = "Noto Sans CJK SC:style=Regular"


class NoChineseFontError(RuntimeError):
    """fontconfig knows no CJK font: a chart would print boxes, so it is not drawn."""


@dataclass(frozen=True)
class ChartFont:
    file: str
    family: str  # as matplotlib knows the face once the file is registered


@lru_cache(maxsize=1)
def cjk_font() -> ChartFont:
    """The system's Noto Sans CJK SC, registered with matplotlib (once per process)."""
    fc_match = shutil.which("fc-match")
    found = ""
    if fc_match:
        found = subprocess.run(  # noqa: S603 - fixed arguments
            [fc_match, "-f", "%{file}|%{family[0]}", CJK_PATTERN], capture_output=True,
            text=True, check=False, timeout=10,
        ).stdout.strip()  # fmt: skip
    file, _sep, family = found.partition("|")
    if "CJK" not in file:
        raise NoChineseFontError("apt-get install fonts-noto-cjk")
    from matplotlib import font_manager

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if family not in known:
        font_manager.fontManager.addfont(file)  # every face of a .ttc collection
    if family not in {entry.name for entry in font_manager.fontManager.ttflist}:
        family = font_manager.FontProperties(fname=file).get_name()  # the file's first face
    return ChartFont(file=file, family=family)


def responsive_svg(svg: str, title: str) -> str:
    """The bare ``<svg>`` with its viewBox, no fixed size, and a label for screen readers."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'\s(width|height)="[\d.]+pt"', "", svg, count=2)
    label = escape(title)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def view_box(svg: str) -> tuple[float, float]:
    """The width and height of the SVG's viewBox (its own units)."""
    match = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    if match is None:
        raise ValueError("the SVG has no viewBox")
    return float(match[1]), float(match[2])
