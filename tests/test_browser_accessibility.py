"""Accessibility of every page: axe-core (pinned in package.json, installed by ``npm ci``)
injected into each page once its main figure is drawn must find no critical or serious
violation. Keyboard: every visible form control on each page can be reached with Tab.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser_helpers import CHROMIUM, ROOT, launch, watched_page

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")

# page -> the figure whose drawing means the page has rendered (its main figure)
PAGES = {
    "/": "atlas-map",
    "/gaps": "gaps-map",
    "/stroke": "stroke-map",
    "/prevention": "prevention-measures-fig",
    "/investment": "investment-map",
}


def _drawn(figure_id: str) -> str:
    fig = f"document.querySelector('#{figure_id} .js-plotly-plot')"
    return (f"() => {{ const f = {fig}; return !!(f && f.data && f.data.length > 0"
            " && f.querySelector('.main-svg')); }")


def axe_path() -> Path:
    """axe-core's script; a missing one fails (CI installs it with ``npm ci``), never skips."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` at the repository root (package.json pins "
                    "axe-core; .ci/run does this before the tests)", pytrace=False)
    return AXE


def blocking(violations: list[dict]) -> list[dict]:
    """The violations with impact critical or serious."""
    return [v for v in violations if v.get("impact") in BLOCKING]


def describe(violations: list[dict]) -> str:
    """One line per rule (id, impact, node count), then up to five node targets each."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        lines += [f"    {json.dumps(n['target'])}" for n in v["nodes"][:5]]
    return "\n".join(lines)


def test_blocking_filter_and_description():
    """The filter keeps critical and serious rules only, and the report names rule and nodes."""
    found = [{"id": "label", "impact": "critical", "help": "Form elements must have labels",
              "nodes": [{"target": ["#w1"]}, {"target": ["#w2"]}]},
             {"id": "region", "impact": "moderate", "help": "x", "nodes": [{"target": ["p"]}]},
             {"id": "color-contrast", "impact": "serious", "help": "y",
              "nodes": [{"target": [".hint"]}]}]
    kept = blocking(found)
    assert [v["id"] for v in kept] == ["label", "color-contrast"]
    text = describe(kept)
    assert "label (critical, 2 nodes)" in text and '["#w2"]' in text and "region" not in text


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium")
@pytest.mark.parametrize("path", list(PAGES))
def test_page_has_no_serious_accessibility_violation(server, path):
    from playwright.sync_api import sync_playwright

    axe = axe_path()
    errors: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        page = watched_page(browser, errors)
        page.goto(server + path)
        page.wait_for_function(_drawn(PAGES[path]), timeout=60_000)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(axe))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        browser.close()
    found = blocking(result["violations"])
    assert not found, f"axe-core on {path}:\n{describe(found)}"
    assert errors == []


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium")
@pytest.mark.parametrize("path", list(PAGES))
def test_every_control_reachable_by_tab(server, path):
    """Pressing Tab from the top of the page visits every visible, enabled control in the
    page's main region: inputs, Dash dropdowns (their button), buttons, links, disclosure
    summaries, and each radio group once (its checked radio)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = watched_page(browser, [])
        page.goto(server + path)
        page.wait_for_function(_drawn(PAGES[path]), timeout=60_000)
        page.wait_for_load_state("networkidle")
        controls = page.evaluate("""() => {
            // a radio group is one stop (Tab reaches its checked radio, arrows move within);
            // aria-hidden elements (Dash's dropdown focus trampoline) are not for users
            const all = document.querySelectorAll(
                'main input, main select, main textarea, main button, main a[href], main summary');
            const visible = [...all].filter(e => !e.disabled && e.type !== 'hidden'
                && e.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})
                && !(e.closest('details:not([open])') && !e.closest('summary'))
                && !e.closest('[aria-hidden=true], .modebar, .js-plotly-plot'));
            const marks = new Map();
            visible.forEach(e => {
                const key = e.type === 'radio' ? 'radio:' + e.name : e;
                if (!marks.has(key)) marks.set(key, String(marks.size));
                e.setAttribute('data-a11y-tab', marks.get(key));
            });
            return marks.size;
        }""")
        reached: set[str] = set()
        page.locator("body").focus()
        for _ in range(controls * 3 + 200):
            page.keyboard.press("Tab")
            mark = page.evaluate("""() => {
                const a = document.activeElement;
                const m = a && (a.getAttribute('data-a11y-tab')
                    || (a.closest('[data-a11y-tab]') || {getAttribute: () => null})
                        .getAttribute('data-a11y-tab'));
                return m;
            }""")
            if mark is not None:
                reached.add(mark)
            if len(reached) == controls:
                break
        missed = page.evaluate("""(reached) => {
            const first = new Map();  // one element per control (a radio group's first radio)
            document.querySelectorAll('[data-a11y-tab]').forEach(e => {
                const m = e.getAttribute('data-a11y-tab');
                if (!reached.includes(m) && !first.has(m)) first.set(m, e.outerHTML.slice(0, 160));
            });
            return [...first.values()];
        }""", sorted(reached))
        browser.close()
    assert controls > 0, f"no controls found in <main> on {path}"
    assert missed == [], f"not reachable by Tab on {path}: {missed}"
