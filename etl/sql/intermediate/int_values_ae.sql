-- grain: one row per (ae indicator, ICB or England, financial year): monthly NHS England A&E
-- returns summed over complete financial years (12 months). England sums every ICB, including
-- the two on 2022 codes that cannot be mapped to 2023 boundaries.
with months as (
    select * from stg_nhse__ae_icb22_monthly
),

years as (
    select
        icb22_code as area_code,
        financial_year,
        count(*) as n_months,
        sum(attendances_over_4h_count) as over_4h_count,
        sum(attendances_count) filter (where attendances_over_4h_count is not null)
            as attendances_with_4h_count,
        sum(emergency_admissions_count) as emergency_admissions_count
    from months
    group by all
),

complete as (
    select * from years where n_months = 12
),

with_england as (
    select * from complete
    union all
    select 'E92000001', financial_year, 12, sum(over_4h_count), sum(attendances_with_4h_count),
        sum(emergency_admissions_count)
    from complete group by financial_year
),

entries as (
    select indicator_id, source_key from indicator_sources where loader = 'ae_icb'
),

final as (
    select
        entries.indicator_id,
        y.area_code,
        y.financial_year as period,
        case entries.source_key
            when 'ae_over_4h' then y.over_4h_count
            else y.emergency_admissions_count end as event_count,
        case entries.source_key
            when 'ae_over_4h' then y.attendances_with_4h_count
            else areas.population end as denominator,
        case entries.source_key
            when 'ae_over_4h' then 'Summed from 12 monthly returns; months without 4-hour data are left out of both count and denominator'
            else 'Summed from 12 monthly returns; denominator Census 2021 usual residents' end
            as note
    from with_england as y
    join areas using (area_code)
    cross join entries
)

select
    indicator_id, area_code, period, 'Persons' as sex, 'All ages' as age,
    '' as category_type, '' as category, cast(null as double) as value,
    cast(null as double) as lower_95, cast(null as double) as upper_95,
    cast(event_count as double) as event_count, cast(denominator as double) as denominator, note
from final
