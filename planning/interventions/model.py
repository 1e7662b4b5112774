"""The model of an intervention: the effect by treatment window, and :class:`Intervention` with
its validation and user overrides. Its numbers are :class:`~planning.interventions.quantities.
Figure` objects (with :class:`~planning.interventions.quantities.Spread` and
:class:`~planning.interventions.quantities.CostSplit`, in
:mod:`planning.interventions.quantities`).

Every number is a :class:`Figure` with its sources (keys of
:data:`planning.interventions.citations.SOURCES`) and a plain statement of what it is. A figure
we chose or derived with a judgement of our own carries ``is_assumption=True``; published
figures and pure arithmetic on published figures (stated in ``basis``) carry ``False``.

Units
-----
* Risks and effects are fractions (0.27 = 27%); coverage and shares of populations are
  percentages only in :mod:`planning.scenario` arguments.
* ``baseline_risk``: events per person per year of exposure, without the intervention.
* ``effect``: relative risk reduction (RRR) of the event in people who respond.
* ``unit_cost``: GBP per person reached, per year for ``delivery="maintained"``, once for
  ``delivery="annual_cohort"``; at the ``price_year`` stated (not inflated).
* ``event_cost``: GBP of NHS and social care per event avoided, spread over
  ``event_cost_years`` from the year the event is avoided (1: booked in that year).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from planning.interventions.quantities import SPREAD_KINDS, CostSplit, Figure, Spread

__all__ = [
    "DELIVERIES",
    "INDICATOR_IDS",
    "OVERRIDABLE",
    "SPREAD_KINDS",
    "CostSplit",
    "Figure",
    "Intervention",
    "Spread",
    "TreatmentWindow",
    "WindowedEffect",
    "windowed_rrr",
]

Delivery = Literal["maintained", "annual_cohort"]
DELIVERIES: tuple[str, ...] = ("maintained", "annual_cohort")

#: Indicator ids an intervention may name. Coverage (provision) indicators it moves, need
#: indicators that size its eligible population, and context. Each is in
#: ``etl.indicators.CATALOGUE``; ``tests/test_planning_interventions.py`` checks.
INDICATOR_IDS: frozenset[str] = frozenset(
    {
        "nhs_health_check_offered_pct",  # provision: eligible 40-74 offered a check
        "hypertension_qof_pct",  # need: recorded hypertension prevalence (QOF)
        "smoking_pct",  # need: adult smoking prevalence
        "serving_unit_thrombolysis_rate_pct",  # provision: admissions thrombolysed
        "ivt_within_30min_pct",  # provision (access): population near an IVT unit
        "stroke_admissions_rate",  # need: emergency stroke admissions
    }
)





def windowed_rrr(good_control, odds_ratios, shares):
    """Relative reduction in the risk of a poor outcome from good-outcome odds ratios by
    treatment window, weighted by the share of treated patients in each window.

    For each window ``w`` the good-outcome probability with treatment is
    ``p1_w = OR_w x o0 / (1 + OR_w x o0)`` with ``o0 = p0 / (1 - p0)`` the control odds of a
    good outcome; the relative reduction in poor outcome is ``(p1_w - p0) / (1 - p0)``, and
    the result is ``sum_w share_w x (p1_w - p0) / (1 - p0)``. Works elementwise on numpy
    arrays (draws) as well as on floats. Shares are not renormalised.

    Examples
    --------
    >>> round(windowed_rrr(0.231, (1.75,), (1.0,)), 3)
    0.148
    >>> round(windowed_rrr(0.231, (1.75, 1.26), (0.6, 0.4)), 4)
    0.1113
    """
    odds0 = good_control / (1 - good_control)
    total = 0.0 * odds0
    for odds_ratio, share in zip(odds_ratios, shares, strict=True):
        treated = odds_ratio * odds0 / (1 + odds_ratio * odds0)
        total = total + share * (treated - good_control) / (1 - good_control)
    return total


@dataclass(frozen=True)
class TreatmentWindow:
    """One onset-to-treatment window: its good-outcome odds ratio (with a 95% CI)."""

    label: str
    odds_ratio: Figure


@dataclass(frozen=True)
class WindowedEffect:
    """An effect that depends on time to treatment (thrombolysis).

    ``windows`` are in time order; ``share_first`` is the share of treated patients in the
    first window (a :class:`Figure` with its own spread); ``share_last`` the fixed share in the
    last window; the middle window (there are three) takes the rest. The intervention's
    ``effect`` is :func:`windowed_rrr` at the central values (low / high: every odds ratio at
    its low / high CI limit, mix at its central value), with the control good-outcome risk
    ``1 - baseline_risk``.
    """

    windows: tuple[TreatmentWindow, TreatmentWindow, TreatmentWindow]
    share_first: Figure
    share_last: float = 0.0

    def shares(self, share_first=None):
        """Shares of the three windows (elementwise for arrays of ``share_first``)."""
        first = self.share_first.central if share_first is None else share_first
        return (first, 1 - first - self.share_last, 0 * first + self.share_last)

    def rrr(self, baseline_risk, *, bound: str = "central"):
        """:func:`windowed_rrr` with every odds ratio at ``bound`` (central, low or high)."""
        ors = tuple(getattr(w.odds_ratio, bound) for w in self.windows)
        return windowed_rrr(1 - baseline_risk, ors, self.shares())


#: Figure fields of :class:`Intervention` that :meth:`Intervention.with_overrides` may replace.
OVERRIDABLE: tuple[str, ...] = (
    "take_up",
    "unit_cost",
    "responder_fraction",
    "baseline_risk",
    "effect",
    "time_to_effect_years",
    "effect_duration_years",
    "event_cost",
)

_FRACTIONS = ("take_up", "responder_fraction", "baseline_risk", "effect")


@dataclass(frozen=True)
class Intervention:
    """One catalogue intervention.

    Parameters
    ----------
    intervention_id, name : str
        Snake-case id and display name.
    description : str
        What is done, to whom, by whom.
    coverage_indicator_id : str or None
        The catalogue indicator whose value the target moves (a provision indicator), or
        ``None`` when no catalogue indicator measures this coverage; ``indicator_note`` says
        which indicator would and why the obvious candidate is wrong.
    population_indicator_id : str or None
        A catalogue (need) indicator that sizes the eligible population, if any.
    indicator_note : str
        Why these indicators, in plain words.
    target_population : str
        Who is eligible (the denominator of coverage).
    event : str
        The event the effect applies to (what "events avoided" counts).
    delivery : {"maintained", "annual_cohort"}
        ``"maintained"``: the same people are kept on treatment every year, and the unit cost
        is per person per year. ``"annual_cohort"``: a new group of people is reached each
        year with a one-off intervention whose effect lasts ``effect_duration_years``.
    coverage_period_years : float
        Years over which the coverage indicator counts people (1 for an annual rate such as
        the share offered a check this year; 5 for a cumulative five-year rate). People reached per year = eligible x uplift x
        take-up / coverage period.
    take_up : Figure
        Fraction of the added coverage that becomes people reached (e.g. attendance by those
        offered a check). 1 when coverage already counts people treated.
    unit_cost : Figure
        GBP per person reached (per year if maintained, once if annual cohort).
    responder_fraction : Figure
        Fraction of people reached in whom the effect applies (e.g. long-term quitters).
    baseline_risk : Figure
        Annual risk of the event per person without the intervention (fraction per year).
    effect : Figure
        Relative risk reduction of the event in responders, with low / central / high.
    time_to_effect_years : Figure
        Years from reaching a person to the effect starting (fractions allowed).
    effect_duration_years : Figure or None
        How long the effect of one year's reach lasts once started (annual cohorts only);
        ``None``: it lasts to the end of the appraisal.
    event_cost : Figure
        GBP of NHS and social care cost per event avoided.
    event_cost_split : CostSplit
        How ``event_cost`` divides between NHS acute, NHS other and council social care.
    context_indicator_ids : tuple of str
        Catalogue indicators worth showing beside the scenario but not moved by it.
    effect_windows : WindowedEffect, optional
        Where the effect depends on time to treatment: the effect by window and the mix of
        treated patients across windows (``effect`` is then derived from it, and the PSA
        draws the odds ratios and the mix instead of the effect). Dropped when the effect is
        edited (:meth:`with_overrides`).
    event_cost_years : int, default 1
        Years over which the cost of an event falls, from the year it is avoided: the saving
        of an event avoided in year ``t`` is spread evenly over years ``t .. t + n - 1``, each
        part discounted in its own year and cut off at the appraisal horizon
        (:func:`planning.scenario.saving_profile`). 1: booked in the year of the event.
    cost_note : str
        What the unit cost leaves out, shown beside the results on the page and in the
        report (empty when nothing needs saying).

    Raises
    ------
    ValueError
        With the intervention id and the field, e.g.
        ``"intervention x: coverage_indicator_id 'y' is not a known indicator id"``.
    """

    intervention_id: str
    name: str
    description: str
    coverage_indicator_id: str | None
    population_indicator_id: str | None
    indicator_note: str
    target_population: str
    event: str
    delivery: Delivery
    coverage_period_years: float
    take_up: Figure
    unit_cost: Figure
    responder_fraction: Figure
    baseline_risk: Figure
    effect: Figure
    time_to_effect_years: Figure
    effect_duration_years: Figure | None
    event_cost: Figure
    event_cost_split: CostSplit
    context_indicator_ids: tuple[str, ...] = field(default=())
    effect_windows: WindowedEffect | None = None
    event_cost_years: int = 1
    cost_note: str = ""

    def __post_init__(self) -> None:
        label = f"intervention {self.intervention_id}"
        if self.delivery not in DELIVERIES:
            msg = f"{label}: delivery must be one of {DELIVERIES}"
            raise ValueError(msg)
        for attr in ("coverage_indicator_id", "population_indicator_id"):
            value = getattr(self, attr)
            if value is not None and value not in INDICATOR_IDS:
                msg = f"{label}: {attr} '{value}' is not a known indicator id"
                raise ValueError(msg)
        for value in self.context_indicator_ids:
            if value not in INDICATOR_IDS:
                msg = f"{label}: context indicator '{value}' is not a known indicator id"
                raise ValueError(msg)
        if not self.indicator_note.strip():
            msg = f"{label}: indicator_note must say why these indicators"
            raise ValueError(msg)
        if not (math.isfinite(self.coverage_period_years) and self.coverage_period_years > 0):
            msg = f"{label}: coverage_period_years must be positive"
            raise ValueError(msg)
        for attr in _FRACTIONS:
            fig: Figure = getattr(self, attr)
            if not 0 <= fig.low <= fig.high <= 1:
                msg = f"{label}: {attr} must be a fraction between 0 and 1"
                raise ValueError(msg)
        for attr in ("unit_cost", "event_cost", "time_to_effect_years"):
            if getattr(self, attr).low < 0:
                msg = f"{label}: {attr} must not be negative"
                raise ValueError(msg)
        if self.effect_duration_years is not None and self.effect_duration_years.low <= 0:
            msg = f"{label}: effect_duration_years must be positive"
            raise ValueError(msg)
        if not isinstance(self.event_cost_years, int) or not 1 <= self.event_cost_years <= 30:
            msg = f"{label}: event_cost_years must be a whole number of years from 1 to 30"
            raise ValueError(msg)

    def figures(self) -> dict[str, Figure]:
        """Every :class:`Figure` of this intervention by field name (for tables and tests)."""
        out = {name: getattr(self, name) for name in OVERRIDABLE}
        return {k: v for k, v in out.items() if v is not None}

    def with_overrides(
        self, overrides: Mapping[str, float | tuple[float, float, float]]
    ) -> Intervention:
        """Return a copy with some figures replaced by the user's own (marked as assumptions).

        Parameters
        ----------
        overrides : mapping
            Field name (one of :data:`OVERRIDABLE`) to a number (low = central = high) or a
            ``(low, central, high)`` tuple, in the field's own unit.

        Raises
        ------
        ValueError
            ``"cannot override '<name>'; choose from ..."`` and the :class:`Figure` and
            :class:`Intervention` validation messages.

        Examples
        --------
        >>> from planning.interventions import CATALOGUE_BY_ID
        >>> af = CATALOGUE_BY_ID["af_anticoagulation"].with_overrides({"unit_cost": 60.0})
        >>> af.unit_cost.central, af.unit_cost.is_assumption
        (60.0, True)
        """
        changes: dict[str, Figure] = {}
        for name, value in overrides.items():
            if name not in OVERRIDABLE:
                msg = f"cannot override '{name}'; choose from {', '.join(OVERRIDABLE)}"
                raise ValueError(msg)
            old: Figure | None = getattr(self, name)
            unit = old.unit if old is not None else "years"
            if isinstance(value, tuple):
                low, central, high = (float(v) for v in value)
            else:
                low = central = high = float(value)
            was = f" (catalogue value {old.central:g})" if old is not None else ""
            changes[name] = Figure(
                central,
                unit,
                low=low,
                high=high,
                is_assumption=True,
                basis=f"User override{was}.",
                price_year=old.price_year if old is not None else "",
            )
        out = replace(self, **changes)  # type: ignore[arg-type]
        if "effect" in changes:  # an edited effect replaces the effect-by-window model
            out = replace(out, effect_windows=None)
        return out
