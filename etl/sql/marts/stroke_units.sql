-- grain: one row per acute stroke unit (England and Wales), with the English population for
-- which it is the nearest unit by modelled road time, and its SSNAP activity (2023/24 admissions
-- and thrombectomy transfers as first admitting team, 2023 mean length of stay) where the unit
-- joins an SSNAP team (int_ssnap_team_units). Disclosure control: a count of 1-4 patients, or
-- 1-4 admitted but not treated, is not published; that count and the rate built on it are NULL
-- and is_*_suppressed says why (int_stroke_unit_activity.is_*_disclosive). Zero is published.
with served as (
    select
        nearest_unit_code as unit_code,
        count(*) as nearest_for_lsoas_count,
        sum(population_count) as nearest_for_population_count
    from int_lsoa_measures
    where nearest_unit_code is not null
    group by nearest_unit_code
),

served_ivt as (
    select nearest_ivt_unit_code as unit_code, sum(population_count) as nearest_ivt_for_population_count
    from int_lsoa_measures where nearest_ivt_unit_code is not null group by 1
),

final as (
    select
        units.* exclude (ssnap_name) replace (
            case when not is_small_count(units.admissions_2021_22_count)
                then units.admissions_2021_22_count end as admissions_2021_22_count,
            case when not activity.is_thrombolysis_2021_22_disclosive
                then units.thrombolysis_2021_22_count end as thrombolysis_2021_22_count,
            case when not activity.is_thrombolysis_2021_22_disclosive
                then units.thrombolysis_rate_pct end as thrombolysis_rate_pct
        ),
        coalesce(served.nearest_for_lsoas_count, 0) as nearest_for_lsoas_count,
        coalesce(served.nearest_for_population_count, 0) as nearest_for_population_count,
        coalesce(served_ivt.nearest_ivt_for_population_count, 0) as nearest_ivt_for_population_count,
        units.unit_code in (select distinct unit_code from stg_ssnap__travel_minutes)
            as has_travel_times,
        case when not is_small_count(activity.ssnap_admissions_2023_24_count)
            then activity.ssnap_admissions_2023_24_count end as ssnap_admissions_2023_24_count,
        case when not activity.is_thrombectomy_2023_24_disclosive
            then activity.thrombectomy_2023_24_count end as thrombectomy_2023_24_count,
        case when not activity.is_thrombectomy_2023_24_disclosive
            then activity.thrombectomy_rate_2023_24_pct end as thrombectomy_rate_2023_24_pct,
        activity.mean_length_of_stay_2023_days,
        coalesce(activity.is_thrombolysis_2021_22_disclosive, false)
            as is_thrombolysis_2021_22_suppressed,
        coalesce(activity.is_thrombectomy_2023_24_disclosive, false)
            as is_thrombectomy_2023_24_suppressed
    from stg_ssnap__stroke_units as units
    left join served using (unit_code)
    left join served_ivt using (unit_code)
    left join int_stroke_unit_activity as activity using (unit_code)
)

select * from final
