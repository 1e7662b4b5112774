"""Small-number suppression: primary (counts below a threshold) and secondary
(complementary) suppression so that no hidden cell can be recovered from a total."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.methods._common import _LIMIT_COLUMN, _is_blank, _is_number, _to_float_array


def complementary_suppression(
    counts: Sequence[float], suppressed: Sequence[bool], *, total_published: bool = True
) -> np.ndarray:
    """Cells of one breakdown to suppress so that no suppressed count can be recovered by
    subtraction (secondary or complementary suppression).

    A breakdown is a set of disjoint cells that add up to a published total (the deciles of
    an area, the LSOAs of a district, the sexes of an age band). If exactly one cell is
    suppressed and the total is published, that cell equals the total minus the others; the
    rule suppresses, in addition, the smallest cell not yet suppressed (the one whose loss
    costs least information), so that at least two cells are hidden and only their sum can be
    derived. Cells without a count (missing) cannot hide anything and are never chosen.

    Parameters
    ----------
    counts : sequence of float
        The cells' counts (NaN where a cell has none).
    suppressed : sequence of bool
        Primary suppression (a count below the threshold).
    total_published : bool, default True
        Whether the breakdown's total is shown. Without it nothing can be recovered and no
        cell is added.

    Returns
    -------
    numpy.ndarray of bool
        The cells to suppress: the primary ones plus at most one complementary cell.

    Raises
    ------
    ValueError
        ``"counts and suppressed must have the same length"``.
    """
    values = np.asarray(counts, dtype=float)
    hidden = np.asarray(suppressed, dtype=bool).copy()
    if values.shape != hidden.shape:
        msg = "counts and suppressed must have the same length"
        raise ValueError(msg)
    if not total_published or hidden.sum() != 1:
        return hidden
    candidates = np.flatnonzero(~hidden & np.isfinite(values))
    if candidates.size:
        hidden[candidates[np.argmin(values[candidates])]] = True
    return hidden


#: the usual disclosure threshold: counts of 1-4 people or events are not published
DISCLOSURE_MIN_COUNT = 5


def iterative_complementary_suppression(
    counts: Sequence[float],
    suppressed: Sequence[bool],
    groups: Sequence[tuple[int, Sequence[int]]],
    *,
    max_iterations: int = 100,
) -> tuple[np.ndarray, int]:
    """Cells to suppress so that no suppressed count is the solution of one published sum,
    where cells take part in several sums (nested geographies, breakdowns of breakdowns).

    Each group is one additive relation ``total = sum(parts)`` between cells: an area and the
    areas or LSOAs that nest in it exactly, an area and its IMD decile cells, a decile cell of
    an area and the LSOAs of that decile in it. A relation whose cells (total and parts) hide
    exactly one count, and hold no other unknown, gives that count away: it is the total minus
    the parts, or the sum of the parts. The rule suppresses, in addition, the smallest part
    still shown (the total only when no part is left), as
    :func:`complementary_suppression` does for one breakdown.

    Suppressing a cell can leave another relation it belongs to (the LSOA's district, its
    ICB, its decile cell) with exactly one hidden cell, so the rule is applied again to every
    relation until none is left with one: the fixed point. Within one pass every relation is
    judged on the cells hidden at the start of the pass (so the answer does not depend on the
    order of ``groups``); ties go to the lowest cell index.

    Parameters
    ----------
    counts : sequence of float
        The cells' counts. NaN for a cell without a count that is not suppressed: it is an
        unknown to anyone subtracting, so a relation holding one cannot be solved.
    suppressed : sequence of bool
        Primary suppression (a count below the threshold), or any cell already hidden.
    groups : sequence of (int, sequence of int)
        The relations as (index of the total, indices of the parts). A relation without parts
        is ignored.
    max_iterations : int, default 100
        Passes before giving up.

    Returns
    -------
    (numpy.ndarray of bool, int)
        The cells to suppress (the primary ones and the complementary ones), and the number
        of passes that added cells.

    Raises
    ------
    ValueError
        ``"counts and suppressed must have the same length"``,
        ``"group cell index out of range"``,
        ``"no fixed point within max_iterations passes"``.

    Notes
    -----
    This is the rule statistical offices call secondary or complementary suppression
    ([10]_, chapter 4), in its simple form: it guarantees that no single relation can be
    solved for a hidden cell, and, because a pass starts only from cells already safe, an
    attacker who peels relations one at a time recovers nothing. It does not solve the general
    linear-programming audit (several relations combined can still bound a cell), and a
    relation with two or more hidden cells whose sum (total minus the rest) is itself below
    the threshold is allowed, as in the usual rule.

    References
    ----------
    .. [10] Hundepool A, Domingo-Ferrer J, Franconi L, et al. Statistical Disclosure Control.
       Wiley; 2012.

    Examples
    --------
    An area (cell 0) of two districts (1, 2), each of two LSOAs (3, 4 and 5, 6); LSOA 3 is
    below the threshold. Hiding LSOA 4 with it leaves district 1 safe; district 1's own
    relation (0 = 1 + 2) shows no hidden cell, so one pass is enough:

    >>> counts = [40.0, 15.0, 25.0, 3.0, 12.0, 10.0, 15.0]
    >>> hidden, passes = iterative_complementary_suppression(
    ...     counts, [False, False, False, True, False, False, False],
    ...     [(0, [1, 2]), (1, [3, 4]), (2, [5, 6])])
    >>> hidden.nonzero()[0].tolist(), passes
    ([3, 4], 1)
    """
    values = np.asarray(counts, dtype=float)
    hidden = np.asarray(suppressed, dtype=bool).copy()
    if values.shape != hidden.shape:
        msg = "counts and suppressed must have the same length"
        raise ValueError(msg)
    relations = [(int(total), [int(p) for p in parts]) for total, parts in groups if len(parts)]
    for total, parts in relations:
        if not all(0 <= i < values.size for i in (total, *parts)):
            msg = "group cell index out of range"
            raise ValueError(msg)
    unknown = ~hidden & ~np.isfinite(values)
    passes = 0
    while True:
        chosen: set[int] = set()
        for total, parts in relations:
            cells = [total, *parts]
            if hidden[cells].sum() != 1 or unknown[cells].any():
                continue
            shown = [p for p in parts if not hidden[p]] or [total]
            shown = [c for c in shown if not hidden[c]]
            if shown:
                chosen.add(min(shown, key=lambda c: (values[c], c)))
        if not chosen:
            return hidden, passes
        passes += 1
        if passes > max_iterations:
            msg = "no fixed point within max_iterations passes"
            raise ValueError(msg)
        hidden[sorted(chosen)] = True


def suppress(frame: pd.DataFrame, *, min_count: float = 5) -> pd.DataFrame:
    """Suppress values, limits and counts based on fewer than ``min_count`` events.

    Parameters
    ----------
    frame : pandas.DataFrame
        Must contain a ``count`` column.  The columns ``value``, ``count``
        and any limit columns (``lower``, ``upper``, ``lower_95``,
        ``upper_95``, ``lower_998``, ``upper_998``, ... i.e. ``lower`` /
        ``upper`` optionally followed by ``_suffix``) are suppressed.
    min_count : float, default 5
        Rows with ``count < min_count`` are suppressed.

    Returns
    -------
    pandas.DataFrame
        A new frame (the input is not modified) in which suppressed rows have
        those columns set to NaN (never zero), with a boolean
        ``is_suppressed`` column and a ``note`` column.  The note of a
        suppressed row is e.g. ``"Suppressed: fewer than 5 events"``,
        appended after ``"; "`` to any existing note text; other rows keep
        their note (``""`` when the frame had no ``note`` column).  Rows whose
        count is missing are not flagged; re-applying is idempotent (rows
        already flagged stay flagged).

    Raises
    ------
    ValueError
        ``"frame must be a pandas DataFrame"``,
        ``"frame must have a 'count' column"``,
        ``"min_count must be a non-negative number"``,
        ``"count must be numeric"``.

    Notes
    -----
    Suppression follows Fingertips / ONS disclosure practice [8]_: the
    threshold is a policy choice, not a statistical one; 5 is the default
    here.  Setting to NaN (not 0) keeps suppressed rows out of averages and
    comparisons (:func:`compare_to_benchmark` returns ``"not compared"``).

    References
    ----------
    .. [8] OHID. Fingertips Public Health Technical Guidance.

    Examples
    --------
    >>> out = suppress(pd.DataFrame({"count": [3, 12], "value": [1.5, 6.0]}))
    >>> out["value"].tolist(), out["is_suppressed"].tolist()
    ([nan, 6.0], [True, False])
    >>> out.loc[0, "note"]
    'Suppressed: fewer than 5 events'
    """
    if not isinstance(frame, pd.DataFrame):
        msg = "frame must be a pandas DataFrame"
        raise ValueError(msg)
    if "count" not in frame.columns:
        msg = "frame must have a 'count' column"
        raise ValueError(msg)
    if not _is_number(min_count) or not np.isfinite(min_count) or min_count < 0:
        msg = "min_count must be a non-negative number"
        raise ValueError(msg)
    counts = _to_float_array(frame["count"], "count")
    flagged = counts < min_count
    if "is_suppressed" in frame.columns:
        flagged = flagged | frame["is_suppressed"].fillna(False).to_numpy(dtype=bool)
    newly = counts < min_count

    out = frame.copy()
    targets = [
        c
        for c in out.columns
        if isinstance(c, str) and (c in ("value", "count") or _LIMIT_COLUMN.match(c))
    ]
    for column in targets:
        if newly.any():
            values = _to_float_array(out[column], column).copy()
            values[newly] = np.nan
            out[column] = values
    out["is_suppressed"] = flagged

    reason = f"Suppressed: fewer than {min_count:g} events"
    existing = out["note"].astype(object).tolist() if "note" in out.columns else [""] * len(out)
    notes = []
    for text, suppressed_now in zip(existing, newly, strict=True):
        if not suppressed_now:
            notes.append(text)
        elif _is_blank(text):
            notes.append(reason)
        else:
            notes.append(f"{text}; {reason}")
    out["note"] = pd.Series(notes, index=out.index, dtype=object)
    return out
