"""The whole case: the target, the SII before and after, the partners and the pooled budget,
and :func:`compute`, which puts them together with the scenario's result and its PSA.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from planning import budget
from planning import psa as psa_model
from planning import scenario as sc
from planning.case.data import (
    DEPRIVED_DECILES,
    GEOGRAPHIES,
    RULES,
    CaseData,
    Selection,
    area_name,
    indicator_meta,
    latest_period,
    select,
)
from planning.case.sizing import Populations, pooled_coverage, populations
from planning.interventions import CATALOGUE_BY_ID, Intervention


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
        if sel.mode == "deprived" and sel.context_code:
            return flat_baseline_inequality(data, meta, period, sel, tgt)
        return None, (f"{meta['name']} ({period}): no decile breakdown, so no SII before or "
                      "after; raising every decile alike would leave it unchanged.")
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


def flat_baseline_inequality(data: CaseData, meta: Mapping[str, Any], period: str,
                             sel: Selection, tgt: Target) -> tuple[sc.SIIChange, str]:
    """The SII change of a 'most deprived fifth' case whose coverage indicator has no decile
    breakdown: the area's LSOAs give each IMD 2025 decile's residents (the weights), every
    decile starts at the chosen LSOAs' current coverage (the only value known), and deciles
    1-2 get the uplift.

    The SII is a weighted least-squares slope, linear in the values, so its change depends
    only on the uplift and the deciles' residents, not on the assumed flat start (unless the
    100% cap binds); the before and after SIIs themselves rest on that assumption, and the
    note says so.
    """
    lsoas = data.lsoas()
    column = f"{sel.context_geography}_code"
    area = lsoas[lsoas[column] == sel.context_code].dropna(subset=["imd_decile"])
    residents = area.groupby("imd_decile")["population"].sum()
    residents = residents[residents > 0]
    uplift = tgt.target_pct - tgt.current_pct
    plan = {float(d): uplift for d in DEPRIVED_DECILES if d in residents.index}
    change = sc.sii_before_after(list(residents.index.astype(float)), list(residents),
                                 [min(max(tgt.current_pct, 0.0), 100.0)] * len(residents),
                                 uplift_pp=plan)
    place = area_name(data, str(sel.context_code), str(sel.context_geography))
    note = (f"{meta['name']} ({period}) has no decile breakdown: every decile of {place} "
            f"is assumed at {tgt.current_pct:.1f}% before; the change ({uplift:.1f} points in "
            "deciles 1-2, weighted by residents) does not rest on that assumption.")
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


