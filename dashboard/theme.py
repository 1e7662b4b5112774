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

# spine chart of an area profile: the peers' spread (worst to 25th and 75th to best: light;
# the middle half: darker), as Fingertips draws it
SPINE_OUTER = "#d4d4d4"
SPINE_INNER = "#9e9e9e"

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

# gaps map, 3x3 palette: BIVARIATE_COLOURS[need_class - 1][coverage_class - 1]. High need with
# low coverage (the priority cell) is the strongest crimson; coverage runs grey to blue. The
# colours are biscale's "DkViolet2" (Prener, Grossenbacher and Zehr, R package biscale): every
# pair of cells stays apart (CIEDE2000 >= 9) under simulated protanopia, deuteranopia and
# tritanopia, where Stevens' blue-pink scheme used before fell to 3.5 and made the priority cell
# look like need 2 / coverage 3 to deuteranopes (tests/test_theme_palettes.py). Areas with no
# index (too few indicators) are a dark neutral grey, apart in lightness from the light low/low
# cell (readable with any colour vision and in greyscale).
GAPS_NO_INDEX = "#636363"
BIVARIATE_COLOURS: tuple[tuple[str, str, str], ...] = (
    ("#d3d3d3", "#8aa6c2", "#4279b0"),
    ("#ba8890", "#7a6b84", "#3a4e78"),
    ("#9e3547", "#682a41", "#311e3b"),
)

# stroke pathway page (Okabe-Ito): the national standard's marker; on the travel-time map the
# thrombolysis (IVT) units, thrombectomy (MT) centres, other stroke units and the halo of the
# units serving the chosen area (reddish purple stands out on yellow and green)
STROKE_STANDARD = "#CC79A7"
STROKE_IVT_UNIT = "#D55E00"
STROKE_MT_CENTRE = "#0072B2"
STROKE_OTHER_UNIT = "#7f7f7f"
STROKE_SERVING = "#CC79A7"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(fill: str) -> str:
    """The text colour (TEXT or white) with the higher contrast on ``fill``."""
    return max((TEXT, "#ffffff"), key=lambda c: contrast_ratio(c, fill))
