"""The intervention catalogue: what each intervention moves, costs and saves, and where every
number comes from.

Each :class:`Intervention` states the coverage indicator it moves (a catalogue indicator id, or
``None`` with the reason when no catalogue indicator measures its coverage), the population it
is offered to, how take-up turns coverage into people reached, the unit cost, the effect on
events with a low / central / high range, the baseline event risk, the time to effect, and the
cost of an event avoided split between NHS acute, NHS other and council social care.

Every number is a :class:`Figure` with its sources (keys of :data:`SOURCES`, each a full
citation and the address where it was checked) and a plain statement of what it is. A figure
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
* ``event_cost``: GBP of NHS and social care per event avoided, booked in the year the event
  is avoided.

References
----------
See :data:`SOURCES`; every entry was read in a stored copy of the cited page (address given).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

__all__ = [
    "CATALOGUE",
    "CATALOGUE_BY_ID",
    "DELIVERIES",
    "INDICATOR_IDS",
    "OVERRIDABLE",
    "SOURCES",
    "CostSplit",
    "Figure",
    "Intervention",
    "Source",
]

Delivery = Literal["maintained", "annual_cohort"]
DELIVERIES: tuple[str, ...] = ("maintained", "annual_cohort")

#: Indicator ids an intervention may name. Coverage (provision) indicators it moves, need
#: indicators that size its eligible population, and context. Each is in
#: ``etl.indicators.CATALOGUE`` or is being added to it (``nhs_health_check_offered_pct``,
#: ``serving_unit_thrombolysis_rate_pct``); ``tests/test_planning_interventions.py`` checks.
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


@dataclass(frozen=True)
class Source:
    """One published source: full citation, the address where it was read, and what it says.

    ``checked`` quotes or paraphrases the passage the catalogue relies on, so a reader can
    find it again.
    """

    key: str
    citation: str
    url: str
    checked: str


_SOURCE_LIST: tuple[Source, ...] = (
    Source(
        "ettehad2016",
        "Ettehad D, Emdin CA, Kiran A, Anderson SG, Callender T, Emberson J, Chalmers J, "
        "Rodgers A, Rahimi K. Blood pressure lowering for prevention of cardiovascular disease "
        "and death: a systematic review and meta-analysis. Lancet 2016.",
        "https://ja.scribd.com/document/309449582/The-Lancet",
        "Every 10 mm Hg reduction in systolic blood pressure reduced stroke, RR 0.73 "
        "(95% CI 0.68-0.77); 123 studies, 613,815 participants.",
    ),
    Source(
        "hart2007",
        "Hart RG, Pearce LA, Aguilar MI. Meta-analysis: antithrombotic therapy to prevent stroke "
        "in patients who have nonvalvular atrial fibrillation. Ann Intern Med "
        "2007;146(12):857-867. doi:10.7326/0003-4819-146-12-200706190-00007.",
        "https://pubmed.ncbi.nlm.nih.gov/17577005/",
        "Adjusted-dose warfarin (6 trials, 2,900 participants) reduced stroke by 64% "
        "(95% CI 49% to 74%) compared with control.",
    ),
    Source(
        "segal2000",
        "Segal JB, McNamara RL, Miller MR, Kim N, Goodman SN, Powe NR, Robinson KA, Bass EB. "
        "Prevention of thromboembolism in atrial fibrillation: a meta-analysis of trials of "
        "anticoagulants and antiplatelet drugs. J Gen Intern Med 2000;15(1):56-67. "
        "doi:10.1046/j.1525-1497.2000.04329.x.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC1495320/",
        "For primary prevention, assuming a baseline risk of 45 strokes per 1,000 "
        "patient-years, warfarin could prevent 30 strokes.",
    ),
    Source(
        "emberson2014",
        "Emberson J, Lees KR, Lyden P, et al. Effect of treatment delay, age, and stroke "
        "severity on the effects of intravenous thrombolysis with alteplase for acute ischaemic "
        "stroke: a meta-analysis of individual patient data from randomised trials. Lancet "
        "2014;384(9958):1929-1935. doi:10.1016/S0140-6736(14)60584-5.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4441266/",
        "Treatment within 3.0 h: good outcome (mRS 0-1 at 3-6 months) in 259/787 (32.9%) "
        "with alteplase vs 176/762 (23.1%) with control, OR 1.75 (95% CI 1.35-2.27); "
        "more than 3.0 h up to 4.5 h: 485/1375 (35.3%) vs 432/1437 (30.1%), OR 1.26 "
        "(1.05-1.51). Beyond 4.5 h the review's summary gives OR 1.15 (0.95-1.40); the stored "
        "copy read here was cut before that figure, so it is not re-checked.",
    ),
    Source(
        "samuel_stats",
        "SAMueL project (Stroke Audit Machine Learning; University of Exeter / PenARC). "
        "Descriptive statistics of SSNAP by stroke team and year, England and Wales 2016-2021 "
        "(summary_stats_4hr.csv, ambulance arrivals within 4 hours of known onset).",
        "https://github.com/samuel-book/streamlit_descriptive_stats",
        "All England and Wales 2016-2021, arrivals within 4 hours: median onset-to-arrival "
        "104 min, arrival-to-scan 26 min, scan-to-thrombolysis 30 min; 29.9% thrombolysed. "
        "(Research output derived from SSNAP, not an official SSNAP figure.)",
    ),
    Source(
        "xu2018",
        "Xu XM, Vestesson E, Paley L, Desikan A, Wonderling D, Hoffman A, Wolfe CD, Rudd AG, "
        "Bray BD. The economic burden of stroke care in England, Wales and Northern Ireland: "
        "using a national stroke register to estimate and report patient-level health economic "
        "outcomes in stroke. European Stroke Journal 2018.",
        "https://kclpure.kcl.ac.uk/portal/en/publications/"
        "the-economic-burden-of-stroke-care-in-england-wales-and-northern-",
        "Health and social care cost in the first five years after admission: mean per "
        "patient GBP 46,039 (SSNAP patients April 2015-March 2016, n = 84,184); fivefold "
        "variation between patient groups, GBP 19,101 to GBP 107,336; costs rise with age and "
        "severity.",
    ),
    Source(
        "patel2020",
        "Patel A, Berdunov V, Quayyum Z, King D, Knapp M, Wittenberg R. Estimated societal "
        "costs of stroke in the UK based on a discrete event simulation. Age Ageing "
        "2020;49(2):270-276. doi:10.1093/ageing/afz162. (Work for the Stroke Association: "
        "'Current, future and avoidable costs of stroke in the UK'.)",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC7047817/",
        "Mean societal cost of a new stroke GBP 45,409 (95% CI 42,054-48,763) in the first "
        "year, 2014/15 prices, including unpaid care (61% of aggregate cost); around 100,000 "
        "new strokes a year in the UK.",
    ),
    Source(
        "herc_leal",
        "Leal J, Luengo-Fernandez R. The economic burden of cerebrovascular diseases in the UK. "
        "Health Economics Research Centre, University of Oxford (British Heart Foundation and "
        "Stroke Association), 2008-09.",
        "https://www.herc.ox.ac.uk/research/disease-cost-studies-2/studies-28/"
        "the-economic-burden-of-cerebrovascular-diseases-in-the-uk-2",
        "Cost of stroke to UK health and social care 2006/07 just over GBP 2.5 billion; "
        "inpatient hospital care GBP 1.1 billion, residential care nearly GBP 900 million.",
    ),
    Source(
        "lse2018",
        "London School of Economics. Economic cost of stroke 'set to triple' in UK (news "
        "release on the Stroke Association report by Patel et al.), August 2018.",
        "https://www.lse.ac.uk/News/Latest-news-from-LSE/2018/08-Aug-2018/"
        "Economic-cost-of-stroke-set-to-triple-in-UK",
        "Of the societal cost of stroke: unpaid carers 62%, social care 22%, NHS 9%, lost "
        "productivity 7%.",
    ),
    Source(
        "chang2016",
        "Chang KC, Lee JT, Vamos EP, Soljak M, Johnston D, Khunti K, Majeed A, Millett C. "
        "Impact of the National Health Service Health Check on cardiovascular disease risk: a "
        "difference-in-differences matching analysis. CMAJ 2016;188(10):E228-E238. "
        "doi:10.1503/cmaj.151201.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4938708/",
        "Attendees vs matched non-attendees (median follow-up 2 years): systolic blood "
        "pressure -2.51 mm Hg (95% CI -2.77 to -2.25).",
    ),
    Source(
        "mason2018",
        "Mason AR, Liu D, Marks L, Davis H, Hunter DJ, Jehu LM, Visram S, Smithson J. Local "
        "authority commissioning of NHS Health Checks: a regression analysis of the first "
        "three years. Health Policy 2018;122(9):1035-1042.",
        "https://pure.york.ac.uk/portal/en/publications/"
        "local-authority-commissioning-of-nhs-health-checks-a-regression-a",
        "Over 2013/14-2015/16 the invitation, coverage and uptake rates averaged 57%, 28% and "
        "49%; uptake = attendance by those invited.",
    ),
    Source(
        "pulse_healthcheck2013",
        "Pulse. 'It's finally time to say yes to Health Checks' (GP blog on one area's NHS "
        "Health Check contract), 2013.",
        "https://www.pulsetoday.co.uk/views/uncategorised/"
        "its-finally-time-to-say-yes-to-health-checks/",
        "Payment of GBP 28 per check with a fasting blood test through the local pathology "
        "department, GBP 25 with a near-patient test.",
    ),
    Source(
        "sheppard2014",
        "Sheppard JP, Fletcher K, McManus RJ, Mant J. Prevalence and costs of treating "
        "uncomplicated stage 1 hypertension in primary care: a cross-sectional analysis. "
        "Br J Gen Pract 2014;64(627):e641-e648. doi:10.3399/bjgp14X681817.",
        "https://bjgp.org/content/64/627/e641",
        "Table 2, annual cost per patient aged 55 or over: one drug + practice nurse GBP 36.46; "
        "two drugs + practice nurse GBP 64.67; three drugs + GP GBP 193.18 (Drug Tariff May "
        "2013; Unit Costs of Health and Social Care 2012).",
    ),
    Source(
        "nice_ta341",
        "National Institute for Health and Care Excellence. Apixaban for the treatment and "
        "secondary prevention of deep vein thrombosis and/or pulmonary embolism. Technology "
        "appraisal guidance TA341, 2015, section 2.3.",
        "https://www.nice.org.uk/guidance/ta341/chapter/2-The-technology",
        "Apixaban costs GBP 1.10 per tablet for the 2.5 mg or 5 mg dose (excluding VAT; BNF "
        "January 2015).",
    ),
    Source(
        "nice_ta264",
        "National Institute for Health and Care Excellence. Alteplase for treating acute "
        "ischaemic stroke. Technology appraisal guidance TA264, 2012, section 2.3.",
        "https://www.nice.org.uk/guidance/ta264/chapter/2-The-technology",
        "Cost per course of alteplase GBP 300 to GBP 600 depending on body weight "
        "(0.9 mg/kg; excluding VAT; BNF 63).",
    ),
    Source(
        "hscic_sss2013",
        "Health and Social Care Information Centre. Statistics on NHS Stop Smoking Services: "
        "England, April 2012 - March 2013 (press release 30 October 2013).",
        "http://content.digital.nhs.uk/article/3670/"
        "Fewer-smokers-trying-to-kick-the-habit-with-NHS-help",
        "724,247 quit dates set, 373,872 self-reported quitters at 4 weeks; spending on NHS "
        "Stop Smoking Services GBP 87.7 million; cost per quitter GBP 235 (figures as "
        "reported by Pulse and Nursing in Practice from the same report).",
    ),
    Source(
        "ferguson2005",
        "Ferguson J, Bauld L, Chesterman J, Judge K. The English smoking treatment services: "
        "one-year outcomes. Addiction 2005. doi:10.1111/j.1360-0443.2005.01028.x.",
        "https://pubmed.ncbi.nlm.nih.gov/15755262/",
        "One user in seven (14.6%) was a CO-validated quitter at 52 weeks; 17.7% including "
        "self-report.",
    ),
    Source(
        "shinton1989",
        "Shinton R, Beevers G. Meta-analysis of relation between cigarette smoking and stroke. "
        "BMJ 1989;298(6676):789-794. doi:10.1136/bmj.298.6676.789.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC1836102/",
        "Relative risk of stroke in smokers 1.5 (95% CI 1.4 to 1.6); in ex-smokers 1.2 at all "
        "ages, 1.5 under age 75.",
    ),
    Source(
        "green_book",
        "HM Treasury. Review of discounting in the Green Book: terms of reference. "
        "16 December 2025.",
        "https://www.gov.uk/government/publications/green-book-discount-rate-review-2026/"
        "review-of-discounting-in-the-green-book-terms-of-reference",
        "The Social Time Preference Rate is 3.5% in real terms for the first 30 years, "
        "falling to 3.0% for years 31 to 75.",
    ),
)

#: Every source the catalogue cites, by key.
SOURCES: Mapping[str, Source] = {s.key: s for s in _SOURCE_LIST}


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


# ---------------------------------------------------------------------------
# shared figures
# ---------------------------------------------------------------------------

_STROKE_COST = Figure(
    46_039,
    "GBP per stroke (NHS and social care, first five years)",
    sources=("xu2018",),
    basis=(
        "Mean health and social care cost per patient in the five years after admission for "
        "stroke, SSNAP patients admitted April 2015-March 2016. Spread evenly over the five "
        "years from the year the stroke is avoided (our assumption: the split by year was not "
        "read in the source), each year discounted, cut off at the horizon. Not the societal "
        "first-year figure of Patel et al. 2020 (GBP 45,409), which includes unpaid care and "
        "is not a saving to any budget."
    ),
    price_year="costs as reported for the 2015/16 cohort",
    spread=Spread(
        "gamma",
        "Assumption: gamma with a standard deviation of 15% of the mean. Xu et al. report a "
        "mean over 84,184 patients (its sampling error is small), not the spread of the cost "
        "one avoided stroke would have had in these areas.",
        sd=0.15 * 46_039,
        is_assumption=True,
    ),
)

#: Years over which the five-year cost of a stroke (Xu et al.) falls.
_STROKE_COST_YEARS = 5

_STROKE_COST_SPLIT = CostSplit(
    nhs_acute=0.44,
    nhs_other=0.20,
    social_care=0.36,
    sources=("herc_leal", "lse2018"),
    is_assumption=True,
    basis=(
        "Our assumption, from the UK aggregate cost of stroke to health and social care in "
        "2006/07 (HERC, Oxford): inpatient hospital care GBP 1.1bn of GBP 2.5bn (44%) to NHS "
        "acute, residential care about GBP 0.9bn (36%) to council social care, the remaining "
        "20% (primary, outpatient, community care and other services) to NHS other. An "
        "aggregate over all survivors applied to one new stroke; residential care includes "
        "self-funders, so council savings are overstated. The Stroke Association work (Patel "
        "et al.; LSE 2018) puts social care at 22% and the NHS at 9% of the whole societal "
        "cost, a larger social-care share than used here."
    ),
)

_NEW_STROKE_RISK_BASIS = (
    " For scale: around 100,000 new strokes a year in a UK population of about 65 million is "
    "about 0.15% a year across all ages (Patel et al. 2020 for the count). Replace with local "
    "data where possible."
)


# ---------------------------------------------------------------------------
# thrombolysis: effect by onset-to-needle window
# ---------------------------------------------------------------------------

_THROMBOLYSIS_BASELINE = Figure(
    0.769,
    "probability of a poor outcome (mRS 2-6) without alteplase",
    sources=("emberson2014",),
    basis="Derived: 1 - 176/762, the control arm of patients randomised within 3 hours (used "
    "for every window; the 3.0-4.5 h control arm did better, 30.1% good outcome, which makes "
    "the later windows' absolute benefit slightly larger than modelled here).",
    spread=Spread(
        "beta",
        "Beta(586, 176): 586 poor outcomes among the 762 controls treated within 3 hours.",
        counts=(586, 176),
        sources=("emberson2014",),
    ),
)


def _odds_ratio(central: float, low: float, high: float, window: str) -> Figure:
    return Figure(
        central,
        "odds ratio of a good outcome (mRS 0-1) with alteplase",
        low=low,
        high=high,
        sources=("emberson2014",),
        basis=f"Emberson et al., treatment {window}: OR {central:g} (95% CI {low:g}-{high:g}).",
        spread=Spread(
            "lognormal",
            f"Log-normal with the published 95% CI {low:g}-{high:g}.",
            sources=("emberson2014",),
        ),
    )


_THROMBOLYSIS_WINDOWS = WindowedEffect(
    windows=(
        TreatmentWindow("within 3.0 h", _odds_ratio(1.75, 1.35, 2.27, "within 3.0 h")),
        TreatmentWindow("3.0-4.5 h", _odds_ratio(1.26, 1.05, 1.51, "after 3.0 h up to 4.5 h")),
        TreatmentWindow("after 4.5 h", _odds_ratio(1.15, 0.95, 1.40, "after 4.5 h")),
    ),
    share_first=Figure(
        0.6,
        "share of thrombolysed patients treated within 3.0 h of onset",
        sources=("samuel_stats",),
        is_assumption=True,
        basis=(
            "Our assumption: 60% treated within 3.0 h, 40% at 3.0-4.5 h and none later "
            "(alteplase is licensed to 4.5 h). No national onset-to-needle distribution is in "
            "the shared data. For scale, SAMueL's SSNAP medians for arrivals within 4 hours "
            "(2016-2021) add up to about 160 minutes from onset to needle (onset-to-arrival "
            "104, arrival-to-scan 26, scan-to-needle 30); a sum of medians is not the median "
            "of the sum, so this only says the typical treated patient is near the 3-hour "
            "mark. Replace with the local SSNAP onset-to-needle mix."
        ),
        spread=Spread(
            "beta",
            "Assumption: beta with SD 0.1 (95% about 0.40-0.78).",
            sd=0.1,
            is_assumption=True,
        ),
    ),
    share_last=0.0,
)

# ---------------------------------------------------------------------------
# the catalogue
# ---------------------------------------------------------------------------

CATALOGUE: tuple[Intervention, ...] = (
    Intervention(
        intervention_id="nhs_health_check",
        name="NHS Health Check: offer more eligible adults a check",
        description=(
            "Council-commissioned NHS Health Check (usually in general practice) for adults "
            "aged 40-74 without known vascular disease, every five years: risk assessment, "
            "advice and referral for treatment."
        ),
        coverage_indicator_id="nhs_health_check_offered_pct",
        population_indicator_id=None,
        indicator_note=(
            "nhs_health_check_offered_pct is the right coverage indicator: commissioners move "
            "the share of the eligible population offered a check. In the catalogue it is an "
            "annual rate (offers in the financial year / eligible population aged 40-74; the "
            "national expectation is about 20% a year, one offer in five years), so "
            "coverage_period_years = 1. It counts offers, not checks, so people reached = "
            "added offers x uptake (49%). No catalogue indicator gives the eligible "
            "population: pass the OHID eligible-population estimate (the indicator's "
            "denominator)."
        ),
        target_population="Adults aged 40-74 without diagnosed cardiovascular disease, diabetes, "
        "kidney disease or treated hypertension (eligible for an NHS Health Check).",
        event="First stroke",
        delivery="annual_cohort",
        coverage_period_years=1,
        take_up=Figure(
            0.49,
            "fraction of people offered who attend",
            sources=("mason2018",),
            basis="Average uptake (attendance by those invited) in England, 2013/14-2015/16.",
            spread=Spread(
                "beta",
                "Assumption: beta with SD 0.05 (95% about 0.39-0.59); Mason et al. give the "
                "national average, and local uptake varies around it.",
                sd=0.05,
                is_assumption=True,
            ),
        ),
        unit_cost=Figure(
            28,
            "GBP per check",
            low=25,
            high=28,
            sources=("pulse_healthcheck2013",),
            is_assumption=True,
            basis=(
                "One area's payment to practices per check (GBP 28 with a laboratory "
                "cholesterol test, GBP 25 with a near-patient test), taken as the national "
                "unit cost: our assumption. Excludes invitations, follow-up and any treatment "
                "started after the check."
            ),
            price_year="2013",
            spread=Spread(
                "gamma",
                "Assumption: gamma with SD 15% of the mean (one area's payment; prices differ "
                "between areas).",
                sd=0.15 * 28,
                is_assumption=True,
            ),
        ),
        responder_fraction=Figure(
            1.0,
            "fraction",
            is_assumption=True,
            basis="Effect is the average over all attendees (Chang et al.), so applied to all.",
        ),
        baseline_risk=Figure(
            0.0015,
            "strokes per person per year",
            is_assumption=True,
            basis=(
                "Our assumption for adults aged 40-74 without known vascular disease: the "
                "all-age UK incidence of new stroke." + _NEW_STROKE_RISK_BASIS
            ),
            spread=Spread(
                "beta",
                "Assumption: beta with SD 30% of the mean (a round figure, no published "
                "spread).",
                sd=0.30 * 0.0015,
                is_assumption=True,
            ),
        ),
        effect=Figure(
            0.076,
            "relative risk reduction of stroke",
            low=0.057,
            high=0.101,
            sources=("chang2016", "ettehad2016"),
            is_assumption=True,
            basis=(
                "Derived: attendees' systolic blood pressure fell 2.51 mm Hg (2.25-2.77) more "
                "than matched non-attendees (Chang et al.); with stroke RR 0.73 (0.68-0.77) per "
                "10 mm Hg (Ettehad et al.), RRR = 1 - RR^(fall/10): central 1 - 0.73^0.251 = "
                "0.076, low 1 - 0.77^0.225 = 0.057, high 1 - 0.68^0.277 = 0.101. Assumes the "
                "fall persists and acts as in trials, and ignores cholesterol, smoking and "
                "weight changes."
            ),
            spread=Spread(
                "rr_lognormal",
                "Relative risk 1 - RRR log-normal with the derived 95% interval 0.899-0.943 "
                "(from the CIs of Chang et al. and Ettehad et al.).",
                sources=("chang2016", "ettehad2016"),
            ),
        ),
        time_to_effect_years=Figure(
            1.0,
            "years",
            is_assumption=True,
            basis="Our assumption: about a year for treatment and advice after a check to "
            "lower blood pressure.",
        ),
        effect_duration_years=Figure(
            5.0,
            "years",
            is_assumption=True,
            basis="Our assumption: the effect lasts until the next check five years later.",
        ),
        event_cost=_STROKE_COST,
        event_cost_split=_STROKE_COST_SPLIT,
        event_cost_years=_STROKE_COST_YEARS,
    ),
    Intervention(
        intervention_id="hypertension_treatment",
        name="Hypertension: detect and treat more people",
        description=(
            "Find people with high blood pressure and keep them on treatment (primary care "
            "reviews and one to three antihypertensive drugs)."
        ),
        coverage_indicator_id=None,
        population_indicator_id="hypertension_qof_pct",
        indicator_note=(
            "hypertension_qof_pct is recorded prevalence (QOF 2022/23, a need indicator): it "
            "sizes the eligible population (people on the hypertension register = prevalence "
            "x residents) but treatment does not move it, and better detection raises it. "
            "It counts diagnosed patients only (undiagnosed hypertension is not in it). It "
            "replaced the Health Index 'High blood pressure' series, whose values are not "
            "plausible shares (Lancaster 96% in 2021). The coverage this intervention moves, "
            "the share of people with hypertension treated to target (QOF HYP008/HYP009), is "
            "published for ICBs only: pass current and target percentages directly."
        ),
        target_population="People with diagnosed (recorded) hypertension.",
        event="Stroke",
        delivery="maintained",
        coverage_period_years=1,
        take_up=Figure(
            1.0,
            "fraction",
            is_assumption=True,
            basis="Coverage counts people treated, so every added point is reached.",
        ),
        unit_cost=Figure(
            64.67,
            "GBP per person per year",
            low=36.46,
            high=193.18,
            sources=("sheppard2014",),
            basis=(
                "Annual cost per patient aged 55+: two drugs with practice-nurse reviews "
                "(central), one drug with a practice nurse (low), three drugs with GP reviews "
                "(high); Sheppard et al. Table 2. Drug costs have fallen since 2013."
            ),
            price_year="drugs May 2013; staff 2012",
            spread=Spread(
                "gamma",
                "Assumption: gamma with SD 20% of the mean around the two-drug cost (the "
                "published low and high are other regimens, not a confidence interval).",
                sd=0.20 * 64.67,
                is_assumption=True,
            ),
        ),
        responder_fraction=Figure(
            1.0, "fraction", is_assumption=True, basis="Effect is applied to everyone treated."
        ),
        baseline_risk=Figure(
            0.01,
            "strokes per person per year",
            is_assumption=True,
            basis=(
                "Our assumption: 1% a year for adults with untreated or uncontrolled "
                "hypertension, mostly in later life; a round figure, not from a source."
                + _NEW_STROKE_RISK_BASIS
            ),
            spread=Spread(
                "beta",
                "Assumption: beta with SD 30% of the mean (a round figure, no published "
                "spread).",
                sd=0.30 * 0.01,
                is_assumption=True,
            ),
        ),
        effect=Figure(
            0.27,
            "relative risk reduction of stroke",
            low=0.23,
            high=0.32,
            sources=("ettehad2016",),
            basis=(
                "Stroke RR 0.73 (95% CI 0.68-0.77) per 10 mm Hg lower systolic pressure, so RRR "
                "0.27 (0.23-0.32). Treatment is assumed to lower systolic pressure by 10 mm Hg "
                "(our assumption, roughly one to two standard drugs); override if local data "
                "differ."
            ),
            spread=Spread(
                "rr_lognormal",
                "Relative risk 0.73 log-normal with its published 95% CI 0.68-0.77.",
                sources=("ettehad2016",),
            ),
        ),
        time_to_effect_years=Figure(
            1.0,
            "years",
            is_assumption=True,
            basis="Our assumption: a year to find, start and titrate treatment.",
        ),
        effect_duration_years=None,
        event_cost=_STROKE_COST,
        event_cost_split=_STROKE_COST_SPLIT,
        event_cost_years=_STROKE_COST_YEARS,
    ),
    Intervention(
        intervention_id="af_anticoagulation",
        name="Atrial fibrillation: anticoagulate more people",
        description=(
            "Identify people with atrial fibrillation at raised stroke risk and keep them on "
            "an oral anticoagulant."
        ),
        coverage_indicator_id=None,
        population_indicator_id=None,
        indicator_note=(
            "No catalogue indicator measures this: the coverage moved is the share of people "
            "with AF (CHA2DS2-VASc 2 or more) on an anticoagulant (QOF / CVDPREVENT), and the "
            "eligible population is the AF register. Pass both directly. "
            "hypertension_qof_pct and the stroke access measures are not proxies for it."
        ),
        target_population="People with atrial fibrillation eligible for anticoagulation.",
        event="Stroke",
        delivery="maintained",
        coverage_period_years=1,
        take_up=Figure(
            1.0, "fraction", is_assumption=True, basis="Coverage counts people anticoagulated."
        ),
        unit_cost=Figure(
            803,
            "GBP per person per year",
            sources=("nice_ta341",),
            basis=(
                "Derived: apixaban 5 mg twice daily at GBP 1.10 per tablet = 1.10 x 2 x 365. "
                "Drug only (no reviews or bleeding costs); list price of 2015, likely well "
                "above current prices."
            ),
            price_year="2015",
            spread=Spread(
                "gamma",
                "Assumption: gamma with SD 15% of the mean (a 2015 list price; prices paid "
                "differ).",
                sd=0.15 * 803,
                is_assumption=True,
            ),
        ),
        responder_fraction=Figure(
            1.0,
            "fraction",
            is_assumption=True,
            basis="Effect is applied to everyone anticoagulated.",
        ),
        baseline_risk=Figure(
            0.045,
            "strokes per person per year",
            sources=("segal2000",),
            basis="Baseline risk of 45 strokes per 1,000 patient-years used by Segal et al. "
            "for primary prevention in AF without anticoagulation.",
            spread=Spread(
                "beta",
                "Assumption: beta with SD 20% of the mean (Segal et al. use it as an "
                "illustration, without a spread; risk varies with CHA2DS2-VASc score).",
                sd=0.20 * 0.045,
                is_assumption=True,
            ),
        ),
        effect=Figure(
            0.64,
            "relative risk reduction of stroke",
            low=0.49,
            high=0.74,
            sources=("hart2007",),
            basis="Adjusted-dose warfarin vs control; applied to any oral anticoagulant.",
            spread=Spread(
                "rr_lognormal",
                "Relative risk 0.36 log-normal with the published 95% CI of the reduction "
                "(49% to 74%, so RR 0.26-0.51).",
                sources=("hart2007",),
            ),
        ),
        time_to_effect_years=Figure(
            0.0,
            "years",
            is_assumption=True,
            basis="Our assumption: anticoagulation protects from the start of treatment.",
        ),
        effect_duration_years=None,
        event_cost=_STROKE_COST,
        event_cost_split=_STROKE_COST_SPLIT,
        event_cost_years=_STROKE_COST_YEARS,
    ),
    Intervention(
        intervention_id="smoking_cessation",
        name="Stop smoking services: support more smokers to quit",
        description=(
            "Council-commissioned stop smoking service: behavioural support with medication "
            "for smokers who set a quit date."
        ),
        coverage_indicator_id=None,
        population_indicator_id="smoking_pct",
        indicator_note=(
            "smoking_pct is prevalence (a need indicator): it sizes the eligible population "
            "(smokers = prevalence x adults). The coverage the service moves, the share of "
            "smokers setting a quit date with the service each year, is not in the catalogue: "
            "pass current and target percentages directly. Lower prevalence is an outcome, "
            "not the lever."
        ),
        target_population="Adults who smoke.",
        event="Stroke",
        delivery="annual_cohort",
        coverage_period_years=1,
        take_up=Figure(
            1.0,
            "fraction",
            is_assumption=True,
            basis="Coverage counts smokers who set a quit date with the service.",
        ),
        unit_cost=Figure(
            121,
            "GBP per person setting a quit date",
            sources=("hscic_sss2013",),
            basis=(
                "Derived: GBP 87.7 million spent / 724,247 quit dates in 2012/13 = GBP 121 "
                "(the published GBP 235 per 4-week quitter x 52% success agrees). Excludes "
                "prescribed medicines."
            ),
            price_year="2012/13",
            spread=Spread(
                "gamma",
                "Assumption: gamma with SD 15% of the mean (a national average cost).",
                sd=0.15 * 121,
                is_assumption=True,
            ),
        ),
        responder_fraction=Figure(
            0.146,
            "fraction of people setting a quit date",
            high=0.177,
            sources=("ferguson2005",),
            basis=(
                "CO-validated abstinence at 52 weeks (17.7% including self-report). Gross: not "
                "net of people who would have quit without the service, so it overstates the "
                "effect; relapse after a year is ignored."
            ),
            spread=Spread(
                "beta",
                "Assumption: beta with SD 0.02 around 14.6% (95% about 11-19%, covering the "
                "17.7% with self-report); no CI was read.",
                sd=0.02,
                is_assumption=True,
            ),
        ),
        baseline_risk=Figure(
            0.0023,
            "strokes per person per year",
            sources=("shinton1989",),
            is_assumption=True,
            basis=(
                "Our assumption: the all-age incidence of about 0.15% a year x the relative "
                "risk of stroke in smokers, 1.5 (Shinton and Beevers)." + _NEW_STROKE_RISK_BASIS
            ),
            spread=Spread(
                "beta",
                "Assumption: beta with SD 30% of the mean (a derived round figure).",
                sd=0.30 * 0.0023,
                is_assumption=True,
            ),
        ),
        effect=Figure(
            0.20,
            "relative risk reduction of stroke in quitters",
            low=0.0,
            high=1 / 3,
            sources=("shinton1989",),
            is_assumption=True,
            basis=(
                "Derived from observational relative risks: ex-smokers 1.2 vs current smokers "
                "1.5 gives 1 - 1.2/1.5 = 0.20; low 0 (ex-smokers under 75 still 1.5); high "
                "1 - 1/1.5 = 0.33 (risk back to that of never-smokers). Applying these to "
                "service quitters is our assumption."
            ),
            spread=Spread(
                "rr_lognormal",
                "Assumption: relative risk 0.8 log-normal with the low-high range 0.67-1.0 "
                "taken as its 95% interval (observational, not a confidence interval).",
                is_assumption=True,
            ),
        ),
        time_to_effect_years=Figure(
            2.0,
            "years",
            is_assumption=True,
            basis="Our assumption: stroke risk falls over the first years after quitting.",
        ),
        effect_duration_years=None,
        event_cost=_STROKE_COST,
        event_cost_split=_STROKE_COST_SPLIT,
        event_cost_years=_STROKE_COST_YEARS,
    ),
    Intervention(
        intervention_id="thrombolysis_rate",
        name="Stroke units: thrombolyse more eligible patients",
        description=(
            "Raise the share of emergency stroke admissions given intravenous thrombolysis "
            "(alteplase) at the serving stroke unit: faster pathways, scanning and decisions."
        ),
        coverage_indicator_id="serving_unit_thrombolysis_rate_pct",
        population_indicator_id="stroke_admissions_rate",
        indicator_note=(
            "serving_unit_thrombolysis_rate_pct is the right coverage indicator: the share of "
            "emergency stroke admissions thrombolysed at the area's nearest thrombolysis unit "
            "(a unit's rate attributed to the residents it serves, not their own rate; about "
            "20% could benefit, per the catalogue's standard). The eligible population is "
            "emergency stroke admissions (stroke_admissions_rate x population / 100,000). "
            "ivt_within_30min_pct is shown as context: it measures road access to a unit, "
            "which changing thrombolysis practice does not move (only reconfiguring units "
            "would)."
        ),
        target_population="Emergency stroke admissions (people with acute stroke).",
        event="Poor outcome after stroke (mRS 2-6 at 3-6 months)",
        delivery="annual_cohort",
        coverage_period_years=1,
        take_up=Figure(
            1.0, "fraction", is_assumption=True, basis="Coverage counts patients thrombolysed."
        ),
        unit_cost=Figure(
            450,
            "GBP per patient thrombolysed",
            low=300,
            high=600,
            sources=("nice_ta264",),
            is_assumption=True,
            basis=(
                "Alteplase costs GBP 300-600 per course by body weight (published); the "
                "central GBP 450 is our midpoint. Drug only: staff time, scanning, "
                "monitoring and treating bleeds are not included, so the programme cost is "
                "understated; no published per-patient delivery cost was read for this "
                "catalogue."
            ),
            price_year="2012 (BNF 63)",
            spread=Spread(
                "gamma",
                "Gamma with SD GBP 76.5: the published range by body weight, GBP 300-600, "
                "taken as a 95% interval (taking it so is our assumption). Covers the drug "
                "only.",
                sources=("nice_ta264",),
                is_assumption=True,
            ),
        ),
        responder_fraction=Figure(
            1.0,
            "fraction",
            is_assumption=True,
            basis="Effect is the average over all treated patients.",
        ),
        baseline_risk=_THROMBOLYSIS_BASELINE,
        effect=Figure(
            _THROMBOLYSIS_WINDOWS.rrr(_THROMBOLYSIS_BASELINE.central),
            "relative reduction in poor outcome",
            low=_THROMBOLYSIS_WINDOWS.rrr(_THROMBOLYSIS_BASELINE.central, bound="low"),
            high=_THROMBOLYSIS_WINDOWS.rrr(_THROMBOLYSIS_BASELINE.central, bound="high"),
            sources=("emberson2014",),
            is_assumption=True,
            basis=(
                "Derived by treatment window: the good-outcome odds ratio of each window "
                "(within 3.0 h 1.75, 1.35-2.27; 3.0-4.5 h 1.26, 1.05-1.51; Emberson et al.) "
                "applied to the control good-outcome risk 23.1% gives the relative reduction "
                "in poor outcome (p1 - p0) / (1 - p0) per window: 0.148 within 3.0 h, 0.057 "
                "at 3.0-4.5 h; weighted by the assumed onset-to-needle mix (60% / 40%) = "
                "0.111. Low and high: every odds ratio at its CI limit. The mix is our "
                "assumption (see its row). Before December 2026 the catalogue applied the "
                "within-3-hours odds ratio to every patient (0.148)."
            ),
        ),
        time_to_effect_years=Figure(
            0.0,
            "years",
            is_assumption=True,
            basis="Outcome counted in the year of treatment.",
        ),
        effect_duration_years=Figure(
            1.0,
            "years",
            is_assumption=True,
            basis="Each patient's outcome is counted once, in the year of treatment.",
        ),
        event_cost=Figure(
            26_938,
            "GBP per poor outcome avoided (NHS and social care, five years)",
            sources=("xu2018",),
            is_assumption=True,
            basis=(
                "Our assumption, weakly founded: a patient with a good outcome is taken to "
                "cost like the lowest-cost group in Xu et al. (GBP 19,101 over five years) "
                "instead of the cohort mean (GBP 46,039), saving GBP 26,938. The cheapest "
                "group is not the good-outcome group (groups differ by age and severity as "
                "well), so this difference is not a cost of poor outcome: no published "
                "five-year cost by modified Rankin score was read for this catalogue. It is "
                "kept as a labelled assumption with a wide spread (see the PSA), and costs "
                "are spread over five years. Xu et al. do report that costs rise with "
                "severity and that more thrombolysis saves health and social care costs by "
                "five years."
            ),
            price_year="costs as reported for the 2015/16 cohort",
            spread=Spread(
                "gamma",
                "Assumption: gamma with SD 40% of the mean (95% about GBP 10,000-GBP 52,000), "
                "wide because the figure is a difference between groups, not a measured cost "
                "of a poor outcome.",
                sd=0.40 * 26_938,
                is_assumption=True,
            ),
        ),
        event_cost_split=_STROKE_COST_SPLIT,
        context_indicator_ids=("ivt_within_30min_pct",),
        effect_windows=_THROMBOLYSIS_WINDOWS,
        event_cost_years=_STROKE_COST_YEARS,
        cost_note=(
            "The unit cost is the alteplase drug only (GBP 300-600 a course): staff time, "
            "scanning, monitoring and treating bleeds are not included, so the programme cost "
            "is understated and the saving overstated."
        ),
    ),
)

#: The catalogue by id.
CATALOGUE_BY_ID: Mapping[str, Intervention] = {i.intervention_id: i for i in CATALOGUE}
if len(CATALOGUE_BY_ID) != len(CATALOGUE):
    raise ValueError("intervention ids in the catalogue must be unique")
