-- grain: one row per 2021 LSOA; IMD 2025 (rank 1 / decile 1 = most deprived)
with source as (
    select * from src_imd2025_lsoa21
),

final as (
    select
        lsoa21_code,
        "IMD_score" as imd_score,
        "IMD_rank" as imd_rank,
        "IMD_decile" as imd_decile,
        "Health_score" as imd_health_score,
        "Income_score" as imd_income_score
    from source
)

select * from final
