-- grain: one row per (ICB of April 2025 or England, QOF indicator) in QOF 2024/25: numerator,
-- denominator after personalised care adjustments (PCAs) and PCAs. ICBs carry ODS codes here
-- ("ENG" is England); marts map them to GSS codes.
with source as (
    select * from src_qof_achievement_icb_2425
),

final as (
    select
        area_code_ods,
        area_name,
        area_type,
        practice_count,
        indicator_code,
        numerator as numerator_count,
        denominator_after_pcas as denominator_after_pcas_count,
        pcas as pcas_count,
        underlying_achievement_percent as underlying_achievement_pct,
        intervention_percent as intervention_pct
    from source
)

select * from final
