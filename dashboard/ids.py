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

# stroke pathway page

# prevention page

# investment case page
