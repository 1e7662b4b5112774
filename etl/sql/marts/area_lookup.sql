-- grain: one row per (child area, parent area). Weight = share of the child's Census 2021
-- population inside the parent: 1 where the child nests; less where a district straddles
-- sub-ICB or ICB boundaries (13 districts are split between ICBs).
with lsoa as (
    select geo.*, pop.population_count
    from stg_geography__lsoa21 as geo
    left join stg_census21__lsoa_population as pop using (lsoa21_code)
),

lsoa_parents as (
    unpivot (
        select lsoa21_code, ltla24_code, utla23_code, region_code, sicbl23_code, icb23_code,
            'E92000001' as england_code
        from lsoa
    )
    on ltla24_code, utla23_code, region_code, sicbl23_code, icb23_code, england_code
    into name parent_column value parent_code
),

lsoa_rows as (
    select
        lsoa21_code as child_code,
        'lsoa21' as child_geography,
        parent_code,
        replace(parent_column, '_code', '') as parent_geography,
        1.0 as weight
    from lsoa_parents
),

pairs as (
    select
        child.parent_code as child_code,
        child.parent_geography as child_geography,
        parent.parent_code,
        parent.parent_geography,
        sum(lsoa.population_count) as overlap_population
    from lsoa_rows as child
    join lsoa_rows as parent on parent.child_code = child.child_code
    join lsoa on lsoa.lsoa21_code = child.child_code
    where (child.parent_geography, parent.parent_geography) in (
        ('ltla24', 'utla23'), ('ltla24', 'region'), ('ltla24', 'england'),
        ('utla23', 'region'), ('utla23', 'england'), ('region', 'england'),
        ('sicbl23', 'icb23'), ('sicbl23', 'england'), ('icb23', 'england'),
        ('ltla24', 'sicbl23'), ('ltla24', 'icb23'), ('utla23', 'sicbl23'), ('utla23', 'icb23')
    )
    group by all
),

weighted as (
    select
        child_code,
        child_geography,
        parent_code,
        parent_geography,
        -- per child geography too: a unitary authority is a child as a district and as an
        -- upper-tier area under one code, and each must sum to 1
        overlap_population / sum(overlap_population) over (
            partition by child_code, child_geography, parent_geography
        ) as weight
    from pairs
),

final as (
    select * from lsoa_rows
    union all
    select * from weighted
)

select * from final
