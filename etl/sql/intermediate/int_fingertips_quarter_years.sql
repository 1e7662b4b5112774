-- grain: one row per (fingertips_quarters indicator, area, financial year, breakdown): the
-- sample's records of a quarterly indicator, which keeps only the year's start, so a complete
-- year holds four records (one per quarter) sharing one denominator (the year's eligible
-- population). The annual count is the sum of the four quarterly counts. status says whether
-- the year is used ('complete') or why not; build_issues lists every year not used.
-- Records are counted as rows, not as distinct values (two quarters can have the same count);
-- an area listed under two area types (a unitary authority as county and as district) is read
-- from one of them.
with records as (
    select *
    from int_fingertips_matched
    where loader = 'fingertips_quarters'
    qualify dense_rank() over (partition by indicator_id, area_code order by area_type) = 1
),

years as (
    select
        indicator_id,
        area_code,
        period,
        sex,
        age,
        category_type,
        category,
        count(*) as n_records,
        count(event_count) as n_records_with_count,
        count(distinct denominator) as n_denominators,
        count(denominator) as n_records_with_denominator,
        sum(event_count) as event_count,
        max(denominator) as denominator
    from records
    group by all
),

final as (
    select
        *,
        case
            when n_records <> 4 then 'incomplete'
            when n_records_with_count < 4 then 'missing count'
            when n_records_with_denominator < 4 or n_denominators <> 1 then 'denominators differ'
            when event_count > denominator then 'count exceeds denominator'
            else 'complete'
        end as status
    from years
)

select * from final
