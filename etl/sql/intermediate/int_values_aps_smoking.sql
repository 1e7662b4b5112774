-- grain: one row per (aps_smoking indicator, area, calendar year): the ONS Annual Population
-- Survey estimate of adults who smoke cigarettes and its published 95% CI, as published
-- (int_aps_smoking_area_years decides which published row stands for each current area; the
-- rows it leaves out are listed in build_issues). No count or denominator exists.
with entries as (
    select indicator_id
    from indicator_sources
    where loader = 'aps_smoking'
),

final as (
    select
        entries.indicator_id,
        a.area_code,
        cast(a.year as varchar) as period,
        a.smoking_pct as value,
        a.lower_95,
        a.upper_95,
        case when a.is_recoded
            then 'Published by ONS on the old county code ' || a.published_code || ' ('
                || a.published_name || '), the same boundary as this unitary authority'
            else 'As published by ONS (APS survey estimate)' end as note
    from int_aps_smoking_area_years as a
    cross join entries
    where a.left_out_reason is null
)

select
    indicator_id,
    area_code,
    period,
    'Persons' as sex,
    '18+ yrs' as age,
    '' as category_type,
    '' as category,
    value,
    lower_95,
    upper_95,
    cast(null as double) as event_count,
    cast(null as double) as denominator,
    note
from final
