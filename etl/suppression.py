"""Secondary (complementary) suppression of indicator values: cells hidden alongside a small
count so that it cannot be recovered by subtraction, across breakdowns (e.g. IMD deciles), areas
nested exactly in larger areas, and LSOAs in the decile cells of their areas. Primary
suppression (a count below the entry's ``min_count``) is `core.methods.suppress`, applied by
`etl.statistics.compute_indicator_values`, which then calls `complementary_suppression`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from etl.indicator_columns import KEY, LIMITS, join_notes

#: a breakdown: the cells of one area-total row (same indicator, area, period, sex and age)
BREAKDOWN = ["indicator_id", "area_code", "period", "sex", "age", "category_type"]
#: what an area's row shares with the rows of the areas nesting in it (all but the area)
NESTED = ["indicator_id", "period", "sex", "age", "category_type", "category"]
SECONDARY_NOTE = ("Suppressed: hidden with a small count elsewhere in this breakdown or in an "
                  "area it nests in or that nests in it, so that it cannot be recovered by "
                  "subtraction (secondary suppression)")


def disclosure_groups(frame: pd.DataFrame, nesting: pd.DataFrame | None = None,
                      lsoa_categories: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every additive relation ``total = sum(parts)`` between rows of ``frame`` that an
    attacker could solve for a hidden count, as one row per (relation, member row).

    Three kinds of relation, each within one indicator, period, sex and age:

    * ``breakdown``: an area's total row (``category_type`` empty) and its cells of one
      ``category_type`` (e.g. the IMD deciles of its LSOAs);
    * ``nesting``: an area's row and the rows, with the same breakdown cell, of the areas that
      nest in it exactly (``nesting``: parent_code, child_geography, child_code; one relation
      per parent and child geography);
    * ``lsoa_category``: an area's breakdown cell and the total rows of its LSOAs in that cell
      (``lsoa_categories``: area_code, category_type, category, e.g. each LSOA's IMD decile).

    Returns
    -------
    DataFrame
        Columns ``group`` (int), ``row`` (the position in ``frame``), ``is_total`` (bool) and
        ``kind``. Relations without a part are left out.
    """
    rows = frame[KEY].reset_index(drop=True)
    areas = pd.Index(pd.unique(pd.concat([
        rows["area_code"],
        *([] if nesting is None else [nesting["parent_code"], nesting["child_code"]]),
        *([] if lsoa_categories is None else [lsoa_categories["area_code"]]),
    ], ignore_index=True)))
    cell_names = rows[["category_type", "category"]].drop_duplicates().reset_index(drop=True)
    cell_code = pd.Series(range(len(cell_names)), index=pd.MultiIndex.from_frame(cell_names))
    types = pd.Index(pd.unique(rows["category_type"]))
    # integer codes: merges on them are an order of magnitude faster than on text
    r = pd.DataFrame({
        "row": np.arange(len(rows)),
        "slice": rows.groupby(["indicator_id", "period", "sex", "age"], sort=False).ngroup(),
        "area": areas.get_indexer(rows["area_code"]),
        "cell": cell_code.reindex(pd.MultiIndex.from_frame(rows[["category_type", "category"]]))
        .to_numpy(),
        "type": types.get_indexer(rows["category_type"]),
    })
    is_total = (rows["category_type"] == "").to_numpy()
    totals, cells = r[is_total], r[~is_total]
    n_types = len(types)
    geographies = pd.Index([] if nesting is None else pd.unique(nesting["child_geography"]))
    stride = n_types + len(geographies) + 1
    parts = []
    if not cells.empty:
        pairs = cells.merge(totals[["row", "slice", "area"]], on=["slice", "area"],
                            suffixes=("", "_total"))
        parts.append(pairs.assign(kind_code=pairs["type"], kind="breakdown"))
    if nesting is not None and not nesting.empty:
        links = pd.DataFrame({"area": areas.get_indexer(nesting["parent_code"]),
                              "geo": geographies.get_indexer(nesting["child_geography"]),
                              "child": areas.get_indexer(nesting["child_code"])})
        parents = r.merge(links, on="area")
        pairs = parents.merge(r.rename(columns={"area": "child"}), on=["slice", "cell", "child"],
                              suffixes=("_total", ""))
        parts.append(pairs.assign(kind_code=n_types + pairs["geo"], kind="nesting"))
        if lsoa_categories is not None and not lsoa_categories.empty:
            lsoa_cell = cell_code.reindex(pd.MultiIndex.from_frame(
                lsoa_categories[["category_type", "category"]])).to_numpy()
            known = ~np.isnan(lsoa_cell)
            lsoa = pd.DataFrame({"child": areas.get_indexer(lsoa_categories["area_code"])[known],
                                 "cell": lsoa_cell[known].astype(np.int64)})
            lsoa_links = links[links["geo"] == geographies.get_loc("lsoa21")][["area", "child"]] \
                if "lsoa21" in geographies else links.iloc[:0][["area", "child"]]
            members = totals[["row", "slice", "area"]].rename(columns={"area": "child"}).merge(
                lsoa, on="child").merge(lsoa_links.drop_duplicates(), on="child")
            pairs = members.merge(cells[["row", "slice", "area", "cell"]],
                                  on=["slice", "area", "cell"], suffixes=("", "_total"))
            parts.append(pairs.assign(kind_code=stride - 1, kind="lsoa_category"))
    columns = ["group", "row", "is_total", "kind"]
    if not parts:
        return pd.DataFrame(columns=columns)
    edges = pd.concat([part[["row_total", "row", "kind_code", "kind"]] for part in parts],
                      ignore_index=True)
    edges["key"] = edges["row_total"].to_numpy(dtype=np.int64) * stride + edges["kind_code"]
    edges = edges.drop_duplicates(["key", "row"])
    edges["group"] = pd.factorize(edges["key"])[0]
    heads = edges.drop_duplicates("group")[["group", "row_total", "kind"]].rename(
        columns={"row_total": "row"})
    members = pd.concat([heads.assign(is_total=True),
                         edges[["group", "row", "kind"]].assign(is_total=False)],
                        ignore_index=True)
    return members[columns].sort_values(["group", "is_total", "row"],
                                        ascending=[True, False, True], ignore_index=True)


def suppress_complementary(
    counts: np.ndarray, suppressed: np.ndarray, groups: pd.DataFrame, *,
    max_iterations: int = 100,
) -> tuple[np.ndarray, int]:
    """Vectorised :func:`core.methods.iterative_complementary_suppression` over the relations
    of :func:`disclosure_groups`: the same cells, in the same number of passes."""
    values = np.asarray(counts, dtype=float)
    hidden = np.asarray(suppressed, dtype=bool).copy()
    unknown = ~hidden & ~np.isfinite(values)
    if groups.empty:
        return hidden, 0
    group = groups["group"].to_numpy(dtype=np.int64)
    row = groups["row"].to_numpy(dtype=np.int64)
    is_total = groups["is_total"].to_numpy(dtype=bool)
    n_groups = int(group.max()) + 1
    n_parts = np.bincount(group, weights=~is_total, minlength=n_groups)
    blocked = np.bincount(group, weights=unknown[row], minlength=n_groups) > 0
    order_value = np.where(np.isfinite(values), values, np.inf)
    passes = 0
    while True:
        member_hidden = hidden[row]
        n_hidden = np.bincount(group, weights=member_hidden, minlength=n_groups)
        leaking = (n_hidden == 1) & ~blocked & (n_parts > 0)
        candidate = leaking[group] & ~member_hidden
        if not candidate.any():
            return hidden, passes
        pick = pd.DataFrame({"group": group[candidate], "is_total": is_total[candidate],
                             "count": order_value[row[candidate]], "row": row[candidate]})
        pick = pick.sort_values(["group", "is_total", "count", "row"]).drop_duplicates("group")
        passes += 1
        if passes > max_iterations:
            msg = "no fixed point within max_iterations passes"
            raise ValueError(msg)
        hidden[pick["row"].to_numpy()] = True


def complementary_suppression(frame: pd.DataFrame, nesting: pd.DataFrame | None = None,
                              lsoa_categories: pd.DataFrame | None = None,
                              *, log: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Secondary suppression over every relation of :func:`disclosure_groups`: breakdown
    cells (e.g. IMD deciles), areas nested exactly in larger areas (LSOAs in every area,
    districts in counties and regions, sub-ICB locations in ICBs), and LSOAs in the decile
    cells of their areas.

    Repeated until no relation hides exactly one count that the others give away
    (:func:`suppress_complementary`). Each row chosen loses its value, limits and count like a
    primary one, and says why in its note. Only indicators with a suppressed row are looked
    at. ``log`` receives one line per relation kind with the cells added and the passes.
    """
    frame = frame.copy()
    with_hidden = frame.loc[frame["is_suppressed"], "indicator_id"].unique()
    subset = frame.index[frame["indicator_id"].isin(with_hidden)]
    if subset.empty:
        return frame
    part = frame.loc[subset]
    groups = disclosure_groups(part, nesting, lsoa_categories)
    hidden, passes = suppress_complementary(part["count"].to_numpy(dtype=float),
                                            part["is_suppressed"].to_numpy(dtype=bool), groups)
    added = hidden & ~part["is_suppressed"].to_numpy(dtype=bool)
    chosen = subset[added]
    if log is not None:
        geography = (nesting.drop_duplicates("child_code").set_index("child_code")[
            "child_geography"] if nesting is not None and not nesting.empty
            else pd.Series(dtype=str))
        by = part.loc[chosen].assign(
            geography=lambda f: f["area_code"].map(geography).fillna("top level"),
            cell=lambda f: np.where(f["category_type"] == "", "total", "breakdown cell"))
        log(f"  secondary suppression: {len(chosen):,} cells in {passes} passes over "
            f"{groups['group'].nunique() if not groups.empty else 0:,} relations")
        for (geo, cell), n in by.groupby(["geography", "cell"]).size().items():
            log(f"    {geo} {cell}: {n:,}")
    if chosen.empty:
        return frame
    frame.loc[chosen, ["value", *LIMITS, "count"]] = np.nan
    frame.loc[chosen, "is_suppressed"] = True
    frame.loc[chosen, "note"] = join_notes(frame.loc[chosen, "note"],
                                            pd.Series(SECONDARY_NOTE, index=chosen))
    return frame
