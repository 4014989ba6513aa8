"""Nuclear form factors F(q) with q in GeV, vectorised, F(0) = 1.

* Helm (paper Eq. 46): F = 3 j1(q R0)/(q R0) exp(-q^2 s^2 / 2), skin thickness s = 0.9 fm, with
  - ``helm`` (default, the paper's): R0^2 = R^2 - 5 s^2, R = 1.2 A^(1/3) fm;
  - ``helm-ls``: Lewin-Smith, R0^2 = c^2 + (7/3) pi^2 a^2 - 5 s^2, c = 1.23 A^(1/3) - 0.60 fm, a = 0.52 fm
    (Lewin1996).
* ``klein-nystrand`` (used by COHERENT 2017): F = 3 j1(q R_A)/(q R_A) / (1 + a_k^2 q^2), R_A = 1.2 A^(1/3) fm,
  a_k = 0.7 fm (Klein1999).

>>> float(form_factor(0.0, 133))
1.0
>>> round(float(form_factor(0.05, 133, "helm")), 4)
0.7804
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..errors import (
    InputError,
    _show,
    check_choice,
    check_finite,
    check_nonnegative,
    check_positive,
    finite_result,
)
from . import units as u
from .constants import Parameter

__all__ = [
    "SKIN_FORMS",
    "NEUTRON_SKIN",
    "helm_rms_radius",
    "helm_from_rms",
    "proton_neutron_form_factors",
    "FORM_FACTORS",
    "FORM_FACTOR_PARAMETERS",
    "form_factor",
    "helm_radius",
    "spherical_j1_ratio",
]

FORM_FACTOR_PARAMETERS = {
    "HELM_S": Parameter(0.9, 0.0, "fm", "Lewin1996", "Helm surface thickness s"),
    "HELM_R_COEFF": Parameter(1.2, 0.0, "fm", "Barranco2005", "R = 1.2 A^(1/3) fm"),
    "LS_C_COEFF": Parameter(1.23, 0.0, "fm", "Lewin1996", "c = 1.23 A^(1/3) - 0.60 fm"),
    "LS_C_OFFSET": Parameter(0.60, 0.0, "fm", "Lewin1996", "c = 1.23 A^(1/3) - 0.60 fm"),
    "LS_A": Parameter(0.52, 0.0, "fm", "Lewin1996", "Lewin-Smith diffuseness a"),
    "KN_AK": Parameter(
        0.7, 0.0, "fm", "Klein1999", "Yukawa range a_k of the Klein-Nystrand form factor"
    ),
}
FORM_FACTORS = ("helm", "helm-ls", "klein-nystrand")
#: form factors with separate proton and neutron distributions (used through
#: :func:`proton_neutron_form_factors`, not :func:`form_factor`)
SKIN_FORMS = ("helm-skin",)

#: neutron skins R_n - R_p (point-nucleon rms radii) [fm].  Cs and I: nuclear-model predictions
#: (relativistic mean field and Skyrme Hartree-Fock) collected by Cadeddu2018, 0.2-0.3 fm;
#: COHERENT CsI data alone give R_n = 5.5 +0.9 -1.1 fm (Cadeddu2018), i.e. a skin of ~0.7 +- 1 fm,
#: compatible.  uncertain: 0.25 +- 0.05 fm is the middle of the model range, not a measurement.
NEUTRON_SKIN = {
    "Cs": Parameter(
        0.25, 0.05, "fm", "Cadeddu2018", "R_n - R_p of 133Cs, nuclear models (model value)"
    ),
    "I": Parameter(
        0.25, 0.05, "fm", "Cadeddu2018", "R_n - R_p of 127I, nuclear models (model value)"
    ),
}

_S = FORM_FACTOR_PARAMETERS["HELM_S"].value * u.fm


def spherical_j1_ratio(x: ArrayLike) -> np.ndarray:
    """3 j1(x)/x, the Fourier transform of a uniform sphere, with the x -> 0 limit 1 - x^2/10."""
    check_finite("x", x)
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < 1e-3
    xs = np.where(small, 1.0, x)
    with np.errstate(all="ignore"):
        full = 3.0 * (np.sin(xs) - xs * np.cos(xs)) / xs**3
    return finite_result("x", lambda: np.where(small, 1.0 - x**2 / 10.0, full))


def helm_radius(mass_number: ArrayLike, variant: str = "helm") -> np.ndarray | float:
    """Box radius R0 [GeV^-1] of the Helm form factor for mass number A."""
    check_choice("form_factor", variant, FORM_FACTORS[:2])
    check_positive("mass_number", mass_number)
    a13 = np.cbrt(np.asarray(mass_number, dtype=float))
    if variant == "helm":
        r = FORM_FACTOR_PARAMETERS["HELM_R_COEFF"].value * a13 * u.fm
        r0sq = r**2 - 5.0 * _S**2
        if np.any(r0sq <= 0):
            raise InputError(
                f"mass_number = {_show(mass_number)} is too small for the Helm form factor: "
                "(R^2 - 5 s^2 must be > 0: A >= 5)"
            )
        return finite_result("mass_number", lambda: np.sqrt(r0sq))
    c = (
        FORM_FACTOR_PARAMETERS["LS_C_COEFF"].value * a13
        - FORM_FACTOR_PARAMETERS["LS_C_OFFSET"].value
    ) * u.fm
    a = FORM_FACTOR_PARAMETERS["LS_A"].value * u.fm
    return np.sqrt(c**2 + 7.0 / 3.0 * np.pi**2 * a**2 - 5.0 * _S**2)


def helm_rms_radius(mass_number: ArrayLike) -> np.ndarray | float:
    """rms radius [GeV^-1] of the default Helm distribution: <r^2> = 3/5 R0^2 + 3 s^2 = 3/5 R^2.

    >>> from cevnslib.physics import units as u
    >>> round(float(helm_rms_radius(133) / u.fm), 4)
    4.7447
    """
    return (
        np.sqrt(3.0 / 5.0)
        * FORM_FACTOR_PARAMETERS["HELM_R_COEFF"].value
        * np.cbrt(np.asarray(mass_number, dtype=float))
        * u.fm
    )


def helm_from_rms(q: ArrayLike, r_rms: float) -> np.ndarray | float:
    """Helm F(q) with s = 0.9 fm and box radius fixed by the rms radius: R0^2 = 5/3 (r_rms^2 - 3 s^2).

    ``q`` in GeV, ``r_rms`` in GeV^-1 (must exceed sqrt3 s = 1.56 fm).
    """
    check_nonnegative("q", q)
    r0sq = 5.0 / 3.0 * (r_rms**2 - 3.0 * _S**2)
    if not r0sq > 0:
        raise InputError(
            f"r_rms = {r_rms / u.fm:g} fm is too small: the Helm rms radius must exceed sqrt(3) s = {np.sqrt(3) * _S / u.fm:.3g} fm"
        )
    q = np.asarray(q, dtype=float)
    return spherical_j1_ratio(q * np.sqrt(r0sq)) * np.exp(-((q * _S) ** 2) / 2.0)


def proton_neutron_form_factors(
    q: ArrayLike, mass_number: float, skin_fm: float
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """(F_p, F_n) for ``form='helm-skin'``: Helm with different proton and neutron radii.

    The proton distribution is the default Helm (R = 1.2 A^(1/3) fm, rms = sqrt(3/5) R); the neutron
    one has rms radius larger by ``skin_fm`` (R_n - R_p, e.g. :data:`NEUTRON_SKIN`).  ``skin_fm = 0``
    gives F_p = F_n = the default 'helm' form factor.

    >>> fp, fn = proton_neutron_form_factors(0.05, 133, 0.0)
    >>> bool(np.isclose(fp, form_factor(0.05, 133)) and np.isclose(fn, fp))
    True
    """
    check_positive("mass_number", mass_number)
    if not np.isfinite(skin_fm) or abs(skin_fm) > 2.0:
        raise InputError(f"neutron_skin_fm = {skin_fm!r} is not allowed: must be within [-2, 2] fm")
    r_p = helm_rms_radius(mass_number)
    return helm_from_rms(q, r_p), helm_from_rms(q, r_p + skin_fm * u.fm)


def form_factor(q: ArrayLike, mass_number: ArrayLike, kind: str = "helm") -> np.ndarray | float:
    """Nuclear form factor F(q) for momentum transfer ``q`` [GeV] and mass number A; F(0) = 1.

    Parameters
    ----------
    q : float or ndarray [GeV]
    mass_number : float
    kind : {'helm', 'helm-ls', 'klein-nystrand'}

    References
    ----------
    Eq. (46) of the paper (Helm); Lewin1996 Eq. (4.11); Klein1999.
    """
    check_choice("form_factor", kind, FORM_FACTORS)
    check_nonnegative("q", q)
    check_positive("mass_number", mass_number)
    q = np.asarray(q, dtype=float)
    if kind == "klein-nystrand":
        r_a = FORM_FACTOR_PARAMETERS["HELM_R_COEFF"].value * np.cbrt(mass_number) * u.fm
        a_k = FORM_FACTOR_PARAMETERS["KN_AK"].value * u.fm
        qr = finite_result("q", lambda: q * r_a)
        return finite_result("q", lambda: spherical_j1_ratio(qr) / (1.0 + (a_k * q) ** 2))
    r0 = helm_radius(mass_number, kind)
    if not np.all(np.isfinite(r0)):
        raise InputError(
            f"mass_number = {mass_number!r} is too small for the '{kind}' form factor "
            "(R^2 - 5 s^2 must be > 0: A >= 5)"
        )
    qr = finite_result("q", lambda: q * r0)
    return finite_result("q", lambda: spherical_j1_ratio(qr) * np.exp(-((q * _S) ** 2) / 2.0))
