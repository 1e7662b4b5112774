-- grain: one row per distinct matched Fingertips record of a `fingertips` entry, with how many
-- different records share its key. Exact duplicates (unitary authorities appear as both county
-- and district) are merged; n_records > 1 means the sample collapsed quarters or pooled periods
-- into one year.
with records as (
    select distinct
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
        denominator
    from int_fingertips_matched
    where loader = 'fingertips'
),

final as (
    select
        *,
        count(*) over (
            partition by indicator_id, area_code, period, sex, age, category_type, category
        ) as n_records
    from records
)

select * from final
