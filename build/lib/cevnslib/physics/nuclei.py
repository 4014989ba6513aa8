"""Target nuclei: proton and neutron numbers, nuclear masses, and natural isotopic compositions.

Nuclear mass = atomic mass (AME2020, Wang2021) x m_u - Z m_e (electron binding neglected, < 1e-7).

>>> n = NUCLEI["Cs133"]; (n.Z, n.N, n.A)
(55, 78, 133)
>>> round(n.mass / 1.0, 3)   # GeV
123.773
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from .constants import ATOMIC_MASS_UNIT, M_E, Parameter

__all__ = [
    "Nucleus",
    "NUCLEI",
    "ATOMIC_MASSES",
    "ISOTOPIC_ABUNDANCE",
    "MOLAR_MASSES",
    "nucleus",
    "NUCLEAR_SPIN",
    "SPIN_EXPECTATION",
]

#: atomic masses in u (AME2020)
ATOMIC_MASSES = {
    "Cs133": Parameter(132.905451961, 8e-9, "u", "Wang2021", "AME2020 atomic mass"),
    "I127": Parameter(126.904471, 4e-6, "u", "Wang2021", "AME2020 atomic mass"),
    "Na23": Parameter(22.98976928, 2e-9, "u", "Wang2021", "AME2020 atomic mass"),
    "Ar40": Parameter(39.9623831237, 2.4e-9, "u", "Wang2021", "AME2020 atomic mass"),
    "Ge70": Parameter(69.92424875, 9e-8, "u", "Wang2021", "AME2020 atomic mass"),
    "Ge72": Parameter(71.922075826, 8e-8, "u", "Wang2021", "AME2020 atomic mass"),
    "Ge73": Parameter(72.923458956, 6e-8, "u", "Wang2021", "AME2020 atomic mass"),
    "Ge74": Parameter(73.921177761, 1.3e-8, "u", "Wang2021", "AME2020 atomic mass"),
    "Ge76": Parameter(75.921402726, 1.9e-8, "u", "Wang2021", "AME2020 atomic mass"),
    "Xe128": Parameter(127.903531, 1.1e-6, "u", "Wang2021", "AME2020 atomic mass"),
    "Xe129": Parameter(128.9047808611, 6e-9, "u", "Wang2021", "AME2020 atomic mass"),
    "Xe130": Parameter(129.903509, 1.1e-6, "u", "Wang2021", "AME2020 atomic mass"),
    "Xe131": Parameter(130.90508406, 2.4e-8, "u", "Wang2021", "AME2020 atomic mass"),
    "Xe132": Parameter(131.9041550856, 5.6e-9, "u", "Wang2021", "AME2020 atomic mass"),
    "Xe134": Parameter(133.90539466, 9e-9, "u", "Wang2021", "AME2020 atomic mass"),
    "Xe136": Parameter(135.907214484, 1.1e-8, "u", "Wang2021", "AME2020 atomic mass"),
}
#: natural isotopic abundances (mole fractions, IUPAC 2013, Meija2016); Ar is taken as pure Ar-40 (99.6%)
ISOTOPIC_ABUNDANCE = {
    "Ge": {"Ge70": 0.2057, "Ge72": 0.2745, "Ge73": 0.0775, "Ge74": 0.3650, "Ge76": 0.0773},
    "Xe": {
        "Xe128": 0.0191,
        "Xe129": 0.264,
        "Xe130": 0.0407,
        "Xe131": 0.212,
        "Xe132": 0.269,
        "Xe134": 0.104,
        "Xe136": 0.0886,
    },  # Xe124, Xe126 (0.2%) omitted
}
#: molar masses of the target compounds in g/mol (IUPAC standard atomic weights, Meija2016)
MOLAR_MASSES = {
    "CsI": Parameter(259.81, 0.01, "g/mol", "Meija2016", "132.905 + 126.904"),
    "NaI": Parameter(149.89, 0.01, "g/mol", "Meija2016", "22.990 + 126.904"),
    "Ar": Parameter(39.948, 0.001, "g/mol", "Meija2016", "standard atomic weight of Ar"),
    "Ge": Parameter(72.630, 0.008, "g/mol", "Meija2016", "standard atomic weight of Ge"),
    "Xe": Parameter(131.293, 0.006, "g/mol", "Meija2016", "standard atomic weight of Xe"),
}

#: ground-state spins J of the odd-A target nuclei (ENSDF)
NUCLEAR_SPIN = {"Cs133": 3.5, "I127": 2.5}
#: proton and neutron spin expectation values <S_p>, <S_n> of the ground state (shell model, q = 0).
#: I-127: Bonn-A interaction (Ressell1997); Cs-133: Toivanen2009.  uncertain: model values, spread between
#: interactions ~20-30% (Ressell1997 Nijmegen II gives 0.354, 0.064 for I-127).
SPIN_EXPECTATION = {
    "Cs133": {
        "S_p": Parameter(
            -0.370, 0.0, "1", "Toivanen2009", "<S_p> of 133Cs, shell model (model value)"
        ),
        "S_n": Parameter(
            0.003, 0.0, "1", "Toivanen2009", "<S_n> of 133Cs, shell model (model value)"
        ),
    },
    "I127": {
        "S_p": Parameter(0.309, 0.0, "1", "Ressell1997", "<S_p> of 127I, Bonn A (model value)"),
        "S_n": Parameter(0.075, 0.0, "1", "Ressell1997", "<S_n> of 127I, Bonn A (model value)"),
    },
}

_Z = {"Cs": 55, "I": 53, "Na": 11, "Ar": 18, "Ge": 32, "Xe": 54}


@dataclass(frozen=True)
class Nucleus:
    """A nucleus: symbol (e.g. 'Cs133'), proton number Z, neutron number N and mass [GeV]."""

    name: str
    Z: int
    N: int
    mass: float

    @property
    def A(self) -> int:
        return self.Z + self.N


def nucleus(name: str) -> Nucleus:
    """Build a :class:`Nucleus` from an isotope symbol such as 'Ar40'."""
    if name not in ATOMIC_MASSES:
        raise InputError(f"nucleus = {name!r} is not known; allowed: {', '.join(ATOMIC_MASSES)}")
    element = name.rstrip("0123456789")
    a = int(name[len(element) :])
    z = _Z[element]
    return Nucleus(name, z, a - z, ATOMIC_MASSES[name].value * ATOMIC_MASS_UNIT - z * M_E)


NUCLEI = {name: nucleus(name) for name in ATOMIC_MASSES}
