"""The intervention catalogue (documented data): the five interventions, what each moves,
costs and saves, with every number's source or the assumption it rests on.

Each :class:`~planning.interventions.model.Intervention` states the coverage indicator it moves
(a catalogue indicator id, or ``None`` with the reason when no catalogue indicator measures its
coverage), the population it is offered to, how take-up turns coverage into people reached, the
unit cost, the effect on events with a low / central / high range, the baseline event risk, the
time to effect, and the cost of an event avoided split between NHS acute, NHS other and council
social care. Sources: :mod:`planning.interventions.citations`.
"""

from __future__ import annotations

from collections.abc import Mapping

from planning.interventions.model import (
    CostSplit,
    Figure,
    Intervention,
    Spread,
    TreatmentWindow,
    WindowedEffect,
)

__all__ = ["CATALOGUE", "CATALOGUE_BY_ID"]

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
