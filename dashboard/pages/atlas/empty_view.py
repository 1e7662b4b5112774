"""Why a view of the atlas shows no values, in words, with a link to the nearest view that has
some (pure: the indicator's catalogue row and the map's rows in, Dash HTML out). Used under
the map and by the funnel plot, so that an empty view is never a grey map or a blank chart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from dash import dcc, html

from core import geographies


def has_values(frame: pd.DataFrame) -> bool:
    """Whether the map's rows hold at least one published (unsuppressed) value."""
    if frame.empty or "value" not in frame:
        return False
    shown = frame["value"].notna()
    if "is_suppressed" in frame:
        shown &= ~frame["is_suppressed"].fillna(False).astype(bool)
    return bool(shown.any())


def reason(meta: Mapping[str, Any], frame: pd.DataFrame, geography: str, period: str) -> str:
    """One sentence: why ``frame`` (the map's rows for the view) has no value to show."""
    label = geographies.GEOGRAPHY_LABELS.get(geography, geography)
    n_suppressed = (int(frame["is_suppressed"].fillna(False).astype(bool).sum())
                    if "is_suppressed" in frame else 0)
    if n_suppressed:
        threshold = meta.get("min_count") or 5
        return (f"No published values of {meta['name']} for {label} in {period}: "
                f"all {n_suppressed:,} values there are suppressed (fewer than {threshold} "
                "events).")
    return (f"No published values of {meta['name']} for {label} in {period}: the "
            "source publishes none for this geography and period.")


def nearest_link(nearest: tuple[str, str] | None, href: str | None) -> list:
    """'Show <geography>, <period> instead' as a link (``href``: the view's address), or a
    sentence saying only England holds values."""
    if nearest is None or href is None:
        return [" Only England's value is published: see the trend chart under the area "
                "profile."]
    geography, period = nearest
    label = geographies.GEOGRAPHY_LABELS.get(geography, geography)
    return [" ", dcc.Link(f"Show {label}, {period} instead", href=href,
                          className="nearest-view")]


def no_values_note(meta: Mapping[str, Any], frame: pd.DataFrame, geography: str, period: str,
                   nearest: tuple[str, str] | None, href: str | None) -> list:
    """Under the map: why the view has no values and a link to the nearest one with values
    ([] when the view has values)."""
    if has_values(frame):
        return []
    return [html.P([reason(meta, frame, geography, period),
                    *nearest_link(nearest, href)],
                   className="warning no-values")]
