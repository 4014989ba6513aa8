"""What the paper (Binh2021) states, as data: one home for every published number the book checks.

Values that the paper's surviving text lost are ``None``.  The scorecard chapter puts each next to
the book's value; tests pin the ones the book reproduces.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..physics.constants import Parameter

__all__ = ["PAPER", "TABLE3_MASSES_GEV", "TABLE3_ROWS", "TABLE2", "OTHER_BOUNDS", "OtherBound"]

PAPER = {
    "csi_bound_beta_minus_sqrt3_gev": Parameter(
        1400.0,
        0.0,
        "GeV",
        "Binh2021",
        "abstract and Sec. IV: M_Z' >= 1.4 TeV for beta = -sqrt3 (CsI, 90% CL)",
    ),
    "csi_bound_other_beta_gev": Parameter(
        400.0, 0.0, "GeV", "Binh2021", "Sec. IV: '400 GeV for [beta lost]' (CsI, 90% CL)"
    ),
    "future_bounds_low_gev": Parameter(
        2000.0, 0.0, "GeV", "Binh2021", "abstract: LAr, Ge, NaI give M_Z' >= [2, 3.1] TeV"
    ),
    "future_bounds_high_gev": Parameter(
        3100.0, 0.0, "GeV", "Binh2021", "abstract: LAr, Ge, NaI give M_Z' >= [2, 3.1] TeV"
    ),
}

#: Table 3: the surviving column label is 5000 GeV; the other four are inferred (500, 1000, 2000, 3000 GeV)
#: from row 1, which the book reproduces at these masses (chapter on event rates).
TABLE3_MASSES_GEV = (500.0, 1000.0, 2000.0, 3000.0, 5000.0)
TABLE3_ROWS = {
    "row1": (222.0, 196.0, 190.0, 189.0, 188.0),
    "row2": (411.0, 27.0, 134.0, 181.0, 179.0),
}

#: Table 2 (legible in the text): mass [kg], baseline [m], exposure [d], efficiency, threshold [keVnr]
TABLE2 = {
    "CsI[Na]": (14.6, 19.3, 308.1, "2018 data release", 6.5),
    "Ge": (10.0, 22.0, 365.0, "50%", 5.0),
    "LAr": (24.0, 27.5, 365.0, "COHERENT", 20.0),
    "NaI[Tl]": ("185 / 2000", 28.0, 365.0, "50%", 13.0),
}


@dataclass(frozen=True)
class OtherBound:
    """A bound on the 331 Z' from outside CEvNS, with what it assumes and where it applies.

    ``bound``: the quoted lower bound on M_Z' (a :class:`Parameter`; NaN when it is a function of
    beta, see ``per_beta``); ``betas``: the benchmark keys of
    :data:`cevnslib.physics.model331.BENCHMARK_BETAS` it applies to (``()``: to no single beta of
    the book's family, e.g. a model-specific benchmark); ``per_beta``: name of the function of
    :mod:`cevnslib.book.beyond` that gives it for any beta (or ''); ``assumes``: what must hold for
    it to apply; ``kind``: 'per-beta', 'benchmark' or 'mixing-dependent'.

    Iterating gives ``(bound, betas)``, the shape of the former ``(Parameter, betas)`` tuples.
    """

    bound: Parameter
    betas: tuple[str, ...]
    assumes: str
    kind: str
    per_beta: str = ""

    def __iter__(self) -> Iterator[Any]:
        return iter((self.bound, self.betas))

    def applies_to(self, beta_key: str) -> bool:
        """True if the bound may be drawn at the benchmark ``beta_key`` (e.g. '-sqrt3')."""
        return bool(self.per_beta) or beta_key in self.betas


#: Other bounds on the 331 Z' for the discussion.  Quoted bounds are not
#: re-derived; the LEP-II one is computed per beta (:func:`cevnslib.book.beyond.lep2_bound`).
OTHER_BOUNDS = {
    "LHC dilepton (139/fb)": OtherBound(
        Parameter(
            4000.0,
            0.0,
            "GeV",
            "Alves:2022hcp",
            "M_Z' > ~4 TeV in the most constraining 3-3-1 benchmarks",
        ),
        (),
        "specific benchmark models in the lepton-triplet convention, with their exotic-fermion and "
        "Z' width assumptions; not a function of beta of the book's family, so drawn at no beta",
        "benchmark",
    ),
    "APV + Q_weak(p)": OtherBound(
        Parameter(
            1270.0,
            0.0,
            "GeV",
            "Long2019",
            "lowest APV / proton weak-charge bound; β = ±√3 disfavoured",
        ),
        (),
        "model-dependent: weak-charge shifts with the Z-Z' mixing and quark assignments of "
        "Long2019; 1.27 TeV is the lowest of their model bounds, beta = +-sqrt3 disfavoured; not "
        "mapped onto the book's beta family, so drawn at no beta",
        "benchmark",
    ),
    "FCNC (B_d, B_s mixing)": OtherBound(
        Parameter(1000.0, 0.0, "GeV", "Buras:2012jb", "~1 TeV for suitable quark mixing"),
        (),
        "constrains the mixing-weighted couplings |v_3i v_3j^*|^2 / M_Z'^2, not M_Z' alone: "
        "no mass bound without a choice of the quark mixing matrix",
        "mixing-dependent",
    ),
    "LEP-II": OtherBound(
        Parameter(
            float("nan"),
            0.0,
            "GeV",
            "LEP:2013ewwg",
            "per beta from e+e- -> l+l- contact limits; beta = -sqrt3 excluded (Buras:2013dea)",
        ),
        ("-sqrt3", "-1/sqrt3", "+1/sqrt3", "+sqrt3"),
        "lepton universality (leptons in antitriplets, the book's convention = Buras:2013dea); "
        "strongest single contact-interaction model, no Z-Z' mixing",
        "per-beta",
        "lep2_bound",
    ),
}
