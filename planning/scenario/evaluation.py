"""One investment case evaluated: :class:`Scenario` (the inputs), :func:`evaluate` and
:class:`ScenarioResult` (every figure, at the low, central and high effect).

The method and the discounting are described in :mod:`planning.scenario.arithmetic`, whose
functions do the sums. The programme is assumed to run in every year reported: the 5- and
10-year figures are always for 5 and 10 years of delivery, the horizon figures for
``horizon_years``.

Money is GBP at each figure's price year (no inflation); nothing is rounded here.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from planning.interventions import Intervention
from planning.scenario.arithmetic import (
    DEFAULT_DISCOUNT_RATE,
    MAX_HORIZON_YEARS,
    case_arrays,
    discount_factors,
    exposure_by_year,
    people_reached,
    saving_profile,
)
from planning.scenario.checks import checked_number

__all__ = [
    "AvoidedCosts",
    "ByEffect",
    "Scenario",
    "ScenarioResult",
    "YearRow",
    "evaluate",
]



@dataclass(frozen=True)
class ByEffect:
    """A quantity computed at the low, central and high effect (relative risk reduction).

    For events and savings ``low <= central <= high``; for net cost and cost per event the
    order is reversed (a bigger effect costs less), so the fields name the effect, not the
    size of the value.
    """

    low: float
    central: float
    high: float


@dataclass(frozen=True)
class AvoidedCosts:
    """Gross costs avoided, GBP, by who would have paid."""

    nhs_acute: float
    nhs_other: float
    social_care: float

    @property
    def nhs(self) -> float:
        """NHS acute + NHS other (GBP)."""
        return self.nhs_acute + self.nhs_other

    @property
    def total(self) -> float:
        """NHS + council social care (GBP)."""
        return self.nhs_acute + self.nhs_other + self.social_care


@dataclass(frozen=True)
class YearRow:
    """One year of a scenario (undiscounted values and the year's discount factor)."""

    year: int
    discount_factor: float
    programme_cost: float
    events_avoided: ByEffect
    avoided_cost: ByEffect


@dataclass(frozen=True)
class Scenario:
    """Inputs of one investment case.

    Parameters
    ----------
    intervention : Intervention
        From :data:`planning.interventions.CATALOGUE_BY_ID` (or your own).
    total_population : float
        Residents of the chosen areas (people), positive; the denominator of cost per head.
    eligible_population : float
        People eligible for the intervention in those areas (the coverage denominator, e.g.
        adults aged 40-74, people with hypertension, stroke admissions a year), not more than
        the total population.
    current_coverage_pct, target_coverage_pct : float
        Coverage now and aimed for, per cent (see :func:`planning.scenario.target_coverage`).
    horizon_years : int, default 10
        Appraisal period, 1-30 years.
    discount_rate : float, default 0.035
        Applied to costs (and to events unless ``effect_discount_rate`` is set).
    effect_discount_rate : float, optional
        A different rate for events (health effects).
    overrides : mapping, optional
        Replacement figures, see :meth:`Intervention.with_overrides`.
    """

    intervention: Intervention
    total_population: float
    eligible_population: float
    current_coverage_pct: float
    target_coverage_pct: float
    horizon_years: int = 10
    discount_rate: float = DEFAULT_DISCOUNT_RATE
    effect_discount_rate: float | None = None
    overrides: Mapping[str, float | tuple[float, float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        total = checked_number(self.total_population, "total_population", low=0)
        if total == 0:
            msg = "total_population must be positive"
            raise ValueError(msg)
        eligible = checked_number(self.eligible_population, "eligible_population", low=0)
        if eligible > total:
            msg = "eligible_population must not exceed total_population"
            raise ValueError(msg)
        people_reached(eligible, self.current_coverage_pct, self.target_coverage_pct)
        horizon = self.horizon_years
        if (
            not isinstance(horizon, numbers.Integral)
            or isinstance(horizon, bool)
            or not 1 <= horizon <= MAX_HORIZON_YEARS
        ):
            msg = (
                f"horizon_years must be an integer from 1 to {MAX_HORIZON_YEARS} (the Green Book "
                "rate of 3.5% applies to years 0-30)"
            )
            raise ValueError(msg)
        checked_number(self.discount_rate, "discount_rate", low=0, high=0.999999)
        if self.effect_discount_rate is not None:
            checked_number(self.effect_discount_rate, "effect_discount_rate", low=0, high=0.999999)


@dataclass(frozen=True)
class ScenarioResult:
    """Everything :func:`evaluate` computes. GBP at source price years; events are counts.

    ``*_discounted`` values use the scenario's discount rates; ``years`` lists every year
    computed (``max(horizon_years, 10)``), undiscounted, with its discount factor. ``notes``
    states every assumption behind the figures used (catalogue assumptions and overrides).
    """

    intervention_id: str
    event: str
    horizon_years: int
    discount_rate: float
    effect_discount_rate: float
    uplift_pp: float
    people_reached_per_year: float
    events_avoided_per_year: ByEffect
    years: tuple[YearRow, ...]
    events_avoided_5y: ByEffect
    events_avoided_10y: ByEffect
    events_avoided_5y_discounted: ByEffect
    events_avoided_10y_discounted: ByEffect
    events_avoided_horizon: ByEffect
    events_avoided_horizon_discounted: ByEffect
    programme_cost_per_year: float
    programme_cost_horizon: float
    programme_cost_horizon_discounted: float
    cost_per_head_per_year: float
    cost_per_head_horizon_discounted: float
    avoided_costs_horizon_discounted: AvoidedCosts
    avoided_cost_horizon_discounted: ByEffect
    net_cost_horizon_discounted: ByEffect
    cost_per_event_avoided: ByEffect
    net_cost_per_event_avoided: ByEffect
    notes: tuple[str, ...]
    event_cost_years: int = 1


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else math.nan


def evaluate(scenario: Scenario) -> ScenarioResult:
    """Compute an investment case (the method is in :mod:`planning.scenario.arithmetic`).

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    ScenarioResult
        Cost per event avoided is missing (NaN) when no events are avoided.

    Examples
    --------
    >>> from planning.interventions import CATALOGUE_BY_ID
    >>> s = Scenario(CATALOGUE_BY_ID["hypertension_treatment"], 300_000, 42_000, 50, 60)
    >>> r = evaluate(s)
    >>> r.people_reached_per_year
    4200.0
    >>> round(r.events_avoided_per_year.central, 2)
    11.34
    """
    iv = scenario.intervention.with_overrides(scenario.overrides)
    n_years = max(scenario.horizon_years, 10)
    reached = people_reached(
        scenario.eligible_population,
        scenario.current_coverage_pct,
        scenario.target_coverage_pct,
        take_up=iv.take_up.central,
        coverage_period_years=iv.coverage_period_years,
    )
    duration = None if iv.effect_duration_years is None else iv.effect_duration_years.central
    exposure = exposure_by_year(
        n_years,
        delivery=iv.delivery,
        time_to_effect=iv.time_to_effect_years.central,
        effect_duration=duration,
    )
    cost_rate = scenario.discount_rate
    effect_rate = (
        scenario.discount_rate
        if scenario.effect_discount_rate is None
        else scenario.effect_discount_rate
    )
    d_cost = discount_factors(n_years, cost_rate)
    d_effect = discount_factors(n_years, effect_rate)
    h = scenario.horizon_years
    keys = ("low", "central", "high")
    arr = case_arrays(
        reached=reached,
        responder=iv.responder_fraction.central,
        baseline=iv.baseline_risk.central,
        rrr=np.array([iv.effect.low, iv.effect.central, iv.effect.high]),
        unit_cost=iv.unit_cost.central,
        event_cost=iv.event_cost.central,
        exposure=exposure,
        profile=saving_profile(iv.event_cost_years),
        d_cost=d_cost,
        d_effect=d_effect,
        horizon=h,
    )

    def by_effect(values: np.ndarray) -> ByEffect:
        return ByEffect(**{k: float(v) for k, v in zip(keys, values, strict=True)})

    def total(matrix: np.ndarray, years: int, factors: np.ndarray | None) -> ByEffect:
        w = np.ones(years) if factors is None else factors[:years]
        return by_effect(matrix[:, :years] @ w)

    events = arr.events
    avoided = arr.avoided
    started = by_effect(arr.events_per_year_started)
    cost_per_year = float(arr.programme_per_year[1])
    programme = np.full(n_years, cost_per_year)
    events_h_disc = by_effect(arr.events_h_disc)
    avoided_h_disc = by_effect(arr.avoided_h_disc)
    programme_h_disc = float(arr.programme_h_disc[1])
    split = iv.event_cost_split
    central_avoided = avoided_h_disc.central
    net = by_effect(arr.net_h_disc)
    years = tuple(
        YearRow(
            year=t + 1,
            discount_factor=float(d_cost[t]),
            programme_cost=float(programme[t]),
            events_avoided=by_effect(events[:, t]),
            avoided_cost=by_effect(avoided[:, t]),
        )
        for t in range(n_years)
    )
    notes = tuple(f"{name}: {fig.basis}" for name, fig in iv.figures().items() if fig.is_assumption)
    return ScenarioResult(
        intervention_id=iv.intervention_id,
        event=iv.event,
        horizon_years=h,
        discount_rate=cost_rate,
        effect_discount_rate=effect_rate,
        uplift_pp=float(scenario.target_coverage_pct - scenario.current_coverage_pct),
        people_reached_per_year=reached,
        events_avoided_per_year=started,
        years=years,
        events_avoided_5y=total(events, 5, None),
        events_avoided_10y=total(events, 10, None),
        events_avoided_5y_discounted=total(events, 5, d_effect),
        events_avoided_10y_discounted=total(events, 10, d_effect),
        events_avoided_horizon=total(events, h, None),
        events_avoided_horizon_discounted=events_h_disc,
        programme_cost_per_year=cost_per_year,
        programme_cost_horizon=cost_per_year * h,
        programme_cost_horizon_discounted=programme_h_disc,
        cost_per_head_per_year=cost_per_year / scenario.total_population,
        cost_per_head_horizon_discounted=programme_h_disc / scenario.total_population,
        avoided_costs_horizon_discounted=AvoidedCosts(
            nhs_acute=central_avoided * split.nhs_acute,
            nhs_other=central_avoided * split.nhs_other,
            social_care=central_avoided * split.social_care,
        ),
        avoided_cost_horizon_discounted=avoided_h_disc,
        net_cost_horizon_discounted=net,
        cost_per_event_avoided=ByEffect(
            low=_ratio(programme_h_disc, events_h_disc.low),
            central=_ratio(programme_h_disc, events_h_disc.central),
            high=_ratio(programme_h_disc, events_h_disc.high),
        ),
        net_cost_per_event_avoided=ByEffect(
            low=_ratio(net.low, events_h_disc.low),
            central=_ratio(net.central, events_h_disc.central),
            high=_ratio(net.high, events_h_disc.high),
        ),
        notes=notes,
        event_cost_years=iv.event_cost_years,
    )
