"""Every probe of the 331 Z' at one beta, from its own data: the table behind ``python -m cevnslib
limits`` and chapter 11.

Each entry is a dict with 'probe', 'mzp_min_gev' (a float, or None where there is no bound),
'expected_mzp_min_gev' (the median bound if the SM is true, or None), 'applies', 'above_landau_pole',
'reason' (one line: the assumption, or why it does not apply) and 'source' (bibliography keys).
CEvNS bounds come from the experiments' chi^2 on a fine M_Z' grid (the same chi^2 as
:meth:`~cevnslib.experiments.registry.Experiment.bound`), APV and LEP-II from
:mod:`cevnslib.experiments.probes`, the contact translation from the LEP-II Lambda limits
(:data:`cevnslib.book.beyond.LEP2_CONTACT_LIMITS`), the Z pole from |theta_ZZ'| <= theta_max.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import check_in_range, check_nonnegative
from ..experiments.interpretation import mixing_zero
from ..experiments.probes import APV_EXTRACTIONS, apv_bound, lep2_sigma_bound
from ..experiments.registry import DEFAULT, Settings, get_experiment
from ..physics.constants import M_Z, QW_CS, THETA_ZZP_MAX, Parameter
from ..physics.leptons import check_leptons, lepton_spectrum, lepton_zp_chiral
from ..physics.model331 import check_beta, mixing_ratio, mzp_min_from_mixing
from ..physics.running import ALPHA_MZ_INV, landau_scale
from ..stats.bounds import MZP_SEARCH_FLOOR, delta_chi2_threshold
from .beyond import BILEPTON_BOUNDS, LEP2_CONTACT_LIMITS, bilepton_to_zp_mass_ratio

__all__ = [
    "PROBES",
    "LHC_DILEPTON_BENCHMARKS",
    "TAN_BETA_BAR_DEFAULT",
    "cevns_bound",
    "contact_bound",
    "contact_lambda_for_pole",
    "probe_limits",
]

PROBES = ("cevns-csi2017", "cevns-combined", "apv-cs", *(f"apv-cs-{e}" for e in APV_EXTRACTIONS),
          "lep2-sigma", "lep2-contact", "z-pole", "lhc-bilepton", "lhc-dilepton-ssm",
          "lhc-dilepton-psi")  # fmt: skip
#: tan(beta-bar) = v_rho/v_eta at which the Z-pole limit is quoted by default: equal VEVs
TAN_BETA_BAR_DEFAULT = 1.0

#: LHC dilepton-resonance limits for benchmark Z' bosons (not the 331 Z'): quoted as benchmarks only
LHC_DILEPTON_BENCHMARKS = {
    "ssm": Parameter(
        5150.0, 0.0, "GeV", "CMS:2021ctt", "Z'_SSM > 5.15 TeV, CMS 13 TeV 140/fb, 95% CL"
    ),
    "psi": Parameter(
        4560.0, 0.0, "GeV", "CMS:2021ctt", "Z'_psi > 4.56 TeV, CMS 13 TeV 140/fb, 95% CL"
    ),
}
#: the M_Z' range of :func:`cevnslib.stats.bounds.lower_bound`: 50 GeV to 10^4 times that
_CEVNS_GRID = np.geomspace(MZP_SEARCH_FLOOR, 1e4 * MZP_SEARCH_FLOOR, 2400)


def cevns_bound(
    name: str, beta: float, cl: float = 0.9, settings: Settings = DEFAULT
) -> dict[str, float | bool]:
    """Lower bound on M_Z' [GeV] of a CEvNS experiment from its chi^2 on a log grid (50 GeV-500 TeV).

    Delta-chi^2 relative to the smaller of the grid minimum and the SM; the bound is the largest
    excluded mass, its crossing refined on a second grid of 200 points between the bracketing
    masses.  The same with the Asimov data (the SM's prediction as data) gives the expected bound
    (the median under the SM).  Returns {'mzp_min', 'expected' (NaN if nothing is excluded),
    'sm_excluded'}.
    """
    e = get_experiment(name)
    thr = delta_chi2_threshold(cl)
    out = {}
    for key, data in (("mzp_min", None), ("expected", e.asimov_data(settings))):
        mass, sm_excluded = _grid_bound(e, beta, settings, thr, data)
        out[key] = mass
        if key == "mzp_min":
            out["sm_excluded"] = sm_excluded
    return out


def _grid_bound(e, beta, settings, thr, data) -> tuple[float, bool]:
    chi2_sm = float(np.squeeze(e.chi2_x(beta, 0.0, settings, data=data)))
    chi2 = np.asarray(e.chi2_x(beta, (M_Z / _CEVNS_GRID) ** 2, settings, data=data), dtype=float)
    chi2_min = min(chi2_sm, float(np.nanmin(chi2)))
    if chi2_sm - chi2_min > thr:
        return float("nan"), True
    bad = np.flatnonzero(chi2 - chi2_min > thr)
    if bad.size == 0:
        return float("nan"), False
    j = int(bad[-1])
    if j == _CEVNS_GRID.size - 1:  # excluded up to the top of the range
        return float(_CEVNS_GRID[-1]), False
    fine = np.geomspace(_CEVNS_GRID[j], _CEVNS_GRID[j + 1], 200)
    d = np.asarray(e.chi2_x(beta, (M_Z / fine) ** 2, settings, data=data), dtype=float) - chi2_min
    k = min(int(np.flatnonzero(d > thr)[-1]), fine.size - 2)
    t = (thr - d[k]) / (d[k + 1] - d[k])
    return float(np.exp(np.log(fine[k]) + t * (np.log(fine[k + 1]) - np.log(fine[k])))), False


def contact_bound(beta: float, sw2: float, leptons: str = "singlet") -> dict[str, float]:
    """LEP-II Lambda limits translated into M_Z' [GeV] per contact model (see :func:`cevnslib.book.beyond.lep2_bound`).

    M_Z' >= Lambda_m sqrt(alpha kappa_m/(s_W^2 c_W^2)), kappa_LL = c_L^2, kappa_RR = c_R^2,
    kappa_VV = ((c_L + c_R)/2)^2, kappa_AA = ((c_L - c_R)/2)^2, with the chiral charges of the lepton
    content ``leptons``.  Returns {'LL', 'RR', 'VV', 'AA', 'bound' (the strongest), 'model'}.
    """
    c_l, c_r = (float(c) for c in lepton_zp_chiral(beta, sw2, leptons))
    kappa = {"LL": c_l**2, "RR": c_r**2, "VV": (0.5 * (c_l + c_r)) ** 2,
             "AA": (0.5 * (c_l - c_r)) ** 2}  # fmt: skip
    scale = math.sqrt(1.0 / ALPHA_MZ_INV / (sw2 * (1.0 - sw2)))
    out = {m: LEP2_CONTACT_LIMITS[m]["minus"].value * 1e3 * scale * math.sqrt(k)
           for m, k in kappa.items()}  # fmt: skip
    best = max(out, key=out.get)
    return {**out, "bound": out[best], "model": best}


def contact_lambda_for_pole(beta: float, sw2: float, leptons: str = "singlet") -> float:
    """Smallest Lambda_VV [TeV] whose translated M_Z' bound reaches the U(1)_X Landau pole of ``beta``.

    inf when there is no pole below the Planck scale.
    """
    pole = landau_scale(beta)
    if not np.isfinite(pole):
        return float("inf")
    c_l, c_r = (float(c) for c in lepton_zp_chiral(beta, sw2, leptons))
    scale = math.sqrt(1.0 / ALPHA_MZ_INV / (sw2 * (1.0 - sw2)))
    return pole / (scale * abs(0.5 * (c_l + c_r))) / 1e3


def _num(x) -> float | None:
    return float(x) if x is not None and np.isfinite(x) else None


#: bounds at or above this mass [GeV] reached the top of a scanned range (a lower limit on the bound)
_RANGE_TOP = 2.0e5


def _entry(probe, mzp, applies, reason, source, pole, expected=None):
    mzp = _num(mzp)
    if (
        mzp is not None
        and mzp >= _RANGE_TOP * (1 - 1e-9)
        and probe.startswith(("lep2-sigma", "cevns"))
    ):
        reason += f"; excluded up to the top of the scanned range ({mzp / 1e3:.0f} TeV)"
    above = bool(mzp is not None and mzp >= pole)
    if above:
        reason += f"; the bound lies above the U(1)_X Landau pole ({pole / 1e3:.2f} TeV): excluded up to the pole"
    return {"probe": probe, "mzp_min_gev": mzp, "expected_mzp_min_gev": _num(expected),
            "applies": bool(applies), "above_landau_pole": above, "reason": reason,
            "source": source}  # fmt: skip


def probe_limits(
    beta: float,
    cl: float = 0.9,
    leptons: str = "singlet",
    tan_beta_bar: float = TAN_BETA_BAR_DEFAULT,
    settings: Settings = DEFAULT,
) -> dict[str, object]:
    """Every probe at ``beta``: {'beta', 'cl', 'leptons', 'tan_beta_bar', 'landau_pole_gev', 'convention', 'probes'}.

    CEvNS, APV and LEP-II assume no Z-Z' mixing (the paper's assumption); the Z-pole entry states
    the mixing limit at ``tan_beta_bar``.  ``leptons`` ('singlet' or 'ppf', the latter at
    beta = +sqrt3 only) sets the charged-lepton couplings of APV and LEP-II and whether the doubly
    charged gauge boson is a bilepton; CEvNS does not depend on it.
    """
    sw2 = settings.sw2
    check_beta(beta, sw2)
    check_in_range("cl", cl, 0.0, 1.0)
    check_leptons(leptons, beta)
    check_nonnegative("tan_beta_bar", tan_beta_bar)
    thr = delta_chi2_threshold(cl)
    pole = landau_scale(beta)
    conv = f"{100 * cl:g}% CL, two-sided Delta-chi2 = {thr:.3f}"
    content = "PPF leptons (E = e^c, no singlet e_R)" if leptons == "ppf" else "singlet e_R"
    rows = []
    for name, label, src in (("csi2017", "COHERENT CsI 2017", "Akimov2017"),
                             ("combined", "the newer CEvNS data combined", "COHERENT:2020ykq")):  # fmt: skip
        b = cevns_bound(name, beta, cl, settings)
        why = f"{label}, {conv}, no Z-Z' mixing; independent of the charged-lepton content"
        if b["sm_excluded"]:
            why = f"{label}: the SM itself is excluded at {100 * cl:g}% CL, no lower bound"
        elif not np.isfinite(b["mzp_min"]):
            why = f"{label}: no M_Z' above {MZP_SEARCH_FLOOR:g} GeV is excluded"
        rows.append(_entry(f"cevns-{name}", b["mzp_min"], True, why, src, pole, b["expected"]))
    apv = {e: apv_bound(beta, e, cl, sw2, leptons) for e in APV_EXTRACTIONS}
    weakest = min(apv, key=lambda e: apv[e].mzp_min)
    rows.append(_entry(
        "apv-cs", apv[weakest].mzp_min, True,
        f"Q_W(133Cs), weakest of the {len(apv)} published extractions ({weakest}), tree level, {conv}, "
        f"no Z-Z' mixing, {content}", QW_CS[weakest]["qw"].ref, pole, apv[weakest].expected,
    ))  # fmt: skip
    for e, b in apv.items():
        qw, sm = QW_CS[e]["qw"], QW_CS[e]["sm"]
        rows.append(_entry(
            f"apv-cs-{e}", b.mzp_min, True,
            f"Q_W(133Cs) = {qw.value:g} +- {qw.uncertainty:.2f} against the SM {sm.value:g}, tree level, "
            f"{conv}, no Z-Z' mixing, {content}", qw.ref, pole, b.expected,
        ))  # fmt: skip
    lep = lep2_sigma_bound(beta, cl, sw2, leptons)
    why = (f"chi2 of 24 LEP-II sigma(mu mu, tau tau)/SM ratios, 130-207 GeV, gamma + Z + Z' Born "
           f"amplitudes, {conv}; correlations between energies and asymmetries neglected; {content}")  # fmt: skip
    if not np.isfinite(lep.mzp_min):
        why = f"LEP-II cross sections exclude no M_Z' above {lep.floor:.0f} GeV; {content}"
    rows.append(_entry("lep2-sigma", lep.mzp_min, True, why, "LEP:2013ewwg", pole, lep.expected))
    cb = contact_bound(beta, sw2, leptons)
    rows.append(_entry(
        "lep2-contact", cb["bound"], True,
        f"LEP-II contact-interaction limits translated, strongest single model ({cb['model']}), "
        f"95% CL Lambda values not verified against the source table; {content}",
        "LEP:2013ewwg", pole,
    ))  # fmt: skip
    zero = mixing_zero(beta, sw2)
    zp = float(mzp_min_from_mixing(beta, sw2, tan_beta_bar))
    ba = float(mixing_ratio(beta, sw2, tan_beta_bar))
    rows.append(_entry(
        "z-pole", zp if ba != 0.0 else None, True,
        f"|theta_ZZ'| <= {THETA_ZZP_MAX:g} (order of magnitude of Z-pole fits) at tan(beta-bar) = "
        f"{tan_beta_bar:g}; no limit at tan(beta-bar) = {zero:.3f}, where B/A = 0 (no mixing)",
        "Erler:2009jh", pole,
    ))  # fmt: skip
    spec = lepton_spectrum(beta, leptons)
    lhc = next(iter(BILEPTON_BOUNDS.values()))
    if spec["bilepton"]:
        ratio = float(bilepton_to_zp_mass_ratio(beta, sw2))
        rows.append(_entry(
            "lhc-bilepton", lhc.value / ratio, True,
            f"M_Y++ > {lhc.value / 1e3:g} TeV (same-sign dileptons; E = e^c makes Y++ a bilepton), "
            f"as M_Z' = M_Y/{ratio:.3f} at the same w", lhc.ref, pole,
        ))  # fmt: skip
    else:
        if spec["doubly_charged"]:
            what = ("the doubly charged boson couples nu to E-- (no same-sign SM dileptons)"
                    if spec["doubly_charged_link"] == "nu-E"
                    else "the doubly charged boson couples e- to the heavy E+ (singlet e_R content)")  # fmt: skip
        else:
            what = "no doubly charged gauge boson at this beta"
        rows.append(_entry("lhc-bilepton", None, False, f"does not apply: {what}", lhc.ref, pole))
    for key, par in LHC_DILEPTON_BENCHMARKS.items():
        rows.append(_entry(
            f"lhc-dilepton-{key}", None, False,
            f"benchmark only: {par.note}; a different Z' (couplings, width), not a bound on this model",
            par.ref, pole,
        ))  # fmt: skip
    return {"beta": float(beta), "cl": float(cl), "leptons": leptons,
            "tan_beta_bar": float(tan_beta_bar), "convention": conv,
            "landau_pole_gev": _num(pole), "probes": rows}  # fmt: skip
