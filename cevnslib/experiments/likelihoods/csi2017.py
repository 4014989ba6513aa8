"""The CsI 2017 release likelihood (:func:`_csi2017`): 12 PE x 12 arrival-time bins, CEvNS and
prompt neutrons, per-bin steady state from the anti-coincidence counts."""

from __future__ import annotations

import numpy as np

from ..detectors import csi2017
from ..rates import recoil_spectrum
from ..registry import MEASUREMENTS, Settings
from .inputs import RELEASE_INPUTS, _sm_couplings
from .model import BinnedModel, Sample

__all__: list[str] = []  # the builder is private: the registry is builders.build_model


def _csi2017(settings: Settings) -> BinnedModel:
    from ...data import load_release

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
