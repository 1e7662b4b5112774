"""State of the investment case page: one scenario, read from and written to the URL by
:mod:`dashboard.url_state` and to a JSON file that the page's upload reopens.

A scenario (:data:`planning.case.DEFAULT` shows every key) says how the areas are chosen
(``mode``), the intervention, target rule, horizon, discount rate, edited figures, the
assumptions used where data are missing, and the pooled-budget rule.
:meth:`InvestmentState.resolve` turns any (partial, stale or hand-edited) parameters into a
valid state; :meth:`~InvestmentState.to_query` and :meth:`~InvestmentState.to_json` write it,
:meth:`~InvestmentState.parse_query` and :meth:`~InvestmentState.from_json` read it back.
:meth:`~InvestmentState.as_dict` is the dict that :func:`planning.case.compute` takes.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import parse_qsl

from core import geographies, themes
from dashboard import validation
from dashboard.data import indicators
from dashboard.pages.investment.scenario_values import (
    area_code_list,
    decode_agreed,
    decode_overrides,
    encode_overrides,
    finite_number,
)
from dashboard.url_state import PageState
from planning.case import DEFAULT, GEOGRAPHIES, RULES
from planning.interventions import CATALOGUE_BY_ID

MODES = {
    "areas": "Areas of a geography",
    "priority": "Priority areas of the gaps page",
    "deprived": "Most deprived fifth of LSOAs in one area",
}
NHS_LEVELS = {"icb23": "Integrated care boards", "sicbl23": "Sub-ICB locations"}
#: appraisal horizons offered, years
HORIZONS = (5, 10)
SPLITS = {
    "population": "Population share",
    "need": "Need share (expected events)",
    "agreed": "Agreed percentages",
}
#: highest discount rate accepted, % a year
MAX_RATE_PCT = 20.0
FILE_KIND = "health-needs-atlas/investment-scenario"
FILE_VERSION = 1
MAX_FILE_BYTES = 200_000  # a saved scenario is about 2 kB

KEYS = tuple(DEFAULT)
#: the area keys each mode uses (the others are reset to their defaults and left out of a link)
MODE_KEYS = {"areas": ("geo", "areas"), "priority": ("theme", "pgeo", "within", "parent"),
             "deprived": ("dgeo", "darea")}
#: types a scenario file's fields may have
FILE_TYPES: dict[str, tuple[type, ...]] = {
    "mode": (str,), "geo": (str,), "areas": (list,), "theme": (str,), "pgeo": (str,),
    "within": (str,), "parent": (str, type(None)), "dgeo": (str,),
    "darea": (str, type(None)), "iv": (str,), "rule": (str,), "uplift": (int, float),
    "horizon": (int,), "rate": (int, float), "ovr": (dict,), "cur": (int, float, type(None)),
    "elig": (int, float, type(None)), "nhs": (str,), "split": (str,), "agreed": (dict,),
}


def _area_codes(geography: str) -> set[str]:
    return set(indicators.areas(geography)["area_code"])


def _resolve(params: Mapping[str, Any], notes: list[str]) -> dict[str, Any]:
    """The resolved scenario as a dict (see :meth:`InvestmentState.resolve`)."""

    def pick(key: str, allowed) -> Any:
        value = params.get(key)
        if value is None or value == "":
            return DEFAULT[key]
        found = validation.choice(value, allowed, None)
        if found is None:
            notes.append(f"{key} {validation.shown(value)} is not one of "
                         f"{', '.join(map(str, allowed))}")
            return DEFAULT[key]
        return found

    state = dict(DEFAULT)
    state["mode"] = pick("mode", MODES)
    mode = state["mode"]
    if mode == "areas":
        state["geo"] = pick("geo", GEOGRAPHIES)
        if "areas" in params:
            codes = area_code_list(params["areas"])
        else:
            codes = list(DEFAULT["areas"]) if state["geo"] == DEFAULT["geo"] else []
        known = _area_codes(state["geo"])
        unknown = [c for c in codes if c not in known]
        if unknown:
            listed = ", ".join(validation.shown(c).strip("'") for c in unknown[:5])
            more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            notes.append(f"area codes not found in {state['geo']}: {listed}{more}")
        elif "areas" in params and params["areas"] not in (None, "", []) and not codes:
            notes.append("the areas could not be read")
        state["areas"] = list(dict.fromkeys(c for c in codes if c in known))
    elif mode == "priority":
        state["theme"] = pick("theme", themes.THEMES_BY_ID)
        state["pgeo"] = pick("pgeo", GEOGRAPHIES)
        within = geographies.filter_geography(state["pgeo"],
                                              pick("within", geographies.PARENT_GEOGRAPHIES))
        state["within"] = within
        parent = validation.text(params.get("parent"), max_length=20) or None
        if parent is not None and parent not in _area_codes(within):
            notes.append(f"parent area {validation.shown(parent)} not found in {within}")
            parent = None
        elif parent is None and params.get("parent") not in (None, ""):
            notes.append(f"parent area {validation.shown(params.get('parent'))} not found")
        state["parent"] = parent
    else:
        state["dgeo"] = pick("dgeo", GEOGRAPHIES)
        darea = validation.text(params.get("darea"), max_length=20) or None
        if darea is None and params.get("darea") not in (None, ""):
            notes.append(f"area {validation.shown(params.get('darea'))} not found")
        if darea is None and state["dgeo"] == DEFAULT["dgeo"] and "darea" not in params:
            darea = DEFAULT["darea"]
        if darea is not None and darea not in _area_codes(state["dgeo"]):
            notes.append(f"area {validation.shown(darea)} not found in {state['dgeo']}")
            darea = None
        state["darea"] = darea
    state["iv"] = pick("iv", CATALOGUE_BY_ID)
    iv = CATALOGUE_BY_ID[state["iv"]]
    state["rule"] = pick("rule", RULES)
    if state["rule"] == "uplift_pp":
        uplift = finite_number(params.get("uplift", DEFAULT["uplift"]))
        if uplift is None or not 0 <= uplift <= 100:
            notes.append("the uplift must be a number of percentage points from 0 to 100")
            uplift = DEFAULT["uplift"]
        state["uplift"] = uplift
    horizon = finite_number(params.get("horizon", DEFAULT["horizon"]))
    if horizon not in HORIZONS:
        notes.append("the horizon must be 5 or 10 years")
        horizon = DEFAULT["horizon"]
    state["horizon"] = int(horizon or DEFAULT["horizon"])
    rate = finite_number(params.get("rate", DEFAULT["rate"]))
    if rate is None or not 0 <= rate <= MAX_RATE_PCT:
        notes.append(f"the discount rate must be a percentage from 0 to {MAX_RATE_PCT:g}")
        rate = DEFAULT["rate"]
    state["rate"] = rate
    state["ovr"] = decode_overrides(params.get("ovr"), iv, notes)
    for key, what in (("cur", "current coverage"), ("elig", "eligible share of residents")):
        raw = params.get(key)
        if raw is None or raw == "":
            state[key] = None
            continue
        value = finite_number(raw)
        if value is None or not 0 <= value <= 100:
            notes.append(f"the {what} must be a percentage from 0 to 100")
            value = None
        state[key] = value
    state["nhs"] = pick("nhs", NHS_LEVELS)
    state["split"] = pick("split", SPLITS)
    if state["split"] == "agreed":
        state["agreed"] = decode_agreed(params.get("agreed"), notes)
    return state


# ---------------------------------------------------------------------------
# the state
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InvestmentState(PageState):
    """One investment scenario: the chosen areas (``mode`` and the keys of
    :data:`MODE_KEYS`), the intervention ``iv``, the target ``rule`` (``uplift`` in
    percentage points), ``horizon`` (years), discount ``rate`` (% a year), edited figures
    ``ovr`` ({figure: [low, central, high]}), ``cur`` and ``elig`` (your current coverage and
    eligible share, %, None: from data), the NHS partner level ``nhs``, the pooled-budget
    ``split`` and its ``agreed`` percentages ({partner code: %})."""

    PATH = "/investment"

    mode: str = DEFAULT["mode"]
    geo: str = DEFAULT["geo"]
    areas: list[str] = field(default_factory=lambda: list(DEFAULT["areas"]))
    theme: str = DEFAULT["theme"]
    pgeo: str = DEFAULT["pgeo"]
    within: str = DEFAULT["within"]
    parent: str | None = DEFAULT["parent"]
    dgeo: str = DEFAULT["dgeo"]
    darea: str | None = DEFAULT["darea"]
    iv: str = DEFAULT["iv"]
    rule: str = DEFAULT["rule"]
    uplift: float = DEFAULT["uplift"]
    horizon: int = DEFAULT["horizon"]
    rate: float = DEFAULT["rate"]
    ovr: dict[str, list[float]] = field(default_factory=dict)
    cur: float | None = DEFAULT["cur"]
    elig: float | None = DEFAULT["elig"]
    nhs: str = DEFAULT["nhs"]
    split: str = DEFAULT["split"]
    agreed: dict[str, float] = field(default_factory=dict)

    @classmethod
    def resolve(cls, params: Mapping[str, Any],
                problems: list[str] | None = None) -> InvestmentState:
        """A complete, valid state from (possibly partial, stale or hand-edited) parameters.

        Values may be strings (from a query string) or typed (from a JSON file). Every value
        that had to be corrected or dropped is described in ``problems`` (when a list is
        given). Keys that the chosen mode or rules do not use are reset to their defaults, so
        two states that mean the same scenario are equal.
        """
        return cls(**_resolve(params, [] if problems is None else problems))

    @classmethod
    def parse_query(cls, search: str | None) -> dict[str, str]:
        """'?mode=areas&areas=a,b' -> {'mode': 'areas', 'areas': 'a,b'} (known keys only; a
        blank value is kept: 'areas=' is no areas, not the default ones)."""
        pairs = parse_qsl((search or "").lstrip("?"), keep_blank_values=True)
        return {k: v for k, v in pairs if k in KEYS}

    def query_pairs(self) -> list[tuple[str, str]]:
        """(key, text) of the keys the mode and rules use, in a fixed order."""
        pairs: list[tuple[str, str]] = [("mode", self.mode)]
        for key in MODE_KEYS[self.mode]:
            value = self[key]
            if key == "areas":
                pairs.append((key, ",".join(value)))
            elif value is not None:
                pairs.append((key, str(value)))
        pairs += [("iv", self.iv), ("rule", self.rule)]
        if self.rule == "uplift_pp":
            pairs.append(("uplift", f"{self.uplift:g}"))
        pairs += [("horizon", str(self.horizon)), ("rate", f"{self.rate:g}")]
        if self.ovr:
            pairs.append(("ovr", encode_overrides(self.ovr)))
        for key in ("cur", "elig"):
            if self[key] is not None:
                pairs.append((key, f"{self[key]:g}"))
        pairs += [("nhs", self.nhs), ("split", self.split)]
        if self.split == "agreed" and self.agreed:
            pairs.append(("agreed", ",".join(f"{k}:{v:g}" for k, v in self.agreed.items())))
        return pairs

    def link(self) -> str:
        """The page address of this scenario ('/investment?mode=...')."""
        return self.PATH + self.to_query()

    # -- the scenario file ---------------------------------------------------------------

    def to_json(self, *, saved: date | None = None) -> str:
        """The scenario as a JSON document that :meth:`from_json` (and the page's upload)
        reads."""
        doc = {
            "kind": FILE_KIND,
            "version": FILE_VERSION,
            "saved": (saved or date.today()).isoformat(),
            "note": "Investment case scenario from the health needs atlas: open it on the "
            "Investment case page ('Open a saved scenario') or add 'link' to the page address.",
            "link": self.link(),
            "scenario": self.as_dict(),
        }
        return json.dumps(doc, indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> InvestmentState:
        """Read a scenario file written by :meth:`to_json`.

        Raises
        ------
        ValueError
            With a message a user can act on: not JSON, not a scenario file, an unsupported
            version, or the fields that are wrong.
        """
        try:
            doc = validation.load_json(text, max_bytes=MAX_FILE_BYTES)
        except ValueError as err:
            msg = f"Not a valid JSON file: {err}."
            raise ValueError(msg) from None
        if not isinstance(doc, dict) or doc.get("kind") != FILE_KIND:
            msg = (f"Not an investment scenario file: expected \"kind\": \"{FILE_KIND}\" (save "
                   "one with 'Save scenario (JSON)').")
            raise ValueError(msg)
        if doc.get("version") != FILE_VERSION:
            msg = (f"Unsupported scenario file version {doc.get('version')!r}: this atlas reads "
                   f"version {FILE_VERSION}.")
            raise ValueError(msg)
        raw = doc.get("scenario")
        if not isinstance(raw, dict):
            msg = "The scenario file has no \"scenario\" object."
            raise ValueError(msg)
        problems = [f"unknown field '{k}'" for k in raw if k not in FILE_TYPES]
        for key, value in raw.items():
            types = FILE_TYPES.get(key)
            if types and (not isinstance(value, types) or isinstance(value, bool)):
                problems.append(f"field '{key}' has the wrong type ({type(value).__name__})")
        if not problems:
            state = cls.resolve(raw, problems)
        if problems:
            msg = "The scenario file has problems: " + "; ".join(problems) + "."
            raise ValueError(msg)
        return state


def decode_upload(contents: str) -> str:
    """Text of a ``dcc.Upload`` data URL ('data:...;base64,...'); ValueError if unreadable
    (not a data URL, not base64, not UTF-8 text, or larger than ``MAX_FILE_BYTES``)."""
    if not isinstance(contents, str) or "," not in contents:
        msg = "Could not read the file: it did not arrive as a file."
        raise ValueError(msg)
    _, _, payload = contents.partition(",")
    if len(payload) > (MAX_FILE_BYTES * 4) // 3 + 4:
        msg = f"The file is too large: a scenario file is at most {MAX_FILE_BYTES:,} bytes."
        raise ValueError(msg)
    try:
        return base64.b64decode(payload, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        msg = "Could not read the file: it is not a UTF-8 text (JSON) file."
        raise ValueError(msg) from None
