-- grain: one row per Fingertips sample record that a `fingertips` catalogue entry asks for
-- (the one place the match rule lives: IndicatorId = source_key and sex|age = source_filter)
with entries as (
    select indicator_id, source_key, source_filter
    from indicator_sources where loader = 'fingertips'
),

final as (
    select
        entries.indicator_id,
        ft.*
    from stg_fingertips__northwest as ft
    join entries
        on entries.source_key = cast(ft.fingertips_id as varchar)
        and entries.source_filter = ft.sex || '|' || ft.age
)

select * from final
