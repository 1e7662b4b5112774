-- grain: one row per first-admitting stroke team in the SSNAP thrombectomy report 2023/24
-- ('Thrombectomy transfers' sheet), plus the National row (is_national). thrombectomy count (n) =
-- patients first admitted by the team who had mechanical thrombectomy after transfer to a
-- thrombectomy centre (the national n, 2,201, equals the report's national count of transferred
-- thrombectomies); admissions (d) = all stroke admissions first admitted by the team. Teams are
-- named, not coded (joined to stroke units in int_ssnap_team_units).
with source as (
    select * from src_ssnap_thrombectomy_first_team
),

final as (
    select
        trim(team) as team_name,
        any_value(trim(region_or_network)) as region_or_network,
        any_value(trim(trust)) as trust_name,
        trim(team) = 'National' and any_value(region_or_network) is null as is_national,
        max(value) filter (where data_type = 'n') as thrombectomy_2023_24_count,
        max(value) filter (where data_type = 'd') as admissions_2023_24_count,
        max(value) filter (where data_type = '%') as published_thrombectomy_rate_pct
    from source
    group by trim(team)
)

select * from final
