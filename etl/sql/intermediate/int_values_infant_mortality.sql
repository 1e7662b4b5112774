-- grain: one row per (ons_infant_mortality indicator, area, three-year period): ONS infant
-- (source_key 'infant') or neonatal ('neonatal') deaths over live births, summed over the
-- period from districts (int_infant_mortality_area_periods); area-periods left out there are
-- listed in build_issues instead. Value and CIs are computed from the counts (etl.statistics).
with entries as (
    select indicator_id, source_key
    from indicator_sources
    where loader = 'ons_infant_mortality'
),

final as (
    select
        entries.indicator_id,
        a.area_code,
        a.period,
        case entries.source_key
            when 'infant' then a.infant_deaths_count
            when 'neonatal' then a.neonatal_deaths_count
        end as event_count,
        a.live_births_count as denominator,
        a.note
    from int_infant_mortality_area_periods as a
    cross join entries
    where a.left_out_reason is null
)

select
    indicator_id,
    area_code,
    period,
    'Persons' as sex,
    'All ages' as age,
    '' as category_type,
    '' as category,
    cast(null as double) as value,
    cast(null as double) as lower_95,
    cast(null as double) as upper_95,
    cast(event_count as double) as event_count,
    cast(denominator as double) as denominator,
    note
from final
