"""Reading and validating boundary files, and dissolving the regions into England.

Coordinates are WGS84 longitude/latitude (EPSG:4326), in decimal degrees (see ``etl.geo.crs``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pyogrio.errors
import shapely

from etl.geo.crs import WGS84
from etl.geo.polygons import POLYGONAL, polygonal_part, union_polygons
from etl.load import InputError, clip

# the logger keeps the name it had when the geo code was one module (etl.geo)
log = logging.getLogger("etl.geo")

ENGLAND_CODE = "E92000001"
ENGLAND_NAME = "England"

#: Longitude and latitude (degrees) every English boundary lies within: England spans about
#: -6.4 (Isles of Scilly) to 1.8 and 49.9 to 55.8. A file whose coordinates fall outside was
#: written in another CRS (e.g. British National Grid metres) whatever it declares.
ENGLAND_EXTENT = (-7.0, 49.5, 2.0, 56.0)


def _gdal_path(path: str | Path) -> str:
    """Return a path GDAL can open, prefixing gzipped files with ``/vsigzip/``."""
    text = str(path)
    if text.endswith(".gz") and not text.startswith("/vsi"):
        return "/vsigzip/" + text
    return text


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
    not_polygonal = ~np.isin(type_ids, POLYGONAL)
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
        fixed = np.array([polygonal_part(g) for g in fixed], dtype=object)
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
    union = union_polygons(np.asarray(regions.geometry.to_numpy(), dtype=object))
    if not union.is_valid:
        union = polygonal_part(shapely.make_valid(union, method="structure", keep_collapsed=False))
    return gpd.GeoDataFrame(
        {"area_code": [ENGLAND_CODE], "area_name": [ENGLAND_NAME], "geography": ["england"]},
        geometry=[union],
        crs=regions.crs,
    )
