-- grain: one row per (indicator, area, period, sex, age, category_type, category) before
-- statistics: value may be missing where it is computed from count and denominator
with final as (
    select * from int_values_lsoa
    union all by name select * from int_values_health_index
    union all by name select * from int_values_fingertips
    union all by name select * from int_values_fingertips_quarters
    union all by name select * from int_values_u5_admissions
    union all by name select * from int_values_ae
    union all by name select * from int_values_infant_mortality
    union all by name select * from int_values_qof_prevalence
    union all by name select * from int_values_qof_achievement
    union all by name select * from int_values_aps_smoking
)

select
    indicator_id, area_code, period, sex, age, category_type, category,
    cast(value as double) as value,
    cast(lower_95 as double) as lower_95,
    cast(upper_95 as double) as upper_95,
    cast(event_count as double) as event_count,
    cast(denominator as double) as denominator,
    note,
    -- set by the quality gates where a value enters (Health Index districts); the statistics
    -- stage adds the range rule for every other row
    cast(quality_flag as varchar) as quality_flag,
    cast(quality_reason as varchar) as quality_reason
from final
