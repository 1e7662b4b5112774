"""Geographies: codes, labels, the lsoa_measures column of each, and which ones each page maps.

One place for what five modules used to keep their own tuples of. Geography ids are those of
the warehouse's ``areas.geography`` (boundary vintages in the id: ``utla23`` = upper-tier
local authorities, December 2023 boundaries).
"""

from __future__ import annotations

#: ONS code of England, the benchmark row of every indicator
ENGLAND = "E92000001"

#: every geography of the warehouse, largest first, with its label for menus and notes
GEOGRAPHY_LABELS: dict[str, str] = {
    "england": "England",
    "region": "Regions",
    "icb23": "Integrated care boards (ICB)",
    "sicbl23": "Sub-ICB locations",
    "utla23": "Counties and unitary authorities",
    "ltla24": "Local authority districts",
    "lsoa21": "LSOAs (neighbourhoods, 33,755)",
}
GEOGRAPHY_ORDER: tuple[str, ...] = tuple(GEOGRAPHY_LABELS)

#: singular labels of the geographies an area can be filtered by ("within")
PARENT_GEOGRAPHIES: dict[str, str] = {
    "icb23": "Integrated care board",
    "sicbl23": "Sub-ICB location",
    "utla23": "County or unitary council",
    "ltla24": "District council",
    "region": "Region",
}

#: geography -> the ``lsoa_measures`` column holding each LSOA's code of it (every LSOA lies
#: in exactly one area of each); fixed names, never user input
LSOA_CODE_COLUMN: dict[str, str] = {
    "lsoa21": "lsoa21_code",
    "ltla24": "ltla24_code",
    "utla23": "utla23_code",
    "sicbl23": "sicbl23_code",
    "icb23": "icb23_code",
    "region": "region_code",
}

#: councils and NHS areas: the areas an investment case or the preventive-services page uses
LOCAL_GEOGRAPHIES: tuple[str, ...] = ("utla23", "ltla24", "icb23", "sicbl23")
#: geographies the gaps page maps (LSOAs too: the indices work at any level)
GAPS_GEOGRAPHIES: tuple[str, ...] = (*LOCAL_GEOGRAPHIES, "lsoa21")
#: geographies the stroke page maps
STROKE_GEOGRAPHIES: tuple[str, ...] = (*LOCAL_GEOGRAPHIES, "region", "lsoa21")
#: the atlas's choice when a link names no geography, first that the indicator has
ATLAS_PREFERRED: tuple[str, ...] = (*LOCAL_GEOGRAPHIES, "region", "lsoa21", "england")


def filter_geography(geography: str, within: object) -> str:
    """The parent geography of a "within" filter: ``within`` if it is a parent geography
    (:data:`PARENT_GEOGRAPHIES`) other than the mapped ``geography``, else integrated care
    boards (regions when ICBs are mapped). Values that are not text are ignored."""
    parent = within if isinstance(within, str) else None
    if parent in PARENT_GEOGRAPHIES and parent != geography:
        return str(parent)
    return "icb23" if geography != "icb23" else "region"
