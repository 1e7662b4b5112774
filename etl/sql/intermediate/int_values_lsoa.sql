-- grain: one row per (indicator, area, period, breakdown) for `lsoa_sum` and `lsoa_mean`
-- catalogue entries: LSOA counts and denominators summed to every geography (rates are
-- recomputed from the sums, never averaged), means weighted by the LSOA weight of
-- `int_lsoa_long` (residents, or stroke admissions for the serving units' treatment rates). An
-- LSOA keeps its own value whatever its weight; an area whose LSOAs all weigh 0 has no mean.
-- Areas above LSOA also get a breakdown by the national IMD 2025 decile of their LSOAs.
with long as (
    select * from int_lsoa_long
),

entries as (
    select indicator_id, loader, source_key
    from indicator_sources
    where loader in ('lsoa_sum', 'lsoa_mean')
),

membership as (
    -- distinct: a unitary authority is both a district and an upper-tier area, with one code
    select distinct child_code as lsoa21_code, parent_code as area_code, false as is_lsoa
    from area_lookup
    where child_geography = 'lsoa21'
    union all
    select area_code, area_code, true from areas where geography = 'lsoa21'
),

lsoa_count as (
    select parent_code as area_code, count(distinct child_code) as n_lsoas
    from area_lookup where child_geography = 'lsoa21' group by parent_code
    union all
    select area_code, 1 from areas where geography = 'lsoa21'
),

joined as (
    select
        entries.indicator_id,
        entries.loader,
        membership.area_code,
        membership.is_lsoa,
        long.period,
        long.event_count,
        long.denominator,
        long.value,
        long.weight,
        long.weight_basis,
        measures.imd_decile
    from long
    join entries on entries.source_key = long.measure
    join membership using (lsoa21_code)
    join int_lsoa_measures as measures using (lsoa21_code)
),

by_breakdown as (
    select
        indicator_id,
        area_code,
        period,
        '' as category_type,
        '' as category,
        any_value(loader) as loader,
        any_value(is_lsoa) as is_lsoa,
        sum(event_count) as event_count,
        sum(denominator) as denominator,
        case
            when bool_and(is_lsoa) then avg(value)
            when sum(weight) > 0 then sum(value * weight) / sum(weight)
        end as value,
        any_value(weight_basis) as weight_basis,
        count(*) as n_lsoas_with_data
    from joined
    group by indicator_id, area_code, period
    union all
    select
        indicator_id,
        area_code,
        period,
        'IMD 2025 national decile of LSOA (1 = most deprived)',
        cast(imd_decile as varchar),
        any_value(loader),
        any_value(is_lsoa),
        sum(event_count),
        sum(denominator),
        case when sum(weight) > 0 then sum(value * weight) / sum(weight) end,
        any_value(weight_basis),
        count(*)
    from joined
    where imd_decile is not null and not is_lsoa
    group by indicator_id, area_code, period, imd_decile
),

final as (
    select
        b.indicator_id,
        b.area_code,
        b.period,
        'Persons' as sex,
        'All ages' as age,
        b.category_type,
        b.category,
        case when b.loader = 'lsoa_mean' then b.value end as value,
        cast(null as double) as lower_95,
        cast(null as double) as upper_95,
        case when b.loader = 'lsoa_sum' then b.event_count end as event_count,
        case when b.loader = 'lsoa_sum' then b.denominator end as denominator,
        concat_ws('; ',
            case when b.loader = 'lsoa_mean' and not b.is_lsoa
                then case when b.weight_basis = 'Census 2021 residents'
                    then 'Population-weighted mean of LSOA values (Census 2021 populations)'
                    else 'Mean of LSOA values weighted by their ' || b.weight_basis end end,
            case when b.loader = 'lsoa_sum' and not b.is_lsoa
                then 'Summed from LSOA counts and denominators' end,
            case when b.category = '' and b.n_lsoas_with_data < c.n_lsoas
                then (c.n_lsoas - b.n_lsoas_with_data) || ' of ' || c.n_lsoas
                    || ' LSOAs have no data and are left out' end
        ) as note
    from by_breakdown as b
    join lsoa_count as c using (area_code)
)

select * from final
