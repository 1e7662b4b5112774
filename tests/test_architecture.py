"""The layout holds: imports run downward, SQL lives in two places, requests do not simulate or
suppress, and modules stay small (docs/architecture.md).

Read from the source with ``ast``: a change that breaks a rule fails here, naming the file and
the line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "etl", "planning", "dashboard")

#: modules allowed over MAX_LINES: documented data (catalogues of sources, indicators and
#: interventions), each entry a record with its citation
DOCUMENTED_DATA = {
    "etl/sources.py": "catalogue of the shipped source files, their schemas and input rules",
    "etl/indicators.py": "catalogue of indicators",
    "planning/interventions/catalogue.py": "catalogue of interventions with cited figures",
}
MAX_LINES = 420

#: calls that simulate or suppress: the build does these, a request never does
REQUEST_TIME_FORBIDDEN = {"sii", "sii_many", "suppress", "complementary_suppression",
                          "iterative_complementary_suppression", "default_rng"}

SQL = re.compile(r"\bselect\b[\s\S]+\bfrom\b|\bcreate\s+(or\s+replace\s+)?table\b", re.I)


def _modules(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages for p in (REPO / pkg).rglob("*.py"))


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a file, relative imports resolved."""
    tree = ast.parse(path.read_text(), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                parts = path.relative_to(REPO).with_suffix("").parts[: -node.level]
                base = ".".join([*parts, node.module])
            out.append((node.lineno, base))
            out += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return out


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO))


def _violations(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [f"{_rel(p)}:{line} imports {name}" for p in paths for line, name in _imports(p)
            if any(name == f or name.startswith(f + ".") for f in forbidden)]


def test_core_imports_no_dash_duckdb_or_upper_layer():
    assert not _violations(_modules("core"),
                           ("dash", "duckdb", "flask", "etl", "planning", "dashboard"))


def test_planning_imports_no_dash_duckdb_etl_or_dashboard():
    assert not _violations(_modules("planning"), ("dash", "duckdb", "flask", "etl", "dashboard"))


def test_dashboard_never_imports_etl():
    assert not _violations(_modules("dashboard"), ("etl",))


def test_etl_never_imports_the_app():
    assert not _violations(_modules("etl"), ("dash", "dashboard", "planning"))


def test_data_layer_imports_only_core_and_itself():
    data = _modules("dashboard/data")
    assert data, "dashboard/data is missing"
    bad = [v for v in _violations(data, ("dashboard", "dash", "planning"))
           if not re.search(r"imports dashboard\.data(\.|$)", v)]
    assert not bad


def test_pages_do_not_import_each_other():
    pages = sorted(p for p in (REPO / "dashboard" / "pages").iterdir() if p.is_dir()
                   and (p / "__init__.py").exists())
    bad = []
    for page in pages:
        others = tuple(f"dashboard.pages.{o.name}" for o in pages if o != page)
        bad += _violations(sorted(page.rglob("*.py")), others)
    assert not bad


def test_sql_only_in_etl_sql_and_dashboard_data():
    allowed = ("etl/", "dashboard/data/")
    found = []
    for path in _modules("core", "planning", "dashboard"):
        if _rel(path).startswith(allowed):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and SQL.search(node.value) and not isinstance(node, ast.Expr)):
                found.append(f"{_rel(path)}:{node.lineno}")
    # docstrings are ast.Constant inside ast.Expr; they may mention SQL words in prose
    docstrings = {f"{_rel(p)}:{n.value.lineno}" for p in _modules("core", "planning", "dashboard")
                  for n in ast.walk(ast.parse(p.read_text()))
                  if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    assert not [f for f in found if f not in docstrings]


def test_no_simulation_or_suppression_at_request_time():
    calls = []
    for path in _modules("dashboard"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                name = (func.attr if isinstance(func, ast.Attribute)
                        else func.id if isinstance(func, ast.Name) else None)
                owner = func.value.id if (isinstance(func, ast.Attribute)
                                          and isinstance(func.value, ast.Name)) else None
                if name in REQUEST_TIME_FORBIDDEN and owner != "contextlib":
                    calls.append(f"{_rel(path)}:{node.lineno} calls {name}")
    assert not calls


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_over_the_limit_except_documented_data(package):
    long = {_rel(p): n for p in _modules(package)
            if (n := len(p.read_text().splitlines())) > MAX_LINES
            and _rel(p) not in DOCUMENTED_DATA}
    assert not long


def test_every_page_package_has_the_same_shape():
    pages = sorted(p for p in (REPO / "dashboard" / "pages").iterdir() if p.is_dir()
                   and (p / "__init__.py").exists())
    assert pages
    for page in pages:
        present = {f.stem for f in page.glob("*.py")}
        assert {"__init__", "state", "callbacks"} <= present, page.name
        assert "PageState" in (page / "state.py").read_text(), page.name
