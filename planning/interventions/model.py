"""The model of an intervention: :class:`Figure` (a number with its range and sources),
:class:`Spread` (its distribution in the PSA), :class:`CostSplit`, the effect by treatment
window, and :class:`Intervention` with its validation and user overrides.

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

from planning.interventions.citations import SOURCES

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


#: Distribution families of :class:`Spread` (see :mod:`planning.psa` for how each is fitted).
SPREAD_KINDS: tuple[str, ...] = ("lognormal", "rr_lognormal", "beta", "gamma", "fixed")


@dataclass(frozen=True)
class Spread:
    """The uncertainty of a figure for the probabilistic sensitivity analysis (PSA).

    Parameters
    ----------
    kind : {"lognormal", "rr_lognormal", "beta", "gamma", "fixed"}
        ``"lognormal"``: a ratio (odds ratio) log-normal with the 95% interval ``low``-``high``;
        ``"rr_lognormal"``: a relative risk reduction whose relative risk ``1 - RRR`` is
        log-normal with the 95% interval ``1 - high`` to ``1 - low``; ``"beta"``: a proportion,
        from ``counts`` (events, non-events) or with mean = the figure's central value and
        SD = ``sd`` (or (high - low) / 3.92); ``"gamma"``: a cost or rate with mean = central
        and SD = ``sd`` (or (high - low) / 3.92); ``"fixed"``: no uncertainty drawn.
    basis : str
        Where the spread comes from, in words (a published CI, or the assumption made).
    low, high : float, optional
        The 95% interval (2.5th and 97.5th percentiles) the spread is fitted to; default to
        the figure's own low and high.
    sd : float, optional
        Standard deviation (same unit as the figure) instead of an interval.
    counts : (float, float), optional
        Beta from counts: (events, non-events), e.g. (586, 176) for 586 of 762.
    sources : tuple of str
        Keys of :data:`SOURCES` for a published spread.
    is_assumption : bool
        True when no published spread exists and the spread is ours (say so in ``basis``).
    """

    kind: str
    basis: str
    low: float = math.nan
    high: float = math.nan
    sd: float = math.nan
    counts: tuple[float, float] | None = None
    sources: tuple[str, ...] = ()
    is_assumption: bool = False

    def __post_init__(self) -> None:
        if self.kind not in SPREAD_KINDS:
            msg = f"spread kind must be one of {', '.join(SPREAD_KINDS)}"
            raise ValueError(msg)
        if not self.basis.strip():
            msg = "a spread needs a basis stating where it comes from"
            raise ValueError(msg)
        for key in self.sources:
            if key not in SOURCES:
                msg = f"spread: unknown source '{key}'"
                raise ValueError(msg)


@dataclass(frozen=True)
class Figure:
    """One number with its range, unit and provenance.

    Parameters
    ----------
    central : float
        The value used in the arithmetic.
    unit : str
        What the number measures, e.g. ``"fraction"``, ``"GBP per person per year"``.
    low, high : float, optional
        Range; default to ``central``. Must satisfy ``low <= central <= high``.
    sources : tuple of str
        Keys of :data:`SOURCES`. Required unless the figure is an assumption.
    is_assumption : bool
        True when the number is our choice or rests on a judgement of ours (including
        derivations that apply a published figure to a setting it was not measured in).
    basis : str
        Plain statement of what the number is and how it was obtained. Required for
        assumptions and for derived figures.
    price_year : str
        For money: the price year of the source (no inflation is applied).
    spread : Spread, optional
        Its distribution in the probabilistic sensitivity analysis; ``None``: the default of
        :func:`planning.psa.spread_of` (the low-high range as a 95% interval, or none).

    Raises
    ------
    ValueError
        ``"<unit>: central, low and high must be finite numbers"``,
        ``"<unit>: need low <= central <= high"``,
        ``"<unit>: a published figure needs at least one source"``,
        ``"<unit>: unknown source '<key>'"``,
        ``"<unit>: an assumption needs a basis stating what it rests on"``.

    Examples
    --------
    >>> Figure(0.27, "fraction", low=0.23, high=0.32, sources=("ettehad2016",)).high
    0.32
    """

    central: float
    unit: str
    low: float = math.nan
    high: float = math.nan
    sources: tuple[str, ...] = ()
    is_assumption: bool = False
    basis: str = ""
    price_year: str = ""
    spread: Spread | None = None

    def __post_init__(self) -> None:
        if math.isnan(self.low):
            object.__setattr__(self, "low", self.central)
        if math.isnan(self.high):
            object.__setattr__(self, "high", self.central)
        values = (self.central, self.low, self.high)
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
            msg = f"{self.unit}: central, low and high must be finite numbers"
            raise ValueError(msg)
        if not self.low <= self.central <= self.high:
            msg = f"{self.unit}: need low <= central <= high"
            raise ValueError(msg)
        if not self.is_assumption and not self.sources:
            msg = f"{self.unit}: a published figure needs at least one source"
            raise ValueError(msg)
        for key in self.sources:
            if key not in SOURCES:
                msg = f"{self.unit}: unknown source '{key}'"
                raise ValueError(msg)
        if self.is_assumption and not self.basis.strip():
            msg = f"{self.unit}: an assumption needs a basis stating what it rests on"
            raise ValueError(msg)


@dataclass(frozen=True)
class CostSplit:
    """Shares of an event's cost by who pays: NHS acute, NHS other, council social care.

    Shares are fractions summing to 1 (within 1e-9).

    Raises
    ------
    ValueError
        ``"cost split shares must be between 0 and 1"``,
        ``"cost split shares must sum to 1"``,
        ``"cost split: an assumption needs a basis"``,
        ``"cost split: unknown source '<key>'"``.
    """

    nhs_acute: float
    nhs_other: float
    social_care: float
    sources: tuple[str, ...] = ()
    is_assumption: bool = True
    basis: str = ""

    def __post_init__(self) -> None:
        shares = (self.nhs_acute, self.nhs_other, self.social_care)
        if not all(isinstance(s, int | float) and 0 <= s <= 1 for s in shares):
            msg = "cost split shares must be between 0 and 1"
            raise ValueError(msg)
        if abs(sum(shares) - 1) > 1e-9:
            msg = "cost split shares must sum to 1"
            raise ValueError(msg)
        if self.is_assumption and not self.basis.strip():
            msg = "cost split: an assumption needs a basis"
            raise ValueError(msg)
        for key in self.sources:
            if key not in SOURCES:
                msg = f"cost split: unknown source '{key}'"
                raise ValueError(msg)



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
