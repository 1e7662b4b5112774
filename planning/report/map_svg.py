"""The report's map: WGS84 polygons drawn as an inline SVG (no image, no external resource)."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["MapLayer", "svg_map"]


@dataclass(frozen=True)
class MapLayer:
    """Polygons drawn in one style: GeoJSON geometry mappings (Polygon or MultiPolygon) in
    WGS84 longitude / latitude. Layers with ``frame=False`` are drawn but clipped to the
    extent of the others."""

    label: str
    geometries: tuple[Mapping, ...]
    fill: str = "none"
    stroke: str = "#000000"
    stroke_width: float = 1.0
    frame: bool = True  # part of the extent the map is fitted to


def _polygons(geometry: Mapping) -> list:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    if kind == "GeometryCollection":
        return [p for g in geometry.get("geometries", ()) for p in _polygons(g)]
    return []


def svg_map(layers: Sequence[MapLayer], *, width: int = 240, height: int = 168,
            padding: float = 0.12) -> str:
    """An inline SVG of the layers (first drawn first), fitted to the extent of the layers
    with ``frame=True`` plus ``padding`` of it on each side; shapes beyond are clipped.

    Equirectangular projection scaled by the cosine of the mid latitude (fine at the scale of
    an ICB); north up. Returns '' when no layer has geometry.
    """
    rings = [ring for layer in layers if layer.frame for g in layer.geometries
             for poly in _polygons(g) for ring in poly]
    if not rings:
        rings = [ring for layer in layers for g in layer.geometries for poly in _polygons(g)
                 for ring in poly]
    if not rings:
        return ""
    lons = [pt[0] for ring in rings for pt in ring]
    lats = [pt[1] for ring in rings for pt in ring]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    dx, dy = (max_lon - min_lon) * padding, (max_lat - min_lat) * padding
    min_lon, max_lon, min_lat, max_lat = min_lon - dx, max_lon + dx, min_lat - dy, max_lat + dy
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * kx, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    pad = 2
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    off_x = (width - span_x * scale) / 2
    off_y = (height - span_y * scale) / 2

    def point(pt) -> str:
        x = off_x + (pt[0] - min_lon) * kx * scale
        y = off_y + (max_lat - pt[1]) * scale
        return f"{x:.1f} {y:.1f}"

    parts = [f'<svg viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="Map of the chosen areas '
             'and partner boundaries">']
    for i, layer in enumerate(layers):
        paths = []
        for g in layer.geometries:
            d = "".join("M" + "L".join(point(pt) for pt in ring) + "Z"
                        for poly in _polygons(g) for ring in poly)
            if d:
                paths.append(f'<path d="{d}"/>')
        if paths:
            parts.append(f'<g class="layer-{i}" fill="{html.escape(layer.fill)}" '
                         f'stroke="{html.escape(layer.stroke)}" '
                         f'stroke-width="{layer.stroke_width:g}" fill-rule="evenodd" '
                         'stroke-linejoin="round">' + "".join(paths) + "</g>")
    parts.append("</svg>")
    return "".join(parts)
