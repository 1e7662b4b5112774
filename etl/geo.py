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
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyogrio
import pyogrio.errors
import shapely
from shapely.errors import GEOSException

from etl.load import InputError, clip

log = logging.getLogger(__name__)

WGS84 = "EPSG:4326"
BNG = "EPSG:27700"  # British National Grid, metres

ENGLAND_CODE = "E92000001"
ENGLAND_NAME = "England"

#: Longitude and latitude (degrees) every English boundary lies within: England spans about
#: -6.4 (Isles of Scilly) to 1.8 and 49.9 to 55.8. A file whose coordinates fall outside was
#: written in another CRS (e.g. British National Grid metres) whatever it declares.
ENGLAND_EXTENT = (-7.0, 49.5, 2.0, 56.0)

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


@dataclass(frozen=True)
class BoundaryLayer:
    """One shipped boundary file.

    Attributes
    ----------
    geography : str
        Warehouse geography name (``lsoa21``, ``ltla24``, ...).
    filename : str
        File name under the boundaries source directory (``.gz`` is read directly).
    code_column, name_column : str
        Attribute columns holding the ONS GSS code and name.
    """

    geography: str
    filename: str
    code_column: str
    name_column: str


#: The shipped layers (ONS Open Geography Portal, Open Government Licence v3.0).
BOUNDARY_LAYERS: tuple[BoundaryLayer, ...] = (
    BoundaryLayer("lsoa21", "lsoa21_dec2021_england_bsc.geojson.gz", "lsoa21_code", "lsoa21_name"),
    BoundaryLayer("ltla24", "lad24_may2024_uk_bsc.geojson.gz", "LAD24CD", "LAD24NM"),
    BoundaryLayer("utla23", "ctyua23_dec2023_uk_bsc.geojson.gz", "CTYUA23CD", "CTYUA23NM"),
    BoundaryLayer("sicbl23", "sicbl23_apr2023_en_bsc.geojson.gz", "SICBL23CD", "SICBL23NM"),
    BoundaryLayer("icb23", "icb23_apr2023_en_bsc.geojson.gz", "ICB23CD", "ICB23NM"),
    BoundaryLayer("region", "rgn23_dec2023_en_buc.geojson", "RGN23CD", "RGN23NM"),
)

#: Order of geographies in the outputs of ``build_all_boundaries``.
GEOGRAPHIES: tuple[str, ...] = tuple(layer.geography for layer in BOUNDARY_LAYERS) + ("england",)

_POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)

#: Points as an ``(n, 2)`` array-like of easting, northing or a DataFrame (see
#: ``nearest_points_km``).
PointsLike: TypeAlias = pd.DataFrame | npt.ArrayLike


# --------------------------------------------------------------------------------------------
# Reading and validation
# --------------------------------------------------------------------------------------------


def _gdal_path(path: str | Path) -> str:
    """Return a path GDAL can open, prefixing gzipped files with ``/vsigzip/``."""
    text = str(path)
    if text.endswith(".gz") and not text.startswith("/vsi"):
        return "/vsigzip/" + text
    return text


def _polygonal_part(geom: shapely.Geometry | None) -> shapely.Geometry | None:
    """Keep only the polygonal parts of a geometry (dropping lines/points from a repair).

    Returns a Polygon, MultiPolygon, an empty Polygon if nothing polygonal remains, or None.
    """
    if geom is None:
        return None
    type_id = shapely.get_type_id(geom)
    if type_id in _POLYGONAL:
        return geom
    parts = shapely.get_parts(geom)
    polys = [p for p in parts if shapely.get_type_id(p) in _POLYGONAL]
    if not polys:
        return shapely.Polygon()
    parts = shapely.get_parts(np.asarray(polys, dtype=object))
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(list(parts))


def read_boundaries(
    path: str | Path,
    *,
    code_column: str,
    name_column: str,
    geography: str,
    england_only: bool = True,
) -> gpd.GeoDataFrame:
    """Read one boundary file into a validated, England-only GeoDataFrame.

    Parameters
    ----------
    path : str or pathlib.Path
        GeoJSON (or any OGR-readable) file; ``*.gz`` files are read through GDAL's ``/vsigzip/``.
        Must be in WGS84 longitude/latitude (EPSG:4326).
    code_column, name_column : str
        Attribute columns holding the ONS GSS area code and the area name.
    geography : str
        Value for the ``geography`` column (e.g. ``"lsoa21"``).
    england_only : bool, default True
        Keep only areas whose code starts with ``"E"`` (UK files also hold S/W/N codes).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``area_code``, ``area_name``, ``geography``, ``geometry`` (Polygon or
        MultiPolygon, EPSG:4326, degrees), one row per area, sorted by ``area_code``, index
        0..n-1. ``attrs["n_repaired"]`` (int) and ``attrs["repaired_codes"]`` (list of str)
        report the invalid geometries that were repaired.

    Raises
    ------
    etl.load.InputError
        A ``ValueError`` naming the file, and the feature (counted from 1 in file order) and
        column where they apply, when: the file is missing, empty, not readable as GeoJSON
        (garbage, truncated JSON or gzip stream); it has no features; its CRS is not EPSG:4326;
        a column is missing; an area code is missing/blank or duplicated; an area's geometry is
        missing, empty, not polygonal, outside ``ENGLAND_EXTENT`` when ``england_only``
        (coordinates in another CRS), or has no polygonal part left after repair.

    Notes
    -----
    Invalid geometries (e.g. self-touching rings) are repaired with
    ``shapely.make_valid(method="structure", keep_collapsed=False)`` keeping only the polygonal
    parts; the count is logged at INFO level and returned in ``attrs`` (the shipped LAD 2024
    file has two).
    """
    path = Path(path)

    def fault(feature: int | None, column: str | None, problem: str) -> InputError:
        return InputError(path, feature, column, problem, row_label="feature")

    if not path.is_file():
        raise fault(None, None, "file not found")
    if path.stat().st_size == 0:
        raise fault(None, None, "file is empty")
    try:
        frame = pyogrio.read_dataframe(_gdal_path(path), use_arrow=True)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
        # GDAL's message names the /vsigzip/ path and its own source lines: keep the cause
        text = str(exc).replace(_gdal_path(path), "").replace(str(path), "")
        cause = text.split("; It might help")[0].split("; In file")[0].strip(" ';:")
        raise fault(None, None, f"cannot be read as GeoJSON ({clip(cause, 160)})") from exc

    if len(frame) == 0:
        raise fault(None, None, "no features")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise fault(None, None, f"CRS is {frame.crs}, expected EPSG:4326 (WGS84 lon/lat)")
    for column in (code_column, name_column):
        if column not in frame.columns:
            have = ", ".join(str(c) for c in frame.columns if c != "geometry")
            raise fault(None, column, f"column not found (have: {clip(have, 120)})")

    codes = frame[code_column].astype("string").str.strip()
    missing = codes.isna() | (codes == "")
    if missing.any():
        row = int(np.flatnonzero(missing.to_numpy())[0])
        name = frame[name_column].iloc[row]
        raise fault(row + 1, code_column, f"missing area code (name {name!r})")

    keep = codes.str.startswith("E").to_numpy(dtype=bool) if england_only else np.ones(
        len(frame), dtype=bool
    )
    if not keep.any():
        raise fault(None, code_column, "no English area codes (E...)")
    features = np.flatnonzero(keep) + 1  # feature numbers in the file, for messages
    out = gpd.GeoDataFrame(
        {
            "area_code": codes[keep].astype(str).to_numpy(),
            "area_name": frame[name_column][keep].fillna("").astype(str).to_numpy(),
            "geography": geography,
        },
        geometry=frame.geometry[keep].to_numpy(),
        crs=WGS84,
    )

    duplicated = out["area_code"].duplicated(keep="first").to_numpy()
    if duplicated.any():
        i = int(np.flatnonzero(duplicated)[0])
        code = str(out["area_code"].iloc[i])
        first = int(features[int(np.flatnonzero(out["area_code"].to_numpy() == code)[0])])
        raise fault(
            int(features[i]), code_column, f"duplicate area code {code!r} (also feature {first})"
        )

    geoms = out.geometry.to_numpy()
    codes_arr = out["area_code"].to_numpy()

    def first_bad(mask: np.ndarray, problem: str) -> None:
        if mask.any():
            i = int(np.flatnonzero(mask)[0])
            raise fault(int(features[i]), "geometry", f"area {str(codes_arr[i])!r} {problem}")

    first_bad(shapely.is_missing(geoms), "has no geometry")
    first_bad(shapely.is_empty(geoms), "has an empty geometry")
    type_ids = shapely.get_type_id(geoms)
    not_polygonal = ~np.isin(type_ids, _POLYGONAL)
    if not_polygonal.any():
        i = int(np.flatnonzero(not_polygonal)[0])
        first_bad(not_polygonal, f"has a {geoms[i].geom_type}, expected a polygon")
    west, south, east, north = ENGLAND_EXTENT
    bounds = shapely.bounds(geoms)
    outside = ~np.isfinite(bounds).all(axis=1)
    if england_only:
        outside |= (
            (bounds[:, 0] < west)
            | (bounds[:, 1] < south)
            | (bounds[:, 2] > east)
            | (bounds[:, 3] > north)
        )
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        box = ", ".join(f"{b:.6g}" for b in bounds[i])
        first_bad(
            outside,
            f"lies outside England (bounds {box}; expected longitude {west} to {east},"
            f" latitude {south} to {north}: coordinates in another CRS?)",
        )

    invalid = ~shapely.is_valid(geoms)
    repaired_codes = [str(code) for code in codes_arr[invalid]]
    if invalid.any():
        fixed = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        fixed = np.array([_polygonal_part(g) for g in fixed], dtype=object)
        lost = np.zeros(len(geoms), dtype=bool)
        lost[np.flatnonzero(invalid)[shapely.is_empty(fixed)]] = True
        first_bad(lost, "has an invalid geometry with no polygonal part after repair")
        geoms = geoms.copy()
        geoms[invalid] = fixed
        out = out.set_geometry(gpd.GeoSeries(geoms, crs=WGS84, index=out.index))
        log.info(
            "%s: repaired %d invalid geometries: %s", path, len(repaired_codes), repaired_codes
        )

    out = out.sort_values("area_code", ignore_index=True)
    out.attrs["n_repaired"] = len(repaired_codes)
    out.attrs["repaired_codes"] = repaired_codes
    return out


def _union(geoms: np.ndarray) -> shapely.Geometry:
    """Union of polygons: exact and fast for an edge-matched coverage, else an overlay union."""
    try:
        return shapely.coverage_union_all(geoms)
    except GEOSException:  # not a clean coverage: the (slower) overlay union still works
        return shapely.union_all(geoms)


def dissolve_england(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Dissolve region polygons into the single England area (E92000001).

    Parameters
    ----------
    regions : geopandas.GeoDataFrame
        The nine regions as returned by ``read_boundaries`` (EPSG:4326, degrees).

    Returns
    -------
    geopandas.GeoDataFrame
        One row: ``area_code="E92000001"``, ``area_name="England"``, ``geography="england"``,
        geometry the union of the regions (valid Polygon/MultiPolygon, EPSG:4326).
    """
    union = _union(np.asarray(regions.geometry.to_numpy(), dtype=object))
    if not union.is_valid:
        union = _polygonal_part(shapely.make_valid(union, method="structure", keep_collapsed=False))
    return gpd.GeoDataFrame(
        {"area_code": [ENGLAND_CODE], "area_name": [ENGLAND_NAME], "geography": ["england"]},
        geometry=[union],
        crs=regions.crs,
    )


# --------------------------------------------------------------------------------------------
# Simplification
# --------------------------------------------------------------------------------------------


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
    lost = shapely.is_empty(cleaned) | ~np.isin(shapely.get_type_id(cleaned), _POLYGONAL)
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
        shapely.box(xmin - pad, ymin - pad, xmax + pad, ymax + pad), _union(out)
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
        | ~np.isin(shapely.get_type_id(result), _POLYGONAL)
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


# --------------------------------------------------------------------------------------------
# Serialisation
# --------------------------------------------------------------------------------------------


def _polygons_to_geojson(geoms: np.ndarray, precision: int) -> list[str]:
    """GeoJSON geometry strings for non-empty (Multi)Polygons, numbers in shortest form.

    GEOS's GeoJSON writer prints some doubles with 17 significant digits
    (``0.10218000000000001``); its WKT writer with ``trim=True`` prints the shortest text that
    round-trips, so the WKT is rewritten into GeoJSON syntax instead (exact: same doubles).
    """
    type_ids = shapely.get_type_id(geoms)
    if not np.isin(type_ids, _POLYGONAL).all() or shapely.is_empty(geoms).any():
        raise ValueError("to_feature_collection expects non-empty Polygon/MultiPolygon geometries")
    out = []
    for wkt in shapely.to_wkt(geoms, rounding_precision=precision, trim=True).tolist():
        if wkt.startswith("POLYGON (("):  # POLYGON ((x y, x y), (x y, ...))
            body = (
                wkt[8:]
                .replace("), (", "]],[[")
                .replace(", ", "],[")
                .replace(" ", ",")
                .replace("((", "[[[")
                .replace("))", "]]]")
            )
            out.append('{"type":"Polygon","coordinates":' + body + "}")
        else:  # MULTIPOLYGON (((x y, ...)), ((x y, ...), (x y, ...)))
            body = (
                wkt[13:]
                .replace(")), ((", "]]],[[[")
                .replace("), (", "]],[[")
                .replace(", ", "],[")
                .replace(" ", ",")
                .replace("(((", "[[[[")
                .replace(")))", "]]]]")
            )
            out.append('{"type":"MultiPolygon","coordinates":' + body + "}")
    return out


def to_feature_collection(gdf: gpd.GeoDataFrame, *, precision: int = 5) -> str:
    """Serialise areas as one compact GeoJSON FeatureCollection string.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Columns ``area_code``, ``area_name`` and a polygonal geometry in EPSG:4326 (a GeoDataFrame
        in another CRS is reprojected).
    precision : int, default 5
        Decimal places kept in coordinates (5 decimals of a degree is about 1.1 m of latitude
        and 0.7 m of longitude in England).

    Returns
    -------
    str
        ``{"type":"FeatureCollection","features":[...]}`` with no whitespace; each feature is
        ``{"type":"Feature","id":<area_code>,"properties":{"name":<area_name>},"geometry":...}``
        in row order. Exterior rings are counter-clockwise and holes clockwise (RFC 7946).
        Coordinates are rounded to ``precision`` decimals and printed in shortest form (at most
        ``precision`` decimals, never ``0.10218000000000001``). A geometry that rounding would
        make invalid is snapped with ``shapely.set_precision`` instead.

    Raises
    ------
    ValueError
        If a geometry is missing, empty or not a Polygon/MultiPolygon.
    """
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(WGS84)
    geoms = shapely.orient_polygons(np.asarray(gdf.geometry.to_numpy(), dtype=object))

    def _round(coords: np.ndarray) -> np.ndarray:
        # rint(x * 10**p) / 10**p: the division of two exact doubles is correctly rounded,
        # so the result is the double nearest the decimal and prints in shortest form.
        return np.round(coords, precision)

    rounded = shapely.transform(geoms, _round)
    bad = ~shapely.is_valid(rounded) | shapely.is_empty(rounded)
    if bad.any():
        snapped = shapely.set_precision(geoms[bad], 10.0**-precision)
        rounded[bad] = shapely.orient_polygons(shapely.transform(snapped, _round))

    geometry_json = _polygons_to_geojson(rounded, precision)
    dumps = json.dumps
    features = [
        f'{{"type":"Feature","id":{dumps(code)},"properties":{{"name":{dumps(name)}}},'
        f'"geometry":{geom}}}'
        for code, name, geom in zip(
            gdf["area_code"].tolist(),
            gdf["area_name"].tolist(),
            geometry_json,
            strict=True,
        )
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def boundary_rows(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Rows for the ``boundaries`` table.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Columns ``area_code``, ``geography`` and a polygonal geometry (reprojected to EPSG:4326
        if needed).

    Returns
    -------
    pandas.DataFrame
        Columns ``area_code``, ``geography``, ``geometry_wkb`` (bytes, ISO WKB of the EPSG:4326
        geometry), ``centroid_lon``, ``centroid_lat`` (degrees; ``representative_point``, which
        is guaranteed to lie inside the polygon, unlike the centroid of a crescent or a
        multipolygon), ``min_lon``, ``min_lat``, ``max_lon``, ``max_lat`` (bounding box,
        degrees).
    """
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(WGS84)
    geoms = np.asarray(gdf.geometry.to_numpy(), dtype=object)
    points = shapely.get_coordinates(shapely.point_on_surface(geoms))
    bounds = shapely.bounds(geoms)
    return pd.DataFrame(
        {
            "area_code": gdf["area_code"].to_numpy(),
            "geography": gdf["geography"].to_numpy(),
            "geometry_wkb": shapely.to_wkb(geoms),
            "centroid_lon": points[:, 0],
            "centroid_lat": points[:, 1],
            "min_lon": bounds[:, 0],
            "min_lat": bounds[:, 1],
            "max_lon": bounds[:, 2],
            "max_lat": bounds[:, 3],
        }
    )


# --------------------------------------------------------------------------------------------
# All layers
# --------------------------------------------------------------------------------------------


def build_all_boundaries(
    sources_dir: str | Path,
    *,
    tolerances_m: Mapping[str, float] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read, validate and simplify every shipped boundary layer plus England.

    Parameters
    ----------
    sources_dir : str or pathlib.Path
        Directory holding the files of ``BOUNDARY_LAYERS`` (``data/sources/boundaries``).
    tolerances_m : mapping of str to float, optional
        Maximum simplification tolerance per geography, metres; defaults to
        ``WEB_TOLERANCE_M`` (missing keys fall back to it too).

    Returns
    -------
    boundaries : pandas.DataFrame
        ``boundary_rows`` for all geographies (order ``GEOGRAPHIES``, then area code).
    boundary_geojson : pandas.DataFrame
        One row per geography: ``geography``, ``geojson`` (FeatureCollection string, 5-decimal
        coordinates), ``n_features``, ``n_bytes`` (UTF-8 length of ``geojson``).

    Notes
    -----
    England (E92000001) is the dissolved union of the regions, simplified like the others.
    ``boundary_geojson.attrs["report"]`` (also on ``boundaries.attrs``) is a dict keyed by
    geography with ``seconds``, ``tolerance_m``, ``n_repaired``, ``repaired_codes``,
    ``n_coverage_fixed``, ``areas_by_tolerance_m``, ``n_fallback``, ``fallback_codes``,
    ``n_vertices_before`` and ``n_vertices_after``, plus
    ``"total_seconds"``.
    """
    started = time.perf_counter()
    sources_dir = Path(sources_dir)
    tolerances = {**WEB_TOLERANCE_M, **(tolerances_m or {})}
    report: dict[str, object] = {}
    rows: list[pd.DataFrame] = []
    collections: list[dict[str, object]] = []

    def finish(geography: str, areas: gpd.GeoDataFrame, t0: float) -> None:
        simple = simplify_for_web(areas, tolerance_m=tolerances[geography])
        rows.append(boundary_rows(simple))
        text = to_feature_collection(simple)
        collections.append(
            {
                "geography": geography,
                "geojson": text,
                "n_features": len(simple),
                "n_bytes": len(text.encode("utf-8")),
            }
        )
        report[geography] = {
            "seconds": round(time.perf_counter() - t0, 3),
            "tolerance_m": tolerances[geography],
            "n_repaired": simple.attrs.get("n_repaired", 0),
            "repaired_codes": simple.attrs.get("repaired_codes", []),
            **{
                k: simple.attrs[k]
                for k in (
                    "n_coverage_fixed",
                    "areas_by_tolerance_m",
                    "n_fallback",
                    "fallback_codes",
                    "n_vertices_before",
                    "n_vertices_after",
                )
            },
        }

    regions: gpd.GeoDataFrame | None = None
    for layer in BOUNDARY_LAYERS:
        t0 = time.perf_counter()
        areas = read_boundaries(
            sources_dir / layer.filename,
            code_column=layer.code_column,
            name_column=layer.name_column,
            geography=layer.geography,
        )
        if layer.geography == "region":
            regions = areas
        finish(layer.geography, areas, t0)

    if regions is None:  # pragma: no cover - BOUNDARY_LAYERS always has the regions
        raise ValueError("no region layer to dissolve into England")
    t0 = time.perf_counter()
    finish("england", dissolve_england(regions), t0)

    boundaries = pd.concat(rows, ignore_index=True)
    geojson = pd.DataFrame(collections)
    report["total_seconds"] = round(time.perf_counter() - started, 3)
    boundaries.attrs["report"] = report
    geojson.attrs["report"] = report
    return boundaries, geojson


# --------------------------------------------------------------------------------------------
# Nearest neighbour
# --------------------------------------------------------------------------------------------


def _easting_northing(points: PointsLike, what: str) -> np.ndarray:
    """Coerce points to an ``(n, 2)`` float array of easting, northing (metres)."""
    if isinstance(points, pd.DataFrame):
        frame = points
        if {"easting_bng", "northing_bng"} <= set(frame.columns):
            frame = frame[["easting_bng", "northing_bng"]]
        elif frame.shape[1] != 2:
            raise ValueError(
                f"{what}: expected columns easting_bng, northing_bng or exactly two columns, "
                f"got {list(frame.columns)}"
            )
        array = frame.to_numpy(dtype=float, na_value=np.nan)
    else:
        array = np.asarray(points, dtype=float)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(
            f"{what}: expected an (n, 2) array of easting, northing; got shape {array.shape}"
        )
    return array


def nearest_points_km(
    origins_bng: PointsLike,
    targets_bng: PointsLike,
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest target to each origin by straight-line distance on the British National Grid.

    Uses a ``shapely.STRtree`` over the targets (``query_nearest``), no Python loop over points.

    Parameters
    ----------
    origins_bng, targets_bng : array_like of shape (n, 2) or pandas.DataFrame
        Easting and northing in metres (EPSG:27700). A DataFrame may have other columns if it
        has ``easting_bng`` and ``northing_bng``; otherwise it must have exactly two columns.

    Returns
    -------
    index_of_nearest : numpy.ndarray of int64, shape (n_origins,)
        Position (0-based row, counting every input row) of the nearest target; ties go to
        the lowest position. ``-1`` where the origin has a missing coordinate.
    distance_km : numpy.ndarray of float64, shape (n_origins,)
        Straight-line (grid) distance to it in kilometres; NaN where the origin is missing.

    Raises
    ------
    ValueError
        If the inputs are not (n, 2) or no target has both coordinates.

    Notes
    -----
    Targets with a missing (NaN) easting or northing are skipped: they can never be the
    nearest (e.g. the 5 GP practices in the QOF 2023/24 file with no Code-Point Open match).
    Grid distance differs from the geodesic distance by the OSGB36 scale factor (under 0.04%
    in England).
    """
    origins = _easting_northing(origins_bng, "origins_bng")
    targets = _easting_northing(targets_bng, "targets_bng")
    target_ok = np.flatnonzero(np.isfinite(targets).all(axis=1))
    if len(target_ok) == 0:
        raise ValueError("targets_bng: no target has both easting and northing")
    origin_ok = np.flatnonzero(np.isfinite(origins).all(axis=1))

    index = np.full(len(origins), -1, dtype=np.int64)
    distance_km = np.full(len(origins), np.nan)
    if len(origin_ok) == 0:
        return index, distance_km

    tree = shapely.STRtree(shapely.points(targets[target_ok]))
    (which, hit), dist = tree.query_nearest(
        shapely.points(origins[origin_ok]), return_distance=True, all_matches=True
    )
    # all equidistant matches are returned in no particular order: keep the lowest target
    order = np.lexsort((hit, which))
    first = order[np.unique(which[order], return_index=True)[1]]
    index[origin_ok[which[first]]] = target_ok[hit[first]]
    distance_km[origin_ok[which[first]]] = dist[first] / 1000.0
    return index, distance_km
