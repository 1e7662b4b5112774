"""State of the stroke pathway page: the map geography and the area (never empty: Blackburn
with Darwen, or the area holding most of it), read from and written to the URL by
:mod:`dashboard.url_state`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core import geographies
from core.geographies import STROKE_GEOGRAPHIES
from dashboard import validation
from dashboard.data import indicators
from dashboard.data import stroke as stroke_data
from dashboard.url_state import PageState

DEFAULT_AREA = "E06000008"  # Blackburn with Darwen (utla23 and ltla24)
DEFAULT_GEOGRAPHY = "utla23"


def clean(geography: Any, area: Any) -> tuple[str, str | None]:
    """A control's geography (a map geography, else the default) and area code (text, else
    None): what the page's callbacks read before anything else."""
    return (validation.choice(geography, STROKE_GEOGRAPHIES, DEFAULT_GEOGRAPHY),
            validation.text(area) or None)


def default_area(geography: str) -> str | None:
    """Blackburn with Darwen, or the area of the geography that holds most of it, or the first."""
    codes = set(indicators.areas(geography)["area_code"])
    if not codes:
        return None
    if DEFAULT_AREA in codes:
        return DEFAULT_AREA
    found = stroke_data.main_area_in(DEFAULT_AREA, DEFAULT_GEOGRAPHY, geography)
    return found if found in codes else sorted(codes)[0]


def geography_of(area_code: str) -> str | None:
    """The first map geography (STROKE_GEOGRAPHIES order) that holds an area code."""
    held = stroke_data.geographies_holding(area_code)
    return next((g for g in STROKE_GEOGRAPHIES if g in held), None)


@dataclass(frozen=True)
class StrokeState(PageState):
    """Stroke pathway view: areas of ``geography`` (a map geography) and one ``area`` of it
    (None only when the geography has no areas)."""

    PATH = "/stroke"

    geography: str = DEFAULT_GEOGRAPHY
    area: str | None = DEFAULT_AREA

    @classmethod
    def resolve(cls, params: Mapping[str, Any],
                problems: list[str] | None = None) -> StrokeState:
        """Geography and area from a (possibly partial, stale or hostile) query string or the
        controls, never empty; what was replaced is described in ``problems``."""
        notes: list[str] = [] if problems is None else problems
        geography, area = clean(params.get("geography"), params.get("area"))
        if area is None or area not in set(indicators.areas(geography)["area_code"]):
            area = default_area(geography)
        labels = {"geography": geographies.GEOGRAPHY_LABELS.get(geography, geography),
                  "area": f"{indicators.area_name(area)} ({area})" if area else "no area"}
        for key, used in (("geography", geography), ("area", area)):
            given = params.get(key)
            if validation.replaced(given, used):
                notes.append(f"{key} {validation.shown(given)} is not available, showing "
                             f"{labels[key]}")
        return cls(geography=geography, area=area)
