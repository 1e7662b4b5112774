-- grain: one row per Fingertips record in the North West sample (not unique: the sample keeps
-- only the start year, so quarters and pooled periods can collide; see int_values_fingertips)
with source as (
    select * from src_fingertips_nw
),

final as (
    select
        "IndicatorId" as fingertips_id,
        "AreaCode" as area_code,
        "AreaType" as area_type,
        case
            when "PeriodType" in ('Financial', 'Academic')
                then "Year" || '/' || right(cast("Year" + 1 as varchar), 2)
            else cast("Year" as varchar)
        end as period,
        "Frequency" as frequency,
        "Sex" as sex,
        "Age" as age,
        coalesce(trim("CategoryType", '"'), '') as category_type,
        coalesce("Category", '') as category,
        "Value" as value,
        "LowerCI" as lower_95,
        "UpperCI" as upper_95,
        "Count" as event_count,
        "Denominator" as denominator
    from source
    where "Value" is not null or "Count" is not null
)

select * from final
