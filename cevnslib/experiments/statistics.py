"""Chi-squares with analytically profiled nuisances, Delta-chi^2, and M_Z' lower bounds.

All three chi-squares of the paper are linear in the nuisances with Gaussian pulls, so the
profile is exact and closed-form: for a residual r - N a - B b with pulls a ~ N(0, s_a^2),
b ~ N(0, s_b^2), min over (a, b) of r'^2/s^2 + a^2/s_a^2 + b^2/s_b^2 equals
r^2 / (s^2 + N^2 s_a^2 + B^2 s_b^2).

* :func:`chi2_csi` (Eq. 60, Akimov2017):  (N_meas - N_th - B_on)^2 / (s_stat^2 + s_alpha^2 N_th^2 + s_beta^2 B_on^2),
  s_stat^2 = N_meas + 2 B_ss + B_on.
* :func:`chi2_normalisation` (Eq. 61, LAr):  (N_meas - N_th)^2 / (s_stat^2 + s_a^2 N_th^2).
* :func:`chi2_projection` (Eq. 62):  (N_SM - N_331)^2 / (N_SM + B_ss + s_xi^2 N_331^2).

>>> round(float(chi2_csi(136.0 + 6.0 - 6.0, n_meas=142, b_on=6, b_ss=405, sigma_alpha=0.28, sigma_beta=0.25)), 6)
0.0
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import chdtri

from ..errors import (
    InputError,
    _show,
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
    "MZP_SEARCH_FLOOR",
]

#: lowest M_Z' [GeV] searched by :func:`lower_bound`; a bound equal to it means "no bound above it"
MZP_SEARCH_FLOOR = 50.0


def _check_counts(**values):
    """Counts and uncertainties of a chi-square: finite and >= 0, named in the error."""
    for name, value in values.items():
        check_nonnegative(name, value)


def _check_variance(var):
    if np.any(~(np.asarray(var) > 0)):
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
    check_in_range("cl", cl, 0.0, 1.0)
    check_integer("dof", dof, 1)
    return finite_result("cl", lambda: float(chdtri(dof, 1.0 - cl)))


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
    chi2_of_x: Callable[[np.ndarray], Any], x_max: float, threshold: float, n: int = 4000
) -> tuple[list[tuple[float, float]], float, float]:
    """Allowed intervals in x = (M_Z/M_Z')^2 on [0, x_max] where chi2(x) - min <= threshold.

    ``chi2_of_x`` must be vectorised.  The grid locates sign changes; brentq refines each edge.
    Returns (intervals as (x_lo, x_hi) tuples, x at the minimum, chi2 at the minimum).
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
    i_min = int(np.argmin(c))
    x_best = xs[i_min]
    lo, hi = xs[max(i_min - 1, 0)], xs[min(i_min + 1, len(xs) - 1)]
    if hi > lo:
        res = minimize_scalar(
            lambda x: float(chi2_of_x(np.array([x]))[0]),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-14 * max(hi, 1e-300)},
        )
        if res.fun < c[i_min]:
            x_best = res.x
    c_min = float(min(c[i_min], chi2_of_x(np.array([x_best]))[0]))

    def g(x):
        return float(chi2_of_x(np.array([x]))[0]) - c_min - threshold

    d = c - c_min - threshold
    inside = d <= 0
    intervals: list[tuple[float, float]] = []
    start = 0.0 if inside[0] else None
    for k in range(1, len(xs)):
        if inside[k] and not inside[k - 1]:
            start = brentq(g, xs[k - 1], xs[k], xtol=1e-15, rtol=1e-12)
        elif not inside[k] and inside[k - 1]:
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
) -> Bound:
    """Lower bound on M_Z' at confidence level ``cl`` (Delta-chi^2 = 2.706 at 90% CL, one parameter).

    ``chi2_of_x`` gives chi^2 as a function of x = (m_ref/M_Z')^2; the minimum is taken over
    M_Z' >= ``mzp_floor`` GeV including the SM (x = 0).  The bound is the lower edge of the allowed
    interval that reaches up to the highest masses.
    """
    thr = delta_chi2_threshold(cl)
    check_positive("m_ref", m_ref)
    check_positive("mzp_floor", mzp_floor)
    x_max = finite_result("m_ref / mzp_floor", lambda: (m_ref / mzp_floor) ** 2)
    intervals, x_best, c_min = allowed_intervals(chi2_of_x, x_max, thr)

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
