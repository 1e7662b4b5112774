-- grain: one row per (geography, area_code, unit_kind, unit_code) for every area at every
-- geography (lsoa21 to england): the units that are nearest by modelled road time to the
-- area's 2021 LSOAs, unit_kind 'ivt' = nearest thrombolysis (IVT) unit, 'mt' = nearest
-- thrombectomy (MT) centre.
--   population_served_count: Census 2021 residents of the area's LSOAs whose nearest unit of
--     that kind this is, summed with area_lookup weights (1 for LSOA membership, so exact)
--   population_share_pct: 100 x population_served_count / the same sum over every unit of the
--     kind, i.e. the share of the area's residents with a modelled time (all of them when every
--     LSOA has one; build_issues lists any that has not); sums to 100 per area and kind
--   mean_minutes: population-weighted mean road minutes to that unit of those residents
with lsoa_units as (
    select lsoa21_code, 'ivt' as unit_kind, nearest_ivt_unit_code as unit_code,
        ivt_minutes as minutes, population_count
    from int_lsoa_measures
    where nearest_ivt_unit_code is not null and population_count > 0
    union all
    select lsoa21_code, 'mt', nearest_mt_unit_code, mt_minutes, population_count
    from int_lsoa_measures
    where nearest_mt_unit_code is not null and population_count > 0
),

membership as (
    select child_code as lsoa21_code, parent_geography as geography, parent_code as area_code,
        weight
    from area_lookup
    where child_geography = 'lsoa21'
    union all
    select area_code, geography, area_code, 1.0
    from areas
    where geography = 'lsoa21'
),

served as (
    select
        membership.geography,
        membership.area_code,
        lsoa_units.unit_kind,
        lsoa_units.unit_code,
        sum(lsoa_units.population_count * membership.weight) as population_served_count,
        sum(lsoa_units.minutes * lsoa_units.population_count * membership.weight)
            / sum(lsoa_units.population_count * membership.weight) as mean_minutes
    from lsoa_units
    join membership using (lsoa21_code)
    group by all
),

final as (
    select
        geography,
        area_code,
        unit_kind,
        unit_code,
        cast(population_served_count as double) as population_served_count,
        100 * population_served_count
            / sum(population_served_count) over (partition by geography, area_code, unit_kind)
            as population_share_pct,
        mean_minutes
    from served
)

select * from final
