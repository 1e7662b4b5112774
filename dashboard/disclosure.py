"""Small-count disclosure control: the threshold the views cite.

The build applies the rule (``etl/sql/marts/stroke_units.sql``): every count of a stroke unit
below 5, and the rates built on it, is NULL in the published ``stroke_units`` table, with the
Wilson 95% limits and a ``suppression_note``; a data test checks no count of 1-4 is
published, and the app reads the table as it is ("counts below 5 and the rates built on them
are suppressed"). Nothing is suppressed per request.

Threshold: ``core.methods.DISCLOSURE_MIN_COUNT`` (5), which is also the catalogue's default
``Indicator.min_count`` and the build's ``is_small_count``: one number for the whole tool. A
count below it is blanked (never shown as zero), and so is every rate whose numerator or
denominator it is.
"""

from __future__ import annotations

from core.methods import DISCLOSURE_MIN_COUNT

MIN_COUNT = DISCLOSURE_MIN_COUNT
