"""Registry of raw inputs: one entry per shipped file, with its schema, keys, licence and vintage.

The loader (`etl.load`) reads every file as text, checks it against its entry (columns present,
numbers parse, codes well formed, keys unique), casts it into a typed ``src_<name>`` table and
then checks the typed values against the entry's input rules (`Rule` per column: finite,
minimum, maximum, allowed values, pattern, required; `RowRule` across columns, such as count <=
denominator). Every error names the file, the data row (1 = first row after the header), the
column and the value.

Bounds are set from the real value ranges of the shipped files with headroom (each bound's
reason is in a comment beside it): they catch a corrupt or misplaced value (a negative count, a
decile of 11, 1e300 stroke admissions in one LSOA), not an unusual real one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

OGL = "Open Government Licence v3.0"
OGL_OS = (
    "Open Government Licence v3.0. Source: Office for National Statistics. "
    "Contains OS data © Crown copyright and database right 2024"
)
SSNAP_TERMS = (
    "SSNAP (King's College London) for HQIP, compiled by the SAMueL project (University of "
    "Exeter); not OGL: check HQIP reuse terms before republishing"
)
SSNAP_REPORT_TERMS = (
    "SSNAP (King's College London) for HQIP, national report tables copied in the SAMueL project "
    "repository (University of Exeter); not OGL: check HQIP reuse terms before republishing"
)

LSOA21 = r"E01\d{6}"
LSOA11 = r"E01\d{6}"
LAD = r"E0[6-9]\d{6}"
UTLA = r"E(0[6-9]|10)\d{6}"
REGION = r"E12\d{6}"
SICBL = r"E38\d{6}"
ICB = r"E54\d{6}"
# ODS codes: GP practices ("A81001"), sub-ICB locations ("00Q", "A3A8R"), ICBs ("QOX")
PRACTICE = r"[A-Z]\d{5}"
ODS_SICBL = r"[0-9A-Z]{3}|[0-9A-Z]{5}"
ODS_ICB = r"Q[0-9A-Z]{2}"


@dataclass(frozen=True)
class Rule:
    """What every value of one column must satisfy, checked on the typed value (`etl.load`).

    Attributes
    ----------
    minimum, maximum : float, optional
        Inclusive bounds.
    allowed : tuple, optional
        The only values accepted (numbers or text).
    pattern : str, optional
        Regular expression every non-missing text value must match in full (for code columns
        that may be empty; `Source.codes` is for codes that must be present).
    required : bool, default True
        No missing (empty) values.
    finite : bool, default True
        No NaN or infinity (numeric columns).
    """

    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str | int, ...] = ()
    pattern: str | None = None
    required: bool = True
    finite: bool = True


def optional(rule: Rule) -> Rule:
    """``rule`` for a column whose real values are sometimes missing."""
    return replace(rule, required=False)


@dataclass(frozen=True)
class RowRule:
    """A condition every row in scope must meet, in DuckDB SQL on the typed columns.

    Rows where the condition is null (a value it reads is missing) pass. A failure is reported
    with ``columns`` (their values are shown) and ``problem``.
    """

    condition: str
    columns: tuple[str, ...]
    problem: str


@dataclass(frozen=True)
class Source:
    """One raw input file.

    Attributes
    ----------
    name : str
        Short identifier; the loaded table is ``src_<name>``.
    path : str
        Path relative to the data directory (``data/sources/...``); ``.gz`` is read directly.
    columns : dict[str, str]
        Required columns and their DuckDB types. Other columns are kept as VARCHAR.
        The key ``"*"`` types every column not named (used for wide matrices).
    key : tuple[str, ...]
        Columns that together must be unique (after ``row_filter``).
    codes : dict[str, str]
        Column -> regular expression every value must match in full; a missing value is an
        error unless the column is in ``optional_codes``.
    optional_codes : tuple[str, ...]
        Code columns that may be empty (a table coded by name match, whose unmatched rows
        staging must classify); non-empty values must still match their pattern.
    row_filter : str
        SQL predicate on the raw text columns choosing the rows in scope (e.g. England only).
    publisher, licence, vintage : str
        Provenance, repeated in ``data/README.md`` and in the ``indicators`` catalogue.
    rules : dict[str, Rule]
        Column -> input rule on its typed values (``"*"`` for the columns typed by ``"*"``).
        Every typed column has one (``tests/test_bad_input.py`` checks).
    row_rules : tuple[RowRule, ...]
        Conditions across the columns of one row (e.g. count <= denominator).
    repeated_rows : str
        For a file with no key: why rows may repeat and what handles them. Empty means no two
        rows in scope may be identical (checked like a key over every column).
    """

    name: str
    path: str
    columns: dict[str, str]
    publisher: str
    licence: str
    vintage: str
    key: tuple[str, ...] = ()
    codes: dict[str, str] = field(default_factory=dict)
    optional_codes: tuple[str, ...] = ()
    row_filter: str = "true"
    rules: dict[str, Rule] = field(default_factory=dict)
    row_rules: tuple[RowRule, ...] = ()
    repeated_rows: str = ""


# Shared rules (reasons beside them).
# Text that is present and not blank (names, labels).
TEXT = Rule(pattern=r".*\S.*")
# British National Grid (EPSG:27700) in metres: its grid covers Great Britain within these.
EASTING_BNG = Rule(0, 700_000)
NORTHING_BNG = Rule(0, 1_300_000)
# WGS84 degrees around Great Britain (Isles of Scilly to Shetland).
LONGITUDE = Rule(-9, 2)
LATITUDE = Rule(49, 61)
#: Month names of the NHS England A&E return ("April 2022").
MONTH_YEAR = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{4}"
)

SOURCES: tuple[Source, ...] = (
    Source(
        name="lsoa21_geographies",
        path="sources/lookups/lsoa21_ward24_lad24_utla23_region24_sicbl24_icb24_england.csv.gz",
        columns={
            "lsoa21_code": "VARCHAR",
            "lsoa21_name": "VARCHAR",
            "ltla24_code": "VARCHAR",
            "ltla24_name": "VARCHAR",
            "utla23_code": "VARCHAR",
            "utla23_name": "VARCHAR",
            "region24_code": "VARCHAR",
            "region24_name": "VARCHAR",
            "sicbl24_code": "VARCHAR",
            "sicbl24_name": "VARCHAR",
            "sicbl24_code_nhs": "VARCHAR",
            "icb24_code": "VARCHAR",
            "icb24_code_nhs": "VARCHAR",
            "icb24_name": "VARCHAR",
        },
        key=("lsoa21_code",),
        codes={
            "lsoa21_code": LSOA21,
            "ltla24_code": LAD,
            "utla23_code": UTLA,
            "region24_code": REGION,
            "sicbl24_code": SICBL,
            "icb24_code": ICB,
            # ODS codes, to join practice-based (NHS) data to the areas
            "sicbl24_code_nhs": ODS_SICBL,
            "icb24_code_nhs": ODS_ICB,
        },
        # every code above is required by `codes`; names are shown in the app
        rules={
            "lsoa21_name": TEXT,
            "ltla24_name": TEXT,
            "utla23_name": TEXT,
            "region24_name": TEXT,
            "sicbl24_name": TEXT,
            "icb24_name": TEXT,
        },
        publisher="ONS lookups LSOA21_SICBL24_ICB24_LAD24, LSOA21_WD24_LAD24, LTLA23_UTLA23, "
        "LAD24_RGN24 (via humaniverse/geographr)",
        licence=OGL,
        vintage="LSOA 2021; LAD and region 2024; UTLA 2023; sub-ICB and ICB 2024 (= 2023)",
    ),
    Source(
        name="census21_population",
        path="sources/population/census21_usual_residents_lsoa21_age6_ew.csv.gz",
        columns={
            "lsoa21_code": "VARCHAR",
            "age_group": "VARCHAR",
            "usual_residents": "BIGINT",
        },
        key=("lsoa21_code", "age_group"),
        codes={"lsoa21_code": r"[EW]01\d{6}"},
        row_filter="lsoa21_code like 'E%'",
        rules={
            # the six broad groups of the custom table; staging reads 'Aged 65 years and over'
            "age_group": Rule(
                allowed=(
                    "Aged 15 years and under",
                    "Aged 16 to 24 years",
                    "Aged 25 to 34 years",
                    "Aged 35 to 49 years",
                    "Aged 50 to 64 years",
                    "Aged 65 years and over",
                )
            ),
            # people in one LSOA age group: real 1-7,484 (a student LSOA); whole LSOAs hold
            # at most 9,899 people
            "usual_residents": Rule(0, 20_000),
        },
        publisher="ONS Census 2021, usual residents by LSOA and broad age",
        licence=OGL,
        vintage="Census day 21 March 2021",
    ),
    Source(
        name="imd2025_lsoa21",
        path="sources/deprivation/imd2025_lsoa21_scores_ranks_deciles_england.csv.gz",
        columns={
            "lsoa21_code": "VARCHAR",
            "IMD_score": "DOUBLE",
            "IMD_rank": "INTEGER",
            "IMD_decile": "INTEGER",
            "Health_score": "DOUBLE",
            "Income_score": "DOUBLE",
        },
        key=("lsoa21_code",),
        codes={"lsoa21_code": LSOA21},
        rules={
            # weighted sum of seven domain scores each on a 0-100 scale; real 0.2-94.2
            "IMD_score": Rule(0, 100),
            # one rank per 2021 LSOA in England (33,755)
            "IMD_rank": Rule(1, 33_755),
            "IMD_decile": Rule(1, 10),
            # a standardised (z-like) score: real -3.1 to 3.3
            "Health_score": Rule(-5, 5),
            # the share of residents who are income deprived
            "Income_score": Rule(0, 1),
        },
        row_rules=(
            # MHCLG deciles are tenths of the national rank (true of every real row)
            RowRule(
                '"IMD_decile" = ceil("IMD_rank" * 10 / 33755)',
                ("IMD_decile", "IMD_rank"),
                "decile is not the tenth of England's 33,755 LSOAs its rank falls in",
            ),
        ),
        publisher="MHCLG English Indices of Deprivation 2025, File 7",
        licence=OGL,
        vintage="IoD2025 (published October 2025), LSOA 2021",
    ),
    Source(
        name="imd2025_lad24",
        path="sources/deprivation/imd2025_lad24_summaries_england.csv",
        columns={
            "ltla24_code": "VARCHAR",
            "imd_average_score": "DOUBLE",
            "imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally": "DOUBLE",
        },
        key=("ltla24_code",),
        codes={"ltla24_code": LAD},
        rules={
            # average of LSOA scores (0-100); real 5.9-43.5
            "imd_average_score": Rule(0, 100),
            # a fraction in this file (0-1), not a percentage; real 0-0.5
            "imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally": Rule(0, 1),
        },
        publisher="MHCLG English Indices of Deprivation 2025, File 10 (LAD summaries)",
        licence=OGL,
        vintage="IoD2025, LAD 2024",
    ),
    Source(
        name="imd2019_lsoa11",
        path="sources/deprivation/imd2019_lsoa11_ranks_deciles_england.csv.gz",
        columns={"lsoa11_code": "VARCHAR", "IMD_rank": "INTEGER", "IMD_decile": "INTEGER"},
        key=("lsoa11_code",),
        codes={"lsoa11_code": LSOA11},
        rules={
            # one rank per 2011 LSOA in England (32,844; tied ranks occur)
            "IMD_rank": Rule(1, 32_844),
            "IMD_decile": Rule(1, 10),
        },
        row_rules=(
            # deciles are tenths of the national rank (true of every real row)
            RowRule(
                '"IMD_decile" = ceil("IMD_rank" * 10 / 32844)',
                ("IMD_decile", "IMD_rank"),
                "decile is not the tenth of England's 32,844 LSOAs its rank falls in",
            ),
        ),
        publisher="MHCLG English Indices of Deprivation 2019, File 7",
        licence=OGL,
        vintage="IoD2019, LSOA 2011",
    ),
    Source(
        name="lsoa11_lsoa21",
        path="sources/lookups/lsoa11_to_lsoa21_lad22_ew.csv.gz",
        columns={
            "lsoa11_code": "VARCHAR",
            "lsoa11_name": "VARCHAR",
            "change_code": "VARCHAR",
            "lsoa21_code": "VARCHAR",
        },
        key=("lsoa11_code", "lsoa21_code"),
        codes={
            "lsoa11_code": r"[EW]01\d{6}",
            "lsoa21_code": r"[EW]01\d{6}",
            "change_code": "[USMX]",
        },
        row_filter="lsoa11_code like 'E%'",
        # travel times are joined to codes by this name ("Adur 001A")
        rules={"lsoa11_name": Rule(pattern=r".+ \d{3}[A-Z]")},
        publisher="ONS LSOA11_LSOA21_LAD22 best-fit lookup",
        licence=OGL,
        vintage="LSOA 2011 -> LSOA 2021",
    ),
    Source(
        name="lad_code_history",
        path="sources/lookups/lad_code_history_2016_2024_uk.csv",
        columns={
            "ltla16_code": "VARCHAR",
            "ltla21_code": "VARCHAR",
            "ltla24_code": "VARCHAR",
            "ltla24_name": "VARCHAR",
        },
        row_filter="ltla21_code like 'E%'",
        # one row per 2016 district, followed through each year's code to 2024 (districts
        # only merge: several 2016 rows share a 2021 and a 2024 code)
        key=("ltla16_code",),
        codes={"ltla16_code": LAD, "ltla21_code": LAD, "ltla24_code": LAD},
        rules={"ltla24_name": TEXT},
        publisher="ONS LAD code changes 2016-2024 (via humaniverse/geographr)",
        licence=OGL,
        vintage="LAD 2016 and LAD 2021 -> LAD 2024",
    ),
    Source(
        name="mye2020_lad21",
        path="sources/population/ons_mye_mid2020_syoa_persons_lad21_ew.csv",
        columns={"ltla21_code": "VARCHAR", "total_population": "BIGINT", "0": "BIGINT"},
        key=("ltla21_code",),
        codes={"ltla21_code": r"[EW]0[6-9]\d{6}"},
        row_filter="ltla21_code like 'E%'",
        # people in one district: real 2,226 (Isles of Scilly) to 1,140,525 (Birmingham)
        # residents aged 0 (a proxy for live births, see the Health Index infant mortality weights)
        rules={"total_population": Rule(1, 2_000_000), "0": Rule(0, 100_000)},
        publisher="ONS mid-year population estimates, mid-2020",
        licence=OGL,
        vintage="Mid-2020, LAD 2021",
    ),
    Source(
        name="health_index_lad21",
        path="sources/outcomes/ons_health_index_indicators_raw_lad21_england_2015_2021.csv.gz",
        columns={
            "ltla21_code": "VARCHAR",
            "year": "INTEGER",
            "indicator": "VARCHAR",
            "value": "DOUBLE",
        },
        key=("ltla21_code", "year", "indicator"),
        codes={"ltla21_code": LAD},
        rules={
            # the 2021 release covers 2015-2021
            "year": Rule(2015, 2021),
            "indicator": TEXT,
            # 56 indicators in their own units (percentages, years, rates per 100,000: the
            # largest real value is 2,590 alcohol admissions per 100,000); none is negative
            "value": Rule(0, 10_000),
        },
        publisher="ONS Health Index for England, 2021 release, underlying indicator values",
        licence=OGL,
        vintage="LAD 2021, 2015-2021",
    ),
    Source(
        name="ons_infant_mortality",
        path="sources/outcomes/ons_infant_neonatal_perinatal_mortality_by_area_2010_2017.csv.gz",
        columns={
            "year": "INTEGER",
            "row_order": "INTEGER",
            "area_name": "VARCHAR",
            "area_code_matched_by_name": "VARCHAR",
            "infant_deaths_under1": "DOUBLE",
            "neonatal_deaths_under28d": "DOUBLE",
            "live_births": "DOUBLE",
        },
        key=("year", "row_order"),
        # England and Wales rows (codes attached by name; uncoded rows are kept: 2010's pre-2009
        # districts and ONS's "Hackney and City of London"); Scottish, Northern Irish and UK
        # rows are out of scope. Staging keeps England's rows (between ENGLAND and WALES).
        row_filter="coalesce(area_code_matched_by_name, '') not similar to '(S|N|K|[0-9]).*'",
        codes={"area_code_matched_by_name": r"[EW]\d{8}(, [EW]\d{8})?"},
        optional_codes=("area_code_matched_by_name",),
        rules={
            "year": Rule(2010, 2017),
            "row_order": Rule(1, 10_000),
            "area_name": TEXT,
            # blank is ONS's "-" (none); the UK has about 3,000 infant deaths and 800,000 live
            # births a year: bounds with headroom
            "infant_deaths_under1": optional(Rule(0, 10_000)),
            "neonatal_deaths_under28d": optional(Rule(0, 10_000)),
            "live_births": optional(Rule(0, 2_000_000)),
        },
        row_rules=(
            RowRule("neonatal_deaths_under28d <= infant_deaths_under1",
                    ("neonatal_deaths_under28d", "infant_deaths_under1"),
                    "neonatal deaths above infant deaths"),
        ),
        publisher="ONS Deaths registered by area of usual residence (Table 1a: infant,"
        " neonatal and perinatal deaths) with ONS Births by area of usual residence of mother"
        " (Table 1: live births)",
        licence=OGL,
        vintage="Registration years 2010-2017 (live births 2010-2016); districts, counties,"
        " regions and England as published (LAD 2016 codes matched by name)",
    ),
    Source(
        name="fingertips_nw",
        path="sources/outcomes/fingertipsnext_devsample_northwest_27indicators_2018_2024.csv.gz",
        columns={
            "IndicatorId": "INTEGER",
            "ValueType": "VARCHAR",
            "AreaCode": "VARCHAR",
            "AreaType": "VARCHAR",
            "Year": "INTEGER",
            "PeriodType": "VARCHAR",
            "Frequency": "VARCHAR",
            "Sex": "VARCHAR",
            "Age": "VARCHAR",
            "CategoryType": "VARCHAR",
            "Category": "VARCHAR",
            "Value": "DOUBLE",
            "LowerCI": "DOUBLE",
            "UpperCI": "DOUBLE",
            "Count": "DOUBLE",
            "Denominator": "DOUBLE",
        },
        # GSS codes for areas, ODS codes for GP practices (A82003) and PCNs (U01901)
        codes={"AreaCode": r"E\d{8}|[A-Z]\d{5}"},
        rules={
            "IndicatorId": Rule(minimum=1),
            # the sample holds 2018-2024 (start years)
            "Year": Rule(2018, 2024),
            "Sex": Rule(allowed=("Persons", "Male", "Female")),
            "Age": TEXT,
            # values, limits, counts and denominators are never negative; the largest real
            # figures are populations (63.2 million GP registrations): 100 million is more
            # than any count or rate in England
            "Value": optional(Rule(0, 1e8)),
            "LowerCI": optional(Rule(0, 1e8)),
            "UpperCI": optional(Rule(0, 1e8)),
            "Count": optional(Rule(0, 1e8)),
            "Denominator": optional(Rule(0, 1e8)),
        },
        row_rules=(
            RowRule('"LowerCI" <= "UpperCI"', ("LowerCI", "UpperCI"), "lower limit above upper"),
            # an indirectly standardised ratio divides observed by expected events (208 real
            # rows above 1); every other real row has count <= denominator
            RowRule(
                "\"ValueType\" = 'Indirectly standardised ratio' or \"Count\" <= \"Denominator\"",
                ("Count", "Denominator"),
                "count above its denominator",
            ),
            RowRule(
                "\"ValueType\" <> 'Proportion' or \"Value\" <= 100",
                ("Value",),
                "a proportion above 100%",
            ),
        ),
        repeated_rows="the sample keeps only a period's start year, so quarters and pooled"
        " periods can give identical rows, and it lists sub-ICBs and ICBs twice (2,493 real rows"
        " repeat another exactly). int_fingertips_records merges identical records and reports"
        " different records sharing a key in build_issues; int_fingertips_quarter_years uses a"
        " quarterly year only with exactly four records and lists the others in build_issues",
        publisher="OHID Fingertips (development sample extracted by DHSC Fingertips Next)",
        licence=OGL,
        vintage="North West areas and England, 2018-2024",
    ),
    Source(
        name="u5_emergency_admissions",
        path="sources/service_use/fingertips_92477_emergency_admissions_under5_icb_2010_2024.csv.gz",
        columns={
            "indicator_id": "INTEGER",
            "area_code": "VARCHAR",
            "area_type": "VARCHAR",
            "sex": "VARCHAR",
            "age": "VARCHAR",
            "time_period": "VARCHAR",
            "value": "DOUBLE",
            "count": "DOUBLE",
            "denominator": "DOUBLE",
        },
        key=("area_code", "sex", "age", "time_period"),
        codes={"area_code": r"E(38|54|92)\d{6}", "time_period": r"\d{4}/\d{2}"},
        rules={
            "indicator_id": Rule(allowed=(92477,)),
            "sex": Rule(allowed=("Persons", "Male", "Female")),
            "age": Rule(allowed=("<1 yr", "0-4 yrs", "1-4 yrs")),
            # admissions per 1,000 children: real 22.6-728.1 (27 rows suppressed: empty)
            "value": optional(Rule(0, 1_000)),
            # England has about 3.4 million children under 5 (the largest real denominator)
            "count": optional(Rule(0, 5_000_000)),
            "denominator": optional(Rule(0, 5_000_000)),
        },
        row_rules=(
            # a rate below 1,000 per 1,000 in every real row: more admissions than children
            # is a corrupt row
            RowRule('"count" <= "denominator"', ("count", "denominator"), "count above its denominator"),
            # the published value is count / denominator x 1,000 (real rows within 0.001)
            RowRule(
                'abs("value" - "count" / "denominator" * 1000) <= 0.01',
                ("value", "count", "denominator"),
                "value is not count / denominator x 1,000",
            ),
        ),
        publisher="OHID Fingertips indicator 92477, emergency admissions of children under 5",
        licence=OGL,
        vintage="ICB and sub-ICB 2022 codes, 2010/11-2023/24",
    ),
    Source(
        name="ae_icb22_monthly",
        path="sources/service_use/nhse_ae_attendances_emergency_admissions_monthly_icb22_2022_2024.csv",
        columns={
            "icb22_code": "VARCHAR",
            "date": "VARCHAR",
            "total_attendances": "BIGINT",
            "attendances_over_4hours": "BIGINT",
            "total_emergency_admissions": "BIGINT",
        },
        key=("icb22_code", "date"),
        codes={"icb22_code": ICB, "date": MONTH_YEAR},
        rules={
            # one ICB in one month: real attendances 13,331-149,659 and admissions
            # 2,907-40,086; the largest ICB (3 million people) would not reach a million
            "total_attendances": Rule(0, 1_000_000),
            "attendances_over_4hours": Rule(0, 1_000_000),
            "total_emergency_admissions": Rule(0, 1_000_000),
        },
        row_rules=(
            # waits over 4 hours are a subset of attendances
            RowRule(
                '"attendances_over_4hours" <= "total_attendances"',
                ("attendances_over_4hours", "total_attendances"),
                "more attendances over 4 hours than attendances",
            ),
        ),
        publisher="NHS England, A&E attendances and emergency admissions (monthly, by ICB)",
        licence=OGL,
        vintage="ICB 2022 codes, April 2022 - July 2025 (complete financial years 2022/23 to 2024/25)",
    ),
    Source(
        name="stroke_units",
        path="sources/stroke/stroke_units_england_wales_2022.csv",
        columns={
            "Postcode": "VARCHAR",
            "Hospital_name": "VARCHAR",
            "Use_IVT": "INTEGER",
            "Use_MT": "INTEGER",
            "Country": "VARCHAR",
            "Stroke Team": "VARCHAR",
            "SSNAP name": "VARCHAR",
            "Admissions 21/22": "DOUBLE",
            "Thrombolysis": "DOUBLE",
            "ivt_rate": "DOUBLE",
            "easting_cpo2025": "DOUBLE",
            "northing_cpo2025": "DOUBLE",
            "lon_cpo2025": "DOUBLE",
            "lat_cpo2025": "DOUBLE",
            "lsoa11cd_from_pcd_may22": "VARCHAR",
        },
        key=("Postcode",),
        # postcodes without the space ("RM70AG") are the unit codes of the travel-time matrix
        codes={
            "Postcode": r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}",
            "lsoa11cd_from_pcd_may22": r"[EW]01\d{6}",
        },
        rules={
            "Use_IVT": Rule(allowed=(0, 1)),
            "Use_MT": Rule(allowed=(0, 1)),
            "Country": Rule(allowed=("England", "Wales")),
            "Stroke Team": TEXT,
            # stroke admissions of one unit in a year: real 0-1,848
            "Admissions 21/22": Rule(0, 5_000),
            "Thrombolysis": optional(Rule(0, 5_000)),
            # a percentage of admissions: real 0-27.5
            "ivt_rate": optional(Rule(0, 100)),
            "easting_cpo2025": EASTING_BNG,
            "northing_cpo2025": NORTHING_BNG,
            "lon_cpo2025": LONGITUDE,
            "lat_cpo2025": LATITUDE,
        },
        row_rules=(
            RowRule(
                '"Thrombolysis" <= "Admissions 21/22"',
                ("Thrombolysis", "Admissions 21/22"),
                "more thrombolysed patients than admissions",
            ),
            # the published rate is the count over admissions, rounded to 0.1 (real rows
            # within 0.05)
            RowRule(
                '"Admissions 21/22" = 0'
                ' or abs("Thrombolysis" / "Admissions 21/22" * 100 - "ivt_rate") <= 0.06',
                ("ivt_rate", "Thrombolysis", "Admissions 21/22"),
                "ivt_rate is not Thrombolysis / Admissions 21/22 x 100",
            ),
        ),
        publisher="SAMueL project (University of Exeter) list of acute stroke units, from SSNAP",
        licence=SSNAP_TERMS,
        vintage="Unit list 2022; activity April 2021 - March 2022",
    ),
    Source(
        name="stroke_admissions_lsoa11",
        path="sources/stroke/stroke_admissions_mean_annual_2017_2019_lsoa11_ew.csv.gz",
        columns={
            "lsoa11_code": "VARCHAR",
            "mean_annual_stroke_admissions_2017_2019": "DOUBLE",
        },
        key=("lsoa11_code",),
        codes={"lsoa11_code": r"[EW]01\d{6}"},
        row_filter="lsoa11_code like 'E%'",
        rules={
            # mean annual admissions of about 1,500 residents: real 0-19.3; 100 a year would
            # need every resident to be over 85 and a third of them to have a stroke in 3 years
            "mean_annual_stroke_admissions_2017_2019": Rule(0, 100),
        },
        publisher="SAMueL project (University of Exeter), from SSNAP emergency stroke admissions",
        licence=SSNAP_TERMS,
        vintage="Mean annual admissions 2017-2019, LSOA 2011",
    ),
    Source(
        name="stroke_travel_minutes",
        path="sources/stroke/lsoa11_to_stroke_unit_road_travel_minutes_calibrated.csv.gz",
        columns={"LSOA": "VARCHAR", "*": "DOUBLE"},
        key=("LSOA",),
        # LSOA 2011 names ("Adur 001A"), joined to codes through lsoa11_lsoa21
        codes={"LSOA": r".+ \d{3}[A-Z]"},
        rules={
            # modelled road minutes from an LSOA to each of 125 units: real 5.8-1,090.5
            # (Cornwall to the north of England); no road journey in Great Britain takes a day.
            # One Welsh LSOA (Swansea 025H) has no time to the 11 Welsh units: empty.
            "*": optional(Rule(0, 1_440)),
        },
        publisher="SAMueL project (University of Exeter), modelled road travel times",
        licence="MIT (SAMueL repository); derived from open road data",
        vintage="LSOA 2011 names x 125 stroke units",
    ),
    Source(
        name="ssnap_thrombectomy_first_team",
        path="sources/stroke/ssnap_thrombectomy_2023_24_by_first_admitting_team_long.csv.gz",
        columns={
            "region_or_network": "VARCHAR",
            "trust": "VARCHAR",
            "team": "VARCHAR",
            "category": "VARCHAR",
            "item": "VARCHAR",
            "data_type": "VARCHAR",
            "value": "DOUBLE",
        },
        # only the 'Thrombectomy' count (n), admissions (d) and rate (%) rows are used; the other
        # items hold times ('hours:mins') and are not read
        row_filter="category = 'Thrombectomy' and item = 'Thrombectomy'",
        key=("team", "data_type"),
        codes={"team": r".*\S.*", "data_type": r"n|d|%"},
        rules={
            # counts of patients in a year; the National admissions (d) are 95,238
            "value": Rule(0, 200_000),
        },
        row_rules=(
            RowRule("\"data_type\" <> '%' or \"value\" <= 100", ("value",), "a rate above 100%"),
            RowRule(
                "\"data_type\" = '%' or \"value\" = floor(\"value\")",
                ("value",),
                "a count of patients (n or d) that is not a whole number",
            ),
        ),
        publisher="SSNAP Thrombectomy report April 2023 - March 2024, 'Thrombectomy transfers'"
        " sheet (by first admitting team), in long form",
        licence=SSNAP_REPORT_TERMS,
        vintage="April 2023 - March 2024; 111 first-admitting teams (England, Wales, Northern"
        " Ireland, Isle of Man) and National",
    ),
    Source(
        name="ssnap_length_of_stay",
        path="sources/stroke/ssnap_mean_length_of_stay_2023_by_team.csv",
        columns={"Stroke team": "VARCHAR", "Type": "VARCHAR", "Mean length of stay": "DOUBLE"},
        key=("Stroke team",),
        codes={
            "Stroke team": r".*\S.*",
            "Type": "Routinely admitting team|Non-routinely admitting acute team"
            "|Non-acute inpatient team",
        },
        # mean days on the team's ward: real 9.5-116 (rehabilitation teams); a year at most
        rules={"Mean length of stay": Rule(0, 365)},
        row_rules=(
            RowRule('"Mean length of stay" > 0', ("Mean length of stay",), "a stay of no days"),
        ),
        publisher="SSNAP mean length of stay by stroke team, 2023 (archived national report table)",
        licence=SSNAP_REPORT_TERMS,
        vintage="Calendar year 2023; 199 stroke teams (England, Wales, Northern Ireland, Isle of"
        " Man, Jersey)",
    ),
    Source(
        name="lsoa21_centroids",
        path="sources/lookups/lsoa21_population_weighted_centroids_ew.csv.gz",
        columns={"lsoa21_code": "VARCHAR", "easting_bng": "DOUBLE", "northing_bng": "DOUBLE"},
        key=("lsoa21_code",),
        codes={"lsoa21_code": r"[EW]01\d{6}"},
        row_filter="lsoa21_code like 'E%'",
        rules={"easting_bng": EASTING_BNG, "northing_bng": NORTHING_BNG},
        publisher="ONS LSOA (Dec 2021) population-weighted centroids",
        licence=OGL_OS,
        vintage="LSOA 2021, British National Grid (EPSG:27700)",
    ),
    Source(
        name="gp_practices",
        path="sources/service_use/gp_practices_qof2324_england_geocoded_codepointopen.csv.gz",
        columns={
            "practice_code": "VARCHAR",
            "practice_name": "VARCHAR",
            "pcn_name": "VARCHAR",
            "sub_icb_ons_code": "VARCHAR",
            "icb_ons_code": "VARCHAR",
            "postcode": "VARCHAR",
            "easting_bng": "DOUBLE",
            "northing_bng": "DOUBLE",
            "longitude": "DOUBLE",
            "latitude": "DOUBLE",
            "lsoa11cd": "VARCHAR",
        },
        key=("practice_code",),
        # ODS practice codes ("A81001")
        codes={"practice_code": r"[A-Z]\d{5}", "sub_icb_ons_code": SICBL, "icb_ons_code": ICB},
        rules={
            # 5 practices have no Code-Point Open match (no coordinates), 11 no LSOA
            "easting_bng": optional(EASTING_BNG),
            "northing_bng": optional(NORTHING_BNG),
            "longitude": optional(LONGITUDE),
            "latitude": optional(LATITUDE),
            "lsoa11cd": optional(Rule(pattern=LSOA11)),
        },
        row_rules=(
            RowRule(
                "(easting_bng is null) = (northing_bng is null)",
                ("easting_bng", "northing_bng"),
                "one coordinate without the other",
            ),
        ),
        publisher="NHS England QOF 2023/24 practice list; locations from OS Code-Point Open 2025",
        licence=OGL + " (contains OS data and Royal Mail data © Crown copyright 2025)",
        vintage="2023/24 practices; sub-ICB and ICB 2022 codes",
    ),
    Source(
        name="qof_prevalence_2223",
        path="sources/prevention/qof_2022_23_prevalence_by_practice.csv.gz",
        columns={
            "PRACTICE_CODE": "VARCHAR",
            "GROUP_CODE": "VARCHAR",
            "REGISTER": "DOUBLE",
            "PATIENT_LIST_TYPE": "VARCHAR",
            "PRACTICE_LIST_SIZE": "DOUBLE",
        },
        # the hypertension, atrial fibrillation and stroke/TIA registers (the file's other 18
        # registers are not read)
        row_filter="GROUP_CODE in ('AF', 'HYP', 'STIA')",
        key=("PRACTICE_CODE", "GROUP_CODE"),
        codes={"PRACTICE_CODE": PRACTICE, "GROUP_CODE": "AF|HYP|STIA"},
        rules={
            # patients on a register: real 0-27,127 (HYP, a practice of 106,308)
            "REGISTER": Rule(0, 200_000),
            # these three registers are counted over the whole list (all ages); staging sums
            # list sizes on that basis
            "PATIENT_LIST_TYPE": Rule(allowed=("TOTAL",)),
            # registered patients of one practice: real 5-106,308
            "PRACTICE_LIST_SIZE": Rule(1, 500_000),
        },
        row_rules=(
            RowRule("REGISTER = floor(REGISTER)", ("REGISTER",),
                    "a register count that is not a whole number"),
            RowRule("REGISTER <= PRACTICE_LIST_SIZE", ("REGISTER", "PRACTICE_LIST_SIZE"),
                    "more patients on the register than on the list"),
        ),
        publisher="NHS England (NHS Digital) Quality and Outcomes Framework 2022-23,"
        " PREVALENCE_2223.csv (practice registers and list sizes)",
        licence=OGL,
        vintage="QOF 2022/23 (April 2022 - March 2023), 6,378 practices in England",
    ),
    Source(
        name="qof_practice_geography_2223",
        path="sources/lookups/qof_2022_23_practice_to_pcn_subicb_icb_region.csv.gz",
        columns={
            "PRACTICE_CODE": "VARCHAR",
            "SUB_ICB_ODS_CODE": "VARCHAR",
            "SUB_ICB_ONS_CODE": "VARCHAR",
            "SUB_ICB_NAME": "VARCHAR",
            "ICB_ODS_CODE": "VARCHAR",
            "ICB_ONS_CODE": "VARCHAR",
        },
        key=("PRACTICE_CODE",),
        codes={
            "PRACTICE_CODE": PRACTICE,
            # ODS sub-ICB codes: "00Q" or, since 2022, five characters ("A3A8R")
            "SUB_ICB_ODS_CODE": ODS_SICBL,
            "SUB_ICB_ONS_CODE": SICBL,
            "ICB_ODS_CODE": ODS_ICB,
            "ICB_ONS_CODE": ICB,
        },
        rules={"SUB_ICB_NAME": TEXT},
        publisher="NHS England (NHS Digital) Quality and Outcomes Framework 2022-23,"
        " MAPPING_NHS_GEOGRAPHIES_2223.csv (practice -> PCN -> sub-ICB -> ICB -> NHS region)",
        licence=OGL,
        vintage="NHS geography of July 2022 (Surrey Heartlands and Sussex on 2022 codes)",
    ),
    Source(
        name="fingertips_hypertension_utla",
        path="sources/prevention/fingertips_219_hypertension_qof_prevalence_utla23_england.csv.gz",
        columns={
            "Indicator ID": "INTEGER",
            "Area Code": "VARCHAR",
            "Area Type": "VARCHAR",
            "Sex": "VARCHAR",
            "Age": "VARCHAR",
            "Time period": "VARCHAR",
            "Value": "DOUBLE",
            "Lower CI 95.0 limit": "DOUBLE",
            "Upper CI 95.0 limit": "DOUBLE",
            "Count": "DOUBLE",
            "Denominator": "DOUBLE",
        },
        # counties and unitary authorities (April 2023) and England's total; England's rows
        # appear twice in the API response (blank parent and E92000001 parent) and again by
        # deprivation decile: the blank-parent total is kept
        row_filter="\"Area Type\" = 'Counties & UAs (from Apr 2023)' or (\"Area Type\" = 'England'"
        " and \"Parent Code\" is null and \"Category Type\" is null)",
        key=("Area Code", "Time period"),
        codes={"Area Code": UTLA + "|E92000001", "Time period": r"\d{4}/\d{2}"},
        rules={
            "Indicator ID": Rule(allowed=(219,)),
            "Area Type": Rule(allowed=("Counties & UAs (from Apr 2023)", "England")),
            "Sex": Rule(allowed=("Persons",)),
            "Age": Rule(allowed=("All ages",)),
            # a percentage of registered patients: real 6.6-22.6. Three rows have no value
            # (OHID: data quality issue) and no count
            "Value": optional(Rule(0, 100)),
            "Lower CI 95.0 limit": optional(Rule(0, 100)),
            "Upper CI 95.0 limit": optional(Rule(0, 100)),
            # patients on the register and on the lists: England 2024/25 9.7 and 63.8 million
            "Count": optional(Rule(0, 1e8)),
            "Denominator": optional(Rule(1, 1e8)),
        },
        row_rules=(
            RowRule('"Count" <= "Denominator"', ("Count", "Denominator"),
                    "count above its denominator"),
            RowRule('"Lower CI 95.0 limit" <= "Value" and "Value" <= "Upper CI 95.0 limit"',
                    ("Lower CI 95.0 limit", "Value", "Upper CI 95.0 limit"),
                    "value outside its 95% confidence interval"),
        ),
        publisher="OHID Fingertips indicator 219 'Hypertension: QOF prevalence' (API response,"
        " all_data/csv/by_indicator_id, counties and UAs from April 2023)",
        licence=OGL,
        vintage="QOF 2012/13-2024/25 for 153 counties and UAs (April 2023), England from 2009/10;"
        " OHID's attribution of practices to local authorities",
    ),
    Source(
        name="qof_achievement_icb_2425",
        path="sources/prevention/qof_2024_25_icb_achievement_af_hyp.csv",
        columns={
            "area_code_ods": "VARCHAR",
            "area_name": "VARCHAR",
            "area_type": "VARCHAR",
            "practice_count": "INTEGER",
            "indicator_code": "VARCHAR",
            "numerator": "DOUBLE",
            "denominator_after_pcas": "DOUBLE",
            "pcas": "DOUBLE",
            "underlying_achievement_percent": "DOUBLE",
            "intervention_percent": "DOUBLE",
        },
        key=("area_code_ods", "indicator_code"),
        # ICB ODS codes ("QOX"); "ENG" is England's total
        codes={"area_code_ods": ODS_ICB + "|ENG", "indicator_code": "AF006|AF008|HYP008|HYP009"},
        rules={
            "area_name": TEXT,
            "area_type": Rule(allowed=("ICB", "National")),
            # practices in an ICB: real 53-447; England 6,188
            "practice_count": Rule(1, 10_000),
            # patients: England HYP008 denominator 6.8 million
            "numerator": Rule(0, 1e8),
            "denominator_after_pcas": Rule(0, 1e8),
            "pcas": Rule(0, 1e8),
            "underlying_achievement_percent": Rule(0, 100),
            "intervention_percent": Rule(0, 100),
        },
        row_rules=(
            RowRule("numerator <= denominator_after_pcas",
                    ("numerator", "denominator_after_pcas"), "numerator above its denominator"),
            RowRule("numerator = floor(numerator) and denominator_after_pcas ="
                    " floor(denominator_after_pcas) and pcas = floor(pcas)",
                    ("numerator", "denominator_after_pcas", "pcas"),
                    "a count of patients that is not a whole number"),
            # the author's percentages are the counts' ratios rounded to 2 dp
            RowRule("denominator_after_pcas = 0 or abs(100 * numerator / denominator_after_pcas"
                    " - underlying_achievement_percent) <= 0.006",
                    ("numerator", "denominator_after_pcas", "underlying_achievement_percent"),
                    "underlying_achievement_percent is not numerator / denominator_after_pcas"),
        ),
        publisher="NHS England Quality and Outcomes Framework 2024-25, practice-level raw data"
        " summed to April 2025 ICBs by pelld/population-health-system-explorer (converted from"
        " its JSON by data/tools/qof_2024_25_icb_json_to_csv.py)",
        licence=OGL,
        vintage="QOF 2024/25 (April 2024 - March 2025); 42 ICBs of April 2025 (ODS codes) and"
        " England; registered-practice geography",
    ),
    Source(
        name="aps_smoking",
        path="sources/prevention/ons_aps_cigarette_smokers_la_annual_2012_2023.csv.gz",
        columns={
            "AREACD": "VARCHAR",
            "AREANM": "VARCHAR",
            "Period": "INTEGER",
            "Observation": "DOUBLE",
            "Lower Confidence Interval (95%)": "DOUBLE",
            "Upper Confidence Interval (95%)": "DOUBLE",
            "Observation Status": "VARCHAR",
        },
        # English districts, counties and unitary authorities, regions and England (the UK,
        # Welsh, Scottish and Northern Irish rows are out of scope)
        row_filter="AREACD like 'E%'",
        key=("AREACD", "Period"),
        codes={"AREACD": r"E(0[6-9]|1[02])\d{6}|E92000001"},
        rules={
            "AREANM": TEXT,
            "Period": Rule(2012, 2023),
            # % of adults who smoke cigarettes: real 0-32.6 (upper limits to 55.3); blank where
            # ONS suppressed the estimate ("x")
            "Observation": optional(Rule(0, 100)),
            "Lower Confidence Interval (95%)": optional(Rule(0, 100)),
            "Upper Confidence Interval (95%)": optional(Rule(0, 100)),
            "Observation Status": optional(Rule(allowed=("x",))),
        },
        row_rules=(
            RowRule('"Lower Confidence Interval (95%)" <= "Observation" and "Observation" <='
                    ' "Upper Confidence Interval (95%)"',
                    ("Lower Confidence Interval (95%)", "Observation",
                     "Upper Confidence Interval (95%)"),
                    "estimate outside its 95% confidence interval"),
            RowRule("(\"Observation\" is null) = (coalesce(\"Observation Status\", '') = 'x')",
                    ("Observation", "Observation Status"),
                    "an estimate that is missing without the suppression marker 'x' (or both)"),
        ),
        publisher="ONS Annual Population Survey, adults (18+) who currently smoke cigarettes"
        " (Explore Local Statistics data, 'cigarette-smokers')",
        licence=OGL,
        vintage="Calendar years 2012-2023; districts and counties as published each year (2019"
        " mergers back-cast; Buckinghamshire's new code from 2021, Northamptonshire's from 2022;"
        " 2023 mergers not applied), ONS regions, England",
    ),
)

SOURCES_BY_NAME = {s.name: s for s in SOURCES}
