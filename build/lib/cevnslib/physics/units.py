"""Natural units with GeV = 1 (and hbar = c = 1).

Multiply by a unit to enter the internal system, divide to leave it::

    >>> from cevnslib.physics import units as u
    >>> round(10 * u.keV / u.MeV, 6)      # 10 keV expressed in MeV
    0.01
    >>> round(1 * u.fm * u.GeV, 4)         # 1 fm in GeV^-1
    5.0677

Everything is derived from the exact SI constants (2019 redefinition) plus hbar*c.
"""

from __future__ import annotations

__all__ = [
    "GeV",
    "MeV",
    "keV",
    "eV",
    "TeV",
    "fm",
    "cm",
    "m",
    "barn",
    "kg",
    "gram",
    "s",
    "day",
    "year",
    "HBARC_GEV_FM",
    "HBAR_GEV_S",
]

# --- energy -----------------------------------------------------------------
GeV = 1.0
TeV = 1.0e3 * GeV
MeV = 1.0e-3 * GeV
keV = 1.0e-6 * GeV
eV = 1.0e-9 * GeV

# --- exact SI inputs ----------------------------------------------------------
_ELEMENTARY_CHARGE_C = 1.602176634e-19  # exact (SI 2019)
_SPEED_OF_LIGHT_M_PER_S = 299792458.0  # exact (SI 2019)
_PLANCK_J_S = 6.62607015e-34  # exact (SI 2019)
_JOULE_PER_GEV = _ELEMENTARY_CHARGE_C * 1.0e9
HBAR_GEV_S = _PLANCK_J_S / (2.0 * 3.141592653589793) / _JOULE_PER_GEV  # 6.582119569e-25 GeV s
HBARC_GEV_FM = HBAR_GEV_S * _SPEED_OF_LIGHT_M_PER_S * 1.0e15  # 0.1973269804 GeV fm

# --- length and area (GeV^-1, GeV^-2) --------------------------------------------
fm = 1.0 / HBARC_GEV_FM
m = 1.0e15 * fm
cm = 1.0e-2 * m
barn = 1.0e-24 * cm**2

# --- mass (E = m c^2) and time ----------------------------------------------------
kg = _SPEED_OF_LIGHT_M_PER_S**2 / _JOULE_PER_GEV
gram = 1.0e-3 * kg
s = 1.0 / HBAR_GEV_S
day = 86400.0 * s
year = 365.25 * day
