"""The CsI 2021 release likelihood: the paper binning, CEvNS templates from the released response
(efficiency and scintillation-response variations), arrival-time offsets, and its modelling
choices (:data:`CSI2021_RESPONSE`, :data:`CSI2021_STEADY_STATE`,
:data:`CSI2021_TIMING_OFFSETS`, :func:`csi2021_model`)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike

from ...errors import InputError, check_choice, check_in_range
from ...physics import units as u
from ..detectors import Flat, sns_detector
from ..rates import recoil_spectrum
from ..registry import DEFAULT, MEASUREMENTS, Settings
from .inputs import RELEASE_INPUTS, _check_flag, _sm_couplings
from .model import BinnedModel, Sample

__all__ = ["CSI2021_RESPONSE", "CSI2021_STEADY_STATE", "CSI2021_TIMING_OFFSETS", "csi2021_model"]


def _csi2021_timing(pulse_t: np.ndarray, pulse: np.ndarray, t_edges: np.ndarray, inp) -> dict:
    """Arrival-time fractions per time bin (timing efficiency included) for prompt and delayed nu.

    Model (stated): the proton pulse is the released BRN arrival-time PDF (beam-related neutrons
    follow the pulse; their time of flight, tens of ns, is neglected here and covered by the timing
    offsets of :func:`csi2021_model`); prompt nu_mu = pulse (x) pion decay (tau 26 ns); delayed nu_e,
    anti-nu_mu = that (x) muon decay (tau 2.197 us).  A timing offset enters as ``pulse_t + delta``:
    the whole neutrino arrival-time distribution moves by delta before the timing efficiency (a
    function of the reconstructed time) and the rebinning are applied.
    """
    from ...physics.constants import PARAMETERS

    dt = float(np.diff(pulse_t).mean())
    grid = pulse_t[0] + dt * np.arange(int(40.0 / dt))
    base = np.zeros_like(grid)
    base[: len(pulse)] = pulse / pulse.sum()

    def decay(pdf, tau):
        kern = np.exp(-np.arange(len(grid)) * dt / tau)
        kern /= kern.sum()
        return np.convolve(pdf, kern)[: len(grid)]

    prompt = decay(base, PARAMETERS["TAU_PI"].value)
    delayed = decay(prompt, PARAMETERS["TAU_MU"].value)
    t0, rate = inp["t_eff_start"].value, inp["t_eff_rate"].value
    eff = np.where(grid < t0, 1.0, np.exp(-rate * (grid - t0)))
    idx = np.digitize(grid, t_edges) - 1
    out = {}
    for key, pdf in (("prompt", prompt), ("delayed", delayed)):
        w = pdf * eff
        ok = (idx >= 0) & (idx < len(t_edges) - 1)
        out[key] = np.bincount(idx[ok], weights=w[ok], minlength=len(t_edges) - 1)
    return out


def _csi2021_signal(settings, rel, inp, pe_edges, timing, eff_row=0, qf_row=0):
    """CEvNS templates per nucleus (PE x t), with efficiency / scintillation-response variants."""
    per_pe = _csi2021_pe_spectra(
        settings,
        tuple(float(v) for v in pe_edges),
        tuple(float(v) for v in rel["effCoefficients.txt"][eff_row]),
        tuple(float(v) for v in rel["scintRespCoefficients.txt"][qf_row]),
        tuple(
            inp[k].value
            for k in ("mass_kg", "baseline_m", "n_pot", "nu_per_proton", "smear_a", "smear_b")
        ),
    )
    parts = {}
    for nuc, flavours in per_pe.items():
        part = 0.0
        for fl, spectrum in flavours:
            part = part + np.outer(spectrum, timing["prompt" if fl == "nu_mu" else "delayed"])
        parts[nuc] = part.ravel()
    return parts


@lru_cache(maxsize=64)
def _csi2021_pe_spectra(settings, pe_edges, eff_coefficients, qf_coefficients, numbers):
    """CEvNS counts per PE bin for each nucleus and flavour (before the arrival-time split),
    cached: they do not depend on the timing, so every timing variant and every model with the
    same binning, response row and inputs shares them.  Returns {nucleus: ((flavour, read-only
    counts per PE bin), ...)}; the arguments are the numbers they depend on (hashable)."""
    mass_kg, baseline_m, n_pot, nu_per_proton, smear_a, smear_b = numbers
    pe_edges = np.asarray(pe_edges, dtype=float)
    det = sns_detector(
        "csi2021-release",
        "CsI[Na] 2021 (release response)",
        "CsI",
        (("Cs133", 1), ("I127", 1)),
        mass_kg,
        baseline_m,
        n_pot,
        nu_per_proton,
        Flat(1.0),
    )
    from scipy.special import gammainc

    g_p, g_n = _sm_couplings(settings)
    xg, wg = np.polynomial.legendre.leggauss(20)
    t_edges_kev = np.linspace(0.0, 60.0, 31)
    t_kev = (
        (t_edges_kev[:-1, None] + t_edges_kev[1:, None]) / 2
        + np.diff(t_edges_kev)[:, None] / 2 * xg
    ).ravel()
    w_kev = (np.diff(t_edges_kev)[:, None] / 2 * wg).ravel()
    a, b, c, d = qf_coefficients
    t_mev = t_kev * 1e-3
    e_ee = (a * t_mev + b * t_mev**2 + c * t_mev**3 + d * t_mev**4) * 1e3  # keVee
    e_ee = np.clip(e_ee, 1e-6, None)
    # the light yield enters through the smearing (mean PE = E_ee / a = 13.35 E_ee)
    sa, sb = smear_a / e_ee, smear_b * e_ee
    fine = np.arange(0.0, pe_edges[-1] + 0.125, 0.25)
    # Gamma CDF with shape 1 + b and scale 1/(a (1 + b)) (as scipy.stats.gamma.cdf computes it)
    cdf = gammainc(1.0 + sb[:, None], fine[None, :] / (1.0 / (sa * (1.0 + sb))[:, None]))
    prob = np.diff(cdf, axis=1)  # (T nodes, fine PE bins)
    ea, eb, ec, ed = eff_coefficients
    centres = 0.5 * (fine[1:] + fine[:-1])
    eff = np.clip(ea / (1.0 + np.exp(-eb * (centres - ec))) + ed, 0.0, 1.0)
    pe_idx = np.digitize(centres, pe_edges) - 1
    inside = (pe_idx >= 0) & (pe_idx < len(pe_edges) - 1)  # PE outside the edges: not in the fit
    out = {}
    for nuc, _ in det.composition:
        single = det.with_(composition=((nuc, 1.0),))
        flavours = []
        for fl in ("nu_mu", "nu_e", "nu_mu_bar"):
            rate = recoil_spectrum(
                single, t_kev * u.keV, g_p, g_n, fl, 0.0, settings.form, settings.kinematics, False
            )
            counts = (rate * w_kev * u.keV) @ prob * eff  # per fine PE bin
            per_pe = np.bincount(
                pe_idx[inside], weights=counts[inside], minlength=len(pe_edges) - 1
            )
            per_pe.setflags(write=False)
            flavours.append((fl, per_pe))
        out[nuc.name] = tuple(flavours)
    return out


#: CsI 2021 modelling choices.  Response modes (released efficiency and scintillation-response
#: variations): 'full' (default for bounds: the +-1 sigma templates as released, so they also move
#: the normalisation) or 'shape-only' (rescaled to the nominal total: what :func:`fit` uses to
#: report the CEvNS count, so that normalisation effects are not folded into N).  Steady state:
#: 'on-off' (default: one free rate per bin constrained by the anti-coincidence counts of the same
#: exposure, as for CsI 2017) or 'template' (the raw anti-coincidence histogram as an exact shape
#: with the collaboration's 2.1 % normalisation)
CSI2021_RESPONSE = ("full", "shape-only")
CSI2021_STEADY_STATE = ("on-off", "template")
#: Arrival-time offsets (default True): two Gaussian-constrained shape nuisances, ``timing_nu`` (a
#: common offset of the prompt and delayed neutrino arrival times, i.e. of the proton pulse against
#: the reconstructed time) and ``timing_brn`` (an offset of the BRN arrival times: their time of
#: flight and timing model).  Their +-1 sigma templates are the timing distributions shifted by
#: +-sigma_t and rebinned (+1 sigma = later), interpolated as pyhf's histosys.  The widths
#: (RELEASE_INPUTS['csi2021']['sigma_t_nu'], ['sigma_t_brn'], 0.1 and 0.25 us) are ASSUMPTIONS:
#: COHERENT's fit floats a neutrino timing offset, but the release gives no width for either.
CSI2021_TIMING_OFFSETS = (True, False)
#: the largest timing-offset width accepted [us]: the prompt region is 0-1 us, an offset of its
#: size is no longer a small modelling uncertainty
_MAX_SIGMA_T = 1.0


def csi2021_model(
    settings: Settings = DEFAULT,
    response_modes: str = "full",
    steady_state: str = "on-off",
    pe_edges: ArrayLike | None = None,
    t_edges: ArrayLike | None = None,
    timing_offsets: bool = True,
    sigma_t_nu: float | None = None,
    sigma_t_brn: float | None = None,
) -> BinnedModel:
    """The CsI 2021 binned likelihood with explicit modelling choices (see :data:`CSI2021_RESPONSE`,
    :data:`CSI2021_STEADY_STATE`, :data:`CSI2021_TIMING_OFFSETS`); ``pe_edges``, ``t_edges``
    replace the paper binning.

    ``timing_offsets``: with (True, the default) or without the arrival-time offset nuisances
    ``timing_nu`` and ``timing_brn``; ``sigma_t_nu``, ``sigma_t_brn`` [us, 0-1]: their widths
    (None: the assumed 0.1 us and 0.25 us of RELEASE_INPUTS; 0 leaves the model as without them).
    """
    check_choice("response_modes", response_modes, CSI2021_RESPONSE)
    check_choice("steady_state", steady_state, CSI2021_STEADY_STATE)
    _check_flag("timing_offsets", timing_offsets)
    for label, width in (("sigma_t_nu", sigma_t_nu), ("sigma_t_brn", sigma_t_brn)):
        if width is not None:
            if np.ndim(width) != 0:
                raise InputError(f"{label} = {width!r} is not allowed: must be one number in us")
            check_in_range(label, width, 0.0, _MAX_SIGMA_T, closed=True, why="us")
    return _csi2021(
        settings,
        response_modes,
        steady_state,
        pe_edges,
        t_edges,
        bool(timing_offsets),
        sigma_t_nu,
        sigma_t_brn,
    )


def _csi2021(
    settings: Settings,
    response_modes: str = "full",
    steady_state: str = "on-off",
    pe_edges: ArrayLike | None = None,
    t_edges: ArrayLike | None = None,
    timing_offsets: bool = True,
    sigma_t_nu: float | None = None,
    sigma_t_brn: float | None = None,
) -> BinnedModel:
    from ...data import load_release

    rel = load_release("csi2021")
    inp = RELEASE_INPUTS["csi2021"]
    pe_edges = np.asarray(inp["pe_edges"].value if pe_edges is None else pe_edges, dtype=float)
    t_edges = np.asarray(inp["t_edges"].value if t_edges is None else t_edges, dtype=float)

    def hist(events):
        h, _, _ = np.histogram2d(events[:, 0], events[:, 1], bins=(pe_edges, t_edges))
        return h.ravel()

    on, off = hist(rel["dataBeamOnC.txt"]), hist(rel["dataBeamOnAC.txt"])
    trec = rel["brnTrec.txt"]
    timing = _csi2021_timing(trec[:, 0], trec[:, 1], t_edges, inp)
    nominal = _csi2021_signal(settings, rel, inp, pe_edges, timing)
    signal = sum(nominal.values())

    def total(timing=timing, **kw):
        alt = sum(_csi2021_signal(settings, rel, inp, pe_edges, timing, **kw).values())
        return alt * signal.sum() / alt.sum() if response_modes == "shape-only" else alt

    shapes = (
        ("efficiency", total(eff_row=2), total(eff_row=1)),
        ("scint_mode0", total(qf_row=2), total(qf_row=1)),
        ("scint_mode1", total(qf_row=4), total(qf_row=3)),
    )
    s_nu = inp["sigma_t_nu"].value if sigma_t_nu is None else float(sigma_t_nu)
    s_brn = inp["sigma_t_brn"].value if sigma_t_brn is None else float(sigma_t_brn)
    if timing_offsets:  # the pulse moved by -+sigma_t: events move through the timing efficiency
        # and across the window edge ("full"), or the same shape at the nominal total ("shape-only")
        shifted = [
            total(_csi2021_timing(trec[:, 0] + d, trec[:, 1], t_edges, inp)) for d in (-s_nu, s_nu)
        ]
        shapes += (("timing_nu", *shifted),)

    def neutrons(pe_file, t_file, n, shift=0.0):
        """PE x t template of a neutron background with ``n`` events in the window, its arrival
        times moved by ``shift`` [us] (a shape change: the count in the window stays ``n``)."""
        pe, t = rel[pe_file], rel[t_file]
        pe_h = np.histogram(pe[:, 0], pe_edges, weights=pe[:, 1])[0]
        t_h = np.histogram(t[:, 0] + shift, t_edges, weights=t[:, 1])[0]
        return np.outer(pe_h / pe_h.sum(), t_h / t_h.sum()).ravel() * n

    ss = inp["steady_state"]  # template variant: the AC histogram with the collaboration width
    brn = neutrons("brnPE.txt", "brnTrec.txt", inp["brn"].value)
    nin = neutrons("ninPE.txt", "ninTrec.txt", inp["nin"].value)
    brn_shapes: tuple[tuple[str, np.ndarray, np.ndarray], ...] = ()
    if timing_offsets:
        brn_shapes = (
            (
                "timing_brn",
                neutrons("brnPE.txt", "brnTrec.txt", inp["brn"].value, -s_brn),
                neutrons("brnPE.txt", "brnTrec.txt", inp["brn"].value, s_brn),
            ),
        )
    backgrounds = [
        Sample("brn", brn, inp["brn"].uncertainty / inp["brn"].value, brn_shapes),
        Sample("nin", nin, inp["nin"].uncertainty / inp["nin"].value),
    ]
    if steady_state == "template":
        backgrounds.append(
            Sample("steady_state", off * ss.value / off.sum(), ss.uncertainty / ss.value)
        )
    return BinnedModel(
        "csi2021",
        on,
        Sample("cevns", signal, inp["sigma_flux"].value, shapes),
        tuple(backgrounds),
        off=off if steady_state == "on-off" else None,
        signal_parts={k: float(v.sum()) for k, v in nominal.items()},
        info={
            "bins": f"{len(pe_edges) - 1} PE x {len(t_edges) - 1} t bins (paper binning)",
            "shape": (len(pe_edges) - 1, len(t_edges) - 1),
            "signal_templates": nominal,
            "n_sm_published": MEASUREMENTS["csi2021"]["n_pred"].value,
            "response_modes": response_modes,
            "steady_state": steady_state,
            "timing_offsets": timing_offsets,
            "sigma_t": {"nu": s_nu, "brn": s_brn} if timing_offsets else {},
            "counts_model": (
                (
                    settings,
                    "shape-only",
                    steady_state,
                    tuple(pe_edges),
                    tuple(t_edges),
                    timing_offsets,
                    s_nu,
                    s_brn,
                )
                if response_modes == "full"
                else None
            ),
        },
    )
