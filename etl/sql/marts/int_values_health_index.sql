-- grain: one row per (health_index indicator, area, year). Values are published for 2021
-- districts only; districts merged in 2023 take the mid-2020-population-weighted mean of their
-- 2021 districts (only when every constituent district has a value), and every other geography
-- the Census-2021-population-weighted mean of its LSOAs' district values.
with entries as (
    select indicator_id, source_key from indicator_sources where loader = 'health_index'
),

values_lad21 as (
    select entries.indicator_id, hi.ltla21_code, hi.period, hi.value
    from stg_ons__health_index_lad21 as hi
    join entries on entries.source_key = hi.health_index_name
),

lad21_per_lad24 as (
    select ltla24_code, count(*) as n_lad21 from stg_lookup__lad21_lad24 group by ltla24_code
),

values_lad24 as (
    select
        v.indicator_id,
        x.ltla24_code,
        v.period,
        sum(v.value * p.population_mid2020_count) / sum(p.population_mid2020_count) as value,
        count(*) as n_lad21_with_value
    from values_lad21 as v
    join stg_lookup__lad21_lad24 as x using (ltla21_code)
    join stg_ons__mye2020_lad21 as p using (ltla21_code)
    group by all
),

complete_lad24 as (
    select v.*, c.n_lad21
    from values_lad24 as v
    join lad21_per_lad24 as c using (ltla24_code)
    where v.n_lad21_with_value = c.n_lad21
),

lsoa_values as (
    select
        lad.indicator_id,
        lad.period,
        m.lsoa21_code,
        m.population_count,
        lad.value
    from complete_lad24 as lad
    join lsoa_measures as m using (ltla24_code)
),

members as (
    select child_code as lsoa21_code, parent_code as area_code, parent_geography as geography
    from area_lookup
    where child_geography = 'lsoa21' and parent_geography <> 'ltla24'
        -- unitary authorities are districts too: they already hold their published value
        and parent_code not in (select area_code from areas where geography = 'ltla24')
),

population_by_area as (
    select distinct area_code, population from areas
),

aggregated as (
    select
        v.indicator_id,
        members.area_code,
        v.period,
        sum(v.value * v.population_count) / sum(v.population_count) as value,
        sum(v.population_count) as covered_population,
        any_value(members.geography) as geography
    from lsoa_values as v
    join members using (lsoa21_code)
    group by all
),

final as (
    select
        indicator_id,
        ltla24_code as area_code,
        period,
        value,
        case when n_lad21 > 1
            then 'Population-weighted mean of the ' || n_lad21
                || ' districts (2021) merged into this district in 2023 (ONS mid-2020 populations)'
            else '' end as note
    from complete_lad24
    union all
    select
        a.indicator_id,
        a.area_code,
        a.period,
        a.value,
        'Population-weighted mean of district values (Census 2021 populations)'
            || case when a.geography in ('icb23', 'sicbl23')
                then '; districts are apportioned by population overlap: an estimate' else '' end
            || case when a.covered_population < p.population
                then '; ' || round(100 - 100 * a.covered_population / p.population, 2)
                    || '% of the population lives in districts without a published value'
                else '' end
    from aggregated as a
    join population_by_area as p using (area_code)
)

select
    indicator_id,
    area_code,
    period,
    'Persons' as sex,
    'All ages' as age,
    '' as category_type,
    '' as category,
    value,
    cast(null as double) as lower_95,
    cast(null as double) as upper_95,
    cast(null as double) as event_count,
    cast(null as double) as denominator,
    note
from final
