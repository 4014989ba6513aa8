"""The 3-3-1 model with arbitrary beta: charges, gauge couplings and the Z' couplings to nu, u, d.

Conventions (the paper's, Sec. II): Q = T3 + beta*T8 + X with T8 = diag(1, 1, -2)/(2 sqrt 3) on
triplets and -diag(1, 1, -2)/(2 sqrt 3) on antitriplets.  Left-handed **leptons sit in
antitriplets**; quark generations 1 and 2 in triplets, generation 3 in an antitriplet
(Buras:2012jb).  In this convention beta = +sqrt(3) has an exotic lepton of charge +1 (the minimal
Pisano-Pleitez-Frampton model only if E = e^c with no singlet e_R: see :mod:`.leptons`),
beta = +1/sqrt(3) the model with right-handed neutrinos, and beta = -sqrt(3) has doubly charged
exotic leptons.  Conjugating every multiplet is the same as beta -> -beta.

Couplings are written as in the paper's Eq. (37): L = (g / 2 c_W) psi-bar gamma^mu (g_V - g_A gamma5) psi X_mu,
so g_V = c_L + c_R and g_A = c_L - c_R with c_{L,R} the chiral charges in units of g/c_W.
For the Z, c = T3 - Q s_W^2; for the Z' (no Z-Z' mixing)

    c(Z') = [c_W^2 T8 - beta s_W^2 (Q - T3)] / sqrt(f),   f(beta) = 1 - (1 + beta^2) s_W^2.

The weak mixing angle ``sw2`` used inside f(beta) and the Z' couplings is an explicit argument.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..errors import (
    InputError,
    _show,
    check_choice,
    check_finite,
    check_in_range,
    check_nonnegative,
    check_positive,
    finite_result,
)
from .constants import (
    G_V_N_RADIATIVE,
    G_V_P_RADIATIVE,
    M_Z,
    SW2_LOW,
    THETA_ZZP_MAX,
    V_EW,
)

__all__ = [
    "SQRT3",
    "BENCHMARK_BETAS",
    "SW2_ZP_DEFAULT",
    "Fermion",
    "FERMIONS",
    "f_beta",
    "beta_max",
    "check_beta",
    "gx_over_g",
    "exotic_charges",
    "gauge_boson_charges",
    "z_couplings",
    "zp_couplings",
    "zp_couplings_table",
    "mixing_ratio",
    "effective_vector_coupling",
    "sm_nucleon_couplings",
    "nucleon_coupling_shifts",
    "nucleon_couplings",
    "mass_ratio_squared",
    "weak_charge_ratio",
    "GENERATION1",
    "VW2_MAX",
    "w_from_mzp",
    "mzp_from_w",
    "bilepton_mass",
    "bilepton_to_zp_ratio",
    "alpha_x",
    "approximation_valid",
    "validity_reason",
    "mixing_angle",
    "mzp_min_from_mixing",
]

SQRT3 = math.sqrt(3.0)
#: the four benchmark values of beta discussed in the literature
BENCHMARK_BETAS = {"-sqrt3": -SQRT3, "-1/sqrt3": -1 / SQRT3, "+1/sqrt3": 1 / SQRT3, "+sqrt3": SQRT3}
#: default s_W^2 inside f(beta) and the Z' couplings (see the book's chapter on the mixing-angle scheme)
SW2_ZP_DEFAULT = SW2_LOW


@dataclass(frozen=True)
class Fermion:
    """Quantum numbers of a left-handed SM fermion in the 331 multiplet: T3, electric charge Q, T8."""

    name: str
    t3: float
    charge: float
    t8: float  # +1/(2 sqrt3) in a triplet, -1/(2 sqrt3) in an antitriplet (upper two components)


_T8_TRIPLET = 1.0 / (2.0 * SQRT3)
FERMIONS = {
    "nu": Fermion("nu", +0.5, 0.0, -_T8_TRIPLET),  # lepton antitriplet (e, -nu, E)
    "u": Fermion("u", +0.5, 2.0 / 3.0, +_T8_TRIPLET),  # quark triplet (u, d, U), generations 1, 2
    "d": Fermion("d", -0.5, -1.0 / 3.0, +_T8_TRIPLET),
    "d3": Fermion(
        "d3", -0.5, -1.0 / 3.0, -_T8_TRIPLET
    ),  # d-type member of the 3rd-generation antitriplet
    "u3": Fermion(
        "u3", +0.5, 2.0 / 3.0, -_T8_TRIPLET
    ),  # u-type member of an antitriplet (d, -u, D)
    "e": Fermion("e", -0.5, -1.0, -_T8_TRIPLET),  # charged lepton in the antitriplet (e, -nu, E)
}
#: representation of the first quark generation: 'triplet' (Buras:2012jb, the default) or 'antitriplet'
GENERATION1 = ("triplet", "antitriplet")


def f_beta(beta: ArrayLike, sw2: float = SW2_ZP_DEFAULT) -> np.ndarray | float:
    """f(beta) = 1 - (1 + beta^2) s_W^2; real g_X needs f > 0 (paper Eq. 26).

    >>> round(float(f_beta(-SQRT3, 0.25)), 12)
    0.0
    """
    check_finite("beta", beta)
    check_in_range("sw2", sw2, 0.0, 1.0)
    return finite_result(
        "beta", lambda: 1.0 - (1.0 + np.square(np.asarray(beta, dtype=float))) * sw2
    )


def beta_max(sw2: float = SW2_ZP_DEFAULT) -> float:
    """Landau-pole bound |beta| < cot(theta_W) = sqrt((1 - s_W^2)/s_W^2)."""
    check_in_range("sw2", sw2, 0.0, 1.0)
    return math.sqrt((1.0 - sw2) / sw2)


def check_beta(beta: ArrayLike, sw2: float = SW2_ZP_DEFAULT) -> None:
    """Raise :class:`InputError` unless every beta satisfies |beta| < cot(theta_W)."""
    b = beta_max(sw2)
    why = f"|beta| < cot(theta_W) for sw2 = {sw2:g}, so that f(beta) > 0"
    check_in_range("beta", beta, -b, b, why=why)
    if np.any(f_beta(beta, sw2) <= 0):  # the last ulp below cot(theta_W) can round f to 0
        raise InputError(
            f"beta = {_show(beta)} is outside the allowed range ({-b:.6g}, {b:.6g}) ({why})"
        )


def gx_over_g(beta: ArrayLike, sw2: float = SW2_ZP_DEFAULT) -> np.ndarray | float:
    """t = g_X/g = sqrt(6) s_W / sqrt(f(beta)) with the U(1)_X generator normalised as X/sqrt(6) (Eq. 25)."""
    check_beta(beta, sw2)
    return math.sqrt(6.0 * sw2) / np.sqrt(f_beta(beta, sw2))


def exotic_charges(
    beta: ArrayLike,
) -> tuple[np.ndarray | float, np.ndarray | float, np.ndarray | float]:
    """Electric charges of the exotic third components: (E lepton, quark J of generations 1-2, third-generation quark).

    >>> [round(float(q), 6) for q in exotic_charges(-SQRT3)]
    [-2.0, 1.666667, -1.333333]
    """
    check_finite("beta", beta)
    beta = np.asarray(beta, dtype=float)
    # antitriplet 3rd component: T8 = +1/sqrt3; triplet: -1/sqrt3; X fixed by the doublet members
    x_lepton = -0.5 + beta * _T8_TRIPLET
    x_quark12 = 1.0 / 6.0 - beta * _T8_TRIPLET
    x_quark3 = 1.0 / 6.0 + beta * _T8_TRIPLET
    q_e = beta / SQRT3 + x_lepton
    q_u = -beta / SQRT3 + x_quark12
    q_3 = beta / SQRT3 + x_quark3
    return q_e, q_u, q_3


def gauge_boson_charges(beta: ArrayLike) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Charges of the off-diagonal gauge bosons W_13 and W_23 of a triplet: (1 + sqrt3 beta)/2, -(1 - sqrt3 beta)/2 (Eq. 13)."""
    check_finite("beta", beta)
    beta = np.asarray(beta, dtype=float)
    return (1.0 + SQRT3 * beta) / 2.0, -(1.0 - SQRT3 * beta) / 2.0


def z_couplings(fermion: str, sw2: float = SW2_LOW) -> tuple[float, float]:
    """SM Z couplings (g_V, g_A) = (T3 - 2 Q s_W^2, T3) in the normalisation of Eq. (37).

    >>> z_couplings("nu")
    (0.5, 0.5)
    """
    check_choice("fermion", fermion, FERMIONS)
    check_in_range("sw2", sw2, 0.0, 1.0)
    fm = FERMIONS[fermion]
    return fm.t3 - 2.0 * fm.charge * sw2, fm.t3


def _check_point(beta, sw2, v31, generation1) -> None:
    """The checks shared by the Z' couplings and the nucleon shifts (the public edge)."""
    check_in_range("sw2", sw2, 0.0, 1.0)
    check_beta(beta, sw2)
    check_in_range(
        "v31", v31, 0.0, 1.0, closed=True, why="|(V_dL)_31| is an entry of a unitary matrix"
    )
    check_choice("generation1", generation1, GENERATION1)


def _zp_chiral(fm: Fermion, beta, sw2):
    sqrt_f = np.sqrt(1.0 - (1.0 + np.square(beta)) * sw2)  # f(beta) > 0: checked by the caller
    c_left = ((1.0 - sw2) * fm.t8 - beta * sw2 * (fm.charge - fm.t3)) / sqrt_f
    c_right = (-beta * sw2 * fm.charge) / sqrt_f  # right-handed singlets: T3 = T8 = 0
    if fm.name == "nu":
        c_right = 0.0 * c_right  # no right-handed neutrino couples here
    return c_left, c_right


def zp_couplings(
    fermion: str,
    beta: ArrayLike,
    sw2: float = SW2_ZP_DEFAULT,
    v31: float = 0.0,
    generation1: str = "triplet",
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Z' couplings (g_V, g_A) of ``fermion`` in {'nu', 'u', 'd', 'e'} (the paper's Table 1), no Z-Z' mixing.

    ``'e'`` is the charged lepton of the same antitriplet as 'nu' (flavour universal; used for LEP-II,
    :func:`cevnslib.book.beyond.lep2_bound`): c_L = [c_W^2 T8 + beta s_W^2 / 2] / sqrt f with
    T8 = -1/(2 sqrt3), c_R = beta s_W^2 / sqrt f.

    For the d quark the mass eigenstate carries the flavour term |v31|^2 (c(d3) - c(d)) in its
    left-handed charge, coefficient -c_W^2/(sqrt3 sqrt f) (paper Eqs. 35-38, up-sector alignment).
    ``generation1='antitriplet'`` puts the first quark generation in the antitriplet instead (the
    other anomaly-free assignment); then the flavour term is not applied.

    >>> gv, ga = zp_couplings("nu", SQRT3, 0.23)
    >>> bool(np.isclose(gv, ga) and np.isclose(gv, -np.sqrt(f_beta(SQRT3, 0.23)) / (2 * SQRT3)))
    True
    """
    check_choice("fermion", fermion, ("nu", "u", "d", "e"))
    _check_point(beta, sw2, v31, generation1)
    return _zp_couplings(fermion, beta, sw2, v31, generation1)


def _zp_couplings(fermion, beta, sw2, v31, generation1):
    """:func:`zp_couplings` without its input checks (callers have validated the inputs)."""
    if generation1 == "antitriplet" and fermion in ("u", "d"):
        return _to_va(*_zp_chiral(FERMIONS[fermion + "3"], beta, sw2))
    c_left, c_right = _zp_chiral(FERMIONS[fermion], beta, sw2)
    if fermion == "d" and v31:
        c3_left, _ = _zp_chiral(FERMIONS["d3"], beta, sw2)
        c_left = c_left + v31**2 * (c3_left - c_left)
    return c_left + c_right, c_left - c_right


def _to_va(c_left, c_right):
    return c_left + c_right, c_left - c_right


def zp_couplings_table(
    beta: ArrayLike, sw2: float = SW2_ZP_DEFAULT, v31: float = 0.0
) -> dict[str, tuple[np.ndarray | float, ...]]:
    """The paper's Table 1 at given beta: {fermion: (g_V^Z, g_A^Z, g_V^Z', g_A^Z')}."""
    return {
        fn: (*z_couplings(fn, sw2), *zp_couplings(fn, beta, sw2, v31)) for fn in ("nu", "u", "d")
    }


def mixing_ratio(beta: np.ndarray | float, sw2: float, tan_beta_bar: float) -> np.ndarray | float:
    """Z-Z' mass-mixing ratio B/A with tan(beta-bar) = v_rho/v_eta (from the literature; derived in cevnslib.physics.symbolic).

    Integrating out the mixed Z, Z' system at O(M_Z^2/M_Z'^2) replaces every Z' coupling
    g' -> g' - (B/A) g_Z, with
    B/A = [cos^2 bb (1 - (1 - sqrt3 beta) s^2) - sin^2 bb (1 - (1 + sqrt3 beta) s^2)] / (sqrt3 sqrt f).
    """
    check_nonnegative("tan_beta_bar", tan_beta_bar)
    check_in_range("sw2", sw2, 0.0, 1.0)
    check_beta(beta, sw2)

    def ratio():
        c2 = 1.0 / (1.0 + np.square(np.asarray(tan_beta_bar, dtype=float)))
        s2 = 1.0 - c2
        num = c2 * (1.0 - (1.0 - SQRT3 * beta) * sw2) - s2 * (1.0 - (1.0 + SQRT3 * beta) * sw2)
        return num / (SQRT3 * np.sqrt(f_beta(beta, sw2)))

    return finite_result("tan_beta_bar", ratio)


def effective_vector_coupling(
    g_nu_v: ArrayLike, g_nu_a: ArrayLike, g_q_v: ArrayLike, mass_ratio_sq: np.ndarray | float = 1.0
) -> np.ndarray | float:
    """Coefficient of (G_F/sqrt2)[nu-bar gamma(1-g5) nu][q-bar gamma q] from one neutral boson (Eq. 42).

    Exchange of a boson with couplings (g/2c_W)(g_V - g_A g5) and mass M gives
    (g_nu_V + g_nu_A) g_q_V (M_Z/M)^2.  Fed with the Z couplings it returns the SM g_V^q exactly:

    >>> gnu = z_couplings("nu"); gu = z_couplings("u", 0.23)
    >>> bool(effective_vector_coupling(gnu[0], gnu[1], gu[0]) == gu[0])
    True
    """
    for name, value in (("g_nu_v", g_nu_v), ("g_nu_a", g_nu_a), ("g_q_v", g_q_v)):
        check_finite(name, value)
    check_nonnegative("mass_ratio_sq", mass_ratio_sq)
    return finite_result(
        "the couplings",
        lambda: (
            (np.asarray(g_nu_v, dtype=float) + np.asarray(g_nu_a, dtype=float))
            * np.asarray(g_q_v, dtype=float)
            * mass_ratio_sq
        ),
    )


def mass_ratio_squared(mzp: ArrayLike) -> np.ndarray | float:
    """x = (M_Z/M_Z')^2 for M_Z' in GeV (inf -> 0, the SM)."""
    check_positive("mzp", mzp, allow_inf=True)
    return (M_Z / np.asarray(mzp, dtype=float)) ** 2


SM_SCHEMES = ("tree", "radiative")


def sm_nucleon_couplings(sw2: float = SW2_LOW, scheme: str = "tree") -> tuple[float, float]:
    """SM nucleon vector couplings (g_V^p, g_V^n).

    ``tree`` (the default, **the paper's choice**, Binh2021 Eqs. 43-44): (1/2 - 2 s_W^2, -1/2) at the
    given s_W^2 (default: MS-bar at Q -> 0, giving 0.02286);
    ``radiative``: (0.0298, -0.5117), the radiatively corrected set (PDG / Erler-Su).
    It is a single, flavour-independent set: the nu_e / nu_mu difference of g_V^p from the
    neutrino charge radii (a few 1e-3) is not included.

    >>> [round(x, 5) for x in sm_nucleon_couplings()]
    [0.02286, -0.5]
    """
    check_choice("sm_scheme", scheme, SM_SCHEMES)
    if scheme == "radiative":
        return G_V_P_RADIATIVE, G_V_N_RADIATIVE
    check_in_range("sw2_sm", sw2, 0.0, 1.0)
    g_u = z_couplings("u", sw2)[0]
    g_d = z_couplings("d", sw2)[0]
    return 2 * g_u + g_d, g_u + 2 * g_d


def nucleon_coupling_shifts(
    beta: ArrayLike,
    sw2: float = SW2_ZP_DEFAULT,
    v31: float = 0.0,
    tan_beta_bar: float | None = None,
    generation1: str = "triplet",
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Z' shifts of (g_V^p, g_V^n) per unit x = (M_Z/M_Z')^2 (Eqs. 42-44); vectorised in beta.

    delta g_V^q = (g'_V^nu + g'_A^nu) g'_V^q x, then p = 2u + d and n = u + 2d.
    With ``tan_beta_bar`` the Z-Z' mixing extension is applied (see :func:`mixing_ratio`).

    Sign (no mixing): with quark generations 1, 2 in triplets (``generation1='triplet'``),
    g'_V^p = -3 g'_nu, so delta g_V^p <= 0 and delta g_V^n < 0: the Z' raises |Q_W| for every beta.
    With generation 1 in the antitriplet both shifts are positive and the interference with the SM
    is destructive for every beta.  Opposite signs for different betas need Z-Z' mixing.
    """
    _check_point(beta, sw2, v31, generation1)
    return _nucleon_coupling_shifts(beta, sw2, v31, tan_beta_bar, generation1)


def _nucleon_coupling_shifts(beta, sw2, v31, tan_beta_bar, generation1):
    """:func:`nucleon_coupling_shifts` without its input checks (for the hot paths of fits)."""
    beta = np.asarray(beta, dtype=float)
    g_nu_v, g_nu_a = _zp_couplings("nu", beta, sw2, 0.0, "triplet")
    g_u = _zp_couplings("u", beta, sw2, 0.0, generation1)[0]
    g_d = _zp_couplings("d", beta, sw2, v31, generation1)[0]
    if tan_beta_bar is not None:
        ba = mixing_ratio(beta, sw2, tan_beta_bar)
        znu_v, znu_a = z_couplings("nu", sw2)
        g_nu_v, g_nu_a = g_nu_v - ba * znu_v, g_nu_a - ba * znu_a
        g_u = g_u - ba * z_couplings("u", sw2)[0]
        g_d = g_d - ba * z_couplings("d", sw2)[0]
    du = (g_nu_v + g_nu_a) * g_u  # effective_vector_coupling, unchecked (Eq. 42)
    dd = (g_nu_v + g_nu_a) * g_d
    return 2 * du + dd, du + 2 * dd


def nucleon_couplings(
    beta: ArrayLike | None = None,
    mzp: ArrayLike = np.inf,
    sw2: float = SW2_ZP_DEFAULT,
    sw2_sm: float = SW2_LOW,
    sm_scheme: str = "tree",
    v31: float = 0.0,
    tan_beta_bar: float | None = None,
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """(g_V^p, g_V^n) in the 331 model at M_Z' = ``mzp`` GeV (Eqs. 43-44); the SM when beta is None or mzp = inf.

    >>> gp, gn = nucleon_couplings(-SQRT3, 1e12)
    >>> [round(float(x), 5) for x in (gp, gn)]
    [0.02286, -0.5]
    """
    g_p, g_n = sm_nucleon_couplings(sw2_sm, sm_scheme)
    if beta is None:
        return g_p, g_n
    x = mass_ratio_squared(mzp)
    dp, dn = nucleon_coupling_shifts(beta, sw2, v31, tan_beta_bar)
    return g_p + dp * x, g_n + dn * x


def weak_charge_ratio(
    beta: ArrayLike | None,
    mzp: ArrayLike,
    Z: float,
    N: float,
    sw2: float = SW2_ZP_DEFAULT,
    sw2_sm: float = SW2_LOW,
    sm_scheme: str = "tree",
    v31: float = 0.0,
    tan_beta_bar: float | None = None,
) -> np.ndarray | float:
    """Q_W^331 / Q_W^SM for a nucleus with Z protons and N neutrons (the paper's Figs. 1 and 2).

    >>> round(float(weak_charge_ratio(-SQRT3, np.inf, 55, 78)), 12)
    1.0
    """
    for name, value in (("Z", Z), ("N", N)):
        check_nonnegative(name, value)
        if np.any(np.asarray(value, dtype=float) % 1 != 0):
            raise InputError(f"{name} = {_show(value)} is not allowed: must be a whole number >= 0")
    if np.any(np.asarray(Z, dtype=float) + np.asarray(N, dtype=float) < 1):
        raise InputError(
            f"Z = {_show(Z)}, N = {_show(N)} is not allowed: a nucleus needs Z + N >= 1"
        )
    g_p, g_n = nucleon_couplings(beta, mzp, sw2, sw2_sm, sm_scheme, v31, tan_beta_bar)
    g_p0, g_n0 = sm_nucleon_couplings(sw2_sm, sm_scheme)
    return finite_result(
        "Z, N (the SM weak charge Z g_V^p + N g_V^n vanishes)",
        lambda: (Z * g_p + N * g_n) / (Z * g_p0 + N * g_n0),
    )


# ------------------------------------------------------------------ what CEvNS measures: w
#: largest (v/w)^2 for which the book calls a bound meaningful.  The leading-order relations used
#: everywhere (M_Z'^2 = g^2 c_W^2 w^2 / (3 f), Z' couplings without Z-Z' mixing, M_Y = g w / 2) drop
#: terms of relative order (v/w)^2 (see the Z'Z' entry of
#: :func:`cevnslib.physics.symbolic.neutral_mass_matrix`, and the mixing angle of order
#: (B/A) (M_Z/M_Z')^2 ~ (v/w)^2).  At (v/w)^2 = 0.1 these corrections reach 10%, the size of the
#: CsI 2017 normalisation uncertainty, so beyond it the bound is not a statement about the model.
VW2_MAX = 0.1


def _cw2(sw2):
    check_in_range("sw2", sw2, 0.0, 1.0)
    return 1.0 - sw2


def w_from_mzp(mzp: ArrayLike, beta: ArrayLike, sw2: float = SW2_ZP_DEFAULT) -> np.ndarray | float:
    """SU(3)_L-breaking VEV w [GeV] that gives Z' mass ``mzp`` [GeV], leading order in v/w.

    M_Z'^2 = g^2 c_W^2 w^2 / (3 f(beta)) with g = 2 c_W M_Z / v (tree level, v = 246.22 GeV), so
    w = sqrt(3 f) v M_Z' / (2 c_W^2 M_Z).  Since the Z' shift of the nucleon couplings is
    proportional to (couplings)^2 x ~ (1/f) (M_Z/M_Z')^2 ~ 1 / (c_W^4 w^2), CEvNS fixes w, not M_Z'.

    >>> round(float(w_from_mzp(mzp_from_w(3000.0, 0.5, 0.23), 0.5, 0.23)), 9)
    3000.0
    """
    check_positive("mzp", mzp, allow_inf=True)
    check_beta(beta, sw2)
    return (
        np.sqrt(3.0 * f_beta(beta, sw2)) * V_EW * np.asarray(mzp, float) / (2.0 * _cw2(sw2) * M_Z)
    )


def mzp_from_w(w: ArrayLike, beta: ArrayLike, sw2: float = SW2_ZP_DEFAULT) -> np.ndarray | float:
    """Z' mass [GeV] for SU(3)_L-breaking VEV ``w`` [GeV]: M_Z' = 2 c_W^2 M_Z w / (sqrt(3 f) v) (inverse of :func:`w_from_mzp`)."""
    check_positive("w", w, allow_inf=True)
    check_beta(beta, sw2)
    return 2.0 * _cw2(sw2) * M_Z * np.asarray(w, float) / (np.sqrt(3.0 * f_beta(beta, sw2)) * V_EW)


def bilepton_mass(w: ArrayLike, sw2: float = SW2_ZP_DEFAULT) -> np.ndarray | float:
    """Mass [GeV] of the charged bosons W_13, W_23 (bileptons for |beta| = sqrt3), M_Y = g w / 2.

    Leading order in v/w (paper Eq. 27: M^2 = g^2 (w^2 + u^2 or v^2)/4); g = 2 c_W M_Z / v, so
    M_Y = c_W M_Z w / v, independent of beta.

    >>> round(float(bilepton_mass(1000.0, 0.23)), 1)
    325.0
    """
    check_positive("w", w, allow_inf=True)
    return np.sqrt(_cw2(sw2)) * M_Z * np.asarray(w, float) / V_EW


def bilepton_to_zp_ratio(beta: ArrayLike, sw2: float = SW2_ZP_DEFAULT) -> np.ndarray | float:
    """M_Y / M_Z' = sqrt(3 f(beta)) / (2 c_W) at the same w (leading order).

    >>> round(float(bilepton_to_zp_ratio(0.0, 0.25)), 6)
    0.866025
    """
    check_in_range("sw2", sw2, 0.0, 1.0)
    check_in_range("beta", beta, -beta_max(sw2), beta_max(sw2), closed=True, why="f(beta) >= 0")
    return np.sqrt(3.0 * np.clip(f_beta(beta, sw2), 0.0, None)) / (2.0 * np.sqrt(1.0 - sw2))


def alpha_x(beta: ArrayLike, sw2: float, alpha: float) -> np.ndarray | float:
    """U(1)_X fine-structure constant alpha_X = g_X^2/(4 pi) = 6 alpha / f(beta) (tree-level matching).

    g_X = t g with t = sqrt6 s_W / sqrt f (Eq. 25) and g = e / s_W, so g_X^2 = 6 e^2 / f.  ``alpha`` is
    the electromagnetic coupling at the matching scale (e.g. 1/127.95 at M_Z).  alpha_X > 1 (the same
    as g_X > sqrt(4 pi)) when f < 6 alpha.

    >>> round(float(alpha_x(0.0, 0.25, 1 / 128)), 6)
    0.0625
    """
    check_positive("alpha", alpha)
    check_beta(beta, sw2)
    return 6.0 * alpha / f_beta(beta, sw2)


def approximation_valid(w: ArrayLike) -> np.ndarray | bool:
    """True where (v/w)^2 <= :data:`VW2_MAX`, i.e. w >= v / sqrt(0.1) = 779 GeV.

    >>> bool(approximation_valid(1000.0)), bool(approximation_valid(500.0))
    (True, False)
    """
    check_positive("w", w, allow_inf=True)
    return (V_EW / np.asarray(w, float)) ** 2 <= VW2_MAX


def validity_reason(w: float) -> str | None:
    """None when :func:`approximation_valid`, else a one-line reason ('no meaningful constraint')."""
    if bool(approximation_valid(w)):
        return None
    return (
        f"no meaningful constraint: w = {w:.0f} GeV gives (v/w)^2 = {(V_EW / w) ** 2:.2f} > {VW2_MAX:g}; "
        "the leading-order Z' mass and couplings (w >> v, no Z-Z' mixing) fail"
    )


def mixing_angle(
    beta: ArrayLike, sw2: float, tan_beta_bar: float, mzp: ArrayLike
) -> np.ndarray | float:
    """Z-Z' mixing angle theta ~ M^2_ZZ' / M^2_Z'Z' = (B/A) (M_Z/M_Z')^2 (leading order).

    B/A = M^2_ZZ'/M^2_ZZ is :func:`mixing_ratio`, derived in
    :func:`cevnslib.physics.symbolic.mixing_ratio_derived` from the neutral mass matrix.
    """
    return mixing_ratio(beta, sw2, tan_beta_bar) * mass_ratio_squared(mzp)


def mzp_min_from_mixing(
    beta: ArrayLike, sw2: float, tan_beta_bar: float, theta_max: float = THETA_ZZP_MAX
) -> np.ndarray | float:
    """Smallest M_Z' [GeV] with |theta_ZZ'| <= ``theta_max``: M_Z sqrt(|B/A| / theta_max).

    >>> round(float(mzp_min_from_mixing(SQRT3, 0.23, 1.0)), 0)
    3422.0
    """
    check_positive("theta_max", theta_max)
    return M_Z * np.sqrt(np.abs(mixing_ratio(beta, sw2, tan_beta_bar)) / theta_max)
