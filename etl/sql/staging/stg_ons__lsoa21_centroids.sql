-- grain: one row per 2021 LSOA in England; population-weighted centroid, British National Grid (m)
with source as (
    select * from src_lsoa21_centroids
),

final as (
    select lsoa21_code, easting_bng, northing_bng
    from source
)

select * from final
