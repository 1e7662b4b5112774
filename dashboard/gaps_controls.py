"""Controls of the gaps page built from data (shared by the page layout and its callbacks)."""

from __future__ import annotations

from dash import dcc, html

from core import themes
from dashboard import ids
from dashboard.controls import area_options
from dashboard.data import indicators


def weight_inputs(theme_id: str, weights: dict[str, float]) -> list:
    """Number inputs (pattern-matching ids) for every need and coverage indicator of a theme."""
    theme = themes.THEMES_BY_ID[theme_id]
    cat = indicators.catalogue()
    blocks = []
    for role, group in (("need", theme.need_weights), ("coverage", theme.coverage_weights)):
        rows = []
        for ind, default in group.items():
            name = cat.loc[ind, "name"] if ind in cat.index else f"{ind} (not in warehouse)"
            rows.append(html.Div([
                dcc.Input(id={"type": ids.GAPS_WEIGHT, "role": role, "indicator": ind},
                          type="number", min=0, max=10, step=0.5,
                          value=weights.get(ind, default), debounce=True,
                          className="weight-input"),
                html.Span(str(name), className="weight-name",
                          title=f"default weight {default:g}"),
            ], className="weight-row"))
        blocks.append(html.Fieldset([html.Legend(f"{role.capitalize()} index weights"), *rows],
                                    className="weights"))
    return blocks


def parent_options(within: str) -> list[dict]:
    """Every area of the parent geography as dropdown options."""
    return area_options(within, limit=None)
