"""What a CEvNS bound says about the 3-3-1 model: the VEV w, the bilepton mass, and when it says nothing.

CEvNS measures the Z' shift of the weak charge, (Z' couplings)^2 (M_Z/M_Z')^2 ~ 1/(c_W^4 w^2): the
1/f(beta) of the couplings cancels the f(beta) of M_Z'^2 = g^2 c_W^2 w^2/(3 f)
(:func:`cevnslib.physics.symbolic.nucleon_shifts_in_w`).  A bound on M_Z' is therefore a bound on
the SU(3)_L-breaking VEV w (equivalently on the bilepton mass M_Y = g w/2) translated with an
f(beta) that depends strongly on which s_W^2 is used, while the bound on w barely moves.

:func:`model_bound` returns the three bounds and flags points where w is of order v, where the
leading-order relations fail (:data:`cevnslib.physics.model331.VW2_MAX`).  :func:`matching_bound`
and :func:`matching_scale_band` treat the scale at which s_W^2 enters f(beta) (between M_Y and M_Z')
as a theory uncertainty; :func:`pole_matching_threshold` finds how close to M_Z' the matching must
be for the U(1)_X Landau pole to exclude every M_Z' below it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import InputError, check_in_range
from ..physics.constants import M_Z, SW2_MZ
from ..physics.model331 import (
    approximation_valid,
    bilepton_mass,
    bilepton_to_zp_ratio,
    mixing_angle,
    mzp_min_from_mixing,
    validity_reason,
    w_from_mzp,
)
from ..physics.running import landau_scale, sw2_msbar
from .registry import DEFAULT, Combination, Experiment, Settings

__all__ = [
    "ModelBound",
    "model_bound",
    "MATCHING_SCALES",
    "matching_bound",
    "matching_scale_band",
    "pole_matching_threshold",
    "mixing_check",
    "mixing_zero",
    "mixing_window",
]


@dataclass(frozen=True)
class ModelBound:
    """A 90% CL (by default) bound expressed as M_Z', w and M_Y, all in GeV, at the s_W^2 used in f(beta).

    ``meaningful`` is False where (v/w_min)^2 > :data:`~cevnslib.physics.model331.VW2_MAX` (or no
    finite bound exists); ``reason`` then says why.
    """

    beta: float
    sw2: float
    mzp_min: float
    w_min: float
    bilepton_mass_min: float
    meaningful: bool
    reason: str | None


def model_bound(
    experiment: Experiment | Combination,
    beta: float,
    settings: Settings = DEFAULT,
    cl: float = 0.9,
) -> ModelBound:
    """Bound on M_Z' from ``experiment`` with the w and M_Y it implies, and the validity flag."""
    m = experiment.bound(beta, settings, cl).mzp_min
    if not math.isfinite(m):
        return ModelBound(
            beta, settings.sw2, m, m, m, False, "no allowed M_Z' (nothing to translate)"
        )
    w = float(w_from_mzp(m, beta, settings.sw2))
    ok = bool(approximation_valid(w))
    return ModelBound(
        beta,
        settings.sw2,
        m,
        w,
        float(bilepton_mass(w, settings.sw2)),
        ok,
        validity_reason(w),
    )


#: where s_W^2 inside f(beta) is matched: at mu = M_Z' or at mu = M_Y (the bilepton mass)
MATCHING_SCALES = ("zprime", "bilepton")


def _scale(m, beta, sw2, where):
    return m if where == "zprime" else float(bilepton_to_zp_ratio(beta, sw2)) * m


def matching_bound(
    experiment: Experiment | Combination,
    beta: float,
    where: str = "zprime",
    settings: Settings = DEFAULT,
    cl: float = 0.9,
    kappa: float | None = None,
    iterations: int = 60,
) -> tuple[float, float, bool]:
    """Self-consistent bound with s_W^2 in f(beta) run (one loop) to mu = M_Z', mu = M_Y, or mu = kappa M_Z'.

    ``where`` in :data:`MATCHING_SCALES`; ``kappa`` (0 < kappa <= 1) overrides it with mu = kappa M_Z'.
    Below M_Z the running stops (s_W^2(M_Z)).  Returns (bound [GeV], s_W^2 used, reached_pole): when
    the matching scale of the bound runs into the U(1)_X Landau pole of beta, no M_Z' with its
    matching scale below the pole is allowed and the result is (pole / kappa_eff, 1/(1+beta^2), True).
    """
    if where not in MATCHING_SCALES:
        raise InputError(f"where = {where!r} is not allowed: must be one of {MATCHING_SCALES}")
    if kappa is not None:
        check_in_range("kappa", kappa, 0.0, 1.0, closed=True)
    pole = landau_scale(beta)
    sw2 = SW2_MZ
    m = experiment.bound(beta, settings.with_(sw2=sw2), cl).mzp_min
    for _ in range(iterations):
        mu = kappa * m if kappa is not None else _scale(m, beta, sw2, where)
        if mu >= pole:
            return m * pole / mu, 1.0 / (1.0 + beta**2), True
        sw2 = float(sw2_msbar(max(mu, M_Z)))
        m_new = experiment.bound(beta, settings.with_(sw2=sw2), cl).mzp_min
        if abs(m_new - m) < 1e-6 * m:
            return m_new, sw2, False
        m = m_new
    raise InputError(
        f"beta = {beta:g}: the matching-scale bound did not converge in {iterations} iterations"
    )


def matching_scale_band(
    experiment: Experiment | Combination,
    beta: float,
    settings: Settings = DEFAULT,
    cl: float = 0.9,
) -> dict[str, float | bool]:
    """Theory band of the M_Z' bound from the matching scale of s_W^2 in f(beta), mu in [M_Y, M_Z'].

    Returns {'low', 'high' (GeV), 'bilepton', 'zprime' (the two ends), 'pole_bilepton',
    'pole_zprime' (True where that end is the Landau pole), 'w_low', 'w_high' (w at the ends, GeV)}.
    """
    m_y, s_y, p_y = matching_bound(experiment, beta, "bilepton", settings, cl)
    m_z, s_z, p_z = matching_bound(experiment, beta, "zprime", settings, cl)
    w_y = float(w_from_mzp(m_y, beta, s_y)) if not p_y else float("nan")
    w_z = float(w_from_mzp(m_z, beta, s_z)) if not p_z else float("nan")
    return {
        "low": min(m_y, m_z),
        "high": max(m_y, m_z),
        "bilepton": m_y,
        "zprime": m_z,
        "pole_bilepton": p_y,
        "pole_zprime": p_z,
        "w_bilepton": w_y,
        "w_zprime": w_z,
    }


def pole_matching_threshold(
    experiment: Experiment | Combination,
    beta: float,
    settings: Settings = DEFAULT,
    cl: float = 0.9,
    tol: float = 1e-3,
) -> float:
    """Smallest kappa such that matching s_W^2 at mu = kappa M_Z' makes the bound run into the Landau pole.

    The claim 'beta is excluded up to its Landau pole' holds only for matching scales
    mu >= kappa_c M_Z'; NaN if even kappa = 1 does not reach the pole (or there is no pole).

    With B(mu) the bound for s_W^2 = s_W^2(mu), the matching iteration m -> B(kappa m) increases
    from B(M_Z) and stops at the first fixed point m = B(kappa m) below the pole, i.e. at a scale
    mu = kappa m with kappa = mu / B(mu).  A fixed point therefore exists exactly when
    kappa <= max over M_Z <= mu < pole of mu / B(mu), and that maximum is kappa_c (no iteration
    needed).  The maximum is located on a grid in ln mu and refined to ``tol`` in kappa.
    """
    from scipy.optimize import minimize_scalar

    check_in_range("tol", tol, 0.0, 0.5)
    pole = landau_scale(beta)
    if not math.isfinite(pole):
        return float("nan")

    def ratio(lmu: float) -> float:  # mu / B(mu); 0 where f(beta) is too close to 0 for a bound
        mu = math.exp(lmu)
        try:
            sw2 = float(sw2_msbar(max(mu, M_Z)))
            return mu / experiment.bound(beta, settings.with_(sw2=sw2), cl).mzp_min
        except InputError:
            return 0.0

    grid = np.linspace(math.log(M_Z), math.log(pole) - 1e-6, 24)
    values = [ratio(g) for g in grid]
    k = int(np.argmax(values))
    lo, hi = grid[max(k - 1, 0)], grid[min(k + 1, grid.size - 1)]
    best = minimize_scalar(lambda g: -ratio(g), bounds=(lo, hi), method="bounded",
                           options={"xatol": tol})  # fmt: skip
    kappa_c = max(values[k], -best.fun)
    if kappa_c >= 1.0:
        return float("nan")
    return float(max(kappa_c, 1e-3))


def mixing_check(
    experiment: Experiment | Combination,
    beta: float,
    tan_beta_bars: np.ndarray,
    settings: Settings = DEFAULT,
    cl: float = 0.9,
) -> dict[str, np.ndarray]:
    """Z-Z' mixing at the CEvNS bound versus tan(beta-bar), against |theta_ZZ'| <= THETA_ZZP_MAX.

    For each tan(beta-bar): the CEvNS bound with mixing ('bound', GeV), the mixing angle it implies
    ('theta'), the Z-pole bound M_Z sqrt(|B/A|/theta_max) ('ewpt', GeV), whether the CEvNS bound
    point satisfies the Z-pole limit ('survives'), and the no-mixing bound ('bound_nomix', GeV).
    """
    t = np.asarray(tan_beta_bars, dtype=float)
    sw2 = settings.sw2
    bounds = np.array(
        [experiment.bound(beta, settings.with_(tan_beta_bar=float(k)), cl).mzp_min for k in t]
    )
    theta = np.array(
        [float(mixing_angle(beta, sw2, float(k), b)) for k, b in zip(t, bounds, strict=True)]
    )
    ewpt = np.array([float(mzp_min_from_mixing(beta, sw2, float(k))) for k in t])
    nomix = experiment.bound(beta, settings.with_(tan_beta_bar=None), cl).mzp_min
    return {
        "tan_beta_bar": t,
        "bound": bounds,
        "theta": theta,
        "ewpt": ewpt,
        "survives": ewpt <= bounds,
        "bound_nomix": np.full(t.shape, nomix),
    }


def mixing_zero(beta: float, sw2: float) -> float:
    """tan(beta-bar) where B/A = 0 (no Z-Z' mixing): sqrt[(1 - (1 - sqrt3 beta) s^2) / (1 - (1 + sqrt3 beta) s^2)].

    NaN when the ratio is negative (B/A has no zero).
    """
    num = 1.0 - (1.0 - math.sqrt(3.0) * beta) * sw2
    den = 1.0 - (1.0 + math.sqrt(3.0) * beta) * sw2
    return math.sqrt(num / den) if den > 0 and num / den >= 0 else float("nan")


def mixing_window(
    experiment: Experiment | Combination,
    beta: float,
    settings: Settings = DEFAULT,
    cl: float = 0.9,
    t_max: float = 20.0,
    xtol: float = 1e-4,
) -> dict[str, float]:
    """tan(beta-bar) interval around the zero of B/A where the CEvNS bound has |theta_ZZ'| <= THETA_ZZP_MAX.

    Returns {'zero', 'low', 'high' (tan(beta-bar)), 'bound_low', 'bound_high', 'bound_nomix' (GeV)}: the
    edges of the surviving window and the CEvNS bound (with mixing) at them.  Outside the window the
    Z-pole limit M_Z sqrt(|B/A| / theta_max) is stronger than the CEvNS bound.  All NaN if B/A has no zero.
    """
    from scipy.optimize import brentq

    t0 = mixing_zero(beta, settings.sw2)
    nomix = experiment.bound(beta, settings.with_(tan_beta_bar=None), cl).mzp_min
    nan = float("nan")
    if not math.isfinite(t0):
        return {"zero": nan, "low": nan, "high": nan, "bound_low": nan, "bound_high": nan,
                "bound_nomix": nomix}  # fmt: skip

    def bound(t: float) -> float:
        return experiment.bound(beta, settings.with_(tan_beta_bar=float(t)), cl).mzp_min

    def excess(t: float) -> float:  # > 0 where the Z-pole limit beats the CEvNS bound
        return float(mzp_min_from_mixing(beta, settings.sw2, t)) - bound(t)

    low = 0.0 if excess(0.0) <= 0 else brentq(excess, 0.0, t0, xtol=xtol)
    high = t_max if excess(t_max) <= 0 else brentq(excess, t0, t_max, xtol=xtol)
    return {"zero": t0, "low": low, "high": high, "bound_low": bound(low), "bound_high": bound(high),
            "bound_nomix": nomix}  # fmt: skip
