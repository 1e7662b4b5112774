"""Boundaries: GeoJSON per geography (served once by URL, gzip-cached) and area bounding boxes."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache

from dashboard.data.warehouse import cache_key, read_frame, register_cache


@register_cache
@lru_cache(maxsize=3)
def _geojson_text(key: str, geography: str) -> str:
    out = read_frame("select geojson from boundary_geojson where geography = ?", [geography])
    if out.empty:
        msg = f"no boundaries for geography {geography!r}"
        raise KeyError(msg)
    return str(out.iloc[0, 0])


def geojson(geography: str) -> dict:
    """GeoJSON FeatureCollection of a geography (feature id = area code)."""
    return json.loads(_geojson_text(cache_key(), geography))


@register_cache
@lru_cache(maxsize=8)
def _geojson_gzip(key: str, geography: str) -> bytes:
    return gzip.compress(_geojson_text(key, geography).encode(), compresslevel=6)


def geojson_payload(geography: str, *, gzipped: bool) -> bytes:
    """The geography's GeoJSON as bytes, gzip-compressed when asked (cached per warehouse)."""
    key = cache_key()
    if gzipped:
        return _geojson_gzip(key, geography)
    return _geojson_text(key, geography).encode()


def bbox(area_code: str, geography: str) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of an area, or None."""
    out = read_frame(
        "select min_lon, min_lat, max_lon, max_lat from boundaries "
        "where area_code = ? and geography = ?",
        [area_code, geography],
    )
    if out.empty:
        return None
    min_lon, min_lat, max_lon, max_lat = (float(x) for x in out.iloc[0])
    return min_lon, min_lat, max_lon, max_lat
