"""Neutrino source spectra: normalised shapes per flavour plus normalisation helpers.

The SNS is a pi+ decay-at-rest source (paper Eqs. 56-58, Louis2009):

* prompt nu_mu from pi+ -> mu+ nu_mu: a line at E = (m_pi^2 - m_mu^2)/(2 m_pi) = 29.79 MeV;
* delayed nu_e and anti-nu_mu from mu+ -> e+ nu_e anti-nu_mu, on 0 <= E <= m_mu/2 = 52.83 MeV:
  nu_e: (192/m_mu)(E/m_mu)^2 (1/2 - E/m_mu); anti-nu_mu: (64/m_mu)(E/m_mu)^2 (3/4 - E/m_mu).

Each shape is normalised to one neutrino; the fluence per flavour at distance L is
r N_POT / (4 pi L^2) with r neutrinos per proton per flavour.

>>> round(E_PROMPT / u.MeV, 2), round(E_MAX_DELAYED / u.MeV, 2)
(29.79, 52.83)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import ArrayLike

from ..errors import (
    InputError,
    check_choice,
    check_instance,
    check_integer,
    check_nonnegative,
    check_positive,
    finite_result,
)
from . import units as u
from .constants import M_MU, M_PI

__all__ = [
    "E_PROMPT",
    "E_MAX_DELAYED",
    "Spectrum",
    "SNS_SPECTRA",
    "SNS_FLAVOURS",
    "nu_e_delayed",
    "nu_mu_bar_delayed",
    "sns_fluence",
    "mean_energy",
    "reactor_antinu_e",
    "solar_b8",
    "REACTOR_SPECTRUM",
    "B8_SPECTRUM",
    "REACTOR_COEFFICIENTS",
    "FISSION_FRACTIONS",
    "PROMPT_FLAVOURS",
    "arrival_time_cdf",
    "window_fraction",
]

E_PROMPT = (M_PI**2 - M_MU**2) / (2.0 * M_PI)
E_MAX_DELAYED = M_MU / 2.0


def nu_e_delayed(energy: ArrayLike) -> np.ndarray:
    """Michel spectrum of nu_e from mu+ decay at rest [GeV^-1], normalised to 1 (Eq. 57)."""
    check_nonnegative("energy", energy)
    x = np.asarray(energy, dtype=float) / M_MU
    return finite_result("energy", lambda: np.where(x <= 0.5, 192.0 / M_MU * x**2 * (0.5 - x), 0.0))


def nu_mu_bar_delayed(energy: ArrayLike) -> np.ndarray:
    """Michel spectrum of anti-nu_mu from mu+ decay at rest [GeV^-1], normalised to 1 (Eq. 58)."""
    check_nonnegative("energy", energy)
    x = np.asarray(energy, dtype=float) / M_MU
    return finite_result("energy", lambda: np.where(x <= 0.5, 64.0 / M_MU * x**2 * (0.75 - x), 0.0))


@dataclass(frozen=True)
class Spectrum:
    """A normalised neutrino energy spectrum: a sum of lines plus a continuum on [e_min, e_max].

    ``lines`` are (energy [GeV], weight) pairs; ``pdf`` is dN/dE [GeV^-1] of the continuum part.
    The weights of the lines plus the integral of ``pdf`` equal one.
    """

    flavour: str
    lines: tuple[tuple[float, float], ...] = ()
    pdf: Callable[[np.ndarray], np.ndarray] | None = None
    e_min: float = 0.0
    e_max: float = 0.0
    label: str = ""


SNS_SPECTRA = {
    "nu_mu": Spectrum("nu_mu", lines=((E_PROMPT, 1.0),), label=r"prompt $\nu_\mu$"),
    "nu_e": Spectrum(
        "nu_e", pdf=nu_e_delayed, e_min=0.0, e_max=E_MAX_DELAYED, label=r"delayed $\nu_e$"
    ),
    "nu_mu_bar": Spectrum(
        "nu_mu_bar",
        pdf=nu_mu_bar_delayed,
        e_min=0.0,
        e_max=E_MAX_DELAYED,
        label=r"delayed $\bar\nu_\mu$",
    ),
}
SNS_FLAVOURS = tuple(SNS_SPECTRA)
#: flavours from pi+ decay (prompt); the others come from mu+ decay (delayed)
PROMPT_FLAVOURS = ("nu_mu",)


# ----------------------------------------------------------------------------------------------
# arrival times at the SNS: proton pulse (x) pion decay [(x) muon decay]
# ----------------------------------------------------------------------------------------------
def _emg_cdf(t, mean, sigma, tau):
    """CDF of a Gaussian (mean, sigma) convolved with an exponential of lifetime tau.

    scipy.stats.exponnorm.cdf(t, tau / sigma, loc=mean, scale=sigma), written out with
    scipy.special (the same operations: the same numbers, without importing scipy.stats):
    Phi(z) - exp((sigma/tau) (sigma/(2 tau) - z) + ln Phi(z - sigma/tau)), z = (t - mean)/sigma.
    """
    from scipy.special import log_ndtr, ndtr

    z = np.asarray((np.asarray(t) - mean) / sigma, dtype=float)
    inv_k = 1.0 / np.asarray(tau / sigma)
    out = np.zeros(z.shape)
    out[np.isnan(z)] = np.nan
    out[z == np.inf] = 1.0  # (z = -inf: 0)
    ok = np.isfinite(z)
    if ok.any():
        x = z[ok]
        log_prod = inv_k * (0.5 * inv_k - x) + log_ndtr(x - inv_k)
        out[ok] = ndtr(x) - np.exp(log_prod)
    return out[()] if out.ndim == 0 else out


def arrival_time_cdf(
    t: ArrayLike, flavour: str, pulse_mean: float, pulse_sigma: float
) -> np.ndarray:
    """Probability that a neutrino of ``flavour`` arrives before ``t`` [us].

    The proton pulse is a Gaussian (``pulse_mean``, ``pulse_sigma`` [us]); prompt nu_mu follow it
    folded with the pion lifetime, delayed nu_e and anti-nu_mu folded in addition with the muon
    lifetime (TAU_PI, TAU_MU, PDG2022).  The sum of two exponential delays has the density
    (e^{-t/tau_mu} - e^{-t/tau_pi})/(tau_mu - tau_pi), hence the delayed CDF
    (tau_mu F_mu - tau_pi F_pi)/(tau_mu - tau_pi), F_tau = Gaussian (x) exponential(tau).

    >>> round(float(arrival_time_cdf(50.0, "nu_e", 0.44, 0.15)), 6)
    1.0
    """
    from .constants import PARAMETERS

    check_choice("flavour", flavour, SNS_FLAVOURS)
    check_positive("pulse_sigma", pulse_sigma)
    t = np.asarray(t, dtype=float)
    tau_pi, tau_mu = PARAMETERS["TAU_PI"].value, PARAMETERS["TAU_MU"].value
    f_pi = _emg_cdf(t, pulse_mean, pulse_sigma, tau_pi)
    if flavour in PROMPT_FLAVOURS:
        return f_pi
    f_mu = _emg_cdf(t, pulse_mean, pulse_sigma, tau_mu)
    return (tau_mu * f_mu - tau_pi * f_pi) / (tau_mu - tau_pi)


def window_fraction(
    flavour: str, t_lo: float, t_hi: float, pulse_mean: float, pulse_sigma: float
) -> float:
    """Fraction of the neutrinos of ``flavour`` that arrive in t_lo < t < t_hi [us] (see
    :func:`arrival_time_cdf`).

    >>> round(window_fraction("nu_e", -0.1, 4.9, 0.44, 0.15), 3)   # LAr Analysis A window
    0.867
    """
    if not t_hi > t_lo:
        raise InputError(f"t_hi = {t_hi!r} is not allowed: must be larger than t_lo = {t_lo!r}")
    cdf = arrival_time_cdf(np.array([t_lo, t_hi]), flavour, pulse_mean, pulse_sigma)
    return float(cdf[1] - cdf[0])


def sns_fluence(n_pot: float, nu_per_proton: float, baseline: float) -> float:
    """Time-integrated neutrino fluence per flavour [GeV^2] at ``baseline`` [GeV^-1] (Eq. 59).

    Phi = r N_POT / (4 pi L^2).

    >>> round(sns_fluence(1.76e23, 0.08, 19.3 * u.m) * u.cm**2 / 1e14, 3)   # CsI 2017, per cm^2
    3.008
    """
    check_positive("n_pot", n_pot)
    check_positive("nu_per_proton", nu_per_proton)
    check_positive("baseline", baseline)
    return finite_result(
        "n_pot, nu_per_proton, baseline",
        lambda: nu_per_proton * n_pot / (4.0 * np.pi * baseline**2),
    )


def mean_energy(spectrum: Spectrum, n: int = 200) -> float:
    """Mean energy of a spectrum [GeV] (Gauss-Legendre on the continuum)."""
    check_instance("spectrum", spectrum, Spectrum, "see cevnslib.physics.fluxes")
    check_integer("n", n, 2)
    total = sum(e * w for e, w in spectrum.lines)
    if spectrum.pdf is not None:
        x, w = np.polynomial.legendre.leggauss(n)
        e = 0.5 * (spectrum.e_max - spectrum.e_min) * (x + 1) + spectrum.e_min
        total += 0.5 * (spectrum.e_max - spectrum.e_min) * np.sum(w * e * spectrum.pdf(e))
    return float(total)


# ----------------------------------------------------------------------------------------------
# reactor anti-nu_e (Huber-Mueller) and solar 8B spectra: used by the beyond-the-paper experiments
# ----------------------------------------------------------------------------------------------
#: exp(sum_k a_k E^k) per fission, E in MeV: Huber2011 for U235, Pu239, Pu241; Mueller2011 for U238
REACTOR_COEFFICIENTS = {
    "U235": (4.367, -4.577, 2.100, -0.5294, 0.06186, -0.002777),
    "Pu239": (4.757, -5.392, 2.563, -0.6596, 0.07820, -0.003536),
    "Pu241": (2.990, -2.882, 1.278, -0.3343, 0.03905, -0.001754),
    "U238": (0.4833, 0.1927, -0.1283, -0.006762, 0.002233, -0.0001536),
}
#: typical fission fractions of a PWR at mid-cycle (uncertain: CONUS+ quotes its own; only ratios are used)
FISSION_FRACTIONS = {"U235": 0.56, "Pu239": 0.31, "U238": 0.07, "Pu241": 0.06}
REACTOR_E_MIN = 1.8 * u.MeV  # inverse-beta-like lower edge of the parameterisation's use here
REACTOR_FIT_E_MAX = 8.0 * u.MeV  # upper end of the energy range of the Huber2011 / Mueller2011 fits
REACTOR_E_MAX = 10.0 * u.MeV  # the exponential-polynomial is extrapolated above REACTOR_FIT_E_MAX
B8_ENDPOINT = (
    14.06 * u.MeV
)  # 8B -> 8Be(3.03 MeV) beta+ end point; the 8Be width (tail to ~16 MeV) is neglected


def _reactor_unnormalised(energy):
    e = np.asarray(energy, dtype=float) / u.MeV
    total = np.zeros_like(e)
    for iso, frac in FISSION_FRACTIONS.items():
        total += frac * np.exp(np.polynomial.polynomial.polyval(e, REACTOR_COEFFICIENTS[iso]))
    return np.where((e >= REACTOR_E_MIN / u.MeV) & (e <= REACTOR_E_MAX / u.MeV), total, 0.0)


def _b8_unnormalised(energy):
    """Allowed beta+ shape for 8B -> 8Be* e+ nu: E_nu^2 p_e W_e with W_e = Q - E_nu + m_e (no Fermi function)."""
    from .constants import M_E

    e = np.asarray(energy, dtype=float)
    w = B8_ENDPOINT - e + M_E
    p = np.sqrt(np.clip(w**2 - M_E**2, 0.0, None))
    return np.where((e >= 0) & (e <= B8_ENDPOINT), e**2 * p * w, 0.0)


@cache
def _norm(which: str) -> float:
    """Integral of an unnormalised spectrum (Gauss-Legendre, 200 nodes; computed once, on first use)."""
    fn, lo, hi = {
        "reactor": (_reactor_unnormalised, REACTOR_E_MIN, REACTOR_E_MAX),
        "b8": (_b8_unnormalised, 0.0, B8_ENDPOINT),
    }[which]
    x, w = np.polynomial.legendre.leggauss(200)
    return float(0.5 * (hi - lo) * np.sum(w * fn(0.5 * (hi - lo) * (x + 1) + lo)))


def reactor_antinu_e(energy: ArrayLike) -> np.ndarray:
    """Reactor anti-nu_e spectrum [GeV^-1], normalised to 1 on [1.8, 10] MeV (Huber-Mueller, fixed fission fractions)."""
    check_nonnegative("energy", energy)
    return finite_result("energy", lambda: _reactor_unnormalised(energy) / _norm("reactor"))


def solar_b8(energy: ArrayLike) -> np.ndarray:
    """Solar 8B nu_e spectrum [GeV^-1], normalised to 1 (allowed beta shape; approximate, see module notes)."""
    check_nonnegative("energy", energy)
    return finite_result("energy", lambda: _b8_unnormalised(energy) / _norm("b8"))


REACTOR_SPECTRUM = Spectrum(
    "anti_nu_e",
    pdf=reactor_antinu_e,
    e_min=REACTOR_E_MIN,
    e_max=REACTOR_E_MAX,
    label=r"reactor $\bar\nu_e$",
)
B8_SPECTRUM = Spectrum(
    "nu_e_b8", pdf=solar_b8, e_min=0.0, e_max=B8_ENDPOINT, label=r"solar $^8$B $\nu_e$"
)
