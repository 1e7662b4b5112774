-- grain: one row per (health_index indicator, area, year). Values are published for 2021
-- districts only; districts merged in 2023 and every other geography take a weighted mean of
-- district values, by the entry's `weight`:
--   * 'population': districts merged in 2023 weighted by their mid-2020 populations (only when
--     every constituent district has a value); every other geography the
--     Census-2021-population-weighted mean of its LSOAs' district values;
--   * 'live_births' (a rate per live births: infant mortality): 2021 districts weighted by the
--     ONS live births of the three years the Health Index pools for year Y (Y-2 to Y) where
--     int_infant_mortality_units has births for all of them (2015, 2016), else by the mid-2020
--     population aged 0 (a proxy for a year's births); the weights of the City of London and
--     the Isles of Scilly count towards Hackney and Cornwall, whose Health Index values cover
--     them. Higher geographies weight their 2024 districts' values by those weights (times the
--     district's population share where a district is split between ICBs or sub-ICBs).
-- Quality gates: a 2021 district value flagged by `etl.quality` (int_quality_flags_lad21,
-- written by the build before the marts) keeps its row, value, quality_flag and
-- quality_reason, and is left out of every mean built from districts; those means name it
-- in their note.
with entries as (
    select indicator_id, source_key, weight as weighting
    from indicator_sources
    where loader = 'health_index'
),

all_values_lad21 as (
    select entries.indicator_id, entries.weighting, hi.ltla21_code, hi.period, hi.value,
        q.quality_flag, q.quality_reason
    from stg_ons__health_index_lad21 as hi
    join entries on entries.source_key = hi.health_index_name
    left join int_quality_flags_lad21 as q
        on q.indicator_id = entries.indicator_id
        and q.ltla21_code = hi.ltla21_code
        and q.period = hi.period
),

values_lad21 as (
    -- the values every mean is built from: flagged values left out
    select * from all_values_lad21 where quality_flag is null
),

lad21_per_lad24 as (
    select ltla24_code, count(*) as n_lad21 from stg_lookup__lad21_lad24 group by ltla24_code
),

flagged_lad24 as (
    -- 2024 districts holding a flagged 2021 district value: a district unchanged since 2021
    -- keeps its published value with the flag; a district merged in 2023 has no value
    select
        v.indicator_id,
        x.ltla24_code as area_code,
        v.period,
        case when c.n_lad21 = 1 then any_value(v.value) end as value,
        any_value(v.quality_flag) as quality_flag,
        case when c.n_lad21 = 1 then any_value(v.quality_reason)
            else string_agg(v.ltla21_code || ' (a 2021 district merged into this one in 2023): '
                || v.quality_reason, '; ' order by v.ltla21_code)
                || '; so the merged district has no value' end as quality_reason
    from all_values_lad21 as v
    join stg_lookup__lad21_lad24 as x using (ltla21_code)
    join lad21_per_lad24 as c using (ltla24_code)
    where v.quality_flag is not null
    group by v.indicator_id, x.ltla24_code, v.period, c.n_lad21
),

district_parents as (
    select child_code as ltla24_code, parent_code as area_code, parent_geography as geography,
        weight as share
    from area_lookup
    where child_geography = 'ltla24'
        and parent_code not in (select area_code from areas where geography = 'ltla24')
),

flagged_in_parents as (
    -- for each higher area, the flagged districts left out of its mean, named in its note
    select
        f.indicator_id,
        d.area_code,
        f.period,
        '; left out as implausible (quality flag; see the build issues): '
            || string_agg(distinct a.area_name, ', ' order by a.area_name) as note
    from flagged_lad24 as f
    join district_parents as d on d.ltla24_code = f.area_code
    join areas as a on a.area_code = f.area_code and a.geography = 'ltla24'
    group by all
),

flagged_population as (
    select f.indicator_id, mem.parent_code as area_code, f.period,
        sum(m.population_count) as population
    from flagged_lad24 as f
    join int_lsoa_measures as m on m.ltla24_code = f.area_code
    join area_lookup as mem
        on mem.child_code = m.lsoa21_code and mem.child_geography = 'lsoa21'
    group by all
),

-- population weights ------------------------------------------------------------------------

values_lad24 as (
    select
        v.indicator_id,
        x.ltla24_code,
        v.period,
        sum(v.value * p.population_mid2020_count) / sum(p.population_mid2020_count) as value,
        count(*) as n_lad21_with_value
    from values_lad21 as v
    join stg_lookup__lad21_lad24 as x using (ltla21_code)
    join stg_ons__mye2020_lad21 as p using (ltla21_code)
    where v.weighting = 'population'
    group by all
),

complete_lad24 as (
    select v.*, c.n_lad21
    from values_lad24 as v
    join lad21_per_lad24 as c using (ltla24_code)
    where v.n_lad21_with_value = c.n_lad21
),

lsoa_values as (
    select
        lad.indicator_id,
        lad.period,
        m.lsoa21_code,
        m.population_count,
        lad.value
    from complete_lad24 as lad
    join int_lsoa_measures as m using (ltla24_code)
),

members as (
    select child_code as lsoa21_code, parent_code as area_code, parent_geography as geography
    from area_lookup
    where child_geography = 'lsoa21' and parent_geography <> 'ltla24'
        -- unitary authorities are districts too: they already hold their published value
        and parent_code not in (select area_code from areas where geography = 'ltla24')
),

population_by_area as (
    select distinct area_code, population from areas
),

aggregated as (
    select
        v.indicator_id,
        members.area_code,
        v.period,
        sum(v.value * v.population_count) / sum(v.population_count) as value,
        sum(v.population_count) as covered_population,
        any_value(members.geography) as geography
    from lsoa_values as v
    join members using (lsoa21_code)
    group by all
),

population_weighted as (
    select
        indicator_id,
        ltla24_code as area_code,
        period,
        value,
        case when n_lad21 > 1
            then 'Population-weighted mean of the ' || n_lad21
                || ' districts (2021) merged into this district in 2023 (ONS mid-2020 populations)'
            else '' end as note
    from complete_lad24
    union all
    select
        a.indicator_id,
        a.area_code,
        a.period,
        a.value,
        'Population-weighted mean of district values (Census 2021 populations)'
            || case when a.geography in ('icb23', 'sicbl23')
                then '; districts are apportioned by population overlap: an estimate' else '' end
            || case when a.covered_population + coalesce(fp.population, 0) < p.population
                then '; ' || round(100 - 100 * (a.covered_population + coalesce(fp.population, 0))
                    / p.population, 2)
                    || '% of the population lives in districts without a published value'
                else '' end
            || coalesce(fl.note, '')
    from aggregated as a
    join population_by_area as p using (area_code)
    left join flagged_population as fp using (indicator_id, area_code, period)
    left join flagged_in_parents as fl using (indicator_id, area_code, period)
),

-- live-birth weights ------------------------------------------------------------------------

hi_districts as (
    -- the Health Index publishes the City of London within Hackney, the Isles of Scilly
    -- within Cornwall
    select 'E09000001' as ltla21_code, 'E09000012' as hi_ltla21_code
    union all
    select 'E06000053', 'E06000052'
),

births_lad21 as (
    select
        coalesce(h.hi_ltla21_code, u.ltla21_code) as ltla21_code,
        u.year,
        sum(u.live_births_count) as live_births_count,
        bool_or(u.live_births_derived_from_code is not null) as has_derived
    from int_infant_mortality_units as u
    left join hi_districts as h using (ltla21_code)
    group by all
),

complete_birth_years as (
    -- years in which every district unit has live births (published or derived)
    select year
    from int_infant_mortality_units
    group by year
    having count(live_births_count) = count(*)
),

birth_periods as (
    select distinct period
    from values_lad21
    where weighting = 'live_births'
),

weights_lad21 as (
    select
        y.period,
        b.ltla21_code,
        sum(b.live_births_count) as weight,
        'ONS live births ' || (cast(y.period as integer) - 2) || '-' || y.period as basis,
        bool_or(b.has_derived) as has_derived
    from birth_periods as y
    join births_lad21 as b
        on b.year between cast(y.period as integer) - 2 and cast(y.period as integer)
    where cast(y.period as integer) - 2 in (select year from complete_birth_years)
        and cast(y.period as integer) - 1 in (select year from complete_birth_years)
        and cast(y.period as integer) in (select year from complete_birth_years)
    group by y.period, b.ltla21_code
    union all
    select
        y.period,
        coalesce(h.hi_ltla21_code, p.ltla21_code),
        sum(p.population_aged_0_mid2020_count),
        'the ONS mid-2020 population aged 0, a proxy for live births',
        false
    from birth_periods as y
    cross join stg_ons__mye2020_lad21 as p
    left join hi_districts as h using (ltla21_code)
    where not (
        cast(y.period as integer) - 2 in (select year from complete_birth_years)
        and cast(y.period as integer) - 1 in (select year from complete_birth_years)
        and cast(y.period as integer) in (select year from complete_birth_years)
    )
    group by y.period, coalesce(h.hi_ltla21_code, p.ltla21_code)
),

period_basis as (
    select
        period,
        any_value(basis)
            || case when bool_or(has_derived)
                then ' (births missing from the ONS table derived from published county and'
                    || ' region totals)'
                else '' end as basis
    from weights_lad21
    group by period
),

births_lad24 as (
    select
        v.indicator_id,
        x.ltla24_code,
        v.period,
        sum(v.value * w.weight) / sum(w.weight) as value,
        sum(w.weight) as weight,
        count(*) as n_lad21_with_value
    from values_lad21 as v
    join stg_lookup__lad21_lad24 as x using (ltla21_code)
    join weights_lad21 as w using (period, ltla21_code)
    where v.weighting = 'live_births'
    group by all
),

complete_births_lad24 as (
    select v.*, c.n_lad21
    from births_lad24 as v
    join lad21_per_lad24 as c using (ltla24_code)
    where v.n_lad21_with_value = c.n_lad21
),

district_weights as (
    -- every 2024 district's weight, with or without a value (for the share without one)
    select w.period, x.ltla24_code, sum(w.weight) as weight
    from weights_lad21 as w
    join stg_lookup__lad21_lad24 as x using (ltla21_code)
    group by all
),

births_aggregated as (
    select
        v.indicator_id,
        d.area_code,
        v.period,
        sum(v.value * v.weight * d.share) / sum(v.weight * d.share) as value,
        sum(v.weight * d.share) as covered_weight,
        min(d.share) < 1 - 1e-9 as has_split_district,
        any_value(d.geography) as geography
    from complete_births_lad24 as v
    join district_parents as d using (ltla24_code)
    group by all
),

area_weights as (
    select d.area_code, w.period, sum(w.weight * d.share) as total_weight
    from district_weights as w
    join district_parents as d using (ltla24_code)
    group by all
),

births_weighted as (
    select
        v.indicator_id,
        v.ltla24_code as area_code,
        v.period,
        v.value,
        case when v.n_lad21 > 1
            then 'Mean of the ' || v.n_lad21 || ' districts (2021) merged into this district in'
                || ' 2023, weighted by ' || b.basis
            else '' end as note
    from complete_births_lad24 as v
    join period_basis as b using (period)
    union all
    select
        a.indicator_id,
        a.area_code,
        a.period,
        a.value,
        'Mean of district values weighted by ' || b.basis
            || case when a.has_split_district
                then '; districts split between ' || case a.geography when 'icb23' then 'ICBs'
                    else 'sub-ICB locations' end
                    || ' are apportioned by Census 2021 population: an estimate'
                else '' end
            || case when a.covered_weight < t.total_weight * (1 - 1e-9)
                then '; ' || round(100 - 100 * a.covered_weight / t.total_weight, 2)
                    || '% of the weight is in districts without a published value'
                else '' end
            || coalesce(fl.note, '')
    from births_aggregated as a
    join period_basis as b using (period)
    join area_weights as t using (area_code, period)
    left join flagged_in_parents as fl using (indicator_id, area_code, period)
),

final as (
    select *, cast(null as varchar) as quality_flag, cast(null as varchar) as quality_reason
    from population_weighted
    union all
    select *, null, null from births_weighted
    union all
    select indicator_id, area_code, period, value, '' as note, quality_flag, quality_reason
    from flagged_lad24
)

select
    indicator_id,
    area_code,
    period,
    'Persons' as sex,
    'All ages' as age,
    '' as category_type,
    '' as category,
    value,
    cast(null as double) as lower_95,
    cast(null as double) as upper_95,
    cast(null as double) as event_count,
    cast(null as double) as denominator,
    note,
    quality_flag,
    quality_reason
from final
