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
* :func:`ordering_statistic`, :func:`grid_minimum`, :func:`neyman_lower_bound`: the pieces of a
  one-dimensional Neyman construction in x: the Feldman-Cousins ordering t = chi2(truth) - min
  chi2, the minimum over the physical region of many pseudo-experiments' chi-squares at once, and
  the lower bound from critical values at tested points of x.

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
    "ordering_statistic",
    "grid_minimum",
    "neyman_lower_bound",
    "GOLDEN_STEPS",
]

#: golden-section steps of :func:`grid_minimum` between the neighbours of a grid minimum: the
#: bracket shrinks by 0.618^24 ~ 1e-5
GOLDEN_STEPS = 24

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


def ordering_statistic(chi2_truth: ArrayLike, chi2_min: ArrayLike) -> np.ndarray:
    """Feldman-Cousins ordering t = chi2(truth) - min chi2 (>= 0; a minimum above chi2(truth), from
    a grid that misses the truth, counts as chi2(truth)).

    >>> ordering_statistic([3.0, 1.0], [0.5, 1.5]).tolist()
    [2.5, 0.0]
    """
    c = np.asarray(chi2_truth, dtype=float)
    return c - np.minimum(np.asarray(chi2_min, dtype=float), c)


def grid_minimum(
    chi2_of_x: Callable[[np.ndarray], ArrayLike], xs: ArrayLike, steps: int = GOLDEN_STEPS
) -> np.ndarray:
    """Minimum over x of the chi-squares of many data sets at once (one row each).

    ``chi2_of_x`` takes x of shape (1, len(xs)) (the grid, every row) or (n_rows, 1) (one x per
    row) and returns shape (n_rows, len(x)).  The grid minimum of each row is refined by a
    golden-section search between its two neighbours on the grid (``steps`` evaluations of one x
    per row); the result is the smallest chi-square evaluated, so it never lies below the true
    minimum.  Returns shape (n_rows,).

    >>> f = lambda x: (x - np.array([[0.31], [0.77]])) ** 2
    >>> np.round(grid_minimum(f, np.linspace(0.0, 1.0, 11)), 9).tolist()
    [0.0, 0.0]
    """
    xs = np.asarray(xs, dtype=float)
    if xs.ndim != 1 or xs.size < 3 or not np.all(np.diff(xs) > 0):
        raise InputError("xs must be an increasing grid of at least three points")
    c = np.asarray(chi2_of_x(xs[None, :]), dtype=float)
    if c.ndim != 2 or c.shape[1] != xs.size:
        raise InputError("chi2_of_x(x) must return one row of len(x) values per data set")
    rows = np.arange(c.shape[0])
    i = np.argmin(c, axis=1)
    best = c[rows, i]
    a = xs[np.maximum(i - 1, 0)]
    b = xs[np.minimum(i + 1, xs.size - 1)]
    r = (np.sqrt(5.0) - 1.0) / 2.0

    def at(x):
        return np.asarray(chi2_of_x(x[:, None]), dtype=float)[:, 0]

    x1, x2 = b - r * (b - a), a + r * (b - a)
    f1, f2 = at(x1), at(x2)
    for _ in range(steps):  # one new evaluation per row and step
        left = f1 < f2  # the minimum lies in [a, x2]
        a, b = np.where(left, a, x1), np.where(left, x2, b)
        x_new = np.where(left, b - r * (b - a), a + r * (b - a))
        f_new = at(x_new)
        x1, x2, f1, f2 = (
            np.where(left, x_new, x2),
            np.where(left, x1, x_new),
            np.where(left, f_new, f2),
            np.where(left, f1, f_new),
        )
    return np.minimum(best, np.minimum(f1, f2))


def neyman_lower_bound(
    t_of_x: Callable[[np.ndarray], ArrayLike],
    x_tested: ArrayLike,
    t_critical: ArrayLike,
    m_ref: float,
    mzp_floor: float = MZP_SEARCH_FLOOR,
) -> Bound:
    """Lower bound on M_Z' of a Neyman construction with critical values at tested points of x.

    ``t_critical[k]`` is the critical value (e.g. :func:`critical_values`) of the ordering
    statistic in pseudo-experiments generated at ``x_tested[k]``; between tested points it is
    interpolated linearly in x and held at the end values beyond them (:class:`ThresholdCurve`).
    The accepted region is t(x) <= t_c(x) with the observed ``t_of_x``; the bound is the lower mass
    edge of its part that reaches up to the highest masses (:func:`accepted_lower_bound`).
    """
    x = np.asarray(x_tested, dtype=float)
    tc = np.asarray(t_critical, dtype=float)
    if x.ndim != 1 or x.shape != tc.shape or x.size < 2:
        raise InputError(
            "x_tested and t_critical must be two equally long 1-D arrays (>= 2 points)"
        )
    if not (np.all(np.isfinite(x)) and np.all(x >= 0) and np.all(np.isfinite(tc))):
        raise InputError("x_tested must be finite and >= 0 and t_critical finite")
    order = np.argsort(x)
    if np.any(np.diff(x[order]) <= 0):
        raise InputError("x_tested must not repeat a point")
    curve = ThresholdCurve(tuple(x[order].tolist()), tuple(tc[order].tolist()))
    return accepted_lower_bound(t_of_x, curve, m_ref, mzp_floor)
