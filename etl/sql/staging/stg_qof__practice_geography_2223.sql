-- grain: one row per GP practice in QOF 2022/23, with its sub-ICB location and ICB as QOF
-- mapped them (July 2022 NHS geography: ODS codes, and GSS codes of 2022)
with source as (
    select * from src_qof_practice_geography_2223
),

final as (
    select
        "PRACTICE_CODE" as practice_code,
        "SUB_ICB_ODS_CODE" as sicbl_code_nhs,
        "SUB_ICB_ONS_CODE" as sicbl22_code,
        "SUB_ICB_NAME" as sicbl22_name,
        "ICB_ODS_CODE" as icb_code_nhs,
        "ICB_ONS_CODE" as icb22_code
    from source
)

select * from final
