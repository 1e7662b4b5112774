"""The map palettes stay distinguishable with colour-vision deficiency.

Each palette is seen through Machado, Oliveira and Fernandes (2009) simulations of complete
protanopia, deuteranopia and tritanopia (their severity-1.0 matrices, applied to linear sRGB),
and the colours a reader must tell apart are compared by CIEDE2000 in CIELAB (D65). Written out
here (about 50 lines of numpy, checked against Sharma, Wu and Dalal's published CIEDE2000 test
pairs) rather than adding a colour-science dependency to the hash-locked requirements: the
matrices are published constants and only these comparisons need them.

Thresholds: a CIEDE2000 difference of about 1 is just noticeable side by side; map classes are
read from separate polygons against a legend, so each must stay well clear of that. The
sequential and comparison palettes need 9 between neighbouring classes (the 6-class viridis
under protanopia is the closest, 9.3); the bivariate palette needs 9 between every pair of its
nine cells (its cells are not ordered along one line, so every pair can be confused).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from core.themes import CLASS_WORDS
from dashboard import theme

MACHADO = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
VISION = (None, *MACHADO)  # normal vision, then the three deficiencies
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
WHITE = SRGB_TO_XYZ @ np.ones(3)
MIN_NEIGHBOURS = 9.0
MIN_BIVARIATE = 9.0


def lab(colour: str, deficiency: str | None = None) -> np.ndarray:
    """CIELAB (D65) of a ``#rrggbb`` colour as seen with ``deficiency`` (None: normal)."""
    rgb = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    if deficiency:
        linear = np.clip(MACHADO[deficiency] @ linear, 0, 1)
    xyz = SRGB_TO_XYZ @ linear / WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), Sharma, Wu and Dalal (2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if c2p else 0.0
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + (360 if h1p + h2p < 360 else -360)) / 2
    t = (1 - 0.17 * np.cos(np.radians(h_bar - 30)) + 0.24 * np.cos(np.radians(2 * h_bar))
         + 0.32 * np.cos(np.radians(3 * h_bar + 6)) - 0.20 * np.cos(np.radians(4 * h_bar - 63)))
    r_c = 2 * np.sqrt(cp_bar**7 / (cp_bar**7 + 25**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_bar, 1 + 0.015 * cp_bar * t
    r_t = -np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2)))) * r_c
    return float(np.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2
                         + r_t * (d_c / s_c) * (d_h / s_h)))


def difference(c1: str, c2: str, deficiency: str | None) -> float:
    return ciede2000(lab(c1, deficiency), lab(c2, deficiency))


@pytest.mark.parametrize(("lab1", "lab2", "expected"), [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
])
def test_ciede2000_matches_the_published_test_pairs(lab1, lab2, expected):
    assert ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(("deficiency", "pair"), [
    ("deuteranopia", ("#d62728", "#7f7f00")),  # red and olive
    ("protanopia", ("#ff0000", "#6e6e00")),  # bright red and dark olive
    ("tritanopia", ("#56b4e9", "#7fbf7f")),  # sky blue and soft green
])
def test_simulation_confuses_what_each_deficiency_confuses(deficiency, pair):
    """Each pair is far apart for normal vision and for the other deficiencies, and close
    (under 10) only for the deficiency that confuses it."""
    assert difference(*pair, None) > 35
    for other in MACHADO:
        if other == deficiency:
            assert difference(*pair, other) < 10
        else:
            assert difference(*pair, other) > 14
    assert lab("#ffffff", deficiency) == pytest.approx([100, 0, 0], abs=0.1)


def neighbour_pairs() -> list[tuple[str, str, str]]:
    """(palette, colour, colour) for neighbouring classes of the sequential palettes and every
    pair of the comparison palette (its categories are not ordered)."""
    pairs = [(f"sequential {n}", a, b) for n, colours in theme.SEQUENTIAL.items()
             for a, b in itertools.pairwise(colours)]
    for name, order in theme.COMPARISON_ORDER.items():
        colours = [theme.COMPARISON_COLOURS[c] for c in order]
        pairs += [(f"comparison {name}", a, b) for a, b in itertools.combinations(colours, 2)]
    return pairs


@pytest.mark.parametrize("deficiency", VISION)
def test_sequential_and_comparison_classes_stay_apart(deficiency):
    closest = min((difference(a, b, deficiency), name, a, b) for name, a, b in neighbour_pairs())
    assert closest[0] >= MIN_NEIGHBOURS, f"{deficiency or 'normal vision'}: {closest}"


@pytest.mark.parametrize("deficiency", VISION)
def test_bivariate_cells_stay_apart(deficiency):
    cells = [(need, cov, colour) for need, row in enumerate(theme.BIVARIATE_COLOURS, 1)
             for cov, colour in enumerate(row, 1)]
    assert len({c for _, _, c in cells}) == 9
    closest = min((difference(a[2], b[2], deficiency), a[:2], b[:2])
                  for a, b in itertools.combinations(cells, 2))
    assert closest[0] >= MIN_BIVARIATE, f"{deficiency or 'normal vision'}: {closest}"


def test_the_previous_bivariate_palette_fails_the_check():
    """Stevens' blue-pink palette (used until this test existed) fails under deuteranopia: its
    priority cell (need 3, coverage 1) is within 4 of need 2 / coverage 3."""
    stevens = {(3, 1): "#be64ac", (2, 3): "#5698b9"}
    assert difference(stevens[(3, 1)], stevens[(2, 3)], "deuteranopia") < 4
    assert difference("#e8e8e8", "#ace4e4", "protanopia") < MIN_BIVARIATE


def test_contrast_ratio_matches_wcag():
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert theme.text_on("#311e3b") == "#ffffff"
    assert theme.text_on("#d3d3d3") == theme.TEXT


def test_bivariate_legend_counts_are_readable_on_every_cell():
    """Each cell's count is written in the colour with the better contrast on that cell, at
    least 4.5:1 (WCAG AA for text): dark on the light cells, white on the dark ones."""
    import pandas as pd

    from dashboard.pages.gaps.figures import bivariate_legend

    fig = bivariate_legend(pd.Series({code: 10 + code for code in range(9)}))
    notes = fig.layout.annotations
    assert len(notes) == 9
    fills = {(need, cov): colour for need, row in enumerate(theme.BIVARIATE_COLOURS)
             for cov, colour in enumerate(row)}
    words = [w.capitalize() for w in CLASS_WORDS]
    colours = set()
    for note in notes:
        fill = fills[(words.index(note.y), words.index(note.x))]
        assert theme.contrast_ratio(note.font.color, fill) >= 4.5, (note.text, fill)
        colours.add(note.font.color)
    assert colours == {theme.TEXT, "#ffffff"}
    assert any("Priority" in n.text and "16 areas" in n.text for n in notes)  # need 3, cov 1
