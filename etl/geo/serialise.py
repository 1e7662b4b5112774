"""Serialising boundaries: GeoJSON FeatureCollections and rows of the ``boundaries`` table."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.geo.crs import WGS84
from etl.geo.polygons import POLYGONAL


def _polygons_to_geojson(geoms: np.ndarray, precision: int) -> list[str]:
    """GeoJSON geometry strings for non-empty (Multi)Polygons, numbers in shortest form.

    GEOS's GeoJSON writer prints some doubles with 17 significant digits
    (``0.10218000000000001``); its WKT writer with ``trim=True`` prints the shortest text that
    round-trips, so the WKT is rewritten into GeoJSON syntax instead (exact: same doubles).
    """
    type_ids = shapely.get_type_id(geoms)
    if not np.isin(type_ids, POLYGONAL).all() or shapely.is_empty(geoms).any():
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
