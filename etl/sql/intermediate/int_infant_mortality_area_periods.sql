-- grain: one row per (area, three-year period) at every geography above LSOA: ONS infant and
-- neonatal deaths and live births summed over the period's registration years from the
-- district units of int_infant_mortality_units, with a note, or the reason the area-period is
-- left out (`left_out_reason`, listed in build_issues). Periods: every three consecutive years
-- with live births (2010-2012 .. 2014-2016; the file has no births for 2017). Rules:
--   * an area is the 2024 districts it holds: a district itself; a county, region or England
--     its districts; an ICB or sub-ICB only when it is a union of whole districts (the counts of
--     a district split between two cannot be divided exactly, so the others are left out);
--   * every district of the area must be covered in every year by a unit credited to a district
--     of the area (not so for the Isles of Scilly, published with Cornwall, nor the City of
--     London before 2014, published with Hackney);
--   * a unit may also cover a district outside the area when it does so in all three years:
--     Cornwall includes the Isles of Scilly, and the note says so;
--   * derived live births are used only in areas holding the whole published total they were
--     derived from (King's Lynn and West Norfolk's in Norfolk, the East and England), never on
--     their own.
with units as (
    select * from int_infant_mortality_units
),

birth_years as (
    select year from stg_ons__infant_mortality
    where row_role = 'england' and live_births_count is not null
),

periods as (
    select
        year - 2 as first_year,
        year as last_year,
        (year - 2) || '-' || year as period
    from birth_years
    where year - 1 in (select year from birth_years) and year - 2 in (select year from birth_years)
),

district_members as (
    select area_code, geography, area_code as ltla24_code, 1.0 as weight
    from areas
    where geography = 'ltla24'
    union all
    select parent_code, parent_geography, child_code, weight
    from area_lookup
    where child_geography = 'ltla24'
        -- a unitary authority is a district and an upper-tier area under one code: once
        and parent_code not in (select area_code from areas where geography = 'ltla24')
),

area_shapes as (
    select
        area_code,
        geography,
        count(*) as n_districts,
        min(weight) > 1 - 1e-9 as is_whole_districts
    from district_members
    group by area_code, geography
),

area_units as (
    select m.area_code, m.geography, p.period, u.*
    from district_members as m
    join units as u on u.ltla24_code = m.ltla24_code
    join periods as p on u.year between p.first_year and p.last_year
),

covered_districts as (
    select
        a.area_code,
        a.geography,
        a.period,
        a.year,
        unnest(a.covers_ltla24_codes) as covered_code
    from area_units as a
),

outside as (
    -- districts outside the area that its units also cover (the Isles of Scilly for Cornwall)
    select
        c.area_code,
        c.geography,
        c.period,
        count(distinct c.covered_code) as n_outside,
        count(distinct (c.covered_code, c.year)) as n_outside_years,
        string_agg(distinct o.area_name, ', ') as outside_names
    from covered_districts as c
    join areas as o on o.area_code = c.covered_code and o.geography = 'ltla24'
    where not exists (
        select 1 from district_members as m
        where m.area_code = c.area_code and m.geography = c.geography
            and m.ltla24_code = c.covered_code
    )
    group by c.area_code, c.geography, c.period
),

member_years as (
    select m.area_code, m.geography, m.ltla24_code, p.period, y.year
    from district_members as m
    cross join periods as p
    join birth_years as y on y.year between p.first_year and p.last_year
),

uncovered as (
    -- district-years of the area covered by no unit credited to the area, with the unit of
    -- the file that holds them (the Isles of Scilly: Cornwall and Isles of Scilly)
    select
        my.area_code,
        my.geography,
        my.period,
        string_agg(distinct d.area_name, ', ') as uncovered_names,
        string_agg(distinct u.unit_name, ', ') as holding_units
    from member_years as my
    join areas as d on d.area_code = my.ltla24_code and d.geography = 'ltla24'
    left join units as u
        on u.year = my.year and list_contains(u.covers_ltla24_codes, my.ltla24_code)
    where not exists (
        select 1 from covered_districts as c
        where c.area_code = my.area_code and c.geography = my.geography
            and c.year = my.year and c.covered_code = my.ltla24_code
    )
    group by my.area_code, my.geography, my.period
),

derived as (
    select
        a.area_code,
        a.geography,
        a.period,
        a.unit_name,
        t.area_name as total_name,
        string_agg(cast(a.year as varchar), ', ' order by a.year) as years,
        bool_and(
            (a.live_births_derived_from_code = a.area_code
                and a.live_births_derived_from_geography = a.geography)
            or exists (
                select 1 from area_lookup as l
                where l.child_code = a.live_births_derived_from_code
                    and l.child_geography = a.live_births_derived_from_geography
                    and l.parent_code = a.area_code and l.parent_geography = a.geography
                    and l.weight > 1 - 1e-9
            )
        ) as holds_total
    from area_units as a
    join areas as t
        on t.area_code = a.live_births_derived_from_code
        and t.geography = a.live_births_derived_from_geography
    where a.live_births_derived_from_code is not null
    group by a.area_code, a.geography, a.period, a.unit_name, t.area_name
),

derived_by_area as (
    select
        area_code,
        geography,
        period,
        bool_and(holds_total) as holds_every_total,
        string_agg(unit_name || ' in ' || years || ' (' || total_name || '''s published'
            || ' births minus its other districts'')', '; ' order by unit_name) as derivations,
        string_agg(unit_name || ' (derived as ' || total_name || '''s published births minus'
            || ' its other districts'')', '; ' order by unit_name)
            filter (where not holds_total) as derivations_not_held
    from derived
    group by area_code, geography, period
),

sums as (
    select
        area_code,
        geography,
        period,
        sum(infant_deaths_count) as infant_deaths_count,
        sum(neonatal_deaths_count) as neonatal_deaths_count,
        case when count(live_births_count) = count(*) then sum(live_births_count) end
            as live_births_count,
        string_agg(distinct unit_name, ', ') filter (where live_births_count is null)
            as units_without_births,
        count(distinct ltla16_code) as n_units
    from area_units
    group by area_code, geography, period
),

joined as (
    select
        a.area_code,
        a.geography,
        p.period,
        s.infant_deaths_count,
        s.neonatal_deaths_count,
        s.live_births_count,
        s.units_without_births,
        coalesce(s.n_units, 0) as n_units,
        a.n_districts,
        a.is_whole_districts,
        coalesce(o.n_outside, 0) as n_outside,
        coalesce(o.n_outside_years, 0) as n_outside_years,
        o.outside_names,
        u.uncovered_names,
        u.holding_units,
        d.holds_every_total,
        d.derivations,
        d.derivations_not_held
    from area_shapes as a
    cross join periods as p
    left join sums as s using (area_code, geography, period)
    left join outside as o using (area_code, geography, period)
    left join uncovered as u using (area_code, geography, period)
    left join derived_by_area as d using (area_code, geography, period)
),

final as (
    select
        area_code,
        geography,
        period,
        infant_deaths_count,
        neonatal_deaths_count,
        live_births_count,
        case
            when not is_whole_districts
                then 'Not a union of whole 2024 districts (a district is split with a'
                    || ' neighbouring ' || case geography when 'icb23' then 'ICB'
                        else 'sub-ICB location' end
                    || '): no exact count'
            when uncovered_names is not null
                then 'No figures of its own for ' || uncovered_names || ': ONS publishes them'
                    || ' within ' || coalesce(holding_units, 'no row of the file')
            when live_births_count is null
                then 'No live births in the file for ' || units_without_births
            when not holds_every_total
                then 'Live births missing from the ONS file for ' || derivations_not_held
                    || ': derived births are used only in totals holding that whole area'
            when n_outside > 0 and n_outside_years < 3 * n_outside
                then 'ONS combines it with ' || outside_names || ' in part of the period only'
        end as left_out_reason,
        concat_ws('; ',
            'ONS deaths registered in ' || replace(period, '-', ' to ')
                || ' over live births in the same years',
            case
                when geography = 'ltla24' and n_units > 1
                    then 'summed from the ' || n_units || ' districts (2016) merged into it'
                when geography <> 'ltla24'
                    then 'summed from ' || n_districts || ' district'
                        || case when n_districts > 1 then 's' else '' end || ' (2024)'
            end,
            case when n_outside > 0
                then 'includes ' || outside_names || ', which ONS publishes together with it'
            end,
            case when derivations is not null
                then 'live births include derived figures, missing from the ONS file, for '
                    || derivations
            end
        ) as note
    from joined
)

select * from final
