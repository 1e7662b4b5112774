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
        given_period = validation.choice(params.get("period"), list(meta["periods"]), None)
        given_geo = validation.choice(params.get("geography"), geos, None)
        geo, period = choose_view(meta, given_geo, given_period)
        if given_geo is None:
            _note(notes, "geography", params.get("geography"), geo, _geo_label(geo))
        elif geo != given_geo:
            notes.append(f"{meta['name']} has no published values for {_geo_label(given_geo)}: "
                         f"showing {_geo_label(geo)}, {period}")
        if given_period is None:
            _note(notes, "period", params.get("period"), period, period)
        elif period != given_period:
            notes.append(f"{meta['name']} has no published values for {_geo_label(geo)} in "
                         f"{given_period}: showing {period}, the latest period with values")
        colouring = validation.choice(params.get("colouring"), COLOURINGS, DEFAULT_COLOURING)
        _note(notes, "colouring", params.get("colouring"), colouring, COLOURINGS[colouring])
        area = validation.text(params.get("area")) or None
        if area is not None and area not in set(indicators.areas(str(geo))["area_code"]):
            area = None
        _note(notes, "area", params.get("area"), area, "none")
        return cls(indicator=ind, geography=geo, period=period, colouring=colouring, area=area)


def periods_by_geography(meta: Mapping[str, Any]) -> dict[str, list[str]]:
    """Per geography, the indicator's periods (oldest first) whose area totals hold a published
    value (the build's ``geography_periods``); every geography gets all the indicator's periods
    where the catalogue row has no such column (an older warehouse)."""
    pairs = meta.get("geography_periods")
    if pairs is None:
        return {g: list(meta["periods"]) for g in meta["geographies"]}
    return {str(p["geography"]): list(p["periods"]) for p in pairs}


def choose_view(meta: Mapping[str, Any], geography: str | None,
                period: str | None) -> tuple[str, str]:
    """The geography and period to show for an indicator (its catalogue row), keeping the
    asked-for ones where they hold values: a geography with none moves to the first of
    :data:`ATLAS_PREFERRED` that has some (the asked-for period where one has it); a period
    with no values at the geography moves to the geography's latest period with values. With
    no values anywhere, the preferred geography and the latest period."""
    geos = [g for g in meta["geographies"] if g != "england"] or list(meta["geographies"])
    by_geo = periods_by_geography(meta)
    with_data = [g for g in geos if by_geo.get(g)]
    if geography is None or geography not in with_data:
        ranked = [g for g in ATLAS_PREFERRED if g in (with_data or geos)]
        ranked = ranked or with_data or geos
        holding = [g for g in ranked if period in by_geo.get(g, [])]
        geography = (holding or ranked)[0]
    periods = by_geo.get(geography) or list(meta["periods"])
    if period not in periods:
        period = periods[-1]
    return geography, period


def _geo_label(geography: Any) -> str:
    return geographies.GEOGRAPHY_LABELS.get(str(geography), str(geography))


def _note(notes: list[str], key: str, given: Any, used: Any, label: str) -> None:
    """Record that ``key`` was given a value that is not used (a missing value is not noted)."""
    if not validation.replaced(given, used):
        return
    notes.append(f"{key} {validation.shown(given)} is not available, showing {label}")


def nearest_view(meta: Mapping[str, Any], geography: str, period: str) -> tuple[str, str] | None:
    """The view with values nearest to ``geography`` and ``period`` for an indicator (its
    catalogue row), other than that view: the same geography at the nearest period, else the
    same period at the first preferred geography that has it, else the preferred geography's
    latest period; None where no geography but England holds values."""
    by_geo = {g: p for g, p in periods_by_geography(meta).items() if p and g != "england"}
    here = [p for p in by_geo.get(geography, []) if p != period]
    if here:
        return geography, min(here, key=lambda p: (abs(_rank(meta, p) - _rank(meta, period)),
                                                   -_rank(meta, p)))
    ranked = [g for g in ATLAS_PREFERRED if g in by_geo and g != geography]
    holding = [g for g in ranked if period in by_geo[g]]
    if holding:
        return holding[0], period
    return (ranked[0], by_geo[ranked[0]][-1]) if ranked else None


def _rank(meta: Mapping[str, Any], period: str) -> int:
    periods = list(meta["periods"])
    return periods.index(period) if period in periods else len(periods)
