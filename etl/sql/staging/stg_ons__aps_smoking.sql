-- grain: one row per (area code as published, calendar year): ONS Annual Population Survey
-- estimate of adults (18+) who smoke cigarettes, with its published 95% CI; English districts,
-- counties and unitary authorities, regions and England. Codes are those of each year's
-- publication (old counties and districts are kept; marts decide which stand for 2024 areas).
with source as (
    select * from src_aps_smoking
),

final as (
    select
        "AREACD" as area_code,
        "AREANM" as area_name,
        "Period" as year,
        "Observation" as smoking_pct,
        "Lower Confidence Interval (95%)" as lower_95,
        "Upper Confidence Interval (95%)" as upper_95,
        coalesce("Observation Status", '') = 'x' as is_suppressed_by_ons
    from source
)

select * from final
