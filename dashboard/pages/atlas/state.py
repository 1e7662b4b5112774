"""State of the atlas page: indicator, geography, period, colouring and area, read from and
written to the URL by :mod:`dashboard.url_state`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core import geographies
from core.geographies import ATLAS_PREFERRED
from dashboard import validation
from dashboard.data import indicators
from dashboard.figures.map import COLOURINGS
from dashboard.url_state import PageState

DEFAULT_INDICATOR = "stroke_admissions_rate"
DEFAULT_COLOURING = "quantiles"


@dataclass(frozen=True)
class AtlasState(PageState):
    """Atlas view: ``indicator`` mapped at ``geography`` for ``period``, areas coloured by
    ``colouring`` (a key of :data:`dashboard.figures.map.COLOURINGS`), one ``area`` (None: no
    area chosen). The default view is ``AtlasState.resolve({})`` (its geography and period
    depend on the catalogue)."""

    PATH = "/"

    indicator: str
    geography: str
    period: str
    colouring: str = DEFAULT_COLOURING
    area: str | None = None

    @classmethod
    def resolve(cls, params: Mapping[str, Any], problems: list[str] | None = None) -> AtlasState:
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
        colouring = validation.choice(params.get("colouring"), COLOURINGS, DEFAULT_COLOURING)
        _note(notes, "colouring", params.get("colouring"), colouring, COLOURINGS[colouring])
        area = validation.text(params.get("area")) or None
        if area is not None and area not in set(indicators.areas(str(geo))["area_code"]):
            area = None
        _note(notes, "area", params.get("area"), area, "none")
        return cls(indicator=ind, geography=geo, period=period, colouring=colouring, area=area)


def _note(notes: list[str], key: str, given: Any, used: Any, label: str) -> None:
    """Record that ``key`` was given a value that is not used (a missing value is not noted)."""
    if not validation.replaced(given, used):
        return
    notes.append(f"{key} {validation.shown(given)} is not available, showing {label}")
