-- grain: one row per (ICB, month); NHS England monthly A&E return, 2022 ICB codes
with source as (
    select * from src_ae_icb22_monthly
),

months as (
    select
        *,
        cast(strptime('1 ' || date, '%d %B %Y') as date) as month_start_date
    from source
),

final as (
    select
        icb22_code,
        month_start_date,
        case
            when month(month_start_date) >= 4
                then year(month_start_date) || '/' || right(cast(year(month_start_date) + 1 as varchar), 2)
            else (year(month_start_date) - 1) || '/' || right(cast(year(month_start_date) as varchar), 2)
        end as financial_year,
        total_attendances as attendances_count,
        attendances_over_4hours as attendances_over_4h_count,
        total_emergency_admissions as emergency_admissions_count
    from months
)

select * from final
