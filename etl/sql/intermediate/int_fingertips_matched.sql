-- grain: one row per Fingertips sample record that a `fingertips` or `fingertips_quarters`
-- catalogue entry asks for (the one place the match rule lives: IndicatorId = source_key and
-- sex|age = source_filter); `loader` says which model builds its values
with entries as (
    select indicator_id, loader, source_key, source_filter
    from indicator_sources where loader in ('fingertips', 'fingertips_quarters')
),

final as (
    select
        entries.indicator_id,
        entries.loader,
        ft.*
    from stg_fingertips__northwest as ft
    join entries
        on entries.source_key = cast(ft.fingertips_id as varchar)
        and entries.source_filter = ft.sex || '|' || ft.age
)

select * from final
