-- grain: one row per English row of the ONS infant deaths table (registration year x area as
-- published, 2010-2017), with its role in the build. England's rows are those from the ENGLAND
-- row to the row before WALES of each year. Counts: ONS prints '-' for none, which the file
-- leaves blank, so a blank count is zero (with that reading the districts add up to every
-- published region and England in every year). Live births: none for 2017.
-- Known errors of the file are handled here, each with an `issue` listed in build_issues:
--   * the West Midlands met county row carries its region's code (E12000005) and the region's
--     live births: told apart by its name (region rows are upper case) and left out;
--   * 2010 lists the pre-2009 districts beside the 2009 unitary authorities that replaced them:
--     uncoded ones are left out, and two matched a unitary authority's code by name ("Durham"
--     with County Durham's births, "Bedford" repeating "Bedford UA"): the first row of a code in
--     a year is kept and later ones are left out as duplicates;
--   * ONS's "Hackney and City of London" row (2010-2012) has no code: it is coded here as the
--     combined area 'E09000012, E09000001', as the file codes Cornwall and the Isles of Scilly.
-- Counties, met counties and Inner/Outer London are not used (counts are summed from districts).
with source as (
    select * from src_ons_infant_mortality
),

sections as (
    select
        year,
        min(row_order) filter (where area_code_matched_by_name = 'E92000001') as england_row,
        min(row_order) filter (where area_code_matched_by_name like 'W%') as wales_row
    from source
    group by year
),

english as (
    select
        source.year,
        source.row_order,
        source.area_name,
        case
            when source.area_code_matched_by_name is null
                and source.area_name = 'Hackney and City of London'
                then 'E09000012, E09000001'
            else source.area_code_matched_by_name
        end as area_code,
        source.infant_deaths_under1,
        source.neonatal_deaths_under28d,
        source.live_births
    from source
    join sections using (year)
    where source.row_order >= sections.england_row and source.row_order < sections.wales_row
),

ranked as (
    select
        *,
        row_number() over (partition by year, area_code order by row_order) as nth_of_code,
        first_value(area_name) over (partition by year, area_code order by row_order)
            as first_name_of_code
    from english
),

final as (
    select
        year,
        row_order,
        area_name,
        area_code,
        case
            when area_code = 'E92000001' then 'england'
            when area_code like 'E12%' and area_name = upper(area_name) then 'region'
            when regexp_full_match(area_code, 'E0[6-9]\d{6}(, E0[6-9]\d{6})?')
                and nth_of_code = 1 then 'district'
            when regexp_full_match(area_code, 'E1[013]\d{6}') then 'county'
            else 'left out'
        end as row_role,
        coalesce(infant_deaths_under1, 0) as infant_deaths_count,
        coalesce(neonatal_deaths_under28d, 0) as neonatal_deaths_count,
        live_births as live_births_count,
        case
            when area_code like 'E12%' and area_name <> upper(area_name)
                then 'Met county row carries its region''s code and the region''s live births:'
                    || ' left out (met counties are not used; the region''s own row is)'
            when area_code is null and year = 2010
                then 'Pre-2009 district listed in 2010 beside the 2009 unitary authority that'
                    || ' replaced it, without a code: left out (the unitary authority''s row'
                    || ' covers it)'
            when area_code is null then 'Row without a code: left out'
            when nth_of_code > 1
                then '"' || area_name || '" (' || year || ') carries the code of "'
                    || first_name_of_code || '", listed before it: left out as a duplicate'
                    || ' (a pre-2009 district matched by name)'
            when not regexp_full_match(area_code, 'E(0[6-9]|1[0-3]|92)\d{6}(, E0[6-9]\d{6})?')
                then 'Code of no English district, county, region or England: left out'
        end as issue
    from ranked
)

select * from final
