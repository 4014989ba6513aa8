"""Atomic parity violation: the tree-level Z' shift of the nuclear weak charge Q_W.

Parity-violating electron-nucleus interaction (PDG convention), L = (G_F/sqrt2) sum_q C_1q
(e-bar gamma^mu gamma5 e)(q-bar gamma_mu q), Q_W = -2 [Z (2 C_1u + C_1d) + N (C_1u + 2 C_1d)].  A
neutral boson with couplings (g/2c_W)(g_V - g_A gamma5) and mass M contributes, relative to the Z,
C_1q = 2 g_A^e g_V^q (M_Z/M)^2 (the SM: g_A^e = -1/2, g_V^u = 1/2 - 4/3 s^2 gives C_1u = -1/2 + 4/3 s^2).
Hence, with the nucleon vector couplings g_V^p = 2 g_V^u + g_V^d, g_V^n = g_V^u + 2 g_V^d (the same
combinations as in CEvNS),

    Q_W = -4 g_A^e (Z g_V^p + N g_V^n),     delta Q_W = -4 g'_A^e x (Z g'_V^p + N g'_V^n),

x = (M_Z/M_Z')^2.  The SM tree value is Z (1 - 4 s^2) - N.  CEvNS sees the same nucleon sum times
(g'_V^nu + g'_A^nu) = 2 c'_L(nu) instead of -4 g'_A^e: the relative shifts are in the ratio
[g'_A^e / g_A^e] / (g'_V^nu + g'_A^nu) = -(c_L - c_R)/c_L(nu) with c_L(e) = c_L(nu) (one doublet),
i.e. -1 + c_R/c_L.  At beta = -sqrt3, c_R/c_L = 6 s^2/(1 + 2 s^2) ~ 1: the electron's axial Z'
coupling nearly vanishes and APV is blind there.

Z-Z' mass mixing (``tan_beta_bar``) replaces every Z' coupling g' -> g' - (B/A) g_Z
(:func:`cevnslib.physics.model331.mixing_ratio`), for the electron as for the quarks.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..errors import check_nonnegative
from .leptons import lepton_zp_chiral
from .model331 import (
    SW2_ZP_DEFAULT,
    check_beta,
    mass_ratio_squared,
    mixing_ratio,
    z_couplings,
    zp_couplings,
)

__all__ = ["electron_zp_couplings", "quark_zp_vector", "weak_charge_shift", "weak_charge_tree"]

#: 133Cs
Z_CS, N_CS = 55, 78


def electron_zp_couplings(
    beta, sw2: float = SW2_ZP_DEFAULT, leptons: str = "singlet", tan_beta_bar: float | None = None
):
    """Charged-lepton Z' couplings (g'_V, g'_A) in the normalisation of Eq. (37), mixing optional."""
    c_l, c_r = lepton_zp_chiral(beta, sw2, leptons)
    g_v, g_a = c_l + c_r, c_l - c_r
    if tan_beta_bar is not None:
        ba = mixing_ratio(beta, sw2, tan_beta_bar)
        z_v, z_a = z_couplings("e", sw2)
        g_v, g_a = g_v - ba * z_v, g_a - ba * z_a
    return g_v, g_a


def quark_zp_vector(
    beta, sw2: float = SW2_ZP_DEFAULT, tan_beta_bar: float | None = None, generation1="triplet"
):
    """Nucleon Z' vector couplings (g'_V^p, g'_V^n) = (2u + d, u + 2d), mixing optional (v31 = 0)."""
    g_u = zp_couplings("u", beta, sw2, 0.0, generation1)[0]
    g_d = zp_couplings("d", beta, sw2, 0.0, generation1)[0]
    if tan_beta_bar is not None:
        ba = mixing_ratio(beta, sw2, tan_beta_bar)
        g_u = g_u - ba * z_couplings("u", sw2)[0]
        g_d = g_d - ba * z_couplings("d", sw2)[0]
    return 2 * g_u + g_d, g_u + 2 * g_d


def weak_charge_tree(Z: float = Z_CS, N: float = N_CS, sw2: float = SW2_ZP_DEFAULT) -> float:
    """SM tree-level weak charge -4 g_A^e (Z g_V^p + N g_V^n) = Z (1 - 4 s^2) - N.

    >>> round(weak_charge_tree(55, 78, 0.25), 12)
    -78.0
    """
    g_a = z_couplings("e", sw2)[1]
    g_u, g_d = z_couplings("u", sw2)[0], z_couplings("d", sw2)[0]
    return -4.0 * g_a * (Z * (2 * g_u + g_d) + N * (g_u + 2 * g_d))


def weak_charge_shift(
    beta,
    mzp: ArrayLike,
    Z: float = Z_CS,
    N: float = N_CS,
    sw2: float = SW2_ZP_DEFAULT,
    leptons: str = "singlet",
    tan_beta_bar: float | None = None,
    generation1: str = "triplet",
) -> np.ndarray | float:
    """Tree-level Z' shift delta Q_W of a nucleus (default 133Cs) at M_Z' = ``mzp`` GeV.

    >>> float(weak_charge_shift(-3**0.5, np.inf))
    0.0
    """
    check_nonnegative("Z", Z)
    check_nonnegative("N", N)
    check_beta(beta, sw2)
    x = mass_ratio_squared(mzp)
    g_a = electron_zp_couplings(beta, sw2, leptons, tan_beta_bar)[1]
    g_p, g_n = quark_zp_vector(beta, sw2, tan_beta_bar, generation1)
    return -4.0 * g_a * x * (Z * g_p + N * g_n)
