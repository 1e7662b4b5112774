-- grain: one row per 2021 LSOA; modelled road minutes to the nearest thrombolysis (IVT) unit,
-- thrombectomy (MT) centre and any acute stroke unit. A 2021 LSOA formed by merging 2011 LSOAs
-- takes the mean of their times; a split LSOA inherits its parent's times. Where two units are
-- equally near (about 1,200 LSOAs tie for the nearest IVT unit), the unit with the smaller code
-- is taken, so the nearest unit does not change from one build to the next.
with named as (
    select
        travel.*,
        lookup.lsoa11_code
    from stg_ssnap__travel_minutes as travel
    join (select distinct lsoa11_code, lsoa11_name from stg_lookup__lsoa11_lsoa21) as lookup
        using (lsoa11_name)
),

per_lsoa21 as (
    select
        lookup.lsoa21_code,
        named.unit_code,
        avg(named.travel_minutes) as travel_minutes
    from named
    join stg_lookup__lsoa11_lsoa21 as lookup using (lsoa11_code)
    group by all
),

final as (
    select
        per_lsoa21.lsoa21_code,
        min(travel_minutes) filter (where units.is_ivt_unit) as ivt_minutes,
        arg_min(per_lsoa21.unit_code, (travel_minutes, per_lsoa21.unit_code))
            filter (where units.is_ivt_unit) as nearest_ivt_unit_code,
        min(travel_minutes) filter (where units.is_mt_centre) as mt_minutes,
        arg_min(per_lsoa21.unit_code, (travel_minutes, per_lsoa21.unit_code))
            filter (where units.is_mt_centre) as nearest_mt_unit_code,
        min(travel_minutes) as nearest_unit_minutes,
        arg_min(per_lsoa21.unit_code, (travel_minutes, per_lsoa21.unit_code))
            as nearest_unit_code
    from per_lsoa21
    join stg_ssnap__stroke_units as units using (unit_code)
    group by per_lsoa21.lsoa21_code
)

select * from final
