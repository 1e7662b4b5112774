-- grain: one row per acute stroke unit in England and Wales (SAMueL list, 2022), keyed by postcode
-- Welsh units are kept: English residents near the border may be nearest to them
with source as (
    select * from src_stroke_units
),

final as (
    select
        "Postcode" as unit_code,
        coalesce("SSNAP name", "Stroke Team") as unit_name,
        "Use_IVT" = 1 as is_ivt_unit,
        "Use_MT" = 1 as is_mt_centre,
        "Admissions 21/22" as admissions_2021_22_count,
        "Thrombolysis" as thrombolysis_2021_22_count,
        "ivt_rate" as thrombolysis_rate_pct,
        easting_cpo2025 as easting_bng,
        northing_cpo2025 as northing_bng,
        lon_cpo2025 as longitude,
        lat_cpo2025 as latitude,
        lsoa11cd_from_pcd_may22 as lsoa11_code,
        "Country" as country,
        nullif(trim("SSNAP name"), '') as ssnap_name
    from source
)

select * from final
