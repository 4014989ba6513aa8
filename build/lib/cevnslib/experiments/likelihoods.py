"""Binned likelihoods of the COHERENT data releases (HistFactory models, exported to pyhf).

One :class:`BinnedModel` per release (built from :func:`cevnslib.data.load_release`):

- ``csi2017``: beam-on coincidence counts in 12 PE bins (6-30 PE, 2-PE wide) x 12 arrival-time bins
  (0-6 us, 0.5 us wide) = 144 bins.  Steady state: one free rate per bin, constrained by the
  anti-coincidence counts of the same exposure (a second channel; profiled in closed form).  Prompt
  neutrons: release PE and timing PDFs x 7.47594 GWh x acceptance, 25 %.  CEvNS: cevnslib's own
  prediction (flux x sigma x quenching x acceptance at 1-PE bin centres, no PE smearing), prompt
  nu_mu with the prompt and nu_e + anti-nu_mu with the delayed timing PDF; normalisation 28 %.
- ``lar2020``: the 960 (E, F90, t) bins of Analysis A; CEvNS shape from the release normalised to
  cevnslib's prediction in the same arrival-time window (-0.1 < t_trig < 4.9 us) (normalisation prior 13 % = 17/128, the release's prediction uncertainty;
  free in :func:`fit`); prompt BRN 497 +- 32 %, delayed BRN 33 +- 100 %, steady state 3154 +- 0.8 %;
  shape systematics from the +-1 sigma PDFs (shape only, rescaled to the nominal total) as histosys.

Every normalisation uncertainty is an additive symmetric histosys (nominal x (1 + sigma theta), theta ~
N(0, 1)); shape systematics interpolate as pyhf's default histosys ("code4p"); this is exactly what the exported pyhf workspace (:func:`workspace`) contains, so the two give the
same log-likelihood (tests/test_likelihoods.py).  The signal strength ``mu`` multiplies the CEvNS
sample; a model point enters through mu = sum_nuclei w_i (Q_W,i / Q_W,i^SM)^2 (:func:`signal_scale`).
The likelihood is profiled once on a grid of mu (:func:`profile`); bounds and scans interpolate it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.interpolate import CubicSpline
from scipy.optimize import brentq, minimize
from scipy.special import gammaln, xlogy

from ..errors import (
    InputError,
    check_choice,
    check_finite,
    check_in_range,
    check_instance,
    check_integer,
    check_nonnegative,
    check_positive,
)
from ..physics import units as u
from ..physics.constants import M_Z, Parameter
from ..physics.model331 import check_beta, mass_ratio_squared, sm_nucleon_couplings
from ..stats.bounds import Bound, lower_bound
from .detectors import DETECTOR_INPUTS, Flat, Tabulated, csi2017, sns_detector
from .rates import events, recoil_spectrum, response
from .registry import DEFAULT, MEASUREMENTS, Settings, _weak_charges_x

__all__ = [
    "LIKELIHOODS",
    "RELEASE_INPUTS",
    "Sample",
    "BinnedModel",
    "build_model",
    "workspace",
    "FitResult",
    "fit",
    "Profile",
    "profile",
    "profile_uncached",
    "signal_scale",
    "binned_bound",
    "binned_delta_grid",
    "hypotest_cls",
    "pyhf_pars",
    "CSI2021_RESPONSE",
    "CSI2021_STEADY_STATE",
    "CSI2021_TIMING_OFFSETS",
    "csi2021_model",
    "csi2021_bound_spread",
    "fisher_floor",
    "profile_of_model",
]

#: releases with a binned likelihood
LIKELIHOODS = ("csi2017", "lar2020", "csi2021")

RELEASE_INPUTS = {
    "csi2017": {
        "exposure": Parameter(7.47594, 0.0, "GWh", "Akimov2018", "effective beam exposure (yaml)"),
        "sigma_signal": Parameter(
            0.28, 0.0, "1", "Akimov2017", "CEvNS normalisation (flux, QF, form factor, acceptance)"
        ),
        "sigma_prompt_neutrons": Parameter(
            0.25, 0.0, "1", "Akimov2018", "prompt-neutron normalisation (yaml)"
        ),
        "pe_lo": Parameter(6.0, 0.0, "PE", "Akimov2017", "lower edge of the fit region"),
        "pe_hi": Parameter(30.0, 0.0, "PE", "Akimov2017", "upper edge of the fit region"),
        "t_hi": Parameter(6.0, 0.0, "us", "Akimov2017", "end of the arrival-time window"),
    },
    "csi2021": {
        "mass_kg": Parameter(14.6, 0.0, "kg", "COHERENT:2021xmm", "CsI[Na] crystal"),
        "baseline_m": Parameter(19.3, 0.0, "m", "COHERENT:2021xmm", "LIDAR survey"),
        "n_pot": Parameter(
            3.198e23,
            0.0,
            "POT",
            "COHERENT:2021xmm",
            "13.99 GWh (from collaboration-member code, not a COHERENT publication)",
        ),
        "nu_per_proton": Parameter(
            0.0848,
            0.00848,
            "nu/flavour/POT",
            "COHERENT:2021xmm",
            "pi-DAR yield, 10 % (from collaboration-member code, not a COHERENT publication)",
        ),
        "light_yield": Parameter(13.35, 0.0, "PE/keVee", "COHERENT:2021xmm", "(model value)"),
        "smear_a": Parameter(
            0.0749,
            0.0,
            "keVee",
            "COHERENT:2021xmm",
            "gamma PE smearing a = 0.0749/E_ee (from collaboration-member code, not a COHERENT publication)",
        ),
        "smear_b": Parameter(
            9.56,
            0.0,
            "1/keVee",
            "COHERENT:2021xmm",
            "gamma PE smearing b = 9.56 E_ee (from collaboration-member code, not a COHERENT publication)",
        ),
        "t_eff_start": Parameter(
            0.52,
            0.0,
            "us",
            "COHERENT:2021xmm",
            "timing efficiency (from collaboration-member code, not a COHERENT publication)",
        ),
        "t_eff_rate": Parameter(0.0494, 0.0, "1/us", "COHERENT:2021xmm", "timing efficiency"),
        "brn": Parameter(
            18.4,
            4.6,
            "events",
            "COHERENT:2021xmm",
            "BRN in the window, 25 % (from collaboration-member code, not a COHERENT publication)",
        ),
        "nin": Parameter(
            5.6,
            1.96,
            "events",
            "COHERENT:2021xmm",
            "NIN in the window, 35 % (from collaboration-member code, not a COHERENT publication)",
        ),
        "steady_state": Parameter(
            1286.0,
            27.0,
            "events",
            "COHERENT:2021xmm",
            "SS in the window from AC, 2.1 % (from collaboration-member code, not a COHERENT publication)",
        ),
        "sigma_flux": Parameter(
            0.10,
            0.0,
            "1",
            "COHERENT:2021xmm",
            "neutrino flux (from collaboration-member code, not a COHERENT publication)",
        ),
        "sigma_t_nu": Parameter(
            0.1,
            0.0,
            "us",
            "COHERENT:2021xmm",
            "ASSUMPTION: width of the common neutrino arrival-time offset (proton pulse against the "
            "reconstructed time; COHERENT's fit floats a neutrino timing offset, the release gives "
            "no width): 0.1 us, of order the uncertainty of the pulse shape taken from the BRN times",
        ),
        "sigma_t_brn": Parameter(
            0.25,
            0.0,
            "us",
            "COHERENT:2021xmm",
            "ASSUMPTION: width of the BRN arrival-time offset (their time of flight, tens of ns, and "
            "the BRN timing model; the release gives no width): 0.25 us, deliberately conservative",
        ),
        "pe_edges": Parameter(
            (0, 8, 12, 16, 20, 24, 32, 40, 50, 60), 0.0, "PE", "COHERENT:2021xmm", "paper binning"
        ),
        "t_edges": Parameter(
            (0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1, 2, 4, 6),
            0.0,
            "us",
            "COHERENT:2021xmm",
            "paper binning (from collaboration-member code, not a COHERENT publication)",
        ),
    },
    "lar2020": {
        "mass_kg": Parameter(24.4, 0.61, "kg", "COHERENT:2020ykq", "fiducial mass (yaml)"),
        "brn": Parameter(497.0, 160.0, "events", "COHERENT:2020ykq", "prompt BRN prior (yaml)"),
        "delayed_brn": Parameter(33.0, 33.0, "events", "COHERENT:2020ykq", "delayed BRN prior"),
        "steady_state": Parameter(3154.0, 25.0, "events", "COHERENT:2020ykq", "SS prior (yaml)"),
        "n_sm_release": Parameter(
            128.0,
            17.0,
            "events",
            "COHERENT:2020ykq",
            "CEvNS prediction = sum of cevnspdf.txt; its 13 % is the signal normalisation prior",
        ),
    },
}


@dataclass(frozen=True)
class Sample:
    """A template with an optional Gaussian normalisation and histosys shape modifiers.

    ``sigma``: relative 1-sigma normalisation (None: no normalisation modifier);
    ``shapes``: (modifier name, lo template, hi template) with lo/hi absolute expected counts.
    """

    name: str
    nominal: np.ndarray
    sigma: float | None = None
    shapes: tuple[tuple[str, np.ndarray, np.ndarray], ...] = ()


@dataclass(frozen=True)
class BinnedModel:
    """A binned likelihood: data, a CEvNS sample scaled by mu, backgrounds, optional on/off steady state."""

    name: str
    data: np.ndarray
    signal: Sample
    backgrounds: tuple[Sample, ...]
    off: np.ndarray | None = None  # anti-coincidence counts (same exposure) -> per-bin steady state
    signal_parts: dict[str, float] = field(default_factory=dict)  # SM events per nucleus
    info: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ parameters
    @property
    def samples(self) -> tuple[Sample, ...]:
        return (self.signal, *self.backgrounds)

    @property
    def norm_names(self) -> tuple[str, ...]:
        return tuple(f"{s.name}_norm" for s in self.samples if s.sigma is not None)

    @property
    def shape_names(self) -> tuple[str, ...]:
        names: list[str] = []
        for s in self.samples:
            names += [n for n, _, _ in s.shapes if n not in names]
        return tuple(names)

    @property
    def par_names(self) -> tuple[str, ...]:
        return ("mu", *self.norm_names, *self.shape_names)

    def bounds(self) -> list[tuple[float, float]]:
        out = [(0.0, 20.0)]
        out += [(max(-10.0, -1.0 / s.sigma + 1e-6), 10.0) for s in self.samples if s.sigma]
        out += [(-5.0, 5.0)] * len(self.shape_names)
        return out

    # ------------------------------------------------------------------ expectation
    @cached_property
    def _design(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Nominal signal, nominal background, per-nuisance up/down deltas and signal mask."""
        rows: dict[str, list] = {}
        for s in self.samples:
            is_sig = s is self.signal
            if s.sigma is not None:
                rows[f"{s.name}_norm"] = [s.sigma * s.nominal, s.sigma * s.nominal, is_sig]
            for name, lo, hi in s.shapes:
                if name in rows:
                    raise InputError(f"modifier {name!r} is shared between samples (not supported)")
                rows[name] = [hi - s.nominal, s.nominal - lo, is_sig]
        names = self.par_names[1:]
        nb = len(self.data)
        up = np.array([rows[n][0] for n in names]).reshape(len(names), nb)
        dn = np.array([rows[n][1] for n in names]).reshape(len(names), nb)
        sig = np.array([rows[n][2] for n in names], dtype=bool)
        bkg = sum(b.nominal for b in self.backgrounds)
        return self.signal.nominal, np.asarray(bkg, dtype=float), up, dn, sig

    def _parts(self, theta: np.ndarray):
        s0, b0, up, dn, sig = self._design
        t = theta[1:, None]
        # pyhf's default histosys interpolation "code4p": linear beyond |t| = 1, a sixth-order
        # polynomial inside that matches value and slope at +-1 (identical to linear when up = dn)
        half, asym = 0.5 * (up + dn), 0.0625 * (up - dn)
        t2 = t * t
        poly = half * t + asym * t2 * (15.0 + t2 * (3.0 * t2 - 10.0))
        dpoly = half + asym * t * (30.0 + t2 * (18.0 * t2 - 40.0))
        delta = np.where(t > 1, t * up, np.where(t < -1, t * dn, poly))
        slope = np.where(t > 1, up, np.where(t < -1, dn, dpoly))
        s = s0 + delta[sig].sum(axis=0)
        nu = theta[0] * s + b0 + delta[~sig].sum(axis=0)
        return nu, s, slope, sig

    def expected(self, theta: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Beam-on expectation without steady state (if on/off), and the signal part alone."""
        theta = np.asarray(theta, dtype=float)
        nu, s, _, _ = self._parts(theta)
        return np.clip(nu, 1e-12, None), theta[0] * s

    def steady_state(self, nu: np.ndarray) -> np.ndarray:
        """Per-bin steady state maximising Pois(n | nu + b) Pois(a | b) (equal exposures)."""
        n, a = self.data, self.off
        assert a is not None
        c = 2.0 * nu - n - a
        return (-c + np.sqrt(c * c + 8.0 * a * nu)) / 4.0

    def nll_grad(
        self, theta: ArrayLike, data: np.ndarray | None = None
    ) -> tuple[float, np.ndarray]:
        """-ln L and its gradient (full Poisson and Gaussian terms; steady state profiled if on/off)."""
        n = self.data if data is None else data
        theta = np.asarray(theta, dtype=float)
        nu_raw, s, slope, sig = self._parts(theta)
        nu = np.clip(nu_raw, 1e-12, None)
        out = 0.0
        if self.off is not None:
            a = self.off
            c = 2.0 * nu - n - a
            b = (-c + np.sqrt(c * c + 8.0 * a * nu)) / 4.0
            out -= np.sum(xlogy(a, b) - b - gammaln(a + 1.0))
            nu = nu + b  # envelope theorem: d/dnu of the profiled term is -(n/(nu+b) - 1)
        out -= np.sum(xlogy(n, nu) - nu - gammaln(n + 1.0))
        nuis = theta[1:]
        out += 0.5 * float(nuis @ nuis) + 0.5 * len(nuis) * np.log(2 * np.pi)
        w = np.where(nu_raw > 1e-12, 1.0 - n / nu, 0.0)  # a clipped bin does not move
        grad = np.empty_like(theta)
        grad[0] = w @ s
        grad[1:] = (slope @ w) * np.where(sig, theta[0], 1.0) + nuis
        return float(out), grad

    def nll(self, theta: ArrayLike, data: np.ndarray | None = None) -> float:
        """-ln L (see :meth:`nll_grad`)."""
        return self.nll_grad(theta, data)[0]

    def minimise(
        self, start: ArrayLike | None = None, fix_mu: float | None = None, data=None
    ) -> tuple[np.ndarray, float]:
        """Best-fit parameters and -ln L (``fix_mu``: mu held fixed, nuisances profiled)."""
        x0 = np.zeros(len(self.par_names)) if start is None else np.array(start, dtype=float)
        if start is None:
            x0[0] = 1.0
        bnds = self.bounds()
        opts = {"ftol": 1e-12, "maxiter": 500}
        # SLSQP: L-BFGS-B is slowed 40x by BLAS threads on a shared machine
        if fix_mu is None:
            res = minimize(
                self.nll_grad, x0, args=(data,), jac=True, method="SLSQP", bounds=bnds, options=opts
            )
            return res.x, float(res.fun)
        if len(x0) == 1:
            return np.array([fix_mu]), self.nll([fix_mu], data)

        def reduced(y):
            val, grad = self.nll_grad(np.r_[fix_mu, y], data)
            return val, grad[1:]

        res = minimize(reduced, x0[1:], jac=True, method="SLSQP", bounds=bnds[1:], options=opts)
        return np.r_[fix_mu, res.x], float(res.fun)


# ------------------------------------------------------------------------------------ builders
def _sm_couplings(settings: Settings):
    return sm_nucleon_couplings(settings.sw2_sm, settings.sm_scheme)


def _csi2017(settings: Settings) -> BinnedModel:
    from ..data import load_release

    rel = load_release("csi2017")
    inp = RELEASE_INPUTS["csi2017"]
    pe_lo, pe_hi, t_hi = inp["pe_lo"].value, inp["pe_hi"].value, inp["t_hi"].value
    pe_edges = np.arange(pe_lo, pe_hi + 1.0, 2.0)
    n_pe, n_t = len(pe_edges) - 1, int(round(t_hi / 0.5))

    def grid(arr):  # release rows (PE centre, t centre, counts) -> (12 PE, 12 t)
        out = np.zeros((n_pe, n_t))
        i = np.round((arr[:, 0] - pe_lo - 1.0) / 2.0).astype(int)
        j = np.round((arr[:, 1] - 0.25) / 0.5).astype(int)
        ok = (i >= 0) & (i < n_pe) & (j >= 0) & (j < n_t)
        np.add.at(out, (i[ok], j[ok]), arr[ok, 2])
        return out

    on = grid(rel["data_coincidence_beamOn.txt"])
    off = grid(rel["data_anticoincidence_beamOn.txt"])
    timing = {
        k: rel[f"arrivalTimePDF_{k}.txt"][:n_t, 1]
        for k in ("promptNeutrinos", "delayedNeutrinos", "promptNeutrons")
    }

    det = csi2017("efficiency-only")
    eff_fn = det.efficiency
    centres = np.arange(0.5, pe_hi)  # 1-PE bins 0-1, ..., 29-30
    eff = np.asarray(eff_fn(np.array([eff_fn.recoil_at(x) for x in centres])))

    def to_2pe(per_1pe):
        sel = centres > pe_lo
        return per_1pe[sel].reshape(n_pe, 2).sum(axis=1)

    # CEvNS: dN/dPE per nucleus and flavour, integrated over 1-PE bins (Gauss-Legendre)
    g_p, g_n = _sm_couplings(settings)
    xg, wg = np.polynomial.legendre.leggauss(8)
    pe_nodes = (centres[:, None] + 0.5 * xg[None, :]).ravel()
    t_nodes = np.array([eff_fn.recoil_at(x) for x in pe_nodes])
    dt_dpe = eff_fn.recoil_at(1.0)
    signal = np.zeros((n_pe, n_t))
    parts, templates = {}, {}
    for nuc, _ in det.composition:
        single = det.with_(composition=((nuc, 1.0),))
        part = np.zeros((n_pe, n_t))
        for fl in ("nu_mu", "nu_e", "nu_mu_bar"):
            rate = recoil_spectrum(
                single, t_nodes, g_p, g_n, fl, 0.0, settings.form, settings.kinematics, False
            )
            per_bin = (rate.reshape(len(centres), -1) * 0.5 * wg).sum(axis=1) * dt_dpe * eff
            pdf = timing["promptNeutrinos" if fl == "nu_mu" else "delayedNeutrinos"]
            part += np.outer(to_2pe(per_bin), pdf)
        parts[nuc.name] = float(part.sum())
        templates[nuc.name] = part.ravel()
        signal += part
    pn_pe = rel["promptPDF.txt"][: len(centres), 1] * inp["exposure"].value * eff
    prompt_n = np.outer(to_2pe(pn_pe), timing["promptNeutrons"])
    return BinnedModel(
        "csi2017",
        on.ravel(),
        Sample("cevns", signal.ravel(), inp["sigma_signal"].value),
        (Sample("prompt_neutrons", prompt_n.ravel(), inp["sigma_prompt_neutrons"].value),),
        off=off.ravel(),
        signal_parts=parts,
        info={
            "bins": f"{n_pe} PE bins ({pe_lo:g}-{pe_hi:g} PE) x {n_t} time bins (0-{t_hi:g} us)",
            "shape": (n_pe, n_t),
            "signal_templates": templates,
            "n_sm_published": MEASUREMENTS["csi2017"]["n_sm_published"].value,
        },
    )


def _lar_sm_events(settings: Settings, eff_table: np.ndarray) -> float:
    """cevnslib's SM CEvNS events in CENNS-10 with the release acceptance (keVnr column), counting
    the neutrinos that arrive in the Analysis-A window -0.1 < t_trig < 4.9 us, the window of the
    released PDFs (always: the released CEvNS PDF is an in-window distribution)."""
    d = DETECTOR_INPUTS["lar2020"]
    window = tuple(d[k].value for k in ("t_window_lo", "t_window_hi", "pulse_mean", "pulse_sigma"))
    det = sns_detector(
        "lar2020-release",
        "CENNS-10 (release acceptance)",
        "Ar",
        (("Ar40", 1),),
        RELEASE_INPUTS["lar2020"]["mass_kg"].value,
        d["baseline_m"].value,
        d["n_pot"].value,
        d["nu_per_proton"].value,
        Tabulated(tuple(eff_table[:, 1]), tuple(eff_table[:, 2])),
        time_window=window,
    )
    g_p, g_n = _sm_couplings(settings)
    return float(events(det, g_p, g_n, 0.0, settings.form, settings.kinematics))


def _lar2020(settings: Settings) -> BinnedModel:
    from ..data import load_release

    rel = load_release("lar2020")
    inp = RELEASE_INPUTS["lar2020"]

    def col(f):
        return rel[f][:, 3]

    def shape_only(nom, alt):
        return alt * nom.sum() / alt.sum()

    n_cevnslib = _lar_sm_events(settings, rel["CENNS10AnlAEfficiency.txt"])
    k = n_cevnslib / col("cevnspdf.txt").sum()
    cev = col("cevnspdf.txt") * k
    cev_t = shape_only(cev, col("cevnspdfCEvNSTimingMeanSyst.txt"))
    pred = inp["n_sm_release"]
    cevns = Sample(
        "cevns",
        cev,
        pred.uncertainty / pred.value,  # prediction uncertainty 17/128; dropped by fit()
        (
            (
                "cevns_f90",
                shape_only(cev, col("cevnspdf-1sigF90.txt")),
                shape_only(cev, col("cevnspdf+1sigF90.txt")),
            ),
            ("cevns_timing_mean", 2 * cev - cev_t, cev_t),
        ),
    )
    brn_nom = col("brnpdf.txt") * inp["brn"].value / col("brnpdf.txt").sum()
    brn_w = shape_only(brn_nom, col("brnpdfBRNTimingWidthSyst.txt"))
    brn = Sample(
        "brn",
        brn_nom,
        inp["brn"].uncertainty / inp["brn"].value,
        (
            (
                "brn_energy",
                shape_only(brn_nom, col("brnpdf-1sigEnergy.txt")),
                shape_only(brn_nom, col("brnpdf+1sigEnergy.txt")),
            ),
            (
                "brn_timing_mean",
                shape_only(brn_nom, col("brnpdf-1sigBRNTimingMean.txt")),
                shape_only(brn_nom, col("brnpdf+1sigBRNTimingMean.txt")),
            ),
            ("brn_timing_width", np.clip(2 * brn_nom - brn_w, 0, None), brn_w),
        ),
    )
    dnom = col("delbrnpdf.txt") * inp["delayed_brn"].value / col("delbrnpdf.txt").sum()
    delayed = Sample("delayed_brn", dnom, inp["delayed_brn"].uncertainty / inp["delayed_brn"].value)
    snom = col("bkgpdf.txt") * inp["steady_state"].value / col("bkgpdf.txt").sum()
    ss = Sample("steady_state", snom, inp["steady_state"].uncertainty / inp["steady_state"].value)
    return BinnedModel(
        "lar2020",
        col("datanobkgsub.txt"),
        cevns,
        (brn, delayed, ss),
        signal_parts={"Ar40": float(cev.sum())},
        info={
            "bins": "12 E x 8 F90 x 10 t = 960 bins",
            "shape": (12, 8, 10),
            "n_sm_release": inp["n_sm_release"].value,
            "n_sm_published": MEASUREMENTS["lar2020"]["n_sm_published"].value,
        },
    )


def _csi2021_timing(pulse_t: np.ndarray, pulse: np.ndarray, t_edges: np.ndarray, inp) -> dict:
    """Arrival-time fractions per time bin (timing efficiency included) for prompt and delayed nu.

    Model (stated): the proton pulse is the released BRN arrival-time PDF (beam-related neutrons
    follow the pulse; their time of flight, tens of ns, is neglected here and covered by the timing
    offsets of :func:`csi2021_model`); prompt nu_mu = pulse (x) pion decay (tau 26 ns); delayed nu_e,
    anti-nu_mu = that (x) muon decay (tau 2.197 us).  A timing offset enters as ``pulse_t + delta``:
    the whole neutrino arrival-time distribution moves by delta before the timing efficiency (a
    function of the reconstructed time) and the rebinning are applied.
    """
    from ..physics.constants import PARAMETERS

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
    det = sns_detector(
        "csi2021-release",
        "CsI[Na] 2021 (release response)",
        "CsI",
        (("Cs133", 1), ("I127", 1)),
        inp["mass_kg"].value,
        inp["baseline_m"].value,
        inp["n_pot"].value,
        inp["nu_per_proton"].value,
        Flat(1.0),
    )
    from scipy.stats import gamma

    g_p, g_n = _sm_couplings(settings)
    xg, wg = np.polynomial.legendre.leggauss(20)
    t_edges_kev = np.linspace(0.0, 60.0, 31)
    t_kev = (
        (t_edges_kev[:-1, None] + t_edges_kev[1:, None]) / 2
        + np.diff(t_edges_kev)[:, None] / 2 * xg
    ).ravel()
    w_kev = (np.diff(t_edges_kev)[:, None] / 2 * wg).ravel()
    a, b, c, d = rel["scintRespCoefficients.txt"][qf_row]
    t_mev = t_kev * 1e-3
    e_ee = (a * t_mev + b * t_mev**2 + c * t_mev**3 + d * t_mev**4) * 1e3  # keVee
    e_ee = np.clip(e_ee, 1e-6, None)
    ly = inp["light_yield"].value
    sa, sb = inp["smear_a"].value / e_ee, inp["smear_b"].value * e_ee
    fine = np.arange(0.0, pe_edges[-1] + 0.125, 0.25)
    cdf = gamma.cdf(fine[None, :], 1.0 + sb[:, None], scale=1.0 / (sa * (1.0 + sb))[:, None])
    prob = np.diff(cdf, axis=1)  # (T nodes, fine PE bins)
    ea, eb, ec, ed = rel["effCoefficients.txt"][eff_row]
    centres = 0.5 * (fine[1:] + fine[:-1])
    eff = np.clip(ea / (1.0 + np.exp(-eb * (centres - ec))) + ed, 0.0, 1.0)
    pe_idx = np.digitize(centres, pe_edges) - 1
    parts = {}
    for nuc, _ in det.composition:
        single = det.with_(composition=((nuc, 1.0),))
        part = 0.0
        for fl in ("nu_mu", "nu_e", "nu_mu_bar"):
            rate = recoil_spectrum(
                single, t_kev * u.keV, g_p, g_n, fl, 0.0, settings.form, settings.kinematics, False
            )
            counts = (rate * w_kev * u.keV) @ prob * eff  # per fine PE bin
            per_pe = np.bincount(pe_idx, weights=counts, minlength=len(pe_edges) - 1)
            part = part + np.outer(per_pe, timing["prompt" if fl == "nu_mu" else "delayed"])
        parts[nuc.name] = part.ravel()
    _ = ly  # the light yield enters through the smearing (mean PE = E_ee / a = 13.35 E_ee)
    return parts


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
    from ..data import load_release

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


def fisher_floor(model: BinnedModel) -> float:
    """Smallest standard deviation of the fitted CEvNS count [events] that the data allow in the
    model's binning: statistics only (every nuisance fixed), Fisher information at mu = 1,

        sigma_N = N_SM / sqrt(sum_i s_i^2 / V_i),  V_i = nu_i (+ b_i with an on/off steady state,
        whose per-bin rate b_i is profiled against the anti-coincidence counts).
    """
    theta = np.r_[1.0, np.zeros(len(model.par_names) - 1)]
    nu, s = model.expected(theta)
    var = nu.copy()
    if model.off is not None:
        b = np.clip(model.off, 0.5, None)  # the steady state per bin, from the AC counts
        var = nu + 2.0 * b  # Pois(n | nu + b) Pois(a | b) with b profiled: s^2 / (nu + 2 b)
    info = float(np.sum(s**2 / np.clip(var, 1e-12, None)))
    return float(s.sum()) / np.sqrt(info)


_BUILDERS = {"csi2017": _csi2017, "lar2020": _lar2020, "csi2021": _csi2021}


def _check_release(name: str, settings: Settings) -> None:
    """The checks every public function of this module makes once: a release name, Settings."""
    check_choice("experiment", name, LIKELIHOODS)
    check_instance("settings", settings, Settings, "see cevnslib.experiments.registry.Settings")


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise InputError(f"{name} = {value!r} is not allowed: must be True or False")


def build_model(name: str, settings: Settings = DEFAULT) -> BinnedModel:
    """The binned likelihood of release ``name`` (raises ReleaseUnavailable without its data)."""
    _check_release(name, settings)
    return _build(name, settings)


@lru_cache(maxsize=8)
def _build(name: str, settings: Settings) -> BinnedModel:
    return _BUILDERS[name](settings)


# ------------------------------------------------------------------------------------ pyhf export
def workspace(model: BinnedModel) -> dict[str, Any]:
    """The model as a pyhf JSON workspace (HistFactory; same log-likelihood as :meth:`BinnedModel.nll`)."""
    check_instance("model", model, BinnedModel, "see build_model")

    def mods(s: Sample, poi: bool) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = (
            [{"name": "mu", "type": "normfactor", "data": None}] if poi else []
        )
        if s.sigma is not None:
            out.append(
                {
                    "name": f"{s.name}_norm",
                    "type": "histosys",
                    "data": {
                        "hi_data": (s.nominal * (1 + s.sigma)).tolist(),
                        "lo_data": (s.nominal * (1 - s.sigma)).tolist(),
                    },
                }
            )
        for name, lo, hi in s.shapes:
            out.append(
                {
                    "name": name,
                    "type": "histosys",
                    "data": {"hi_data": hi.tolist(), "lo_data": lo.tolist()},
                }
            )
        return out

    samples = [
        {"name": s.name, "data": s.nominal.tolist(), "modifiers": mods(s, s is model.signal)}
        for s in model.samples
    ]
    channels = [{"name": "on", "samples": samples}]
    observations = [{"name": "on", "data": model.data.tolist()}]
    parameters: list[dict[str, Any]] = [{"name": "mu", "bounds": [[0.0, 20.0]], "inits": [1.0]}]
    if model.off is not None:
        ss_nom = np.where(model.off > 0, model.off, 1.0)
        ss = {"name": "steady_state", "type": "shapefactor", "data": None}
        channels[0]["samples"].append(
            {"name": "steady_state", "data": ss_nom.tolist(), "modifiers": [ss]}
        )
        channels.append(
            {
                "name": "off",
                "samples": [{"name": "steady_state", "data": ss_nom.tolist(), "modifiers": [ss]}],
            }
        )
        observations.append({"name": "off", "data": model.off.tolist()})
        n = len(ss_nom)
        parameters.append({"name": "steady_state", "bounds": [[0.0, 50.0]] * n, "inits": [1.0] * n})
    return {
        "version": "1.0.0",
        "channels": channels,
        "observations": observations,
        "measurements": [{"name": model.name, "config": {"poi": "mu", "parameters": parameters}}],
    }


def pyhf_pars(model: BinnedModel, pyhf_model, theta: ArrayLike) -> np.ndarray:
    """pyhf parameter vector for our parameters ``theta`` (steady state at its profiled value)."""
    check_instance("model", model, BinnedModel, "see build_model")
    check_finite("theta", theta)
    if np.shape(theta) != (len(model.par_names),):
        raise InputError(
            f"theta has shape {np.shape(theta)}: allowed one value per parameter, "
            f"{len(model.par_names)} ({', '.join(model.par_names)})"
        )
    pars = np.asarray(pyhf_model.config.suggested_init(), dtype=float)
    for name, value in zip(model.par_names, np.asarray(theta, dtype=float), strict=True):
        pars[pyhf_model.config.par_slice(name)] = value
    if model.off is not None:
        nu, _ = model.expected(theta)
        ss_nom = np.where(model.off > 0, model.off, 1.0)
        pars[pyhf_model.config.par_slice("steady_state")] = model.steady_state(nu) / ss_nom
    return pars


# ------------------------------------------------------------------------------------ fits
@dataclass(frozen=True)
class FitResult:
    """Best fit with free signal normalisation (counts in the fit region)."""

    experiment: str
    n_cevns_fit: float
    n_cevns_err: float  # symmetrised 68% profile interval
    n_cevns_interval: tuple[float, float]
    n_sm: float
    mu_hat: float
    backgrounds: dict[str, float]
    background_errors: dict[str, float]
    nll_min: float
    n_data: float
    parameters: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {
            "experiment": self.experiment,
            "n_cevns_fit": self.n_cevns_fit,
            "n_cevns_err": self.n_cevns_err,
            "n_cevns_interval": list(self.n_cevns_interval),
            "n_sm": self.n_sm,
            "mu_hat": self.mu_hat,
            "backgrounds": self.backgrounds,
            "background_errors": self.background_errors,
            "n_data": self.n_data,
            "nll_min": self.nll_min,
            "parameters": self.parameters,
        }


@dataclass(frozen=True)
class Profile:
    """-2 ln lambda(mu) on a grid, relative to its minimum, with a cubic-spline interpolation."""

    mu: np.ndarray
    q: np.ndarray
    mu_hat: float

    @cached_property
    def spline(self) -> CubicSpline:
        """The cubic spline through (mu, q), built once and stored on this profile (never shared)."""
        return CubicSpline(self.mu, self.q)

    def __call__(self, mu: ArrayLike) -> np.ndarray:
        check_nonnegative("mu", mu)
        return self._eval(np.asarray(mu, dtype=float))

    def _eval(self, mu: np.ndarray) -> np.ndarray:
        """:meth:`__call__` without its input check (mu finite and >= 0, checked by the caller)."""
        spline = self.spline
        inside = np.clip(mu, self.mu[0], self.mu[-1])
        # beyond the grid: quadratic continuation with the end curvature (monotone, conservative)
        edge = np.where(mu > self.mu[-1], self.mu[-1], self.mu[0])
        slope = spline(edge, 1)
        out = spline(inside) + np.where(mu != inside, slope * (mu - edge), 0.0)
        return np.maximum(out, 0.0)

    def interval(self, level: float = 1.0) -> tuple[float, float]:
        """mu where -2 ln lambda crosses ``level`` below and above the minimum."""
        check_positive("level", level)
        f = lambda m: float(self._eval(np.asarray(m))) - level  # noqa: E731
        lo = brentq(f, self.mu[0], self.mu_hat) if f(self.mu[0]) > 0 else self.mu[0]
        hi = brentq(f, self.mu_hat, self.mu[-1]) if f(self.mu[-1]) > 0 else self.mu[-1]
        return float(lo), float(hi)


def _hessian(fun, x, bounds, h=1e-4):
    n = len(x)
    hess = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):

            def f(di, dj, i=i, j=j):
                y = x.copy()
                y[i] += di
                y[j] += dj
                return fun(y)

            hess[i, j] = hess[j, i] = (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h)
    return hess


def _asimov(model: BinnedModel) -> np.ndarray:
    nu, _ = model.expected(np.r_[1.0, np.zeros(len(model.par_names) - 1)])
    return nu + (model.off if model.off is not None else 0.0)


def profile(
    name: str, settings: Settings = DEFAULT, asimov: bool = False, n: int = 41, mu_max: float = 3.0
) -> Profile:
    """Profile likelihood in mu on ``n`` points in [0, mu_max] (``asimov``: SM expectation as data).

    Cached per (name, settings, asimov, n, mu_max); :func:`profile_uncached` recomputes.
    ``n``: 5-2001 points; ``mu_max``: in (0, 20) (the bounds of mu in the fit).
    """
    _check_profile(name, settings, asimov, n, mu_max)
    return _profile(name, settings, asimov, n, mu_max)


def _check_profile(name, settings, asimov, n, mu_max) -> None:
    _check_release(name, settings)
    _check_flag("asimov", asimov)
    check_integer("n", n, 5, 2001)
    check_in_range("mu_max", mu_max, 0.0, 20.0, why="the bounds of mu in the fit")


def profile_uncached(
    name: str, settings: Settings = DEFAULT, asimov: bool = False, n: int = 41, mu_max: float = 3.0
) -> Profile:
    """:func:`profile` without its cache (for benchmarks)."""
    _check_profile(name, settings, asimov, n, mu_max)
    return _profile.__wrapped__(name, settings, asimov, n, mu_max)


@lru_cache(maxsize=32)
def _profile(name: str, settings: Settings, asimov: bool, n: int, mu_max: float) -> Profile:
    model = build_model(name, settings)
    data = _asimov(model) if asimov else None
    best, nll0 = model.minimise(data=data)
    grid = np.linspace(0.0, mu_max, n)
    q = np.zeros(n)
    split = int(np.searchsorted(grid, best[0]))
    for order in (range(split, n), range(split - 1, -1, -1)):  # outwards from mu_hat, warm starts
        start = best.copy()
        for k in order:
            start, v = model.minimise(start, fix_mu=grid[k], data=data)
            q[k] = 2.0 * (v - nll0)
    q = np.maximum(q, 0.0)
    return Profile(grid, q, float(best[0]))


def profile_of_model(
    model: BinnedModel, asimov: bool = False, n: int = 41, mu_max: float = 3.0
) -> Profile:
    """:func:`profile` for a model built outside the registry (e.g. :func:`csi2021_model` variants)."""
    data = _asimov(model) if asimov else None
    best, nll0 = model.minimise(data=data)
    grid = np.linspace(0.0, mu_max, n)
    q = np.zeros(n)
    split = int(np.searchsorted(grid, best[0]))
    for order in (range(split, n), range(split - 1, -1, -1)):
        start = best.copy()
        for k in order:
            start, v = model.minimise(start, fix_mu=grid[k], data=data)
            q[k] = 2.0 * (v - nll0)
    return Profile(grid, np.maximum(q, 0.0), float(best[0]))


def fit(name: str, settings: Settings = DEFAULT) -> FitResult:
    """Fit release ``name`` with a free signal normalisation: fitted CEvNS counts, backgrounds, N_SM.

    For CsI 2021 the count is reported from the model with shape-only response modes
    (:data:`CSI2021_RESPONSE`): N = mu x N_SM then means events, with no normalisation effect of
    the efficiency or quenching folded into it.
    """
    _check_release(name, settings)
    model = _build(name, settings)
    counts = model.info.get("counts_model")
    if counts is not None:
        model = _csi2021(*counts)
    theta, nll0 = model.minimise()
    if model.signal.sigma is not None:  # signal strength free: drop its normalisation prior
        free = BinnedModel(
            model.name,
            model.data,
            Sample("cevns", model.signal.nominal, None, model.signal.shapes),
            model.backgrounds,
            model.off,
            model.signal_parts,
            model.info,
        )
        theta, nll0 = free.minimise()
        model = free
    n_sm = float(model.signal.nominal.sum())
    pars = dict(zip(model.par_names, theta, strict=True))
    cov = np.linalg.pinv(_hessian(model.nll, theta, model.bounds()))
    err = np.sqrt(np.clip(np.diag(cov), 0, None))

    # profile interval of mu (Delta(-2 ln L) = 1)
    def q(m):
        return 2.0 * (model.minimise(theta, fix_mu=m)[1] - nll0)

    mu_hat = float(theta[0])
    lo = brentq(lambda m: q(m) - 1.0, max(mu_hat - 6 * err[0], 0.0), mu_hat) if q(0.0) > 1 else 0.0
    hi = brentq(lambda m: q(m) - 1.0, mu_hat, mu_hat + 6 * err[0] + 0.1)
    backgrounds, berr = {}, {}
    for b in model.backgrounds:
        nom = float(b.nominal.sum())
        if b.sigma is not None:
            i = model.par_names.index(f"{b.name}_norm")
            backgrounds[b.name] = nom * (1 + b.sigma * theta[i])
            berr[b.name] = nom * b.sigma * float(err[i])
        else:
            backgrounds[b.name] = nom
            berr[b.name] = 0.0
    if model.off is not None:
        nu, _ = model.expected(theta)
        ss = model.steady_state(nu)
        backgrounds["steady_state"] = float(ss.sum())
        berr["steady_state"] = float(np.sqrt(model.off.sum()) / 2**0.5)  # on/off: ~sqrt((n+a)/4)
    return FitResult(
        name,
        mu_hat * n_sm,
        0.5 * (hi - lo) * n_sm,
        (lo * n_sm, hi * n_sm),
        n_sm,
        mu_hat,
        backgrounds,
        berr,
        nll0,
        float(model.data.sum()),
        {k: float(v) for k, v in pars.items()},
    )


# ------------------------------------------------------------------------------------ model points
def signal_scale(
    name: str, beta: ArrayLike, x: ArrayLike, settings: Settings = DEFAULT
) -> np.ndarray:
    """mu = sum_i w_i ((Q_SM,i + x dQ_i)/Q_SM,i)^2 at x = (M_Z/M_Z')^2, w_i the SM share of nucleus i."""
    _check_release(name, settings)
    check_beta(beta, settings.sw2)
    check_nonnegative("x", x)  # x = (M_Z/M_Z')^2 >= 0; 0 is the SM
    return _signal_scale(name, beta, x, settings)


def _signal_scale(name: str, beta, x, settings: Settings) -> np.ndarray:
    """:func:`signal_scale` without its input checks (bounds and grids check once)."""
    model = _build(name, settings)
    det = csi2017("coherent") if name.startswith("csi") else None
    resp = response(det) if det is not None else _lar_response()
    charges = _weak_charges_x(resp, beta, settings)
    total = sum(model.signal_parts.values())
    x = np.asarray(x, dtype=float)
    out = 0.0
    for nuc, (q, dq) in zip(resp.nuclei, charges, strict=True):
        w = model.signal_parts[nuc.name] / total
        out = out + w * ((q + x * dq) / q) ** 2
    return np.asarray(out)


@lru_cache(maxsize=1)
def _lar_response():
    from .detectors import lar2020

    return response(lar2020())


def binned_bound(
    name: str, beta: float, settings: Settings = DEFAULT, cl: float = 0.9, asimov: bool = False
) -> Bound:
    """Lower bound on M_Z' from the profiled binned likelihood (Delta(-2 ln L) at ``cl``)."""
    _check_release(name, settings)
    check_finite("beta", beta)
    if np.ndim(beta) != 0:
        raise InputError(f"beta = {beta!r} is not allowed: must be one finite number")
    check_beta(beta, settings.sw2)
    check_in_range("cl", cl, 0.0, 1.0)
    _check_flag("asimov", asimov)
    prof = _profile(name, settings, asimov, 41, 3.0)
    return lower_bound(lambda x: prof._eval(_signal_scale(name, beta, x, settings)), M_Z, cl)


def binned_delta_grid(
    name: str,
    betas: ArrayLike,
    mzps: ArrayLike,
    settings: Settings = DEFAULT,
    asimov: bool = False,
    sm: bool = False,
) -> Any:
    """Delta(-2 ln L) on a (beta, M_Z') grid relative to the minimum over M_Z' and the SM per beta.

    ``sm``: also return the value of the SM per beta, as (grid, sm_values).
    """
    _check_release(name, settings)
    _check_flag("asimov", asimov)
    _check_flag("sm", sm)
    for label, axis in (("betas", betas), ("mzps", mzps)):
        if np.ndim(axis) != 1 or np.size(axis) == 0:
            raise InputError(
                f"{label} has shape {np.shape(axis)}: allowed a non-empty one-dimensional array"
            )
    check_beta(betas, settings.sw2)
    check_positive("mzps", mzps)
    prof = _profile(name, settings, asimov, 41, 3.0)
    betas = np.asarray(betas, dtype=float)[:, None]
    x = np.asarray(mass_ratio_squared(np.asarray(mzps, dtype=float)))[None, :]
    q = prof._eval(_signal_scale(name, betas, x, settings))
    q_sm = prof._eval(_signal_scale(name, betas, 0.0 * betas, settings))
    ref = np.minimum(q.min(axis=1, keepdims=True), q_sm)
    if sm:
        return q - ref, np.broadcast_to(q_sm - ref, ref.shape)[:, 0]
    return q - ref


@lru_cache(maxsize=32)
def _csi2021_profile(
    settings: Settings, steady_state: str, timing_offsets: bool, asimov: bool
) -> Profile:
    """Profile of a CsI 2021 variant (response modes as released, paper binning), cached."""
    if steady_state == "on-off" and timing_offsets:  # the default model: share its profile
        return _profile("csi2021", settings, asimov, 41, 3.0)
    return profile_of_model(
        _csi2021(settings, "full", steady_state, timing_offsets=timing_offsets), asimov
    )


def csi2021_bound_spread(
    beta: float, settings: Settings = DEFAULT, cl: float = 0.9, asimov: bool = False
) -> dict[str, Any]:
    """The binned CsI 2021 lower bound on M_Z' [GeV] under each modelling choice of the release and
    its spread: steady state (:data:`CSI2021_STEADY_STATE`) x arrival-time offsets
    (:data:`CSI2021_TIMING_OFFSETS`), response modes as released, paper binning.

    Convention as :func:`binned_bound`: Delta(-2 ln L) at ``cl`` (two-sided for one parameter,
    Wilks), minimum over M_Z' including the SM; ``asimov``: the expected (median) bound from the SM
    expectation as data.  Returns ``rows`` (steady_state, timing_offsets, mzp_min per variant),
    ``default`` (on/off with timing offsets = :func:`binned_bound`), ``min``, ``max`` and
    ``spread`` = (max - min) / default, with ``beta``, ``cl``, ``asimov`` and ``convention``.
    """
    check_instance("settings", settings, Settings, "see cevnslib.experiments.registry.Settings")
    check_finite("beta", beta)
    if np.ndim(beta) != 0:
        raise InputError(f"beta = {beta!r} is not allowed: must be one finite number")
    check_beta(beta, settings.sw2)
    check_in_range("cl", cl, 0.0, 1.0)
    _check_flag("asimov", asimov)
    rows = []
    for ss in CSI2021_STEADY_STATE:
        for offsets in CSI2021_TIMING_OFFSETS:
            prof = _csi2021_profile(settings, ss, offsets, bool(asimov))
            bound = lower_bound(
                lambda x, p=prof: p._eval(_signal_scale("csi2021", beta, x, settings)), M_Z, cl
            )
            rows.append({"steady_state": ss, "timing_offsets": offsets, "mzp_min": bound.mzp_min})
    values = np.array([r["mzp_min"] for r in rows])
    default = float(values[0])  # (on-off, True): the default model
    return {
        "beta": float(beta),
        "cl": float(cl),
        "asimov": bool(asimov),
        "convention": "Delta(-2 ln L) two-sided (Wilks), minimum over M_Z' including the SM",
        "rows": rows,
        "default": default,
        "min": float(values.min()),
        "max": float(values.max()),
        "spread": float((values.max() - values.min()) / default),
    }


def hypotest_cls(name: str | BinnedModel, mu: float, settings: Settings = DEFAULT) -> float:
    """CLs of signal strength ``mu`` with pyhf.infer.hypotest (q~_mu, asymptotics) on the workspace.

    ``name``: a release name or a :class:`BinnedModel`.  pyhf minimises numerically: seconds for
    LAr 2020 (9 parameters), much longer for CsI 2017 (144 steady-state shapefactors).
    """
    import pyhf

    check_nonnegative("mu", mu)
    if np.ndim(mu) != 0:
        raise InputError(f"mu = {mu!r} is not allowed: must be one finite number >= 0")
    model = name if isinstance(name, BinnedModel) else build_model(name, settings)
    ws = pyhf.Workspace(workspace(model))
    model = ws.model()
    return float(pyhf.infer.hypotest(mu, ws.data(model), model, test_stat="qtilde"))
