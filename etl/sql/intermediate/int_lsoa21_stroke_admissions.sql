-- grain: one row per 2021 LSOA with stroke admissions data; three-year (2017-2019) total
-- emergency stroke admissions, apportioned from 2011 LSOAs by Census 2021 population share
-- (U: unchanged, S: split, M: merged, X: redrawn; one formula serves all four), rounded to whole
-- admissions (an apportioned 4.6 is published, and suppressed, as the 5 it rounds to). Internal:
-- the published LSOA count is lsoa_measures', after primary and secondary suppression.
with pairs as (
    select
        lookup.lsoa11_code,
        lookup.lsoa21_code,
        pop.population_count
    from stg_lookup__lsoa11_lsoa21 as lookup
    join stg_census21__lsoa_population as pop using (lsoa21_code)
),

shares as (
    select
        *,
        population_count / sum(population_count) over (partition by lsoa11_code) as lsoa11_share
    from pairs
),

final as (
    select
        shares.lsoa21_code,
        round(sum(admissions.admissions_mean_annual_count * 3 * shares.lsoa11_share))
            as stroke_admissions_2017_2019_count
    from stg_ssnap__stroke_admissions_lsoa11 as admissions
    join shares using (lsoa11_code)
    group by shares.lsoa21_code
)

select * from final
