"""The reproduction scorecard: every quantitative claim of the paper beside the book's value.

Each row is computed (nothing typed but the claim's wording); the verdict follows a stated rule:
'reproduced' when the book's value lies within the tolerance of the row, 'differs' otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from . import units as u
from .constants import MU_NU_GEMMA
from .cross_sections import cevns, magnetic_moment
from .experiments import MEASUREMENTS, Settings, get_experiment
from .model331 import SQRT3, sm_nucleon_couplings, weak_charge_ratio
from .nuclei import NUCLEI
from .published import PAPER, TABLE3_MASSES_GEV, TABLE3_ROWS

__all__ = ["Row", "scorecard", "TOLERANCE", "table3_row2_sw2"]

#: relative tolerance for 'reproduced' on a single published number (the paper quotes 2 digits)
TOLERANCE = 0.05


@dataclass(frozen=True)
class Row:
    """One claim: where, what, the paper's value, the book's value, the verdict and why."""

    where: str
    claim: str
    paper: str
    book: str
    verdict: str
    why: str


def _rel(book, paper):
    return abs(book / paper - 1.0)


def _verdict(ok: bool) -> str:
    return (
        "reproduced" if ok else "differs"
    )  # 'explained' is set where an identified change reproduces it


def table3_row2_sw2() -> float:
    """s_W^2 inside f(beta) that, with beta = -sqrt3 and the Z' term's sign reversed, best fits Table 3 row 2.

    Least squares in log N over the four entries at 0.5, 1, 2 and 5 TeV (the 3 TeV entry fits no
    1/M_Z'^2 shift), CsI efficiency without the analysis window (as row 1 requires).
    """
    from scipy.optimize import minimize_scalar

    csi = get_experiment("csi2017")
    masses = np.array(TABLE3_MASSES_GEV)
    row = np.array(TABLE3_ROWS["row2"])
    use = np.array([0, 1, 2, 4])
    base = Settings(csi_window="efficiency-only", zp_sign=-1)

    def cost(sw2: float) -> float:
        n = csi.n_model(-SQRT3, masses[use], base.with_(sw2=sw2))
        return float(np.sum(np.log(n / row[use]) ** 2))

    return float(
        minimize_scalar(cost, bounds=(0.20, 0.2499), method="bounded", options={"xatol": 1e-7}).x
    )


def scorecard() -> list[Row]:
    """All rows, in the order of the paper."""
    csi, lar = get_experiment("csi2017"), get_experiment("lar2020")
    ge, nai = get_experiment("ge-projection"), get_experiment("nai-projection")
    rows = []

    # --- abstract / Sec. IV: CsI bound for beta = -sqrt3
    p = PAPER["csi_bound_beta_minus_sqrt3_gev"].value
    b = csi.bound(-SQRT3).mzp_min
    rows.append(
        Row(
            "abstract, Fig. 5",
            "CsI 2017: M_Z' bound for beta = -sqrt3 (90% CL)",
            f"{p / 1e3:.1f} TeV",
            f"{b / 1e3:.2f} TeV",
            _verdict(_rel(b, p) < TOLERANCE),
            "needs s_W^2(0) inside f(beta); with s_W^2(M_Z) the bound drops by ~20%",
        )
    )

    # --- the second CsI bound
    p = PAPER["csi_bound_other_beta_gev"].value
    others = {
        k: csi.bound(v).mzp_min
        for k, v in (("-1/sqrt3", -1 / SQRT3), ("+1/sqrt3", 1 / SQRT3), ("+sqrt3", SQRT3))
    }
    best = max(others, key=others.get)
    rows.append(
        Row(
            "Sec. IV",
            "CsI 2017: bound for the second beta (label lost)",
            f"{p:.0f} GeV",
            f"{others[best]:.0f} GeV (beta = {best}, the largest)",
            _verdict(_rel(others[best], p) < TOLERANCE),
            "no benchmark beta gives 400 GeV with Eq. 60; the paper's inputs for it are lost",
        )
    )

    # --- abstract: LAr, Ge, NaI in [2, 3.1] TeV
    lo, hi = PAPER["future_bounds_low_gev"].value, PAPER["future_bounds_high_gev"].value
    for label, exp, why in (
        ("Ge projection", ge, "sigma_xi = 10%, B_ss = N_SM (the paper's values are lost)"),
        (
            "NaI projection (2000 kg)",
            nai,
            "sigma_xi = 10%, B_ss = N_SM (the paper's values are lost)",
        ),
        (
            "LAr 2020",
            lar,
            "20 keVnr threshold gives N_SM below N_meas: the SM sits outside "
            "the 90% region and the data prefer a Z'",
        ),
    ):
        m = exp.bound(-SQRT3).mzp_min
        rows.append(
            Row(
                "abstract",
                f"{label}: M_Z' bound for beta = -sqrt3",
                f"[{lo / 1e3:.0f}, {hi / 1e3:.1f}] TeV",
                f"{m / 1e3:.2f} TeV",
                _verdict(lo <= m <= hi),
                why,
            )
        )

    # --- Table 2: the detector inputs the book uses
    from .detectors import DETECTOR_INPUTS
    from .published import TABLE2

    pairs = {
        "CsI[Na]": "csi2017",
        "Ge": "ge-projection",
        "LAr": "lar2020",
        "NaI[Tl]": "nai-projection",
    }
    mismatched = []
    for label, name in pairs.items():
        _, baseline, days, _, threshold = TABLE2[label]
        inp = DETECTOR_INPUTS[name]
        for key, val in (
            ("baseline_m", baseline),
            ("exposure_days", days),
            ("t_threshold", threshold),
        ):
            if inp[key].value != val:
                mismatched.append(f"{label} {key}")
    rows.append(
        Row(
            "Table 2",
            "detector masses, baselines, exposures, thresholds",
            "as tabulated",
            "used as tabulated" if not mismatched else "differs: " + ", ".join(mismatched),
            _verdict(not mismatched),
            "the CsI threshold is applied as the 'table2' window; the default is COHERENT's 6-30 PE; "
            "LAr uses the release's POT rather than 365 days",
        )
    )

    # --- Table 3
    masses = np.array(TABLE3_MASSES_GEV)
    eff_only = Settings(csi_window="efficiency-only")
    r1 = cast(np.ndarray, csi.n_model(-1 / SQRT3, masses, eff_only))
    dev1 = np.max(np.abs(r1 / np.array(TABLE3_ROWS["row1"]) - 1))
    rows.append(
        Row(
            "Table 3, row 1",
            "N events at M_Z' = 0.5, 1, 2, 3, 5 TeV",
            " ".join(f"{v:.0f}" for v in TABLE3_ROWS["row1"]),
            " ".join(f"{v:.0f}" for v in r1),
            _verdict(dev1 < TOLERANCE),
            f"beta = -1/sqrt3, CsI efficiency without the 6-30 PE window; max deviation {100 * dev1:.1f}%",
        )
    )
    row2 = np.array(TABLE3_ROWS["row2"])
    r2 = cast(np.ndarray, csi.n_model(-SQRT3, masses, eff_only))
    sw2_fit = table3_row2_sw2()
    r2_flip = cast(np.ndarray, csi.n_model(-SQRT3, masses, eff_only.with_(zp_sign=-1, sw2=sw2_fit)))
    dev2 = np.abs(r2_flip / row2 - 1)
    n_ok = int(np.sum(dev2 < 0.01))
    rows.append(
        Row(
            "Table 3, row 2",
            "N events at M_Z' = 0.5, 1, 2, 3, 5 TeV",
            " ".join(f"{v:.0f}" for v in row2),
            " ".join(f"{v:.0f}" for v in r2)
            + " (derived); "
            + " ".join(f"{v:.0f}" for v in r2_flip)
            + f" (Z' term sign reversed, s_W^2 = {sw2_fit:.4f} in f)",
            "explained" if n_ok >= 4 else "differs",
            f"beta = -sqrt3 needs the opposite sign of the Z' term; with it and a fitted s_W^2, {n_ok} of 5 "
            "entries agree within 1%; the 3 TeV entry (181) fits no 1/M_Z'^2 shift",
        )
    )

    # --- SM prediction vs COHERENT
    pub = MEASUREMENTS["csi2017"]["n_sm_published"]
    n_sm = float(csi.n_sm())
    rows.append(
        Row(
            "Sec. III (COHERENT)",
            "CsI 2017 SM prediction",
            f"{pub.value:.0f} +- {pub.uncertainty:.0f}",
            f"{n_sm:.0f}",
            _verdict(abs(n_sm - pub.value) < pub.uncertainty),
            "6-30 PE window; 169 (T >= 6.5 keVnr) to 188 (no window) with the other choices",
        )
    )
    chi2_sm = float(csi.chi2(n_sm))
    rows.append(
        Row(
            "Sec. I",
            "CsI data agree with the SM at 1 sigma",
            "chi^2_SM < 1",
            f"chi^2_SM = {chi2_sm:.2f}",
            _verdict(chi2_sm < 1.0),
            "Eq. 60 with the SM prediction",
        )
    )

    # --- Fig. 1 statements
    ratios = {
        k: float(weak_charge_ratio(v, 1000.0, 55, 78))
        for k, v in (
            ("-sqrt3", -SQRT3),
            ("-1/sqrt3", -1 / SQRT3),
            ("+1/sqrt3", 1 / SQRT3),
            ("+sqrt3", SQRT3),
        )
    }
    same_sign_as_beta = all(
        (r - 1) * (1 if k.startswith("+") else -1) > 0 for k, r in ratios.items()
    )
    rows.append(
        Row(
            "Fig. 1",
            "the correction Delta Q_W has the same sign as beta",
            "yes",
            ", ".join(f"{k}: {r - 1:+.3f}" for k, r in ratios.items()) + " (Cs, 1 TeV)",
            _verdict(same_sign_as_beta),
            "the derived Z' term raises |Q_W| for every benchmark beta",
        )
    )
    r_heavy = max(
        abs(float(weak_charge_ratio(v, 1e4, 55, 78)) - 1)
        for v in (-SQRT3, -1 / SQRT3, 1 / SQRT3, SQRT3)
    )
    rows.append(
        Row(
            "Fig. 1",
            "Q_W^331 -> Q_W^SM for heavy Z'",
            "yes",
            f"max |ratio - 1| = {r_heavy:.3f} at 10 TeV",
            _verdict(r_heavy < 0.05),
            "decoupling as (M_Z/M_Z')^2",
        )
    )

    # --- Fig. 3: magnetic moment negligible
    cs = NUCLEI["Cs133"]
    gp, gn = sm_nucleon_couplings()
    t, e = 10 * u.keV, 30 * u.MeV
    ratio = float(cevns(t, e, cs, gp, gn) / magnetic_moment(t, e, cs, MU_NU_GEMMA))
    rows.append(
        Row(
            "Fig. 3",
            "weak >> magnetic-moment cross section (mu_nu at the GEMMA limit)",
            "orders of magnitude",
            f"ratio {ratio:.0f} at T = 10 keV, E = 30 MeV",
            _verdict(ratio > 100),
            "Eqs. 50 and 52",
        )
    )
    return rows
