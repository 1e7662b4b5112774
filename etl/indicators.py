"""The indicator catalogue: the one place an indicator is defined.

Adding an indicator from an existing source is one `Indicator(...)` entry here: the ETL writes
the catalogue to the ``indicators`` and ``indicator_sources`` tables, the staged SQL models pick
up every entry whose ``loader`` they serve, and the app's menus, legends and notes read the table.

Loaders (how values are built; each is one generic SQL model):

``lsoa_sum``
    A count and denominator per LSOA21 from ``int_lsoa_long`` (``source_key`` = measure name),
    summed to every geography; value and CIs from `core.methods` (rates: Byar's / exact Poisson;
    proportions: Wilson).
``lsoa_mean``
    A population-weighted mean of an LSOA21 measure (``source_key`` = measure name). No CI.
``health_index``
    ONS Health Index value per LAD 2021 (``source_key`` = the Health Index indicator name),
    recoded to LAD 2024 and aggregated as a weighted mean: by population, or by live births
    where ``weight = "live_births"`` (a rate per live births). Values only: no CI.
``fingertips``
    OHID Fingertips published value, 95% CI, count and denominator (``source_key`` =
    Fingertips IndicatorId; ``source_filter`` = sex|age kept). 99.8% limits are computed where
    count and denominator allow.
``fingertips_u5``
    Fingertips indicator 92477 (``source_key`` = age band), ICB and sub-ICB rows.
``fingertips_quarters``
    A quarterly Fingertips count whose sample keeps only the financial year's start, so a year
    holds up to four records sharing one denominator (``source_key`` = IndicatorId,
    ``source_filter`` = sex|age). Annual count = sum of the four quarterly counts, denominator =
    the year's single denominator; Wilson limits from those. Years without exactly four records
    and one denominator, or whose sum exceeds the denominator, are left out and listed in
    ``build_issues`` (``int_fingertips_quarter_years``).
``ae_icb``
    NHS England monthly A&E returns summed to financial years per ICB (``source_key`` = measure).
``ons_infant_mortality``
    ONS infant (``source_key`` = ``infant``) or neonatal (``neonatal``) deaths over live births
    by district, 2010-2016, pooled over three registration years and summed to every geography
    (ICBs and sub-ICBs only where they are unions of whole districts); value and CIs from the
    counts. The file's errors are corrected or left out in SQL and listed in ``build_issues``.
``qof_prevalence``
    QOF 2022/23 recorded prevalence of one register (``source_key`` = QOF group code: ``HYP``,
    ``AF``, ``STIA``) over the whole practice list: practice counts summed exactly to sub-ICB
    locations, ICBs and England (QOF's own practice mapping); hypertension for counties, UAs
    and regions from OHID Fingertips 219; other council values are a labelled estimate (each
    LSOA given its sub-ICB location's rate), value only.
``qof_achievement``
    QOF 2024/25 achievement by ICB and England (``source_key`` = QOF indicator code): count =
    numerator, denominator = denominator after personalised care adjustments + those
    adjustments (patients receiving the intervention); Wilson CIs.
``aps_smoking``
    ONS Annual Population Survey estimate of adult cigarette smoking with its published 95% CI,
    for districts, counties and UAs, regions and England as published (no counts, so no
    aggregation); old county codes stand for 2023 unitary authorities with the same boundary.

Quality gates (`etl.quality`; ``docs/warehouse_contract.md``): a value that breaks its entry's
rules is kept with a ``quality_flag`` and ``quality_reason``, listed in ``build_issues``, and left
out of higher-geography means, indices, rankings, England comparisons and investment sizing; a
data test fails the build if an unflagged value breaks its rule.

``plausible_range``
    ``(lo, hi)`` in the indicator's unit; every entry has one. Default
    (:func:`default_plausible_range`): 0-100 for a percentage (a unit starting with "%", or a
    proportion with multiplier 100), 0 to the multiplier for another proportion, >= 0 for
    rates, ratios, counts and means (times, distances, years), unbounded for scores. Tighter
    per entry where published evidence supports it: high blood pressure and cardiovascular
    conditions 0-60% (Health Survey for England 2021, "Adults' health: Hypertension", NHS
    England 2023, https://digital.nhs.uk/data-and-information/publications/statistical/
    health-survey-for-england/2021-part-2/adult-health-hypertension: 30% of adults had
    hypertension, measured or treated, rising with age to 60% of adults aged 65 and over; no
    district's whole population is that old).
``peer_z``
    Opt-in robust z threshold against the same period's districts (median and MAD x 1.4826,
    at least 30 districts): only for value-only modelled sources (``health_index``), never for
    count-based values with CIs, whose extremes in small areas can be real. Set to 5 (a value
    5 robust SDs from the median) for high blood pressure and cardiovascular conditions, the
    two Health Index series with values no prevalence can have (Lancaster 109.8% and 96.0%);
    between |z| 5 and the next values (below 4.9) the 2015-2021 series has a clear gap.
``change_z``
    Opt-in robust z threshold of the change from an area's previous period against all
    districts' changes between the same two periods (``health_index`` only; a value after a
    flagged one is not judged). Off for every entry: at 5 robust SDs it would add only values
    that sit inside their year's distribution (high blood pressure: Nottingham 2019, 29.1%;
    cardiovascular conditions: Southwark 2019, Brighton and Hove and Hammersmith and Fulham
    2021, 3.0-10.9%) on the strength of one change, and the Health Index carries one
    observation across 2015-2018, so its "year-on-year" changes span different gaps.
``counts_give_value``
    False where the published value is not count / denominator x multiplier (a survey-weighted
    or modelled estimate, e.g. Active Lives physical inactivity): the source's count and
    denominator are not stored, and small-count suppression does not apply (the publisher
    suppresses). A data test checks value = count / denominator x multiplier for every crude
    rate and proportion that stores both.

Standards: ``standard`` is a published national standard, target or ambition in the indicator's
unit (e.g. 20 for "20% of stroke patients thrombolysed"), with ``standard_source`` naming the
document and its address. Set only where such a standard exists and has been checked; None
otherwise (most indicators, including travel times, have none).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.methods import DISCLOSURE_MIN_COUNT

OGL = "Open Government Licence v3.0"
SSNAP = "SSNAP/HQIP material (not OGL); travel times MIT (SAMueL, University of Exeter)"

DOMAINS = ("outcome", "deprivation", "service_use", "stroke_pathway", "prevention", "population")
POLARITIES = ("higher_is_better", "lower_is_better", "no_judgement")
VALUE_TYPES = (
    "crude_rate",
    "proportion",
    "directly_standardised_rate",
    "indirectly_standardised_ratio",
    "score",
    "mean",
    "count",
)
ROLES = ("need", "provision", "context")
LOADERS = (
    "lsoa_sum",
    "lsoa_mean",
    "health_index",
    "fingertips",
    "fingertips_quarters",
    "fingertips_u5",
    "ae_icb",
    "ons_infant_mortality",
    "qof_prevalence",
    "qof_achievement",
    "aps_smoking",
)
WEIGHTS = ("population", "live_births")
#: loaders whose values enter as district values only (no counts or CIs): the peer and change
#: rules of the quality gates apply to them, at the district level where the values enter
PEER_RULE_LOADERS = ("health_index",)


def default_plausible_range(unit: str, value_type: str, multiplier: float) -> tuple[float, float]:
    """The plausible range of a value by its unit and value type (see the module docstring)."""
    if unit.startswith("%") or (value_type == "proportion" and multiplier == 100):
        return (0.0, 100.0)
    if value_type == "proportion":
        return (0.0, float(multiplier))
    if value_type == "score":
        return (float("-inf"), float("inf"))
    return (0.0, float("inf"))


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry. See ``docs/warehouse_contract.md`` for the column meanings."""

    indicator_id: str
    name: str
    domain: str
    unit: str
    multiplier: float
    polarity: str
    value_type: str
    source: str
    licence: str
    description: str
    role: str
    loader: str
    source_key: str
    source_filter: str = ""
    min_count: int = DISCLOSURE_MIN_COUNT
    confidence_intervals: bool = True
    standard: float | None = None
    standard_source: str = ""
    #: how the ``health_index`` loader weights district values: by population, or by live
    #: births for a rate per live births
    weight: str = "population"
    #: quality gates (see the module docstring): plausible (lo, hi), None = the default for the
    #: unit and value type; opt-in robust z thresholds of the peer and change rules
    plausible_range: tuple[float, float] | None = None
    peer_z: float | None = None
    change_z: float | None = None
    #: False where the published value is not count / denominator x multiplier
    counts_give_value: bool = True

    @property
    def plausible_bounds(self) -> tuple[float, float]:
        """``plausible_range``, or the default for the unit and value type."""
        if self.plausible_range is not None:
            return (float(self.plausible_range[0]), float(self.plausible_range[1]))
        return default_plausible_range(self.unit, self.value_type, float(self.multiplier))

    def __post_init__(self) -> None:
        for attr, allowed in (
            ("domain", DOMAINS),
            ("polarity", POLARITIES),
            ("value_type", VALUE_TYPES),
            ("role", ROLES),
            ("loader", LOADERS),
            ("weight", WEIGHTS),
        ):
            if getattr(self, attr) not in allowed:
                msg = f"indicator {self.indicator_id}: {attr} must be one of {allowed}"
                raise ValueError(msg)
        lo, hi = self.plausible_bounds
        if not lo < hi:
            msg = f"indicator {self.indicator_id}: plausible_range must have lo < hi"
            raise ValueError(msg)
        for attr in ("peer_z", "change_z"):
            threshold = getattr(self, attr)
            if threshold is None:
                continue
            if not threshold > 0:
                msg = f"indicator {self.indicator_id}: {attr} must be positive"
                raise ValueError(msg)
            if self.loader not in PEER_RULE_LOADERS:
                msg = (
                    f"indicator {self.indicator_id}: {attr} applies only to value-only district"
                    f" sources (loaders {PEER_RULE_LOADERS})"
                )
                raise ValueError(msg)
        if (self.standard is None) != (self.standard_source == ""):
            msg = (
                f"indicator {self.indicator_id}: standard and standard_source must be given"
                " together"
            )
            raise ValueError(msg)


_HI = "ONS Health Index for England 2021 release (underlying indicator values)"
_HI_VALUES = (
    " Published by ONS for 2021 local authority districts as values only (no counts or confidence"
    " intervals), so areas are not compared with England."
)
_HI_NOTE = (
    _HI_VALUES + " Districts merged in 2023 and all higher geographies are population-weighted"
    " means of district values (ONS mid-2020 and Census 2021 populations). City of London and"
    " Isles of Scilly are not published separately."
)
_HI_BIRTHS_NOTE = (
    _HI_VALUES + " Districts merged in 2023 and all higher geographies are means of district"
    " values weighted by live births: for 2015 and 2016, the ONS live births of the same three"
    " years (2013-2015, 2014-2016) from the table behind 'Infant mortality (ONS counts)', where"
    " King's Lynn and West Norfolk's births, and Hackney's and the City of London's for 2013,"
    " are missing and derived from the published Norfolk and London totals; for 2017-2021 (no"
    " births by district are shipped for those years), the ONS mid-2020 population aged 0, a"
    " proxy for a year's births. England's 2015 and 2016 values therefore agree with the ONS"
    " counts (7,734 deaths / 1,990,412 births and 7,710 / 1,989,052) to 5 significant figures."
    " ICBs and sub-ICB locations"
    " apportion districts split between them by Census 2021 population: an estimate. City of"
    " London is published within Hackney and the Isles of Scilly within Cornwall, and their"
    " births count towards those districts' weights."
)
_ONS_INFANT = (
    "ONS Deaths registered by area of usual residence (Table 1a) and Births by area of usual"
    " residence of mother (Table 1), 2010-2016"
)
_ONS_INFANT_METHOD = (
    " Three registration years pooled, 2010-2012 to 2014-2016, by area of usual residence"
    " (deaths registered in the years over live births in the same years); there is no"
    " 2015-2017 period because the shipped table has no live births for 2017. Counts are summed"
    " from the ONS table's 2016 districts to 2024 districts (districts merged since 2016 are"
    " whole unions), counties and unitary authorities, regions and England, and the rate"
    " recomputed: England 2014-2016 = {england}, as ONS publishes. 95% and 99.8% CIs by Byar's"
    " method (exact Poisson below 10 deaths), compared with England; fewer than 5 deaths are"
    " suppressed. ICBs and sub-ICB locations have values only where they are unions of whole"
    " districts (about two thirds of them): a district split between two cannot be divided"
    " exactly, so the others show no data. The table's errors (build_issues lists each):"
    " Cornwall's value includes the Isles of Scilly, which ONS publishes with it, and the Isles"
    " of Scilly have none of their own; King's Lynn and West Norfolk has no live births in the"
    " table (its name did not match), so it has no value, and its births, derived as Norfolk's"
    " published births minus its other districts', are used only within Norfolk, the East of"
    " England and England; Hackney and the City of London are published combined until 2012"
    " and without births for 2010 and 2013, so they have values for 2014-2016 only (their"
    " derived births are used only within London and England); the West Midlands met county"
    " row (coded as the region) and 2010's pre-2009 districts are left out."
)


def _ons_infant_method(england: str) -> str:
    """How the ONS infant and neonatal mortality entries are built; ``england`` states the
    England 2014-2016 figure."""
    return _ONS_INFANT_METHOD.format(england=england)


_QOF_2223 = (
    "NHS England Quality and Outcomes Framework 2022-23 (practice registers, list sizes and"
    " geography mapping)"
)
_QOF_PREVALENCE_METHOD = (
    " QOF 2022/23 (registers at 31 March 2023). Sub-ICB locations, ICBs and England: the"
    " registers and list sizes of every practice summed exactly, practices placed by QOF's own"
    " mapping (England {england}, as NHS England publishes); 95% and 99.8% CIs by the Wilson"
    " score method, compared with England; fewer than 5 patients on a register are suppressed."
    " QOF's mapping is of July 2022: practices are joined on their sub-ICB location's ODS code,"
    " unchanged in 2023, so the two sub-ICB locations whose GSS codes changed in April 2023"
    " (92A E38000246 -> E38000264, 70F E38000248 -> E38000265; Surrey Heartlands and Sussex"
    " ICBs) are included, with a note.{councils} Estimate for local authorities without a"
    " published value: each 2021 LSOA is given its sub-ICB location's prevalence and the"
    " area's value is the Census-2021-resident-weighted mean ('estimate: sub-ICB rate applied"
    " to residents'; no count and no CI, not compared with England). Recorded prevalence"
    " counts diagnosed, registered patients: it rises with case finding, and it is not"
    " age-standardised (older populations have more)."
)


def _qof_prevalence(
    indicator_id: str, name: str, register: str, *, condition: str, england: str, councils: str
) -> Indicator:
    return Indicator(
        indicator_id=indicator_id,
        name=name,
        domain="stroke_pathway",
        unit="% of registered patients",
        multiplier=100,
        polarity="no_judgement",
        value_type="proportion",
        source=_QOF_2223 + (
            "; OHID Fingertips indicator 219 (counties and UAs)" if register == "HYP" else ""
        ),
        licence=OGL,
        description=f"Patients on the GP register of {condition} as a percentage of all"
        " registered patients (all ages)."
        + _QOF_PREVALENCE_METHOD.format(england=england, councils=councils),
        role="need",
        loader="qof_prevalence",
        source_key=register,
    )


_QOF_2425 = (
    "NHS England Quality and Outcomes Framework 2024-25 (practice-level raw data summed to"
    " ICBs by pelld/population-health-system-explorer)"
)
_QOF_ACHIEVEMENT_METHOD = (
    " QOF 2024/25 (April 2024 - March 2025), NHS England's practice-level counts summed to"
    " the 42 ICBs of April 2025 (the 2023 boundaries) by a third party, who checked them"
    " against NHS England's ICB workbook; the ICBs add up to England exactly. Practices are"
    " placed by where patients are registered, not where they live, so there are no values for"
    " local authorities or sub-ICB locations. Measured as patients receiving the intervention:"
    " numerator / (QOF denominator + personalised care adjustments), so patients excepted by"
    " their practice (declined, unsuitable, not responding) count as not reached; QOF's"
    " 'underlying achievement' leaves them out and is higher (England {underlying}; each row's"
    " note gives it). England {england}. 95% and 99.8% CIs by the Wilson score method,"
    " compared with England."
)


def _qof_achievement(
    indicator_id: str, name: str, code: str, *, definition: str, england: str, underlying: str
) -> Indicator:
    return Indicator(
        indicator_id=indicator_id,
        name=name,
        domain="stroke_pathway",
        unit="% of eligible patients",
        multiplier=100,
        polarity="higher_is_better",
        value_type="proportion",
        source=f"{_QOF_2425}, indicator {code}",
        licence=OGL,
        description=definition
        + _QOF_ACHIEVEMENT_METHOD.format(england=england, underlying=underlying),
        role="provision",
        loader="qof_achievement",
        source_key=code,
    )


_FT = "OHID Fingertips (North West development sample, DHSC Fingertips Next)"
_FT_NOTE = (
    " Published values with 95% confidence intervals as in Fingertips; coverage is the North West"
    " region's councils, ICBs and sub-ICBs and England only, so other areas show no data."
)
_SSNAP_ACCESS = (
    " Road travel times are modelled by the SAMueL project (University of Exeter) from each 2011"
    " LSOA to each acute stroke unit, mapped to 2021 LSOAs through the ONS best-fit lookup."
    " A modelled, complete-population measure: no confidence interval applies."
)

_LTP_STROKE = (
    "NHS Long Term Plan (NHS England, January 2019), paragraph 3.75 (stroke care)"
    ", https://www.longtermplan.nhs.uk/online-version/chapter-3-further-progress-on-care-quality"
    "-and-outcomes/better-care-for-major-health-conditions/stroke-care/"
)
_SERVING_UNIT = (
    " Describes the service residents are nearest to, not the care they received: patients may"
    " be taken to another unit, and a unit's rate reflects its whole catchment. For larger areas"
    " the mean over LSOAs weighted by their residents aged 65 and over (Census 2021), a"
    " published proxy for the rate's denominator, stroke admissions (weighting by the admissions"
    " themselves would let a suppressed LSOA count be derived); the nearest unit is found from"
    " the SAMueL project's modelled road travel times (University of Exeter) from each 2011"
    " LSOA, mapped to 2021 LSOAs. A description of services, not a sample estimate: no"
    " confidence interval."
)


def _health_index(
    indicator_id: str,
    name: str,
    hi_name: str,
    *,
    domain: str,
    unit: str,
    polarity: str,
    role: str,
    definition: str,
    value_type: str = "score",
    standard: float | None = None,
    standard_source: str = "",
    weight: str = "population",
    plausible_range: tuple[float, float] | None = None,
    peer_z: float | None = None,
) -> Indicator:
    return Indicator(
        indicator_id=indicator_id,
        name=name,
        domain=domain,
        unit=unit,
        multiplier=1,
        polarity=polarity,
        value_type=value_type,
        source=_HI,
        licence=OGL,
        description=definition + (_HI_BIRTHS_NOTE if weight == "live_births" else _HI_NOTE),
        role=role,
        loader="health_index",
        source_key=hi_name,
        min_count=0,
        confidence_intervals=False,
        standard=standard,
        standard_source=standard_source,
        weight=weight,
        plausible_range=plausible_range,
        peer_z=peer_z,
    )


def _fingertips(
    indicator_id: str,
    name: str,
    fingertips_id: int,
    *,
    domain: str,
    unit: str,
    multiplier: float,
    polarity: str,
    value_type: str,
    role: str,
    definition: str,
    sex_age: str,
    counts_give_value: bool = True,
) -> Indicator:
    return Indicator(
        indicator_id=indicator_id,
        name=name,
        domain=domain,
        unit=unit,
        multiplier=multiplier,
        polarity=polarity,
        value_type=value_type,
        source=f"{_FT}, indicator {fingertips_id}",
        licence=OGL,
        description=definition + _FT_NOTE,
        role=role,
        loader="fingertips",
        source_key=str(fingertips_id),
        source_filter=sex_age,
        # a weighted or modelled value has no count behind it to suppress on
        min_count=DISCLOSURE_MIN_COUNT if counts_give_value else 0,
        counts_give_value=counts_give_value,
    )


_UNIT_KINDS = {
    "ivt": ("a thrombolysis unit", "acute stroke unit giving intravenous thrombolysis (IVT)"),
    "mt": ("a thrombectomy centre", "mechanical thrombectomy (MT) centre"),
}


def _within_minutes(minutes: int, kind: str) -> Indicator:
    """Share of residents within ``minutes`` of the nearest IVT unit or MT centre.

    The LSOA measure ``pop_<kind>_<minutes>min`` must exist in ``int_lsoa_long``.
    """
    short, long = _UNIT_KINDS[kind]
    return Indicator(
        f"{kind}_within_{minutes}min_pct", f"Population within {minutes} minutes of {short}",
        "stroke_pathway", "% of population", 100, "higher_is_better", "proportion",
        "SAMueL project (University of Exeter); ONS Census 2021", SSNAP,
        f"Share of usual residents whose 2021 LSOA is within {minutes} minutes' modelled road "
        f"travel of the nearest {long}." + _SSNAP_ACCESS,
        "provision", "lsoa_sum", f"pop_{kind}_{minutes}min", min_count=0,
        confidence_intervals=False,
    )


CATALOGUE: tuple[Indicator, ...] = (
    # --- population and deprivation ---------------------------------------------------------
    Indicator(
        "population_total", "Usual resident population", "population", "people", 1,
        "no_judgement", "count", "ONS Census 2021", OGL,
        "Usual residents on Census day (21 March 2021), summed from 2021 LSOAs. Small-area "
        "counts carry ONS statistical disclosure control, so sums differ slightly from "
        "published totals (England 56,489,608 vs 56,489,800). A complete count: no CI.",
        "context", "lsoa_sum", "population_total", min_count=0, confidence_intervals=False,
    ),
    Indicator(
        "population_65_plus_pct", "Population aged 65 and over", "population", "%", 100,
        "no_judgement", "proportion", "ONS Census 2021", OGL,
        "Usual residents aged 65 and over as a percentage of all usual residents (Census 2021). "
        "A complete count: no confidence interval applies.",
        "need", "lsoa_sum", "population_65_plus", min_count=0, confidence_intervals=False,
    ),
    Indicator(
        "imd2025_score", "Index of Multiple Deprivation 2025, average score", "deprivation",
        "score", 1, "lower_is_better", "score",
        "MHCLG English Indices of Deprivation 2025", OGL,
        "IMD 2025 score of each 2021 LSOA (higher = more deprived); for larger areas the "
        "population-weighted average of LSOA scores (Census 2021 populations), the same "
        "measure as MHCLG's 'average score' summaries (which use mid-2022 populations). "
        "A composite index: no confidence interval.",
        "need", "lsoa_mean", "imd2025_score", min_count=0,
        confidence_intervals=False,
    ),
    Indicator(
        "imd2025_most_deprived_decile_pct", "LSOAs in England's most deprived 10% (IMD 2025)",
        "deprivation", "% of LSOAs", 100, "lower_is_better", "proportion",
        "MHCLG English Indices of Deprivation 2025", OGL,
        "Share of the area's 2021 LSOAs in the most deprived decile nationally on IMD 2025 "
        "(MHCLG's 'proportion of LSOAs in most deprived 10%'). No confidence interval.",
        "need", "lsoa_sum", "imd2025_decile1_lsoas", min_count=0, confidence_intervals=False,
    ),
    # --- outcomes (ONS Health Index) -----------------------------------------------------------
    _health_index(
        "infant_mortality_rate", "Infant mortality (Health Index, no CIs)", "Infant mortality",
        domain="outcome", unit="per 1,000 live births", polarity="lower_is_better", role="need",
        value_type="crude_rate",
        definition="Deaths of infants under 1 year per 1,000 live births. The Health Index value"
        " for year Y pools the three registration years Y-2 to Y (its 2015 and 2016 values are"
        " the ONS counts for 2013-2015 and 2014-2016, bar a one-birth difference in two"
        " districts in 2016). This series has no counts or confidence"
        " intervals: for counts, 95% and 99.8% CIs and the comparison with England use 'Infant"
        " mortality (ONS counts)', 2010-2012 to 2014-2016.",
        weight="live_births",
    ),
    Indicator(
        "infant_mortality_rate_ons", "Infant mortality (ONS counts)", "outcome",
        "per 1,000 live births", 1000, "lower_is_better", "crude_rate", _ONS_INFANT, OGL,
        "Deaths of infants under 1 year per 1,000 live births, with counts and confidence"
        " intervals ('Infant mortality (Health Index, no CIs)' has values only, 2015 to 2021)."
        + _ons_infant_method("7,710 infant deaths / 1,989,052 live births = 3.88 per 1,000"),
        "need", "ons_infant_mortality", "infant",
    ),
    Indicator(
        "neonatal_mortality_rate_ons", "Neonatal mortality (ONS counts)", "outcome",
        "per 1,000 live births", 1000, "lower_is_better", "crude_rate", _ONS_INFANT, OGL,
        "Deaths of infants under 28 days per 1,000 live births, with counts and confidence"
        " intervals; the same table and method as 'Infant mortality (ONS counts)'."
        + _ons_infant_method("5,446 neonatal deaths / 1,989,052 live births = 2.74 per 1,000"),
        "need", "ons_infant_mortality", "neonatal",
    ),
    _qof_prevalence(
        "hypertension_qof_pct", "Hypertension, recorded prevalence (QOF)", "HYP",
        condition="hypertension",
        england="8,996,512 / 62,378,057 = 14.42%",
        councils=" Counties and unitary authorities: OHID Fingertips indicator 219"
        " ('Hypertension: QOF prevalence'), OHID's own attribution of practices to councils,"
        " with its published 95% CIs (their counts sum exactly to England's); regions are the"
        " sums of their counties' and UAs' counts. Districts in two-tier areas have only the"
        " labelled estimate below. Use this measure rather than the Health Index 'High blood"
        " pressure' series, which has values above 100% (e.g. Lancaster).",
    ),
    _qof_prevalence(
        "af_qof_pct", "Atrial fibrillation, recorded prevalence (QOF)", "AF",
        condition="atrial fibrillation",
        england="1,329,458 / 62,378,057 = 2.13%",
        councils=" No council attribution of practices is shipped for this register, so every"
        " local authority and region has only the labelled estimate below.",
    ),
    _qof_prevalence(
        "stroke_tia_qof_pct", "Stroke or TIA, recorded prevalence (QOF)", "STIA",
        condition="stroke or transient ischaemic attack (TIA)",
        england="1,152,078 / 62,378,057 = 1.85%",
        councils=" No council attribution of practices is shipped for this register, so every"
        " local authority and region has only the labelled estimate below.",
    ),
    _qof_achievement(
        "af_anticoagulated_qof_pct", "AF patients at raised stroke risk on anticoagulants (QOF)",
        "AF008",
        definition="Patients on the atrial fibrillation register with a CHA2DS2-VASc score of 2"
        " or more who were prescribed a direct-acting oral anticoagulant, or a vitamin K"
        " antagonist where a DOAC was declined or unsuitable (QOF AF008).",
        england="1,088,546 / (1,130,536 + 71,115) = 90.59%", underlying="96.29%",
    ),
    _qof_achievement(
        "af_risk_assessed_qof_pct", "AF patients with a stroke-risk assessment (QOF)", "AF006",
        definition="Patients on the atrial fibrillation register whose stroke risk was assessed"
        " with the CHA2DS2-VASc score in the preceding 12 months, excluding those with a"
        " previous score of 2 or more (QOF AF006). A risk assessment, not anticoagulation"
        " (that is AF008).",
        england="581,146 / (594,045 + 37,101) = 92.08%", underlying="97.83%",
    ),
    _qof_achievement(
        "bp_to_target_79_under_qof_pct", "Hypertension treated to target, aged 79 or under (QOF)",
        "HYP008",
        definition="Patients aged 79 or under on the hypertension register whose last blood"
        " pressure reading in the preceding 12 months was 140/90 mmHg or less, or the home"
        " equivalent (QOF HYP008).",
        england="5,211,198 / (6,767,488 + 913,444) = 67.85%", underlying="77.00%",
    ),
    _qof_achievement(
        "bp_to_target_80_over_qof_pct", "Hypertension treated to target, aged 80 or over (QOF)",
        "HYP009",
        definition="Patients aged 80 or over on the hypertension register whose last blood"
        " pressure reading in the preceding 12 months was 150/90 mmHg or less, or the home"
        " equivalent (QOF HYP009).",
        england="1,647,913 / (1,922,732 + 107,133) = 81.18%", underlying="85.71%",
    ),
    _health_index(
        "avoidable_mortality_rate", "Avoidable mortality", "Avoidable mortality",
        domain="outcome", unit="per 100,000 (age-standardised)", polarity="lower_is_better",
        role="need", value_type="directly_standardised_rate",
        definition="Deaths considered avoidable through prevention or timely treatment, "
        "age-standardised rate per 100,000.",
    ),
    _health_index(
        "life_expectancy_years", "Life expectancy at birth", "Life expectancy",
        domain="outcome", unit="years", polarity="higher_is_better", role="need",
        definition="Period life expectancy at birth, persons.",
    ),
    _health_index(
        "cardiovascular_conditions_pct", "Cardiovascular conditions", "Cardiovascular conditions",
        domain="outcome", unit="%", polarity="lower_is_better", role="need",
        value_type="proportion",
        definition="Recorded prevalence of cardiovascular conditions in GP-registered patients.",
        plausible_range=(0, 60), peer_z=5,
    ),
    _health_index(
        "high_blood_pressure_pct", "High blood pressure", "High blood pressure",
        domain="stroke_pathway", unit="%", polarity="lower_is_better", role="need",
        value_type="proportion",
        definition="Prevalence of high blood pressure (a major modifiable risk factor for "
        "stroke).",
        plausible_range=(0, 60), peer_z=5,
    ),
    _health_index(
        "smoking_pct", "Smoking prevalence (adults)", "Smoking", domain="prevention", unit="%",
        polarity="lower_is_better", role="need", value_type="proportion",
        definition="Percentage of adults who currently smoke.",
        standard=5.0,
        standard_source="Smokefree 2030 ambition for England: smoke-free when adult smoking"
        " prevalence is 5% or less (DHSC green paper 'Advancing our health: prevention in the"
        " 2020s', 2019; House of Commons Library, 'The Smokefree 2030 ambition for England',"
        " https://commonslibrary.parliament.uk/research-briefings/cdp-2022-0186/)",
    ),
    Indicator(
        "smoking_aps_pct", "Adults who smoke cigarettes (APS, with CIs)", "prevention", "%", 100,
        "lower_is_better", "proportion",
        "ONS Annual Population Survey (Explore Local Statistics, 'cigarette-smokers'),"
        " 2012-2023", OGL,
        "Percentage of adults aged 18 and over who say they currently smoke cigarettes (ONS"
        " Annual Population Survey, calendar years 2012-2023), with ONS's published 95%"
        " confidence intervals (England 2023: 11.6%, 11.3-12.0). A survey estimate published"
        " without counts or sample sizes, so values exist only where ONS publishes the area:"
        " districts, counties and unitary authorities, regions and England; not ICBs or sub-ICB"
        " locations, and areas are not summed. ONS's codes are used as published in each year"
        " (2019 mergers back-cast by ONS); the 2023 unitary authorities North Yorkshire and"
        " Somerset, and Buckinghamshire for 2012-2020, take the published row of the old county"
        " with the same boundary (E10000023, E10000027, E10000002), noted on the value."
        " Cumberland and Westmorland and Furness (both in old Cumbria) and North and West"
        " Northamptonshire before 2022 have no estimate. Suppressed cells (Isles of Scilly, City"
        " of London to 2020) and estimates of 0% with a 0-0 interval (no smokers in the sample:"
        " Ribble Valley 2022 and 2023, City of London 2023) are left out, not shown as 0;"
        " build_issues lists each. From 2020 ONS re-weighted the survey after the change of"
        " collection mode, so compare years across 2019/2020 with care. The Health Index"
        " 'Smoking prevalence (adults)' series has no CIs.",
        "need", "aps_smoking", "cigarette_smokers",
        standard=5.0,
        standard_source="Smokefree 2030 ambition for England: smoke-free when adult smoking"
        " prevalence is 5% or less (DHSC green paper 'Advancing our health: prevention in the"
        " 2020s', 2019; House of Commons Library, 'The Smokefree 2030 ambition for England',"
        " https://commonslibrary.parliament.uk/research-briefings/cdp-2022-0186/)",
    ),
    _health_index(
        "cancer_screening_pct", "Cancer screening attendance", "Cancer screening attendance",
        domain="prevention", unit="%", polarity="higher_is_better", role="provision",
        value_type="proportion",
        definition="Attendance at NHS cancer screening programmes among those eligible.",
    ),
    _health_index(
        "child_vaccination_pct", "Child vaccination coverage", "Child vaccination coverage",
        domain="prevention", unit="%", polarity="higher_is_better", role="provision",
        value_type="proportion",
        definition="Coverage of routine childhood vaccinations.",
    ),
    _health_index(
        "gp_distance_hi_km", "Distance to GP services (Health Index)", "Distance to GP services",
        domain="service_use", unit="km", polarity="lower_is_better", role="provision",
        value_type="mean",
        definition="Average distance to the nearest GP service.",
    ),
    # --- stroke pathway (LSOA-based) -----------------------------------------------------------
    Indicator(
        "stroke_admissions_rate", "Emergency stroke admissions", "stroke_pathway",
        "per 100,000 per year", 100_000, "lower_is_better", "crude_rate",
        "SAMueL project (University of Exeter) from SSNAP; ONS Census 2021", SSNAP,
        "Mean annual emergency stroke admissions 2017-2019 per 100,000 usual residents. "
        "Count = three-year total admissions (SSNAP, by 2011 LSOA, apportioned to 2021 LSOAs by "
        "Census 2021 population where LSOAs split); denominator = three times the Census 2021 "
        "population (person-years). 95% and 99.8% CIs by Byar's method (exact Poisson under 10). "
        "A crude rate, not age-standardised: areas with older populations (often the less "
        "deprived and rural ones) have higher rates, so compare areas and deprivation deciles "
        "with that in mind.",
        "need", "lsoa_sum", "stroke_admissions", min_count=5,
    ),
    _within_minutes(30, "ivt"),
    _within_minutes(45, "ivt"),
    _within_minutes(60, "ivt"),
    _within_minutes(30, "mt"),
    _within_minutes(45, "mt"),
    _within_minutes(60, "mt"),
    Indicator(
        "ivt_minutes_mean", "Travel time to nearest thrombolysis unit", "stroke_pathway",
        "minutes", 1, "lower_is_better", "mean",
        "SAMueL project (University of Exeter); ONS Census 2021", SSNAP,
        "Modelled road minutes from each 2021 LSOA to the nearest IVT unit; for larger areas the "
        "population-weighted mean." + _SSNAP_ACCESS,
        "provision", "lsoa_mean", "ivt_minutes", min_count=0,
        confidence_intervals=False,
    ),
    Indicator(
        "mt_minutes_mean", "Travel time to nearest thrombectomy centre", "stroke_pathway",
        "minutes", 1, "lower_is_better", "mean",
        "SAMueL project (University of Exeter); ONS Census 2021", SSNAP,
        "Modelled road minutes from each 2021 LSOA to the nearest MT centre; for larger areas "
        "the population-weighted mean." + _SSNAP_ACCESS,
        "provision", "lsoa_mean", "mt_minutes", min_count=0,
        confidence_intervals=False,
    ),
    Indicator(
        "serving_unit_thrombolysis_rate_pct", "Thrombolysis rate of the nearest thrombolysis unit",
        "stroke_pathway", "% of stroke admissions", 1, "higher_is_better", "mean",
        "SAMueL project (University of Exeter) stroke unit list, from SSNAP 2021/22; ONS Census"
        " 2021", SSNAP,
        "Share of the emergency stroke admissions of each 2021 LSOA's nearest thrombolysis (IVT)"
        " unit, by modelled road time, that were given intravenous thrombolysis in April 2021 -"
        " March 2022 (unit rate = thrombolysed / admitted x 100, SSNAP counts in the SAMueL unit"
        " list)." + _SERVING_UNIT,
        "provision", "lsoa_mean", "nearest_ivt_unit_thrombolysis_rate_pct", min_count=0,
        confidence_intervals=False, standard=20.0,
        standard_source="About 20% of stroke patients could benefit from thrombolysis and all of"
        " them should receive it: " + _LTP_STROKE,
    ),
    Indicator(
        "serving_unit_thrombectomy_rate_pct",
        "Thrombectomy rate of the nearest thrombolysis unit's patients", "stroke_pathway",
        "% of stroke admissions", 1, "higher_is_better", "mean",
        "SSNAP Thrombectomy report April 2023 - March 2024 (by first admitting team); SAMueL"
        " project (University of Exeter) travel times; ONS Census 2021", SSNAP,
        "Share of the stroke patients first admitted by each 2021 LSOA's nearest thrombolysis"
        " (IVT) unit, by modelled road time, who went on to mechanical thrombectomy after"
        " transfer to a thrombectomy centre, April 2023 - March 2024 (SSNAP thrombectomy report,"
        " by first admitting team: thrombectomies / stroke admissions x 100; teams joined to"
        " units by SSNAP team name). SSNAP counts only transferred patients there, so where the"
        " nearest unit is itself a thrombectomy centre (its own patients are treated in house)"
        " or has no 2023/24 SSNAP row, the LSOA has no value and is left out of the area's mean"
        " (the note gives how many LSOAs); build_issues lists those units." + _SERVING_UNIT,
        "provision", "lsoa_mean", "nearest_ivt_unit_thrombectomy_rate_pct", min_count=0,
        confidence_intervals=False, standard=10.0,
        standard_source="Expand mechanical thrombectomy from 1% to 10% of stroke patients: "
        + _LTP_STROKE,
    ),
    Indicator(
        "gp_distance_km_mean", "Distance to nearest GP practice", "service_use", "km", 1,
        "lower_is_better", "mean",
        "NHS England QOF 2023/24 practice list (OS Code-Point Open); ONS LSOA centroids", OGL,
        "Straight-line distance from each 2021 LSOA's population-weighted centroid to the "
        "nearest GP practice (postcode centroid); for larger areas the population-weighted "
        "mean. A complete measure: no confidence interval.",
        "provision", "lsoa_mean", "gp_distance_km", min_count=0,
        confidence_intervals=False,
    ),
    # --- service use -------------------------------------------------------------------------
    Indicator(
        "u5_emergency_admissions_rate", "Emergency admissions, children aged 0-4",
        "service_use", "per 1,000", 1000, "lower_is_better", "crude_rate",
        "OHID Fingertips indicator 92477", OGL,
        "Emergency hospital admissions of children aged 0-4 per 1,000 children. Published for "
        "ICBs and sub-ICB locations on 2022 codes: the two ICBs and sub-ICBs whose boundaries "
        "changed in April 2023 (Surrey Heartlands, Sussex) are not mapped and show no data. "
        "CIs by Byar's method from the published count and denominator.",
        "need", "fingertips_u5", "0-4 yrs",
    ),
    Indicator(
        "ae_over_4h_pct", "A&E attendances over 4 hours", "service_use", "%", 100,
        "lower_is_better", "proportion", "NHS England A&E attendances and emergency admissions",
        OGL,
        "Share of A&E attendances (all types) spending over 4 hours from arrival to admission, "
        "transfer or discharge, summed over the financial year's monthly returns by ICB. "
        "Provider-based figures assigned to ICBs by the source, not by residence. 2022 ICB "
        "codes: Surrey Heartlands and Sussex (boundary change April 2023) are not mapped.",
        "provision", "ae_icb", "ae_over_4h",
    ),
    Indicator(
        "emergency_admissions_rate", "Emergency admissions (all ages)", "service_use",
        "per 1,000 population per year", 1000, "lower_is_better", "crude_rate",
        "NHS England A&E attendances and emergency admissions; ONS Census 2021", OGL,
        "Emergency admissions (via A&E and other routes) in the financial year per 1,000 usual "
        "residents (Census 2021). Provider-based counts assigned to ICBs by the source, so "
        "cross-boundary flows are not removed: treat as indicative. 2022 ICB codes: Surrey "
        "Heartlands and Sussex are not mapped.",
        "need", "ae_icb", "emergency_admissions",
    ),
    # --- prevention and outcomes from Fingertips ------------------------------------------------
    _fingertips(
        "breast_screening_pct", "Breast screening coverage (53-70)", 94063,
        domain="prevention", unit="%", multiplier=100, polarity="higher_is_better",
        value_type="proportion", role="provision",
        definition="Women aged 53-70 screened for breast cancer in the last 36 months.",
        sex_age="Female|53-70 yrs",
    ),
    Indicator(
        "nhs_health_check_offered_pct", "NHS Health Checks offered (40-74)", "prevention",
        "% of eligible population", 100, "higher_is_better", "proportion",
        f"{_FT}, indicator 91040", OGL,
        "NHS Health Checks offered in the financial year as a percentage of the total eligible"
        " population aged 40-74 (people not already diagnosed with, or treated for, the"
        " conditions the check looks for; OHID estimate). Counts offers, not uptake: an offered"
        " check need not be taken up. Fingertips publishes the indicator quarterly and the"
        " development sample keeps only the year's start, so the annual value is the sum of the"
        " four quarterly counts over the year's single eligible population, built only where all"
        " four quarters are present with one denominator and the sum does not exceed it; other"
        " years (2024/25 is partial; Bolton's 2023/24 quarters sum to 109% of its eligible"
        " population) are left out and listed in build_issues. 95% and 99.8% CIs by the Wilson"
        " score method from the summed count. Every eligible person should be offered a check"
        " once in five years, so the national expectation is about 20% of the eligible"
        " population a year. Coverage: North West councils and ICBs in the sample, and England;"
        " other areas show no data.",
        "provision", "fingertips_quarters", "91040", source_filter="Persons|40-74 yrs",
        standard=20.0,
        standard_source="Councils must offer NHS Health Checks to eligible people aged 40-74"
        " (Local Authorities (Public Health Functions and Entry to Premises by Local Healthwatch"
        " Representatives) Regulations 2013, SI 2013/351, regulation 4,"
        " https://www.legislation.gov.uk/uksi/2013/351/made), once every five years, so about a"
        " fifth of the eligible population is expected to be offered a check each year (Nuffield"
        " Trust QualityWatch, 'NHS Health Check programme', https://www.nuffieldtrust.org.uk/chart"
        "/how-has-uptake-of-the-nhs-health-check-changed-over-time-1)",
    ),
    _fingertips(
        "smoking_at_delivery_pct", "Smoking at time of delivery", 93085,
        domain="prevention", unit="%", multiplier=100, polarity="lower_is_better",
        value_type="proportion", role="need",
        definition="Mothers known to be smokers at the time of delivery.",
        sex_age="Female|All ages",
    ),
    _fingertips(
        "physically_inactive_pct", "Physically inactive adults", 93015,
        domain="prevention", unit="%", multiplier=100, polarity="lower_is_better",
        value_type="proportion", role="need",
        definition="Adults doing under 30 minutes of moderate activity a week (Active Lives)."
        " A survey-weighted estimate: Fingertips' count and denominator are respondents, not"
        " the population the value describes (e.g. 92 / 17,402 beside a value of 30.98%), so"
        " they are not stored.",
        sex_age="Persons|19+ yrs",
        counts_give_value=False,
    ),
    _fingertips(
        "diabetes_prevalence_pct", "Diabetes prevalence (QOF, 17+)", 241,
        domain="outcome", unit="%", multiplier=100, polarity="no_judgement",
        value_type="proportion", role="need",
        definition="Recorded prevalence of diabetes in GP-registered patients aged 17 and over.",
        sex_age="Persons|17+ yrs",
    ),
    _fingertips(
        "falls_admissions_65_rate", "Emergency admissions for falls, 65+", 22401,
        domain="service_use", unit="per 100,000 (age-standardised)", multiplier=100_000,
        polarity="lower_is_better", value_type="directly_standardised_rate", role="need",
        definition="Emergency hospital admissions due to falls in people aged 65 and over, "
        "directly age-standardised rate.",
        sex_age="Persons|65+ yrs",
    ),
    _fingertips(
        "alcohol_mortality_rate", "Alcohol-related mortality", 93763,
        domain="outcome", unit="per 100,000 (age-standardised)", multiplier=100_000,
        polarity="lower_is_better", value_type="directly_standardised_rate", role="need",
        definition="Deaths from alcohol-related conditions, directly age-standardised rate.",
        sex_age="Persons|All ages",
    ),
    _fingertips(
        "under18_conception_rate", "Under-18 conceptions", 20401,
        domain="outcome", unit="per 1,000 females aged 15-17", multiplier=1000,
        polarity="lower_is_better", value_type="crude_rate", role="need",
        definition="Conceptions in women aged under 18 per 1,000 females aged 15-17.",
        sex_age="Female|<18 yrs",
    ),
)

CATALOGUE_BY_ID = {i.indicator_id: i for i in CATALOGUE}
if len(CATALOGUE_BY_ID) != len(CATALOGUE):
    raise ValueError("indicator ids in the catalogue must be unique")
