"""No payload the app sends carries a count below the threshold or a rate from which one follows.

Every page is rendered for a set of views chosen to reach the known small cells (areas and
units with 1-4 events, the deprived fifth of an area, the lsoa21 map), and every server
callback that page holds is answered as the browser would ask it, twice over so that chained
outputs (stored scenario, options) feed the next round; download buttons are pressed. Every
answer (figures, hovers, tables, CSV, HTML report, JSON) is flattened into *records*: one
figure point (all of its aligned values), one table row, one CSV row, one text leaf.

Three scans run over the records:

* **labelled counts**: a CSV or table column whose header names a count of people or events
  (count, admissions, deaths, births, patients, transfers, thrombolysed) holds no value in
  (0, threshold);
* **canaries**: the small cells of the raw inputs (stroke units with 1-4 thrombolysed patients
  or thrombectomy transfers, LSOAs with 1-4 stroke admissions; rebuilt in memory by the ETL's
  own loaders and models, since the warehouse no longer holds them) each give the values that
  would disclose them (the unit's rate; the LSOA's rate). No record naming the unit or LSOA
  shows such a value at the precision it is printed;
* **differencing**: over the exported CSV rows, no total (a parent area, or an area's
  breakdown total) is shown with exactly one of its parts hidden and the rest shown.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import duckdb
import pytest

from tests.dash_requests import Payload, Probe, router_body, walk
from tests.raw_cells import raw_cells

national = pytest.mark.usefixtures("use_national_warehouse")

THRESHOLD = 5
WEST_BERKSHIRE = "E06000037"
SLOUGH = "E06000039"  # served by Wexham Park Hospital (1 of 154 thrombolysed, 2021/22)
VIEWS: tuple[tuple[str, str], ...] = (
    ("/", "?indicator=stroke_admissions_rate&geography=lsoa21&period=2017-2019"),
    ("/", "?indicator=stroke_admissions_rate&geography=ltla24&period=2017-2019&area=E07000043"),
    ("/", "?indicator=stroke_admissions_rate&geography=ltla24&period=2017-2019&area=E07000147"),
    ("/", "?indicator=stroke_admissions_rate&geography=utla23&period=2017-2019"
          f"&area={WEST_BERKSHIRE}"),
    ("/", "?indicator=infant_mortality_rate_ons&geography=ltla24"),
    ("/", "?indicator=neonatal_mortality_rate_ons&geography=utla23"),
    ("/", "?indicator=nhs_health_check_offered_pct&geography=ltla24"),
    ("/gaps", ""),
    ("/gaps", "?theme=prevention&geography=ltla24"),
    ("/stroke", f"?geography=utla23&area={SLOUGH}"),
    ("/stroke", f"?geography=utla23&area={WEST_BERKSHIRE}"),
    ("/prevention", ""),
    ("/investment", ""),
    ("/investment", f"?mode=deprived&dgeo=utla23&darea={WEST_BERKSHIRE}&iv=thrombolysis_rate"),
    ("/investment", f"?mode=areas&geo=utla23&areas={WEST_BERKSHIRE}&iv=thrombolysis_rate"),
    ("/investment", f"?mode=areas&geo=utla23&areas={SLOUGH}&iv=thrombolysis_rate&nhs=sicbl23"),
)
# Headers naming a count of people or events. Not "expected events (modelled)": the
# investment partner table's need is residents x a published rate (it once summed LSOA counts
# and gave single LSOAs away; test_partner_need_gives_no_single_lsoa_away holds it to
# published values), a model's expectation rather than a count.
COUNT_HEADER = re.compile(
    r"\b(count|counts|admissions|deaths|births|patients|transfers|thrombolysed)\b", re.I)
NUMBER = re.compile(r"(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])-?\d+(?:\.\d+)?(?![\w])")
# method boilerplate, not values: "95% and 99.8% CIs", "exact Poisson below 10 events"
CI_LEVEL = re.compile(r"(?<![\w.])(95|99\.8)\s?%|\b(below|fewer than|under|at least)\s+\d+\b")
INTERNAL_TABLE = re.compile(r"\b(?:stg|int|src|seed)_[a-z0-9_]+\b")
CODE = re.compile(r"\b[A-Z][A-Z0-9]{3,8}\b")


# ---------------------------------------------------------------- records
@dataclass
class Record:
    """One figure point, table row, CSV row or text leaf, with where it came from."""

    where: str
    texts: list[str]
    headers: list[str] = field(default_factory=list)  # column names, aligned with texts

    @property
    def text(self) -> str:
        return " | ".join(self.texts)


class _Tables(HTMLParser):
    """Rows of every <table> of an HTML document (header cells give the column names)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[list[str], list[str]]] = []  # (cells, is-header flags)
        self.text: list[str] = []
        self._row: list[str] | None = None
        self._heads: list[bool] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row, self._heads = [], []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._heads.append(tag == "th")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append((self._row, self._heads))
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif data.strip():
            self.text.append(data.strip())


def _html_records(where: str, document: str) -> Iterator[Record]:
    parser = _Tables()
    parser.feed(document)
    headers: list[str] = []
    for cells, heads in parser.rows:
        if heads and all(heads):
            headers = cells
            continue
        yield Record(where, cells, headers if len(headers) == len(cells) else [])
    for text in parser.text:
        yield Record(where, [text])


def _download_records(where: str, value: dict) -> Iterator[Record]:
    content = value.get("content") or ""
    if value.get("base64"):
        content = base64.b64decode(content).decode("utf-8", errors="replace")
    name = str(value.get("filename", ""))
    where = f"{where} download:{name}"
    if name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(content)))
        body = [r for r in rows if r and not r[0].startswith("#")]
        if body:
            header = body[0]
            for row in body[1:]:
                yield Record(where, row, header if len(header) == len(row) else [])
        for row in rows:
            if row and row[0].startswith("#"):
                yield Record(where, [",".join(row)])
    elif name.endswith((".html", ".htm")):
        yield from _html_records(where, content)
    elif name.endswith(".json"):
        yield from _records(where, json.loads(content))
    else:
        yield Record(where, [content])


def _text_of(node: Any) -> str:
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list):
        return " ".join(_text_of(n) for n in node)
    if isinstance(node, dict) and isinstance(node.get("props"), dict):
        return _text_of(node["props"].get("children"))
    return ""


def _table_records(where: str, table: dict) -> Iterator[Record]:
    """Rows of a Dash html.Table: cells (Th/Td texts), the header row's texts as headers."""
    rows: list[tuple[str, list[str]]] = []

    def collect(node: Any) -> None:
        if isinstance(node, list):
            for n in node:
                collect(n)
        elif isinstance(node, dict) and isinstance(node.get("props"), dict):
            if node.get("type") == "Tr":
                cells = node["props"].get("children") or []
                cells = cells if isinstance(cells, list) else [cells]
                kinds = [c.get("type") for c in cells if isinstance(c, dict)]
                rows.append(("Th" if kinds and all(k == "Th" for k in kinds) else "Td",
                             [_text_of(c) for c in cells]))
            else:
                collect(node["props"].get("children"))

    collect(table["props"].get("children"))
    headers: list[str] = []
    for kind, cells in rows:
        if kind == "Th":
            headers = cells
        else:
            yield Record(where, cells, headers if len(headers) == len(cells) else [])


ALIGNED = ("locations", "text", "hovertext", "customdata", "x", "y", "z", "ids", "lat", "lon",
           "labels", "values")


def _figure_records(where: str, figure: dict) -> Iterator[Record]:
    for trace in figure.get("data") or []:
        if not isinstance(trace, dict):
            continue
        name = f"{where} trace {trace.get('name', '')}"
        arrays = {k: trace[k] for k in ALIGNED if isinstance(trace.get(k), list)}
        n = max((len(v) for v in arrays.values()), default=0)
        for i in range(n):
            yield Record(name, [json.dumps(v[i]) if not isinstance(v[i], str) else v[i]
                                for v in arrays.values() if len(v) == n])
        for key in ("name", "hovertemplate"):
            if isinstance(trace.get(key), str):
                yield Record(name, [trace[key]])
    yield from _records(f"{where} layout", figure.get("layout") or {})


def _records(where: str, node: Any) -> Iterator[Record]:
    """Flatten one answer's value (component tree, figure, download, plain JSON)."""
    if isinstance(node, str):
        yield Record(where, [node])
    elif isinstance(node, list):
        for child in node:
            yield from _records(where, child)
    elif isinstance(node, dict):
        if isinstance(node.get("data"), list) and "layout" in node:
            yield from _figure_records(where, node)
        elif "filename" in node and "content" in node:
            yield from _download_records(where, node)
        elif node.get("type") == "Table" and isinstance(node.get("props"), dict):
            yield from _table_records(where, node)
            yield from _records(where, {k: v for k, v in node["props"].items()
                                        if k != "children"})
        else:
            for value in node.values():
                yield from _records(where, value)


# ---------------------------------------------------------------- the app's answers
def _view_answers(probe: Probe, deps: list[dict], path: str, search: str) -> Iterator[Record]:
    """Render a page for ``search``, answer every server callback it holds (two rounds, the
    first round's outputs fed into the second, both scanned: a map drawn in the first is
    patched in the second; callbacks that wait for a user's change are left
    out, download buttons pressed) and flatten."""
    answer = probe.post(f"layout {path}{search}", router_body(path, search))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    layout = answer.get_json()["response"]["_pages_content"]["children"]
    yield from _records(f"{path}{search} layout", layout)
    components: dict[str, tuple[str, dict]] = {}
    walk(layout, components)
    server = [d for d in deps if not d.get("clientside_function")]
    for _round in range(2):
        for dep in server:
            ids = [d["id"] for d in dep["inputs"]]
            if not all(i in components or i.startswith("{") for i in ids):
                continue
            payload = Payload(dep, components)
            replace = {(s, i): 1 for s, i, _, prop in payload.slots if prop == "n_clicks"}
            if dep.get("prevent_initial_call") and not replace:
                continue  # fires only on a user's change, which these views do not make
            answer = probe.post(f"{dep['output'][:60]} {path}{search}", payload.body(replace))
            if answer.status_code != 200:
                continue
            response = answer.get_json().get("response", {})
            for cid, props in response.items():
                for prop, value in props.items():
                    yield from _records(f"{path}{search} {cid}.{prop}", value)
                    found = components.get(cid)
                    is_patch = isinstance(value, dict) and "__dash_patch_update" in value
                    if found is not None and not is_patch:
                        found[1][prop] = value


# ---------------------------------------------------------------- canaries
@dataclass(frozen=True)
class Canary:
    """A small cell: the entity (code and name) and the values that would disclose it."""

    code: str
    name: str
    what: str
    values: tuple[float, ...]
    #: a word the record (or where it came from) must hold for a value to be this measure: an
    #: LSOA's travel minutes are not its admission rate, though both are numbers by its code
    about: str = ""


def _canaries() -> list[Canary]:
    """Small cells of the raw inputs: SSNAP units with 1-4 thrombolysed patients (2021/22) or
    thrombectomy transfers (2023/24), and 2021 LSOAs with 1-4 stroke admissions (2017-2019,
    apportioned from 2011 LSOAs; both the apportioned and the rounded count)."""
    con = raw_cells()
    try:
        out: list[Canary] = []
        units = con.sql("""
            select u.unit_code, u.unit_name, u.admissions_2021_22_count,
                   u.thrombolysis_2021_22_count, a.ssnap_admissions_2023_24_count,
                   a.thrombectomy_2023_24_count
            from stg_ssnap__stroke_units as u left join int_stroke_unit_activity as a
            using (unit_code)
        """).fetchall()
        for code, name, adm, ivt, adm2, mt in units:
            if ivt is not None and 1 <= ivt < THRESHOLD and adm:
                out.append(Canary(code, name, f"{ivt:g} of {adm:g} thrombolysed",
                                  (100 * ivt / adm,)))
            if mt is not None and 1 <= mt < THRESHOLD and adm2:
                out.append(Canary(code, name, f"{mt:g} of {adm2:g} transferred",
                                  (100 * mt / adm2,)))
        lsoas = con.sql("""
            select s.lsoa21_code, s.stroke_admissions_2017_2019_count as n, p.population_count
            from int_lsoa21_stroke_admissions as s
            join stg_census21__lsoa_population as p using (lsoa21_code)
            where round(s.stroke_admissions_2017_2019_count) between 1 and 4
              and p.population_count > 0
        """).fetchall()
        for code, n, pop in lsoas:
            rate = n / pop / 3 * 100_000
            out.append(Canary(code, code, f"{n:.2f} stroke admissions 2017-2019",
                              (rate, round(n) / pop / 3 * 100_000), about="admission"))
        return out
    finally:
        con.close()


def _shown(token: str, value: float) -> bool:
    """Whether ``token`` (as printed: '0.6', '1,234.5') is ``value`` at its printed precision."""
    number = float(token.replace(",", ""))
    decimals = len(token.split(".")[1]) if "." in token else 0
    if decimals == 0 and abs(value) < 10:
        return False  # a bare small integer says nothing of a rate (it is everywhere)
    return abs(number - value) <= 0.5 * 10 ** -decimals + 1e-9


def labelled_count_leaks(records: list[Record]) -> list[str]:
    """Values in (0, THRESHOLD) in columns whose header names a count."""
    out = []
    for r in records:
        for header, cell in zip(r.headers, r.texts, strict=False):
            if not COUNT_HEADER.search(header) or re.search(r"\b(rate|per|%)\b", header, re.I):
                continue
            for token in NUMBER.findall(cell):
                x = float(token.replace(",", ""))
                if 0 < x < THRESHOLD and not math.isnan(x):
                    out.append(f"{r.where}: {header!r} = {cell!r} in {r.text[:200]!r}")
    return out


def canary_leaks(records: list[Record], canaries: list[Canary]) -> list[str]:
    """Records naming a small cell's entity that show a value disclosing it."""
    by_code: dict[str, list[Canary]] = {}
    for c in canaries:
        by_code.setdefault(c.code, []).append(c)
    names = {c.name: c.code for c in canaries if c.name != c.code}
    out = []
    for r in records:
        text = r.text
        codes = set(CODE.findall(text)) & by_code.keys()
        codes |= {code for name, code in names.items() if name in text}
        if not codes:
            continue
        tokens = NUMBER.findall(CI_LEVEL.sub(" ", text))
        for code in codes:
            for canary in by_code[code]:
                if canary.about and canary.about not in (r.where + text).lower():
                    continue
                hit = [t for t in tokens for v in canary.values if _shown(t, v)]
                if hit:
                    out.append(f"{r.where}: {canary.name} ({canary.what}) shown as {hit[0]} in "
                               f"{text[:240]!r}")
    return out


def _lookup(warehouse: str) -> dict[str, set[str]]:
    """Child area code -> the codes of every area it lies wholly in (2021 LSOAs in each of
    their areas; areas in their parent where ``areas.parent_code`` names one)."""
    con = duckdb.connect(warehouse, read_only=True)
    try:
        parents: dict[str, set[str]] = {}
        for row in con.sql("select lsoa21_code, ltla24_code, utla23_code, sicbl23_code, "
                           "icb23_code, region_code from lsoa_measures").fetchall():
            parents[row[0]] = {c for c in row[1:] if c}
        for child, parent in con.sql("select distinct area_code, parent_code from areas "
                                     "where parent_code is not null").fetchall():
            parents.setdefault(child, set()).add(parent)
        return parents
    finally:
        con.close()


KEY_COLUMNS = ("indicator_id", "period", "sex", "age", "category_type", "category")


def differencing_leaks(records: list[Record], parents: dict[str, set[str]]) -> list[str]:
    """Exported rows (CSV) where a total is shown and exactly one of its parts is blank while
    the others are shown: the part is the total minus the rest. Parts are the child areas of
    a parent area (all of them in the export), or the cells of one area's breakdown."""
    cells: dict[tuple, dict[str, str]] = {}  # (key..., area) -> count text
    for r in records:
        if not r.headers or "area_code" not in r.headers or "count" not in r.headers:
            continue
        row = dict(zip(r.headers, r.texts, strict=True))
        key = tuple(row.get(k, "") for k in KEY_COLUMNS)
        cells.setdefault(key, {})[row["area_code"]] = row["count"].strip()
    out = []
    # breakdowns (deprivation deciles, ...) of one area: the total row minus the other cells
    groups: dict[tuple, list[tuple[str, str]]] = {}
    for key, counts in cells.items():
        if key[-2]:  # category_type: a breakdown row
            for area, count in counts.items():
                groups.setdefault((*key[:-2], key[-2], area), []).append((key[-1], count))
    for (*head, category_type, area), rows in groups.items():
        total = cells.get((*head, "", ""), {}).get(area, "")
        hidden = [c for c, n in rows if n in ("", "nan")]
        if total not in ("", "nan") and len(hidden) == 1:
            out.append(f"{head} {area}: {category_type} {hidden[0]} = total {total} - the rest")
    for key, counts in cells.items():
        children: dict[str, list[str]] = {}
        for code in counts:
            for parent in parents.get(code, ()):
                children.setdefault(parent, []).append(code)
        for parent, kids in children.items():
            if counts.get(parent, "") in ("", "nan"):
                continue
            hidden = [k for k in kids if counts[k] in ("", "nan")]
            if len(hidden) != 1:
                continue
            # only when every child of the parent is in the export is the rest complete
            all_kids = {c for c, ps in parents.items() if parent in ps and
                        (c.startswith("E01") == hidden[0].startswith("E01"))}
            if all_kids <= set(counts):
                rest = sum(float(counts[k]) for k in kids if k != hidden[0])
                out.append(f"{key}: {hidden[0]} = {parent} {counts[parent]} - {rest:g}")
    return out


# ---------------------------------------------------------------- tests: the scanner
def test_scanner_finds_a_planted_rate_and_a_planted_count():
    """The scans are not vacuous: a unit hover with Wexham Park's 0.6% and a CSV row with a
    count of 3 are caught; the same records with the values suppressed are not."""
    wexham = Canary("SL24HL", "Wexham Park Hospital", "1 of 154 thrombolysed", (100 / 154,))
    leaking = [Record("hover", ["<b>Wexham Park Hospital</b> (SL24HL, England)<br>2021/22: "
                                "154 stroke admissions, thrombolysis 0.6%"]),
               Record("csv", ["E01000001", "3", "40.2"], ["area_code", "count", "value"])]
    safe = [Record("hover", ["<b>Wexham Park Hospital</b> (SL24HL, England)<br>2021/22: "
                             "154 stroke admissions, thrombolysis rate suppressed"]),
            Record("csv", ["E01000001", "", ""], ["area_code", "count", "value"]),
            Record("csv", ["E01000001", "12", "40.2"], ["area_code", "count", "value"])]
    assert len(canary_leaks(leaking, [wexham])) == 1
    assert len(labelled_count_leaks(leaking)) == 1
    assert canary_leaks(safe, [wexham]) == [] and labelled_count_leaks(safe) == []


def test_records_flatten_figures_tables_and_downloads():
    figure = {"data": [{"locations": ["E01000001", "E01000002"], "z": [40.2, None]}],
              "layout": {"title": {"text": "t"}}}
    table = {"type": "Table", "namespace": "dash_html_components", "props": {"children": [
        {"type": "Thead", "props": {"children": {"type": "Tr", "props": {"children": [
            {"type": "Th", "props": {"children": "Unit"}},
            {"type": "Th", "props": {"children": "Admissions"}}]}}}},
        {"type": "Tbody", "props": {"children": [{"type": "Tr", "props": {"children": [
            {"type": "Td", "props": {"children": "A"}},
            {"type": "Td", "props": {"children": "3"}}]}}]}}]}}
    download = {"filename": "x.csv", "content": "# source\narea_code,count\nE1,2\n"}
    records = list(_records("r", [figure, table, download]))
    assert Record("r trace ", ["E01000001", "40.2"]) in records
    assert Record("r", ["A", "3"], ["Unit", "Admissions"]) in records
    assert Record("r download:x.csv", ["E1", "2"], ["area_code", "count"]) in records
    assert len(labelled_count_leaks(records)) == 2


# ---------------------------------------------------------------- tests: every page
@national
def test_no_payload_of_any_page_discloses_a_small_count(atlas_app, warehouse_path, monkeypatch):
    """Every page's layout, callbacks and downloads, for views that reach the known small
    cells: no labelled count in 1-4, no record naming a small cell with its disclosing rate,
    no exported total with one part hidden; and the app read only published tables."""
    from dashboard.data import warehouse

    warehouse.clear_caches()  # every reader runs its query again, through the recorder below
    statements: list[str] = []
    run = warehouse._run

    def recorded(sql: str, params: list | None = None):
        statements.append(sql)
        return run(sql, params)

    monkeypatch.setattr(warehouse, "_run", recorded)
    probe = Probe(atlas_app)
    deps = atlas_app.server.test_client().get("/_dash-dependencies").get_json()
    records: list[Record] = []
    for path, search in VIEWS:
        records += list(_view_answers(probe, deps, path, search))
    # one published surface: the app reads no staging, intermediate, source or seed table
    internal = {m for sql in statements for m in INTERNAL_TABLE.findall(sql)}
    assert len(statements) > 20 and not internal, internal
    failed = [a for a in probe.answers if a[1] >= 500]
    assert not failed, failed[:5]
    canaries = _canaries()
    assert any(c.code == "SL24HL" for c in canaries), "expected Wexham Park among the canaries"
    assert sum(c.code.startswith("E01") for c in canaries) > 1000
    wheres = {r.where.split(" ")[0] for r in records}
    assert {"/", "/gaps", "/stroke", "/prevention", "/investment"} <= {
        w.split("?")[0] for w in wheres}
    downloads = {r.where.rsplit("download:", 1)[-1] for r in records if "download:" in r.where}
    assert any(d.endswith(".csv") for d in downloads) and any(d.endswith(".html")
                                                             for d in downloads), downloads
    print(f"\n{len(records):,} records from {len(probe.answers)} answers of {len(VIEWS)} views; "
          f"{len(canaries):,} canaries; downloads {sorted(downloads)}")
    named = {code for r in records for code in CODE.findall(r.text)}
    reached = {c.code for c in canaries} & named
    assert "SL24HL" in reached and sum(code.startswith("E01") for code in reached) > 1000
    leaks = (labelled_count_leaks(records) + canary_leaks(records, canaries)
             + differencing_leaks(records, _lookup(str(warehouse_path))))
    assert not leaks, f"{len(leaks)} disclosures:\n" + "\n".join(leaks[:30])
