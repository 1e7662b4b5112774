"""Assemble an investment case from warehouse data, without Dash: the chosen areas, their
populations with where each number came from, the target, the scenario and its PSA, the SII
before and after, and the pooled-budget split between the partners.

Data come through a :class:`CaseData` reader (plain DataFrames and dicts); nothing here opens a
database, runs SQL or imports Dash. The app's reader is
:func:`dashboard.data.investment.warehouse_data`, which a notebook can use too::

    from dashboard.data.investment import open_warehouse
    from planning import case

    data = open_warehouse("data/warehouse.duckdb")
    built = case.compute(data, case.scenario(iv="af_anticoagulation", areas=["E10000017"]))

A scenario is one flat dict (:data:`DEFAULT` shows every key): how the areas are chosen
(``mode``), the intervention, target rule, horizon, discount rate, edited figures, the
assumptions used where data are missing, and the pooled-budget rule. The page's URL and JSON
codec (``dashboard.pages.investment.state``) validates one against the warehouse;
:func:`scenario` only fills in defaults. Arithmetic is in :mod:`planning.scenario`,
:mod:`planning.psa` and :mod:`planning.budget`; this package decides which numbers go in and
says where they came from.

Modules
-------
data
    The :class:`CaseData` reader, the scenario dict and the chosen areas (:func:`select`).
sizing
    Residents, eligible people and current coverage, with fallbacks and provenance.
assemble
    Target, SII before and after, partners, pooled budget, and :func:`compute`.
lines
    The case as the report's lines (populations, budget rule, partners, assumptions).
"""

from __future__ import annotations

from core.formatting import FLAG_MARK
from core.geographies import ENGLAND
from planning.case.assemble import (
    Case,
    MapData,
    PartnerRow,
    Target,
    compute,
    default_agreed,
    inequality,
    partner_rows,
    partners,
    pool_deciles,
    target,
)
from planning.case.data import (
    DEFAULT,
    DEPRIVED_DECILES,
    GEOGRAPHIES,
    RULES,
    CaseData,
    Selection,
    area_name,
    indicator_meta,
    latest_period,
    scenario,
    select,
)
from planning.case.lines import (
    extra_assumptions,
    partner_lines,
    population_lines,
    split_text,
)
from planning.case.sizing import (
    ELIGIBLE_LABEL,
    GENERIC_PLACEHOLDER_PCT,
    LSOA_COUNTS,
    PLACEHOLDER_COVERAGE_PCT,
    PLACEHOLDER_ELIGIBLE_PCT,
    PREVALENCE_CAVEAT,
    Populations,
    lsoa_set_count,
    observed,
    pooled_coverage,
    populations,
    unit_values,
)

__all__ = [
    "DEFAULT",
    "DEPRIVED_DECILES",
    "ELIGIBLE_LABEL",
    "ENGLAND",
    "FLAG_MARK",
    "GENERIC_PLACEHOLDER_PCT",
    "GEOGRAPHIES",
    "LSOA_COUNTS",
    "PLACEHOLDER_COVERAGE_PCT",
    "PLACEHOLDER_ELIGIBLE_PCT",
    "PREVALENCE_CAVEAT",
    "RULES",
    "Case",
    "CaseData",
    "MapData",
    "PartnerRow",
    "Populations",
    "Selection",
    "Target",
    "area_name",
    "compute",
    "default_agreed",
    "extra_assumptions",
    "indicator_meta",
    "inequality",
    "latest_period",
    "lsoa_set_count",
    "observed",
    "partner_lines",
    "partner_rows",
    "partners",
    "pool_deciles",
    "pooled_coverage",
    "population_lines",
    "populations",
    "scenario",
    "select",
    "split_text",
    "target",
    "unit_values",
]
