-- grain: one row per 2011 LSOA; IMD 2019 rank and decile (1 = most deprived)
with source as (
    select * from src_imd2019_lsoa11
),

final as (
    select
        lsoa11_code,
        "IMD_rank" as imd2019_rank,
        "IMD_decile" as imd2019_decile
    from source
)

select * from final
