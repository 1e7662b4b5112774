"""Convert the QOF 2024-25 ICB aggregation (JSON) to the CSV the build reads.

Input: ``qof-2024-25-icb-aggregated-from-practice.json.gz`` (the project's data scouting copy of
``public-data/qof-2024-25.json`` in pelld/population-health-system-explorer @ 26360dd8f2db,
summed by that repository's ``scripts/build_qof_2024_25.py`` from NHS England's practice-level
QOF 2024-25 raw files to April 2025 ICBs). Output: one row per area (England and the 42 ICBs,
ODS codes as in the JSON) and indicator, for the indicators in ``INDICATORS``, with the counts
copied as they are (numerator, denominator after personalised care adjustments, PCAs) and the
author's two-decimal percentages. No arithmetic is done here.

    python data/tools/qof_2024_25_icb_json_to_csv.py IN.json.gz data/sources/prevention/OUT.csv
"""

from __future__ import annotations

import csv
import gzip
import json
import sys

INDICATORS = ("AF006", "AF008", "HYP008", "HYP009")
COLUMNS = (
    "area_code_ods", "area_name", "area_type", "practice_count", "indicator_code",
    "numerator", "denominator_after_pcas", "pcas", "underlying_achievement_percent",
    "intervention_percent",
)


def main(source: str, target: str) -> None:
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    rows = []
    for area in [data["england"], *data["icbs"]]:
        for code in INDICATORS:
            ind = area["indicators"][code]
            rows.append((
                area["code"], area["name"], area["type"], area["practice_count"], code,
                ind["numerator"], ind["denominator"], ind["pcas"],
                ind["underlying_achievement_percent"], ind["intervention_percent"],
            ))
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
