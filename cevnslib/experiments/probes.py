"""Bounds on the 331 Z' from probes other than CEvNS, each from its own data: APV in 133Cs and the
LEP-II e+e- -> mu mu, tau tau cross sections.

Convention (as for CEvNS): a lower bound on M_Z' at confidence level ``cl`` from Delta-chi^2 =
chi^2(M_Z') - chi^2_min <= :func:`~cevnslib.stats.bounds.delta_chi2_threshold` (two-sided,
2.706 at 90% CL), the minimum taken over M_Z' including the SM (M_Z' -> infinity); the expected bound
replaces the data by the SM (Asimov).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..data.measurements import load_lep2
from ..errors import check_choice
from ..physics.apv import N_CS, Z_CS, weak_charge_shift
from ..physics.constants import M_Z, QW_CS
from ..physics.lep2 import sigma_ratio
from ..physics.leptons import check_leptons
from ..physics.model331 import SW2_ZP_DEFAULT, check_beta
from ..stats.bounds import delta_chi2_threshold

__all__ = ["ProbeBound", "APV_EXTRACTIONS", "apv_bound", "lep2_chi2", "lep2_sigma_bound",
           "LEP2_MZP_FLOOR"]  # fmt: skip

APV_EXTRACTIONS = tuple(QW_CS)
#: lowest M_Z' [GeV] the LEP-II chi^2 tests: above the highest energy, 206.5 GeV, by 20%, so that the
#: narrow, off-resonance Z' propagator 1/(s - M^2) holds
LEP2_MZP_FLOOR = 250.0
_LEP2_GRID = np.geomspace(LEP2_MZP_FLOOR, 2.0e5, 4000)


@dataclass(frozen=True)
class ProbeBound:
    """A lower bound on M_Z' [GeV] (observed and expected) with its convention.

    ``mzp_min`` is NaN when no mass above ``floor`` is excluded; ``sm_excluded`` is True when the
    data exclude the SM at ``cl`` (then an upper edge exists too, not reported here).
    """

    mzp_min: float
    expected: float
    cl: float
    threshold: float
    chi2_sm: float
    chi2_min: float
    sm_excluded: bool
    floor: float = 0.0


def _apv_mass(d: float, sigma: float, k: float, thr: float) -> tuple[float, float, float]:
    """APV bound: chi^2(x) = ((d - k x)/sigma)^2 with x = (M_Z/M_Z')^2 >= 0 -> (M_min, chi2_sm, chi2_min)."""
    chi2_sm = (d / sigma) ** 2
    if k == 0.0:
        return 0.0, chi2_sm, chi2_sm
    x_hat = d / k
    chi2_min = 0.0 if x_hat > 0 else chi2_sm
    x_max = x_hat + sigma * math.sqrt(thr + chi2_min) / abs(k)
    return M_Z / math.sqrt(x_max), chi2_sm, chi2_min


def apv_bound(
    beta: float,
    extraction: str = "porsev2009",
    cl: float = 0.9,
    sw2: float = SW2_ZP_DEFAULT,
    leptons: str = "singlet",
    tan_beta_bar: float | None = None,
) -> ProbeBound:
    """Lower bound on M_Z' from Q_W(133Cs), one published extraction (:data:`QW_CS`).

    delta Q_W = k x is linear in x = (M_Z/M_Z')^2 (:func:`cevnslib.physics.apv.weak_charge_shift`);
    data d = Q_W^exp - Q_W^SM with sigma (experiment and atomic theory in quadrature).

    >>> b = apv_bound(-3**0.5)
    >>> 500 < b.mzp_min < 5000 and not b.sm_excluded
    True
    """
    check_choice("extraction", extraction, APV_EXTRACTIONS)
    check_beta(beta, sw2)
    check_leptons(leptons, beta)
    thr = delta_chi2_threshold(cl)
    k = float(weak_charge_shift(beta, M_Z, Z_CS, N_CS, sw2, leptons, tan_beta_bar))  # x = 1
    qw, sm = QW_CS[extraction]["qw"], QW_CS[extraction]["sm"]
    sigma = math.hypot(qw.uncertainty, sm.uncertainty)
    d = qw.value - sm.value
    m_obs, chi2_sm, chi2_min = _apv_mass(d, sigma, k, thr)
    m_exp = _apv_mass(0.0, sigma, k, thr)[0]
    return ProbeBound(m_obs, m_exp, cl, thr, chi2_sm, chi2_min, bool(chi2_sm - chi2_min > thr))


def lep2_chi2(
    beta: float,
    mzp,
    sw2: float = SW2_ZP_DEFAULT,
    leptons: str = "singlet",
    asimov: bool = False,
) -> np.ndarray:
    """chi^2 of the 24 LEP-II ratios (uncorrelated, stat and syst in quadrature) at each M_Z' [GeV]."""
    data = load_lep2()
    m = np.atleast_1d(np.asarray(mzp, dtype=float))
    r = sigma_ratio(data["sqrt_s"][None, :], beta, m[:, None], sw2, leptons)
    obs = np.ones_like(data["ratio"]) if asimov else data["ratio"]
    return np.sum(((obs[None, :] - r) / data["sigma"][None, :]) ** 2, axis=1)


@lru_cache(maxsize=256)
def _lep2_cached(beta, cl, sw2, leptons):
    thr = delta_chi2_threshold(cl)
    out = []
    for asimov in (False, True):
        chi2 = lep2_chi2(beta, _LEP2_GRID, sw2, leptons, asimov)
        chi2_sm = float(lep2_chi2(beta, np.inf, sw2, leptons, asimov)[0])
        chi2_min = min(chi2_sm, float(chi2.min()))
        delta = chi2 - chi2_min
        bad = np.flatnonzero(delta > thr)
        if bad.size == 0:
            mass = float("nan")
        else:
            j = int(bad[-1])
            if j == _LEP2_GRID.size - 1:
                mass = float(_LEP2_GRID[-1])
            else:
                m1, m2, d1, d2 = _LEP2_GRID[j], _LEP2_GRID[j + 1], delta[j], delta[j + 1]
                t = (thr - d1) / (d2 - d1)
                mass = float(np.exp(np.log(m1) + t * (np.log(m2) - np.log(m1))))
        out.append((mass, chi2_sm, chi2_min))
    (m_obs, chi2_sm, chi2_min), (m_exp, _, _) = out
    return ProbeBound(m_obs, m_exp, cl, thr, chi2_sm, chi2_min, bool(chi2_sm - chi2_min > thr),
                      LEP2_MZP_FLOOR)  # fmt: skip


def lep2_sigma_bound(
    beta: float, cl: float = 0.9, sw2: float = SW2_ZP_DEFAULT, leptons: str = "singlet"
) -> ProbeBound:
    """Lower bound on M_Z' from the chi^2 of the LEP-II cross-section ratios (γ + Z + Z' amplitudes).

    Scans M_Z' from :data:`LEP2_MZP_FLOOR` to 200 TeV (log grid, crossing interpolated in ln M);
    ``mzp_min`` is NaN when nothing above the floor is excluded.

    >>> b = lep2_sigma_bound(-3**0.5)
    >>> b.mzp_min > b.floor
    True
    """
    check_beta(beta, sw2)
    check_leptons(leptons, beta)
    delta_chi2_threshold(cl)
    return _lep2_cached(float(beta), float(cl), float(sw2), leptons)
