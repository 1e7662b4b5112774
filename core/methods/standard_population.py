"""The 2013 European Standard Population (ESP2013), as ``esp2013`` in PHEindicatormethods."""

from __future__ import annotations

import numpy as np

#: 2013 European Standard Population, 19 bands (0-4, 5-9, ..., 85-89, 90+),
#: as ``esp2013`` in PHEindicatormethods.  Sums to 100,000.  Read-only.
ESP2013: np.ndarray = np.array(
    [
        5000,
        5500,
        5500,
        5500,
        6000,
        6000,
        6500,
        7000,
        7000,
        7000,
        7000,
        6500,
        6000,
        5500,
        5000,
        4000,
        2500,
        1500,
        1000,
    ],
    dtype=float,
)
ESP2013.setflags(write=False)

#: Labels of the 19 ESP2013 age bands, in the order of :data:`ESP2013`.
ESP2013_AGE_BANDS: tuple[str, ...] = tuple([f"{lo}-{lo + 4}" for lo in range(0, 90, 5)] + ["90+"])
