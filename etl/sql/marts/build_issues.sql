-- grain: one row per (source, stage, area code, reason): every input row that did not reach
-- the warehouse, and every area left without data that a user might expect, with row counts
with current_codes as (
    select area_code from areas
),

fingertips_unknown_areas as (
    select 'fingertips_nw' as source, 'int_values_fingertips' as stage, area_code,
        'Area code not in current geographies (' || coalesce(any_value(area_type), 'no area type')
            || '): pre-2023 council codes, GP practices and PCNs are not mapped' as reason,
        count(*) as n_rows
    from int_fingertips_matched
    where area_code not in (select area_code from current_codes)
    group by area_code
),

fingertips_collisions as (
    select 'fingertips_nw', 'int_values_fingertips', area_code,
        indicator_id || ' ' || period || coalesce(' ' || nullif(category, ''), '')
            || ': ' || count(*) || ' different records share one period (quarters or pooled'
            || ' periods collapsed in the sample); left out',
        count(*)
    from int_fingertips_records
    where n_records > 1 and area_code in (select area_code from current_codes)
    group by indicator_id, area_code, period, sex, age, category_type, category
),

fingertips_quarter_years_left_out as (
    select 'fingertips_nw', 'int_values_fingertips_quarters', area_code,
        indicator_id || ' ' || period || coalesce(' ' || nullif(category, ''), '') || ': '
            || case status
                when 'incomplete' then n_records
                    || ' quarterly records instead of 4 (a partial year, or a repeated record); left out'
                when 'missing count' then (n_records - n_records_with_count)
                    || ' of the 4 quarterly records have no count; left out'
                when 'denominators differ' then 'the 4 quarterly records carry '
                    || n_denominators || ' different denominators; left out'
                when 'count exceeds denominator' then 'the 4 quarterly counts sum to '
                    || cast(event_count as bigint) || ', more than the eligible population of '
                    || cast(denominator as bigint) || ' ('
                    || round(100 * event_count / denominator, 1) || '%); left out'
            end,
        n_records
    from int_fingertips_quarter_years
    where status <> 'complete' and area_code in (select area_code from current_codes)
),

u5_unmapped as (
    select 'u5_emergency_admissions', 'int_values_u5_admissions', area_code_2022,
        '2022 NHS code not valid for 2023 boundaries (Surrey Heartlands / Sussex boundary change)',
        count(*)
    from stg_fingertips__u5_admissions
    where area_code_2022 not in (select area_code from current_codes)
    group by area_code_2022
),

ae_unmapped as (
    select 'ae_icb22_monthly', 'int_values_ae', icb22_code,
        '2022 ICB code not valid for 2023 boundaries (Surrey Heartlands / Sussex boundary change); counted in England only',
        count(*)
    from stg_nhse__ae_icb22_monthly
    where icb22_code not in (select area_code from current_codes)
    group by icb22_code
),

ae_incomplete_years as (
    select 'ae_icb22_monthly', 'int_values_ae', null,
        'Financial year ' || financial_year || ' has ' || count(distinct month_start_date)
            || ' of 12 months: left out',
        count(*)
    from stg_nhse__ae_icb22_monthly
    group by financial_year
    having count(distinct month_start_date) < 12
),

health_index_missing as (
    select 'health_index_lad21', 'int_values_health_index', areas.area_code,
        'No Health Index value published for this district (combined with a neighbour by ONS)',
        0
    from areas
    where areas.geography = 'ltla24'
        and areas.area_code not in (select area_code from int_values_health_index)
),

health_index_unknown as (
    select 'health_index_lad21', 'stg_lookup__lad21_lad24', ltla21_code,
        'District code not found in the 2021 -> 2024 code history', count(*)
    from stg_ons__health_index_lad21
    where ltla21_code not in (select ltla21_code from stg_lookup__lad21_lad24)
    group by ltla21_code
),

infant_mortality_rows_left_out as (
    -- rows of the ONS infant deaths table that are errors or duplicates (see the staging model)
    select 'ons_infant_mortality', 'stg_ons__infant_mortality', area_code,
        issue || ' [' || array_to_string(list_sort(list(distinct year)), ', ') || ']', count(*)
    from stg_ons__infant_mortality
    where issue is not null
    group by area_code, issue
),

infant_mortality_unknown_codes as (
    select 'ons_infant_mortality', 'int_infant_mortality_units', area_code,
        'District code not found in the 2016 -> 2024 code history: left out', count(*)
    from stg_ons__infant_mortality
    where row_role = 'district'
        and exists (
            select 1 from (select unnest(string_split(area_code, ', ')) as code)
            where code not in (select ltla16_code from stg_lookup__lad16_lad24)
        )
    group by area_code
),

infant_mortality_deaths_only_years as (
    select 'ons_infant_mortality', 'int_infant_mortality_area_periods', null,
        year || ' registrations: deaths but no live births in the file, so no three-year period'
            || ' ending in ' || year || ' (its deaths are not used)',
        count(*)
    from stg_ons__infant_mortality
    where row_role = 'district'
        and year not in (
            select year from stg_ons__infant_mortality
            where row_role = 'england' and live_births_count is not null
        )
    group by year
),

infant_mortality_left_out as (
    -- areas without an infant or neonatal mortality value in some periods, and why
    select 'ons_infant_mortality', 'int_infant_mortality_area_periods', area_code,
        'Infant and neonatal mortality (' || geography || ') left out for '
            || array_to_string(list_sort(list(period)), ', ') || ': ' || left_out_reason,
        count(*)
    from int_infant_mortality_area_periods
    where left_out_reason is not null
    group by area_code, geography, left_out_reason
),

stroke_admissions_unjoined as (
    select 'stroke_admissions_lsoa11', 'int_lsoa21_stroke_admissions', lsoa11_code,
        '2011 LSOA not in the ONS 2011 -> 2021 lookup', count(*)
    from stg_ssnap__stroke_admissions_lsoa11
    where lsoa11_code not in (select lsoa11_code from stg_lookup__lsoa11_lsoa21)
    group by lsoa11_code
),

stroke_admissions_missing as (
    select 'stroke_admissions_lsoa11', 'int_lsoa21_stroke_admissions', lsoa21_code,
        '2021 LSOA has no stroke admissions data (its 2011 LSOA is absent from the source)', 1
    from int_lsoa_measures where stroke_admissions_2017_2019_count is null
),

travel_unmatched_names as (
    select 'stroke_travel_minutes', 'int_lsoa21_travel_minutes', source_lsoa11_name,
        'LSOA name not found in the 2011 LSOA lookup (Welsh LSOAs are expected here)',
        count(*)
    from stg_ssnap__travel_minutes
    where lsoa11_name not in (select lsoa11_name from stg_lookup__lsoa11_lsoa21)
        and source_lsoa11_name not similar to '(Blaenau Gwent|Bridgend|Caerphilly|Cardiff|Carmarthenshire|Ceredigion|Conwy|Denbighshire|Flintshire|Gwynedd|Isle of Anglesey|Merthyr Tydfil|Monmouthshire|Neath Port Talbot|Newport|Pembrokeshire|Powys|Rhondda Cynon Taf|Swansea|The Vale of Glamorgan|Torfaen|Vale of Glamorgan|Wrexham) .*'
    group by source_lsoa11_name
),

travel_unknown_units as (
    select 'stroke_travel_minutes', 'int_lsoa21_travel_minutes', unit_code,
        'Travel-time column for a unit postcode not in the stroke unit list', count(*)
    from stg_ssnap__travel_minutes
    where unit_code not in (select unit_code from stg_ssnap__stroke_units)
    group by unit_code
),

units_without_times as (
    select 'stroke_units', 'stroke_units', unit_code,
        'Unit (' || case when is_ivt_unit then 'IVT' else 'non-IVT' end
            || ') has no travel-time column: not used as a nearest unit', 1
    from stroke_units where not has_travel_times
),

lsoa_without_travel as (
    select 'stroke_travel_minutes', 'int_lsoa21_travel_minutes', lsoa21_code,
        '2021 LSOA has no modelled travel time', 1
    from int_lsoa_measures where ivt_minutes is null
),

ssnap_teams_unjoined as (
    select source, 'int_ssnap_team_units', team_name,
        case source
            when 'ssnap_thrombectomy_first_team'
                then 'First-admitting team (' || team_group || ') not in the 2022 stroke unit'
                    || ' list: its 2023/24 thrombectomy figures are not used'
            else 'Stroke team (' || team_group || ') not in the 2022 stroke unit list: its 2023'
                || ' length of stay is not used'
        end,
        1
    from int_ssnap_team_units
    where unit_code is null
),

ssnap_aliases_unknown_units as (
    select 'ssnap_team_aliases', 'int_ssnap_team_units', unit_code,
        'The alias seed maps SSNAP team "' || ssnap_team_name
            || '" to a unit code that is not in the stroke unit list', 1
    from seed_ssnap_team_aliases
    where trim(unit_code) not in (select unit_code from stg_ssnap__stroke_units)
),

ssnap_names_ambiguous as (
    select 'stroke_units', 'int_ssnap_team_units', any_value(ssnap_name),
        'SSNAP name carried by ' || count(*) || ' units: SSNAP teams of this name join no unit'
            || ' unless listed in the alias seed',
        count(*)
    from stg_ssnap__stroke_units
    where ssnap_name is not null
        and lower(ssnap_name) in (select lower(team_name) from int_ssnap_team_units)
        and lower(ssnap_name) not in (
            select lower(trim(ssnap_team_name)) from seed_ssnap_team_aliases
        )
    group by lower(ssnap_name)
    having count(*) > 1
),

ivt_units_without_thrombectomy_rate as (
    select 'ssnap_thrombectomy_first_team', 'lsoa_measures', m.nearest_ivt_unit_code,
        'Nearest IVT unit (of n_rows LSOAs) has no 2023/24 thrombectomy transfer rate ('
            || case when any_value(a.is_mt_centre)
                then 'a thrombectomy centre: its own patients are not counted as transfers'
                else 'no SSNAP first-admitting-team row' end
            || '): nearest_ivt_unit_thrombectomy_rate_pct is NULL for those LSOAs',
        count(*)
    from int_lsoa_measures as m
    join int_stroke_unit_activity as a on a.unit_code = m.nearest_ivt_unit_code
    where m.nearest_ivt_unit_thrombectomy_rate_pct is null
    group by m.nearest_ivt_unit_code
),

gp_without_location as (
    select 'gp_practices', 'geo_lsoa21_nearest_gp', practice_code,
        'Practice has no postcode coordinates: left out of nearest-practice distances', 1
    from stg_qof__gp_practices where easting_bng is null or northing_bng is null
),

lsoa_without_population as (
    select 'census21_population', 'areas', lsoa21_code,
        '2021 LSOA in the geography lookup has no Census 2021 population', 1
    from stg_geography__lsoa21
    where lsoa21_code not in (select lsoa21_code from stg_census21__lsoa_population)
),

population_not_in_lookup as (
    select 'census21_population', 'areas', lsoa21_code,
        'Census 2021 LSOA not in the geography lookup', 1
    from stg_census21__lsoa_population
    where lsoa21_code not in (select lsoa21_code from stg_geography__lsoa21)
),

lsoa_without_imd as (
    select 'imd2025_lsoa21', 'lsoa_measures', lsoa21_code, '2021 LSOA has no IMD 2025 score', 1
    from int_lsoa_measures where imd_score is null
),

qof_practices_unmapped as (
    select 'qof_practice_geography_2223', 'int_values_qof_prevalence', g.sicbl22_code,
        'QOF 2022/23 sub-ICB ODS code ' || g.sicbl_code_nhs || ' not in the 2023 lookup: its'
            || ' practices count in England only',
        count(*)
    from stg_qof__practice_geography_2223 as g
    where g.sicbl_code_nhs not in (select sicbl23_code_nhs from stg_geography__lsoa21)
    group by all
),

qof_achievement_unmapped as (
    select 'qof_achievement_icb_2425', 'int_values_qof_achievement', q.area_code_ods,
        'QOF 2024/25 ICB ODS code not in the 2023 lookup: left out', count(*)
    from stg_qof__achievement_icb_2425 as q
    where q.area_code_ods <> 'ENG'
        and q.area_code_ods not in (select icb23_code_nhs from stg_geography__lsoa21)
    group by all
),

aps_rows_left_out as (
    select 'aps_smoking', 'int_aps_smoking_area_years', published_code,
        'APS ' || case left_out_reason
            when 'not a 2024 area' then 'code not a 2024 district, county, region or England'
                || ' (an old district or county without a same-boundary successor): left out'
            when 'suppressed by ONS (x)' then left_out_reason || ': left out, not shown as 0'
            when 'published as 0% with a 0-0 interval (no smokers in the sample)'
                then left_out_reason || ': left out, not shown as 0'
            else left_out_reason end
            || ' [' || string_agg(distinct cast(year as varchar), ', ' order by cast(year as varchar)) || ']',
        count(*)
    from int_aps_smoking_area_years
    where left_out_reason is not null
    group by published_code, left_out_reason
),

aps_areas_without_estimate as (
    select 'aps_smoking', 'int_values_aps_smoking', a.area_code,
        'No APS estimate for this area: ONS publishes none for its boundary in these years'
            || ' (Cumberland and Westmorland and Furness were both in Cumbria; North and West'
            || ' Northamptonshire were one county until 2021) ['
            || string_agg(cast(y.year as varchar), ', ' order by y.year) || ']',
        count(*)
    from (select distinct area_code from areas where geography in ('ltla24', 'utla23')) as a
    cross join (select distinct year from stg_ons__aps_smoking) as y
    where not exists (
        select 1 from int_aps_smoking_area_years as x
        where x.area_code = a.area_code and x.year = y.year
    )
    group by a.area_code
),

final as (
    select * from fingertips_unknown_areas
    union all select * from fingertips_collisions
    union all select * from fingertips_quarter_years_left_out
    union all select * from u5_unmapped
    union all select * from ae_unmapped
    union all select * from ae_incomplete_years
    union all select * from health_index_missing
    union all select * from health_index_unknown
    union all select * from infant_mortality_rows_left_out
    union all select * from infant_mortality_unknown_codes
    union all select * from infant_mortality_deaths_only_years
    union all select * from infant_mortality_left_out
    union all select * from stroke_admissions_unjoined
    union all select * from stroke_admissions_missing
    union all select * from travel_unmatched_names
    union all select * from travel_unknown_units
    union all select * from units_without_times
    union all select * from lsoa_without_travel
    union all select * from ssnap_teams_unjoined
    union all select * from ssnap_aliases_unknown_units
    union all select * from ssnap_names_ambiguous
    union all select * from ivt_units_without_thrombectomy_rate
    union all select * from gp_without_location
    union all select * from lsoa_without_population
    union all select * from population_not_in_lookup
    union all select * from lsoa_without_imd
    union all select * from qof_practices_unmapped
    union all select * from qof_achievement_unmapped
    union all select * from aps_rows_left_out
    union all select * from aps_areas_without_estimate
)

select
    source,
    stage,
    area_code,
    reason,
    cast(n_rows as bigint) as n_rows
from final
