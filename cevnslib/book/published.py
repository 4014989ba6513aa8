"""What the paper (Binh2021) states, as data: one home for every published number the book checks.

Values that the paper's surviving text lost are ``None``.  The scorecard chapter puts each next to
the book's value; tests pin the ones the book reproduces.
"""

from __future__ import annotations

from ..physics.constants import Parameter

__all__ = ["PAPER", "TABLE3_MASSES_GEV", "TABLE3_ROWS", "TABLE2", "OTHER_BOUNDS"]

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


#: Other bounds on the 331 Z' for the discussion (quoted from the literature, not re-derived).
#: ``betas`` lists the benchmark keys the bound applies to (None: quoted as generic for 3-3-1 models).
OTHER_BOUNDS = {
    "LHC dilepton (139/fb)": (
        Parameter(
            4000.0,
            0.0,
            "GeV",
            "Alves:2022hcp",
            "M_Z' > ~4 TeV in the most constraining 3-3-1 benchmarks",
        ),
        None,
    ),
    "APV + Q_weak(p)": (
        Parameter(
            1270.0,
            0.0,
            "GeV",
            "Long2019",
            "lowest APV / proton weak-charge bound; β = ±√3 disfavoured",
        ),
        None,
    ),
    "FCNC (B_d, B_s mixing)": (
        Parameter(1000.0, 0.0, "GeV", "Buras:2012jb", "~1 TeV for suitable quark mixing"),
        None,
    ),
    "LEP-II": (
        Parameter(
            float("inf"),
            0.0,
            "GeV",
            "Buras:2013dea",
            "excludes beta = -sqrt3 in Buras' convention (quoted; convention to be mapped)",
        ),
        ("-sqrt3",),
    ),
}
