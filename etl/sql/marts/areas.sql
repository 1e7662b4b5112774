-- grain: one row per area at every geography (lsoa21, ltla24, utla23, sicbl23, icb23, region,
-- england); population = Census 2021 usual residents summed from LSOAs
with lsoa as (
    select
        geo.*,
        pop.population_count
    from stg_geography__lsoa21 as geo
    left join stg_census21__lsoa_population as pop using (lsoa21_code)
),

lsoa21 as (
    select lsoa21_code as area_code, lsoa21_name as area_name, 'lsoa21' as geography,
        ltla24_code as parent_code, 'ltla24' as parent_geography, population_count as population
    from lsoa
),

ltla24 as (
    select ltla24_code, any_value(ltla24_name), 'ltla24', any_value(utla23_code), 'utla23',
        sum(population_count)
    from lsoa group by ltla24_code
),

utla23 as (
    select utla23_code, any_value(utla23_name), 'utla23', any_value(region_code), 'region',
        sum(population_count)
    from lsoa group by utla23_code
),

region as (
    select region_code, any_value(region_name), 'region', 'E92000001', 'england',
        sum(population_count)
    from lsoa group by region_code
),

sicbl23 as (
    select sicbl23_code, any_value(sicbl23_name), 'sicbl23', any_value(icb23_code), 'icb23',
        sum(population_count)
    from lsoa group by sicbl23_code
),

icb23 as (
    select icb23_code, any_value(icb23_name), 'icb23', 'E92000001', 'england',
        sum(population_count)
    from lsoa group by icb23_code
),

england as (
    select 'E92000001', 'England', 'england', cast(null as varchar), cast(null as varchar),
        sum(population_count)
    from lsoa
),

final as (
    select * from lsoa21
    union all select * from ltla24
    union all select * from utla23
    union all select * from region
    union all select * from sicbl23
    union all select * from icb23
    union all select * from england
)

select
    area_code,
    area_name,
    geography,
    parent_code,
    parent_geography,
    cast(population as bigint) as population
from final
