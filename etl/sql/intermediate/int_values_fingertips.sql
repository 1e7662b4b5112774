-- grain: one row per (fingertips indicator, area, period, breakdown) for areas on current codes.
-- Records that collide on the key (the sample collapses quarters and pooled periods into one
-- year) are left out and reported in build_issues, never guessed between.
with final as (
    select
        indicator_id,
        area_code,
        period,
        sex,
        age,
        category_type,
        category,
        value,
        lower_95,
        upper_95,
        event_count,
        denominator,
        'Published by OHID Fingertips' as note
    from int_fingertips_records
    where n_records = 1 and area_code in (select area_code from areas)
)

select * from final
