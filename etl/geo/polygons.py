"""Polygon helpers shared by reading, simplifying and serialising boundaries."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.errors import GEOSException

#: Geometry type ids of the shapes a boundary may have.
POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)


def polygonal_part(geom: shapely.Geometry | None) -> shapely.Geometry | None:
    """Keep only the polygonal parts of a geometry (dropping lines/points from a repair).

    Returns a Polygon, MultiPolygon, an empty Polygon if nothing polygonal remains, or None.
    """
    if geom is None:
        return None
    type_id = shapely.get_type_id(geom)
    if type_id in POLYGONAL:
        return geom
    parts = shapely.get_parts(geom)
    polys = [p for p in parts if shapely.get_type_id(p) in POLYGONAL]
    if not polys:
        return shapely.Polygon()
    parts = shapely.get_parts(np.asarray(polys, dtype=object))
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(list(parts))


def union_polygons(geoms: np.ndarray) -> shapely.Geometry:
    """Union of polygons: exact and fast for an edge-matched coverage, else an overlay union."""
    try:
        return shapely.coverage_union_all(geoms)
    except GEOSException:  # not a clean coverage: the (slower) overlay union still works
        return shapely.union_all(geoms)
