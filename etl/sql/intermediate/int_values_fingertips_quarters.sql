-- grain: one row per (fingertips_quarters indicator, area, financial year, breakdown) for areas
-- on current codes and complete years only (int_fingertips_quarter_years): annual count = sum
-- of the four quarterly counts, denominator = the year's single denominator. Value and Wilson
-- limits are computed in the statistics step.
with final as (
    select
        indicator_id,
        area_code,
        period,
        sex,
        age,
        category_type,
        category,
        cast(null as double) as value,
        cast(null as double) as lower_95,
        cast(null as double) as upper_95,
        event_count,
        denominator,
        'Annual: sum of the four quarterly counts published by OHID Fingertips over the year''s'
            || ' eligible population' as note
    from int_fingertips_quarter_years
    where status = 'complete' and area_code in (select area_code from areas)
)

select * from final
