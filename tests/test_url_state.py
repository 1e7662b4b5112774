"""dashboard.url_state: the one URL-state codec (dataclass <-> query string)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from dashboard import url_state, validation
from dashboard.url_state import PageState


@dataclass(frozen=True)
class DemoState(PageState):
    PATH = "/demo"

    geography: str = "utla23"
    areas: tuple[str, ...] = field(default=())
    horizon: int = 10
    rate: float = 3.5
    area: str | None = None

    @classmethod
    def resolve(cls, params: Mapping[str, Any], problems: list[str] | None = None) -> DemoState:
        notes: list[str] = [] if problems is None else problems
        geography = validation.choice(params.get("geography"), ("utla23", "icb23"), "utla23")
        if validation.replaced(params.get("geography"), geography):
            notes.append(f"geography {validation.shown(params.get('geography'))} is not "
                         "available")
        areas = tuple(validation.texts(params.get("areas")))
        horizon = validation.number(params.get("horizon"), low=1, high=30)
        rate = validation.number(params.get("rate"), low=0, high=20)
        return cls(geography=geography, areas=areas,
                   horizon=int(horizon) if horizon is not None else 10,
                   rate=rate if rate is not None else 3.5,
                   area=validation.text(params.get("area")) or None)


def test_query_is_fields_in_order_with_empty_values_left_out():
    state = DemoState(geography="icb23", areas=("E1", "E2"), horizon=5, rate=1.5)
    assert state.to_query() == "?geography=icb23&areas=E1,E2&horizon=5&rate=1.5"
    assert DemoState.keys() == ("geography", "areas", "horizon", "rate", "area")


def test_round_trip_through_the_query_string():
    state = DemoState(geography="icb23", areas=("E1", "E2"), horizon=5, rate=1.5, area="E3")
    assert DemoState.from_query(state.to_query()) == state
    default = DemoState.resolve({})
    assert DemoState.from_query(default.to_query()) == default


def test_unknown_keys_are_dropped_and_bad_values_replaced_with_a_note():
    assert DemoState.parse_query("?geography=icb23&evil=1&rate=2") == {
        "geography": "icb23", "rate": "2"}
    problems: list[str] = []
    state = DemoState.from_query("?geography=mars&horizon=999", problems)
    assert state.geography == "utla23" and state.horizon == 10
    assert problems == ["geography 'mars' is not available"]


def test_reads_as_a_mapping_and_copies_with_changes():
    state = DemoState.resolve({"area": "E06000008"})
    assert state["area"] == "E06000008" and state.as_dict()["geography"] == "utla23"
    with pytest.raises(KeyError):
        state["PATH"]
    assert state.replace(area=None).area is None and state.area == "E06000008"


def test_restore_marker_names_controls_and_defaults():
    marker = url_state.restore_marker(DemoState.resolve({}), {"geography": "demo-geo",
                                                             "area": "demo-area"})
    props = marker.to_plotly_json()["props"]
    assert props["className"] == url_state.MARKER_CLASS and props["hidden"] is True
    assert props["data-path"] == "/demo"
    assert json.loads(props["data-controls"]) == {"geography": "demo-geo", "area": "demo-area"}
    assert json.loads(props["data-defaults"]) == {"geography": "utla23", "area": None}
    with pytest.raises(ValueError, match="not keys of DemoState"):
        url_state.restore_marker(DemoState.resolve({}), {"colour": "x"})


def test_history_script_holds_no_page_ids():
    """Back/forward restoration is generic: the script reads the marker, never a page's ids."""
    from pathlib import Path

    script = (Path(__file__).resolve().parents[1] / "dashboard" / "assets" /
              "history.js").read_text()
    assert url_state.MARKER_CLASS in script
    for page_id in ("atlas-", "gaps-", "stroke-", "prevention-", "investment-"):
        assert page_id not in script
