"""The raw small cells the warehouse no longer holds, rebuilt for tests that check they do not
leak: the shipped SSNAP and LSOA stroke sources loaded by the ETL's own loaders and run through
its own staging and mart models, in memory."""

from __future__ import annotations

import duckdb

#: What the raw small cells are rebuilt from: the shipped sources, their staging models and
#: the marts that apportion and join them (built in memory; the warehouse holds none of them).
RAW_SOURCES = ("stroke_units", "ssnap_thrombectomy_first_team", "ssnap_length_of_stay",
               "stroke_admissions_lsoa11", "lsoa11_lsoa21", "census21_population")
RAW_MODELS = ("stg_ssnap__stroke_units", "stg_ssnap__thrombectomy_first_team",
              "stg_ssnap__length_of_stay_2023", "stg_ssnap__stroke_admissions_lsoa11",
              "stg_lookup__lsoa11_lsoa21", "stg_census21__lsoa_population",
              "int_ssnap_team_units", "int_stroke_unit_activity", "int_lsoa21_stroke_admissions")


def raw_cells() -> duckdb.DuckDBPyConnection:
    """An in-memory database holding the unsuppressed SSNAP unit and LSOA stroke counts, built
    by the ETL's own loaders and SQL models from ``data/sources``."""
    from etl import build
    from etl.sources import SOURCES

    con = duckdb.connect()
    for source in SOURCES:
        if source.name in RAW_SOURCES:
            build.load_source(con, source, build.DEFAULT_DATA_DIR)
    build.load_seeds(con)
    build.define_macros(con)
    paths = {p.stem: p for p in build.SQL_DIR.glob("*/*.sql")}
    for path in build.model_order(paths[name] for name in RAW_MODELS):
        con.execute(f"create table {path.stem} as\n{path.read_text()}")
    return con
