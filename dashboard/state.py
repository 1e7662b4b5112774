"""View state <-> query string (pure: used by the page layout, callbacks and tests)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from core import geographies
from core.geographies import ATLAS_PREFERRED
from dashboard import validation
from dashboard.data import indicators
from dashboard.figures.map import COLOURINGS

KEYS = ("indicator", "geography", "period", "colouring", "area")
DEFAULT_INDICATOR = "stroke_admissions_rate"


def parse_query(search: str | None) -> dict:
    """'?indicator=x&geography=y' -> {'indicator': 'x', 'geography': 'y'} (known keys only)."""
    pairs = parse_qsl((search or "").lstrip("?"), keep_blank_values=False)
    return {k: v for k, v in pairs if k in KEYS}


def to_query(state: dict) -> str:
    """Inverse of :func:`parse_query`, keys in a fixed order, empty values left out."""
    pairs = [(k, state[k]) for k in KEYS if state.get(k)]
    return "?" + urlencode(pairs) if pairs else ""


def resolve(params: Mapping[str, Any], problems: list[str] | None = None) -> dict:
    """Fill in and correct a (possibly partial, stale or hostile) state against the catalogue.

    Values may be anything a query string or a control sends (a list for a repeated key, a
    dict, a number, a very long string): each is replaced by the nearest valid value, and
    what was replaced is described in ``problems`` (when a list is given).
    """
    notes: list[str] = [] if problems is None else problems
    cat = indicators.catalogue()
    default = DEFAULT_INDICATOR if DEFAULT_INDICATOR in cat.index else cat.index[0]
    ind = validation.choice(params.get("indicator"), cat.index, default)
    meta = cat.loc[ind]
    _note(notes, "indicator", params.get("indicator"), ind, str(meta["name"]))
    geos = [g for g in meta["geographies"] if g != "england"] or list(meta["geographies"])
    geo = validation.choice(params.get("geography"), geos, None)
    if geo is None:
        geo = next((g for g in ATLAS_PREFERRED if g in geos), geos[0])
        _note(notes, "geography", params.get("geography"), geo,
              geographies.GEOGRAPHY_LABELS.get(geo, geo))
    periods = list(meta["periods"])
    period = validation.choice(params.get("period"), periods, periods[-1])
    _note(notes, "period", params.get("period"), period, period)
    colouring = validation.choice(params.get("colouring"), COLOURINGS, "quantiles")
    _note(notes, "colouring", params.get("colouring"), colouring, COLOURINGS[colouring])
    area = validation.text(params.get("area")) or None
    if area is not None and area not in set(indicators.areas(str(geo))["area_code"]):
        area = None
    _note(notes, "area", params.get("area"), area, "none")
    return {
        "indicator": ind,
        "geography": geo,
        "period": period,
        "colouring": colouring,
        "area": area,
    }


def _note(notes: list[str], key: str, given: Any, used: Any, label: str) -> None:
    """Record that ``key`` was given a value that is not used (a missing value is not noted)."""
    if not validation.replaced(given, used):
        return
    notes.append(f"{key} {validation.shown(given)} is not available, showing {label}")


def geography_options(indicator_id: str) -> list[dict]:
    """Geographies the indicator has values for (England alone is not a map)."""
    geos = indicators.indicator(indicator_id)["geographies"]
    return [
        {"label": geographies.GEOGRAPHY_LABELS.get(g, g), "value": g} for g in geos if g != "england"
    ]


def period_options(indicator_id: str) -> list[dict]:
    """Periods the indicator has, newest first."""
    return [{"label": p, "value": p} for p in reversed(indicators.indicator(indicator_id)["periods"])]
