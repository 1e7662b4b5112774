-- grain: one row per 2021 district in England; ONS mid-2020 population estimate
with source as (
    select * from src_mye2020_lad21
),

final as (
    select
        ltla21_code,
        total_population as population_mid2020_count
    from source
)

select * from final
