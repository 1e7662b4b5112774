"""State of the preventive-services page: geography, area (None = England) and the measure of
the need and gradient charts, read from and written to the URL by :mod:`dashboard.url_state`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core import geographies, themes
from dashboard import validation
from dashboard.data import indicators
from dashboard.url_state import PageState

GEOGRAPHIES = geographies.LOCAL_GEOGRAPHIES
DEFAULT_GEOGRAPHY = "utla23"
DEFAULT_MEASURE = "cancer_screening_pct"


def measures() -> list[str]:
    """The preventive measures the warehouse's catalogue has, in page order."""
    cat = indicators.catalogue()
    return [m for m in themes.PREVENTIVE_MEASURES if m in cat.index]


@dataclass(frozen=True)
class PreventionState(PageState):
    """Preventive-services view: areas of ``geography``, one ``area`` (None: England) and the
    ``measure`` of the need and gradient charts."""

    PATH = "/prevention"

    geography: str = DEFAULT_GEOGRAPHY
    area: str | None = None
    measure: str = DEFAULT_MEASURE

    @classmethod
    def resolve(cls, params: Mapping[str, Any],
                problems: list[str] | None = None) -> PreventionState:
        """Valid state from query parameters or controls. Unknown or unreadable values (a list
        for a repeated key, a dict, a very long string) fall back to the defaults; what was
        replaced is described in ``problems``."""
        notes: list[str] = [] if problems is None else problems
        geography = validation.choice(params.get("geography"), GEOGRAPHIES, DEFAULT_GEOGRAPHY)
        area = validation.text(params.get("area")) or None
        if area is not None and area not in set(indicators.areas(geography)["area_code"]):
            area = None
        available = measures()
        default = DEFAULT_MEASURE if DEFAULT_MEASURE in available else available[0]
        measure = validation.choice(params.get("measure"), available, default)
        cat = indicators.catalogue()
        for key, used in (("geography", geography), ("area", area), ("measure", measure)):
            given = params.get(key)
            if validation.replaced(given, used):
                label = str(cat.loc[used, "name"]) if key == "measure" else (
                    geographies.GEOGRAPHY_LABELS.get(str(used), used) if used else "England")
                notes.append(f"{key} {validation.shown(given)} is not available, showing "
                             f"{label}")
        return cls(geography=geography, area=area, measure=measure)
