-- grain: one row per GP practice (QOF 2023/24), with its 2021 LSOA and current sub-ICB and ICB
-- found from its postcode's 2011 LSOA (first 2021 LSOA where the 2011 LSOA was split)
with lsoa21_of_lsoa11 as (
    select lsoa11_code, min(lsoa21_code) as lsoa21_code
    from stg_lookup__lsoa11_lsoa21 group by lsoa11_code
),

final as (
    select
        gp.practice_code,
        gp.practice_name,
        gp.pcn_name,
        gp.postcode,
        gp.easting_bng,
        gp.northing_bng,
        gp.longitude,
        gp.latitude,
        gp.sicbl22_code,
        gp.icb22_code,
        x.lsoa21_code,
        geo.ltla24_code,
        geo.sicbl23_code,
        geo.icb23_code
    from stg_qof__gp_practices as gp
    left join lsoa21_of_lsoa11 as x using (lsoa11_code)
    left join stg_geography__lsoa21 as geo using (lsoa21_code)
)

select * from final
