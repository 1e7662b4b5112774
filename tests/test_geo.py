"""Tests for etl.geo: boundary reading, coverage simplification, GeoJSON, nearest points.

Fixtures (``tests/fixtures/geo/``, EPSG:4326 unless stated):

* ``four_squares.geojson``: a 2 x 2 coverage of ~1.3 km x 1.1 km squares in Manchester
  (E01000001-4, zig-zag shared edges) plus one Welsh (W01...) and one Scottish (S01...) square.
* ``duplicate_code.geojson``: E01000002 twice.
* ``wrong_crs.geojson``: one square in British National Grid (EPSG:27700).
* ``null_geometry.geojson`` / ``empty_geometry.geojson``: E01000002 with no geometry /
  E01000003 with an empty polygon.
* ``invalid_geometry.geojson``: E01000001 is a self-intersecting bow tie.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # plain `pytest` does not put the repo root on sys.path
    sys.path.insert(0, str(REPO))

from etl import geo  # noqa: E402
from etl.load import InputError  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "geo"
BOUNDARIES_DIR = REPO / "data" / "sources" / "boundaries"

SQUARE_CODES = ["E01000001", "E01000002", "E01000003", "E01000004"]


def _read(name: str | Path, **kwargs) -> gpd.GeoDataFrame:
    path = name if isinstance(name, Path) else FIXTURES / name
    return geo.read_boundaries(
        path, code_column="code", name_column="name", geography="lsoa21", **kwargs
    )


def _write_geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    return _read("four_squares.geojson")


# ------------------------------------------------------------------------------ read


def test_read_keeps_england_only_with_contract_columns(squares):
    assert list(squares.columns) == ["area_code", "area_name", "geography", "geometry"]
    assert squares["area_code"].tolist() == SQUARE_CODES
    assert squares["area_name"].iloc[0] == "Testville 001A"
    assert (squares["geography"] == "lsoa21").all()
    assert squares.crs.to_epsg() == 4326
    assert squares.attrs["n_repaired"] == 0


def test_read_without_england_filter_keeps_all():
    every = _read("four_squares.geojson", england_only=False)
    assert sorted(every["area_code"].str[0].unique()) == ["E", "S", "W"]
    assert len(every) == 6


def test_read_gzipped_file_through_vsigzip(tmp_path):
    target = tmp_path / "four_squares.geojson.gz"
    with open(FIXTURES / "four_squares.geojson", "rb") as src, gzip.open(target, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert _read(target)["area_code"].tolist() == SQUARE_CODES


def test_read_duplicate_code_error_message():
    path = FIXTURES / "duplicate_code.geojson"
    expected = (
        f"file {path}, feature 3, column 'code': duplicate area code 'E01000002' (also feature 2)"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$") as err:
        _read(path)
    assert (err.value.row, err.value.column) == (3, "code")


def test_read_wrong_crs_names_file():
    path = FIXTURES / "wrong_crs.geojson"
    with pytest.raises(InputError, match=re.escape(f"file {path}: CRS is EPSG:27700, expected")):
        _read(path)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("null_geometry.geojson", "feature 2, column 'geometry': area 'E01000002' has no geometry"),
        (
            "empty_geometry.geojson",
            "feature 2, column 'geometry': area 'E01000003' has an empty geometry",
        ),
    ],
)
def test_read_missing_or_empty_geometry_names_file_and_code(name, message):
    path = FIXTURES / name
    with pytest.raises(InputError, match=f"^{re.escape(f'file {path}, {message}')}$"):
        _read(path)


def test_read_missing_code_names_file_and_feature(tmp_path):
    path = _write_geojson(
        tmp_path / "missing_code.geojson",
        [
            {
                "type": "Feature",
                "properties": {"code": None, "name": "Nameless 001A"},
                "geometry": json.loads(shapely.to_geojson(shapely.box(-2.3, 53.4, -2.29, 53.41))),
            }
        ],
    )
    expected = f"file {path}, feature 1, column 'code': missing area code (name 'Nameless 001A')"
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        _read(path)


def test_read_repairs_invalid_geometry_and_reports_it():
    out = _read("invalid_geometry.geojson")
    assert out.attrs["n_repaired"] == 1
    assert out.attrs["repaired_codes"] == ["E01000001"]
    repaired = out.geometry.iloc[0]
    assert repaired.is_valid and not repaired.is_empty
    assert repaired.geom_type in ("Polygon", "MultiPolygon")
    # the bow tie is two triangles of a 0.01-degree square: half its area
    assert repaired.area == pytest.approx(0.5 * 0.01 * 0.01, rel=1e-9)


def test_read_rejects_geometry_with_no_polygonal_part_left(tmp_path):
    flat = {
        "type": "Polygon",
        "coordinates": [[[-2.3, 53.4], [-2.29, 53.4], [-2.28, 53.4], [-2.3, 53.4]]],
    }
    path = _write_geojson(
        tmp_path / "flat.geojson",
        [
            {
                "type": "Feature",
                "properties": {"code": "E01000009", "name": "Flat"},
                "geometry": flat,
            }
        ],
    )
    expected = f"file {path}, feature 1, column 'geometry': area 'E01000009' has an invalid"
    with pytest.raises(InputError, match=re.escape(expected)):
        _read(path)


# -------------------------------------------------------------------------- simplify


def _bng(gdf: gpd.GeoDataFrame) -> np.ndarray:
    return np.asarray(gdf.to_crs(geo.BNG).geometry.to_numpy(), dtype=object)


def _assert_clean_coverage(gdf: gpd.GeoDataFrame) -> None:
    geoms = gdf.geometry.to_numpy()
    assert shapely.is_valid(geoms).all()
    assert not shapely.is_empty(geoms).any()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert shapely.coverage_is_valid(geoms)  # edge-matched, no overlaps
    metres = _bng(gdf)
    union = shapely.union_all(metres).area
    assert union == pytest.approx(shapely.area(metres).sum(), rel=1e-9)  # no overlaps
    for i in range(len(metres)):
        for j in range(i + 1, len(metres)):
            assert shapely.intersection(metres[i], metres[j]).area < 1e-3  # m^2


def test_simplify_keeps_shared_edges_without_gaps_or_overlaps(squares):
    out = geo.simplify_for_web(squares, tolerance_m=400)
    _assert_clean_coverage(out)
    assert out["area_code"].tolist() == SQUARE_CODES
    assert out.crs.to_epsg() == 4326
    assert out.attrs["n_fallback"] == 0
    assert out.attrs["n_vertices_after"] < out.attrs["n_vertices_before"]  # zig-zags went
    before, after = _bng(squares), _bng(out)
    # the outer boundary is straight, so the coverage still covers the same ground
    assert shapely.union_all(after).area == pytest.approx(shapely.union_all(before).area, rel=1e-6)
    # neighbours still share an edge (a line of positive length), not just a point
    shared = shapely.intersection(shapely.boundary(after[0]), shapely.boundary(after[1]))
    assert shared.length > 500  # metres


def test_simplify_scale_cap_protects_small_areas(squares):
    capped = geo.simplify_for_web(squares, tolerance_m=5000)
    uncapped = geo.simplify_for_web(squares, tolerance_m=5000, max_relative=None)
    for out in (capped, uncapped):
        _assert_clean_coverage(out)
    before = _bng(squares)
    change = shapely.area(shapely.symmetric_difference(before, _bng(capped))) / shapely.area(before)
    assert change.max() < 0.05
    assert uncapped.attrs["n_vertices_after"] < capped.attrs["n_vertices_after"]


def test_simplify_zero_tolerance_is_identity(squares):
    out = geo.simplify_for_web(squares, tolerance_m=0)
    assert shapely.equals_exact(
        out.geometry.to_numpy(), squares.geometry.to_numpy(), tolerance=1e-9
    ).all()


def test_simplify_cleans_overlapping_coverage():
    overlapping = gpd.GeoDataFrame(
        {"area_code": ["E01000001", "E01000002"], "area_name": ["A", "B"], "geography": "lsoa21"},
        geometry=[
            shapely.box(-2.30, 53.40, -2.2899, 53.41),
            shapely.box(-2.29, 53.40, -2.28, 53.41),
        ],
        crs=geo.WGS84,
    )
    out = geo.simplify_for_web(overlapping, tolerance_m=100)
    assert out.attrs["n_coverage_fixed"] == 2
    _assert_clean_coverage(out)


def test_simplify_falls_back_to_unsimplified_shape_and_counts(squares, monkeypatch):
    real = shapely.coverage_simplify

    def breaks_first_area(geoms, tolerance, **kwargs):
        out = np.asarray(real(geoms, tolerance, **kwargs), dtype=object)
        out[0] = shapely.Polygon()
        return out

    monkeypatch.setattr(shapely, "coverage_simplify", breaks_first_area)
    out = geo.simplify_for_web(squares, tolerance_m=400, max_relative=None)
    assert out.attrs["n_fallback"] == 1
    assert out.attrs["fallback_codes"] == ["E01000001"]
    assert out.geometry.iloc[0].equals(squares.geometry.iloc[0])
    assert out.geometry.is_valid.all() and not out.geometry.is_empty.any()


def test_simplify_rejects_negative_tolerance(squares):
    with pytest.raises(ValueError, match="tolerance_m"):
        geo.simplify_for_web(squares, tolerance_m=-1)


# ---------------------------------------------------------------- feature collection


def test_feature_collection_ids_names_and_compact_json(squares):
    text = geo.to_feature_collection(squares)
    parsed = json.loads(text)
    assert parsed["type"] == "FeatureCollection"
    assert [f["id"] for f in parsed["features"]] == SQUARE_CODES
    assert parsed["features"][1]["properties"] == {"name": "Testville 001B"}
    assert {f["type"] for f in parsed["features"]} == {"Feature"}
    # no whitespace outside strings: re-serialising compactly gives the same text
    assert json.dumps(parsed, separators=(",", ":")) == text
    # RFC 7946: exterior rings counter-clockwise
    for feature in parsed["features"]:
        assert shapely.geometry.shape(feature["geometry"]).exterior.is_ccw


def test_feature_collection_rounds_coordinates():
    ring = [
        (-2.2612345678, 53.4812345678),
        (-2.2500000001, 53.4800000004),
        (-2.2549999999, 53.4950000001),
    ]
    gdf = gpd.GeoDataFrame(
        {
            "area_code": ["E01000001"],
            "area_name": ['Caf\u00e9 "quoted" 001A'],
            "geography": "lsoa21",
        },
        geometry=[shapely.Polygon(ring)],
        crs=geo.WGS84,
    )
    text = geo.to_feature_collection(gdf, precision=5)
    assert not re.search(r"\d\.\d{6,}", text)  # no 15-digit floats
    feature = json.loads(text)["features"][0]
    assert feature["properties"]["name"] == 'Caf\u00e9 "quoted" 001A'
    coords = np.asarray(feature["geometry"]["coordinates"][0])
    expected = np.round(np.asarray(ring), 5)
    assert {tuple(c) for c in coords} == {tuple(c) for c in expected}
    assert "[-2.26123,53.48123]" in text and "[-2.25,53.48]" in text

    coarse = json.loads(geo.to_feature_collection(gdf, precision=3))
    assert [-2.261, 53.481] in coarse["features"][0]["geometry"]["coordinates"][0]


def test_feature_collection_multipolygon_with_hole_round_trips():
    # 0.10218 and 51.49634 are values GEOS's own GeoJSON writer prints with 17 digits
    shell = shapely.box(0.1021801, 51.4963400001, 0.2, 51.6)
    with_hole = shapely.Polygon(shell.exterior, [shapely.box(0.12, 51.5, 0.13, 51.51).exterior])
    multi = shapely.MultiPolygon([with_hole, shapely.box(0.3, 51.5, 0.31, 51.51)])
    gdf = gpd.GeoDataFrame(
        {"area_code": ["E01000001", "E01000002"], "area_name": ["Multi", "Simple"]},
        geometry=[multi, with_hole],
        crs=geo.WGS84,
    )
    text = geo.to_feature_collection(gdf)
    assert not re.search(r"\d\.\d{6,}", text)
    assert "0.10218," in text and "51.49634]" in text
    features = json.loads(text)["features"]
    assert features[0]["geometry"]["type"] == "MultiPolygon"
    for feature, geom in zip(features, gdf.geometry, strict=True):
        back = shapely.geometry.shape(feature["geometry"])
        assert back.equals(shapely.transform(geom, lambda c: np.round(c, 5)))
        assert back.is_valid


def test_feature_collection_rejects_empty_geometry(squares):
    broken = squares.copy()
    broken.loc[1, "geometry"] = shapely.Polygon()
    with pytest.raises(ValueError, match="non-empty"):
        geo.to_feature_collection(broken)


def test_feature_collection_reprojects_other_crs(squares):
    assert geo.to_feature_collection(squares.to_crs(geo.BNG)) == geo.to_feature_collection(squares)


# ---------------------------------------------------------------------- boundary rows


def test_boundary_rows_point_inside_and_bbox():
    # a U shape: its centroid falls in the notch, outside the polygon
    u_shape = shapely.Polygon(
        [
            (-2.30, 53.40),
            (-2.27, 53.40),
            (-2.27, 53.43),
            (-2.28, 53.43),
            (-2.28, 53.41),
            (-2.29, 53.41),
            (-2.29, 53.43),
            (-2.30, 53.43),
        ]
    )
    assert not u_shape.contains(u_shape.centroid)
    gdf = pd.concat(
        [
            _read("four_squares.geojson"),
            gpd.GeoDataFrame(
                {"area_code": ["E01000005"], "area_name": ["U"], "geography": "lsoa21"},
                geometry=[u_shape],
                crs=geo.WGS84,
            ),
        ],
        ignore_index=True,
    )
    rows = geo.boundary_rows(gdf)
    assert list(rows.columns) == [
        "area_code",
        "geography",
        "geometry_wkb",
        "centroid_lon",
        "centroid_lat",
        "min_lon",
        "min_lat",
        "max_lon",
        "max_lat",
    ]
    assert rows["area_code"].tolist() == [*SQUARE_CODES, "E01000005"]
    for row, geom in zip(rows.itertuples(), gdf.geometry, strict=True):
        assert isinstance(row.geometry_wkb, bytes)
        assert shapely.from_wkb(row.geometry_wkb).equals(geom)
        point = shapely.Point(row.centroid_lon, row.centroid_lat)
        assert geom.contains(point)
        assert row.min_lon <= row.centroid_lon <= row.max_lon
        assert row.min_lat <= row.centroid_lat <= row.max_lat
        assert (row.min_lon, row.min_lat, row.max_lon, row.max_lat) == geom.bounds


# --------------------------------------------------------------------------- nearest


def test_nearest_points_hand_checked():
    targets = np.array([[0.0, 0.0], [10_000.0, 0.0]])
    origins = np.array([[1_000.0, 0.0], [9_000.0, 3_000.0], [5_000.0, 0.0]])
    index, km = geo.nearest_points_km(origins, targets)
    assert index.tolist() == [0, 1, 0]  # the third origin is equidistant: lowest index wins
    np.testing.assert_allclose(km, [1.0, np.hypot(1_000, 3_000) / 1000, 5.0])


def test_nearest_points_skips_missing_targets_and_origins():
    targets = pd.DataFrame(
        {
            "practice_code": ["A", "B", "C"],
            "easting_bng": [0.0, np.nan, 10_000.0],
            "northing_bng": [0.0, 1_000.0, 0.0],
        }
    )
    origins = pd.DataFrame(
        {"easting_bng": [200.0, np.nan, 9_000.0], "northing_bng": [1_000.0, 5.0, 0.0]}
    )
    index, km = geo.nearest_points_km(origins, targets)
    assert index.tolist() == [0, -1, 2]  # positions in the input, NaN target never chosen
    np.testing.assert_allclose(km, [np.hypot(200, 1_000) / 1000, np.nan, 1.0])


def test_nearest_points_rejects_bad_input():
    with pytest.raises(ValueError, match="no target"):
        geo.nearest_points_km([[0.0, 0.0]], [[np.nan, 1.0]])
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        geo.nearest_points_km([0.0, 0.0, 1.0], [[0.0, 0.0]])


# -------------------------------------------------------------------- national data

EXPECTED_COUNTS = {
    "lsoa21": 33_755,
    "ltla24": 296,
    "utla23": 153,
    "sicbl23": 106,
    "icb23": 42,
    "region": 9,
    "england": 1,
}
#: LSOA layer size ceiling. The 6 MB target cannot be met in this format: with 5-decimal
#: coordinates, the id and the name, the per-feature text alone is 3.0 MB and the coverage's
#: nodes (vertices shared by 3+ LSOAs, which no topology-preserving simplification can drop)
#: another 5.9 MB, so the floor is 8.9 MB. The build gives ~11.2 MB (1.8 MB gzipped).
LSOA_MAX_BYTES = 11_500_000
SMALL_LAYER_MAX_BYTES = 1_000_000


@pytest.mark.national
def test_build_all_boundaries_on_shipped_files():
    boundaries, collections = geo.build_all_boundaries(BOUNDARIES_DIR)
    report = collections.attrs["report"]
    # its time is measured by benchmarks/build_national.py (geometry stage), not asserted here

    assert boundaries.groupby("geography").size().to_dict() == EXPECTED_COUNTS
    assert not boundaries.duplicated(["geography", "area_code"]).any()
    # codes are unique across geographies except that unitary, metropolitan and London
    # authorities (E06/E08/E09) are both a lower-tier (ltla24) and an upper-tier (utla23) area
    shared = boundaries.loc[boundaries["area_code"].duplicated(keep=False)]
    assert set(shared["geography"]) == {"ltla24", "utla23"}
    assert set(shared["area_code"].str[:3]) == {"E06", "E08", "E09"}
    assert len(shared) == 2 * 132
    assert boundaries.loc[boundaries["geography"] == "england", "area_code"].tolist() == [
        geo.ENGLAND_CODE
    ]
    geoms = shapely.from_wkb(boundaries["geometry_wkb"].to_numpy())
    assert shapely.is_valid(geoms).all()
    assert not shapely.is_empty(geoms).any()
    assert np.isin(shapely.get_type_id(geoms), [3, 6]).all()  # Polygon, MultiPolygon
    points = shapely.points(boundaries[["centroid_lon", "centroid_lat"]].to_numpy())
    assert shapely.contains(geoms, points).all()
    assert all(report[g]["n_fallback"] == 0 for g in EXPECTED_COUNTS)

    sizes = collections.set_index("geography")
    assert sizes["n_features"].to_dict() == EXPECTED_COUNTS
    for row in collections.itertuples():
        assert row.n_bytes == len(row.geojson.encode("utf-8"))
        assert not re.search(r"\d\.\d{6,}", row.geojson)
    for small in ("ltla24", "utla23", "sicbl23", "icb23", "region", "england"):
        assert sizes.loc[small, "n_bytes"] <= SMALL_LAYER_MAX_BYTES, small
    assert sizes.loc["lsoa21", "n_bytes"] <= LSOA_MAX_BYTES
    lsoa = json.loads(sizes.loc["lsoa21", "geojson"])
    ids = [f["id"] for f in lsoa["features"]]
    assert len(set(ids)) == len(ids) == 33_755
    assert set(ids) == set(boundaries.loc[boundaries["geography"] == "lsoa21", "area_code"])

    # the simplified LSOA layer is still an edge-matched coverage
    lsoa_geoms = geoms[(boundaries["geography"] == "lsoa21").to_numpy()]
    assert shapely.coverage_is_valid(lsoa_geoms)


@pytest.mark.national
def test_nearest_gp_practice_on_shipped_files():
    sources = REPO / "data" / "sources"
    centroids = pd.read_csv(sources / "lookups" / "lsoa21_population_weighted_centroids_ew.csv.gz")
    centroids = centroids[centroids["lsoa21_code"].str.startswith("E")]
    practices = pd.read_csv(
        sources / "service_use" / "gp_practices_qof2324_england_geocoded_codepointopen.csv.gz"
    )
    assert len(centroids) == 33_755 and len(practices) == 6_267
    started = time.perf_counter()
    index, km = geo.nearest_points_km(centroids, practices)
    assert time.perf_counter() - started < 2
    assert (index >= 0).all() and np.isfinite(km).all()
    chosen = practices.iloc[index]
    assert chosen[["easting_bng", "northing_bng"]].notna().all().all()
    assert km.min() >= 0 and km.max() < 30 and 0.3 < np.median(km) < 2
