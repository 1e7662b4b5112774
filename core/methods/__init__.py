"""Fingertips-grade public-health indicator statistics.

Pure, vectorised Python ports of the confidence-interval, standardisation,
inequality and funnel-plot methods used by the Office for Health Improvement
and Disparities (OHID) for Fingertips, as implemented in the
PHEindicatormethods R package (version 2.x) and described in the Fingertips
Public Health Technical Guidance.

Public API
----------
rate
    Crude rate with exact Poisson (count < 10) or Byar's limits (``phe_rate``).
proportion
    Proportion with Wilson score limits (``phe_proportion``).
dsr
    Directly standardised rate with Dobson limits for one area (``calculate_dsr``).
sii
    Slope (and relative) index of inequality with simulated limits (``phe_sii``).
funnel_limits
    Funnel-plot control limits around a benchmark (``calculate_funnel_limits``).
compare_to_benchmark
    Fingertips-style RAG / "higher, similar, lower" significance labels.
suppress
    Small-number suppression of counts, values and limits.
ESP2013
    The 2013 European Standard Population in 19 five-year age bands.

Conventions shared by every function
------------------------------------
* Inputs may be scalars, lists, numpy arrays or pandas Series; scalars
  broadcast against arrays.  When a Series is given, the output keeps its
  index; several Series must share one index.
* Missing inputs (NaN / None / pd.NA) propagate to missing outputs.
* ``confidence`` is a level in [0.9, 1), or a tuple of levels such as
  ``(0.95, 0.998)``.  A single level gives ``lower`` / ``upper`` columns; a
  tuple gives ``lower_95, upper_95, lower_998, upper_998`` (the level in
  per cent with the decimal point removed).
* Invalid input raises ``ValueError`` with a fixed, documented message.

References
----------
.. [1] Breslow NE, Day NE. Statistical methods in cancer research, volume II:
   The design and analysis of cohort studies. Lyon: IARC; 1987.
.. [2] Armitage P, Berry G, Matthews JNS. Statistical methods in medical
   research (4th edn). Oxford: Blackwell; 2002.
.. [3] Wilson EB. Probable inference, the law of succession, and statistical
   inference. J Am Stat Assoc 1927;22:209-212.
.. [4] Newcombe RG, Altman DG. Proportions and their differences. In: Altman DG
   et al. (eds). Statistics with confidence (2nd edn). London: BMJ Books; 2000.
.. [5] Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for
   weighted sums of Poisson parameters. Stat Med 1991;10:457-462.
.. [6] Low A, Low A. Measuring the gap: quantifying and comparing local health
   inequalities. J Public Health 2004;26:388-395.
.. [7] Spiegelhalter DJ. Funnel plots for comparing institutional performance.
   Stat Med 2005;24:1185-1202.
.. [8] OHID. Fingertips Public Health Technical Guidance.
   https://fingertips.phe.org.uk/static-reports/public-health-technical-guidance/
.. [9] Anderson G, Fox S, Francis M, et al. PHEindicatormethods: common public
   health statistics and their confidence intervals. R package, CRAN.

Modules
-------
``core.methods.rates`` (rate, proportion, dsr), ``core.methods.slope_index`` (sii),
``core.methods.slope_index_many`` (the build's batched SIIs), ``core.methods.comparison``
(funnel_limits, compare_to_benchmark), ``core.methods.suppression`` (suppress and secondary
suppression), ``core.methods.standard_population`` (ESP2013). Import from ``core.methods``.
"""

from core.methods._common import (
    DSR_MIN_TOTAL_COUNT,
    EXACT_POISSON_THRESHOLD,
    METHOD_BYARS,
    METHOD_DOBSON,
    METHOD_DSR_SUPPRESSED,
    METHOD_EXACT,
    METHOD_WILSON,
    NOT_COMPARED,
    _z,
)
from core.methods.comparison import compare_to_benchmark, funnel_limits
from core.methods.rates import dsr, proportion, rate
from core.methods.slope_index import sii
from core.methods.slope_index_many import sii_many
from core.methods.standard_population import ESP2013, ESP2013_AGE_BANDS
from core.methods.suppression import (
    DISCLOSURE_MIN_COUNT,
    complementary_suppression,
    iterative_complementary_suppression,
    suppress,
)

__all__ = [
    "DISCLOSURE_MIN_COUNT",
    "DSR_MIN_TOTAL_COUNT",
    "ESP2013",
    "ESP2013_AGE_BANDS",
    "EXACT_POISSON_THRESHOLD",
    "METHOD_BYARS",
    "METHOD_DOBSON",
    "METHOD_DSR_SUPPRESSED",
    "METHOD_EXACT",
    "METHOD_WILSON",
    "NOT_COMPARED",
    "_z",
    "compare_to_benchmark",
    "complementary_suppression",
    "dsr",
    "funnel_limits",
    "iterative_complementary_suppression",
    "proportion",
    "rate",
    "sii",
    "sii_many",
    "suppress",
]
