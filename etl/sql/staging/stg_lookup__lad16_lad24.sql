-- grain: one row per 2016 district code in England, with its name; the 2021 and 2024 districts
-- it lies in
-- (districts only merged between 2016 and 2024, so every 2016 district is whole in one)
with source as (
    select * from src_lad_code_history
),

final as (
    select distinct
        ltla16_code,
        ltla16_name,
        ltla21_code,
        ltla24_code
    from source
)

select * from final
