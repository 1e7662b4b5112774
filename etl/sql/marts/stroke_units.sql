-- grain: one row per acute stroke unit (England and Wales), with the English population for
-- which it is the nearest unit by modelled road time, and its SSNAP activity (2023/24 admissions
-- and thrombectomy transfers as first admitting team, 2023 mean length of stay) where the unit
-- joins an SSNAP team (int_ssnap_team_units). Disclosure control: a count of 1-4 patients, or
-- 1-4 admitted but not treated, is not published; that count and the rate built on it are NULL
-- and is_*_suppressed says why (int_stroke_unit_activity.is_*_disclosive). As the pages show
-- it: any count below 5 (zero too: below_min_count) is NULL with the counts and rates built on
-- it, suppression_note says which counts were below 5, and the thrombolysis and thrombectomy
-- rates where both their counts are shown carry Wilson 95% limits (etl.methods.proportion).
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

published as (
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
),

-- the pages' rule, in order: a count below 5 blanks itself and what is built on it, and is
-- named once (a count already blanked by an earlier rule is not named again)
below as (
    select
        *,
        coalesce(below_min_count(admissions_2021_22_count), false) as low_admissions,
        coalesce(below_min_count(thrombolysis_2021_22_count), false)
            and not coalesce(below_min_count(admissions_2021_22_count), false) as low_ivt,
        coalesce(below_min_count(ssnap_admissions_2023_24_count), false) as low_ssnap,
        coalesce(below_min_count(thrombectomy_2023_24_count), false)
            and not coalesce(below_min_count(ssnap_admissions_2023_24_count), false) as low_mt
    from published
),

shown as (
    select
        * exclude (low_admissions, low_ivt, low_ssnap, low_mt) replace (
            case when not low_admissions then admissions_2021_22_count end
                as admissions_2021_22_count,
            case when not (low_admissions or low_ivt) then thrombolysis_2021_22_count end
                as thrombolysis_2021_22_count,
            case when not (low_admissions or low_ivt) then thrombolysis_rate_pct end
                as thrombolysis_rate_pct,
            case when not low_ssnap then ssnap_admissions_2023_24_count end
                as ssnap_admissions_2023_24_count,
            case when not (low_ssnap or low_mt) then thrombectomy_2023_24_count end
                as thrombectomy_2023_24_count,
            case when not (low_ssnap or low_mt) then thrombectomy_rate_2023_24_pct end
                as thrombectomy_rate_2023_24_pct,
            case when not low_ssnap then mean_length_of_stay_2023_days end
                as mean_length_of_stay_2023_days
        ),
        list_filter([
            case when low_admissions then 'admissions 2021/22 below 5' end,
            case when low_ivt then 'thrombolysed 2021/22 below 5' end,
            case when low_ssnap then 'admissions 2023/24 below 5' end,
            case when low_mt then 'transferred for thrombectomy 2023/24 below 5' end
        ], lambda x: x is not null) as rule_notes,
        list_filter([
            -- the warehouse's own flags, after the rules' notes when not said already
            case when is_thrombolysis_2021_22_suppressed and not low_ivt
                then 'thrombolysed 2021/22 below 5' end,
            case when is_thrombectomy_2023_24_suppressed and not low_mt
                then 'transferred for thrombectomy 2023/24 below 5' end
        ], lambda x: x is not null) as flag_notes
    from below
),

final as (
    select
        * exclude (rule_notes, flag_notes),
        case when thrombolysis_2021_22_count <= admissions_2021_22_count
            then 100 * wilson_lower(thrombolysis_2021_22_count, admissions_2021_22_count)
        end as thrombolysis_rate_lower_95,
        case when thrombolysis_2021_22_count <= admissions_2021_22_count
            then 100 * wilson_upper(thrombolysis_2021_22_count, admissions_2021_22_count)
        end as thrombolysis_rate_upper_95,
        case when thrombectomy_2023_24_count <= ssnap_admissions_2023_24_count
            then 100 * wilson_lower(thrombectomy_2023_24_count, ssnap_admissions_2023_24_count)
        end as thrombectomy_rate_2023_24_lower_95,
        case when thrombectomy_2023_24_count <= ssnap_admissions_2023_24_count
            then 100 * wilson_upper(thrombectomy_2023_24_count, ssnap_admissions_2023_24_count)
        end as thrombectomy_rate_2023_24_upper_95,
        case when len(rule_notes || flag_notes) > 0
            then 'Suppressed: ' || array_to_string(rule_notes || flag_notes, '; ')
            else '' end as suppression_note
    from shown
)

select * from final
