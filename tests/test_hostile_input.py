"""Hostile input: every page and every callback of the running app answers, never HTTP 500.

Requests go through Flask's test client on ``create_app().server``, as a browser's would:

* every page (through Dash's pages router callback, which calls ``layout(**url_args)``, and a
  plain GET) with unknown values, repeated keys and 10,000-character values for each query key;
* every server callback listed by ``/_dash-dependencies`` (new callbacks are covered without
  editing this file) with its inputs and state replaced by hostile values: unknown ids, long
  strings, lists, dicts, numbers, None, nested and 10,000-level deep structures, malformed
  uploads and tampered stored state;
* malformed requests to ``/_dash-update-component``.

The pages must handle these by their own validation (``dashboard.validation``), not by the
safety net (``dashboard.errors``): the page and "common cases" checks run with the net off,
and the callback sweep asserts the net caught nothing.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import json
import logging
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from dashboard import errors, validation
from tests.dash_requests import ROUTE, Payload, Probe, all_components, router_body

national = pytest.mark.usefixtures("use_national_warehouse")

LONG = "x" * 10_000
DEEP = 10_000  # levels of nesting of the "deep" values
PAGE_KEYS = {
    "/": ("indicator", "geography", "period", "colouring", "area"),
    "/gaps": ("theme", "geography", "within", "parent", "asof", "w"),
    "/stroke": ("geography", "area"),
    "/prevention": ("geography", "area", "measure"),
    "/investment": ("mode", "geo", "areas", "theme", "pgeo", "within", "parent", "dgeo", "darea",
                    "iv", "rule", "uplift", "horizon", "rate", "ovr", "cur", "elig", "nhs",
                    "split", "agreed"),
}


def _nested(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return value


HOSTILE: dict[str, Any] = {
    "unknown": "no-such-id",
    "long": LONG,
    "list": ["no-such-id", "E06000008"],
    "dict": {"a": {"b": 1}},
    "int": 12345,
    "float": -1e308,
    "none": None,
    "bool": True,
    "nested": _nested(30),
    "empty": "",
    "empty list": [],
}
#: The kinds sent to every input and state at once (each falls back to the default view, so
#: the rest are sent one slot at a time, rotating, to keep the sweep fast).
EVERY_SLOT = ("unknown", "list", "dict", "nested")


def _b64(data: bytes) -> str:
    return "data:application/json;base64," + base64.b64encode(data).decode()


UPLOADS = {
    "not base64": "data:application/json;base64,!!!not base64!!!",
    "no comma": "garbage",
    "not utf-8": _b64(b"\xff\xfe\x00garbage"),
    "not json": _b64(b"{not json"),
    "a json list": _b64(b"[1, 2, 3]"),
    "nested 10,000 deep": _b64(("[" * DEEP + "]" * DEEP).encode()),
    "nested object 10,000 deep": _b64(('{"a":' * DEEP + "1" + "}" * DEEP).encode()),
    "2 MB": _b64(b'{"kind": "' + b"x" * 2_000_000 + b'"}'),
    "scenario of the wrong types": _b64(json.dumps({
        "kind": "health-needs-atlas/investment-scenario", "version": 1,
        "scenario": {"mode": ["areas"], "areas": LONG, "iv": {"a": 1}, "horizon": "10"},
    }).encode()),
    "scenario with a long area list": _b64(json.dumps({
        "kind": "health-needs-atlas/investment-scenario", "version": 1,
        "scenario": {"mode": "areas", "geo": "utla23", "areas": [LONG] * 50},
    }).encode()),
}


def _tampered_states() -> dict[str, Any]:
    from planning.case import DEFAULT

    good = dict(DEFAULT)
    return {
        "empty": {},
        "unknown intervention": {**good, "iv": "no-such-intervention"},
        "unknown mode": {**good, "mode": ["areas", "priority"]},
        "areas a long string": {**good, "areas": LONG},
        "areas of dicts": {**good, "areas": [{"a": 1}, None, 5]},
        "figures not numbers": {**good, "ovr": {"effect": ["a", None, {}]}},
        "figures a list": {**good, "ovr": [1, 2, 3]},
        "horizon a list": {**good, "horizon": [5, 10]},
        "rate huge": {**good, "rate": 1e308},
        "agreed nonsense": {**good, "split": "agreed", "agreed": {"x": "y", "E10000017": -5}},
        "a list": [good],
        "a string": "state",
    }


# ---------------------------------------------------------------- the app
@contextlib.contextmanager
def _net(app, enabled: bool) -> Iterator[None]:
    before = app.server.config.get(errors.NET, True)
    app.server.config[errors.NET] = enabled
    try:
        yield
    finally:
        app.server.config[errors.NET] = before



def _special_values(payload: Payload, id_text: str, prop: str) -> dict[str, Any]:
    """Upload contents and stored state get their own hostile values."""
    kind = payload.kind(id_text, prop)
    if kind == "Upload" and prop == "contents":
        return UPLOADS
    if kind == "Store" and prop == "data":
        return _tampered_states()
    return {}


def _sweep_callback(probe: Probe, payload: Payload) -> None:
    name = payload.output[:70]
    # the request as the page sends it is served (the request checks refuse nothing valid)
    answer = probe.post(f"{name} valid", payload.body({}))
    assert answer.status_code in (200, 204), (name, answer.get_data(as_text=True)[:300])
    # every input and state hostile at once, one kind at a time (pattern lists get a forged id)
    every = {(s, i): None for s, i, _, _ in payload.slots}
    for kind in EVERY_SLOT:
        probe.post(f"{name} all={kind}",
                   payload.body(dict.fromkeys(every, HOSTILE[kind]), forged=True))
    # one slot hostile, the others valid (the view behind the callback gets far): a long
    # string and one other kind a slot, rotating through the kinds
    kinds = [(k, v) for k, v in HOSTILE.items() if k != "long"]
    for n, (section, i, id_text, prop) in enumerate(payload.slots):
        trigger = (id_text, prop) if section == "inputs" else None
        chosen = dict([("long", LONG), kinds[n % len(kinds)]])
        chosen.update(_special_values(payload, id_text, prop))
        for kind, value in chosen.items():
            probe.post(f"{name} {id_text}.{prop}={kind}",
                       payload.body({(section, i): value}, trigger=trigger))
    # a 10,000-level deep value in the first input (the request is refused, not parsed)
    marker = "__deep__"
    text = json.dumps(payload.body({("inputs", 0): marker}))
    deep = "[" * DEEP + '"x"' + "]" * DEEP
    probe.post(f"{name} deep", raw=text.replace(json.dumps(marker), deep, 1))


@pytest.fixture(scope="module")
def dependencies(atlas_app) -> list[dict]:
    deps = atlas_app.server.test_client().get("/_dash-dependencies").get_json()
    return deps


# ---------------------------------------------------------------- tests: the app
@national
def test_pages_answer_hostile_query_strings_by_their_own_validation(atlas_app):
    """Every page, every query key: unknown, repeated and 10,000-character values, each alone
    and all at once; the net is off, so each page's layout handles them itself."""
    probe = Probe(atlas_app)
    with _net(atlas_app, False):
        for path, keys in PAGE_KEYS.items():
            cases: list[tuple[str, list[tuple[str, str]]]] = []
            for key in keys:
                cases += [(f"{key}=unknown", [(key, "no-such-id")]),
                          (f"{key} repeated", [(key, "no-such-id"), (key, "E06000008")]),
                          (f"{key}=long", [(key, LONG)])]
            cases += [("all unknown", [(k, "no-such-id") for k in keys]),
                      ("all repeated", [(k, v) for k in keys for v in ("a", "b")]),
                      ("all long", [(k, LONG) for k in keys]),
                      ("unknown key", [("no_such_key", "1"), ("pathname_", "x")])]
            for label, pairs in cases:
                search = "?" + urlencode(pairs)
                probe.get(f"GET {path} {label}", path + search)
                answer = probe.post(f"layout {path} {label}", router_body(path, search))
                if answer.status_code == 200:
                    content = answer.get_json()["response"]["_pages_content"]["children"]
                    assert content is not None, f"{path} {label}: no layout"
    assert not probe.failures(), probe.summary()
    assert len(probe.answers) > 2 * 3 * sum(len(k) for k in PAGE_KEYS.values())


@national
def test_every_callback_answers_hostile_values(atlas_app, dependencies, caplog):
    """Every registered server callback, with hostile inputs and state: no answer >= 500, and
    the safety net caught nothing (each case was handled by the callback's validation)."""
    probe = Probe(atlas_app)
    components = all_components(probe, PAGE_KEYS)
    server = [d for d in dependencies if not d.get("clientside_function")]
    assert len(server) >= 35, "expected every page's callbacks to be registered"
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger=errors.__name__):
        for dep in server:
            _sweep_callback(probe, Payload(dep, components))
    caught = [r.getMessage() for r in caplog.records if r.name == errors.__name__]
    seconds = time.monotonic() - started
    statuses: dict[int, int] = {}
    for _, status, _ in probe.answers:
        statuses[status] = statuses.get(status, 0) + 1
    hostile = sum(1 for label, _, _ in probe.answers
                  if not label.endswith(" valid") and not label.startswith("layout"))
    print(f"\n{len(probe.answers)} requests ({hostile} hostile) to {len(server)} callbacks in "
          f"{seconds:.1f} s; statuses {dict(sorted(statuses.items()))}")
    assert not probe.failures(), probe.summary()
    assert not caught, f"the safety net caught {len(caught)} errors:\n" + "\n".join(caught[:25])


@national
def test_clientside_callbacks_are_not_served(atlas_app, dependencies):
    """Clientside callbacks have no server function: a request naming one is refused (400)."""
    probe = Probe(atlas_app)
    for dep in dependencies:
        if dep.get("clientside_function"):
            body = {"output": dep["output"], "outputs": {"id": "x", "property": "y"},
                    "inputs": [{"id": d["id"], "property": d["property"], "value": LONG}
                               for d in dep["inputs"]], "changedPropIds": []}
            assert probe.post(dep["output"], body).status_code == 400
    assert not probe.failures(), probe.summary()


# A genuine request of the atlas provenance callback (the one the malformed-request and
# safety-net tests start from).
PROVENANCE_REQUEST: dict[str, Any] = {
    "output": "..atlas-provenance.children...atlas-about.children..",
    "outputs": [{"id": "atlas-provenance", "property": "children"},
                {"id": "atlas-about", "property": "children"}],
    "inputs": [{"id": "atlas-indicator", "property": "value",
                "value": "stroke_admissions_rate"},
               {"id": "atlas-geography", "property": "value", "value": "utla23"},
               {"id": "atlas-period", "property": "value", "value": "2017-2019"}],
    "changedPropIds": ["atlas-indicator.value"],
}


@national
@pytest.mark.parametrize("net", [True, False], ids=["net on", "net off"])
def test_malformed_callback_requests_get_400(atlas_app, net):
    """Malformed requests are refused by the request checks, with the net on or off."""
    probe = Probe(atlas_app)
    good = copy.deepcopy(PROVENANCE_REQUEST)
    assert probe.post("good", good).status_code == 200
    bad: dict[str, Any] = {
        "missing output": {k: v for k, v in good.items() if k != "output"},
        "missing inputs": {k: v for k, v in good.items() if k != "inputs"},
        "missing outputs": {k: v for k, v in good.items() if k != "outputs"},
        "unknown output": {**good, "output": "no-such.children"},
        "output a dict": {**good, "output": {"a": 1}},
        "output a long string": {**good, "output": LONG},
        "inputs a dict": {**good, "inputs": {"a": 1}},
        "inputs strings": {**good, "inputs": ["a", "b", "c"]},
        "inputs lists": {**good, "inputs": [[], [], []]},
        "inputs too few": {**good, "inputs": good["inputs"][:1]},
        "inputs too many": {**good, "inputs": good["inputs"] * 2},
        "input without id": {**good, "inputs": [{"property": "value", "value": 1}] * 3},
        "input id a list": {**good, "inputs": [{"id": [1], "property": "value"}] * 3},
        "input property an int": {**good, "inputs": [{"id": "a", "property": 5}] * 3},
        "state a string": {**good, "state": "x"},
        "outputs a string": {**good, "outputs": "x"},
        "outputs too few": {**good, "outputs": good["outputs"][:1]},
        "changedPropIds a string": {**good, "changedPropIds": "atlas-indicator.value"},
        "changedPropIds ints": {**good, "changedPropIds": [1, 2]},
        "changedPropIds a bad id": {**good, "changedPropIds": ["{not json.value"]},
        "a list": [good],
        "a string": "x",
        "null": None,
        "router search a dict": {**router_body("/", ""), "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": "/"},
            {"id": "_pages_location", "property": "search", "value": {"a": 1}}]},
    }
    raw_bodies = {"invalid JSON": "{not json", "empty": "", "deep": "[" * DEEP + "]" * DEEP,
                  "too large": json.dumps({**good, "pad": "x" * 9_000_000})}
    with _net(atlas_app, net):
        for label, body in bad.items():
            answer = probe.post(label, body)
            assert answer.status_code == 400, label
            assert answer.get_json()["error"] == "bad callback request"
        for label, raw in raw_bodies.items():
            assert probe.post(label, raw=raw).status_code == 400, label
        assert probe.post("text/plain", raw=json.dumps(good),
                          content_type="text/plain").status_code == 400
        probe.get("GET", ROUTE)  # Dash serves the page for any GET
    assert not probe.failures(), probe.summary()


@national
def test_common_hostile_cases_are_handled_without_the_net(atlas_app):
    """With the safety net off: unknown ids, repeated keys (lists), long strings, a nested
    upload and a tampered stored state are answered by the callbacks' own validation."""
    from dashboard.pages.investment.state import InvestmentState
    from planning.case import DEFAULT

    probe = Probe(atlas_app)
    components = all_components(probe, PAGE_KEYS)
    deps = {d["output"]: d for d in
            atlas_app.server.test_client().get("/_dash-dependencies").get_json()}

    def send(output: str, label: str, values: dict[str, Any]) -> None:
        payload = Payload(deps[output], components)
        replace = {(s, i): values[f"{id_}.{prop}"] for s, i, id_, prop in payload.slots
                   if f"{id_}.{prop}" in values}
        probe.post(f"{output[:50]} {label}", payload.body(replace))

    atlas = ["..atlas-map.figure...atlas-map-geography.data...atlas-query.data..",
             "..atlas-provenance.children...atlas-about.children..",
             "..atlas-profile.children...atlas-trend.figure...atlas-profile-csv-button"
             ".hidden..",
             "..atlas-inequality-text.children...atlas-inequality.figure..",
             "..atlas-funnel-note.children...atlas-funnel.figure..",
             "atlas-download.data",
             "atlas-profile-download.data",
             "..atlas-geography.options...atlas-geography.value...atlas-period.options"
             "...atlas-period.value...atlas-view-note.children.."]
    cases = {"unknown": "no-such-id", "repeated": ["a", "b"], "long": LONG}
    with _net(atlas_app, False):
        for output in atlas:
            for label, value in cases.items():
                send(output, f"indicator {label}", {"atlas-indicator.value": value})
                send(output, f"geography {label}", {"atlas-geography.value": value})
                send(output, f"period {label}", {"atlas-period.value": value})
                send(output, f"area {label}", {"atlas-area.value": value})
        for output, control in (
                (next(o for o in deps if o.startswith("..gaps-map.figure")), "gaps-theme.value"),
                (next(o for o in deps if o.startswith("..stroke-headline")),
                 "stroke-geography.value"),
                (next(o for o in deps if o.startswith("..prevention-note")),
                 "prevention-measure.value"),
                (next(o for o in deps if o.startswith("..investment-status")),
                 "investment-intervention.value")):
            for label, value in cases.items():
                send(output, f"{control} {label}", {control: value})
        upload = "..investment-location.data...investment-upload-status.children.."
        for label in ("nested 10,000 deep", "nested object 10,000 deep", "not base64"):
            send(upload, label, {"investment-upload.contents": UPLOADS[label]})
        report = next(o for o in deps if o.startswith("..investment-report-download"))
        for label, state in _tampered_states().items():
            send(report, label, {"investment-state.data": state,
                                 "investment-report-button.n_clicks": 1})
            send("investment-json-download.data", label,
                 {"investment-state.data": state, "investment-json-button.n_clicks": 1})
    assert not probe.failures(), probe.summary()

    # what the user sees: the nested upload is refused with a message; a tampered stored state
    # gets a message instead of a report, an intact one its report
    def response(output: str, values: dict[str, Any]) -> str:
        payload = Payload(deps[output], components)
        replace = {(s, i): values[f"{id_}.{prop}"] for s, i, id_, prop in payload.slots
                   if f"{id_}.{prop}" in values}
        with _net(atlas_app, False):
            answer = probe.post(output[:50], payload.body(replace))
        assert answer.status_code == 200
        return json.dumps(answer.get_json()["response"])

    text = response(upload, {"investment-upload.contents": UPLOADS["nested 10,000 deep"]})
    assert "Could not open the file: Not a valid JSON file: nested more than" in text
    tampered = {**DEFAULT, "iv": "no-such-intervention"}
    text = response(report, {"investment-state.data": tampered,
                             "investment-report-button.n_clicks": 1})
    assert "No report: the page's scenario is not valid" in text
    assert "investment-report-download" not in text
    intact = InvestmentState.resolve({}).as_dict()
    text = response(report, {"investment-state.data": intact,
                             "investment-report-button.n_clicks": 1})
    assert "investment_case_nhs_health_check_" in text
    assert not probe.failures(), probe.summary()


@national
def test_page_state_falls_back_and_says_so():
    """Each page's state resolver: hostile values give the defaults and a short note."""
    from dashboard.pages.atlas.state import DEFAULT_INDICATOR, AtlasState
    from dashboard.pages.gaps.state import GapsState
    from dashboard.pages.investment.state import InvestmentState
    from dashboard.pages.stroke.state import DEFAULT_AREA, StrokeState
    from planning.case import DEFAULT

    hostile = {"list": ["a", "b"], "dict": {"a": 1}, "long": LONG, "int": 5}
    for label, value in hostile.items():
        notes: list[str] = []
        atlas = AtlasState.resolve({k: value for k in PAGE_KEYS["/"]}, notes)
        assert atlas.indicator == DEFAULT_INDICATOR and atlas.area is None, label
        assert len(notes) == 5 and all(len(n) < 200 for n in notes), (label, notes)
        notes = []
        gaps = GapsState.resolve({k: value for k in PAGE_KEYS["/gaps"]}, notes)
        assert (gaps.theme, gaps.geography, gaps.parent, gaps.asof) == (
            "stroke", "utla23", None, None), label
        assert notes and all(len(n) < 200 for n in notes), (label, notes)
        notes = []
        view = StrokeState.resolve({k: value for k in PAGE_KEYS["/stroke"]}, notes)
        assert view == StrokeState(geography="utla23", area=DEFAULT_AREA), label
        assert len(notes) == 2, (label, notes)
        notes = []
        view = InvestmentState.resolve({k: value for k in PAGE_KEYS["/investment"]}, notes)
        assert view["iv"] == DEFAULT["iv"], label
        assert notes and sum(len(n) for n in notes) < 3_000, (label, notes)
    # a repeated key takes its first value
    assert AtlasState.resolve({"geography": ["region", "utla23"]}).geography == "region"
    assert GapsState.resolve({"theme": ["prevention", "x"]}).theme == "prevention"


@national
def test_safety_net_turns_an_unforeseen_error_into_no_update(atlas_app, monkeypatch, caplog):
    """An error no validation foresaw: with the net, one log line and no update (not 500);
    without it, HTTP 500."""
    from dashboard.pages.atlas import callbacks as atlas

    def broken(*_args, **_kwargs):
        msg = "unforeseen"
        raise RuntimeError(msg)

    monkeypatch.setattr(atlas, "provenance_view", broken)
    body = copy.deepcopy(PROVENANCE_REQUEST)
    client = atlas_app.server.test_client()
    with caplog.at_level(logging.WARNING, logger=errors.__name__):
        answer = client.post(ROUTE, json=body)
    assert answer.status_code < 500
    assert "atlas-provenance" not in answer.get_data(as_text=True)  # no output updated
    lines = [r.getMessage() for r in caplog.records if r.name == errors.__name__]
    assert len(lines) == 1
    assert "atlas-provenance" in lines[0] and "RuntimeError: unforeseen" in lines[0]
    assert "\n" not in lines[0]
    logging.getLogger("app").disabled = True  # Flask logs the 500's traceback; not needed here
    try:
        with _net(atlas_app, False):
            assert client.post(ROUTE, json=body).status_code == 500
    finally:
        logging.getLogger("app").disabled = False


# ---------------------------------------------------------------- tests: the helpers
def test_text_takes_one_bounded_string():
    assert validation.text("utla23") == "utla23"
    assert validation.text(["utla23", "icb23"]) == "utla23"  # a repeated query key
    assert validation.text([]) is None
    assert validation.text(LONG) is None
    assert validation.text("x" * 50, max_length=49) is None
    for value in (None, 5, 1.5, True, {"a": 1}, [["a"]]):
        assert validation.text(value) is None


def test_choice_falls_back_to_the_default():
    allowed = ("utla23", "icb23")
    assert validation.choice("icb23", allowed, "utla23") == "icb23"
    assert validation.choice(["icb23", "x"], allowed, "utla23") == "icb23"
    for value in ("mars", LONG, {"a": 1}, None, 5, ["x", "icb23"]):
        assert validation.choice(value, allowed, "utla23") == "utla23"
    assert validation.choice("x", {"x": 1}, None) == "x"  # any collection of allowed values


def test_texts_bounds_a_list_of_codes():
    assert validation.texts("a, b,,a") == ["a", "b"]
    assert validation.texts(["a", 5, None, {"x": 1}, LONG, " b "]) == ["a", "b"]
    assert validation.texts({"a": 1}) == []
    assert validation.texts(None) == []
    assert len(validation.texts([str(i) for i in range(10_000)], max_items=100)) == 100
    assert validation.texts("," * 1_000_000) == []


def test_number_is_finite_and_in_range():
    assert validation.number("3.5") == 3.5
    assert validation.number(7) == 7.0
    assert validation.number(5, low=0, high=4) is None
    assert validation.number(["2", "3"]) == 2.0  # a repeated query key: the first
    for value in ("nan", "inf", "1" * 41, True, None, [], {"a": 1}, "x", 1e309, [[1]]):
        assert validation.number(value) is None


def test_mapping_pairs_and_click():
    assert validation.mapping({"a": 1}) == {"a": 1}
    assert validation.mapping([("a", 1)]) is None
    assert validation.mapping({str(i): i for i in range(10)}, max_items=5) is None
    ids = [{"indicator": "a"}, {"indicator": 5}, "x", {"other": "b"}]
    assert validation.pairs(ids, [1, 2, 3, 4], key="indicator") == [("a", 1)]
    assert validation.pairs(ids, [1], key="indicator") == []
    assert validation.pairs({"a": 1}, [1], key="indicator") == []
    assert validation.clicked_location({"points": [{"location": "E06000008"}]}) == "E06000008"
    for click in (None, [], {"points": "x"}, {"points": []}, {"points": [5]},
                  {"points": [{"location": {"a": 1}}]}, {"points": [{"location": LONG}]}):
        assert validation.clicked_location(click) is None


def test_shown_is_short():
    assert validation.shown("abc") == "'abc'"
    assert validation.shown(LONG) == repr("x" * 40 + "…")
    assert validation.shown(["a", "b"]) == "(several values)"
    assert validation.shown(["a"]) == "'a'"
    assert validation.shown({"a": 1}) == "an unreadable value"
    assert validation.replaced({"a": 1}, None) and validation.replaced("x", "y")
    assert validation.replaced(["x", "y"], None)
    assert not validation.replaced(["y", "x"], "y")  # a repeated key: its first value used
    assert not any(validation.replaced(v, "d") for v in (None, "", []))  # nothing given


def test_load_json_bounds_size_and_depth():
    assert validation.load_json('{"a": [1, {"b": "[[[[["}]}') == {"a": [1, {"b": "[[[[["}]}
    assert validation.load_json(b'{"a": 1}') == {"a": 1}
    assert validation.json_too_deep("[" * 33 + "]" * 33)
    assert not validation.json_too_deep("[" * 32 + "]" * 32)
    assert not validation.json_too_deep('["' + "[" * 100 + '"]')  # brackets in a string
    with pytest.raises(ValueError, match="^nested more than 32 levels deep$"):
        validation.load_json("[" * DEEP + "]" * DEEP)
    with pytest.raises(ValueError, match="^nested more than 32 levels deep$"):
        validation.load_json('{"a":' * DEEP + "1" + "}" * DEEP)
    with pytest.raises(ValueError, match=r"^too large \(1,200,003 bytes; at most 1,000,000\)$"):
        validation.load_json("[" + "1," * 600_000 + "1]")
    with pytest.raises(ValueError, match="^Expecting property name .* at line 1$"):
        validation.load_json("{not json")
    with pytest.raises(ValueError, match="^not UTF-8 text$"):
        validation.load_json(b"\xff\xfe")
    with pytest.raises(ValueError, match="^too large"):
        validation.load_json("x" * 11, max_bytes=10)


def test_envelope_problem_names_the_fault():
    from dash import Output

    callback_map = {"a.children": {"inputs": [{"id": "b", "property": "value"}], "state": [],
                                   "output": Output("a", "children")}}
    good = {"output": "a.children", "outputs": {"id": "a", "property": "children"},
            "inputs": [{"id": "b", "property": "value", "value": LONG}],
            "changedPropIds": ["b.value"]}
    assert errors.envelope_problem(good, callback_map) is None
    assert "JSON object" in str(errors.envelope_problem([good], callback_map))
    assert "no callback" in str(errors.envelope_problem({**good, "output": "x.y"}, callback_map))
    assert "'inputs' must be a list of 1" in str(errors.envelope_problem(
        {**good, "inputs": []}, callback_map))
    assert "'outputs'" in str(errors.envelope_problem({**good, "outputs": None}, callback_map))
    assert "'changedPropIds'" in str(errors.envelope_problem(
        {**good, "changedPropIds": "b.value"}, callback_map))
