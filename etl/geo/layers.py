"""The shipped boundary layers, and building all of them (plus England) for the warehouse.

Pipeline (``build_all_boundaries``): ``read_boundaries`` -> ``simplify_for_web`` ->
``boundary_rows`` + ``to_feature_collection``, for the six shipped ONS layers plus England (the
dissolved regions).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from etl.geo.read import dissolve_england, read_boundaries
from etl.geo.serialise import boundary_rows, to_feature_collection
from etl.geo.simplify import WEB_TOLERANCE_M, simplify_for_web


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
