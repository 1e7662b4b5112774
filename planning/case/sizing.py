"""Residents, eligible people and current coverage of the chosen areas, with where each number
came from: an indicator's value for every area with fallbacks (parent area, then England),
placeholders labelled as assumptions where no indicator measures a population, and the
small-number rule for the counts shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core.formatting import FLAG_MARK
from core.geographies import ENGLAND
from planning.case.data import (
    DEPRIVED_DECILES,
    CaseData,
    Selection,
    _divisor,
    _join_names,
    area_name,
    indicator_meta,
    latest_period,
)
from planning.interventions import Intervention

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


