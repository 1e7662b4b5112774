"""Boundary geometry for the warehouse: read, validate, simplify for the web, serialise.

Feeds the ``boundaries`` and ``boundary_geojson`` tables of ``docs/warehouse_contract.md`` and the
GP-distance column of ``lsoa_measures``.

Coordinate reference systems and units
---------------------------------------
* Inputs and outputs are WGS84 longitude/latitude (EPSG:4326), in decimal degrees.
* Simplification and nearest-neighbour distances work in British National Grid (EPSG:27700),
  whose units are metres; tolerances are given in metres and distances returned in kilometres.

Pipeline (``build_all_boundaries``)
-----------------------------------
``read_boundaries`` -> ``simplify_for_web`` -> ``boundary_rows`` + ``to_feature_collection``,
for the six shipped ONS layers plus England (the dissolved regions).

Nothing here prints; counts of repairs and timings are returned in ``DataFrame.attrs``.

Modules
-------
``crs``        WGS84 and British National Grid identifiers
``polygons``   polygonal parts and unions shared by the others
``read``       reading and validating a boundary file; dissolving the regions into England
``simplify``   coverage simplification for the web (tolerances, scale-aware tiers)
``serialise``  GeoJSON FeatureCollections and ``boundaries`` table rows
``layers``     the shipped layers and ``build_all_boundaries``
``nearest``    nearest point on the British National Grid (GP distance)

Every public name is re-exported here, so ``from etl import geo; geo.simplify_for_web`` works.
"""

from etl.geo.crs import BNG, WGS84
from etl.geo.layers import BOUNDARY_LAYERS, GEOGRAPHIES, BoundaryLayer, build_all_boundaries
from etl.geo.nearest import PointsLike, nearest_points_km
from etl.geo.read import (
    ENGLAND_CODE,
    ENGLAND_EXTENT,
    ENGLAND_NAME,
    dissolve_england,
    read_boundaries,
)
from etl.geo.serialise import boundary_rows, to_feature_collection
from etl.geo.simplify import (
    MAX_RELATIVE_TOLERANCE,
    MIN_TOLERANCE_M,
    WEB_TOLERANCE_M,
    simplify_for_web,
)

__all__ = [
    "BNG",
    "BOUNDARY_LAYERS",
    "ENGLAND_CODE",
    "ENGLAND_EXTENT",
    "ENGLAND_NAME",
    "GEOGRAPHIES",
    "MAX_RELATIVE_TOLERANCE",
    "MIN_TOLERANCE_M",
    "WEB_TOLERANCE_M",
    "WGS84",
    "BoundaryLayer",
    "PointsLike",
    "boundary_rows",
    "build_all_boundaries",
    "dissolve_england",
    "nearest_points_km",
    "read_boundaries",
    "simplify_for_web",
    "to_feature_collection",
]
