"""The stroke page's travel-time map (pure): the LSOA surface of modelled road minutes to the
nearest thrombolysis unit or thrombectomy centre, drawn from the geometry URL (never embedded),
the chosen area's outline, the units serving it and every stroke unit on top.

Units are plain circles: on the offline ``white-bg`` style any other Scattermap symbol is a
Maki icon that plotly.js fetches from a CDN, so unit types differ by colour, size and a ring,
which also show in the legend.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.formatting import value_text
from dashboard import theme
from dashboard.disclosure import MIN_COUNT
from dashboard.figures.map import view_for_bbox
from dashboard.pages.stroke.pathway import is_missing

TRAVEL_BREAKS = (15, 30, 45, 60)
TRAVEL_LABELS = ("under 15", "15–30", "30–45", "45–60", "60 or more")
TRAVEL_COLOURS = theme.SEQUENTIAL[5]  # as the atlas: yellow = near, purple = far
TRAVEL_ZMAX = 75.0
TRAVEL_TARGETS = {
    "ivt": ("ivt_minutes", "nearest thrombolysis (IVT) unit"),
    "mt": ("mt_minutes", "nearest thrombectomy (MT) centre"),
}
SURFACE, NO_DATA_TRACE, OUTLINE_CASING, OUTLINE, SERVING = range(5)


def fit_view(bounds: tuple[float, float, float, float] | None,
             points: pd.DataFrame | None = None, *, margin: float = 0.2) -> dict:
    """Centre and zoom (``figures.map.view_for_bbox``) of the box holding the area and the
    units serving it (``longitude``/``latitude`` of ``points``), widened by ``margin`` of its
    size; England's view when ``bounds`` is None."""
    if bounds is None:
        return view_for_bbox(None)
    lons, lats = [bounds[0], bounds[2]], [bounds[1], bounds[3]]
    if points is not None and not points.empty:
        part = points.dropna(subset=["longitude", "latitude"])
        lons += part["longitude"].astype(float).tolist()
        lats += part["latitude"].astype(float).tolist()
    pad_lon = (max(lons) - min(lons)) * margin / 2
    pad_lat = (max(lats) - min(lats)) * margin / 2
    return view_for_bbox((min(lons) - pad_lon, min(lats) - pad_lat,
                          max(lons) + pad_lon, max(lats) + pad_lat))


def travel_colorscale(zmax: float = TRAVEL_ZMAX) -> list[list]:
    """Stepped scale over 0..zmax, class edges half a rounding step (0.05 min) below each
    break so that values rounded to 0.1 min fall in the class they belong to (15.0 -> 15-30)."""
    edges = [0.0, *[(b - 0.05) / zmax for b in TRAVEL_BREAKS], 1.0]
    scale: list[list] = []
    for colour, lo, hi in zip(TRAVEL_COLOURS, edges[:-1], edges[1:], strict=True):
        scale += [[lo, colour], [hi, colour]]
    return scale


def travel_class(minutes: pd.Series) -> pd.Series:
    """Class label per value (the map's legend classes); None when missing."""
    x = minutes.astype(float)
    idx = np.searchsorted(np.asarray(TRAVEL_BREAKS, dtype=float), x.round(1).to_numpy(),
                          side="right")
    labels = np.array(TRAVEL_LABELS, dtype=object)[idx]
    labels[x.isna().to_numpy()] = None
    return pd.Series(labels, index=minutes.index, dtype=object)


def surface_style(surface: pd.DataFrame, target: str = "ivt") -> dict:
    """The surface trace's z, hover and colour bar for a travel-time target (patchable)."""
    col, what = TRAVEL_TARGETS[target]
    z = surface[col].astype(float).round(1)
    mids = [7.5, 22.5, 37.5, 52.5, (60 + TRAVEL_ZMAX) / 2]
    return {
        "z": [None if math.isnan(v) else v for v in z.tolist()],
        "hovertemplate": (f"<b>%{{location}}</b><br>%{{z:.1f}} minutes by road to the {what}"
                          "<extra></extra>"),
        "colorbar": {
            "title": {"text": f"Minutes to the<br>{what}<br><sup>modelled road time, 2022"
                              "</sup>", "font": {"size": 12}},
            "tickvals": mids, "ticktext": list(TRAVEL_LABELS), "len": 0.42, "thickness": 16,
            "x": 0.01, "xanchor": "left", "y": 0.98, "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.9)", "tickfont": {"size": 12},
        },
    }


def _flag(unit, name: str) -> bool:
    value = getattr(unit, name, False)
    return bool(value) if value is not None and value == value else False


def _unit_hover(units: pd.DataFrame) -> list[str]:
    out = []
    for u in units.itertuples(index=False):
        kind = ("Thrombectomy (MT) centre and thrombolysis unit" if u.is_mt_centre else
                "Thrombolysis (IVT) unit" if u.is_ivt_unit else "Stroke unit without thrombolysis")
        text = f"<b>{u.unit_name}</b> ({u.unit_code}, {u.country})<br>{kind}"
        if is_missing(u.admissions_2021_22_count):
            text += f"<br>2021/22: admissions suppressed or not published (under {MIN_COUNT})"
        else:
            text += f"<br>2021/22: {u.admissions_2021_22_count:,.0f} stroke admissions"
            if not is_missing(u.thrombolysis_rate_pct):
                text += f", thrombolysis {value_text(u.thrombolysis_rate_pct, '%')}"
            elif _flag(u, "is_thrombolysis_2021_22_suppressed"):
                text += (f", thrombolysis rate suppressed (fewer than {MIN_COUNT} patients "
                         "treated or not treated)")
            else:
                text += ", thrombolysis rate suppressed or not published"
        if not is_missing(u.thrombectomy_rate_2023_24_pct):
            text += (f"<br>2023/24: {value_text(u.thrombectomy_rate_2023_24_pct, '%')} of admissions "
                     "transferred for thrombectomy")
        elif _flag(u, "is_thrombectomy_2023_24_suppressed") and not u.is_mt_centre:
            text += (f"<br>2023/24: thrombectomy transfers suppressed (fewer than {MIN_COUNT} "
                     "patients transferred or not)")
        elif u.is_mt_centre:
            text += ("<br>2023/24: thrombectomy on site (SSNAP counts transfers only; "
                     "transfers suppressed or none)")
        else:
            text += "<br>2023/24: thrombectomy transfers suppressed or not published"
        if not is_missing(u.mean_length_of_stay_2023_days):
            text += f"<br>Mean length of stay 2023: {value_text(u.mean_length_of_stay_2023_days)} days"
        out.append(text)
    return out


def _points(units: pd.DataFrame, *, name: str, size: float, colour: str, legend: bool,
            hover: bool, opacity: float = 1.0) -> go.Scattermap:
    return go.Scattermap(
        lon=units["longitude"].tolist(), lat=units["latitude"].tolist(), mode="markers",
        marker={"size": size, "color": colour, "opacity": opacity},  # circles only: offline
        name=name, showlegend=legend, legendgroup=name,
        text=_unit_hover(units) if hover else None,
        hovertemplate="%{text}<extra></extra>" if hover else None,
        hoverinfo=None if hover else "skip",
    )


def unit_traces(units: pd.DataFrame) -> list[go.Scattermap]:
    """Stroke units as ringed circles: grey (no IVT), vermillion (IVT), large blue (MT)."""
    units = units.dropna(subset=["longitude", "latitude"])
    mt = units[units["is_mt_centre"].fillna(False).astype(bool)]
    ivt = units[units["is_ivt_unit"].fillna(False).astype(bool) & ~units.index.isin(mt.index)]
    other = units[~units.index.isin(mt.index) & ~units.index.isin(ivt.index)]
    traces = []
    for part, name, size, colour in (
        (other, "Stroke unit without thrombolysis", 7, theme.STROKE_OTHER_UNIT),
        (ivt, "Thrombolysis (IVT) unit", 11, theme.STROKE_IVT_UNIT),
        (mt, "Thrombectomy (MT) centre (also IVT)", 17, theme.STROKE_MT_CENTRE),
    ):
        traces.append(_points(part, name=name, size=size + 4, colour="#000000", legend=False,
                              hover=False))
        traces.append(_points(part, name=f"{name} ring", size=size + 2, colour="#ffffff",
                              legend=False, hover=False))
        traces.append(_points(part, name=name, size=size, colour=colour, legend=True,
                              hover=True))
    return traces


def serving_points(serving: pd.DataFrame) -> dict:
    """lon/lat of the units serving the chosen area (the halo trace, patchable)."""
    part = serving.dropna(subset=["longitude", "latitude"]).drop_duplicates("unit_code")
    return {"lon": part["longitude"].tolist(), "lat": part["latitude"].tolist()}


def stroke_map_figure(
    lsoa_geojson: dict | str,
    surface: pd.DataFrame,
    units: pd.DataFrame,
    *,
    area_geojson: dict | str,
    area_code: str | None,
    serving: pd.DataFrame | None = None,
    view: dict | None = None,
    target: str = "ivt",
) -> go.Figure:
    """Travel-time surface by LSOA, the chosen area's outline, serving units and all units.

    Trace order (patched by index): surface, no-data LSOAs, outline casing, outline, serving
    halo, then three traces (ring, ring, dot) per unit type.
    """
    style = surface_style(surface, target)
    col = TRAVEL_TARGETS[target][0]
    missing = surface.loc[surface[col].isna(), "area_code"].tolist()
    clear = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
    locations = [area_code] if area_code else []
    traces = [
        go.Choroplethmap(
            geojson=lsoa_geojson, locations=surface["area_code"].tolist(), z=style["z"],
            zmin=0, zmax=TRAVEL_ZMAX, colorscale=travel_colorscale(), colorbar=style["colorbar"],
            marker={"line": {"width": 0}, "opacity": 0.85}, hovertemplate=style["hovertemplate"],
            name="Travel time", showlegend=False,
        ),
        go.Choroplethmap(
            geojson=lsoa_geojson, locations=missing, z=[0] * len(missing),
            colorscale=[[0, theme.NO_DATA], [1, theme.NO_DATA]], showscale=False,
            marker={"line": {"width": 0}}, name="No data", showlegend=bool(missing),
            hovertemplate="<b>%{location}</b><br>No travel time<extra></extra>",
        ),
        go.Choroplethmap(
            geojson=area_geojson, locations=locations, z=[0] * len(locations), colorscale=clear,
            showscale=False, marker={"line": {"width": 5, "color": "#ffffff"}},
            hoverinfo="skip", showlegend=False, name="Selected area casing",
        ),
        go.Choroplethmap(
            geojson=area_geojson, locations=locations, z=[0] * len(locations), colorscale=clear,
            showscale=False, marker={"line": {"width": 2.5, "color": "#000000"}},
            hoverinfo="skip", showlegend=False, name="Selected area",
        ),
        go.Scattermap(
            mode="markers", **serving_points(serving if serving is not None else
                                             pd.DataFrame(columns=["unit_code", "longitude",
                                                                   "latitude"])),
            marker={"size": 34, "color": theme.STROKE_SERVING, "opacity": 0.85},
            name="Serves the selected area", hoverinfo="skip",
        ),
        *unit_traces(units),
        # legend key for the outline (a transparent choropleth shows no legend symbol)
        go.Scattermap(lon=[None], lat=[None], mode="lines", name="Selected area",
                      line={"color": "#000000", "width": 3}, hoverinfo="skip"),
    ]
    fig = go.Figure(traces)
    view = view or {"center": dict(theme.MAP_CENTER), "zoom": theme.MAP_ZOOM}
    fig.update_layout(
        map={"style": theme.MAP_STYLE, **view},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=theme.MAP_HEIGHT,
        font={"family": theme.FONT, "color": theme.TEXT},
        legend={"x": 0.99, "xanchor": "right", "y": 0.99, "yanchor": "top",
                "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": "#999", "borderwidth": 1,
                "font": {"size": 12}, "itemsizing": "constant"},
        clickmode="event",
        uirevision=None,
    )
    return fig
