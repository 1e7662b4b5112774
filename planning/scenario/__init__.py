"""Scenario arithmetic: people reached, events avoided, costs, savings, discounting, targets and
the change in the slope index of inequality.

Modules
-------
arithmetic
    The method and the discounting convention (Green Book 3.5%, year 1 undiscounted):
    :func:`discount_factors`, :func:`people_reached`, :func:`exposure_by_year`,
    :func:`saving_profile` and :func:`case_arrays`, the vectorised arithmetic of a case that
    :func:`evaluate` and the PSA (:mod:`planning.psa`) share.
evaluation
    :class:`Scenario` (the inputs of one case), :func:`evaluate` and :class:`ScenarioResult`
    (events, costs, savings by who saves, net cost, at the low, central and high effect).
targets
    :func:`target_coverage` under the three target rules, :func:`best_quintile_threshold`.
inequality
    :func:`sii_before_after`: the SII of coverage across deprivation deciles before and after
    an uplift in chosen deciles (:class:`SIIChange`).
checks
    The checks of input numbers, and their error messages.

Money is GBP at each figure's price year (no inflation); nothing is rounded here. Every name
is importable from ``planning.scenario``.
"""

from __future__ import annotations

from planning.scenario.arithmetic import (
    DEFAULT_DISCOUNT_RATE,
    MAX_HORIZON_YEARS,
    CaseArrays,
    case_arrays,
    discount_factors,
    exposure_by_year,
    people_reached,
    saving_profile,
)
from planning.scenario.evaluation import (
    AvoidedCosts,
    ByEffect,
    Scenario,
    ScenarioResult,
    YearRow,
    evaluate,
)
from planning.scenario.inequality import SIIChange, sii_before_after
from planning.scenario.targets import (
    TARGET_RULES,
    TargetRule,
    best_quintile_threshold,
    target_coverage,
)

__all__ = [
    "DEFAULT_DISCOUNT_RATE",
    "MAX_HORIZON_YEARS",
    "TARGET_RULES",
    "AvoidedCosts",
    "ByEffect",
    "SIIChange",
    "Scenario",
    "ScenarioResult",
    "TargetRule",
    "YearRow",
    "best_quintile_threshold",
    "CaseArrays",
    "case_arrays",
    "discount_factors",
    "evaluate",
    "exposure_by_year",
    "people_reached",
    "saving_profile",
    "sii_before_after",
    "target_coverage",
]
