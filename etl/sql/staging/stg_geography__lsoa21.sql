-- grain: one row per 2021 LSOA in England, with every current geography it sits in
with source as (
    select * from src_lsoa21_geographies
),

final as (
    select
        lsoa21_code,
        lsoa21_name,
        ltla24_code,
        ltla24_name,
        utla23_code,
        utla23_name,
        region24_code as region_code,
        region24_name as region_name,
        sicbl24_code as sicbl23_code,  -- sub-ICB codes unchanged 2023 -> 2024
        sicbl24_name as sicbl23_name,
        sicbl24_code_nhs as sicbl23_code_nhs,  -- ODS code, for practice-based NHS data
        icb24_code as icb23_code,      -- ICB codes unchanged 2023 -> 2024
        icb24_code_nhs as icb23_code_nhs,
        icb24_name as icb23_name
    from source
)

select * from final
