"""Nearest neighbour on the British National Grid (EPSG:27700, metres; distances in km)."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

#: Points as an ``(n, 2)`` array-like of easting, northing or a DataFrame (see
#: ``nearest_points_km``).
PointsLike: TypeAlias = pd.DataFrame | npt.ArrayLike


def _easting_northing(points: PointsLike, what: str) -> np.ndarray:
    """Coerce points to an ``(n, 2)`` float array of easting, northing (metres)."""
    if isinstance(points, pd.DataFrame):
        frame = points
        if {"easting_bng", "northing_bng"} <= set(frame.columns):
            frame = frame[["easting_bng", "northing_bng"]]
        elif frame.shape[1] != 2:
            raise ValueError(
                f"{what}: expected columns easting_bng, northing_bng or exactly two columns, "
                f"got {list(frame.columns)}"
            )
        array = frame.to_numpy(dtype=float, na_value=np.nan)
    else:
        array = np.asarray(points, dtype=float)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(
            f"{what}: expected an (n, 2) array of easting, northing; got shape {array.shape}"
        )
    return array


def nearest_points_km(
    origins_bng: PointsLike,
    targets_bng: PointsLike,
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest target to each origin by straight-line distance on the British National Grid.

    Uses a ``shapely.STRtree`` over the targets (``query_nearest``), no Python loop over points.

    Parameters
    ----------
    origins_bng, targets_bng : array_like of shape (n, 2) or pandas.DataFrame
        Easting and northing in metres (EPSG:27700). A DataFrame may have other columns if it
        has ``easting_bng`` and ``northing_bng``; otherwise it must have exactly two columns.

    Returns
    -------
    index_of_nearest : numpy.ndarray of int64, shape (n_origins,)
        Position (0-based row, counting every input row) of the nearest target; ties go to
        the lowest position. ``-1`` where the origin has a missing coordinate.
    distance_km : numpy.ndarray of float64, shape (n_origins,)
        Straight-line (grid) distance to it in kilometres; NaN where the origin is missing.

    Raises
    ------
    ValueError
        If the inputs are not (n, 2) or no target has both coordinates.

    Notes
    -----
    Targets with a missing (NaN) easting or northing are skipped: they can never be the
    nearest (e.g. the 5 GP practices in the QOF 2023/24 file with no Code-Point Open match).
    Grid distance differs from the geodesic distance by the OSGB36 scale factor (under 0.04%
    in England).
    """
    origins = _easting_northing(origins_bng, "origins_bng")
    targets = _easting_northing(targets_bng, "targets_bng")
    target_ok = np.flatnonzero(np.isfinite(targets).all(axis=1))
    if len(target_ok) == 0:
        raise ValueError("targets_bng: no target has both easting and northing")
    origin_ok = np.flatnonzero(np.isfinite(origins).all(axis=1))

    index = np.full(len(origins), -1, dtype=np.int64)
    distance_km = np.full(len(origins), np.nan)
    if len(origin_ok) == 0:
        return index, distance_km

    tree = shapely.STRtree(shapely.points(targets[target_ok]))
    (which, hit), dist = tree.query_nearest(
        shapely.points(origins[origin_ok]), return_distance=True, all_matches=True
    )
    # all equidistant matches are returned in no particular order: keep the lowest target
    order = np.lexsort((hit, which))
    first = order[np.unique(which[order], return_index=True)[1]]
    index[origin_ok[which[first]]] = target_ok[hit[first]]
    distance_km[origin_ok[which[first]]] = dist[first] / 1000.0
    return index, distance_km
