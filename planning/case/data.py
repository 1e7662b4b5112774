"""What a case is built from: the :class:`CaseData` reader, the scenario dict
(:data:`DEFAULT`, :func:`scenario`), and the chosen areas (:class:`Selection`, :func:`select`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from core import periods
from core.geographies import LOCAL_GEOGRAPHIES
from planning.interventions import CATALOGUE_BY_ID

GEOGRAPHIES = LOCAL_GEOGRAPHIES
RULES = {
    "uplift_pp": "Raise coverage by a number of percentage points",
    "england_average": "Raise coverage to the England average",
    "best_quintile": "Raise coverage to the best fifth of areas",
}
DEPRIVED_DECILES = (1, 2)

DEFAULT: dict[str, Any] = {
    "mode": "areas",
    "geo": "utla23",
    "areas": ["E10000017"],
    "theme": "stroke",
    "pgeo": "utla23",
    "within": "icb23",
    "parent": None,
    "dgeo": "utla23",
    "darea": "E10000017",
    "iv": "nhs_health_check",
    "rule": "uplift_pp",
    "uplift": 5.0,
    "horizon": 10,
    "rate": 3.5,
    "ovr": {},
    "cur": None,
    "elig": None,
    "nhs": "icb23",
    "split": "population",
    "agreed": {},
}



class CaseData(Protocol):
    """What case assembly reads: the warehouse's published tables as plain frames.

    The app's implementation is :class:`dashboard.data.investment.WarehouseData` (cached,
    read-only, bound parameters); a test or a notebook may pass any object with these methods.
    """

    def areas(self, geography: str) -> pd.DataFrame:
        """Areas of a geography (index area_code): area_name, parent_code, parent_geography,
        population (Census 2021)."""
        ...

    def lsoas(self) -> pd.DataFrame:
        """Every 2021 LSOA: lsoa21_code, lsoa21_name, ltla24_code, utla23_code, icb23_code,
        sicbl23_code, population, imd_decile."""
        ...

    def catalogue(self) -> pd.DataFrame:
        """The indicator catalogue (index indicator_id): name, unit, multiplier, value_type,
        min_count, periods, geographies, source, licence."""
        ...

    def values(self, indicator_id: str, geography: str, period: str) -> pd.DataFrame:
        """Area totals of an indicator (index area_code): value, count, denominator,
        is_suppressed, quality_flag, quality_reason."""
        ...

    def england(self, indicator_id: str, period: str) -> dict | None:
        """England's area-total row (value, count, denominator), or None."""
        ...

    def decile_counts(self, indicator_id: str, area_code: str, period: str) -> pd.DataFrame:
        """An area's IMD decile cells (index: decile as text): count, is_suppressed."""
        ...

    def deciles(self, indicator_id: str, area_code: str, period: str) -> pd.DataFrame:
        """An area's IMD decile rows: decile, value, count, denominator, population."""
        ...

    def bboxes(self, geography: str) -> pd.DataFrame:
        """Bounding boxes (index area_code): min_lon, min_lat, max_lon, max_lat."""
        ...

    def priority_areas(self, theme: str, geography: str, within: str,
                       parent: str | None) -> tuple[list[str], str]:
        """Codes of the gaps page's priority areas of a theme, and the theme's name."""
        ...

    def geography_label(self, geography: str) -> str:
        """A geography's name, e.g. 'Counties and unitary authorities'."""
        ...

    def value_text(self, value: float, unit: str) -> str:
        """A value as the app shows it (used in notes)."""
        ...


def scenario(**changes: Any) -> dict[str, Any]:
    """A scenario: :data:`DEFAULT` with ``changes`` (keys of :data:`DEFAULT`).

    Values are not checked against the warehouse (``InvestmentState.resolve`` of
    ``dashboard.pages.investment.state`` does that for the page); :func:`compute` raises
    ValueError for what it cannot use.

    Examples
    --------
    >>> s = scenario(iv="af_anticoagulation", areas=["E06000008"], horizon=5)
    >>> s["iv"], s["horizon"], s["rule"]
    ('af_anticoagulation', 5, 'uplift_pp')
    >>> scenario(colour="red")
    Traceback (most recent call last):
    ...
    ValueError: unknown scenario key 'colour'; choose from mode, geo, areas, theme, pgeo, within, parent, dgeo, darea, iv, rule, uplift, horizon, rate, ovr, cur, elig, nhs, split, agreed
    """
    for key in changes:
        if key not in DEFAULT:
            msg = f"unknown scenario key '{key}'; choose from {', '.join(DEFAULT)}"
            raise ValueError(msg)
    if "iv" in changes and changes["iv"] not in CATALOGUE_BY_ID:
        msg = f"unknown intervention '{changes['iv']}'; choose from {', '.join(CATALOGUE_BY_ID)}"
        raise ValueError(msg)
    return {**DEFAULT, **changes}


def indicator_meta(data: CaseData, indicator_id: str | None) -> dict | None:
    """Catalogue entry, or None when the indicator is not in this warehouse."""
    cat = data.catalogue()
    return cat.loc[indicator_id].to_dict() if indicator_id in cat.index else None


def latest_period(meta: dict) -> str | None:
    """The latest period of an indicator (:func:`core.periods.latest_period`)."""
    return periods.latest_period(str(p) for p in meta["periods"])


def area_name(data: CaseData, code: str, geography: str) -> str:
    table = data.areas(geography)
    return str(table.loc[code, "area_name"]) if code in table.index else code


def _divisor(meta: dict) -> float:
    """What turns a value into a share of the denominator: 100 for %, else the multiplier."""
    return 100.0 if str(meta["unit"]).startswith("%") else float(meta["multiplier"] or 1.0)


def _plural(data: CaseData, geography: str) -> str:
    """'counties and unitary authorities' for utla23."""
    return data.geography_label(geography).split(" (")[0].lower()


def _lsoa_column(geography: str) -> str:
    """The column of ``CaseData.lsoas`` holding each LSOA's area of a geography."""
    return f"{geography}_code"


# ---------------------------------------------------------------------------
# the chosen areas
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The chosen areas ("units") and how they were chosen.

    ``units`` (index code): name, population, fallback (the code whose value stands in when a
    unit has none: the parent area, or for LSOAs the area they were chosen in),
    fallback_geography. ``lsoas``: every LSOA in the units with its unit code (``unit``).
    """

    mode: str
    geography: str
    units: pd.DataFrame
    label: str
    description: str
    benchmark_geography: str
    context_code: str | None
    context_geography: str | None
    lsoas: pd.DataFrame


def _join_names(names: list[str], limit: int = 4) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def select(data: CaseData, state: Mapping[str, Any]) -> Selection:
    """The areas a state chooses. Raises ValueError with what to do when there are none."""
    lsoa = data.lsoas()
    mode = state["mode"]
    if mode in ("areas", "priority"):
        if mode == "areas":
            geography, codes = state["geo"], list(state["areas"])
            if not codes:
                msg = "Choose at least one area."
                raise ValueError(msg)
            how = f"Chosen {_plural(data, geography)}"
        else:
            geography = state["pgeo"]
            codes, theme = data.priority_areas(state["theme"], geography, state["within"],
                                               state["parent"])
            where = (area_name(data, state["parent"], state["within"]) if state["parent"]
                     else "England")
            if not codes:
                msg = (f"No {_plural(data, geography)} in "
                       f"{where} is a priority area for {theme} (high need and low coverage).")
                raise ValueError(msg)
            how = (f"Priority areas (high need, low coverage; gaps page, default weights) for "
                   f"{theme} in {where}, up to 25 by gap")
        table = data.areas(geography)
        units = table.loc[codes, ["area_name", "population", "parent_code", "parent_geography"]]
        units = units.rename(columns={"area_name": "name", "parent_code": "fallback",
                                      "parent_geography": "fallback_geography"})
        column = _lsoa_column(geography)
        lsoas = lsoa[lsoa[column].isin(codes)].copy()
        lsoas["unit"] = lsoas[column]
        names = list(units["name"])
        label = _join_names(names)
        return Selection(mode, geography, units, label, f"{how}: {_join_names(names, 25)}.",
                         geography, None, None, lsoas)
    geography, code = state["dgeo"], state["darea"]
    if not code:
        msg = "Choose the area whose most deprived LSOAs to target."
        raise ValueError(msg)
    column = _lsoa_column(geography)
    lsoas = lsoa[(lsoa[column] == code) & lsoa["imd_decile"].isin(DEPRIVED_DECILES)].copy()
    name = area_name(data, code, geography)
    if lsoas.empty:
        msg = f"None of {name}'s LSOAs is in England's most deprived fifth (IMD 2025 deciles 1-2)."
        raise ValueError(msg)
    lsoas["unit"] = lsoas["lsoa21_code"]
    units = pd.DataFrame({"name": lsoas["lsoa21_name"].to_numpy(),
                          "population": lsoas["population"].to_numpy(),
                          "fallback": code, "fallback_geography": geography},
                         index=pd.Index(lsoas["lsoa21_code"], name="area_code"))
    n_all = int((lsoa[column] == code).sum())
    label = f"the most deprived fifth of {name}"
    description = (f"{len(units)} of {name}'s {n_all} LSOAs (2021) are in England's most "
                   "deprived fifth (IMD 2025 national deciles 1-2).")
    return Selection(mode, "lsoa21", units, label, description, geography, code, geography,
                     lsoas)

