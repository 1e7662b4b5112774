"""State of the gaps page: pathway (theme), geography, parent filter, period and the index
weights, read from and written to the URL by :mod:`dashboard.url_state`.

The query string is ``?theme=stroke&geography=utla23&within=icb23`` followed, when set, by
``parent`` (an area code), ``asof`` (a year) and ``w`` (the weights that differ from the
theme's defaults, ``id:weight,id:weight``, percent-encoded).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from core import geographies, themes
from dashboard import validation
from dashboard.data import indicators
from dashboard.url_state import PageState

GEOGRAPHIES = geographies.GAPS_GEOGRAPHIES
DEFAULT_THEME = "stroke"
DEFAULT_GEOGRAPHY = "utla23"
DEFAULT_WITHIN = "icb23"


def default_weights(theme_id: str) -> dict[str, float]:
    """The theme's need and coverage weights as published (indicator id -> weight)."""
    theme = themes.THEMES_BY_ID[theme_id]
    return {**theme.need_weights, **theme.coverage_weights}


def encode_weights(theme_id: str, weights: Mapping[str, float]) -> str:
    """'id:w,id:w' for the weights that differ from the theme's defaults ('' if none)."""
    defaults = default_weights(theme_id)
    return ",".join(f"{k}:{weights[k]:g}" for k in defaults if k in weights
                    and float(weights[k]) != float(defaults[k]))


def decode_weights(theme_id: str, text: Any) -> dict[str, float]:
    """Theme default weights overridden by a 'id:w,...' string (bad or unknown parts ignored;
    a value that is not a short string is ignored as a whole)."""
    weights = default_weights(theme_id)
    for part in (validation.text(text, max_length=2_000) or "").split(","):
        key, _, raw = part.partition(":")
        value = validation.number(raw, low=0)
        if key in weights and value is not None:
            weights[key] = value
    return weights


@dataclass(frozen=True)
class GapsState(PageState):
    """Gaps view: the ``theme``'s indices over areas of ``geography``, filtered to the
    ``parent`` area (None: all England) of the ``within`` geography, with data as at the year
    ``asof`` (None: the latest) and index weights ``w`` (every indicator of the theme ->
    weight; the query key ``w`` carries only those differing from the defaults)."""

    PATH = "/gaps"
    #: every reserved character percent-encoded, as the page always wrote its links
    SAFE: ClassVar[str] = ""

    theme: str = DEFAULT_THEME
    geography: str = DEFAULT_GEOGRAPHY
    within: str = DEFAULT_WITHIN
    parent: str | None = None
    asof: int | None = None
    w: dict[str, float] = field(default_factory=lambda: default_weights(DEFAULT_THEME))

    @property
    def weights(self) -> dict[str, float]:
        """The index weights (the field ``w``): indicator id -> weight."""
        return self.w

    def encode(self, key: str, value: Any) -> str | None:
        """The weights as ``id:w,...`` of those differing from the theme's defaults."""
        if key == "w":
            return encode_weights(self.theme, value) or None
        return super().encode(key, value)

    @classmethod
    def resolve(cls, params: Mapping[str, Any], problems: list[str] | None = None) -> GapsState:
        """A complete, valid state from (possibly partial, stale or hostile) query parameters.

        Unknown or unreadable values (a list for a repeated key, a dict, a very long string)
        are replaced by the defaults; what was replaced is described in ``problems`` (when
        given).
        """
        notes: list[str] = [] if problems is None else problems
        theme = validation.choice(params.get("theme"), themes.THEMES_BY_ID, DEFAULT_THEME)
        geography = validation.choice(params.get("geography"), GEOGRAPHIES, DEFAULT_GEOGRAPHY)
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
            notes.append(f"asof {validation.shown(given)} is not a year, showing the latest "
                         "data")
        return cls(theme=theme, geography=geography, within=within, parent=parent, asof=asof,
                   w=weights)
