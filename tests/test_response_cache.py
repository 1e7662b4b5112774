"""The callback-response cache: what is cached, for how long, and that a rebuild retires it."""

from __future__ import annotations

import json
import threading
import time

import flask
import pytest
from dash.exceptions import PreventUpdate

from dashboard import response_cache
from dashboard.data import warehouse

ROUTE = "/_dash-update-component"


def _ok(text: str) -> flask.Response:
    return flask.Response(text, status=200, mimetype="application/json")


@pytest.fixture()
def flask_context():
    app = flask.Flask(__name__)
    with app.app_context():
        yield


def test_a_200_is_cached_per_key_and_a_new_generation_misses(flask_context):
    calls = []

    def compute():
        calls.append(1)
        return _ok(json.dumps({"n": len(calls)}))

    body = {"output": "x.children", "inputs": [{"id": "x", "property": "value", "value": 1}]}
    first = response_cache.respond(response_cache.request_key(body, "w#1"), compute)
    again = response_cache.respond(response_cache.request_key(body, "w#1"), compute)
    assert first.get_data() == again.get_data() == b'{"n": 1}'  # json.dumps spacing
    other_order = dict(reversed(list(body.items())))  # same request, keys in another order
    response_cache.respond(response_cache.request_key(other_order, "w#1"), compute)
    assert len(calls) == 1
    rebuilt = response_cache.respond(response_cache.request_key(body, "w#2"), compute)
    assert rebuilt.get_data() == b'{"n": 2}'
    changed = {**body, "inputs": [{"id": "x", "property": "value", "value": 2}]}
    response_cache.respond(response_cache.request_key(changed, "w#2"), compute)
    assert len(calls) == 3
    assert response_cache.stats()["hits"] == 2


def test_no_update_errors_and_non_200_answers_are_not_cached(flask_context):
    calls = []

    def prevented():
        calls.append("prevent")
        raise PreventUpdate

    def bad_request():
        calls.append("400")
        return flask.Response("no", status=400)

    for _ in range(2):
        with pytest.raises(PreventUpdate):
            response_cache.respond(("k", "prevent"), prevented)
        assert response_cache.respond(("k", "400"), bad_request).status_code == 400
    assert calls == ["prevent", "400", "prevent", "400"]
    assert response_cache.stats()["entries"] == 0


def test_identical_concurrent_requests_are_computed_once(flask_context):
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow():
        calls.append(1)
        started.set()
        release.wait(5)
        return _ok("{}")

    results: list[bytes] = []
    app = flask.current_app._get_current_object()

    def request():
        with app.app_context():
            results.append(response_cache.respond(("k",), slow).get_data())

    threads = [threading.Thread(target=request) for _ in range(5)]
    threads[0].start()
    assert started.wait(5)
    for t in threads[1:]:
        t.start()
    deadline = time.monotonic() + 5
    while response_cache.stats()["waits"] < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    for t in threads:
        t.join(5)
    assert calls == [1]
    assert results == [b"{}"] * 5
    assert response_cache.stats()["waits"] == 4


def test_the_cache_is_bounded_in_bytes_and_can_be_switched_off(flask_context, monkeypatch):
    monkeypatch.setenv("ATLAS_RESPONSE_CACHE_MB", "0.001")  # 1,000 bytes
    response_cache.reset()
    for i in range(10):
        response_cache.respond(("k", i), lambda: _ok("x" * 300))
    stats = response_cache.stats()
    assert stats["entries"] == 3 and stats["bytes"] == 900
    monkeypatch.setenv("ATLAS_RESPONSE_CACHE_MB", "0")
    response_cache.reset()
    calls = []
    for _ in range(2):
        response_cache.respond(("k",), lambda: calls.append(1) or _ok("{}"))
    assert calls == [1, 1]
    assert response_cache.stats()["entries"] == 0


# ---------------------------------------------------------------- in the app
def _provenance_body(indicator: str) -> str:
    return json.dumps({
        "output": "..atlas-provenance.children...atlas-about.children..",
        "outputs": [{"id": "atlas-provenance", "property": "children"},
                    {"id": "atlas-about", "property": "children"}],
        "inputs": [{"id": "atlas-indicator", "property": "value", "value": indicator},
                   {"id": "atlas-geography", "property": "value", "value": "ltla24"},
                   {"id": "atlas-period", "property": "value", "value": None}],
        "changedPropIds": ["atlas-indicator.value"],
    })


def test_pure_callbacks_are_cached_and_downloads_are_not(atlas_app, dashboard_warehouse):
    client = atlas_app.server.test_client()
    client.get("/_dash-dependencies")
    outputs = response_cache.cacheable_outputs(atlas_app.callback_map)
    assert "..atlas-map.figure...atlas-map-geography.data...atlas-query.data.." in outputs
    assert response_cache.PAGE_LAYOUT_OUTPUT in outputs
    assert not any("download" in output for output in outputs)


def test_a_repeated_view_is_answered_from_the_cache_until_the_warehouse_changes(
        atlas_app, dashboard_warehouse, monkeypatch):
    from dashboard.pages.atlas import callbacks as atlas_callbacks

    client = atlas_app.server.test_client()
    client.get("/_dash-dependencies")
    calls = []
    real = atlas_callbacks.provenance_view

    def counted(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(atlas_callbacks, "provenance_view", counted)
    body = _provenance_body("stroke_admissions_rate")
    first = client.post(ROUTE, data=body, content_type="application/json")
    second = client.post(ROUTE, data=body, content_type="application/json")
    assert first.status_code == second.status_code == 200
    assert second.get_data() == first.get_data()
    assert len(calls) == 1
    other = client.post(ROUTE, data=_provenance_body("population_total"),
                        content_type="application/json")
    assert other.status_code == 200 and other.get_data() != first.get_data()
    assert len(calls) == 2
    # A rebuilt warehouse (warehouse.refresh clears the caches) is never answered from the cache.
    warehouse.clear_caches()
    third = client.post(ROUTE, data=body, content_type="application/json")
    assert third.status_code == 200
    assert len(calls) == 3
    assert response_cache.stats()["hits"] == 1


def test_an_answer_made_by_a_failed_callback_is_not_cached(atlas_app, dashboard_warehouse,
                                                           monkeypatch, caplog):
    """The safety net answers a failing callback with no update (HTTP 200): that answer must
    not stand for the view until the next build; the next request computes again."""
    from dashboard.pages.atlas import callbacks as atlas_callbacks

    client = atlas_app.server.test_client()
    client.get("/_dash-dependencies")
    real = atlas_callbacks.provenance_view
    calls = []

    def fails_once(*args):
        calls.append(args)
        if len(calls) == 1:
            msg = "transient"
            raise RuntimeError(msg)
        return real(*args)

    monkeypatch.setattr(atlas_callbacks, "provenance_view", fails_once)
    body = _provenance_body("stroke_admissions_rate")
    with caplog.at_level("WARNING"):
        failed = client.post(ROUTE, data=body, content_type="application/json")
    assert failed.status_code < 500 and "atlas-provenance" not in failed.get_data(as_text=True)
    assert response_cache.stats()["entries"] == 0
    recovered = client.post(ROUTE, data=body, content_type="application/json")
    assert recovered.status_code == 200 and "atlas-provenance" in recovered.get_data(as_text=True)
    assert len(calls) == 2
