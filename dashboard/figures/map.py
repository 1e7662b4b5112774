"""Choropleth map: classification of values and the map figure (pure, no dash import).

The figure has two traces over the same polygons: a grey "No data" background drawn once per
geography, and the data trace whose ``z`` is a class index (NaN = not drawn, so the grey shows
through). An indicator switch therefore only needs the data trace's ``z``, ``text`` and colour
scale, which :func:`map_style` returns and the callback sends as a ``dash.Patch``.

PNG export is in-browser: the Plotly modebar camera button ("Download plot as a png") works
offline; its filename is set by :func:`graph_config`.
"""

from __future__ import annotations

import math

import mapclassify
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.formatting import value_text, values_text
from core.verdicts import NOT_COMPARED
from dashboard import theme

COLOURINGS = {
    "quantiles": "Quantiles (5 groups)",
    "equal_interval": "Equal interval",
    "natural_breaks": "Natural breaks (Fisher-Jenks)",
    "england95": "Compared with England (95%)",
    "england998": "Compared with England (99.8%)",
}
DATA_TRACE = 1
HOVER = "<b>%{customdata}</b> (%{location})<br>%{text}<extra></extra>"



def _cluster_cost(w: np.ndarray, s: np.ndarray, q: np.ndarray, a: np.ndarray,
                  b: np.ndarray) -> np.ndarray:
    """Weighted sum of squared deviations of the sorted values ``a:b`` (from prefix sums)."""
    n = w[b] - w[a]
    total = s[b] - s[a]
    return np.maximum(q[b] - q[a] - total * total / n, 0.0)


def _fisher_jenks_layer(prev: np.ndarray, j: int, w: np.ndarray, s: np.ndarray,
                        q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One step of the dynamic programme: for every ``i >= j``, the least cost of ``j``
    classes over the first ``i`` values and where its last class starts (leftmost optimum).

    The optimal start is non-decreasing in ``i`` (the cost is a Monge array), so the optima of
    all ``i`` are found by divide and conquer, one vectorised round per level of the
    recursion: O(n log n) per class instead of O(n^2).
    """
    n = len(w) - 1
    cur = np.full(n + 1, np.inf)
    arg = np.zeros(n + 1, dtype=np.intp)
    # pending tasks: rows lo..hi, whose optimum lies in mlo..mhi
    lo, hi = np.array([j]), np.array([n])
    mlo, mhi = np.array([j - 1]), np.array([n - 1])
    while lo.size:
        mid = (lo + hi) // 2
        first = mlo
        lens = np.minimum(mhi, mid - 1) - first + 1
        starts = np.cumsum(lens) - lens
        seg = np.repeat(np.arange(mid.size), lens)
        m = first[seg] + np.arange(int(lens.sum())) - starts[seg]
        val = prev[m] + _cluster_cost(w, s, q, m, mid[seg])
        best_val = np.minimum.reduceat(val, starts)
        hits = np.flatnonzero(val == best_val[seg])
        best = m[hits[np.searchsorted(seg[hits], np.arange(mid.size))]]
        cur[mid], arg[mid] = best_val, best
        left, right = lo < mid, mid < hi
        lo, hi, mlo, mhi = (np.concatenate(pair) for pair in (
            (lo[left], mid[right] + 1), (mid[left] - 1, hi[right]),
            (mlo[left], best[right]), (best[left], mhi[right])))
    return cur, arg


def fisher_jenks(values: np.ndarray, k: int) -> np.ndarray:
    """Natural breaks: upper bounds of the ``k`` classes of ``values`` that minimise the total
    within-class sum of squared deviations (exact Fisher-Jenks, all values, no sampling).

    Parameters
    ----------
    values : array of float, no NaN, at least ``k`` distinct values.
    k : number of classes (>= 1).

    Returns
    -------
    numpy.ndarray of the ``k`` class maxima, increasing; the last is ``max(values)``.

    Notes
    -----
    Fisher's optimal partition of sorted data [1]_, the classification mapclassify's
    ``FisherJenks`` computes, by dynamic programming over the distinct values weighted by
    their counts (an optimal partition never splits equal values):
    ``D_j(i) = min_m D_{j-1}(m) + SSD(m, i)``, where ``SSD(m, i)`` is the weighted sum of
    squared deviations of sorted values ``m..i-1`` from their mean, from prefix sums of the
    weights, values and squares (values centred first, to limit cancellation). Because the
    optimal ``m`` is non-decreasing in ``i``, each ``D_j`` is found by divide and conquer in
    O(n log n) [2]_ [3]_, vectorised with numpy: about 0.1 s for England's 33,755 LSOAs, where
    mapclassify's pure-Python O(k n^2) loop (without numba) took 12-28 s on a 10% random sample
    and gave different breaks on every call. Ties between equally good partitions go to the
    one whose classes start earliest.

    References
    ----------
    .. [1] Fisher, W. D. (1958). On grouping for maximum homogeneity. JASA 53(284), 789-798.
    .. [2] Wang, H., Song, M. (2011). Ckmeans.1d.dp: optimal k-means clustering in one
       dimension by dynamic programming. The R Journal 3(2), 29-33.
    .. [3] Grønlund, A. et al. (2017). Fast exact k-means, k-medians and Bregman divergence
       clustering in 1D. arXiv:1701.07204.

    Examples
    --------
    >>> fisher_jenks(np.array([1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 30.0]), 3).tolist()
    [3.0, 12.0, 30.0]
    """
    x, counts = np.unique(np.asarray(values, dtype=float), return_counts=True)
    if np.isnan(x).any():
        msg = "fisher_jenks: values must not be NaN"
        raise ValueError(msg)
    if not 1 <= k <= len(x):
        msg = f"fisher_jenks: k must be from 1 to the number of distinct values ({len(x)}), got {k}"
        raise ValueError(msg)
    n = len(x)
    weights = counts.astype(float)
    centred = x - np.average(x, weights=weights)
    w = np.concatenate(([0.0], np.cumsum(weights)))
    s = np.concatenate(([0.0], np.cumsum(weights * centred)))
    q = np.concatenate(([0.0], np.cumsum(weights * centred * centred)))
    ends = np.arange(n + 1)
    cost = np.full(n + 1, np.inf)
    cost[1:] = _cluster_cost(w, s, q, np.zeros(n, dtype=np.intp), ends[1:])
    starts_of: list[np.ndarray] = []
    for j in range(2, k):
        cost, arg = _fisher_jenks_layer(cost, j, w, s, q)
        starts_of.append(arg)
    splits = [n]
    if k > 1:  # the last class: only its start for all n values is needed
        m = np.arange(k - 1, n)
        last = cost[m] + _cluster_cost(w, s, q, m, np.full(m.size, n))
        splits.append(int(m[np.argmin(last)]))
        for arg in reversed(starts_of):
            splits.append(int(arg[splits[-1]]))
    return x[np.array(splits[::-1]) - 1]


def classify(values: pd.Series, method: str, k: int = theme.N_CLASSES) -> tuple[np.ndarray, list]:
    """Class index per value (NaN when missing) and the class labels, lowest first.

    ``method``: "quantiles" (default), "equal_interval" or "natural_breaks" (exact
    Fisher-Jenks over every value, :func:`fisher_jenks`: deterministic, and fast enough for all
    LSOAs). ``k`` is lowered to the number of distinct values when there are fewer.
    """
    x = values.astype(float).to_numpy()
    ok = ~np.isnan(x)
    out = np.full(x.shape, np.nan)
    if not ok.any():
        return out, []
    data = x[ok]
    k = int(min(k, max(1, len(np.unique(data)))))
    if k < 2:
        out[ok] = 0
        return out, [value_text(float(data[0]))]
    if method == "equal_interval":
        bins = mapclassify.EqualInterval(data, k=k).bins
    elif method == "natural_breaks":
        bins = fisher_jenks(data, k)
    else:
        bins = np.unique(np.quantile(data, np.linspace(0, 1, k + 1)[1:]))
    bins = np.asarray(bins, dtype=float)
    bins[-1] = max(bins[-1], data.max())
    out[ok] = np.searchsorted(bins, data, side="left").clip(0, len(bins) - 1)
    lows = [float(data.min()), *bins[:-1]]
    labels = [f"{value_text(lo)} – {value_text(hi)}" for lo, hi in zip(lows, bins, strict=True)]
    return out, labels


def _discrete_scale(colours: list[str]) -> list[list]:
    n = len(colours)
    scale: list[list] = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale



def data_array(values) -> np.ndarray:
    """The values as a 1-D object array, for a trace's per-area properties (locations, z,
    text, customdata).

    Plotly checks and copies a list element by element (about 0.2 s per trace property for the
    33,755 LSOAs) but takes an array as it is; an object array also keeps the JSON the same as
    the list's (ints stay ints, None stays null), where a numeric array would be sent as a
    base64 typed array.
    """
    if isinstance(values, (pd.Series, pd.Index, np.ndarray)):
        return np.asarray(values, dtype=object).copy()
    items = list(values)
    out = np.empty(len(items), dtype=object)  # never 2-D, whatever the items are
    out[:] = items
    return out


def _flags(frame: pd.DataFrame) -> np.ndarray:
    """True where the build's quality gates flagged the area's value."""
    if "quality_flag" not in frame:
        return np.zeros(len(frame), dtype=bool)
    return frame["quality_flag"].notna().to_numpy()


def flagged_hover(value: float, reason: object, unit: str) -> str:
    """Hover line of a flagged value: the value, struck through in words, and the reason."""
    shown = "no value" if value != value else value_text(value, unit)
    return f"Flagged: {reason}<br>({shown} as published; not used)"


def hover_text(frame: pd.DataFrame, meta: dict, *, detailed: bool,
               comparison: pd.Series | None = None, level: str = "95%") -> list[str]:
    """Per-area hover line: value with CI, count/denominator and the verdict against England
    at ``level`` (``comparison`` when given, else the stored 95% one; "not compared" where
    there is no CI), in short form for many areas; a value flagged by the quality gates shows
    "Flagged: <reason>" instead."""
    unit = meta.get("unit") or ""
    values = frame["value"].to_numpy(dtype=float)
    flags = _flags(frame)
    if not detailed:  # the unit is in the hover template (``map_style``), not in every line
        out = values_text(values, "")
        for k in np.flatnonzero(flags):
            out[k] = flagged_hover(values[k], frame["quality_reason"].iloc[k], unit)
        return out
    labels = (list(comparison) if comparison is not None
              else list(frame["compared_to_england"]))
    out = []
    for i, (row, label) in enumerate(zip(frame.itertuples(index=False), labels, strict=True)):
        if flags[i]:
            out.append(flagged_hover(values[i], row.quality_reason, unit))
            continue
        if row.value is None or pd.isna(row.value):
            reason = "suppressed (small numbers)" if row.is_suppressed is True else "no data"
            out.append(f"No data: {reason}")
            continue
        text = f"{value_text(row.value, unit)} {'' if unit.startswith('%') else unit}".strip()
        if not pd.isna(row.lower_95) and not pd.isna(row.upper_95):
            text += f"<br>95% CI {value_text(row.lower_95)} – {value_text(row.upper_95)}"
        if not pd.isna(row.count) and not pd.isna(row.denominator):
            text += f"<br>{row.count:,.0f} / {row.denominator:,.0f}"
        label = label if isinstance(label, str) and label else NOT_COMPARED
        text += f"<br>vs England ({level}): {label}"
        out.append(text)
    return out


def map_style(
    frame: pd.DataFrame,
    meta: dict,
    *,
    colouring: str,
    period: str,
    comparison: pd.Series | None = None,
    detailed: bool = True,
) -> dict:
    """Everything on the data trace that changes with indicator, period or colouring.

    ``frame`` has one row per area (the map's location order) with value columns;
    ``comparison`` holds labels (better/similar/...) for the comparison colourings.
    Values flagged by the build's quality gates are left out of the classes and drawn in
    their own grey ("Flagged (not used)"), never coloured as if valid.
    """
    unit = meta.get("unit") or ""
    flags = _flags(frame)
    published = frame["value"]
    if flags.any():
        frame = frame.copy()
        frame.loc[flags, "value"] = np.nan  # neither classed nor compared
    if colouring in ("england95", "england998") and comparison is not None:
        kind = "no_judgement" if meta.get("polarity") == "no_judgement" else "judgement"
        order = theme.COMPARISON_ORDER[kind]
        labels_series = comparison.where(comparison.isin(order), "not compared")
        z = labels_series.map({label: i for i, label in enumerate(order)}).astype(float)
        z[frame["value"].isna().to_numpy()] = np.nan
        z_arr = z.to_numpy()
        colours = [theme.COMPARISON_COLOURS[label] for label in order]
        labels = [label.capitalize() for label in order]
        level = "99.8%" if colouring == "england998" else "95%"
        title = f"vs England ({level})"
    else:
        z_arr, labels = classify(frame["value"], colouring)
        colours = theme.SEQUENTIAL.get(len(labels), theme.SEQUENTIAL[theme.N_CLASSES])[
            : max(len(labels), 1)
        ]
        title = unit
    # hover: flagged areas say why, with the value as published
    level = "99.8%" if colouring == "england998" else "95%"
    text = hover_text(frame.assign(value=published.to_numpy()) if flags.any() else frame, meta,
                      detailed=detailed,
                      comparison=comparison if colouring == "england998" else None, level=level)
    if flags.any():
        colours = [*colours, theme.FLAGGED]
        labels = [*labels, "Flagged (not used)"]
        z_arr = np.where(flags, len(labels) - 1, np.asarray(z_arr, dtype=float))
    n = max(len(labels), 1)
    z_list = [None if np.isnan(v) else int(v) for v in z_arr]
    hovertemplate = HOVER
    if not detailed:  # an area without a class is not drawn, so its hover is never shown
        text = ["" if z is None else t for z, t in zip(z_list, text, strict=True)]
        if unit:
            hovertemplate = HOVER.replace("%{text}", f"%{{text}}<br>{unit}")
    return {
        "z": z_list,
        "text": text,
        "colorscale": _discrete_scale(colours),
        "zmin": -0.5,
        "zmax": n - 0.5,
        "colorbar": {
            "title": {"text": f"{title}<br>{period}<br><sup>grey = no data</sup>"},
            "tickvals": list(range(n)),
            "ticktext": labels,
            "len": 0.55,
            "thickness": 14,
            "x": 0.01,
            "xanchor": "left",
            "y": 0.98,
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        "name": meta.get("name", ""),
        "hovertemplate": hovertemplate,
    }


def view_for_bbox(bounds: tuple[float, float, float, float] | None) -> dict:
    """Map centre and zoom that fit a bounding box (England when None)."""
    if bounds is None:
        return {"center": dict(theme.MAP_CENTER), "zoom": theme.MAP_ZOOM}
    min_lon, min_lat, max_lon, max_lat = bounds
    span = max(max_lon - min_lon, (max_lat - min_lat) * 1.6, 0.005)
    # England (span ~9.6 with the latitude factor) fits the 620 px map at zoom 5.2
    zoom = float(np.clip(math.log2(360 / span), 4, 15))
    return {"center": {"lon": (min_lon + max_lon) / 2, "lat": (min_lat + max_lat) / 2}, "zoom": zoom}


def map_figure(
    geojson: dict | str,
    areas: pd.DataFrame,
    style: dict,
    *,
    view: dict | None = None,
) -> go.Figure:
    """Full choropleth: grey no-data layer plus the classified data layer.

    ``geojson`` is a FeatureCollection or, in the app, the URL of one (`dashboard.geometry`):
    both layers then share one cached download instead of embedding the polygons twice.
    Per-area properties are passed as object arrays (:func:`data_array`): the same figure and
    JSON as with lists, built in about a tenth of the time for all LSOAs.
    """
    codes = data_array(areas["area_code"])
    names = data_array(areas["area_name"])
    view = view or view_for_bbox(None)
    # outlines would cover small urban polygons when thousands are drawn (LSOAs)
    line = {"width": 0 if len(codes) > 2000 else 0.3, "color": "white"}
    background = go.Choroplethmap(
        geojson=geojson,
        locations=codes,
        z=data_array([0] * len(codes)),
        colorscale=[[0, theme.NO_DATA], [1, theme.NO_DATA]],
        showscale=False,
        marker={"line": line},
        hoverinfo="skip",
        name="No data",
    )
    data = go.Choroplethmap(
        geojson=geojson,
        locations=codes,
        customdata=names,
        z=data_array(style["z"]),
        text=data_array(style["text"]),
        colorscale=style["colorscale"],
        zmin=style["zmin"],
        zmax=style["zmax"],
        colorbar=style.get("colorbar"),
        showscale=style.get("showscale", True),
        marker={"line": line, "opacity": 0.9},
        hovertemplate=style.get("hovertemplate", HOVER),
        name=style["name"],
    )
    fig = go.Figure([background, data])
    fig.update_layout(
        map={"style": theme.MAP_STYLE, **view},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=theme.MAP_HEIGHT,
        font={"family": theme.FONT, "color": theme.TEXT},
        uirevision=None,
        clickmode="event",
    )
    return fig


def graph_config(filename: str) -> dict:
    """dcc.Graph config: offline PNG export from the modebar with a meaningful filename."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
