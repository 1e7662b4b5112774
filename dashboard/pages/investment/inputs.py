"""What the investment case page's controls send, read and checked again (anything from the
browser may have been altered): the scenario of the controls (:func:`view_from_inputs`), the
stored scenario (:func:`stored_state`) and the badges of edited figures
(:func:`figure_statuses`)."""

from __future__ import annotations

from typing import Any

from dashboard import validation
from dashboard.pages.investment.components import PARTS, badge
from dashboard.pages.investment.scenario_values import same_figure
from dashboard.pages.investment.state import KEYS, InvestmentState
from planning import report
from planning.interventions import CATALOGUE_BY_ID

# ---------------------------------------------------------------------------
# state from the controls
# ---------------------------------------------------------------------------


def view_from_inputs(*, mode, geo, areas, theme, pgeo, within, parent, dgeo, darea, iv, rule,
                     uplift, horizon, rate, cur, elig, nhs, split, figure_values=None,
                     figure_ids=None, agreed_values=None, agreed_ids=None) -> InvestmentState:
    """Resolved state from the control values (figures of another intervention are ignored,
    and so are inputs whose pattern-matching id is malformed; values are checked by
    :meth:`InvestmentState.resolve`)."""
    ovr: dict[str, list] = {}
    iv = validation.choice(iv, CATALOGUE_BY_ID, None)
    if iv is not None:
        figures = CATALOGUE_BY_ID[iv].figures()
        parts: dict[str, dict[str, Any]] = {}
        if isinstance(figure_ids, list) and isinstance(figure_values, list) \
                and len(figure_ids) == len(figure_values):
            for fid, value in zip(figure_ids, figure_values, strict=True):
                if not isinstance(fid, dict) or fid.get("iv") != iv:
                    continue
                field, part = validation.text(fid.get("field")), validation.text(fid.get("part"))
                if field in figures and part in PARTS and value is not None:
                    parts.setdefault(field, {})[part] = value
        for field, given in parts.items():
            fig = figures[field]
            ovr[field] = [given.get("low", fig.low), given.get("central", fig.central),
                          given.get("high", fig.high)]
    agreed = {code: v for code, v in validation.pairs(agreed_ids, agreed_values, key="partner")
              if v is not None}
    params = {"mode": mode, "geo": geo, "areas": areas, "theme": theme,
              "pgeo": pgeo, "within": within, "parent": parent, "dgeo": dgeo, "darea": darea,
              "iv": iv, "rule": rule, "uplift": uplift, "horizon": horizon, "rate": rate,
              "ovr": ovr, "cur": cur, "elig": elig, "nhs": nhs, "split": split,
              "agreed": agreed}
    return InvestmentState.resolve(params)


def stored_state(state: Any) -> tuple[InvestmentState | None, str]:
    """The page's stored scenario (``INVESTMENT_STATE``) checked again, as anything the browser
    sends may have been altered: (state, "") or (None, why it cannot be used)."""
    raw = validation.mapping(state, max_items=len(KEYS) + 5)
    if raw is None:
        return None, "the page's scenario could not be read; change any choice and try again"
    problems: list[str] = []
    resolved = InvestmentState.resolve(raw, problems)
    if problems or set(raw) != set(KEYS):
        detail = "; ".join(problems[:3]) or "fields missing or unknown"
        return None, (f"the page's scenario is not valid ({detail}); change any choice and "
                      "try again")
    return resolved, ""


def _figure_key(fid: Any) -> tuple[str, str] | None:
    """(intervention, field) of a figure input's or badge's id, None when it names no figure."""
    if not isinstance(fid, dict):
        return None
    iv, field = validation.text(fid.get("iv")), validation.text(fid.get("field"))
    if iv is None or field is None or iv not in CATALOGUE_BY_ID \
            or field not in CATALOGUE_BY_ID[iv].figures():
        return None
    return iv, field


def figure_statuses(values: list, id_list: list[dict], status_ids: list[dict]) -> list:
    """Badge per figure: 'your assumption' once any of its inputs differs from the catalogue
    (a badge whose id names no figure gets "–"; malformed inputs are ignored)."""
    given: dict[tuple[str, str], dict[str, Any]] = {}
    if isinstance(values, list) and isinstance(id_list, list) and len(values) == len(id_list):
        for fid, value in zip(id_list, values, strict=True):
            key = _figure_key(fid)
            part = validation.text(fid.get("part")) if key else None
            if key and part in PARTS:
                given.setdefault(key, {})[part] = value
    out: list = []
    for sid in status_ids if isinstance(status_ids, list) else []:
        key = _figure_key(sid)
        if key is None:
            out.append("–")
            continue
        base = CATALOGUE_BY_ID[key[0]].figures()[key[1]]
        parts = given.get(key, {})
        edited = any(v is not None and (isinstance(v, bool) or not isinstance(v, int | float)
                                        or not same_figure((v,), (getattr(base, p),)))
                     for p, v in parts.items())
        out.append(badge("your assumption" if edited else report.figure_status(base)))
    return out
