-- grain: one row per (2011 LSOA name, stroke unit postcode); modelled road minutes
with source as (
    select * from src_stroke_travel_minutes
),

long as (
    unpivot source on columns(* exclude ("LSOA")) into name unit_code value travel_minutes
),

final as (
    select
        coalesce(aliases.lsoa11_name, long."LSOA") as lsoa11_name,
        long."LSOA" as source_lsoa11_name,
        long.unit_code,
        long.travel_minutes
    from long
    left join seed_lsoa11_name_aliases as aliases on aliases.alias_name = long."LSOA"
)

select * from final
