"""The reproduction scorecard: every quantitative claim of the paper beside the book's value.

Each row is computed (nothing typed but the claim's wording); the verdict follows a stated rule
(:data:`VERDICTS`): 'reproduced' when the book's value lies within the tolerance of the row with the
paper's own inputs; 'consistent (inputs or labels lost)' when it does so only with inputs or labels
the book had to choose because the paper's text lost them; 'not checkable' when the claim lost what
it is compared with; 'differs' otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from ..experiments.detectors import DETECTOR_INPUTS
from ..experiments.registry import MEASUREMENTS, Settings, get_experiment
from ..physics import units as u
from ..physics.constants import MU_NU_GEMMA, SW2_MZ
from ..physics.cross_sections import cevns, magnetic_moment
from ..physics.model331 import SQRT3, sm_nucleon_couplings, weak_charge_ratio
from ..physics.nuclei import NUCLEI
from .published import PAPER, TABLE2, TABLE3_MASSES_GEV, TABLE3_ROWS

__all__ = [
    "Row",
    "scorecard",
    "TOLERANCE",
    "table3_row2_sw2",
    "VERDICTS",
    "BENCHMARK_SET",
    "second_bound_candidates",
    "table3_row1_fits",
    "VERDICT_SYMBOLS",
    "as_math",
    "scorecard_layout",
]

#: the verdicts a row can carry
VERDICTS = (
    "reproduced",
    "consistent (inputs or labels lost)",
    "explained",
    "not checkable",
    "differs",
)
CONSISTENT = VERDICTS[1]
NOT_CHECKABLE = VERDICTS[3]
#: the benchmark set beta = +-n/sqrt3, n = 1, 2, 3, tested before a lost-label claim is called unreproduced
BENCHMARK_SET = {
    ("+" if n > 0 else "-") + {1: "1/", 2: "2/", 3: ""}[abs(n)] + "sqrt3": n / SQRT3
    for n in (-3, -2, -1, 1, 2, 3)
}

#: relative tolerance for 'reproduced' on a single published number (the paper quotes 2 digits)
TOLERANCE = 0.05
#: agreement required of an 'explained' row (Table 3 row 2 after the identified changes)
ROW2_TOLERANCE = 0.01


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


def second_bound_candidates(tolerance: float = TOLERANCE) -> dict[str, float]:
    """CsI 2017 bounds [GeV] for every beta of :data:`BENCHMARK_SET` within ``tolerance`` of the paper's '400 GeV'."""
    csi = get_experiment("csi2017")
    p = PAPER["csi_bound_other_beta_gev"].value
    out = {k: csi.bound(b).mzp_min for k, b in BENCHMARK_SET.items()}
    return {k: v for k, v in out.items() if _rel(v, p) < tolerance}


def table3_row1_fits(tolerance: float = TOLERANCE) -> dict[str, tuple[float, float]]:
    """Which betas of :data:`BENCHMARK_SET` reproduce Table 3 row 1 if the four lost mass labels scale.

    Only the 5 TeV label survives; the other four are inferred from these rows.  For each beta (quark
    generations 1, 2 in triplets, CsI efficiency without the window) the labels are scaled by a common
    factor k fitted in log N; returns {beta label: (k, max relative deviation)} for the betas within
    ``tolerance``.  The 5 TeV entry is within 1 event of the SM for every k found, so it cannot decide.
    """
    from scipy.optimize import minimize_scalar

    csi = get_experiment("csi2017")
    masses = np.array(TABLE3_MASSES_GEV)
    row = np.array(TABLE3_ROWS["row1"])
    eff_only = Settings(csi_window="efficiency-only")
    out = {}
    for key, b in BENCHMARK_SET.items():

        def cost(lnk: float, b: float = b) -> float:
            n = csi.n_model(b, masses[:-1] * np.exp(lnk), eff_only)
            return float(np.sum(np.log(n / row[:-1]) ** 2))

        lnk = minimize_scalar(cost, bounds=(-3.0, 3.0), method="bounded").x
        scaled = np.append(masses[:-1] * np.exp(lnk), masses[-1])
        dev = float(np.max(np.abs(csi.n_model(b, scaled, eff_only) / row - 1)))
        if dev < tolerance:
            out[key] = (float(np.exp(lnk)), dev)
    return out


#: ASCII notation of the row texts -> TeX for the page (``$...$`` is typeset by the book's tables)
_MATH = (
    (r"\(M_Z/M_Z'\)\^2", r"$(M_Z/M_{Z'})^2$"),
    (r"1/M_Z'\^2", r"$1/M_{Z'}^2$"),
    (r"M_Z'", r"$M_{Z'}$"),
    (r"s_W\^2\((0|M_Z)\)", r"$s_W^2(\1)$"),
    (r"s_W\^2", r"$s_W^2$"),
    (r"chi\^2_SM", r"$\\chi^2_\\mathrm{SM}$"),
    (r"Q_W\^331 -> Q_W\^SM", r"$Q_W^{331} \\to Q_W^\\mathrm{SM}$"),
    (r"Delta Q_W", r"$\\Delta Q_W$"),
    (r"\|Q_W\|", r"$|Q_W|$"),
    (r"Z' term", "Z′ term"),
    (r"heavy Z'", "heavy Z′"),
    (r"prefer a Z'", "prefer a Z′"),
    (r"mu_nu", r"$\\mu_\\nu$"),
    (r"f\(beta\)", r"$f(\\beta)$"),
    (r"\+-", "±"),
    (r"beta = ([+-]?)(\d/)?sqrt3", r"$\\beta = \1\2\\sqrt{3}$"),
    (r"(?<![\w$])([+-])(\d/)?sqrt3", r"$\\beta = \1\2\\sqrt{3}$"),
    (r"(?<![\w$])([+±-]?)(\d|n)/sqrt3", r"$\1\2/\\sqrt{3}$"),
    (r"\bbeta\b", "β"),
    (r"sigma_xi", r"$\\sigma_\\xi$"),
    (r"B_ss", r"$B_\\mathrm{ss}$"),
    (r"N_(SM|meas)", r"$N_\\mathrm{\1}$"),
    (r" >= ", " ≥ "),
    (r"\+-", "±"),
    (r" >> ", " ≫ "),
    (r"Z-Z'", "Z–Z′"),
    (r"Z'", "Z′"),
    (r"1 sigma", "1σ"),
    (r"(\d)-(\d)", "\\1–\\2"),
)


def as_math(text: str) -> str:
    """A row text with its ASCII notation written as TeX (``beta = -sqrt3`` -> ``$\\beta = -\\sqrt{3}$``).

    >>> print(as_math("CsI 2017: M_Z' bound for beta = -sqrt3 (90% CL)"))
    CsI 2017: $M_{Z'}$ bound for $\\beta = -\\sqrt{3}$ (90% CL)
    """
    import re

    for pattern, repl in _MATH:  # each rule acts on the text outside math written so far
        parts = re.split(r"(\$[^$]*\$)", text)
        text = "".join(p if p.startswith("$") else re.sub(pattern, repl, p) for p in parts)
    return text


def scorecard() -> list[Row]:
    """All rows, in the order of the paper; texts use TeX math (``$...$``, see :func:`as_math`)."""
    return [
        Row(*(as_math(getattr(r, f)) if f != "verdict" else r.verdict for f in Row.__annotations__))
        for r in _scorecard_ascii()
    ]


def _scorecard_ascii() -> list[Row]:
    """All rows with ASCII notation."""
    csi, lar = get_experiment("csi2017"), get_experiment("lar2020")
    ge, nai = get_experiment("ge-projection"), get_experiment("nai-projection")
    rows = []

    # --- abstract / Sec. IV: CsI bound for beta = -sqrt3
    p = PAPER["csi_bound_beta_minus_sqrt3_gev"].value
    b = csi.bound(-SQRT3).mzp_min
    b_mz = csi.bound(-SQRT3, Settings(sw2=SW2_MZ)).mzp_min
    rows.append(
        Row(
            "abstract, Fig. 5",
            "CsI 2017: M_Z' bound for beta = -sqrt3 (90% CL)",
            f"{p / 1e3:.1f} TeV",
            f"{b / 1e3:.2f} TeV",
            _verdict(_rel(b, p) < TOLERANCE),
            f"needs s_W^2(0) inside f(beta); with s_W^2(M_Z) it is {b_mz / 1e3:.2f} TeV "
            f"({100 * (b_mz / b - 1):+.0f}%)",
        )
    )

    # --- the second CsI bound: test the whole benchmark set before calling it unreproduced
    p = PAPER["csi_bound_other_beta_gev"].value
    others = {k: csi.bound(v).mzp_min for k, v in BENCHMARK_SET.items()}
    fits = second_bound_candidates()
    rows.append(
        Row(
            "Sec. IV",
            "CsI 2017: bound for the second beta (label lost)",
            f"{p:.0f} GeV",
            ", ".join(f"{k}: {v:.0f}" for k, v in others.items()) + " GeV",
            CONSISTENT if fits else "differs",
            (
                "the beta label is lost; among beta = +-n/sqrt3 (n = 1, 2, 3) "
                + ", ".join(f"beta = {k} gives {v:.0f} GeV" for k, v in fits.items())
                + f" (within {100 * TOLERANCE:.0f}%)"
                if fits
                else f"no beta = +-n/sqrt3 gives {p:.0f} GeV within {100 * TOLERANCE:.0f}%"
            ),
        )
    )

    # --- abstract: LAr, Ge, NaI in [2, 3.1] TeV
    lo, hi = PAPER["future_bounds_low_gev"].value, PAPER["future_bounds_high_gev"].value
    proj_why = (
        f"sigma_xi = {100 * ge.value('sigma_xi'):.0f}%, B_ss = {ge.value('b_over_s'):g} N_SM "
        "(the paper's values are lost)"
    )
    lar_thr = DETECTOR_INPUTS["lar2020"]["t_threshold"].value
    lar_pub = MEASUREMENTS["lar2020"]["n_sm_published"]
    lar_paper = Settings(lar_window="table2", lar_stat="paper", lar_time_window="all")
    lar_default = lar.bound(-SQRT3)
    pe_window = f"{DETECTOR_INPUTS['csi2017']['pe_min'].value:g}-{DETECTOR_INPUTS['csi2017']['pe_max'].value:g}"
    table3_claim = (
        "N events at M_Z' = " + ", ".join(f"{m / 1e3:g}" for m in TABLE3_MASSES_GEV) + " TeV"
    )
    for label, exp, why in (
        ("Ge projection", ge, proj_why),
        (
            f"NaI projection ({DETECTOR_INPUTS['nai-projection']['mass_kg'].value:g} kg)",
            nai,
            proj_why,
        ),
        (
            "LAr 2020",
            lar,
            f"the release acceptance alone, counted in COHERENT's arrival-time window "
            f"(-0.1 to 4.9 μs), gives N_SM = {float(lar.n_sm()):.0f} (COHERENT: "
            f"{lar_pub.value:.0f} +- {lar_pub.uncertainty:.0f}) against N_meas = "
            f"{lar.value('n_meas'):.0f}, SM {'outside' if lar_default.sm_excluded else 'inside'} "
            f"the 90% region; the paper's extra {lar_thr:.0f} keVnr cut at every arrival time (N_SM = "
            f"{float(lar.n_sm(lar_paper)):.0f}) with Eq. 61 as printed puts the SM "
            f"{'outside' if lar.bound(-SQRT3, lar_paper).sm_excluded else 'inside'}",
        ),
    ):
        m = exp.bound(-SQRT3).mzp_min
        if exp is lar:  # the paper's LAr numbers are lost: [2, 3.1] TeV belongs to Ge and NaI
            verdict = NOT_CHECKABLE
            why = (
                "the paper's LAr numbers are lost; the range [2, 3.1] TeV of the abstract belongs to "
                "the Ge and NaI projections. " + why[0].upper() + why[1:]
            )
        else:  # projections: consistent at best, with inputs the book chose
            verdict = CONSISTENT if lo <= m <= hi else "differs"
        rows.append(
            Row(
                "abstract",
                f"{label}: M_Z' bound for beta = -sqrt3",
                f"[{lo / 1e3:.0f}, {hi / 1e3:.1f}] TeV",
                f"{m / 1e3:.2f} TeV",
                verdict,
                why,
            )
        )

    # --- Table 2: the detector inputs the book uses
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
            f"the CsI threshold is applied as the 'table2' window; the default is COHERENT's {pe_window} PE; "
            "the LAr threshold only as the 'table2' LAr window (the release acceptance already "
            "contains it); LAr uses the release's POT rather than 365 days",
        )
    )

    # --- Table 3: four of the five mass labels are lost and inferred from these same rows
    masses = np.array(TABLE3_MASSES_GEV)
    eff_only = Settings(csi_window="efficiency-only")
    r1 = cast(np.ndarray, csi.n_model(-1 / SQRT3, masses, eff_only))
    dev1 = np.max(np.abs(r1 / np.array(TABLE3_ROWS["row1"]) - 1))
    row1_fits = table3_row1_fits()
    lost = f"only the {masses[-1] / 1e3:g} TeV label survives; the other four are inferred from these rows"
    rows.append(
        Row(
            "Table 3, row 1",
            table3_claim,
            " ".join(f"{v:.0f}" for v in TABLE3_ROWS["row1"]),
            " ".join(f"{v:.0f}" for v in r1) + " (beta = -1/sqrt3)",
            CONSISTENT if dev1 < TOLERANCE else "differs",
            f"{lost}; beta = -1/sqrt3, CsI efficiency without the {pe_window} PE window, max deviation "
            f"{100 * dev1:.1f}%; beta is not unique: with the inferred labels scaled by k, "
            + ", ".join(f"{k} (k = {v[0]:.2f})" for k, v in row1_fits.items())
            + f" fit within {100 * TOLERANCE:.0f}%",
        )
    )
    row2 = np.array(TABLE3_ROWS["row2"])
    n_sm_eff = float(csi.n_sm(eff_only))
    r2 = cast(np.ndarray, csi.n_model(-SQRT3, masses, eff_only))
    r2_anti = cast(
        np.ndarray, csi.n_model(-SQRT3, masses, eff_only.with_(generation1="antitriplet"))
    )
    row1_above = bool(np.all(np.array(TABLE3_ROWS["row1"])[:-1] > n_sm_eff))
    row2_below = bool(np.any(row2 < n_sm_eff))
    rows.append(
        Row(
            "Table 3, row 2",
            table3_claim,
            " ".join(f"{v:.0f}" for v in row2),
            " ".join(f"{v:.0f}" for v in r2)
            + " (beta = -sqrt3, generations 1, 2 in triplets); "
            + " ".join(f"{v:.0f}" for v in r2_anti)
            + " (generation 1 in the antitriplet)",
            "differs" if (row1_above and row2_below) else CONSISTENT,
            f"{lost}. Row 1 lies above the SM ({n_sm_eff:.0f} events: constructive interference), row 2 "
            f"falls to {row2.min():.0f} (destructive). Without Z-Z' mixing the sign is fixed by the quark "
            "assignment for every beta: constructive with generations 1, 2 in triplets, destructive with "
            "generation 1 in the antitriplet; no single assignment gives both rows",
        )
    )

    # --- SM prediction vs COHERENT
    pub = MEASUREMENTS["csi2017"]["n_sm_published"]
    n_sm = float(csi.n_sm())
    n_t2 = float(csi.n_sm(Settings(csi_window="table2")))
    n_eff = float(csi.n_sm(eff_only))
    t_thr = DETECTOR_INPUTS["csi2017"]["t_threshold"].value
    rows.append(
        Row(
            "Sec. III (COHERENT)",
            "CsI 2017 SM prediction",
            f"{pub.value:.0f} +- {pub.uncertainty:.0f}",
            f"{n_sm:.0f}",
            _verdict(abs(n_sm - pub.value) < pub.uncertainty),
            f"{pe_window} PE window; {n_t2:.0f} (T >= {t_thr:g} keVnr) to {n_eff:.0f} (no window) with the other "
            "choices",
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

    # --- Fig. 1 statements (evaluated for Cs-133 at M_Z' = 1 TeV and 10 TeV)
    cs = NUCLEI["Cs133"]
    m_ref, m_heavy = 1000.0, 1.0e4
    ratios = {
        k: float(weak_charge_ratio(v, m_ref, cs.Z, cs.N))
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
            ", ".join(f"{k}: {r - 1:+.3f}" for k, r in ratios.items())
            + f" (Cs, {m_ref / 1e3:g} TeV)",
            NOT_CHECKABLE,
            "the sentence lost the symbol it compares the sign with. For the record (not a verdict): with "
            "quark generations 1, 2 in triplets the derived Z' term raises |Q_W| for every beta"
            + ("" if same_sign_as_beta else ", so its sign does not follow the sign of beta")
            + "; with generation 1 in the antitriplet it lowers |Q_W| for every beta",
        )
    )
    r_heavy = max(
        abs(float(weak_charge_ratio(v, m_heavy, cs.Z, cs.N)) - 1)
        for v in (-SQRT3, -1 / SQRT3, 1 / SQRT3, SQRT3)
    )
    rows.append(
        Row(
            "Fig. 1",
            "Q_W^331 -> Q_W^SM for heavy Z'",
            "yes",
            f"max |ratio - 1| = {r_heavy:.3f} at {m_heavy / 1e3:g} TeV",
            _verdict(r_heavy < 0.05),
            "decoupling as (M_Z/M_Z')^2",
        )
    )

    # --- Fig. 3: magnetic moment negligible
    gp, gn = sm_nucleon_couplings()
    t, e = 10 * u.keV, 30 * u.MeV
    ratio = float(cevns(t, e, cs, gp, gn) / magnetic_moment(t, e, cs, MU_NU_GEMMA))
    rows.append(
        Row(
            "Fig. 3",
            "weak >> magnetic-moment cross section (mu_nu at the GEMMA limit)",
            "orders of magnitude",
            f"ratio {ratio:.0f} at T = {t / u.keV:g} keV, E = {e / u.MeV:g} MeV",
            _verdict(ratio > 100),
            "Eqs. 50 and 52",
        )
    )
    return rows


#: a symbol per verdict, so the verdict column reads at a glance
VERDICT_SYMBOLS = {
    "reproduced": "✔",
    "consistent (inputs or labels lost)": "◐",
    "explained": "◆",
    "not checkable": "○",
    "differs": "✘",
}


#: a hyphen-minus used as a minus sign in a row text outside math ("(-23%)", "(-0.1 to 4.9 μs)")
_HYPHEN_MINUS = r"(?:^|(?<=[\s(\[=,;:]))-(?=\d|\.\d)"


def _minus_signs(text: str) -> str:
    """Hyphen-minus before a number becomes the minus sign U+2212, outside ``$...$`` math."""
    import re

    parts = re.split(r"(\$[^$]*\$)", text)
    return "".join(
        p
        if p.startswith("$")
        else re.sub(r"(?<=\w) - (?=\d)", " − ", re.sub(_HYPHEN_MINUS, "−", p))
        for p in parts
    )


def scorecard_layout(rows: list[Row]):
    """The scorecard as a narrow table and its notes: (DataFrame, list of note texts).

    Columns: ``#`` (the note number), ``§`` (where in the paper), claim, paper, book and the
    verdict as one glyph of :data:`VERDICT_SYMBOLS`; the reason for each verdict ('why') is note
    ``#`` under the table.  The paper's bounds are quoted at the paper's 90% CL, so a claim's "(90%
    CL)" reads "(the paper's 90% CL)".  Numbers get the minus sign U+2212.
    """
    import pandas as pd

    frame = pd.DataFrame(
        {
            "#": [str(i) for i in range(1, len(rows) + 1)],
            "§": [r.where for r in rows],
            "claim": [
                _minus_signs(r.claim.replace("(90% CL)", "(the paper's 90% CL)")) for r in rows
            ],
            "paper": [_minus_signs(r.paper) for r in rows],
            "book": [_minus_signs(r.book) for r in rows],
            "": [VERDICT_SYMBOLS[r.verdict] for r in rows],
        }
    )
    notes = [f"{r.verdict[0].upper()}{r.verdict[1:]}: {_minus_signs(r.why)}." for r in rows]
    return frame, notes
