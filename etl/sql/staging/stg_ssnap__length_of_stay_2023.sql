-- grain: one row per SSNAP stroke team (routinely admitting, non-routinely admitting acute, or
-- non-acute inpatient); mean length of stay on the team's ward in 2023, in days
with source as (
    select * from src_ssnap_length_of_stay
),

final as (
    select
        trim("Stroke team") as team_name,
        "Type" as team_type,
        "Mean length of stay" as mean_length_of_stay_2023_days
    from source
)

select * from final
