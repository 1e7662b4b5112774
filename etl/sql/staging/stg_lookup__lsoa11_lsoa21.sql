-- grain: one row per (2011 LSOA, 2021 LSOA) pair in England; change_code U/S/M/X from ONS
with source as (
    select * from src_lsoa11_lsoa21
),

final as (
    select
        lsoa11_code,
        lsoa11_name,
        lsoa21_code,
        change_code
    from source
)

select * from final
