"""The arithmetic of an investment case: discounting, people reached, effect-years by year, when
the savings fall, and :func:`case_arrays`, the vectorised arithmetic shared by
:func:`planning.scenario.evaluate` and the PSA (:mod:`planning.psa`).

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
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from planning.scenario.checks import checked_number

__all__ = [
    "DEFAULT_DISCOUNT_RATE",
    "MAX_HORIZON_YEARS",
    "CaseArrays",
    "case_arrays",
    "discount_factors",
    "exposure_by_year",
    "people_reached",
    "saving_profile",
]

#: HM Treasury Green Book Social Time Preference Rate, years 0-30.
DEFAULT_DISCOUNT_RATE = 0.035
#: Longest horizon: the Green Book rate of 3.5% applies to years 0-30.
MAX_HORIZON_YEARS = 30


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
    rate = checked_number(rate, "rate", low=0, high=0.999999)
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
    eligible = checked_number(eligible, "eligible_population", low=0)
    current = checked_number(current_pct, "current_coverage_pct", low=0, high=100)
    target = checked_number(target_pct, "target_coverage_pct", low=0, high=100)
    if target < current:
        msg = "target_coverage_pct must not be below current_coverage_pct"
        raise ValueError(msg)
    take_up = checked_number(take_up, "take_up", low=0, high=1)
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
