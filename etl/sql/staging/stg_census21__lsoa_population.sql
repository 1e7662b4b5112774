-- grain: one row per 2021 LSOA in England; Census 2021 usual residents
with source as (
    select * from src_census21_population
),

final as (
    select
        lsoa21_code,
        sum(usual_residents) as population_count,
        sum(usual_residents) filter (where age_group = 'Aged 65 years and over')
            as population_65_plus_count
    from source
    group by lsoa21_code
)

select * from final
