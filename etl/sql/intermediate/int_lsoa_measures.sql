-- grain: one row per 2021 LSOA in England: the small-area measures every other view builds on.
-- Internal (a temporary table, never in the warehouse): it holds every LSOA's stroke admission
-- count, 1-4 included. The published table is lsoa_measures (etl/sql/final), which carries the
-- count as indicator_values publishes it, after primary and secondary suppression.
-- nearest_ivt_unit_*_rate_pct: the SSNAP activity of the LSOA's nearest IVT unit by road time
-- (int_stroke_unit_activity): its 2021/22 thrombolysis rate, and its 2023/24 rate of transfer
-- for thrombectomy as first admitting team (NULL when the unit has no SSNAP row or is itself a
-- thrombectomy centre, whose own patients are not counted there; NULL too when the rate rests
-- on a count of 1-4 patients, int_stroke_unit_activity.is_*_disclosive)
with final as (
    select
        geo.lsoa21_code,
        geo.lsoa21_name,
        geo.ltla24_code,
        geo.utla23_code,
        geo.region_code,
        geo.sicbl23_code,
        geo.icb23_code,
        pop.population_count,
        pop.population_65_plus_count,
        imd.imd_score,
        imd.imd_rank,
        imd.imd_decile,
        stroke.stroke_admissions_2017_2019_count,
        travel.ivt_minutes,
        travel.nearest_ivt_unit_code,
        case when not ivt_unit.is_thrombolysis_2021_22_disclosive
            then ivt_unit.thrombolysis_rate_2021_22_pct
        end as nearest_ivt_unit_thrombolysis_rate_pct,
        case when not ivt_unit.is_thrombectomy_2023_24_disclosive
            then ivt_unit.serving_thrombectomy_rate_2023_24_pct
        end as nearest_ivt_unit_thrombectomy_rate_pct,
        travel.mt_minutes,
        travel.nearest_mt_unit_code,
        travel.nearest_unit_minutes,
        travel.nearest_unit_code,
        gp.nearest_practice_code,
        gp.gp_distance_km
    from stg_geography__lsoa21 as geo
    left join stg_census21__lsoa_population as pop using (lsoa21_code)
    left join stg_imd2025__lsoa21 as imd using (lsoa21_code)
    left join int_lsoa21_stroke_admissions as stroke using (lsoa21_code)
    left join int_lsoa21_travel_minutes as travel using (lsoa21_code)
    left join int_stroke_unit_activity as ivt_unit
        on ivt_unit.unit_code = travel.nearest_ivt_unit_code
    left join geo_lsoa21_nearest_gp as gp using (lsoa21_code)
)

select * from final
