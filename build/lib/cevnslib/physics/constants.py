"""Physical constants: one home for every number, with unit, uncertainty, scheme and source.

Each constant is a :class:`Parameter`; ``ref`` is a key of ``references.bib`` and ``note`` names
the scheme and scale.  Module-level floats mirror the values in internal natural units (GeV = 1,
see :mod:`cevnslib.physics.units`), so library code writes ``G_F`` rather than ``1.1663788e-5``.

    >>> from cevnslib.physics.constants import PARAMETERS, SW2_LOW
    >>> PARAMETERS["SW2_LOW"].note
    'MS-bar weak mixing angle at Q -> 0 (low-energy running)'
    >>> SW2_LOW
    0.23857
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import units as u

__all__ = [
    "Parameter",
    "PARAMETERS",
    "G_F",
    "M_Z",
    "SW2_MZ",
    "SW2_LOW",
    "ALPHA_EM",
    "M_E",
    "M_MU",
    "M_PI",
    "ATOMIC_MASS_UNIT",
    "N_AVOGADRO",
    "MU_BOHR",
    "MU_NU_GEMMA",
    "G_V_P_RADIATIVE",
    "G_V_N_RADIATIVE",
    "V31_ABS",
    "QUARK_SPIN_FRACTIONS",
    "SNS_FLUX_NORM",
    "V_EW",
    "THETA_ZZP_MAX",
    "GAMMA_Z",
    "M_TOP",
    "QW_CS",
]


@dataclass(frozen=True)
class Parameter:
    """A physical input: value in ``unit``, 1-sigma ``uncertainty`` (same unit), source and scheme."""

    value: float
    uncertainty: float
    unit: str
    ref: str
    note: str = ""

    def __float__(self) -> float:
        return float(self.value)


PARAMETERS: dict[str, Parameter] = {
    "G_F": Parameter(
        1.1663788e-5, 0.0000006e-5, "GeV^-2", "PDG2022", "Fermi constant from the muon lifetime"
    ),
    "M_Z": Parameter(91.1876, 0.0021, "GeV", "PDG2022", "Z pole mass"),
    "SW2_MZ": Parameter(0.23122, 0.00004, "1", "PDG2022", "MS-bar weak mixing angle at the Z pole"),
    "SW2_LOW": Parameter(
        0.23857, 0.00005, "1", "PDG2022", "MS-bar weak mixing angle at Q -> 0 (low-energy running)"
    ),
    "ALPHA_EM": Parameter(
        1 / 137.035999084, 0.0, "1", "PDG2022", "fine-structure constant at Q = 0 (Thomson limit)"
    ),
    "M_E": Parameter(0.51099895, 0.00000015, "MeV", "PDG2022", "electron mass"),
    "M_MU": Parameter(105.6583755, 0.0000023, "MeV", "PDG2022", "muon mass"),
    "M_PI": Parameter(139.57039, 0.00018, "MeV", "PDG2022", "charged-pion mass"),
    "TAU_MU": Parameter(
        2.1969811, 0.0000022, "us", "PDG2022", "muon lifetime (delayed SNS neutrinos)"
    ),
    "TAU_PI": Parameter(
        0.026033, 0.000005, "us", "PDG2022", "charged-pion lifetime (prompt nu_mu)"
    ),
    "ATOMIC_MASS_UNIT": Parameter(
        931.49410242, 0.00000028, "MeV", "PDG2022", "unified atomic mass unit m_u c^2"
    ),
    "N_AVOGADRO": Parameter(6.02214076e23, 0.0, "mol^-1", "PDG2022", "exact (SI 2019)"),
    "MU_NU_GEMMA": Parameter(
        2.9e-11,
        0.0,
        "mu_B",
        "Beda2013",
        "GEMMA 90% CL upper limit on the reactor anti-nu_e magnetic moment",
    ),
    "G_V_P_RADIATIVE": Parameter(
        0.0298,
        0.0,
        "1",
        "Erler2013",
        "nu-proton vector coupling with radiative corrections (secondary source)",
    ),
    "G_V_N_RADIATIVE": Parameter(
        -0.5117,
        0.0,
        "1",
        "Erler2013",
        "nu-neutron vector coupling with radiative corrections (secondary source)",
    ),
    "V31_ABS": Parameter(
        0.0086,
        0.0002,
        "1",
        "PDG2022",
        "|(V_dL)_31| = |V_td| under up-sector alignment (Promberger2007); the paper's flavour term",
    ),
    "SNS_FLUX_NORM": Parameter(
        0.10,
        0.0,
        "1",
        "COHERENT:2020ykq",
        "relative 1-sigma uncertainty of the SNS pi-DAR neutrino flux (0.09 +- 0.009 nu/flavour/"
        "proton; 10% in Akimov2017): one nuisance shared by every SNS measurement",
    ),
    "THETA_ZZP_MAX": Parameter(
        1.0e-3,
        0.0,
        "1",
        "Erler:2009jh",
        "electroweak-precision (Z-pole) limit on the Z-Z' mixing angle, |theta_ZZ'| <~ 1e-3: the "
        "order of the 95% CL limits of Erler et al. for the E6 and LR models (uncertain: the 331 Z' "
        "has no dedicated fit; the order of magnitude is used)",
    ),
    "GAMMA_Z": Parameter(2.4952, 0.0023, "GeV", "PDG2022", "Z total width (LEP-II propagator)"),
    "M_TOP": Parameter(
        172.69,
        0.30,
        "GeV",
        "PDG2022",
        "top-quark mass (direct measurements); top Yukawa m_t = y_t v_rho/sqrt2",
    ),
}

#: published extractions of the weak charge of 133Cs from atomic parity violation, each with the SM
#: value its authors compare with ('qw' and 'sm'; uncertainty: experimental and theoretical in
#: quadrature).  Dzuba:2012kx give the PNC amplitude 0.8977(40) x 1e-11 i(-Q_W/N) that replaces
#: Porsev:2009pr's 0.8906(24); with the same measurement the weak charge scales inversely,
#: -73.16 x 0.8906/0.8977 = -72.58, theory error 0.45% = 0.32 (the 1.5 sigma from the SM they state).
QW_CS = {
    "porsev2009": {
        "qw": Parameter(
            -73.16,
            (0.29**2 + 0.20**2) ** 0.5,
            "1",
            "Porsev:2009pr",
            "Q_W(133Cs) = -73.16(29)exp(20)th",
        ),
        "sm": Parameter(-73.16, 0.03, "1", "Porsev:2009pr", "SM value quoted with it"),
    },
    "dzuba2012": {
        "qw": Parameter(
            -72.58,
            (0.29**2 + 0.32**2) ** 0.5,
            "1",
            "Dzuba:2012kx",
            "Q_W(133Cs) = -72.58(29)exp(32)th, from the revised amplitude 0.8977(40)",
        ),
        "sm": Parameter(-73.23, 0.01, "1", "Sahoo:2021thl", "SM value (as quoted by Sahoo et al.)"),
    },
    "sahoo2021": {
        "qw": Parameter(
            -73.71,
            (0.26**2 + 0.23**2) ** 0.5,
            "1",
            "Sahoo:2021thl",
            "Q_W(133Cs) = -73.71(26)ex(23)th",
        ),
        "sm": Parameter(-73.23, 0.01, "1", "Sahoo:2021thl", "SM value quoted with it"),
    },
}

G_F = PARAMETERS["G_F"].value / u.GeV**2
M_Z = PARAMETERS["M_Z"].value * u.GeV
SW2_MZ = PARAMETERS["SW2_MZ"].value
SW2_LOW = PARAMETERS["SW2_LOW"].value
ALPHA_EM = PARAMETERS["ALPHA_EM"].value
M_E = PARAMETERS["M_E"].value * u.MeV
M_MU = PARAMETERS["M_MU"].value * u.MeV
M_PI = PARAMETERS["M_PI"].value * u.MeV
ATOMIC_MASS_UNIT = PARAMETERS["ATOMIC_MASS_UNIT"].value * u.MeV
N_AVOGADRO = PARAMETERS["N_AVOGADRO"].value
#: Bohr magneton e/(2 m_e) in GeV^-1 (e = sqrt(4 pi alpha), natural Heaviside-Lorentz units)
MU_BOHR = math.sqrt(4.0 * math.pi * ALPHA_EM) / (2.0 * M_E)
MU_NU_GEMMA = PARAMETERS["MU_NU_GEMMA"].value  # in units of MU_BOHR
G_V_P_RADIATIVE = PARAMETERS["G_V_P_RADIATIVE"].value
G_V_N_RADIATIVE = PARAMETERS["G_V_N_RADIATIVE"].value
V31_ABS = PARAMETERS["V31_ABS"].value

#: quark helicity fractions of the proton (Delta q, MS-bar, Q^2 = 5 GeV^2; HERMES2007); Delta u -
#: Delta d = 1.269 ~ g_A.  Used only for the spin-dependent (axial) CEvNS estimate.
QUARK_SPIN_FRACTIONS = {
    "u": Parameter(0.842, 0.013, "1", "HERMES2007", "Delta u of the proton"),
    "d": Parameter(-0.427, 0.013, "1", "HERMES2007", "Delta d of the proton"),
    "s": Parameter(-0.085, 0.018, "1", "HERMES2007", "Delta s of the proton"),
}
SNS_FLUX_NORM = PARAMETERS["SNS_FLUX_NORM"].value
#: electroweak VEV v = (sqrt2 G_F)^(-1/2) = 246.22 GeV (derived from G_F; tree level, M_W = g v / 2)
V_EW = (math.sqrt(2.0) * G_F) ** -0.5
THETA_ZZP_MAX = PARAMETERS["THETA_ZZP_MAX"].value
GAMMA_Z = PARAMETERS["GAMMA_Z"].value * u.GeV
M_TOP = PARAMETERS["M_TOP"].value * u.GeV
