-- grain: one row per 2011 LSOA in England; mean annual emergency stroke admissions 2017-2019
with source as (
    select * from src_stroke_admissions_lsoa11
),

final as (
    select
        lsoa11_code,
        mean_annual_stroke_admissions_2017_2019 as admissions_mean_annual_count
    from source
)

select * from final
