"""Simplifying a boundary coverage for web maps, keeping shared edges shared.

Tolerances are in metres and the work is done in British National Grid (EPSG:27700, metres);
results are WGS84 longitude/latitude (EPSG:4326, degrees).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from etl.geo.crs import BNG, WGS84
from etl.geo.polygons import POLYGONAL, union_polygons

#: Default maximum simplification tolerance per geography, metres (Visvalingam-Whyatt: roughly
#: the square root of the largest triangle area removed). Each area's effective tolerance is
#: further capped at ``MAX_RELATIVE_TOLERANCE * sqrt(mean part area)`` so small (urban) areas
#: keep their shape; see ``simplify_for_web``. Chosen by measuring GeoJSON size and per-area shape
#: change (symmetric difference / area) on the shipped files:
#:
#: * lsoa21: 11.2 MB (1.8 MB gzipped) vs 11.9 MB unsimplified. Urban LSOAs are unchanged (the
#:   ONS "BSC" files are already generalised to ~200 m, so an LSOA is ~6 vertices, nearly all
#:   of them nodes shared by 3+ LSOAs that topology-preserving simplification cannot remove);
#:   the largest 10% (rural) change by 2.7% (median). Nodes alone at 5 decimals with id and
#:   name make 8.9 MB, so no tolerance gets a readable LSOA layer under ~9 MB.
#: * ltla24 636 kB, utla23 444 kB, sicbl23 415 kB (max shape change 5%: Isles of Scilly),
#:   icb23 200 kB, region 72 kB, england 38 kB.
WEB_TOLERANCE_M: dict[str, float] = {
    "lsoa21": 1000.0,  # only large rural LSOAs reach this; urban ones stay at 50-100 m
    "ltla24": 250.0,  # districts/UTLAs/sub-ICBs are viewed down to city zoom: <= 5% shape change
    "utla23": 250.0,
    "sicbl23": 250.0,
    "icb23": 500.0,  # ICBs, regions and England are viewed at regional/national zoom
    "region": 500.0,
    "england": 500.0,
}

#: Cap on each area's tolerance relative to its size: tolerance <= this * sqrt(mean part area in
#: m^2), so no removed triangle exceeds ``MAX_RELATIVE_TOLERANCE**2`` (2.25%) of a typical part.
MAX_RELATIVE_TOLERANCE = 0.15

#: Smallest tolerance tier, metres. Every area is simplified at least this much (harmless: the
#: shipped files are already generalised to about 200 m).
MIN_TOLERANCE_M = 50.0


def _tolerance_ladder(tolerance_m: float, min_tolerance_m: float) -> np.ndarray:
    """Tiers ``tolerance_m / 2**k`` (metres) down to ``min_tolerance_m``, ascending."""
    ladder = [float(tolerance_m)]
    while ladder[-1] / 2 >= min_tolerance_m:
        ladder.append(ladder[-1] / 2)
    return np.asarray(ladder[::-1])


def _clean_coverage(geoms: np.ndarray) -> tuple[np.ndarray, int]:
    """Make a nearly-clean coverage edge-matched and overlap-free, touching as little as possible.

    Areas with an invalid coverage edge (overlap, or a shared edge whose vertices differ) are
    cleaned with ``shapely.coverage_clean`` together with every area they touch; the result is
    accepted if that neighbourhood plus the next ring of areas is then a valid coverage,
    otherwise the whole coverage is cleaned. Gaps are left alone (``gap_width=0``).

    Returns the geometries (same order) and the number of areas that had an invalid edge.
    """
    unmatched = ~shapely.is_empty(shapely.coverage_invalid_edges(geoms))
    n_unmatched = int(unmatched.sum())
    if n_unmatched == 0:
        return geoms, 0
    tree = shapely.STRtree(geoms)
    local = np.unique(tree.query(geoms[unmatched], predicate="intersects")[1])
    cleaned = geoms.copy()
    cleaned[local] = shapely.coverage_clean(geoms[local])
    around = np.unique(tree.query(geoms[local], predicate="intersects")[1])
    if not shapely.coverage_is_valid(cleaned[around]):
        cleaned = np.asarray(shapely.coverage_clean(geoms), dtype=object)
    lost = shapely.is_empty(cleaned) | ~np.isin(shapely.get_type_id(cleaned), POLYGONAL)
    cleaned[lost] = geoms[lost]
    return cleaned, n_unmatched


def _scale_aware_coverage_simplify(
    geoms: np.ndarray,
    tolerance_m: float,
    max_relative: float | None,
    min_tolerance_m: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Coverage simplification where each edge's tolerance follows the size of its polygons.

    ``shapely.coverage_simplify`` takes one tolerance per coverage. To let large (rural) areas
    be simplified more than small (urban) ones without breaking shared edges, areas are put in
    tiers of the ladder ``tolerance_m / 2**k`` by ``max_relative * sqrt(mean part area)``
    (a district made of small islands counts as small). The whole
    coverage is simplified at the lowest tier; then, for each higher tier, the areas at or above
    it *plus a frame polygon covering everything outside the coverage* are simplified again
    with ``simplify_boundary=False``. Edges on that group's boundary (shared with a lower-tier
    area) are left untouched, so every edge ends at the tolerance of the smaller of its two
    neighbours (the frame counts as infinitely large, so coastlines follow the area's own tier),
    and the result stays an edge-matched coverage.

    Returns the simplified geometries and each area's tier tolerance (metres).
    """
    if max_relative is None or len(geoms) == 0:
        out = np.asarray(shapely.coverage_simplify(geoms, tolerance_m), dtype=object)
        return out, np.full(len(geoms), float(tolerance_m))

    ladder = _tolerance_ladder(tolerance_m, min_tolerance_m)
    wanted = max_relative * np.sqrt(shapely.area(geoms) / shapely.get_num_geometries(geoms))
    tier = np.clip(np.searchsorted(ladder, wanted, side="right") - 1, 0, len(ladder) - 1)

    out = np.asarray(shapely.coverage_simplify(geoms, ladder[0]), dtype=object)
    if len(ladder) == 1 or not (tier > 0).any():
        return out, ladder[tier]

    xmin, ymin, xmax, ymax = shapely.total_bounds(out)
    pad = 10 * ladder[-1]
    frame = shapely.difference(
        shapely.box(xmin - pad, ymin - pad, xmax + pad, ymax + pad), union_polygons(out)
    )
    for k in range(1, len(ladder)):
        group = np.flatnonzero(tier >= k)
        if len(group) == 0:
            break
        members = np.concatenate([out[group], np.asarray([frame], dtype=object)])
        result = shapely.coverage_simplify(members, ladder[k], simplify_boundary=False)
        out[group] = result[:-1]
        frame = result[-1]
    return out, ladder[tier]


def simplify_for_web(
    gdf: gpd.GeoDataFrame,
    *,
    tolerance_m: float,
    max_relative: float | None = MAX_RELATIVE_TOLERANCE,
    min_tolerance_m: float = MIN_TOLERANCE_M,
) -> gpd.GeoDataFrame:
    """Simplify a polygon coverage for web maps, keeping shared edges shared.

    The coverage is projected to British National Grid (EPSG:27700, metres), cleaned if it is
    not edge-matched (``shapely.coverage_clean``: overlaps removed, shared edges made
    identical), simplified with ``shapely.coverage_simplify`` (topology-preserving
    Visvalingam-Whyatt, so neighbours keep identical shared edges: no gaps or slivers are
    created), and projected back to WGS84 (EPSG:4326, degrees).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Areas of one geography forming a coverage (as from ``read_boundaries``), any CRS.
    tolerance_m : float
        Maximum tolerance, metres: roughly the square root of the largest triangle area (m^2)
        a removed vertex may cut off. ``0`` only cleans the coverage (geometries are returned
        unchanged if it is already clean). See ``WEB_TOLERANCE_M`` for the defaults per
        geography.
    max_relative : float or None, default ``MAX_RELATIVE_TOLERANCE`` (0.15)
        Scale-aware cap: an area whose parts average ``A`` m^2 is simplified with the largest
        tier ``tolerance_m / 2**k`` not above ``max_relative * sqrt(A)`` metres (but at least
        the lowest tier), and each shared edge with the smaller tolerance of its two areas, so
        small urban areas keep their shape while large rural ones are simplified hard.
        ``None`` uses ``tolerance_m`` everywhere.
    min_tolerance_m : float, default ``MIN_TOLERANCE_M`` (50 m)
        Lowest tier of the tolerance ladder, metres.

    Returns
    -------
    geopandas.GeoDataFrame
        Same rows and columns, geometry simplified, EPSG:4326; every geometry is a valid,
        non-empty Polygon or MultiPolygon. ``attrs`` holds ``n_coverage_fixed`` (areas touching
        an overlap or unmatched edge before cleaning), ``n_fallback`` (areas whose simplified
        shape was empty/invalid/non-polygonal and were given their unsimplified shape instead;
        these may no longer match their neighbours exactly), ``fallback_codes``,
        ``areas_by_tolerance_m`` ({tier tolerance in metres: number of areas}) and
        ``n_vertices_before``/``n_vertices_after``.
    """
    if tolerance_m < 0:
        raise ValueError(f"tolerance_m must be >= 0 metres, got {tolerance_m}")
    source = gdf.to_crs(WGS84)
    original = source.geometry.to_numpy()
    geoms = np.asarray(gdf.to_crs(BNG).geometry.to_numpy(), dtype=object)

    geoms, n_coverage_fixed = _clean_coverage(geoms)

    tiers = np.zeros(len(geoms))
    if tolerance_m == 0 and n_coverage_fixed == 0:
        result = np.asarray(original, dtype=object).copy()  # no reprojection round trip
    else:
        if tolerance_m > 0:
            geoms, tiers = _scale_aware_coverage_simplify(
                geoms, tolerance_m, max_relative, min_tolerance_m
            )
        result = np.asarray(gpd.GeoSeries(geoms, crs=BNG).to_crs(WGS84).to_numpy(), dtype=object)

    bad = (
        shapely.is_missing(result)
        | shapely.is_empty(result)
        | ~shapely.is_valid(result)
        | ~np.isin(shapely.get_type_id(result), POLYGONAL)
    )
    result[bad] = original[bad]

    out = source.copy()
    out = out.set_geometry(gpd.GeoSeries(result, crs=WGS84, index=out.index))
    out.attrs = dict(gdf.attrs)
    out.attrs.update(
        n_coverage_fixed=n_coverage_fixed,
        n_fallback=int(bad.sum()),
        fallback_codes=out["area_code"][bad].tolist() if "area_code" in out else [],
        areas_by_tolerance_m={
            float(t): int(n) for t, n in zip(*np.unique(tiers, return_counts=True), strict=True)
        },
        n_vertices_before=int(shapely.get_num_coordinates(original).sum()),
        n_vertices_after=int(shapely.get_num_coordinates(result).sum()),
    )
    return out
