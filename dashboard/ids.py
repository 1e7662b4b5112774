"""Every component id, once: "<page>-<thing>"."""

# shell
SHELL_NAVBAR = "shell-navbar"

# atlas page
ATLAS_URL = "atlas-url"
ATLAS_URL_SINK = "atlas-url-sink"
ATLAS_INDICATOR = "atlas-indicator"
ATLAS_GEOGRAPHY = "atlas-geography"
ATLAS_PERIOD = "atlas-period"
ATLAS_COLOURING = "atlas-colouring"
ATLAS_AREA = "atlas-area"
ATLAS_MAP = "atlas-map"
ATLAS_MAP_GEOGRAPHY = "atlas-map-geography"
ATLAS_PROVENANCE = "atlas-provenance"
ATLAS_ABOUT = "atlas-about"
ATLAS_PROFILE = "atlas-profile"
ATLAS_TREND = "atlas-trend"
ATLAS_INEQUALITY = "atlas-inequality"
ATLAS_INEQUALITY_TEXT = "atlas-inequality-text"
ATLAS_FUNNEL = "atlas-funnel"
ATLAS_FUNNEL_NOTE = "atlas-funnel-note"
ATLAS_DOWNLOAD_BUTTON = "atlas-download-button"
ATLAS_DOWNLOAD = "atlas-download"

# gaps page (need against provision)
GAPS_THEME = "gaps-theme"
GAPS_GEOGRAPHY = "gaps-geography"
GAPS_WITHIN = "gaps-within"
GAPS_PARENT = "gaps-parent"
GAPS_AS_OF = "gaps-as-of"
GAPS_WEIGHTS = "gaps-weights"
GAPS_WEIGHT = "gaps-weight"  # pattern-matching type: {"type", "role", "indicator"}
GAPS_RESET = "gaps-reset"
GAPS_THEME_NOTE = "gaps-theme-note"
GAPS_SUMMARY = "gaps-summary"
GAPS_MAP = "gaps-map"
GAPS_LEGEND = "gaps-legend"
GAPS_PRIORITY = "gaps-priority"
GAPS_COMPONENTS = "gaps-components"
GAPS_ACCESS = "gaps-access"
GAPS_ACCESS_TEXT = "gaps-access-text"
GAPS_DOWNLOAD_BUTTON = "gaps-download-button"
GAPS_DOWNLOAD = "gaps-download"
GAPS_QUERY = "gaps-query"
GAPS_URL_SINK = "gaps-url-sink"

# stroke pathway page
STROKE_URL_SINK = "stroke-url-sink"
STROKE_GEOGRAPHY = "stroke-geography"
STROKE_AREA = "stroke-area"
STROKE_TRAVEL_TARGET = "stroke-travel-target"
STROKE_MAP = "stroke-map"
STROKE_MAP_DRAWN = "stroke-map-drawn"
STROKE_PROVENANCE = "stroke-provenance"
STROKE_HEADLINE = "stroke-headline"
STROKE_STAGE_RISK = "stroke-stage-risk"
STROKE_STAGE_ACCESS = "stroke-stage-access"
STROKE_STAGE_ACUTE = "stroke-stage-acute"
STROKE_STAGE_OUTCOME = "stroke-stage-outcome"
STROKE_PATHWAY_TABLE = "stroke-pathway-table"
STROKE_UNITS_TABLE = "stroke-units-table"
STROKE_DOWNLOAD_PATHWAY_BUTTON = "stroke-download-pathway-button"
STROKE_DOWNLOAD_PATHWAY = "stroke-download-pathway"
STROKE_DOWNLOAD_UNITS_BUTTON = "stroke-download-units-button"
STROKE_DOWNLOAD_UNITS = "stroke-download-units"
STROKE_STAGE_FIGURES = {
    "risk": STROKE_STAGE_RISK,
    "access": STROKE_STAGE_ACCESS,
    "acute": STROKE_STAGE_ACUTE,
    "outcome": STROKE_STAGE_OUTCOME,
}

# prevention page
PREVENTION_GEOGRAPHY = "prevention-geography"
PREVENTION_AREA = "prevention-area"
PREVENTION_MEASURE = "prevention-measure"
PREVENTION_TABLE = "prevention-table"
PREVENTION_MEASURES_FIG = "prevention-measures-fig"
PREVENTION_SCATTER = "prevention-scatter"
PREVENTION_GRADIENT = "prevention-gradient"
PREVENTION_NOTE = "prevention-note"
PREVENTION_DOWNLOAD_BUTTON = "prevention-download-button"
PREVENTION_DOWNLOAD = "prevention-download"
PREVENTION_QUERY = "prevention-query"
PREVENTION_URL_SINK = "prevention-url-sink"

# investment case page
