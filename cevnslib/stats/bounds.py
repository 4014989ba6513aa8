"""Chi-squares with analytically profiled nuisances, Delta-chi^2, and M_Z' lower bounds.

All three chi-squares of the paper are linear in the nuisances with Gaussian pulls, so the
profile is exact and closed-form: for a residual r - N a - B b with pulls a ~ N(0, s_a^2),
b ~ N(0, s_b^2), min over (a, b) of r'^2/s^2 + a^2/s_a^2 + b^2/s_b^2 equals
r^2 / (s^2 + N^2 s_a^2 + B^2 s_b^2).

* :func:`chi2_csi` (Eq. 60, Akimov2017):  (N_meas - N_th - B_on)^2 / (s_stat^2 + s_alpha^2 N_th^2 + s_beta^2 B_on^2),
  s_stat^2 = N_meas + 2 B_ss + B_on.
* :func:`chi2_normalisation` (Eq. 61, LAr):  (N_meas - N_th)^2 / (s_stat^2 + s_a^2 N_th^2); the
  registry's default s_stat is COHERENT's +-43 (variants: ``Settings.lar_stat``).
* :func:`chi2_projection` (Eq. 62):  (N_SM - N_331)^2 / (N_SM + B_ss + s_xi^2 N_331^2).

Conventions for the bound (:data:`CONVENTIONS`): two-sided Delta-chi^2 (the paper's), one-sided
Delta-chi^2, and asymptotic CLs (:func:`cls_values`, Cowan2011); :func:`grid_lower_bounds` finds the
bounds of many pseudo-experiments at once.

>>> round(float(chi2_csi(136.0 + 6.0 - 6.0, n_meas=142, b_on=6, b_ss=405, sigma_alpha=0.28, sigma_beta=0.25)), 6)
0.0
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ..errors import (
    InputError,
    _show,
    check_choice,
    check_in_range,
    check_integer,
    check_nonnegative,
    check_positive,
    finite_result,
)

__all__ = [
    "chi2_csi",
    "chi2_normalisation",
    "chi2_projection",
    "delta_chi2_threshold",
    "Bound",
    "lower_bound",
    "allowed_intervals",
    "CONVENTIONS",
    "convention_threshold",
    "cls_values",
    "cls_lower_bound",
    "grid_lower_bounds",
    "ExpectedBound",
    "MZP_SEARCH_FLOOR",
]

#: conventions for a 90% CL bound on one parameter: 'two-sided' Delta-chi^2 = chi2_1^-1(cl) = 2.706
#: (the paper's), 'one-sided' Delta-chi^2 = Phi^-1(cl)^2 = 1.642, 'cls' CLs in the Gaussian
#: (Asimov) approximation of Cowan2011
CONVENTIONS = ("two-sided", "one-sided", "cls")

#: lowest M_Z' [GeV] searched by :func:`lower_bound`; a bound equal to it means "no bound above it"
MZP_SEARCH_FLOOR = 50.0


def _check_counts(**values):
    """Counts and uncertainties of a chi-square: finite and >= 0, named in the error."""
    for name, value in values.items():
        check_nonnegative(name, value)


def _check_variance(var):
    if not (np.asarray(var) > 0).all():  # NaN fails too
        raise InputError(
            "the chi-square variance must be > 0: give positive counts or uncertainties"
        )


def chi2_csi(
    n_th: ArrayLike,
    n_meas: float,
    b_on: float,
    b_ss: float,
    sigma_alpha: float,
    sigma_beta: float,
) -> np.ndarray | float:
    """CsI chi-square of Eq. (60), profiled over alpha (signal) and beta (beam-on background)."""
    _check_counts(
        n_th=n_th,
        n_meas=n_meas,
        b_on=b_on,
        b_ss=b_ss,
        sigma_alpha=sigma_alpha,
        sigma_beta=sigma_beta,
    )
    n_th = np.asarray(n_th, dtype=float)

    def chi2():
        var = n_meas + 2.0 * b_ss + b_on + (sigma_alpha * n_th) ** 2 + (sigma_beta * b_on) ** 2
        _check_variance(var)
        return (n_meas - n_th - b_on) ** 2 / var

    return finite_result("the CsI chi-square inputs", chi2)


def chi2_normalisation(
    n_th: ArrayLike, n_meas: float, sigma_stat: float, sigma_a: float
) -> np.ndarray | float:
    """Chi-square of Eq. (61) with one normalisation nuisance a, profiled."""
    _check_counts(n_th=n_th, n_meas=n_meas, sigma_stat=sigma_stat, sigma_a=sigma_a)
    n_th = np.asarray(n_th, dtype=float)

    def chi2():
        var = sigma_stat**2 + (sigma_a * n_th) ** 2
        _check_variance(var)
        return (n_meas - n_th) ** 2 / var

    return finite_result("the normalisation chi-square inputs", chi2)


def chi2_projection(
    n_model: ArrayLike, n_sm: np.ndarray | float, b_ss: np.ndarray | float, sigma_xi: float
) -> np.ndarray | float:
    """Projection chi-square of Eq. (62): Asimov data = SM, flat steady background B_ss, profiled xi."""
    _check_counts(n_model=n_model, n_sm=n_sm, b_ss=b_ss, sigma_xi=sigma_xi)
    n_model = np.asarray(n_model, dtype=float)

    def chi2():
        var = n_sm + b_ss + (sigma_xi * n_model) ** 2
        _check_variance(var)
        return (n_sm - n_model) ** 2 / var

    return finite_result("the projection chi-square inputs", chi2)


def delta_chi2_threshold(cl: float = 0.9, dof: int = 1) -> float:
    """Delta-chi^2 for confidence level ``cl`` with ``dof`` parameters (2.706 for 90% CL, 1 dof)."""
    from scipy.special import chdtri  # scipy.special on first use: 0.3 s of every CLI start-up

    check_in_range("cl", cl, 0.0, 1.0)
    check_integer("dof", dof, 1)
    return finite_result("cl", lambda: float(chdtri(dof, 1.0 - cl)))


def convention_threshold(cl: float = 0.9, convention: str = "two-sided") -> float:
    """Delta-chi^2 threshold of a convention: 2.706 ('two-sided') or 1.642 ('one-sided') at 90% CL.

    'cls' has no fixed threshold (see :func:`cls_values`); its nominal two-sided value is returned.

    >>> round(convention_threshold(0.9, "one-sided"), 4), round(convention_threshold(0.9), 4)
    (1.6424, 2.7055)
    """
    check_choice("convention", convention, CONVENTIONS)
    if convention == "one-sided":
        check_in_range("cl", cl, 0.5, 1.0)
        from scipy.special import ndtri

        return float(ndtri(cl) ** 2)
    return delta_chi2_threshold(cl)


def cls_values(q: ArrayLike, q_asimov: ArrayLike) -> np.ndarray:
    """CLs = CL_{s+b}/CL_b in the asymptotic approximation (Cowan2011, Eqs. 59 and 65 with N = 0).

    ``q``: observed one-sided test statistic Delta-chi^2 at the tested point (0 where the best fit
    lies beyond it); ``q_asimov``: the same for Asimov background-only (SM) data.  A point is
    excluded at ``cl`` when CLs < 1 - cl.  CL_{s+b} = 1 - Phi(sqrt q), CL_b = Phi(sqrt q_A - sqrt q).

    >>> float(cls_values(0.0, 0.0)), round(float(cls_values(2.706, 2.706)), 4)
    (1.0, 0.1)
    """
    from scipy.special import ndtr

    sq = np.sqrt(np.maximum(np.asarray(q, dtype=float), 0.0))
    sqa = np.sqrt(np.maximum(np.asarray(q_asimov, dtype=float), 0.0))
    return (1.0 - ndtr(sq)) / np.maximum(ndtr(sqa - sq), 1e-300)


@dataclass(frozen=True)
class ExpectedBound:
    """Expected lower bounds on M_Z' [GeV] under the SM: median and the +-1, +-2 sigma bands.

    ``band_1sigma`` = (bound at the 15.9% quantile, at the 84.1% quantile), the weaker bound first;
    ``band_2sigma`` likewise for 2.3% and 97.7%.  ``method``: 'asimov' (Asimov data shifted by
    +-1, +-2 sigma of the measurement) or 'toys' (seeded pseudo-experiments, ``n_toys``, ``seed``).
    """

    median: float
    band_1sigma: tuple[float, float]
    band_2sigma: tuple[float, float]
    method: str = "asimov"
    convention: str = "two-sided"
    cl: float = 0.9
    n_toys: int = 0
    seed: int | None = None


@dataclass(frozen=True)
class Bound:
    """Result of a lower-bound search in M_Z' [GeV].

    ``mzp_min``: M_Z' above which every mass is allowed (the lower bound); ``intervals``: all allowed
    M_Z' intervals (low-mass islands from sign-flipped weak charges included); ``best``: M_Z' of the
    chi-square minimum (inf for the SM); ``sm_excluded``: the SM itself lies outside the region.
    """

    mzp_min: float
    intervals: tuple[tuple[float, float], ...] = field(default=())
    best: float = np.inf
    chi2_min: float = 0.0
    sm_excluded: bool = False
    threshold: float = 2.706


def _candidates_x(x_max, n):
    return np.concatenate(([0.0], np.geomspace(x_max * 1e-8, x_max, n)))


def allowed_intervals(
    chi2_of_x: Callable[[np.ndarray], Any],
    x_max: float,
    threshold: float,
    n: int = 4000,
    refine: Callable[[np.ndarray], Any] | None = None,
) -> tuple[list[tuple[float, float]], float, float]:
    """Allowed intervals in x = (M_Z/M_Z')^2 on [0, x_max] where chi2(x) - min <= threshold.

    ``chi2_of_x`` must be vectorised.  The grid locates sign changes; brentq refines each edge.
    ``refine``: the same function without input checks, for the many one-point evaluations of
    the refinement (the grid evaluation by ``chi2_of_x`` has checked the inputs); default
    ``chi2_of_x``.  Returns (intervals as (x_lo, x_hi) tuples, x at the minimum, chi2 at the minimum).
    """
    from scipy.optimize import (  # imported here: the CLI scan never needs them
        brentq,
        minimize_scalar,
    )

    if not callable(chi2_of_x):
        raise InputError(f"chi2_of_x = {_show(chi2_of_x)} is not allowed: must be a function of x")
    check_positive("x_max", x_max)
    check_nonnegative("threshold", threshold)
    check_integer("n", n, 2)
    xs = _candidates_x(x_max, n)
    with np.errstate(all="ignore"):
        c = np.asarray(chi2_of_x(xs), dtype=float)
    if c.shape != xs.shape or not np.all(np.isfinite(c)):
        raise InputError(
            "chi2_of_x returned values that are not finite (NaN or inf) or not one per x: "
            "a chi-square must be a finite number for every x in [0, x_max]"
        )
    one = chi2_of_x if refine is None else refine

    def at(x):
        return float(one(np.array([x]))[0])

    i_min = int(np.argmin(c))
    x_best = xs[i_min]
    lo, hi = xs[max(i_min - 1, 0)], xs[min(i_min + 1, len(xs) - 1)]
    if hi > lo:
        res = minimize_scalar(
            at,
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-14 * max(hi, 1e-300)},
        )
        if res.fun < c[i_min]:
            x_best = res.x
    c_min = float(min(c[i_min], at(x_best)))

    def g(x):
        return at(x) - c_min - threshold

    d = c - c_min - threshold
    inside = d <= 0
    intervals: list[tuple[float, float]] = []
    start = 0.0 if inside[0] else None
    for k in np.flatnonzero(inside[1:] != inside[:-1]) + 1:  # the grid steps that enter or leave
        if inside[k]:
            start = brentq(g, xs[k - 1], xs[k], xtol=1e-15, rtol=1e-12)
        else:
            intervals.append((start, brentq(g, xs[k - 1], xs[k], xtol=1e-15, rtol=1e-12)))
            start = None
    if start is not None:
        intervals.append((start, xs[-1]))
    return intervals, x_best, c_min


def lower_bound(
    chi2_of_x: Callable[[np.ndarray], Any],
    m_ref: float,
    cl: float = 0.9,
    mzp_floor: float = MZP_SEARCH_FLOOR,
    threshold: float | None = None,
    refine: Callable[[np.ndarray], Any] | None = None,
) -> Bound:
    """Lower bound on M_Z' at confidence level ``cl`` (Delta-chi^2 = 2.706 at 90% CL, one parameter).

    ``chi2_of_x`` gives chi^2 as a function of x = (m_ref/M_Z')^2; the minimum is taken over
    M_Z' >= ``mzp_floor`` GeV including the SM (x = 0).  The bound is the lower edge of the allowed
    interval that reaches up to the highest masses.  ``threshold`` overrides the Delta-chi^2 (e.g.
    :func:`convention_threshold` of 'one-sided').  ``refine``: see :func:`allowed_intervals`.
    """
    thr = delta_chi2_threshold(cl) if threshold is None else float(threshold)
    check_positive("m_ref", m_ref)
    check_positive("mzp_floor", mzp_floor)
    x_max = finite_result("m_ref / mzp_floor", lambda: (m_ref / mzp_floor) ** 2)
    intervals, x_best, c_min = allowed_intervals(chi2_of_x, x_max, thr, refine=refine)

    def to_m(x):
        return np.inf if x <= 0 else m_ref / np.sqrt(x)

    m_intervals = tuple(sorted(((to_m(b), to_m(a)) for a, b in intervals), key=lambda iv: -iv[1]))
    top = m_intervals[0] if m_intervals else (np.inf, np.inf)
    sm_excluded = not (intervals and intervals[0][0] == 0.0)
    return Bound(
        mzp_min=float(top[0]),
        intervals=m_intervals,
        best=float(to_m(x_best)),
        chi2_min=c_min,
        sm_excluded=sm_excluded,
        threshold=thr,
    )


def cls_lower_bound(
    chi2_of_x: Callable[[np.ndarray], Any],
    chi2_asimov_of_x: Callable[[np.ndarray], Any],
    m_ref: float,
    cl: float = 0.9,
    mzp_floor: float = 50.0,
    n: int = 4000,
    refine: tuple[Callable[[np.ndarray], Any], Callable[[np.ndarray], Any]] | None = None,
) -> Bound:
    """Lower bound on M_Z' with CLs (asymptotic, Cowan2011): the smallest x = (m_ref/M_Z')^2 above
    which CLs < 1 - cl, scanning up from the SM (x = 0).

    ``chi2_of_x``: the observed chi-square; ``chi2_asimov_of_x``: the chi-square of Asimov SM data.
    q(x) = chi2(x) - min chi2, set to 0 for x below the best fit (one-sided); q_A(x) = chi2_A(x) -
    chi2_A(0).  Returns a :class:`Bound` whose ``intervals`` hold the single allowed interval.
    ``refine``: (chi2_of_x, chi2_asimov_of_x) without input checks, for the root finding.
    """
    from scipy.optimize import brentq

    check_in_range("cl", cl, 0.0, 1.0)
    alpha = 1.0 - cl
    x_max = (m_ref / mzp_floor) ** 2
    xs = _candidates_x(x_max, n)
    c = np.asarray(chi2_of_x(xs), dtype=float)
    i_min = int(np.argmin(c))
    c_min, x_best = float(c[i_min]), float(xs[i_min])
    ca0 = float(np.asarray(chi2_asimov_of_x(np.array([0.0])))[0])

    def cls_at(x, f=chi2_of_x, f_asimov=chi2_asimov_of_x):
        x = np.atleast_1d(np.asarray(x, dtype=float))
        q = np.where(x > x_best, np.asarray(f(x)) - c_min, 0.0)
        return cls_values(q, np.asarray(f_asimov(x)) - ca0)

    one = (chi2_of_x, chi2_asimov_of_x) if refine is None else refine
    excluded = cls_at(xs) < alpha
    if not excluded.any():
        x_edge = xs[-1]
    else:
        k = int(np.argmax(excluded))
        x_edge = (
            0.0
            if k == 0
            else brentq(lambda x: float(cls_at(x, *one)[0]) - alpha, xs[k - 1], xs[k], xtol=1e-15)
        )
    mzp = np.inf if x_edge <= 0 else m_ref / np.sqrt(x_edge)
    return Bound(
        mzp_min=float(mzp),
        intervals=((float(mzp), np.inf),),
        best=float(np.inf if x_best <= 0 else m_ref / np.sqrt(x_best)),
        chi2_min=c_min,
        sm_excluded=bool(excluded[0]),
        threshold=float("nan"),
    )


def grid_lower_bounds(
    chi2_grid: ArrayLike,
    xs: ArrayLike,
    m_ref: float,
    threshold: float | None = None,
    chi2_asimov: ArrayLike | None = None,
    cl: float = 0.9,
) -> np.ndarray:
    """Vectorised lower bounds on M_Z' [GeV] for many data sets (pseudo-experiments) at once.

    ``chi2_grid``: shape (..., len(xs)), the chi-square of each data set on the increasing grid
    ``xs`` of x = (m_ref/M_Z')^2 starting at 0.  With ``threshold`` (Delta-chi^2) the bound is the
    upper x-edge of the first allowed interval, linearly interpolated; with ``chi2_asimov`` (shape
    (len(xs),)) CLs < 1 - cl decides instead (see :func:`cls_values`).  A data set that excludes
    nothing on the grid gets m_ref / sqrt(xs[-1]); one that excludes the SM gets inf.
    """
    c = np.asarray(chi2_grid, dtype=float)
    xs = np.asarray(xs, dtype=float)
    c_min = c.min(axis=-1, keepdims=True)
    if chi2_asimov is None:
        if threshold is None:
            raise InputError("grid_lower_bounds needs a threshold or chi2_asimov")
        g = c - c_min - threshold  # <= 0: allowed
    else:
        ca = np.asarray(chi2_asimov, dtype=float)
        i_best = np.argmin(c, axis=-1)[..., None]
        idx = np.arange(xs.size)
        q = np.where(idx > i_best, c - c_min, 0.0)
        g = (1.0 - cl) - cls_values(q, ca - ca[0])  # <= 0: allowed (CLs >= 1 - cl)
    allowed = g <= 0
    idx = np.arange(xs.size)
    first_allowed = np.argmax(allowed, axis=-1)[..., None]
    # the first allowed interval (lowest x, highest masses): allowed from first_allowed on until j
    blocked = ~allowed & (idx > first_allowed)
    has_edge = blocked.any(axis=-1)
    j = np.maximum(np.where(has_edge, np.argmax(blocked, axis=-1), xs.size - 1), 1)
    g1 = np.take_along_axis(g, (j - 1)[..., None], axis=-1)[..., 0]
    g2 = np.take_along_axis(g, j[..., None], axis=-1)[..., 0]
    dg = np.where(g2 > g1, g2 - g1, 1.0)
    t = np.clip(np.where(g2 > g1, -g1 / dg, 1.0), 0.0, 1.0)
    x_edge = np.where(has_edge, xs[j - 1] + t * (xs[j] - xs[j - 1]), xs[-1])
    with np.errstate(divide="ignore"):
        return np.where(x_edge > 0, m_ref / np.sqrt(np.maximum(x_edge, 1e-300)), np.inf)
