-- grain: one row per (qof_achievement indicator, ICB or England, period '2024/25'): QOF 2024/25
-- achievement of one indicator (source_key = QOF code: AF006, AF008, HYP008, HYP009) as the
-- share of all eligible patients who received it ("patients receiving the intervention"):
-- count = numerator, denominator = QOF denominator after personalised care adjustments (PCAs)
-- + PCAs. ICB ODS codes are mapped to GSS codes through the LSOA lookup's ODS column (April
-- 2025 ICBs = the 2023 boundaries); England is the file's own total.
with entries as (
    select indicator_id, source_key as indicator_code
    from indicator_sources
    where loader = 'qof_achievement'
),

icb_codes as (
    select distinct icb23_code_nhs, icb23_code
    from stg_geography__lsoa21
),

achievement as (
    select
        q.*,
        case when q.area_code_ods = 'ENG' then 'E92000001' else c.icb23_code end as area_code
    from stg_qof__achievement_icb_2425 as q
    left join icb_codes as c on c.icb23_code_nhs = q.area_code_ods
),

final as (
    select
        entries.indicator_id,
        a.area_code,
        a.numerator_count as event_count,
        a.denominator_after_pcas_count + a.pcas_count as denominator,
        'QOF 2024/25, ' || a.practice_count || ' practices; numerator / (denominator + '
            || a.pcas_count || ' personalised care adjustments); QOF''s underlying'
            || ' achievement, which leaves those patients out: '
            || a.underlying_achievement_pct || '%' as note
    from achievement as a
    join entries using (indicator_code)
    where a.area_code is not null
)

select
    indicator_id,
    area_code,
    '2024/25' as period,
    'Persons' as sex,
    'All ages' as age,
    '' as category_type,
    '' as category,
    cast(null as double) as value,
    cast(null as double) as lower_95,
    cast(null as double) as upper_95,
    cast(event_count as double) as event_count,
    cast(denominator as double) as denominator,
    note
from final
