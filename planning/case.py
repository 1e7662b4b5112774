"""Assemble an investment case from warehouse data, without Dash: the chosen areas, their
populations with where each number came from, the target, the scenario and its PSA, the SII
before and after, and the pooled-budget split between the partners.

Data come through a :class:`CaseData` reader (plain DataFrames and dicts); nothing here opens a
database, runs SQL or imports Dash. The app's reader is
:func:`dashboard.investment_data.warehouse_data`, which a notebook can use too::

    from dashboard.investment_data import open_warehouse
    from planning import case

    data = open_warehouse("data/warehouse.duckdb")
    built = case.compute(data, case.scenario(iv="af_anticoagulation", areas=["E10000017"]))

A scenario is one flat dict (:data:`DEFAULT` shows every key): how the areas are chosen
(``mode``), the intervention, target rule, horizon, discount rate, edited figures, the
assumptions used where data are missing, and the pooled-budget rule. The page's URL and JSON
codec (``dashboard.investment_view``) validates one against the warehouse; :func:`scenario`
only fills in defaults. Arithmetic is in :mod:`planning.scenario`, :mod:`planning.psa` and
:mod:`planning.budget`; this module decides which numbers go in and says where they came from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from planning import budget
from planning import psa as psa_model
from planning import scenario as sc
from planning.interventions import CATALOGUE_BY_ID, Intervention

GEOGRAPHIES = ("utla23", "ltla24", "icb23", "sicbl23")
RULES = {
    "uplift_pp": "Raise coverage by a number of percentage points",
    "england_average": "Raise coverage to the England average",
    "best_quintile": "Raise coverage to the best fifth of areas",
}
DEPRIVED_DECILES = (1, 2)
ENGLAND = "E92000001"
FLAG_MARK = "\u26a0"  # the mark the app shows beside a flagged value (dashboard.queries)

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

#: Where no catalogue indicator measures an intervention's coverage or eligible population,
#: the page uses these placeholders, labelled as assumptions, until the user enters a local
#: figure. They are not from a source.
PLACEHOLDER_COVERAGE_PCT = {
    "hypertension_treatment": 60.0,
    "af_anticoagulation": 85.0,
    "smoking_cessation": 5.0,
}
PLACEHOLDER_ELIGIBLE_PCT = {"af_anticoagulation": 2.0}
GENERIC_PLACEHOLDER_PCT = 50.0
#: People counted by the eligible population, for labels.
ELIGIBLE_LABEL = {
    "nhs_health_check": "adults aged 40-74 eligible for a check",
    "hypertension_treatment": "people with recorded hypertension",
    "af_anticoagulation": "people with atrial fibrillation eligible for anticoagulation",
    "smoking_cessation": "smokers",
    "thrombolysis_rate": "emergency stroke admissions a year",
}
#: Caveats of sizing an eligible population with a prevalence indicator.
PREVALENCE_CAVEAT = {
    "hypertension_qof_pct": "QOF recorded prevalence is a share of GP-registered patients (all "
    "ages, diagnosed only), applied here to Census 2021 residents; values for districts in "
    "two-tier areas are an estimate from their sub-ICB location's rate.",
    "smoking_pct": "Adult smoking prevalence is applied to all residents (the warehouse has no "
    "adult population), so the number of smokers is overstated.",
}
#: Indicators whose count an LSOA selection is sized by (years the count covers): the count of
#: the chosen LSOAs as the warehouse publishes it, i.e. the IMD decile 1-2 cells of the area
#: they were chosen in (never a sum of LSOA counts, which would show counts of 1-4 that the
#: warehouse suppresses, and partner shares that give single LSOAs away).
LSOA_COUNTS = {"stroke_admissions_rate": 3}



class CaseData(Protocol):
    """What case assembly reads: the warehouse's published tables as plain frames.

    The app's implementation is :class:`dashboard.investment_data.WarehouseData` (cached,
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

    Values are not checked against the warehouse (``dashboard.investment_view.resolve`` does
    that for the page); :func:`compute` raises ValueError for what it cannot use.

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
    """The latest period of an indicator: greatest first year, then label (as the gaps page's
    ``choose_period`` with no 'as at' year)."""
    periods = [str(p) for p in meta["periods"]]
    return max(periods, key=lambda p: (int(p[:4]), p)) if periods else None


def area_name(data: CaseData, code: str, geography: str) -> str:
    table = data.areas(geography)
    return str(table.loc[code, "area_name"]) if code in table.index else code


def _divisor(meta: dict) -> float:
    """What turns a value into a share of the denominator: 100 for %, else the multiplier."""
    return 100.0 if str(meta["unit"]).startswith("%") else float(meta["multiplier"] or 1.0)


def lsoa_set_count(data: CaseData, indicator_id: str, sel: Selection, period: str) -> float | None:
    """The published count of an indicator over the chosen LSOAs (the most deprived fifth of
    an area): the sum of the area's IMD decile 1-2 cells, or None when a cell is suppressed
    (secondary suppression included), so that nothing the warehouse hides is derived here."""
    if sel.context_code is None:
        return None
    cells = data.decile_counts(indicator_id, sel.context_code, period)
    cells = cells.reindex([str(d) for d in DEPRIVED_DECILES]).dropna(how="all")
    if cells.empty or cells["is_suppressed"].astype(bool).any() or cells["count"].isna().any():
        return None
    return float(cells["count"].sum())



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


# ---------------------------------------------------------------------------
# values of an indicator for the units, with fallbacks
# ---------------------------------------------------------------------------


def _fallback_rows(data: CaseData, meta: dict, period: str, codes: pd.Series, geos: pd.Series) -> pd.DataFrame:
    """Value, count, denominator and population of each fallback area (England if none)."""
    out = pd.DataFrame(index=codes.index, columns=["value", "count", "denominator",
                                                   "source", "source_population"],
                       dtype=object)
    for geo in geos.dropna().unique():
        mask = geos == geo
        if geo in meta["geographies"]:
            vals = data.values(meta["indicator_id"], str(geo), period)
            rows = vals.reindex(codes[mask])
            pops = data.areas(str(geo))["population"].reindex(codes[mask])
            ok = (rows["value"].notna().to_numpy()
                  & ~rows["is_suppressed"].fillna(False).to_numpy(dtype=bool)
                  & rows["quality_flag"].isna().to_numpy())
            idx = codes[mask].index[ok]
            out.loc[idx, "value"] = rows["value"].to_numpy()[ok]
            out.loc[idx, "count"] = rows["count"].to_numpy()[ok]
            out.loc[idx, "denominator"] = rows["denominator"].to_numpy()[ok]
            out.loc[idx, "source"] = codes[mask].to_numpy()[ok]
            out.loc[idx, "source_population"] = pops.to_numpy()[ok]
    missing = out["value"].isna()
    if missing.any():
        england = data.england(meta["indicator_id"], period)
        if england is not None and england.get("value") is not None:
            pop = float(data.areas("england")["population"].iloc[0])
            out.loc[missing, "value"] = england["value"]
            out.loc[missing, "count"] = england["count"]
            out.loc[missing, "denominator"] = england["denominator"]
            out.loc[missing, "source"] = ENGLAND
            out.loc[missing, "source_population"] = pop
    return out


def unit_values(data: CaseData, meta: dict, sel: Selection) -> tuple[pd.DataFrame, str, str]:
    """An indicator's latest value for every unit, falling back to the parent area (LSOAs:
    the area they were chosen in) and then England where the unit has none. A value flagged
    by the build's quality gates is never used: the unit falls back as if it had none, and
    the note names the flagged value and its reason.

    Returns (frame indexed like ``sel.units`` with value, count, denominator, own, source,
    source_population; the period; a note saying what stood in where, '' if nothing did).
    """
    period = latest_period(meta)
    if period is None:
        msg = f"{meta['name']} has no data in this warehouse."
        raise ValueError(msg)
    idx = sel.units.index
    frame = pd.DataFrame(index=idx, columns=["value", "count", "denominator", "source",
                                             "source_population"], dtype=object)
    frame["own"] = False
    flagged_note = ""
    if sel.geography in meta["geographies"]:
        vals = data.values(meta["indicator_id"], sel.geography, period).reindex(idx)
        flagged = vals["quality_flag"].notna()
        ok = (vals["value"].notna() & ~vals["is_suppressed"].fillna(False).astype(bool)
              & ~flagged)
        if flagged.any():
            shown = [f"{sel.units.loc[c, 'name']} {data.value_text(float(vals.loc[c, 'value']), meta['unit'])}"
                     f" ({vals.loc[c, 'quality_reason']})" for c in idx[flagged]]
            flagged_note = (f"{FLAG_MARK} {meta['name']} ({period}): the value of "
                            f"{_join_names(shown)} is flagged as implausible by the build's "
                            "quality gates and is not used to size the case. ")
        frame.loc[ok, ["value", "count", "denominator"]] = vals.loc[
            ok, ["value", "count", "denominator"]].to_numpy()
        frame.loc[ok, "source"] = idx[ok]
        frame.loc[ok, "source_population"] = sel.units.loc[ok, "population"]
        frame.loc[ok, "own"] = True
    missing = frame["value"].isna()
    note = ""
    if missing.any():
        fb = _fallback_rows(data, meta, period, sel.units.loc[missing, "fallback"],
                            sel.units.loc[missing, "fallback_geography"])
        frame.loc[missing, fb.columns] = fb.to_numpy()
        used = fb["source"].dropna()
        names = sorted({area_name(data, c, g) if c != ENGLAND else "England"
                        for c, g in zip(used, sel.units.loc[used.index, "fallback_geography"],
                                        strict=True)})
        if sel.geography == "lsoa21" and sel.geography not in meta["geographies"]:
            note = (f"{meta['name']} ({period}) is not published for LSOAs: the value of "
                    f"{_join_names(names)} is used for its LSOAs.")
        elif sel.geography == "lsoa21":
            note = (f"{meta['name']} ({period}): {int(missing.sum())} of {len(idx)} LSOAs have "
                    f"no value (suppressed or missing); {_join_names(names)}'s value is used.")
        else:
            note = (f"{meta['name']} ({period}): no value for {int(missing.sum())} of "
                    f"{len(idx)} areas; the value of {_join_names(names)} is used for them.")
        if used.empty:
            note = f"{meta['name']} ({period}) has no value for these areas or England."
    note = flagged_note + note
    for col in ("value", "count", "denominator", "source_population"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    frame["own"] = frame["own"].astype(bool)
    return frame, period, note


def observed(count: float | None, min_count: int, what: str) -> str:
    """An observed count for display, following the small-number rule."""
    if count is None or not math.isfinite(count):
        return f"{what}: not available"
    if count < max(min_count, 5):
        return f"{what}: fewer than {max(min_count, 5)} (suppressed)"
    return f"{what}: {count:,.0f}"


# ---------------------------------------------------------------------------
# populations, target, inequality, partners
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Populations:
    """Residents, eligible people and current coverage of the chosen areas, with provenance.

    ``*_status`` is "data" (from the warehouse), "assumption" (a placeholder or a stand-in
    value labelled as such) or "your assumption" (typed by the user).
    """

    total: float
    eligible: float
    eligible_label: str
    eligible_basis: str
    eligible_status: str
    current_pct: float
    current_basis: str
    current_status: str
    per_unit: pd.DataFrame
    periods: dict[str, str]
    notes: tuple[str, ...]
    observed: tuple[str, ...]


def _eligible(data: CaseData, state: Mapping[str, Any], iv: Intervention, sel: Selection,
              periods: dict[str, str], notes: list[str], seen: list[str]):
    pop = sel.units["population"].astype(float)
    label = ELIGIBLE_LABEL.get(iv.intervention_id, "eligible people")
    if state["elig"] is not None:
        share = pd.Series(state["elig"] / 100, index=pop.index)
        return (share * pop, label, f"{state['elig']:g}% of residents: your assumption",
                "your assumption")
    meta = indicator_meta(data, iv.population_indicator_id)
    if meta is not None:
        frame, period, note = unit_values(data, meta, sel)
        periods[meta["indicator_id"]] = period
        if note:
            notes.append(note)
        share = frame["value"] / _divisor(meta)
        basis = f"{meta['name']} ({period}, {meta['unit']}) x residents (Census 2021)"
        if not frame["own"].all():
            basis += "; the value of the area standing in where an area has none (see note)"
        status = "data"
        years = LSOA_COUNTS.get(meta["indicator_id"])
        threshold = max(int(meta["min_count"]), 5)
        if years:
            total: float | None = None
            if sel.geography == "lsoa21":
                total = lsoa_set_count(data, meta["indicator_id"], sel, period)
                if total is not None and total >= threshold:
                    # one pooled rate for the set: per-LSOA shares would give single LSOAs'
                    # counts away through the partners' shares of need
                    share = pd.Series(total / years / float(pop.sum()), index=pop.index)
                    basis = (f"{meta['name']}: admissions of these LSOAs in {period} / {years} "
                             "years (the area's published IMD decile 1-2 counts), spread over "
                             "them by residents")
                    notes[:] = [n for n in notes if n != note]
                else:
                    notes.append(f"The admissions of these LSOAs are not published (fewer than "
                                 f"{threshold}, or suppressed so that a small count elsewhere "
                                 "cannot be derived): the rate of the area they are in is used.")
            elif frame["own"].all() and frame["count"].notna().all():
                total = float(frame["count"].sum())
            where = "these LSOAs" if sel.geography == "lsoa21" else "these areas"
            seen.append(observed(total, threshold,
                                 f"{meta['name']} in {period} ({years} years), {where}"))
        if meta["indicator_id"] in PREVALENCE_CAVEAT:
            notes.append(PREVALENCE_CAVEAT[meta["indicator_id"]])
        if share.isna().any():
            msg = f"{meta['name']} has no value for these areas or England."
            raise ValueError(msg)
        return share * pop, label, basis, status
    cov = indicator_meta(data, iv.coverage_indicator_id)
    if cov is not None and cov["value_type"] == "proportion":
        frame, period, note = unit_values(data, cov, sel)
        share = frame["denominator"] / frame["source_population"]
        if share.notna().all():
            periods[cov["indicator_id"]] = period
            stand_in = ~frame["own"]
            basis = (f"Denominator of {cov['name']} ({period}: the OHID eligible-population "
                     "estimate)")
            status = "data"
            if stand_in.any():
                basis += ("; where an area has no value, its residents x the eligible share "
                          "of the area standing in")
                status = "assumption" if stand_in.all() else "data"
            return share * pop, label, basis, status
    pct = PLACEHOLDER_ELIGIBLE_PCT.get(iv.intervention_id, GENERIC_PLACEHOLDER_PCT)
    share = pd.Series(pct / 100, index=pop.index)
    basis = (f"{pct:g}% of residents: a placeholder, not from a source (no catalogue indicator "
             "measures this population). Enter your local register size as a share of "
             "residents.")
    return share * pop, label, basis, "assumption"


def pooled_coverage(values: pd.Series, eligible: pd.Series | None,
                    population: pd.Series) -> tuple[float, str]:
    """The chosen areas' coverage from each area's rate, weighted by its eligible people.

    A coverage rate is a share of the eligible people (stroke admissions for the thrombolysis
    rate), so areas weigh by their eligible count, the rate's denominator; residents only when
    no eligible count is known. Returns (pooled %, how it was weighted).

    Examples
    --------
    >>> v = pd.Series([10.0, 30.0])
    >>> pooled_coverage(v, pd.Series([300.0, 100.0]), pd.Series([1000.0, 3000.0]))
    (15.0, 'eligible')
    >>> pooled_coverage(v, None, pd.Series([1000.0, 3000.0]))
    (25.0, 'population')
    """
    v = values.astype(float)
    if eligible is not None:
        w = pd.to_numeric(eligible, errors="coerce").reindex(v.index).astype(float)
        if w.notna().all() and (w >= 0).all() and float(w.sum()) > 0:
            return float(np.average(v, weights=w)), "eligible"
    return float(np.average(v, weights=population.astype(float))), "population"


def _current(data: CaseData, state: Mapping[str, Any], iv: Intervention, sel: Selection,
             periods: dict[str, str], notes: list[str],
             seen: list[str], eligible: pd.Series | None = None,
             eligible_label: str = "eligible people") -> tuple[pd.Series, float, str, str]:
    index = sel.units.index
    if state["cur"] is not None:
        return (pd.Series(state["cur"], index=index), float(state["cur"]),
                f"{state['cur']:g}%: your assumption", "your assumption")
    meta = indicator_meta(data, iv.coverage_indicator_id)
    if meta is None:
        pct = PLACEHOLDER_COVERAGE_PCT.get(iv.intervention_id, GENERIC_PLACEHOLDER_PCT)
        reason = ("no catalogue indicator measures this coverage"
                  if iv.coverage_indicator_id is None
                  else f"{iv.coverage_indicator_id} is not in this warehouse")
        return (pd.Series(pct, index=index), pct,
                f"{pct:g}%: a placeholder, not from a source ({reason}). Enter your local "
                "figure.", "assumption")
    frame, period, note = unit_values(data, meta, sel)
    periods[meta["indicator_id"]] = period
    if note:
        notes.append(note)
    if frame["value"].isna().any():
        msg = f"{meta['name']} has no value for these areas or England."
        raise ValueError(msg)
    values = frame["value"].astype(float)
    if frame["own"].all() and frame["count"].notna().all() and frame["denominator"].notna().all():
        count, den = float(frame["count"].sum()), float(frame["denominator"].sum())
        pooled = count / den * _divisor(meta) if den > 0 else float(values.mean())
        how = "counts and denominators summed" if len(frame) > 1 else "published value"
        seen.append(observed(count, int(meta["min_count"]), f"{meta['name']} count {period}"))
    else:
        pooled, weighted_by = pooled_coverage(values, eligible, sel.units["population"])
        how = ("published value" if len(frame) == 1 else
               f"mean weighted by {eligible_label}" if weighted_by == "eligible"
               else "population-weighted mean")
    status = "data" if frame["own"].any() else "assumption"
    basis = f"{meta['name']} ({period}), {how}"
    if status == "assumption":
        stand_in = sorted({"England" if c == ENGLAND else area_name(data, str(c), str(g))
                           for c, g in zip(frame["source"], sel.units["fallback_geography"],
                                           strict=True)})
        basis = (f"{meta['name']} ({period}) of {_join_names(stand_in)}, standing in: no "
                 "value for the chosen areas")
    return values, pooled, basis, status


def populations(data: CaseData, state: Mapping[str, Any], iv: Intervention,
                sel: Selection) -> Populations:
    """Residents, eligible people and current coverage for the chosen areas."""
    periods: dict[str, str] = {}
    notes: list[str] = []
    seen: list[str] = []
    eligible, label, e_basis, e_status = _eligible(data, state, iv, sel, periods, notes, seen)
    cov_values, current, c_basis, c_status = _current(data, state, iv, sel, periods, notes, seen,
                                                      eligible, label)
    per_unit = pd.DataFrame({"name": sel.units["name"], "population": sel.units["population"],
                             "eligible": eligible, "coverage": cov_values})
    return Populations(
        total=float(sel.units["population"].sum()),
        eligible=float(eligible.sum()),
        eligible_label=label,
        eligible_basis=e_basis,
        eligible_status=e_status,
        current_pct=float(current),
        current_basis=c_basis,
        current_status=c_status,
        per_unit=per_unit,
        periods=periods,
        notes=tuple(notes),
        observed=tuple(seen),
    )


@dataclass(frozen=True)
class Target:
    """The target coverage and how it was set."""

    rule: str
    current_pct: float
    target_pct: float
    benchmark: float | None
    text: str


def target(data: CaseData, state: Mapping[str, Any], iv: Intervention, sel: Selection,
           pops: Populations) -> Target:
    """Target coverage under the state's rule (never below current, at most 100%)."""
    rule, current = state["rule"], pops.current_pct
    if rule == "uplift_pp":
        value = sc.target_coverage(current, rule, uplift_pp=state["uplift"])
        return Target(rule, current, value, None,
                      f"Current coverage plus {state['uplift']:g} percentage points")
    meta = indicator_meta(data, iv.coverage_indicator_id)
    if meta is None:
        msg = (f"'{RULES[rule]}' needs a coverage indicator, and {iv.name} has none in the "
               "catalogue: use an uplift in percentage points.")
        raise ValueError(msg)
    period = latest_period(meta)
    if rule == "england_average":
        england = data.england(meta["indicator_id"], str(period))
        if england is None or england.get("value") is None or pd.isna(england["value"]):
            msg = f"{meta['name']} has no England value: use another target rule."
            raise ValueError(msg)
        benchmark = float(england["value"])
        text = f"England average, {meta['name']} {period}: {benchmark:.1f}%"
    else:
        geo = sel.geography if sel.geography in meta["geographies"] else sel.benchmark_geography
        if geo not in meta["geographies"]:
            geo = next(g for g in GEOGRAPHIES if g in meta["geographies"])
        vals = data.values(meta["indicator_id"], geo, str(period))
        # flagged values (quality gates) never set a benchmark
        vals = vals.loc[~vals["is_suppressed"].astype(bool) & vals["quality_flag"].isna(),
                        "value"].dropna()
        if vals.empty:
            msg = f"{meta['name']} has no values to rank areas by: use another target rule."
            raise ValueError(msg)
        benchmark = sc.best_quintile_threshold(vals.to_numpy())
        label = data.geography_label(geo).split(" (")[0]
        text = (f"Best fifth of {label} ({len(vals):,} with data), {meta['name']} {period}: "
                f"{benchmark:.1f}% (80th percentile)")
    key = {"england_average": "england", "best_quintile": "best_quintile"}[rule]
    value = sc.target_coverage(current, rule, **{key: benchmark})
    if value == current:
        text += "; coverage is already there, so the uplift is 0"
    return Target(rule, current, value, benchmark, text)


def pool_deciles(rows: pd.DataFrame) -> pd.DataFrame:
    """Decile rows of several areas pooled into one row per decile: ``value`` and
    ``population`` (the decile's residents, the SII's weights).

    Each decile's rate is pooled by :func:`pooled_coverage`: with the weights of its
    denominator (e.g. stroke admissions for a thrombolysis rate, the eligible for a screening
    coverage), which equals sum(count) / sum(denominator) x multiplier; by residents only where
    a row of the decile has no denominator (values published without one).
    """
    def pool(decile: pd.DataFrame) -> pd.Series:
        value, _ = pooled_coverage(decile["value"], decile["denominator"], decile["population"])
        return pd.Series({"value": value, "population": float(decile["population"].sum())})

    return rows.groupby("decile")[["value", "denominator", "population"]].apply(pool)


def inequality(data: CaseData, state: Mapping[str, Any], iv: Intervention, sel: Selection,
               tgt: Target) -> tuple[sc.SIIChange | None, str]:
    """SII of the coverage indicator across IMD 2025 deciles, before and after the uplift.

    The decile rows of the chosen area (several areas: pooled per decile by
    :func:`pool_deciles`). In the 'most deprived fifth' mode the uplift goes to deciles 1-2
    only; otherwise to every decile.
    """
    meta = indicator_meta(data, iv.coverage_indicator_id)
    if meta is None:
        return None, "No coverage indicator for this intervention: SII change not computed."
    period = str(latest_period(meta))
    codes = [sel.context_code] if sel.context_code else list(sel.units.index)
    frames = [data.deciles(meta["indicator_id"], c, period).assign(code=c) for c in codes]
    rows = pd.concat(frames).dropna(subset=["value", "population"]) if frames else None
    if rows is None or rows["decile"].nunique() < 5:
        return None, (f"{meta['name']}: no decile breakdown, SII change not computed.")
    by = pool_deciles(rows)
    uplift = tgt.target_pct - tgt.current_pct
    if sel.mode == "deprived":
        plan = {float(d): uplift for d in DEPRIVED_DECILES if d in by.index}
        where = "IMD 2025 deciles 1-2 (the most deprived fifth) only"
    else:
        plan = {float(d): uplift for d in by.index}
        where = "every decile alike"
    change = sc.sii_before_after(list(by.index), list(by["population"]),
                                 list(by["value"].clip(0, 100)), uplift_pp=plan)
    place = (area_name(data, sel.context_code, str(sel.context_geography)) if sel.context_code
             else sel.label)
    note = (f"{meta['name']} ({period}) by IMD 2025 decile of LSOA in {place}; the uplift of "
            f"{uplift:.1f} points goes to {where}.")
    return change, note


@dataclass(frozen=True)
class PartnerRow:
    """A council or NHS body overlapping the chosen areas."""

    code: str
    name: str
    kind: str  # "council" or "icb"
    geography: str
    population: float  # residents of the chosen areas inside the partner
    eligible: float
    need: float  # expected events a year among the eligible (eligible x baseline risk)


def partners(data: CaseData, sel: Selection, nhs_level: str, eligible: pd.Series | None = None,
             baseline_risk: float = 0.0) -> tuple[PartnerRow, ...]:
    """Councils (utla23) and NHS bodies (``nhs_level``) by Census 2021 population overlap."""
    lsoas = sel.lsoas
    unit_pop = sel.units["population"].astype(float)
    if eligible is None:
        per_person = pd.Series(0.0, index=unit_pop.index)
    else:
        per_person = (eligible / unit_pop).fillna(0.0)
    lsoa_eligible = lsoas["population"] * per_person.reindex(lsoas["unit"]).to_numpy()
    frame = lsoas.assign(eligible=lsoa_eligible)
    rows: list[PartnerRow] = []
    for kind, geography, column in (("council", "utla23", "utla23_code"),
                                    ("icb", nhs_level, f"{nhs_level}_code")):
        sums = frame.groupby(column)[["population", "eligible"]].sum()
        sums = sums.sort_values("population", ascending=False)
        for code, r in sums.iterrows():
            rows.append(PartnerRow(str(code), area_name(data, str(code), geography), kind, geography,
                                   float(r["population"]), float(r["eligible"]),
                                   float(r["eligible"]) * baseline_risk))
    rows = [PartnerRow(r.code, r.name.replace("Integrated Care Board", "ICB"), r.kind,
                       r.geography, r.population, r.eligible, r.need) for r in rows]
    names = [r.name for r in rows]
    if len(set(names)) != len(names):
        rows = [PartnerRow(r.code, f"{r.name} ({r.code})", r.kind, r.geography, r.population,
                           r.eligible, r.need) for r in rows]
    return tuple(rows)


def default_agreed(rows: tuple[PartnerRow, ...]) -> dict[str, float]:
    """Population shares as percentages to one decimal place, summing to exactly 100."""
    if not rows:
        return {}
    total = sum(r.population for r in rows) or 1.0
    out = {r.code: round(100 * r.population / total, 1) for r in rows[:-1]}
    out[rows[-1].code] = round(100 - sum(out.values()), 1)
    return out


# ---------------------------------------------------------------------------
# the whole case
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MapData:
    """What the partner map draws: the chosen units filled, partners outlined."""

    unit_geography: str
    unit_codes: tuple[str, ...]
    unit_names: tuple[str, ...]
    council_codes: tuple[str, ...]
    council_names: tuple[str, ...]
    nhs_geography: str
    nhs_codes: tuple[str, ...]
    nhs_names: tuple[str, ...]
    bbox: tuple[float, float, float, float] | None


@dataclass(frozen=True)
class Case:
    """Everything the page and the report show for one scenario."""

    state: dict
    selection: Selection
    intervention: Intervention
    populations: Populations
    target: Target
    scenario: sc.Scenario
    result: sc.ScenarioResult
    sii: sc.SIIChange | None
    sii_note: str
    partners: tuple[PartnerRow, ...]
    agreed_pct: dict[str, float]
    contributions: tuple[budget.Contribution, ...] | None
    savings: tuple[budget.PartnerSavings, ...]
    positions: tuple[budget.NetPosition, ...] | None
    split_error: str
    map: MapData
    psa: psa_model.PSAResult | None = None


def _bbox(data: CaseData, geography: str, codes: list[str]) -> tuple[float, float, float, float] | None:
    boxes = data.bboxes(geography).reindex(codes).dropna()
    if boxes.empty:
        return None
    return (float(boxes["min_lon"].min()), float(boxes["min_lat"].min()),
            float(boxes["max_lon"].max()), float(boxes["max_lat"].max()))


def compute(data: CaseData, state: Mapping[str, Any]) -> Case:
    """The investment case of a resolved state.

    Raises
    ------
    ValueError
        With a message for the user: no areas chosen, a target rule the intervention cannot
        use, edited figures out of order or range, data missing.
    """
    state = dict(state)
    base = CATALOGUE_BY_ID[state["iv"]]
    overrides = {k: tuple(v) for k, v in state["ovr"].items()}
    try:
        iv = base.with_overrides(overrides)  # type: ignore[arg-type]
    except ValueError as err:
        msg = f"Edited figures: {err}."
        raise ValueError(msg) from None
    sel = select(data, state)
    pops = populations(data, state, base, sel)
    tgt = target(data, state, base, sel, pops)
    if pops.eligible > pops.total:
        msg = (f"The eligible population ({pops.eligible:,.0f}) exceeds the residents "
               f"({pops.total:,.0f}): lower the eligible share.")
        raise ValueError(msg)
    scen = sc.Scenario(base, pops.total, pops.eligible, tgt.current_pct, tgt.target_pct,
                       horizon_years=int(state["horizon"]), discount_rate=state["rate"] / 100,
                       overrides=overrides)  # type: ignore[arg-type]
    result = sc.evaluate(scen)
    uncertainty = psa_model.run_psa(scen)
    sii, sii_note = inequality(data, state, base, sel, tgt)
    rows = partners(data, sel, state["nhs"], pops.per_unit["eligible"], iv.baseline_risk.central)
    plan = [budget.Partner(r.name, r.kind, r.population, r.need)  # type: ignore[arg-type]
            for r in rows]
    agreed = dict(state["agreed"]) if state["split"] == "agreed" else {}
    if set(agreed) != {r.code for r in rows}:  # none given, or for other partners
        agreed = default_agreed(rows)
    contributions: tuple[budget.Contribution, ...] | None
    positions: tuple[budget.NetPosition, ...] | None
    split_error = ""
    try:
        contributions = budget.split_contributions(
            result.programme_cost_horizon_discounted, plan, state["split"],
            agreed={r.name: agreed[r.code] for r in rows} if state["split"] == "agreed"
            else None)
    except ValueError as err:
        contributions, split_error = None, str(err).capitalize() + "."
        if state["split"] == "agreed":
            total = sum(agreed.values())
            split_error = (f"Agreed percentages add up to {total:g}, not 100: change them so "
                           "they sum to 100.") if "sum to 100" in str(err) else split_error
    savings = budget.savings_by_partner(result.avoided_costs_horizon_discounted, plan)
    positions = budget.net_positions(contributions, savings) if contributions else None
    councils = [r for r in rows if r.kind == "council"]
    nhs = [r for r in rows if r.kind == "icb"]
    map_data = MapData(
        unit_geography=sel.geography,
        unit_codes=tuple(sel.units.index),
        unit_names=tuple(sel.units["name"]),
        council_codes=tuple(r.code for r in councils),
        council_names=tuple(r.name for r in councils),
        nhs_geography=state["nhs"],
        nhs_codes=tuple(r.code for r in nhs),
        nhs_names=tuple(r.name for r in nhs),
        bbox=_bbox(data, sel.geography, list(sel.units.index)),
    )
    return Case(state, sel, iv, pops, tgt, scen, result, sii, sii_note, rows, agreed,
                contributions, savings, positions, split_error, map_data, uncertainty)


def partner_rows(data: CaseData, state: Mapping[str, Any]) -> tuple[PartnerRow, ...]:
    """Partners of a state's areas (population only), for the agreed-percentage inputs."""
    try:
        sel = select(data, state)
    except ValueError:
        return ()
    return partners(data, sel, state["nhs"])


# ---------------------------------------------------------------------------
# report inputs: everything else
# ---------------------------------------------------------------------------


def population_lines(case: Case) -> tuple[tuple[str, str, str], ...]:
    """(label, value, basis) lines for residents, eligible people and current coverage."""
    p = case.populations
    status = {"data": "", "assumption": " [assumption]", "your assumption": " [your assumption]"}
    return (
        ("Residents", f"{p.total:,.0f}", "Census 2021 usual residents of the chosen areas"),
        ("Eligible", f"{p.eligible:,.0f}",
         f"{p.eligible_label[:1].upper()}{p.eligible_label[1:]}: {p.eligible_basis}"
         + status[p.eligible_status]),
        ("Current coverage", f"{p.current_pct:.1f}%", p.current_basis + status[p.current_status]),
    )


def split_text(case: Case) -> str:
    """The pooled-budget rule in words."""
    rule = case.state["split"]
    if rule == "agreed":
        parts = ", ".join(f"{r.name} {case.agreed_pct.get(r.code, 0):g}%" for r in case.partners)
        reset = ("" if case.state["agreed"] == case.agreed_pct else
                 " (population shares until percentages are agreed for these partners)")
        return f"Split by agreed percentages{reset}: {parts}."
    if rule == "need":
        return ("Split by need: each partner's share of the expected events a year among "
                "eligible residents (eligible people x baseline risk).")
    return "Split by population: each partner's share of the residents it serves."


def partner_lines(case: Case):
    """One :class:`planning.report.PartnerLine` per partner."""
    from planning.report import PartnerLine

    contributions = {c.name: c for c in case.contributions or ()}
    positions = {n.name: n for n in case.positions or ()}
    saved = {s.name: s for s in case.savings}
    out = []
    for r in case.partners:
        c = contributions.get(r.name)
        n = positions.get(r.name)
        out.append(PartnerLine(r.name, r.kind, r.population, c.share if c else None,
                               c.amount if c else None, saved[r.name].total,
                               n.net if n else None))
    return tuple(out)

def extra_assumptions(case: Case) -> tuple[tuple[str, str, str], ...]:
    """Assumptions made for missing data (or typed by the user), beyond the intervention's."""
    p = case.populations
    out = []
    if p.eligible_status != "data":
        out.append((f"Eligible: {p.eligible_label}",
                    f"{100 * p.eligible / p.total:.1f}% of residents", p.eligible_basis))
    if p.current_status != "data":
        out.append(("Current coverage", f"{p.current_pct:.1f}%", p.current_basis))
    return tuple(out)

