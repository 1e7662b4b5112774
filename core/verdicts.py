"""Verdicts: the words every page uses to compare a value with a benchmark or read a gradient.

Every better/similar/worse (higher/similar/lower) verdict is
:func:`core.methods.compare_to_benchmark` on the value's confidence limits, at the level the
user chose (95% or 99.8%). A value without limits (modelled travel times, means of LSOA values,
Health Index scores, a stated standard compared with a point estimate) is not tested, so it
reads :data:`NOT_COMPARED` everywhere, in a neutral colour, and is left out of "worse on N of
M" counts, which say how many were not compared.

A slope index of inequality (SII) is read as a gradient only when its confidence interval
excludes zero; without an interval, or when the interval includes zero, the words are
:data:`CANNOT_TELL`.

Pure: imports neither dash nor duckdb, so the build and the app can both use it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core import methods

#: The one label of a value that could not be tested against its benchmark.
NOT_COMPARED = methods.NOT_COMPARED
#: Why a value is not compared, for notes and hovers.
NOT_COMPARED_REASON = "no confidence interval, so no test against the benchmark"
#: The one reading of an SII whose CI is missing or includes zero.
CANNOT_TELL = "the data cannot tell whether there is a gradient"
#: Confidence levels the pages offer, and the limit columns of each.
LEVELS = {"95": ("lower_95", "upper_95"), "99.8": ("lower_998", "upper_998")}
#: Labels that count as a test having been made.
COMPARED = ("better", "similar", "worse", "higher", "lower")
POLARITIES = ("higher_is_better", "lower_is_better", "no_judgement")


def _number(value: Any) -> float:
    """``value`` as a float, NaN for None, NA, NaN and anything that is not a number."""
    if value is None or isinstance(value, bool):
        return math.nan
    try:
        out = float(value)
    except (TypeError, ValueError):
        return math.nan
    return out if math.isfinite(out) else math.nan


def compare(lower: Any, upper: Any, benchmark: Any, *, polarity: str | None) -> str:
    """Verdict of one value from its confidence limits against a benchmark.

    Parameters
    ----------
    lower, upper : float or None
        Confidence limits of the value (at the level the user chose).
    benchmark : float or None
        England's value or a stated standard.
    polarity : str or None
        Indicator polarity; anything unknown is read as ``"no_judgement"``.

    Returns
    -------
    str
        ``"better"``, ``"similar"``, ``"worse"`` (``"higher"``, ``"similar"``, ``"lower"``
        without a polarity), or :data:`NOT_COMPARED` when a limit or the benchmark is
        missing (or the limits are in the wrong order, which the build refuses: a page shows
        "not compared" for such a row rather than failing).

    Notes
    -----
    A thin scalar wrapper of :func:`core.methods.compare_to_benchmark` (Fingertips'
    overlap rule), so one rule serves every page.

    Examples
    --------
    >>> compare(19.2, 20.0, 19.5, polarity="lower_is_better")
    'similar'
    >>> compare(None, None, 19.5, polarity="lower_is_better")
    'not compared'
    """
    pol = polarity if polarity in POLARITIES else "no_judgement"
    lo, hi, bench = _number(lower), _number(upper), _number(benchmark)
    if math.isnan(lo) or math.isnan(hi) or math.isnan(bench) or lo > hi:
        return NOT_COMPARED
    return str(methods.compare_to_benchmark([lo], [hi], bench, polarity=pol)[0])


def limits(row: Any, level: str = "95") -> tuple[float, float]:
    """(lower, upper) of a row (mapping or Series) at ``level`` ('95' or '99.8'), NaN if none."""
    lo_col, hi_col = LEVELS.get(level, LEVELS["95"])
    get = row.get if hasattr(row, "get") else (lambda key: getattr(row, key, None))
    return _number(get(lo_col)), _number(get(hi_col))


@dataclass(frozen=True)
class Tally:
    """How many values were worse, how many were compared, how many were not."""

    worse: int
    compared: int
    not_compared: int

    def text(self) -> str:
        """'worse on 1 of 3; 2 not compared' (or 'none compared; 2 not compared')."""
        head = (f"worse on {self.worse} of {self.compared}" if self.compared
                else "none compared")
        return f"{head}; {self.not_compared} {NOT_COMPARED}" if self.not_compared else head


def tally(labels: Iterable[Any]) -> Tally:
    """Count verdicts: worse, compared (any tested label) and not compared.

    Labels other than the tested ones and :data:`NOT_COMPARED` (None, '', 'no data') are not
    counted at all: those rows have no value to compare.

    Examples
    --------
    >>> tally(["worse", "similar", "not compared", None]).text()
    'worse on 1 of 2; 1 not compared'
    """
    items = [x for x in labels if isinstance(x, str)]
    return Tally(worse=sum(x == "worse" for x in items),
                 compared=sum(x in COMPARED for x in items),
                 not_compared=sum(x == NOT_COMPARED for x in items))


def gradient_direction(sii: Any, lower: Any, upper: Any) -> int:
    """+1 when the SII's CI lies above zero (higher values in less deprived areas), -1 below
    zero (higher in more deprived areas), 0 when the CI is missing or includes zero.

    The SII runs from the most to the least deprived end (``core.methods.sii`` with quantiles
    ordered most deprived first), so a positive SII means higher values where deprivation is
    lower.
    """
    s, lo, hi = _number(sii), _number(lower), _number(upper)
    if math.isnan(s) or math.isnan(lo) or math.isnan(hi):
        return 0
    if lo > 0:
        return 1
    if hi < 0:
        return -1
    return 0


def favours_less_deprived(sii: Any, lower: Any, upper: Any, polarity: str | None) -> bool | None:
    """True when the measure is significantly better at the less deprived end, False when at
    the more deprived end, None when the data cannot tell (no CI, CI includes zero, or no
    polarity to say which end is better)."""
    sign = gradient_direction(sii, lower, upper)
    if sign == 0 or polarity not in ("higher_is_better", "lower_is_better"):
        return None
    higher_less_deprived = sign > 0
    return higher_less_deprived if polarity == "higher_is_better" else not higher_less_deprived


def gradient_words(sii: Any, lower: Any, upper: Any, *, polarity: str | None,
                   role: str | None) -> str:
    """Plain reading of an SII: a gradient only when its CI excludes zero, else
    :data:`CANNOT_TELL`.

    Provision measures: 'lower coverage in more deprived areas (inverse care)' or 'higher
    coverage in more deprived areas (follows need)'; other measures 'worse/better in more
    deprived areas'; no polarity: 'higher/lower in more deprived areas'.

    Examples
    --------
    >>> gradient_words(0.73, None, None, polarity="higher_is_better", role="provision")
    'the data cannot tell whether there is a gradient'
    >>> gradient_words(3.0, 1.0, 5.0, polarity="higher_is_better", role="provision")
    'lower coverage in more deprived areas (inverse care)'
    """
    sign = gradient_direction(sii, lower, upper)
    if sign == 0:
        return CANNOT_TELL
    better_less = favours_less_deprived(sii, lower, upper, polarity)
    if better_less is None:
        return "lower in more deprived areas" if sign > 0 else "higher in more deprived areas"
    if role == "provision":
        return ("lower coverage in more deprived areas (inverse care)" if better_less
                else "higher coverage in more deprived areas (follows need)")
    return "worse in more deprived areas" if better_less else "better in more deprived areas"


def cannot_tell_reason(sii: Any, lower: Any, upper: Any) -> str:
    """Why an SII is not read as a gradient ('' when it is)."""
    if math.isnan(_number(sii)):
        return "no SII"
    if math.isnan(_number(lower)) or math.isnan(_number(upper)):
        return "the values have no confidence intervals, so the SII has none"
    if gradient_direction(sii, lower, upper) == 0:
        return "its 95% CI includes 0"
    return ""
