-- grain: one row per (2021 district, year, Health Index indicator); values as published
with source as (
    select * from src_health_index_lad21
),

final as (
    select
        ltla21_code,
        cast(year as varchar) as period,
        indicator as health_index_name,
        value
    from source
    where value is not null
)

select * from final
