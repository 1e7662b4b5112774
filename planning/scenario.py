"""Scenario arithmetic: people reached, events avoided, costs, savings, discounting, targets and
the change in the slope index of inequality.

Method
------
For an intervention (see :mod:`planning.interventions`) and a coverage change from ``c0`` to
``c1`` per cent of an eligible population ``E``:

* people reached per year ``N = E x (c1 - c0)/100 x take_up / coverage_period_years``;
* events avoided per year by one year's reach once its effect has started
  ``e = N x responder_fraction x baseline_risk x RRR`` at the low, central and high RRR;
* ``delivery="maintained"``: the same ``N`` people stay on treatment; in year ``t`` the events
  avoided are ``e x f(t)`` where ``f(t)`` is the fraction of year ``t`` after the time to
  effect (so with a time to effect of 1 year: 0 in year 1, ``e`` from year 2);
* ``delivery="annual_cohort"``: a new group of ``N`` people is reached at the start of every
  year; the group reached in year ``c`` avoids ``e`` events a year from ``c - 1 + tte`` for
  ``effect_duration_years`` (to the end of the appraisal when the duration is ``None``), so
  benefits build up year on year;
* programme cost in year ``t`` = ``N x unit_cost`` in both cases (per person per year when
  maintained, once per person when each year's group is new);
* gross avoided cost: the cost of an event avoided in year ``s`` falls evenly over the
  ``event_cost_years`` years ``s .. s + n - 1`` (:func:`saving_profile`; the five-year stroke
  costs over five years), so the avoided cost in year ``t`` is
  ``cost per event x sum_k profile[k] x events[t - k]``; each part is discounted in the year
  it falls in, and parts falling after the horizon are not counted (truncated). The total is
  split into NHS acute / NHS other / council social care by the intervention's cost split;
* net cost = programme cost - gross avoided cost; cost per event avoided = programme cost /
  events avoided, both discounted.

The programme is assumed to run in every year reported: the 5- and 10-year figures are always
for 5 and 10 years of delivery, the horizon figures for ``horizon_years``.

Discounting
-----------
Costs, savings and events in year ``t = 1 .. H`` are discounted by ``1 / (1 + r)^(t - 1)``: the first year of the programme is
undiscounted. This is the HM Treasury Green Book convention with the first year of spending as
year 0 (the Green Book discounts from year 0, the present). ``r = 0.035`` by default, the Green
Book Social Time Preference Rate for years 0-30 [1]_; the same rate is applied to costs and
to events unless ``effect_discount_rate`` is given. Horizons are limited to 30 years because
the Green Book rate falls to 3.0% after year 30.

Money is GBP at each figure's price year (no inflation); nothing is rounded here.

References
----------
.. [1] HM Treasury. Review of discounting in the Green Book: terms of reference, 2025.
   https://www.gov.uk/government/publications/green-book-discount-rate-review-2026/
   review-of-discounting-in-the-green-book-terms-of-reference
.. [2] Low A, Low A. Measuring the gap: quantifying and comparing local health inequalities.
   J Public Health 2004;26:388-395 (slope index of inequality, via :func:`core.methods.slope_index`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from core.methods import sii
from planning.interventions import Intervention

__all__ = [
    "DEFAULT_DISCOUNT_RATE",
    "MAX_HORIZON_YEARS",
    "TARGET_RULES",
    "AvoidedCosts",
    "ByEffect",
    "SIIChange",
    "Scenario",
    "ScenarioResult",
    "YearRow",
    "best_quintile_threshold",
    "CaseArrays",
    "case_arrays",
    "discount_factors",
    "evaluate",
    "people_reached",
    "saving_profile",
    "sii_before_after",
    "target_coverage",
]

#: HM Treasury Green Book Social Time Preference Rate, years 0-30.
DEFAULT_DISCOUNT_RATE = 0.035
#: Longest horizon: the Green Book rate of 3.5% applies to years 0-30.
MAX_HORIZON_YEARS = 30
#: Target rules accepted by :func:`target_coverage`.
TARGET_RULES: tuple[str, ...] = ("uplift_pp", "england_average", "best_quintile")

TargetRule = Literal["uplift_pp", "england_average", "best_quintile"]


def _number(value: Any, name: str, *, low: float = -math.inf, high: float = math.inf) -> float:
    """Return ``value`` as a float in [low, high] or raise ``ValueError`` naming it."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not ok or not math.isfinite(float(value)) or not low <= float(value) <= high:
        if low == 0 and high == 100:
            msg = f"{name} must be between 0 and 100"
        elif low == 0 and high == math.inf:
            msg = f"{name} must be a non-negative number"
        else:
            msg = f"{name} must be a number between {low:g} and {high:g}"
        raise ValueError(msg)
    return float(value)


# ---------------------------------------------------------------------------
# building blocks
# ---------------------------------------------------------------------------


def discount_factors(years: int, rate: float = DEFAULT_DISCOUNT_RATE) -> np.ndarray:
    """Discount factors for years ``1 .. years``.

    Parameters
    ----------
    years : int
        Number of years, at least 1.
    rate : float, default 0.035
        Annual discount rate as a fraction, in [0, 1).

    Returns
    -------
    numpy.ndarray
        ``1 / (1 + rate) ** (t - 1)`` for ``t = 1 .. years`` (year 1 undiscounted).

    Raises
    ------
    ValueError
        ``"years must be a positive integer"``, ``"rate must be a number between 0 and 1"``.

    Examples
    --------
    >>> [round(float(f), 4) for f in discount_factors(3)]
    [1.0, 0.9662, 0.9335]
    """
    if not isinstance(years, numbers.Integral) or isinstance(years, bool) or years < 1:
        msg = "years must be a positive integer"
        raise ValueError(msg)
    rate = _number(rate, "rate", low=0, high=0.999999)
    t = np.arange(1, int(years) + 1, dtype=float)
    return np.asarray(1.0 / (1.0 + rate) ** (t - 1))


def people_reached(
    eligible: float,
    current_pct: float,
    target_pct: float,
    *,
    take_up: float = 1.0,
    coverage_period_years: float = 1.0,
) -> float:
    """People reached per year by raising coverage from ``current_pct`` to ``target_pct``.

    ``eligible x (target_pct - current_pct) / 100 x take_up / coverage_period_years``.

    Parameters
    ----------
    eligible : float
        Eligible population (people), not negative.
    current_pct, target_pct : float
        Coverage in per cent, 0-100, target not below current.
    take_up : float, default 1
        Fraction of the added coverage that becomes people reached.
    coverage_period_years : float, default 1
        Years over which the coverage indicator counts people (5 for a five-year rate).

    Raises
    ------
    ValueError
        ``"eligible_population must be a non-negative number"``,
        ``"current_coverage_pct must be between 0 and 100"`` (and target),
        ``"target_coverage_pct must not be below current_coverage_pct"``,
        ``"take_up must be a number between 0 and 1"``,
        ``"coverage_period_years must be a positive number"``.

    Examples
    --------
    >>> people_reached(10_000, 40, 50)
    1000.0
    """
    eligible = _number(eligible, "eligible_population", low=0)
    current = _number(current_pct, "current_coverage_pct", low=0, high=100)
    target = _number(target_pct, "target_coverage_pct", low=0, high=100)
    if target < current:
        msg = "target_coverage_pct must not be below current_coverage_pct"
        raise ValueError(msg)
    take_up = _number(take_up, "take_up", low=0, high=1)
    ok = isinstance(coverage_period_years, numbers.Real) and coverage_period_years > 0
    if not ok or not math.isfinite(coverage_period_years):
        msg = "coverage_period_years must be a positive number"
        raise ValueError(msg)
    return eligible * (target - current) / 100 * take_up / float(coverage_period_years)


def _overlap(year: int, start: float, end: float) -> float:
    """Length of the part of year ``year`` (the interval [year - 1, year)) inside [start, end)."""
    return max(0.0, min(float(year), end) - max(float(year - 1), start))


def exposure_by_year(
    years: int,
    *,
    delivery: str,
    time_to_effect: float,
    effect_duration: float | None,
) -> np.ndarray:
    """Effect-years in each year ``1 .. years`` per person reached each year.

    For ``"maintained"`` the single group reached at time 0 is protected from ``time_to_effect``
    onwards. For ``"annual_cohort"`` the group reached at the start of year ``c`` (time
    ``c - 1``) is protected over ``[c - 1 + tte, c - 1 + tte + duration)``; the values are summed
    over the groups ``c = 1 .. years``. ``effect_duration=None`` means no end.

    Examples
    --------
    >>> exposure_by_year(4, delivery="maintained", time_to_effect=1, effect_duration=None).tolist()
    [0.0, 1.0, 1.0, 1.0]
    >>> exposure_by_year(4, delivery="annual_cohort", time_to_effect=1,
    ...                  effect_duration=None).tolist()
    [0.0, 1.0, 2.0, 3.0]
    """
    end_offset = math.inf if effect_duration is None else time_to_effect + effect_duration
    starts = [0.0] if delivery == "maintained" else [float(c - 1) for c in range(1, years + 1)]
    out = np.zeros(years)
    for s in starts:
        for t in range(1, years + 1):
            out[t - 1] += _overlap(t, s + time_to_effect, s + end_offset)
    return out


def saving_profile(event_cost_years: int) -> np.ndarray:
    """Shares of an event's cost falling in each year from the year the event is avoided.

    Even shares over ``event_cost_years`` years (our assumption where a source gives only the
    total over those years, as Xu et al. do for the five-year cost of a stroke).

    Examples
    --------
    >>> saving_profile(5).tolist()
    [0.2, 0.2, 0.2, 0.2, 0.2]
    >>> saving_profile(1).tolist()
    [1.0]
    """
    if not isinstance(event_cost_years, numbers.Integral) or event_cost_years < 1:
        msg = "event_cost_years must be a positive integer"
        raise ValueError(msg)
    return np.full(int(event_cost_years), 1.0 / int(event_cost_years))


@dataclass(frozen=True)
class CaseArrays:
    """The arithmetic of :func:`case_arrays` for ``n`` sets of inputs (rows) and ``Y`` years.

    Per row: ``events_per_year_started`` (events a year once the effect has started),
    ``programme_per_year`` (GBP); per row and year (undiscounted): ``events``, ``avoided``
    (GBP of avoided cost falling in that year); over the horizon: ``events_h``,
    ``events_h_disc``, ``programme_h_disc``, ``avoided_h_disc``, ``net_h_disc`` (programme
    less avoided, GBP; negative is a saving) and ``cost_per_event`` (programme / discounted
    events, GBP; NaN where no event is avoided).
    """

    events_per_year_started: np.ndarray
    programme_per_year: np.ndarray
    events: np.ndarray
    avoided: np.ndarray
    events_h: np.ndarray
    events_h_disc: np.ndarray
    programme_h_disc: np.ndarray
    avoided_h_disc: np.ndarray
    net_h_disc: np.ndarray
    cost_per_event: np.ndarray


def case_arrays(
    *,
    reached,
    responder,
    baseline,
    rrr,
    unit_cost,
    event_cost,
    exposure: np.ndarray,
    profile: np.ndarray,
    d_cost: np.ndarray,
    d_effect: np.ndarray,
    horizon: int,
) -> CaseArrays:
    """Vectorised scenario arithmetic: one row per set of inputs (e.g. Monte Carlo draws).

    Parameters
    ----------
    reached, responder, baseline, rrr, unit_cost, event_cost : float or array of shape (n,)
        People reached a year, responder fraction, baseline risk (events per person per
        year), relative risk reduction, GBP per person reached, GBP per event avoided.
    exposure : array (Y,)
        Effect-years per person reached each year (:func:`exposure_by_year`).
    profile : array (P,)
        Shares of an event's cost by year from the year it is avoided (:func:`saving_profile`).
    d_cost, d_effect : array (Y,)
        Discount factors for money and for events (:func:`discount_factors`).
    horizon : int
        Years counted in the totals (at most Y).

    Notes
    -----
    ``e = reached x responder x baseline x rrr``; events in year t ``e x exposure[t]``;
    avoided cost in year t ``event_cost x sum_k profile[k] x events[t - k]`` (costs falling
    after year Y, and in the totals after the horizon, are not counted); programme
    ``reached x unit_cost`` every year. Totals are sums over years 1..horizon, with the
    discount factor of each year.

    Examples
    --------
    >>> one = np.ones(3)
    >>> out = case_arrays(reached=100, responder=1, baseline=0.1, rrr=0.5, unit_cost=10,
    ...                   event_cost=1000, exposure=one, profile=np.array([0.5, 0.5]),
    ...                   d_cost=one, d_effect=one, horizon=3)
    >>> out.events[0].tolist(), out.avoided[0].tolist()
    ([5.0, 5.0, 5.0], [2500.0, 5000.0, 5000.0])
    """
    arrays = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float)) for v in
                                   (reached, responder, baseline, rrr, unit_cost, event_cost)))
    reached_a, responder_a, baseline_a, rrr_a, unit_cost_a, event_cost_a = arrays
    started = reached_a * responder_a * baseline_a * rrr_a
    events = started[:, None] * np.asarray(exposure, dtype=float)[None, :]
    n_years = events.shape[1]
    accrued = np.zeros_like(events)
    for k, share in enumerate(np.asarray(profile, dtype=float)[:n_years]):
        accrued[:, k:] += share * events[:, : n_years - k]
    avoided = accrued * event_cost_a[:, None]
    programme = reached_a * unit_cost_a
    h = int(horizon)
    events_h = events[:, :h].sum(axis=1)
    events_h_disc = events[:, :h] @ d_effect[:h]
    programme_h_disc = programme * float(np.sum(d_cost[:h]))
    avoided_h_disc = avoided[:, :h] @ d_cost[:h]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_event = np.where(events_h_disc > 0, programme_h_disc / events_h_disc, np.nan)
    return CaseArrays(
        events_per_year_started=started,
        programme_per_year=programme,
        events=events,
        avoided=avoided,
        events_h=events_h,
        events_h_disc=events_h_disc,
        programme_h_disc=programme_h_disc,
        avoided_h_disc=avoided_h_disc,
        net_h_disc=programme_h_disc - avoided_h_disc,
        cost_per_event=per_event,
    )


# ---------------------------------------------------------------------------
# scenario
# ---------------------------------------------------------------------------


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
        Coverage now and aimed for, per cent (see :func:`target_coverage`).
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
        total = _number(self.total_population, "total_population", low=0)
        if total == 0:
            msg = "total_population must be positive"
            raise ValueError(msg)
        eligible = _number(self.eligible_population, "eligible_population", low=0)
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
        _number(self.discount_rate, "discount_rate", low=0, high=0.999999)
        if self.effect_discount_rate is not None:
            _number(self.effect_discount_rate, "effect_discount_rate", low=0, high=0.999999)


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
    """Compute an investment case (see the module docstring for the method).

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


# ---------------------------------------------------------------------------
# targets
# ---------------------------------------------------------------------------


def target_coverage(
    current: float,
    rule: str,
    *,
    england: float | None = None,
    best_quintile: float | None = None,
    uplift_pp: float | None = None,
) -> float:
    """Target coverage (per cent) under one of three rules, never below current, capped at 100.

    Parameters
    ----------
    current : float
        Current coverage, per cent (0-100).
    rule : {"uplift_pp", "england_average", "best_quintile"}
        ``"uplift_pp"``: ``current + uplift_pp``; ``"england_average"``: the England value;
        ``"best_quintile"``: the threshold of the best-performing fifth of areas (see
        :func:`best_quintile_threshold`).
    england, best_quintile, uplift_pp : float
        The value the rule needs (per cent, or percentage points for ``uplift_pp``).

    Returns
    -------
    float
        ``min(100, max(current, rule value))``: an area already past the benchmark keeps its
        coverage (uplift 0).

    Raises
    ------
    ValueError
        ``"rule must be one of 'uplift_pp', 'england_average', 'best_quintile'"``,
        ``"rule 'england_average' needs england"`` (and the others),
        ``"current must be between 0 and 100"``, ``"england must be between 0 and 100"``,
        ``"best_quintile must be between 0 and 100"``,
        ``"uplift_pp must be a non-negative number"``.

    Examples
    --------
    >>> target_coverage(95, "uplift_pp", uplift_pp=10)
    100.0
    >>> target_coverage(70, "england_average", england=62.5)
    70.0
    """
    if rule not in TARGET_RULES:
        msg = "rule must be one of 'uplift_pp', 'england_average', 'best_quintile'"
        raise ValueError(msg)
    current = _number(current, "current", low=0, high=100)
    needs = {"uplift_pp": uplift_pp, "england_average": england, "best_quintile": best_quintile}
    needed_name = {
        "uplift_pp": "uplift_pp",
        "england_average": "england",
        "best_quintile": "best_quintile",
    }[rule]
    value = needs[rule]
    if value is None:
        msg = f"rule '{rule}' needs {needed_name}"
        raise ValueError(msg)
    if rule == "uplift_pp":
        target = current + _number(value, "uplift_pp", low=0)
    else:
        target = _number(value, needed_name, low=0, high=100)
    return min(100.0, max(current, target))


def best_quintile_threshold(values: Sequence[float] | np.ndarray) -> float:
    """Coverage reached by the best-performing fifth of areas: the 80th percentile.

    Coverage is higher-is-better, so the best quintile is the top fifth; the threshold is
    ``numpy.percentile(values, 80)`` (linear interpolation), ignoring missing values.

    Raises
    ------
    ValueError
        ``"values must contain at least one non-missing number"``.

    Examples
    --------
    >>> best_quintile_threshold([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    82.0
    """
    arr = np.asarray(values, dtype=float)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0:
        msg = "values must contain at least one non-missing number"
        raise ValueError(msg)
    return float(np.percentile(arr, 80))


# ---------------------------------------------------------------------------
# inequality
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SIIChange:
    """Slope index of inequality of coverage across deprivation deciles, before and after.

    ``sii_*`` are in percentage points: the modelled difference from the most deprived end
    (the lowest decile label, e.g. IMD decile 1) to the least deprived end. For coverage
    (higher is better) a positive SII means the least deprived are better covered; raising
    coverage in the most deprived deciles lowers it. ``change = sii_after - sii_before``.
    """

    sii_before: float
    sii_after: float
    change: float
    deciles: tuple[float, ...]
    values_before: tuple[float, ...]
    values_after: tuple[float, ...]


def sii_before_after(
    decile: Sequence[float],
    population: Sequence[float],
    value: Sequence[float],
    *,
    uplift_pp: float | Mapping[float, float],
    deciles: Sequence[float] = (1, 2),
    cap: float = 100.0,
) -> SIIChange:
    """Recompute the SII of coverage when the uplift applies only to chosen deciles.

    Parameters
    ----------
    decile : sequence
        Decile labels, most deprived first by label (IMD decile 1 = most deprived); 5-100
        unique labels.
    population : sequence
        Eligible population of each decile (positive).
    value : sequence
        Coverage per decile, per cent (0-100).
    uplift_pp : float or mapping
        Percentage points added to each decile in ``deciles``; or a mapping decile -> points
        (then ``deciles`` is ignored). Results are capped at ``cap``.
    deciles : sequence, default (1, 2)
        Deciles that get the uplift (default: the most deprived quintile).
    cap : float, default 100

    Returns
    -------
    SIIChange

    Raises
    ------
    ValueError
        ``"value must be between 0 and 100"``, ``"uplift_pp must be a non-negative number"``,
        ``"deciles not found: ..."``, and the messages of :func:`core.methods.slope_index`.

    Notes
    -----
    The SII is the point estimate of :func:`core.methods.slope_index` (weighted least squares of value
    on the mid-point of each decile's cumulative population share) [2]_; its simulated
    confidence limits are not needed for a before/after comparison of modelled values.

    Examples
    --------
    >>> out = sii_before_after(range(1, 11), [100] * 10, [50] * 10, uplift_pp=10)
    >>> round(out.sii_before, 6) == 0, out.sii_after < 0
    (True, True)
    """
    labels = [float(d) for d in decile]
    before = [_number(v, "value", low=0, high=100) for v in value]
    if isinstance(uplift_pp, Mapping):
        plan = {float(k): _number(v, "uplift_pp", low=0) for k, v in uplift_pp.items()}
    else:
        points = _number(uplift_pp, "uplift_pp", low=0)
        plan = {float(d): points for d in deciles}
    missing = sorted(set(plan) - set(labels))
    if missing:
        msg = "deciles not found: " + ", ".join(f"{m:g}" for m in missing)
        raise ValueError(msg)
    after = [min(cap, v + plan.get(d, 0.0)) for d, v in zip(labels, before, strict=False)]

    def point(values: list[float]) -> float:
        zeros = [0.0] * len(values)
        out = sii(labels, list(population), values, se=zeros, repetitions=1000, seed=0)
        return float(out.loc[0, "sii"])

    s0, s1 = point(before), point(after)
    return SIIChange(
        sii_before=s0,
        sii_after=s1,
        change=s1 - s0,
        deciles=tuple(labels),
        values_before=tuple(before),
        values_after=tuple(after),
    )
