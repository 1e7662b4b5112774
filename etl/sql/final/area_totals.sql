-- grain: one row per (indicator_id, area_code, period): the area's total row of
-- indicator_values (no category breakdown), preferring 'Persons' / 'All ages' where a source
-- publishes several sexes or ages. Every column of indicator_values, unchanged: the row the
-- map, trend, profile and comparisons read (built once here, not per request)
with totals as (
    select *
    from indicator_values
    where category_type = ''
    qualify row_number() over (
        partition by indicator_id, area_code, period
        order by (sex = 'Persons') desc, (age = 'All ages') desc, sex, age
    ) = 1
),

final as (
    select * from totals
    order by indicator_id, area_code, period
)

select * from final
