-- grain: one row per (qof_prevalence indicator, area, period '2022/23'): QOF 2022/23 recorded
-- prevalence of one register (source_key HYP, AF or STIA) over the whole practice list.
--   * sub-ICB locations, ICBs and England: practice registers and list sizes summed exactly,
--     practices placed by the QOF geography mapping. The mapping is of July 2022: practices are
--     joined on the sub-ICB location's ODS code, which is unchanged in 2023, so the two sub-ICB
--     locations recoded by the April 2023 boundary change (92A: E38000246 -> E38000264; 70F:
--     E38000248 -> E38000265) and their ICBs (Surrey Heartlands, Sussex) are mapped, with a note.
--   * hypertension for counties and unitary authorities: OHID Fingertips 219 as published (OHID
--     attributes practices to councils), regions the sum of their counties' and UAs' counts.
--   * other local authority values (districts; atrial fibrillation and stroke/TIA for counties,
--     UAs and regions): an estimate, each 2021 LSOA given its sub-ICB location's prevalence,
--     weighted by Census 2021 residents; value only (no count, no CI), labelled in the note.
with entries as (
    select indicator_id, source_key as register_code
    from indicator_sources
    where loader = 'qof_prevalence'
),

nhs_codes as (
    select distinct sicbl23_code_nhs, sicbl23_code, icb23_code
    from stg_geography__lsoa21
),

practices as (
    select
        p.register_code,
        p.practice_code,
        p.register_count,
        p.list_size_count,
        g.sicbl22_code,
        n.sicbl23_code,
        n.icb23_code
    from stg_qof__prevalence_2223 as p
    left join stg_qof__practice_geography_2223 as g using (practice_code)
    left join nhs_codes as n on n.sicbl23_code_nhs = g.sicbl_code_nhs
),

sub_icb as (
    select
        register_code,
        sicbl23_code as area_code,
        sum(register_count) as event_count,
        sum(list_size_count) as denominator,
        'Sum of the registers and list sizes of the ' || count(*) || ' practices mapped to this'
            || ' sub-ICB location by QOF'
            || case when bool_or(sicbl22_code <> sicbl23_code)
                then ' (QOF''s July 2022 mapping codes it ' || any_value(sicbl22_code)
                    || '; joined on its unchanged ODS code to the April 2023 code)'
                else '' end as note
    from practices
    where sicbl23_code is not null
    group by all
),

icb as (
    select
        register_code,
        icb23_code as area_code,
        sum(register_count) as event_count,
        sum(list_size_count) as denominator,
        'Sum of the registers and list sizes of the ' || count(*) || ' practices in the ICB''s'
            || ' sub-ICB locations (QOF mapping)'
            || case when bool_or(sicbl22_code <> sicbl23_code)
                then '; QOF''s July 2022 mapping has this ICB on its 2022 code, joined through'
                    || ' its sub-ICB locations'' unchanged ODS codes'
                else '' end as note
    from practices
    where icb23_code is not null
    group by all
),

england as (
    select
        register_code,
        'E92000001' as area_code,
        sum(register_count) as event_count,
        sum(list_size_count) as denominator,
        'Sum of the registers and list sizes of all ' || count(*) || ' practices in QOF 2022/23'
            as note
    from practices
    group by all
),

exact_nhs as (
    select * from sub_icb
    union all select * from icb
    union all select * from england
),

-- hypertension by council: OHID's attribution ------------------------------------------------

fingertips_utla as (
    select f.*
    from stg_fingertips__hypertension_utla as f
    join areas as a on a.area_code = f.area_code and a.geography = 'utla23'
    where f.period = '2022/23'
),

fingertips_region as (
    select
        a.parent_code as area_code,
        sum(f.register_count) as event_count,
        sum(f.list_size_count) as denominator,
        count(*) as n_utla
    from fingertips_utla as f
    join areas as a on a.area_code = f.area_code and a.geography = 'utla23'
    group by all
),

hypertension_councils as (
    select
        'HYP' as register_code,
        area_code,
        published_value as value,
        lower_95,
        upper_95,
        register_count as event_count,
        list_size_count as denominator,
        'OHID Fingertips 219 as published: practices attributed to councils by OHID' as note
    from fingertips_utla
    union all
    select
        'HYP',
        area_code,
        cast(null as double),
        cast(null as double),
        cast(null as double),
        event_count,
        denominator,
        'Sum of the ' || n_utla || ' counties'' and unitary authorities'' counts in OHID'
            || ' Fingertips 219 (practices attributed to councils by OHID)'
    from fingertips_region
),

-- estimates for the remaining council geographies ---------------------------------------------

lsoa_rates as (
    select
        s.register_code,
        g.lsoa21_code,
        g.ltla24_code,
        g.utla23_code,
        g.region_code,
        g.sicbl23_code,
        coalesce(pop.population_count, 0) as population_count,
        s.event_count / s.denominator as rate
    from stg_geography__lsoa21 as g
    left join stg_census21__lsoa_population as pop using (lsoa21_code)
    join sub_icb as s on s.area_code = g.sicbl23_code
),

estimate_members as (
    select register_code, ltla24_code as area_code, sicbl23_code, population_count, rate
    from lsoa_rates
    union all
    select register_code, utla23_code, sicbl23_code, population_count, rate from lsoa_rates
    union all
    select register_code, region_code, sicbl23_code, population_count, rate from lsoa_rates
),

estimates as (
    select
        m.register_code,
        m.area_code,
        100 * sum(m.rate * m.population_count) / sum(m.population_count) as value,
        count(distinct m.sicbl23_code) as n_rates
    from estimate_members as m
    group by m.register_code, m.area_code
),

estimates_needed as (
    select e.*
    from estimates as e
    where not exists (
        select 1 from hypertension_councils as h
        where h.register_code = e.register_code and h.area_code = e.area_code
    )
),

final as (
    select
        entries.indicator_id,
        x.area_code,
        cast(null as double) as value,
        cast(null as double) as lower_95,
        cast(null as double) as upper_95,
        x.event_count,
        x.denominator,
        x.note
    from exact_nhs as x
    join entries using (register_code)
    union all
    select
        entries.indicator_id,
        h.area_code,
        h.value,
        h.lower_95,
        h.upper_95,
        h.event_count,
        h.denominator,
        h.note
    from hypertension_councils as h
    join entries using (register_code)
    union all
    select
        entries.indicator_id,
        e.area_code,
        e.value,
        cast(null as double),
        cast(null as double),
        cast(null as double),
        cast(null as double),
        'Estimate: sub-ICB rate applied to residents (each 2021 LSOA given its sub-ICB'
            || ' location''s QOF prevalence, weighted by Census 2021 residents'
            || case when e.n_rates > 1 then '; ' || e.n_rates || ' sub-ICB locations' else '' end
            || '); patients are counted where they are registered, not where they live: not a'
            || ' measured value'
    from estimates_needed as e
    join entries using (register_code)
)

select
    indicator_id,
    area_code,
    '2022/23' as period,
    'Persons' as sex,
    'All ages' as age,
    '' as category_type,
    '' as category,
    value,
    lower_95,
    upper_95,
    cast(event_count as double) as event_count,
    cast(denominator as double) as denominator,
    note
from final
