-- grain: one row per GP practice in the QOF 2023/24 list (2022 NHS geography codes)
with source as (
    select * from src_gp_practices
),

final as (
    select
        practice_code,
        practice_name,
        pcn_name,
        sub_icb_ons_code as sicbl22_code,
        icb_ons_code as icb22_code,
        postcode,
        easting_bng,
        northing_bng,
        longitude,
        latitude,
        lsoa11cd as lsoa11_code
    from source
)

select * from final
