-- grain: one row per (u5 indicator, area, financial year). Published on 2022 NHS codes: codes
-- unchanged in 2023 are kept; Surrey Heartlands and Sussex (boundary change) are not mapped.
with entries as (
    select indicator_id, source_key from indicator_sources where loader = 'fingertips_u5'
),

final as (
    select
        entries.indicator_id,
        u5.area_code_2022 as area_code,
        u5.period,
        u5.sex,
        'All ages' as age,
        '' as category_type,
        '' as category,
        u5.published_value as value,
        cast(null as double) as lower_95,
        cast(null as double) as upper_95,
        u5.event_count,
        u5.denominator,
        'Published by OHID Fingertips (indicator 92477, ' || u5.age || ')' as note
    from stg_fingertips__u5_admissions as u5
    join entries on entries.source_key = u5.age
    where u5.sex = 'Persons' and u5.area_code_2022 in (select area_code from areas)
)

select * from final
