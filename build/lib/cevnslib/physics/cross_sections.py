"""CEvNS and neutrino magnetic-moment differential cross sections dsigma/dT [GeV^-3].

SM / 331 CEvNS (paper Eqs. 45, 50, 54), with Q_W = Z g_V^p + N g_V^n (Eq. 53):

    dsigma/dT = (G_F^2 M / pi) Q_W^2 K(T, E) F^2(q),   q^2 = 2 M T,

where the paper keeps K = 1 - M T/(2 E^2) (``kinematics='paper'``); the full vector-current
expression is K = 1 - T/E - M T/(2 E^2) (``'full'``).  The recoil is bounded by
T_max = 2 E^2/(M + 2 E).

Magnetic moment (Eq. 52, Vogel1989), added incoherently (Eq. 55):

    dsigma/dT = (pi alpha^2 mu_nu^2 / m_e^2) (1/T - 1/E) Z^2 F^2(q),  mu_nu in Bohr magnetons.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ..errors import (
    InputError,
    check_choice,
    check_finite,
    check_instance,
    check_nonnegative,
    check_positive,
    finite_result,
)
from .constants import (
    ALPHA_EM,
    G_F,
    M_E,
    SW2_LOW,
)
from .form_factors import (
    form_factor,
    proton_neutron_form_factors,
)
from .nuclei import Nucleus

__all__ = [
    "KINEMATICS",
    "t_max",
    "e_min",
    "weak_charge",
    "cevns_unit_charge",
    "cevns",
    "magnetic_moment",
    "total",
    "dirac_magnetic_moment",
    "PN_COMPONENTS",
    "cevns_unit_components",
    "cevns_skin",
    "axial_nucleon_couplings",
    "axial_to_coherent_ratio",
]

KINEMATICS = ("paper", "full")


def t_max(energy: ArrayLike, mass: float) -> np.ndarray | float:
    """Maximum recoil energy 2 E^2/(M + 2E) [GeV] for neutrino energy ``energy`` on a target of ``mass``."""
    check_nonnegative("neutrino energy E", energy)
    check_positive("mass", mass)
    energy = np.asarray(energy, dtype=float)
    return finite_result("neutrino energy E", lambda: 2.0 * energy**2 / (mass + 2.0 * energy))


def e_min(recoil: ArrayLike, mass: float) -> np.ndarray | float:
    """Minimum neutrino energy (T + sqrt(T^2 + 2 M T))/2 [GeV] to give recoil ``recoil``."""
    check_nonnegative("recoil energy T", recoil)
    check_positive("mass", mass)
    recoil = np.asarray(recoil, dtype=float)
    return finite_result(
        "recoil energy T", lambda: 0.5 * (recoil + np.sqrt(recoil**2 + 2.0 * mass * recoil))
    )


def weak_charge(nucleus: Nucleus, g_p: ArrayLike, g_n: ArrayLike) -> np.ndarray | float:
    """Vector weak charge Q_W = Z g_V^p + N g_V^n (Eq. 53; F_p = F_n factored out)."""
    check_instance("nucleus", nucleus, Nucleus, "see cevnslib.physics.nuclei.nucleus")
    check_finite("g_p", g_p)
    check_finite("g_n", g_n)
    return finite_result(
        "g_p, g_n",
        lambda: nucleus.Z * np.asarray(g_p, dtype=float) + nucleus.N * np.asarray(g_n, dtype=float),
    )


def _kinematic_factor(recoil, energy, mass, kinematics):
    k = 1.0 - mass * recoil / (2.0 * energy**2)
    if kinematics == "full":
        k = k - recoil / energy
    return np.where(recoil <= t_max(energy, mass), np.clip(k, 0.0, None), 0.0)


def _validate(recoil, energy, nucleus=None):
    check_nonnegative("recoil energy T", recoil)
    check_positive("neutrino energy E", energy)
    check_instance("nucleus", nucleus, Nucleus, "see cevnslib.physics.nuclei.nucleus")


def cevns_unit_charge(
    recoil: ArrayLike,
    energy: ArrayLike,
    nucleus: Nucleus,
    form: str = "helm",
    kinematics: str = "paper",
) -> np.ndarray | float:
    """CEvNS dsigma/dT for Q_W = 1 [GeV^-3]; multiply by Q_W^2.  Arguments broadcast; T, E in GeV."""
    _validate(recoil, energy, nucleus)
    check_choice("kinematics", kinematics, KINEMATICS)
    recoil = np.asarray(recoil, dtype=float)
    energy = np.asarray(energy, dtype=float)
    m = nucleus.mass
    ff = form_factor(np.sqrt(2.0 * m * recoil), nucleus.A, form)
    return finite_result(
        "recoil energy T, neutrino energy E",
        lambda: G_F**2 * m / math.pi * _kinematic_factor(recoil, energy, m, kinematics) * ff**2,
    )


def cevns(
    recoil: ArrayLike,
    energy: ArrayLike,
    nucleus: Nucleus,
    g_p: ArrayLike,
    g_n: ArrayLike,
    form: str = "helm",
    kinematics: str = "paper",
) -> np.ndarray | float:
    """CEvNS dsigma/dT [GeV^-3] for nucleon couplings (g_V^p, g_V^n): SM or 331 (Eqs. 50, 54).

    >>> from cevnslib.physics.nuclei import NUCLEI
    >>> from cevnslib.physics import units as u
    >>> x = cevns(10 * u.keV, 30 * u.MeV, NUCLEI["Cs133"], 0.0229, -0.5)
    >>> bool(x > 0)
    True
    """
    q2 = finite_result("g_p, g_n", lambda: weak_charge(nucleus, g_p, g_n) ** 2)
    return finite_result(
        "g_p, g_n", lambda: q2 * cevns_unit_charge(recoil, energy, nucleus, form, kinematics)
    )


def magnetic_moment(
    recoil: ArrayLike, energy: ArrayLike, nucleus: Nucleus, mu_nu: float, form: str = "helm"
) -> np.ndarray | float:
    """Magnetic-moment dsigma/dT [GeV^-3] (Eq. 52), mu_nu in units of the Bohr magneton; zero above T_max.

    The 1/T term diverges at T = 0: the result there is inf for mu_nu > 0 (and 0 for mu_nu = 0).
    """
    _validate(recoil, energy, nucleus)
    check_nonnegative("mu_nu", mu_nu)
    recoil = np.asarray(recoil, dtype=float)
    energy = np.asarray(energy, dtype=float)
    if mu_nu == 0:
        return np.zeros(np.broadcast(recoil, energy).shape)
    m = nucleus.mass
    ff = form_factor(
        finite_result("recoil energy T", lambda: np.sqrt(2.0 * m * recoil)), nucleus.A, form
    )
    with np.errstate(divide="ignore"):
        kin = np.where(recoil > 0, 1.0 / np.where(recoil > 0, recoil, 1.0) - 1.0 / energy, np.inf)
    with np.errstate(over="ignore", invalid="ignore"):
        kin = np.where(recoil <= t_max(energy, m), np.clip(kin, 0.0, None), 0.0)
    coef = finite_result("mu_nu", lambda: math.pi * ALPHA_EM**2 * mu_nu**2 / M_E**2 * nucleus.Z**2)
    with np.errstate(over="ignore", invalid="ignore"):
        out = coef * kin * ff**2
    if np.any(~np.isfinite(out) & np.isfinite(kin)):
        raise InputError(f"mu_nu = {mu_nu!r} is out of range: the cross section overflows")
    return out


def total(
    recoil: ArrayLike,
    energy: ArrayLike,
    nucleus: Nucleus,
    g_p: ArrayLike,
    g_n: ArrayLike,
    mu_nu: float = 0.0,
    form: str = "helm",
    kinematics: str = "paper",
) -> np.ndarray | float:
    """Weak plus magnetic-moment dsigma/dT (Eq. 55) [GeV^-3]."""
    return cevns(recoil, energy, nucleus, g_p, g_n, form, kinematics) + magnetic_moment(
        recoil, energy, nucleus, mu_nu, form
    )


def dirac_magnetic_moment(m_nu: float) -> float:
    """Fujikawa-Shrock magnetic moment of a Dirac neutrino of mass ``m_nu`` [GeV], in Bohr magnetons (Eq. 51).

    mu_nu = 3 e G_F m_nu / (8 sqrt2 pi^2) = 3 G_F m_e m_nu / (4 sqrt2 pi^2) mu_B ~ 3.2e-19 (m_nu / eV) mu_B.

    >>> round(dirac_magnetic_moment(1e-9) * 1e19, 3)
    3.203
    """
    check_nonnegative("m_nu", m_nu)
    return 3.0 * G_F * M_E * m_nu / (4.0 * math.sqrt(2.0) * math.pi**2)


#: the three form-factor products of Q_W(q)^2 = Z^2 g_p^2 F_p^2 + 2 Z N g_p g_n F_p F_n + N^2 g_n^2 F_n^2
PN_COMPONENTS = ("pp", "pn", "nn")


def cevns_unit_components(
    recoil: ArrayLike,
    energy: ArrayLike,
    nucleus: Nucleus,
    component: str,
    skin_fm: float,
    kinematics: str = "paper",
) -> np.ndarray | float:
    """(G_F^2 M/pi) K(T, E) F_a F_b [GeV^-3] for ``component`` ab in {'pp', 'pn', 'nn'} ('helm-skin').

    With separate proton and neutron form factors the weak charge depends on q,
    Q_W(q) = Z g_V^p F_p(q) + N g_V^n F_n(q), so the Z' shifts of g_V^p and
    g_V^n are weighted by F_p and F_n differently; see :func:`cevns_skin`.
    """
    _validate(recoil, energy, nucleus)
    check_choice("kinematics", kinematics, KINEMATICS)
    check_choice("component", component, PN_COMPONENTS)
    recoil = np.asarray(recoil, dtype=float)
    energy = np.asarray(energy, dtype=float)
    m = nucleus.mass
    f_p, f_n = proton_neutron_form_factors(np.sqrt(2.0 * m * recoil), nucleus.A, skin_fm)
    ff = {"pp": f_p * f_p, "pn": f_p * f_n, "nn": f_n * f_n}[component]
    return G_F**2 * m / math.pi * _kinematic_factor(recoil, energy, m, kinematics) * ff


def cevns_skin(
    recoil: ArrayLike,
    energy: ArrayLike,
    nucleus: Nucleus,
    g_p: ArrayLike,
    g_n: ArrayLike,
    skin_fm: float,
    kinematics: str = "paper",
) -> np.ndarray | float:
    """CEvNS dsigma/dT [GeV^-3] with Q_W(q) = Z g_V^p F_p + N g_V^n F_n (Helm, neutron skin ``skin_fm``).

    >>> from cevnslib.physics.nuclei import NUCLEI
    >>> from cevnslib.physics import units as u
    >>> t, e = 10 * u.keV, 30 * u.MeV
    >>> bool(np.isclose(cevns_skin(t, e, NUCLEI["Cs133"], 0.02, -0.5, 0.0), cevns(t, e, NUCLEI["Cs133"], 0.02, -0.5)))
    True
    """
    z, n = nucleus.Z * np.asarray(g_p), nucleus.N * np.asarray(g_n)
    c = {
        k: cevns_unit_components(recoil, energy, nucleus, k, skin_fm, kinematics)
        for k in PN_COMPONENTS
    }
    return z**2 * c["pp"] + 2.0 * z * n * c["pn"] + n**2 * c["nn"]


def axial_nucleon_couplings(
    beta: float | None = None, sw2: float = SW2_LOW, generation1: str = "triplet"
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Nucleon axial couplings ((g_A^p, g_A^n) of the Z, (g'_A^p, g'_A^n) of the Z') in Eq. (37) units.

    g_A^N = sum_q Delta q^N g_A^q with the proton helicity fractions
    :data:`cevnslib.physics.constants.QUARK_SPIN_FRACTIONS` (isospin for the neutron; s couples as d).
    For the Z this gives g_A^p = (Delta u - Delta d - Delta s)/2 = 0.677.  Without ``beta`` the Z'
    pair is (0, 0).
    """
    from .constants import QUARK_SPIN_FRACTIONS
    from .model331 import z_couplings, zp_couplings

    du, dd, ds = (QUARK_SPIN_FRACTIONS[k].value for k in ("u", "d", "s"))

    def nucleon(ga_u, ga_d):
        return du * ga_u + (dd + ds) * ga_d, dd * ga_u + (du + ds) * ga_d

    sm = nucleon(z_couplings("u")[1], z_couplings("d")[1])
    if beta is None:
        return sm, (0.0, 0.0)
    zp = nucleon(
        float(zp_couplings("u", beta, sw2, 0.0, generation1)[1]),
        float(zp_couplings("d", beta, sw2, 0.0, generation1)[1]),
    )
    return sm, zp


def axial_to_coherent_ratio(
    name: str, beta: float | None = None, mzp: float = math.inf, sw2: float = SW2_LOW
) -> dict[str, float]:
    """Spin-dependent (axial) over coherent (vector) CEvNS at q -> 0 for an odd nucleus ('Cs133', 'I127').

    dsigma/dT = (G_F^2 M/pi) [Q_W^2 F^2 (1 - MT/2E^2) + C_J Q_A^2 F_A^2 (1 + MT/2E^2)],
    C_J = 4 (J + 1)/(3 J), Q_A = g_A^p <S_p> + g_A^n <S_n> (the nucleon normalisation of Eq. 37:
    a free nucleon has C_J (g_A/2)^2 = g_A^2).  The Z' adds x (g'_V^nu + g'_A^nu) g'_A^N to g_A^N, as
    it does to g_V^N.  Returns {'sm': C_J Q_A^2 / Q_W^2 in the SM; 'zp': the Z'-induced change of the
    axial term over that of the coherent term, at (beta, mzp [GeV])} ('zp' is NaN without beta).
    F_A = F is assumed (both are ~1 at the SNS q).

    >>> r = axial_to_coherent_ratio("Cs133")
    >>> 1e-5 < r["sm"] < 1e-3
    True
    """
    from .model331 import (
        mass_ratio_squared,
        nucleon_coupling_shifts,
        sm_nucleon_couplings,
        zp_couplings,
    )
    from .nuclei import NUCLEAR_SPIN, NUCLEI, SPIN_EXPECTATION

    check_choice("nucleus", name, SPIN_EXPECTATION)
    nuc, j = NUCLEI[name], NUCLEAR_SPIN[name]
    s_p, s_n = (SPIN_EXPECTATION[name][k].value for k in ("S_p", "S_n"))
    c_j = 4.0 * (j + 1.0) / (3.0 * j)
    (ga_p, ga_n), (gpa_p, gpa_n) = axial_nucleon_couplings(beta, sw2)
    q_a = ga_p * s_p + ga_n * s_n
    g_p, g_n = sm_nucleon_couplings()
    q_w = weak_charge(nuc, g_p, g_n)
    out = {"sm": float(c_j * q_a**2 / q_w**2), "zp": float("nan")}
    if beta is not None:
        x = float(mass_ratio_squared(mzp))
        g_nu = float(sum(zp_couplings("nu", beta, sw2)))
        dq_a = x * g_nu * (gpa_p * s_p + gpa_n * s_n)
        dp, dn = nucleon_coupling_shifts(beta, sw2)
        dq_w = x * float(weak_charge(nuc, dp, dn))
        out["zp"] = float(c_j * ((q_a + dq_a) ** 2 - q_a**2) / ((q_w + dq_w) ** 2 - q_w**2))
    return out
