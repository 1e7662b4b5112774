-- grain: one row per (county or unitary authority of April 2023, or England; QOF year):
-- OHID Fingertips 219, hypertension QOF prevalence, all ages, as published
with source as (
    select * from src_fingertips_hypertension_utla
),

final as (
    select
        "Area Code" as area_code,
        "Time period" as period,
        "Value" as published_value,
        "Lower CI 95.0 limit" as lower_95,
        "Upper CI 95.0 limit" as upper_95,
        "Count" as register_count,
        "Denominator" as list_size_count
    from source
)

select * from final
