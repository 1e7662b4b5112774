-- grain: one row per (current area: ltla24, utla23, region or England; calendar year) that the
-- APS table can give, with its published estimate and 95% CI, or a reason it is left out. APS
-- estimates come without counts or sample sizes, so areas cannot be summed: an area has a value
-- only where ONS published one for the same territory.
--   * codes published as they are (2019 mergers back-cast by ONS; Buckinghamshire E06000060
--     from 2021, North/West Northamptonshire from 2022);
--   * 2023 counties published on their old county codes, same boundaries: North Yorkshire
--     E10000023 -> E06000065 and Somerset E10000027 -> E06000066 (every year), Buckinghamshire
--     E10000002 -> E06000060 (2012-2020);
--   * no equivalent: Cumberland and Westmorland and Furness (old Cumbria is both), North and West
--     Northamptonshire before 2022 (old Northamptonshire is both);
--   * ONS's suppressed cells ('x') and the estimates of 0% with a 0-0 interval (a sample with no
--     smokers: Ribble Valley 2022 and 2023, City of London 2023) are left out, never shown as 0.
with aps as (
    select * from stg_ons__aps_smoking
),

recoded as (
    select 'E10000023' as published_code, 'E06000065' as area_code, 2012 as first_year,
        2023 as last_year
    union all select 'E10000027', 'E06000066', 2012, 2023
    union all select 'E10000002', 'E06000060', 2012, 2020
),

current_areas as (
    select distinct area_code from areas where geography in ('ltla24', 'utla23', 'region',
        'england')
),

candidates as (
    select
        coalesce(r.area_code, aps.area_code) as area_code,
        aps.area_code as published_code,
        aps.area_name as published_name,
        aps.year,
        aps.smoking_pct,
        aps.lower_95,
        aps.upper_95,
        aps.is_suppressed_by_ons,
        r.area_code is not null as is_recoded
    from aps
    left join recoded as r
        on r.published_code = aps.area_code and aps.year between r.first_year and r.last_year
),

-- the new code's own row is 'x' where the old county stands in for it: keep the county's
without_shadowed as (
    select c.*
    from candidates as c
    where not (
        not c.is_recoded and c.is_suppressed_by_ons and exists (
            select 1 from candidates as o
            where o.is_recoded and o.area_code = c.area_code and o.year = c.year
        )
    )
),

final as (
    select
        w.*,
        w.area_code in (select area_code from current_areas) as is_current,
        case
            when w.area_code not in (select area_code from current_areas)
                then 'not a 2024 area'
            when w.area_code in ('E06000061', 'E06000062') and w.year < 2022
                then 'no estimate: ONS published Northamptonshire as one county until 2021'
            when w.is_suppressed_by_ons then 'suppressed by ONS (x)'
            when w.smoking_pct = 0 and w.upper_95 = 0
                then 'published as 0% with a 0-0 interval (no smokers in the sample)'
        end as left_out_reason
    from without_shadowed as w
)

select * from final
