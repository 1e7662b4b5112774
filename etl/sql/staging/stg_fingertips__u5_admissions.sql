-- grain: one row per (area, sex, age band, financial year); Fingertips 92477, 2022 NHS codes
with source as (
    select * from src_u5_emergency_admissions
),

final as (
    select
        area_code as area_code_2022,
        area_type,
        sex,
        age,
        time_period as period,
        value as published_value,
        count as event_count,
        denominator
    from source
)

select * from final
