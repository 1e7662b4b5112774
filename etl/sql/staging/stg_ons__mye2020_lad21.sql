-- grain: one row per 2021 district in England; ONS mid-2020 population estimate, all ages and
-- aged 0 (under 1 year: a proxy for a year's live births)
with source as (
    select * from src_mye2020_lad21
),

final as (
    select
        ltla21_code,
        total_population as population_mid2020_count,
        "0" as population_aged_0_mid2020_count
    from source
)

select * from final
