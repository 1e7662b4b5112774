-- grain: one row per 2024 district; MHCLG's published IMD 2025 summaries (used to check ours)
with source as (
    select * from src_imd2025_lad24
),

final as (
    select
        ltla24_code,
        imd_average_score,
        imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally * 100
            as imd_most_deprived_decile_pct
    from source
)

select * from final
