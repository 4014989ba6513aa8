"""Coverage, Feldman-Cousins thresholds and bands from pseudo-experiments, for any likelihood.

Everything here works on numbers a likelihood has already produced: test statistics of toys,
bounds of toys, a test statistic and its threshold as functions of x = (m_ref/M_Z')^2.

* :func:`coverage`: the fraction of toys with t <= threshold and its binomial standard error.
* :func:`critical_values`: the ``cl`` quantile of t at each point of a parameter grid, the
  Feldman-Cousins (Feldman1998) threshold that replaces Wilks' Delta(-2 ln L) = 2.706 there.
* :class:`ThresholdCurve`: such thresholds on a grid, interpolated linearly (constant beyond it).
* :func:`accepted_lower_bound`: the lower bound on M_Z' from a test statistic with a threshold that
  varies along x (Feldman-Cousins); a constant threshold gives the Wilks bound.
* :func:`band_quantiles`: median and +-1, +-2 sigma quantiles of toy bounds.

>>> frac, err = coverage(np.array([0.5, 1.0, 3.0, 0.1]), 2.706)
>>> float(frac), round(float(err), 3)
(0.75, 0.217)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtr

from ..errors import InputError, check_in_range, check_positive
from .bounds import MZP_SEARCH_FLOOR, Bound, _candidates_x

__all__ = [
    "coverage",
    "critical_values",
    "ThresholdCurve",
    "accepted_lower_bound",
    "band_quantiles",
    "BAND_PROBABILITIES",
]

#: cumulative probabilities of the -2, -1, 0, +1, +2 sigma quantiles of a band
BAND_PROBABILITIES = tuple(float(p) for p in ndtr(np.array([-2.0, -1.0, 0.0, 1.0, 2.0])))


def coverage(t: ArrayLike, threshold: float) -> tuple[float, float]:
    """Fraction of toys whose test statistic is <= ``threshold``, and its binomial standard error."""
    t = np.asarray(t, dtype=float)
    if t.size == 0 or not np.all(np.isfinite(t)):
        raise InputError("t must hold at least one finite test statistic (one per toy)")
    p = float(np.mean(t <= threshold))
    return p, float(np.sqrt(max(p * (1.0 - p), 0.0) / t.size))


def critical_values(t: ArrayLike, cl: float = 0.9) -> np.ndarray:
    """The ``cl`` quantile of each row of ``t`` (shape (n_points, n_toys)): the FC threshold."""
    check_in_range("cl", cl, 0.0, 1.0)
    t = np.atleast_2d(np.asarray(t, dtype=float))
    return np.quantile(t, cl, axis=-1)


@dataclass(frozen=True)
class ThresholdCurve:
    """Thresholds ``t_c`` of Delta(-2 ln L) on a grid of a parameter (linear between grid points,
    the end values beyond them)."""

    grid: tuple[float, ...]
    t_c: tuple[float, ...]

    def __call__(self, value: ArrayLike) -> np.ndarray:
        return np.interp(np.asarray(value, dtype=float), self.grid, self.t_c)


def accepted_lower_bound(
    t_of_x: Callable[[np.ndarray], ArrayLike],
    threshold_of_x: Callable[[np.ndarray], ArrayLike],
    m_ref: float,
    mzp_floor: float = MZP_SEARCH_FLOOR,
    n: int = 4000,
) -> Bound:
    """Lower bound on M_Z' where the accepted region is t(x) <= threshold(x), x = (m_ref/M_Z')^2.

    ``t_of_x`` and ``threshold_of_x`` are vectorised.  The bound is the lower mass edge of the
    accepted interval that reaches up to the highest masses (smallest x), as in
    :func:`~cevnslib.stats.bounds.lower_bound`; the edges are refined by bisection.
    """
    from scipy.optimize import brentq

    check_positive("m_ref", m_ref)
    check_positive("mzp_floor", mzp_floor)
    xs = _candidates_x((m_ref / mzp_floor) ** 2, n)

    def g(x):
        x = np.atleast_1d(np.asarray(x, dtype=float))
        return np.asarray(t_of_x(x), dtype=float) - np.asarray(threshold_of_x(x), dtype=float)

    d = g(xs)
    if d.shape != xs.shape or not np.all(np.isfinite(d)):
        raise InputError("the test statistic or its threshold is not finite on [0, x_max]")
    inside = d <= 0

    def edge(k):
        return brentq(lambda x: float(g(x)[0]), xs[k - 1], xs[k], xtol=1e-15, rtol=1e-12)

    intervals: list[tuple[float, float]] = []
    start = 0.0 if inside[0] else None
    for k in range(1, len(xs)):
        if inside[k] and not inside[k - 1]:
            start = edge(k)
        elif not inside[k] and inside[k - 1]:
            intervals.append((start, edge(k)))
            start = None
    if start is not None:
        intervals.append((start, xs[-1]))

    def to_m(x):
        return np.inf if x <= 0 else m_ref / np.sqrt(x)

    m_intervals = tuple((float(to_m(b)), float(to_m(a))) for a, b in intervals)
    top = m_intervals[0] if m_intervals else (np.inf, np.inf)
    return Bound(
        mzp_min=float(top[0]),
        intervals=m_intervals,
        best=float(to_m(xs[int(np.argmin(d))])),
        chi2_min=float(np.min(np.asarray(t_of_x(xs), dtype=float))),
        sm_excluded=not bool(inside[0]),
        threshold=float(np.asarray(threshold_of_x(np.array([0.0])))[0]),
    )


def band_quantiles(bounds: ArrayLike) -> tuple[float, tuple[float, float], tuple[float, float]]:
    """(median, (16%, 84%) band, (2.3%, 97.7%) band) of toy bounds (weaker bound first)."""
    b = np.asarray(bounds, dtype=float).ravel()
    if b.size < 2 or np.isnan(b).any():
        raise InputError("bounds must hold at least two toy bounds without NaN")
    q = np.quantile(b, BAND_PROBABILITIES)
    return float(q[2]), (float(q[1]), float(q[3])), (float(q[0]), float(q[4]))
