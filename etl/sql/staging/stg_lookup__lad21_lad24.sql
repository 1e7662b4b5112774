-- grain: one row per 2021 district code; the 2024 district it lies in (districts only merged)
with source as (
    select * from src_lad_code_history
),

final as (
    select distinct
        ltla21_code,
        ltla24_code
    from source
)

select * from final
