-- grain: one row per (GP practice, register) in QOF 2022/23: the hypertension (HYP), atrial
-- fibrillation (AF) and stroke/TIA (STIA) registers, each with the practice's whole list (all
-- ages, the list these registers are counted over)
with source as (
    select * from src_qof_prevalence_2223
),

final as (
    select
        "PRACTICE_CODE" as practice_code,
        "GROUP_CODE" as register_code,
        "REGISTER" as register_count,
        "PRACTICE_LIST_SIZE" as list_size_count
    from source
)

select * from final
