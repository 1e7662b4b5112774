-- grain: one row per (SSNAP team-level file, team): the stroke unit each named SSNAP team joins.
-- A team listed in seed_ssnap_team_aliases joins the unit the seed names (and only that one);
-- any other team joins the unit whose SSNAP name is the same, compared case-insensitively after
-- trimming, provided exactly one unit carries that name. unit_code is NULL when nothing joins
-- (build_issues lists every such team).
with teams as (
    select
        'ssnap_thrombectomy_first_team' as source,
        team_name,
        coalesce(region_or_network, '') as team_group
    from stg_ssnap__thrombectomy_first_team
    where not is_national
    union all
    select 'ssnap_length_of_stay', team_name, team_type
    from stg_ssnap__length_of_stay_2023
),

aliases as (
    -- unit_code is NULL when the seed names a unit that is not in the list: no join, reported
    select lower(trim(seed.ssnap_team_name)) as team_key, units.unit_code
    from seed_ssnap_team_aliases as seed
    left join stg_ssnap__stroke_units as units on units.unit_code = trim(seed.unit_code)
),

unit_names as (
    select lower(ssnap_name) as team_key, any_value(unit_code) as unit_code
    from stg_ssnap__stroke_units
    where ssnap_name is not null
    group by lower(ssnap_name)
    having count(*) = 1
),

final as (
    select
        teams.source,
        teams.team_name,
        teams.team_group,
        coalesce(aliases.unit_code, unit_names.unit_code) as unit_code,
        case
            when aliases.unit_code is not null then 'alias'
            when unit_names.unit_code is not null then 'name'
        end as match_method
    from teams
    left join aliases on aliases.team_key = lower(teams.team_name)
    left join unit_names
        on unit_names.team_key = lower(teams.team_name) and aliases.team_key is null
)

select * from final
