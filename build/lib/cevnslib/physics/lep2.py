"""LEP-II: e+e- -> l+l- (l = mu, tau) at Born level with photon, Z and Z' in the s channel.

For massless fermions the total cross section is sigma = (s/48 pi) sum_{i,j = L,R} |A_ij|^2 with

    A_ij = e^2 Q_e Q_l / s + (g/c_W)^2 z_i z_j / (s - M_Z^2 + i M_Z Gamma_Z) + (g/c_W)^2 c_i c_j / (s - M_Z'^2),

z_i = T3 - Q s_W^2 (Z) and c_i the Z' chiral charges in units of g/c_W (:mod:`.leptons`; lepton
universality: the mu and tau share the electron's charges).  (Check: with the photon alone the sum
gives 4 pi alpha^2/(3 s).)  The ratio to the SM,

    R = sum |A_ij|^2 / sum |A_ij^SM|^2,

is what the LEP combination quotes per energy; it does not depend on the overall normalisation.
(g/c_W)^2 = 4 sqrt2 G_F M_Z^2 (the normalisation of every Z' term in the book), e^2 = 4 pi alpha(M_Z);
the Z' is taken narrow and far from resonance (M_Z' above sqrt s), its couplings with s_W^2 = ``sw2``
(as in CEvNS), the Z couplings with s_W^2(M_Z).  Initial-state radiation and the experimental
s'/s cut act on the SM and the Z' alike and are not modelled.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ..errors import check_positive
from .constants import G_F, GAMMA_Z, M_Z, SW2_MZ
from .leptons import lepton_zp_chiral
from .model331 import SW2_ZP_DEFAULT
from .running import ALPHA_MZ_INV

__all__ = ["chiral_z_couplings", "sigma_ratio"]


def chiral_z_couplings(sw2: float = SW2_MZ) -> tuple[float, float]:
    """Z chiral charges (z_L, z_R) = (-1/2 + s^2, s^2) of a charged lepton, units of g/c_W."""
    return -0.5 + sw2, sw2


def sigma_ratio(
    sqrt_s: ArrayLike,
    beta: float,
    mzp: ArrayLike,
    sw2: float = SW2_ZP_DEFAULT,
    leptons: str = "singlet",
    sw2_z: float = SW2_MZ,
) -> np.ndarray:
    """sigma(e+e- -> l+l-) in the 331 model over the SM at ``sqrt_s`` [GeV]; broadcasts sqrt_s against mzp.

    >>> float(sigma_ratio(200.0, -3**0.5, np.inf))
    1.0
    """
    check_positive("sqrt_s", sqrt_s)
    check_positive("mzp", mzp, allow_inf=True)
    s = np.square(np.asarray(sqrt_s, dtype=float))
    m2 = np.square(np.asarray(mzp, dtype=float))
    e2 = 4.0 * math.pi / ALPHA_MZ_INV
    gz2 = 4.0 * math.sqrt(2.0) * G_F * M_Z**2
    z = chiral_z_couplings(sw2_z)
    c = lepton_zp_chiral(beta, sw2, leptons)
    prop_z = 1.0 / (s - M_Z**2 + 1j * M_Z * GAMMA_Z)
    with np.errstate(divide="ignore"):
        prop_zp = np.where(np.isinf(m2), 0.0, 1.0 / (s - np.where(np.isinf(m2), 0.0, m2)))
    num = 0.0
    den = 0.0
    for i in range(2):
        for j in range(2):
            a_sm = e2 / s + gz2 * z[i] * z[j] * prop_z
            a = a_sm + gz2 * float(c[i]) * float(c[j]) * prop_zp
            num = num + np.abs(a) ** 2
            den = den + np.abs(a_sm) ** 2
    return num / den
