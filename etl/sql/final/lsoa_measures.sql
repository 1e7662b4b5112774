-- grain: one row per 2021 LSOA in England: the published small-area measures (the columns of
-- int_lsoa_measures). stroke_admissions_2017_2019_count is the LSOA's count as indicator_values
-- publishes it (stroke_admissions_rate): NULL below the indicator's min_count and where
-- secondary suppression hides it so that no suppressed LSOA is an area's count minus the
-- others; is_stroke_admissions_2017_2019_suppressed says which. The unit rates are NULL where
-- they rest on 1-4 patients (int_lsoa_measures).
with stroke as (
    select area_code as lsoa21_code, "count", is_suppressed
    from indicator_values
    where indicator_id = 'stroke_admissions_rate' and category_type = ''
        and area_code in (select lsoa21_code from int_lsoa_measures)
),

final as (
    select
        measures.* replace (
            case when not coalesce(stroke.is_suppressed, false) then stroke."count" end
                as stroke_admissions_2017_2019_count
        ),
        coalesce(stroke.is_suppressed, false) as is_stroke_admissions_2017_2019_suppressed
    from int_lsoa_measures as measures
    left join stroke using (lsoa21_code)
    order by measures.lsoa21_code
)

select * from final
