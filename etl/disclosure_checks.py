"""The SQL of the disclosure data tests: no published count of 1-4 (below the threshold), no
count-like column left unscanned, and no suppressed count recoverable by differencing across
nested areas or an area's LSOAs of one IMD decile. The checks themselves are in `etl.checks`.
"""

from __future__ import annotations

from core.methods import DISCLOSURE_MIN_COUNT
from etl.contract import CONTRACT_TABLES, sql_list

#: Count-like columns of the contract tables (name ``count`` or ending ``_count``) that are
#: not counts of people with a health event, so may hold 1-4: census residents (ONS publishes
#: them at this level under its own disclosure control), LSOAs, features and rows. Any other
#: count-like column of a contract table is scanned for 1-4 (indicator_values: below its
#: indicator's min_count).
NOT_DISCLOSIVE_COUNTS = {
    ("lsoa_measures", "population_count"): "Census 2021 residents",
    ("lsoa_measures", "population_65_plus_count"): "Census 2021 residents aged 65+",
    ("stroke_units", "nearest_for_lsoas_count"): "a number of LSOAs",
    ("stroke_units", "nearest_for_population_count"): "Census 2021 residents",
    ("stroke_units", "nearest_ivt_for_population_count"): "Census 2021 residents",
    ("area_stroke_units", "population_served_count"): "Census 2021 residents",
    ("indicators", "min_count"): "the suppression threshold itself",
}

#: exact nestings (every child of the geography inside the parent: weights 1), as in
#: etl.stages.NESTING_SQL, with a unitary authority's own row left out
_NESTING = (
    "select distinct parent_code, child_geography, child_code from area_lookup"
    " where child_code <> parent_code"
    " qualify min(weight) over (partition by parent_code, parent_geography, child_geography) = 1"
)
NESTED_DIFFERENCING_SQL = (
    "with nest as (" + _NESTING + "),"
    " v as (select * from indicator_values where indicator_id in"
    " (select indicator_id from indicator_values where is_suppressed)),"
    " by_nesting as (select p.indicator_id, p.area_code, p.period, p.sex, p.age,"
    " p.category_type, p.category, n.child_geography as relation,"
    " any_value(p.is_suppressed)::int + count(*) filter (where c.is_suppressed) as n_hidden,"
    " any_value(not p.is_suppressed and p.\"count\" is null)::int"
    " + count(*) filter (where not c.is_suppressed and c.\"count\" is null) as n_unknown"
    " from v as p join nest as n on n.parent_code = p.area_code"
    " join v as c on c.area_code = n.child_code and c.indicator_id = p.indicator_id"
    " and c.period = p.period and c.sex = p.sex and c.age = p.age"
    " and c.category_type = p.category_type and c.category = p.category"
    " group by all),"
    " lsoa_nest as (select distinct parent_code, child_code from nest"
    " where child_geography = 'lsoa21'),"
    " by_decile as (select p.indicator_id, p.area_code, p.period, p.sex, p.age,"
    " p.category_type, p.category, 'lsoa21 of the cell' as relation,"
    " any_value(p.is_suppressed)::int + count(*) filter (where c.is_suppressed) as n_hidden,"
    " any_value(not p.is_suppressed and p.\"count\" is null)::int"
    " + count(*) filter (where not c.is_suppressed and c.\"count\" is null) as n_unknown"
    " from v as p join lsoa_nest as n on n.parent_code = p.area_code"
    " join lsoa_measures as m on m.lsoa21_code = n.child_code"
    " and p.category_type like 'IMD 2025 national decile of LSOA%'"
    " and p.category = cast(m.imd_decile as varchar)"
    " join v as c on c.area_code = n.child_code and c.indicator_id = p.indicator_id"
    " and c.period = p.period and c.sex = p.sex and c.age = p.age and c.category_type = ''"
    " group by all)"
    " select * from by_nesting where n_hidden = 1 and n_unknown = 0"
    " union all select * from by_decile where n_hidden = 1 and n_unknown = 0"
)
#: (table, column) of every count-like column of the contract tables not exempted
_COUNT_COLUMNS = (
    "select table_name, column_name from information_schema.columns"
    f" where table_name in {sql_list(CONTRACT_TABLES)} and table_schema = 'main'"
    " and (column_name = 'count' or column_name like '%\\_count' escape '\\')"
    " and data_type not in ('VARCHAR', 'BOOLEAN')"
)
#: the columns this module scans: keep in step with the contract (COUNT_COLUMNS_SQL fails
#: when a contract table gains a count column that is neither here nor exempted)
SCANNED_COUNTS = (
    ("lsoa_measures", "stroke_admissions_2017_2019_count"),
    ("stroke_units", "admissions_2021_22_count"),
    ("stroke_units", "thrombolysis_2021_22_count"),
    ("stroke_units", "ssnap_admissions_2023_24_count"),
    ("stroke_units", "thrombectomy_2023_24_count"),
)
COUNT_COLUMNS_SQL = (
    "select * from (" + _COUNT_COLUMNS + ") where (table_name, column_name) not in ("
    + ", ".join(f"('{t}', '{c}')" for t, c in (*NOT_DISCLOSIVE_COUNTS, *SCANNED_COUNTS,
                                               ("indicator_values", "count"),
                                               ("area_totals", "count")))
    + ")"
)
SMALL_COUNTS_SQL = " union all ".join(
    [
        "select 'indicator_values' as table_name, 'count' as column_name,"
        " v.indicator_id || ' ' || v.area_code || ' ' || v.period || ' ' || v.category as row_key,"
        ' v."count" as value from indicator_values as v join indicators as i using (indicator_id)'
        ' where i.min_count > 0 and v."count" > 0 and v."count" < i.min_count',
        "select 'area_totals', 'count', t.indicator_id || ' ' || t.area_code || ' ' || t.period,"
        ' t."count" from area_totals as t join indicators as i using (indicator_id)'
        ' where i.min_count > 0 and t."count" > 0 and t."count" < i.min_count',
        *(
            f"select '{t}', '{c}', cast({'lsoa21_code' if t == 'lsoa_measures' else 'unit_code'}"
            f" as varchar), {c} from {t} where {c} > 0 and {c} < {DISCLOSURE_MIN_COUNT}"
            for t, c in SCANNED_COUNTS
        ),
        # rates built on 1-4 patients: a rate is shown only with its counts
        "select 'stroke_units', 'thrombolysis_rate_pct', unit_code, thrombolysis_rate_pct"
        " from stroke_units where thrombolysis_rate_pct is not null"
        " and thrombolysis_2021_22_count is null",
        "select 'stroke_units', 'thrombectomy_rate_2023_24_pct', unit_code,"
        " thrombectomy_rate_2023_24_pct from stroke_units"
        " where thrombectomy_rate_2023_24_pct is not null and thrombectomy_2023_24_count is null",
        "select 'lsoa_measures', 'nearest_ivt_unit_*_rate_pct', m.lsoa21_code,"
        " coalesce(m.nearest_ivt_unit_thrombolysis_rate_pct,"
        " m.nearest_ivt_unit_thrombectomy_rate_pct) from lsoa_measures as m"
        " join stroke_units as u on u.unit_code = m.nearest_ivt_unit_code"
        " where (m.nearest_ivt_unit_thrombolysis_rate_pct is not null"
        " and u.is_thrombolysis_2021_22_suppressed)"
        " or (m.nearest_ivt_unit_thrombectomy_rate_pct is not null"
        " and u.is_thrombectomy_2023_24_suppressed)",
    ]
)
