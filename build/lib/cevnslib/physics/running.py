"""One-loop MS-bar running of s_W^2 above M_Z in the SM, and the U(1)_X Landau pole it implies.

Inside f(beta) = 1 - (1 + beta^2) s_W^2 the matching g_X(g, s_W) holds at the scale where
SU(3)_L x U(1)_X breaks, mu ~ M_Z'.  With one-loop SM beta functions,

    1/alpha_Y(mu) = 1/alpha_Y(M_Z) - (41/6)/(2 pi) ln(mu/M_Z),
    1/alpha_2(mu) = 1/alpha_2(M_Z) + (19/6)/(2 pi) ln(mu/M_Z),
    s_W^2(mu) = alpha_Y / (alpha_Y + alpha_2),

from s_W^2(M_Z) = 0.23122 and 1/alpha(M_Z) = 127.951 (MS-bar, PDG2022).  s_W^2 reaches 1/4, the
Landau pole of |beta| = sqrt3, near 4 TeV.

>>> round(float(sw2_msbar(91.1876)), 5)
0.23122
>>> 3500 < landau_scale(3**0.5) < 4500
True
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq

from ..errors import (
    InputError,
    _show,
    check_finite,
    check_in_range,
    check_positive,
)
from .constants import M_Z, SW2_MZ, Parameter

__all__ = ["ALPHA_MZ_INV", "sw2_msbar", "landau_scale", "alpha_msbar"]

#: upper end of the running [GeV]: SM one-loop running is used up to the Planck scale only
MU_MAX = Parameter(1.22e19, 0.0, "GeV", "PDG2022", "Planck mass: upper end of the SM running").value
ALPHA_MZ_INV = Parameter(127.951, 0.009, "1", "PDG2022", "MS-bar 1/alpha at M_Z").value
_B_Y = 41.0 / 6.0
_B_2 = -19.0 / 6.0


def sw2_msbar(mu: ArrayLike) -> np.ndarray | float:
    """MS-bar s_W^2 at scale ``mu`` [GeV] >= M_Z, SM one-loop running from M_Z."""
    check_in_range(  # M_Z less a rounding margin: exp(log(M_Z)) may land one ulp below
        "mu", mu, M_Z * (1.0 - 1e-12), MU_MAX, closed=True,
        why="GeV; SM one-loop running from M_Z up to the Planck scale",
    )  # fmt: skip
    t = np.log(np.asarray(mu, dtype=float) / M_Z) / (2.0 * math.pi)
    inv_y = ALPHA_MZ_INV * (1.0 - SW2_MZ) - _B_Y * t
    inv_2 = ALPHA_MZ_INV * SW2_MZ - _B_2 * t
    return (1.0 / inv_y) / (1.0 / inv_y + 1.0 / inv_2)


def landau_scale(beta: float) -> float:
    """Scale [GeV] where f(beta) = 1 - (1 + beta^2) s_W^2(mu) vanishes (the U(1)_X Landau pole); inf if above 1e19 GeV."""
    check_finite("beta", beta)
    if np.ndim(beta) != 0:
        raise InputError(f"beta = {_show(beta)} is not allowed: must be one finite number")
    beta = float(beta)
    if abs(beta) > 1e150:  # 1/(1 + beta^2) underflows: no pole below the Planck scale is possible
        return M_Z
    target = 1.0 / (1.0 + beta**2)
    if sw2_msbar(M_Z) >= target:
        return M_Z
    lo, hi = math.log(M_Z), math.log(MU_MAX)
    if sw2_msbar(math.exp(hi)) < target:
        return math.inf  # no pole below the Planck scale
    return math.exp(brentq(lambda lmu: sw2_msbar(math.exp(lmu)) - target, lo, hi))


def alpha_msbar(mu: ArrayLike) -> np.ndarray | float:
    """MS-bar electromagnetic coupling alpha = alpha_Y alpha_2 / (alpha_Y + alpha_2) at ``mu`` [GeV] >= M_Z.

    >>> round(1 / float(alpha_msbar(91.1876)), 3)
    127.951
    """
    check_positive("mu", mu)
    t = np.log(np.asarray(mu, dtype=float) / M_Z) / (2.0 * math.pi)
    inv_y = ALPHA_MZ_INV * (1.0 - SW2_MZ) - _B_Y * t
    inv_2 = ALPHA_MZ_INV * SW2_MZ - _B_2 * t
    return 1.0 / (inv_y + inv_2)
