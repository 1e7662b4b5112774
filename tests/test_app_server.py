"""The served app: health route, production server, and a rebuild seen without a restart."""

from __future__ import annotations

import gzip
import json
import shutil
import urllib.request
from pathlib import Path

import duckdb
import pytest

from etl import build as etl_build
from tests.conftest import MINI_DATA_DIR, start_app, stop_app


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


def _healthz(url: str) -> dict:
    status, body = _get(url + "/healthz")
    assert status == 200
    return json.loads(body)


def test_healthz_reports_the_build(mini_warehouse, monkeypatch):
    from app import create_app

    monkeypatch.setenv("ATLAS_WAREHOUSE", str(mini_warehouse))
    client = create_app().server.test_client()
    answer = client.get("/healthz")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "ok"
    assert body["input_fingerprint"] == etl_build.input_fingerprint(MINI_DATA_DIR)
    assert body["built_at"].startswith("20")


def test_healthz_is_503_when_the_warehouse_cannot_be_read(tmp_path, mini_warehouse, monkeypatch):
    from app import create_app

    monkeypatch.setenv("ATLAS_WAREHOUSE", str(mini_warehouse))
    client = create_app().server.test_client()
    assert client.get("/healthz").status_code == 200  # Dash lays out every page on first use
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(tmp_path / "missing.duckdb"))
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.get_json()["status"] == "error"


def test_server_attribute_for_wsgi_servers():
    import app

    assert app.server.name == "app"  # a Flask app, made on first use (gunicorn 'app:server')
    assert app.server is app.server
    assert app.parse_args(["--debug"]).debug
    assert not app.parse_args([]).debug
    with pytest.raises(AttributeError):
        _ = app.no_such_attribute


def _shift_region_boundaries(data_dir: Path, degrees: float) -> None:
    """A real change to an input: move every region polygon east by ``degrees``."""
    path = data_dir / "sources/boundaries/rgn23_dec2023_en_buc.geojson"
    collection = json.loads(path.read_text())

    def shift(coords):
        if isinstance(coords[0], (int, float)):
            return [coords[0] + degrees, *coords[1:]]
        return [shift(c) for c in coords]

    for feature in collection["features"]:
        feature["geometry"]["coordinates"] = shift(feature["geometry"]["coordinates"])
    path.write_text(json.dumps(collection))


def _first_longitude(geojson_bytes: bytes) -> float:
    collection = json.loads(gzip.decompress(geojson_bytes))
    coords = collection["features"][0]["geometry"]["coordinates"]
    while not isinstance(coords[0], (int, float)):
        coords = coords[0]
    return float(coords[0])


def _region_map(url: str) -> bytes:
    """The atlas map callback's response for regions (cacheable: see dashboard/response_cache)."""
    body = json.dumps({
        "output": "..atlas-map.figure...atlas-map-geography.data...atlas-query.data..",
        "outputs": [{"id": "atlas-map", "property": "figure"},
                    {"id": "atlas-map-geography", "property": "data"},
                    {"id": "atlas-query", "property": "data"}],
        "inputs": [{"id": "atlas-indicator", "property": "value", "value": "population_total"},
                   {"id": "atlas-geography", "property": "value", "value": "region"},
                   {"id": "atlas-period", "property": "value", "value": None},
                   {"id": "atlas-colouring", "property": "value", "value": "quantiles"},
                   {"id": "atlas-area", "property": "value", "value": None}],
        "changedPropIds": [],
        "state": [{"id": "atlas-map-geography", "property": "data"}],
    }).encode()
    request = urllib.request.Request(url + "/_dash-update-component", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return response.read()


def test_a_rebuild_is_served_without_a_restart(tmp_path, mini_warehouse):
    """``python -m etl build`` swaps a new file in under the running production server: the next
    request reads the new build (fingerprint, build time, data), the process is the same, and
    a view answered from the response cache before the rebuild is computed again after it."""
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(mini_warehouse, db)
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA_DIR, data)
    proc, url = start_app(db)
    try:
        before = _healthz(url)
        request = urllib.request.Request(url + "/geometry/region.geojson",
                                         headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=30) as response:
            lon_before = _first_longitude(response.read())
        map_before = _region_map(url)
        assert _region_map(url) == map_before  # the second answer comes from the cache
        assert before["version"].encode() in map_before  # geometry URL of this build

        _shift_region_boundaries(data, 0.5)
        etl_build.build(db, data, log=lambda _: None)

        after = _healthz(url)
        assert proc.poll() is None  # same process, no restart
        assert after["input_fingerprint"] == etl_build.input_fingerprint(data)
        assert after["input_fingerprint"] != before["input_fingerprint"]
        assert after["built_at"] > before["built_at"]
        with urllib.request.urlopen(request, timeout=30) as response:
            lon_after = _first_longitude(response.read())
        assert lon_after == pytest.approx(lon_before + 0.5, abs=1e-4)
        map_after = _region_map(url)
        assert after["version"].encode() in map_after  # not the cached old answer
        assert before["version"].encode() not in map_after
        stored = duckdb.connect(str(db), read_only=True).execute(
            "select any_value(input_fingerprint) from build_info").fetchone()[0]
        assert stored == after["input_fingerprint"]
    finally:
        stop_app(proc)
