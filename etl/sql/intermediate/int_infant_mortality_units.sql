-- grain: one row per (registration year, district unit of the ONS infant deaths table): a 2016
-- district, or an area ONS publishes only combined (Cornwall and the Isles of Scilly in every
-- year; Hackney and the City of London 2010-2013), credited to the 2021 and 2024 district of
-- its first code, with the 2024 districts it covers, its counts and live births.
-- A district without live births in a year that has them, shown in other years as part of a
-- combined area, joins that combined area for the year (Hackney and the City of London, 2013).
-- Live births still missing (King's Lynn and West Norfolk in every year, the name did not match;
-- Hackney and the City of London in 2010 and 2013) are derived from the smallest published total
-- in which the unit is the only district without births: a 2016 county that is still a county
-- in 2023 (same code, same area), else the region. Derived births = the total's published births
-- minus its other districts' births; `live_births_derived_from_code` names the total, and
-- int_infant_mortality_area_periods uses them only in areas containing that whole total.
with districts as (
    select * from stg_ons__infant_mortality where row_role = 'district'
),

birth_years as (
    select year from stg_ons__infant_mortality
    where row_role = 'england' and live_births_count is not null
),

combined as (
    select distinct
        area_code as combined_code,
        unnest(string_split(area_code, ', ')) as part_code
    from districts
    where contains(area_code, ',')
),

recoded as (
    select
        d.year,
        coalesce(c.combined_code, d.area_code) as unit_code,
        d.area_code,
        d.row_order,
        d.area_name,
        d.infant_deaths_count,
        d.neonatal_deaths_count,
        d.live_births_count
    from districts as d
    left join combined as c
        on c.part_code = d.area_code
        and d.live_births_count is null
        and d.year in (select year from birth_years)
),

units as (
    select
        year,
        unit_code,
        sum(infant_deaths_count) as infant_deaths_count,
        sum(neonatal_deaths_count) as neonatal_deaths_count,
        case when count(live_births_count) = count(*) then sum(live_births_count) end
            as published_live_births_count
    from recoded
    group by year, unit_code
),

parts as (
    select year, unit_code, unnest(string_split(unit_code, ', ')) as ltla16_code from units
),

coverage as (
    -- units with a code missing from the 2016 code history are left out (build_issues)
    select
        p.year,
        p.unit_code,
        string_agg(x.ltla16_name, ' and ' order by strpos(p.unit_code, p.ltla16_code))
            as unit_name,
        list(distinct x.ltla24_code order by x.ltla24_code) as covers_ltla24_codes
    from parts as p
    left join stg_lookup__lad16_lad24 as x using (ltla16_code)
    group by p.year, p.unit_code
    having count(x.ltla16_code) = count(*)
),

district_parents as (
    select distinct ltla24_code, utla23_code, region_code from stg_geography__lsoa21
),

credited as (
    select
        u.*,
        x.ltla16_code,
        x.ltla21_code,
        x.ltla24_code,
        g.utla23_code,
        g.region_code,
        c.unit_name,
        c.covers_ltla24_codes
    from units as u
    join coverage as c using (year, unit_code)
    join stg_lookup__lad16_lad24 as x on x.ltla16_code = split_part(u.unit_code, ', ', 1)
    join district_parents as g on g.ltla24_code = x.ltla24_code
),

published_totals as (
    -- 2016 counties whose code is still a 2023 county (the same area), and regions
    select year, area_code as total_code, 'utla23' as total_geography,
        live_births_count as total_births_count
    from stg_ons__infant_mortality
    where row_role = 'county'
        and area_code in (select utla23_code from district_parents)
    union all
    select year, area_code, 'region', live_births_count
    from stg_ons__infant_mortality
    where row_role = 'region'
),

membership as (
    select c.year, c.unit_code, c.published_live_births_count, t.*
    from credited as c
    join published_totals as t
        on t.year = c.year
        and t.total_code = case t.total_geography
            when 'utla23' then c.utla23_code else c.region_code end
),

total_status as (
    select
        year,
        total_code,
        total_geography,
        any_value(total_births_count) as total_births_count,
        count(*) - count(published_live_births_count) as n_units_without_births,
        sum(published_live_births_count) as published_births_sum
    from membership
    group by year, total_code, total_geography
),

derivations as (
    select
        m.year,
        m.unit_code,
        t.total_code,
        t.total_geography,
        t.total_births_count - coalesce(t.published_births_sum, 0) as derived_births_count,
        row_number() over (
            partition by m.year, m.unit_code
            order by case t.total_geography when 'utla23' then 1 else 2 end
        ) as preference
    from membership as m
    join total_status as t using (year, total_code, total_geography)
    where m.published_live_births_count is null
        and t.n_units_without_births = 1
        and t.total_births_count > coalesce(t.published_births_sum, 0)
),

final as (
    select
        c.year,
        c.unit_code,
        c.unit_name,
        c.ltla16_code,
        c.ltla21_code,
        c.ltla24_code,
        c.covers_ltla24_codes,
        c.infant_deaths_count,
        c.neonatal_deaths_count,
        coalesce(c.published_live_births_count, d.derived_births_count) as live_births_count,
        d.total_code as live_births_derived_from_code,
        d.total_geography as live_births_derived_from_geography
    from credited as c
    left join derivations as d
        on d.year = c.year and d.unit_code = c.unit_code and d.preference = 1
)

select * from final
