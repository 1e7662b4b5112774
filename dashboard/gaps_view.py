"""The gaps view: URL state, and the gap table for a theme, geography, period and weights.

Pure apart from reading the warehouse through `dashboard.data.gaps` / `dashboard.queries`.
The indices, classes and priority order come from `etl.indices`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from core import geographies, themes
from core.geographies import GAPS_GEOGRAPHIES
from dashboard import validation
from dashboard.data import gaps as gap_data
from dashboard.data import indicators

KEYS = ("theme", "geography", "within", "parent", "asof", "w")
GEOGRAPHIES = GAPS_GEOGRAPHIES
DEFAULT = {"theme": "stroke", "geography": "utla23", "within": "icb23"}


def encode_weights(theme_id: str, weights: dict[str, float]) -> str:
    """'id:w,id:w' for the weights that differ from the theme's defaults ('' if none)."""
    theme = themes.THEMES_BY_ID[theme_id]
    defaults = {**theme.need_weights, **theme.coverage_weights}
    return ",".join(f"{k}:{weights[k]:g}" for k in defaults if k in weights
                    and float(weights[k]) != float(defaults[k]))


def decode_weights(theme_id: str, text: str | None) -> dict[str, float]:
    """Theme default weights overridden by a 'id:w,...' string (bad or unknown parts ignored;
    a value that is not a short string is ignored as a whole)."""
    theme = themes.THEMES_BY_ID[theme_id]
    weights = {**theme.need_weights, **theme.coverage_weights}
    for part in (validation.text(text, max_length=2_000) or "").split(","):
        key, _, raw = part.partition(":")
        value = validation.number(raw, low=0)
        if key in weights and value is not None:
            weights[key] = value
    return weights




def resolve(params: Mapping[str, Any], problems: list[str] | None = None) -> dict:
    """A complete, valid state from (possibly partial, stale or hostile) query parameters.

    Unknown or unreadable values (a list for a repeated key, a dict, a very long string) are
    replaced by the defaults; what was replaced is described in ``problems`` (when given).
    """
    notes: list[str] = [] if problems is None else problems
    theme = validation.choice(params.get("theme"), themes.THEMES_BY_ID, DEFAULT["theme"])
    geography = validation.choice(params.get("geography"), GEOGRAPHIES, DEFAULT["geography"])
    within = geographies.filter_geography(geography, params.get("within"))
    parent = validation.text(params.get("parent")) or None
    if parent is not None and parent not in set(indicators.areas(within)["area_code"]):
        parent = None
    year = validation.number(params.get("asof"), low=1000, high=9999)
    asof = int(year) if year is not None else None
    weights = decode_weights(theme, params.get("w"))
    labels = {"theme": themes.THEMES_BY_ID[theme].name,
              "geography": geographies.GEOGRAPHY_LABELS[geography],
              "within": geographies.PARENT_GEOGRAPHIES.get(within, within),
              "parent": "all England"}
    for key, used in (("theme", theme), ("geography", geography), ("within", within),
                      ("parent", parent)):
        given = params.get(key)
        if validation.replaced(given, used):
            notes.append(f"{key} {validation.shown(given)} is not available, showing "
                         f"{labels[key]}")
    given = params.get("asof")
    if given not in (None, "", [], 0, "0") and asof is None:
        notes.append(f"asof {validation.shown(given)} is not a year, showing the latest data")
    return {"theme": theme, "geography": geography, "within": within, "parent": parent,
            "asof": asof, "weights": weights}


def to_query(view: dict) -> str:
    """Query string of a resolved state (defaults and empty values left out)."""
    pairs = [("theme", view["theme"]), ("geography", view["geography"]),
             ("within", view["within"])]
    if view.get("parent"):
        pairs.append(("parent", view["parent"]))
    if view.get("asof"):
        pairs.append(("asof", str(view["asof"])))
    w = encode_weights(view["theme"], view["weights"])
    if w:
        pairs.append(("w", w))
    return "?" + urlencode(pairs)


def compute(view: dict) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """:func:`dashboard.data.gaps.gap_table` of a resolved view."""
    return gap_data.gap_table(view["theme"], view["geography"], within=view["within"],
                              parent=view.get("parent"), asof=view["asof"],
                              weights=view["weights"])


def priority_list(table: pd.DataFrame, view: dict, limit: int = 25) -> pd.DataFrame:
    """:func:`dashboard.data.gaps.priority_list` of a resolved view."""
    return gap_data.priority_list(table, view["theme"], view["weights"], limit)


def access_inequality(view: dict, periods: dict[str, str | None]) -> pd.DataFrame:
    """:func:`dashboard.data.gaps.access_inequality` of a resolved view."""
    return gap_data.access_inequality(view["theme"], view.get("parent"), periods)
