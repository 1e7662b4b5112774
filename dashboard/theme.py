"""Colours, palettes and the map view, defined once (colour-blind-safe: Okabe-Ito, viridis)."""

NO_DATA = "#bdbdbd"
NOT_COMPARED = "#e0e0e0"
FLAGGED = "#6f6f6f"  # values flagged by the quality gates: darker than "no data", never a class
TEXT = "#222222"
MUTED = "#595959"
ACCENT = "#0072B2"
ENGLAND_LINE = "#222222"
CI_COLOUR = "#595959"
HIGHLIGHT = "#000000"
SELECTED_OUTLINE = "#000000"  # the chosen area on the atlas map: a thick outline, no fill

# comparison with England (Okabe-Ito: distinguishable with red-green colour blindness)
COMPARISON_COLOURS = {
    "better": "#009E73",
    "similar": "#F0E442",
    "worse": "#D55E00",
    "higher": "#0072B2",
    "lower": "#E69F00",
    "not compared": NOT_COMPARED,
}
COMPARISON_ORDER = {
    "judgement": ["better", "similar", "worse", "not compared"],
    "no_judgement": ["higher", "similar", "lower", "not compared"],
}

# sequential classes (viridis, reversed so darker = higher): colour-blind-safe and greyscale-safe
SEQUENTIAL = {
    3: ["#fde725", "#21918c", "#440154"],
    4: ["#fde725", "#35b779", "#31688e", "#440154"],
    5: ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"],
    6: ["#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"],
}
N_CLASSES = 5

FUNNEL_95 = "#0072B2"
FUNNEL_998 = "#CC79A7"
# funnel plot of thousands of areas: shading by how many areas fall in a cell (light to dark
# blue-grey), the areas outside the 99.8% limits as points
FUNNEL_DENSITY = [[0.0, "#eef2f6"], [0.35, "#9fb3c8"], [1.0, "#1f3b57"]]
FUNNEL_OUTSIDE = "#D55E00"

# investment case: the partner map (chosen areas filled, councils and NHS bodies outlined), the
# band of the events chart, the tornado bars (the input at its 2.5th percentile, blue, and
# 97.5th, orange: Okabe-Ito), and plain chart surfaces
INVESTMENT_UNIT_FILL = "#56B4E9"
INVESTMENT_COUNCIL_LINE = "#222222"
INVESTMENT_NHS_LINE = "#D55E00"
INVESTMENT_BAND = "rgba(0,114,178,0.18)"
TORNADO_LOW = "#0072B2"
TORNADO_HIGH = "#E69F00"
BACKGROUND = "#ffffff"
GRID = "#eeeeee"
ZERO_LINE = "#999999"
TRANSPARENT = "rgba(0,0,0,0)"

MAP_CENTER = {"lat": 52.75, "lon": -1.6}
MAP_ZOOM = 5.2
MAP_STYLE = "white-bg"
MAP_HEIGHT = 620
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

# gaps map, 3x3 palette (Stevens' blue-pink scheme): BIVARIATE_COLOURS[need_class - 1][coverage_class - 1].
# High need with low coverage (the priority cell) is the strongest magenta.
BIVARIATE_COLOURS: tuple[tuple[str, str, str], ...] = (
    ("#e8e8e8", "#ace4e4", "#5ac8c8"),
    ("#dfb0d6", "#a5add3", "#5698b9"),
    ("#be64ac", "#8c62aa", "#3b4994"),
)

# stroke pathway page (Okabe-Ito): the national standard's marker; on the travel-time map the
# thrombolysis (IVT) units, thrombectomy (MT) centres, other stroke units and the halo of the
# units serving the chosen area (reddish purple stands out on yellow and green)
STROKE_STANDARD = "#CC79A7"
STROKE_IVT_UNIT = "#D55E00"
STROKE_MT_CENTRE = "#0072B2"
STROKE_OTHER_UNIT = "#7f7f7f"
STROKE_SERVING = "#CC79A7"
