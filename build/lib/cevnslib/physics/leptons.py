"""Which model each beta is: the exotic lepton, the charged gauge bosons, and two lepton contents.

Left-handed leptons sit in antitriplets (e, -nu, E) (the book's convention, :mod:`.model331`).  The
third component E has charge q_E = beta/sqrt3 + X with X = -1/2 + beta/(2 sqrt3), i.e.

    q_E = -1/2 + (sqrt3/2) beta:   beta = -sqrt3 -> -2,  -1/sqrt3 -> -1,  +1/sqrt3 -> 0,  +sqrt3 -> +1.

The off-diagonal gauge bosons connect e with E (charge -1 - q_E) and nu with E (charge -q_E).  For
|beta| = sqrt3 one of them is doubly charged: nu <-> E-- at beta = -sqrt3, e- <-> E+ at beta = +sqrt3.
It couples two Standard Model leptons (a *bilepton*) only where E is itself a Standard Model state:
at beta = +sqrt3 with E = e^c (the minimal model of Pisano, Pleitez and Frampton, 'ppf'), where there
is no singlet e_R.  The book's default lepton content ('singlet') has a heavy E and a singlet e_R
for every beta; then no gauge boson couples two Standard Model charged leptons.

Chiral Z' charges (no Z-Z' mixing) in units of g/c_W, c = [c_W^2 T8 - beta s_W^2 (Q - T3)]/sqrt f:

* left-handed e (antitriplet, T8 = -1/(2 sqrt3)): c_L = [-c_W^2/(2 sqrt3) + beta s_W^2/2]/sqrt f;
* singlet e_R ('singlet'): c_R = beta s_W^2/sqrt f;
* 'ppf': e_R is the conjugate of the third component e^c_L (T8 = +1/sqrt3, T3 = 0, Q = +1), so
  c_R = -c(e^c_L) = [beta s_W^2 - c_W^2/sqrt3]/sqrt f, which at beta = sqrt3 is -sqrt(f)/sqrt3
  (and c_L = -sqrt(f)/(2 sqrt3)): both lepton charges are suppressed by sqrt(1 - 4 s_W^2).

>>> spec = lepton_spectrum(-SQRT3)
>>> spec["exotic_lepton_charge"], spec["doubly_charged_link"], spec["bilepton"]
(-2.0, 'nu-E', False)
>>> lepton_spectrum(SQRT3, "ppf")["bilepton"]
True
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import InputError, check_choice, check_finite
from .model331 import SQRT3, check_beta, exotic_charges, f_beta, zp_couplings

__all__ = ["LEPTON_CONTENTS", "check_leptons", "lepton_spectrum", "lepton_zp_chiral"]

#: lepton contents: 'singlet' (heavy E in the antitriplet and a singlet e_R: the book's default,
#: every beta) and 'ppf' (E = e^c, no singlet e_R: the minimal model; beta = +sqrt3 only)
LEPTON_CONTENTS = ("singlet", "ppf")
_TOL = 1e-9


def check_leptons(leptons: str, beta: float) -> None:
    """Raise :class:`InputError` unless ``leptons`` is a known content that exists at ``beta``."""
    check_choice("leptons", leptons, LEPTON_CONTENTS)
    check_finite("beta", beta)
    if leptons == "ppf" and abs(float(exotic_charges(beta)[0]) - 1.0) > 1e-6:
        raise InputError(
            f"leptons = 'ppf' needs beta = +sqrt3 = {SQRT3:.7f} (E = e^c has charge +1), "
            f"not beta = {float(beta):g}"
        )


def lepton_spectrum(beta: float, leptons: str = "singlet") -> dict[str, object]:
    """The lepton antitriplet at ``beta``: exotic charge, charged-boson links, and whether a bilepton exists.

    Returns {'beta', 'leptons', 'exotic_lepton_charge', 'charge_e_E' (boson linking e and E),
    'charge_nu_E' (boson linking nu and E), 'doubly_charged' (a doubly charged gauge boson exists),
    'doubly_charged_link' ('nu-E', 'e-E' or ''), 'bilepton' (it couples two Standard Model leptons),
    'singlet_e_R'}.
    """
    check_leptons(leptons, beta)
    q_e = float(exotic_charges(beta)[0])
    q_e = round(q_e) if abs(q_e - round(q_e)) < _TOL else q_e
    c_ee = -1.0 - q_e
    c_ne = -q_e
    link = ""
    if abs(abs(c_ne) - 2.0) < 1e-6:
        link = "nu-E"
    elif abs(abs(c_ee) - 2.0) < 1e-6:
        link = "e-E"
    return {
        "beta": float(beta),
        "leptons": leptons,
        "exotic_lepton_charge": float(q_e),
        "charge_e_E": float(c_ee),
        "charge_nu_E": float(c_ne),
        "doubly_charged": bool(link),
        "doubly_charged_link": link,
        "bilepton": bool(link == "e-E" and leptons == "ppf"),
        "singlet_e_R": leptons == "singlet",
    }


def lepton_zp_chiral(
    beta, sw2: float, leptons: str = "singlet"
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Chiral Z' charges (c_L, c_R) of the charged leptons in units of g/c_W, no Z-Z' mixing.

    >>> cl, cr = lepton_zp_chiral(SQRT3, 0.23857, "ppf")
    >>> f = 1 - 4 * 0.23857
    >>> bool(np.isclose(cl, -f**0.5 / (2 * SQRT3)) and np.isclose(cr, -f**0.5 / SQRT3))
    True
    """
    check_beta(beta, sw2)
    g_v, g_a = zp_couplings("e", beta, sw2)
    c_l = 0.5 * (np.asarray(g_v) + np.asarray(g_a))
    c_r = 0.5 * (np.asarray(g_v) - np.asarray(g_a))
    if leptons != "singlet":
        check_leptons(leptons, float(beta))
        b = np.asarray(beta, dtype=float)
        c_r = (b * sw2 - (1.0 - sw2) / math.sqrt(3.0)) / np.sqrt(f_beta(b, sw2))
    return c_l, c_r
