"""A case as the report's lines: populations with their basis, the pooled-budget rule in
words, one line per partner, and the assumptions made for missing data.
"""

from __future__ import annotations

from planning.case.assemble import Case


def population_lines(case: Case) -> tuple[tuple[str, str, str], ...]:
    """(label, value, basis) lines for residents, eligible people and current coverage."""
    p = case.populations
    status = {"data": "", "assumption": " [assumption]", "your assumption": " [your assumption]"}
    return (
        ("Residents", f"{p.total:,.0f}", "Census 2021 usual residents of the chosen areas"),
        ("Eligible", f"{p.eligible:,.0f}",
         f"{p.eligible_label[:1].upper()}{p.eligible_label[1:]}: {p.eligible_basis}"
         + status[p.eligible_status]),
        ("Current coverage", f"{p.current_pct:.1f}%", p.current_basis + status[p.current_status]),
    )


def split_text(case: Case) -> str:
    """The pooled-budget rule in words."""
    rule = case.state["split"]
    if rule == "agreed":
        parts = ", ".join(f"{r.name} {case.agreed_pct.get(r.code, 0):g}%" for r in case.partners)
        reset = ("" if case.state["agreed"] == case.agreed_pct else
                 " (population shares until percentages are agreed for these partners)")
        return f"Split by agreed percentages{reset}: {parts}."
    if rule == "need":
        return ("Split by need: each partner's share of the expected events a year among "
                "eligible residents (eligible people x baseline risk).")
    return "Split by population: each partner's share of the residents it serves."


def partner_lines(case: Case):
    """One :class:`planning.report.PartnerLine` per partner."""
    from planning.report import PartnerLine

    contributions = {c.name: c for c in case.contributions or ()}
    positions = {n.name: n for n in case.positions or ()}
    saved = {s.name: s for s in case.savings}
    out = []
    for r in case.partners:
        c = contributions.get(r.name)
        n = positions.get(r.name)
        out.append(PartnerLine(r.name, r.kind, r.population, c.share if c else None,
                               c.amount if c else None, saved[r.name].total,
                               n.net if n else None))
    return tuple(out)

def extra_assumptions(case: Case) -> tuple[tuple[str, str, str], ...]:
    """Assumptions made for missing data (or typed by the user), beyond the intervention's."""
    p = case.populations
    out = []
    if p.eligible_status != "data":
        out.append((f"Eligible: {p.eligible_label}",
                    f"{100 * p.eligible / p.total:.1f}% of residents", p.eligible_basis))
    if p.current_status != "data":
        out.append(("Current coverage", f"{p.current_pct:.1f}%", p.current_basis))
    return tuple(out)

