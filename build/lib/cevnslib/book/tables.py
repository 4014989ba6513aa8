"""Helpers for reading the paper's tables: which M_Z' gives a quoted number of events.

The paper's Table 3 lists CEvNS event numbers for two values of beta at five M_Z' values, of which
only the 5000 GeV column label survives.  :func:`mzp_for_events` inverts the model: it returns every
M_Z' at which the predicted number of events equals a quoted one, so that each table entry can be
read as a mass and compared with the inferred column label.

>>> from cevnslib.experiments import Settings, get_experiment
>>> from cevnslib.physics.model331 import SQRT3
>>> e = get_experiment("csi2017")
>>> s = Settings(csi_window="efficiency-only")
>>> n = float(e.n_model(-1 / SQRT3, 1000.0, s))
>>> [round(m, 3) for m in mzp_for_events(e, -1 / SQRT3, n, s)]
[1000.0]
"""

from __future__ import annotations

from typing import cast

import numpy as np
from scipy.optimize import brentq

from ..errors import check_positive
from ..experiments.registry import DEFAULT, Experiment, Settings

__all__ = ["mzp_for_events"]


def mzp_for_events(
    experiment: Experiment,
    beta: float,
    n_events: float,
    settings: Settings = DEFAULT,
    mzp_range: tuple[float, float] = (100.0, 1.0e5),
    n_grid: int = 4000,
) -> tuple[float, ...]:
    """All M_Z' [GeV] in ``mzp_range`` at which the model predicts ``n_events`` events (paper Eq. 59).

    The event number is quadratic in x = (M_Z/M_Z')^2, N(x) = sum_nuclei R (Q_SM + x dQ)^2, so a
    given N has at most two solutions per nucleus sum: one on each side of the minimum of N when
    the Z' term interferes destructively, at most one when it interferes constructively.

    Parameters
    ----------
    experiment : Experiment
        From :func:`cevnslib.experiments.get_experiment`.
    beta : float
        The 331 parameter beta.
    n_events : float [events]
        The quoted number of events.
    settings : Settings
        Physics choices (window, sign of the Z' term, ...).
    mzp_range : (float, float) [GeV]
        Search interval for M_Z'.
    n_grid : int
        Logarithmic grid points used to bracket the roots before refining them with Brent's method.

    Returns
    -------
    tuple of float [GeV]
        The solutions in ascending order; empty if no M_Z' in the range gives ``n_events``.

    References
    ----------
    Eq. (59) and Table 3 of Binh2021.
    """
    check_positive("n_events", n_events)
    check_positive("mzp_range", np.asarray(mzp_range, dtype=float))
    grid = np.geomspace(mzp_range[0], mzp_range[1], n_grid)
    diff = cast(np.ndarray, experiment.n_model(beta, grid, settings)) - n_events
    roots = []
    for i in np.flatnonzero(diff[:-1] * diff[1:] <= 0):
        if diff[i] == 0:
            roots.append(float(grid[i]))
            continue
        roots.append(
            brentq(
                lambda m: float(experiment.n_model(beta, m, settings)) - n_events,
                grid[i],
                grid[i + 1],
                xtol=1e-9,
                rtol=1e-12,
            )
        )
    return tuple(sorted(set(roots)))
