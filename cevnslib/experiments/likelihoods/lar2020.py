"""The LAr 2020 release likelihood (:func:`_lar2020`): the 960 (E, F90, t) bins of Analysis A,
the CEvNS shape of the release normalised to cevnslib's prediction (:func:`_lar_sm_events`)."""

from __future__ import annotations

import numpy as np

from ..detectors import DETECTOR_INPUTS, Tabulated, sns_detector
from ..rates import events
from ..registry import MEASUREMENTS, Settings
from .inputs import RELEASE_INPUTS, _sm_couplings
from .model import BinnedModel, Sample

__all__: list[str] = []  # the builder is private: the registry is builders.build_model


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
    from ...data import load_release

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
