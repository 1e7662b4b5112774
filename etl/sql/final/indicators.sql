-- grain: one row per catalogue indicator, with the geographies and periods that hold values
with coverage as (
    select
        v.indicator_id,
        list(distinct a.geography order by a.geography) as geographies,
        list(distinct v.period order by v.period) as periods
    from indicator_values as v
    join areas as a using (area_code)
    where v.value is not null or v.is_suppressed
    group by v.indicator_id
),

-- per geography, the periods whose area totals hold at least one published (unsuppressed)
-- value: the atlas opens an indicator on a geography and period that has something to map
geography_period as (
    select
        v.indicator_id,
        a.geography,
        list(distinct v.period order by v.period) as periods
    from indicator_values as v
    join areas as a using (area_code)
    where v.value is not null and not coalesce(v.is_suppressed, false) and v.category_type = ''
    group by v.indicator_id, a.geography
),

by_geography as (
    select
        indicator_id,
        list({'geography': geography, 'periods': periods} order by geography) as geography_periods
    from geography_period
    group by indicator_id
),

final as (
    select
        c.indicator_id,
        c.name,
        c.domain,
        c.unit,
        c.multiplier,
        c.polarity,
        c.value_type,
        c.source,
        c.licence,
        c.min_count,
        c.description,
        c.role,
        coalesce(coverage.geographies, []) as geographies,
        coalesce(coverage.periods, []) as periods,
        coalesce(by_geography.geography_periods, []) as geography_periods,
        c.standard,
        c.standard_source,
        c.plausible_min,
        c.plausible_max,
        c.peer_z,
        c.change_z,
        c.counts_give_value
    from catalogue as c
    left join coverage using (indicator_id)
    left join by_geography using (indicator_id)
)

select * from final
