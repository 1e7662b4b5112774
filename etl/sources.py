"""Registry of raw inputs: one entry per shipped file, with its schema, keys, licence and vintage.

The loader (`etl.load`) reads every file as text, checks it against its entry (columns present,
numbers parse, codes well formed, keys unique) and only then casts it into a typed
``src_<name>`` table. Every error names the file, the data row (1 = first row after the header)
and the column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
            "icb24_code": "VARCHAR",
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
        codes={"ltla16_code": LAD, "ltla21_code": LAD, "ltla24_code": LAD},
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
        codes={"area_code": r"E(38|54|92)\d{6}"},
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
        codes={"icb22_code": ICB},
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
        publisher="SAMueL project (University of Exeter), from SSNAP emergency stroke admissions",
        licence=SSNAP_TERMS,
        vintage="Mean annual admissions 2017-2019, LSOA 2011",
    ),
    Source(
        name="stroke_travel_minutes",
        path="sources/stroke/lsoa11_to_stroke_unit_road_travel_minutes_calibrated.csv.gz",
        columns={"LSOA": "VARCHAR", "*": "DOUBLE"},
        key=("LSOA",),
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
        },
        key=("practice_code",),
        codes={"sub_icb_ons_code": SICBL, "icb_ons_code": ICB},
        publisher="NHS England QOF 2023/24 practice list; locations from OS Code-Point Open 2025",
        licence=OGL + " (contains OS data and Royal Mail data © Crown copyright 2025)",
        vintage="2023/24 practices; sub-ICB and ICB 2022 codes",
    ),
)

SOURCES_BY_NAME = {s.name: s for s in SOURCES}
