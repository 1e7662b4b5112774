-- grain: one row per acute stroke unit (England and Wales): its SSNAP activity from three
-- sources, each as published for the team the unit joins (int_ssnap_team_units).
--   thrombolysis 2021/22 (SAMueL unit list): thrombolysed / admissions x 100
--   thrombectomy 2023/24 (SSNAP report, by first admitting team): n / d x 100, where n counts
--     patients transferred on for thrombectomy. A thrombectomy centre treats its own patients
--     in house and they are not in n, so for residents nearest a centre
--     (serving_thrombectomy_rate_2023_24_pct) the figure is not used: NULL.
--   mean length of stay 2023 (SSNAP, days)
-- Internal (raw SSNAP counts). is_*_disclosive: a count behind the rate, or its complement
-- (admissions not treated), is 1-4 (is_small_count, etl.build): stroke_units publishes
-- neither those counts nor the rate, and lsoa_measures shows no rate for residents nearest.
with units as (
    select * from stg_ssnap__stroke_units
),

thrombectomy as (
    select
        teams.unit_code,
        ssnap.admissions_2023_24_count,
        ssnap.thrombectomy_2023_24_count
    from int_ssnap_team_units as teams
    join stg_ssnap__thrombectomy_first_team as ssnap using (team_name)
    where teams.source = 'ssnap_thrombectomy_first_team' and teams.unit_code is not null
),

length_of_stay as (
    select teams.unit_code, los.mean_length_of_stay_2023_days
    from int_ssnap_team_units as teams
    join stg_ssnap__length_of_stay_2023 as los using (team_name)
    where teams.source = 'ssnap_length_of_stay' and teams.unit_code is not null
),

final as (
    select
        units.unit_code,
        units.is_ivt_unit,
        units.is_mt_centre,
        100.0 * units.thrombolysis_2021_22_count / nullif(units.admissions_2021_22_count, 0)
            as thrombolysis_rate_2021_22_pct,
        thrombectomy.admissions_2023_24_count as ssnap_admissions_2023_24_count,
        thrombectomy.thrombectomy_2023_24_count,
        100.0 * thrombectomy.thrombectomy_2023_24_count
            / nullif(thrombectomy.admissions_2023_24_count, 0) as thrombectomy_rate_2023_24_pct,
        case when not units.is_mt_centre
            then 100.0 * thrombectomy.thrombectomy_2023_24_count
                / nullif(thrombectomy.admissions_2023_24_count, 0)
        end as serving_thrombectomy_rate_2023_24_pct,
        length_of_stay.mean_length_of_stay_2023_days,
        coalesce(is_small_count(units.thrombolysis_2021_22_count)
            or is_small_count(units.admissions_2021_22_count)
            or is_small_count(units.admissions_2021_22_count - units.thrombolysis_2021_22_count),
            false) as is_thrombolysis_2021_22_disclosive,
        coalesce(is_small_count(thrombectomy.thrombectomy_2023_24_count)
            or is_small_count(thrombectomy.admissions_2023_24_count)
            or is_small_count(
                thrombectomy.admissions_2023_24_count - thrombectomy.thrombectomy_2023_24_count),
            false) as is_thrombectomy_2023_24_disclosive
    from units
    left join thrombectomy using (unit_code)
    left join length_of_stay using (unit_code)
)

select * from final
