"""Arrival-time windows: the LAr Analysis-A window and the CsI 2017 0-6 us window of Eq. 60.

COHERENT's LAr SM prediction (128 +- 17), its fit (159 +- 43) and the released PDFs belong to
-0.1 < t_trig < 4.9 us (COHERENT:2020ykq); the CsI 2017 counts of Eq. 60 (142, B_ss = 405) to
0-6 us (Akimov2018).  The in-window fractions are computed from the proton pulse and the pion and
muon lifetimes (cevnslib.physics.fluxes.arrival_time_cdf).
"""

import json

import numpy as np
import pytest
from scipy.signal import fftconvolve

from cevnslib.errors import InputError
from cevnslib.experiments import likelihoods as L
from cevnslib.experiments.detectors import DETECTOR_INPUTS, csi2017, lar2020
from cevnslib.experiments.registry import MEASUREMENTS, Settings, get_experiment
from cevnslib.physics.constants import PARAMETERS
from cevnslib.physics.fluxes import arrival_time_cdf, window_fraction
from cevnslib.physics.model331 import SQRT3
from tests.test_cli import call

LAR = DETECTOR_INPUTS["lar2020"]
LAR_WINDOW = tuple(
    LAR[k].value for k in ("t_window_lo", "t_window_hi", "pulse_mean", "pulse_sigma")
)


def test_window_parameters_have_a_source():
    assert (LAR["t_window_lo"].value, LAR["t_window_hi"].value) == (-0.1, 4.9)
    assert (LAR["pulse_mean"].value, LAR["pulse_sigma"].value) == (0.44, 0.15)  # yaml: 440, 150 ns
    assert LAR["pulse_mean"].ref == "COHERENT:2020ykq"
    assert PARAMETERS["TAU_MU"].value == pytest.approx(2.197, abs=1e-3)


def test_in_window_fractions():
    fr = dict(zip(("nu_mu", "nu_e", "nu_mu_bar"), lar2020().time_fractions, strict=True))
    assert fr["nu_mu"] == pytest.approx(1.0, abs=2e-4)  # prompt: the pulse is well inside
    assert fr["nu_e"] == fr["nu_mu_bar"] == pytest.approx(0.867, abs=0.002)  # delayed: ~87 %
    # the window's upper edge dominates: 1 - exp(-(t_hi - t0 - tau_pi)/tau_mu) exp(s^2/2tau_mu^2)
    t_lo, t_hi, t0, s = LAR_WINDOW
    tau_mu, tau_pi = PARAMETERS["TAU_MU"].value, PARAMETERS["TAU_PI"].value
    approx = 1 - np.exp(-(t_hi - t0 - tau_pi) / tau_mu + s**2 / (2 * tau_mu**2))
    assert fr["nu_e"] == pytest.approx(approx, abs=2e-3)
    # CsI 2017 Eq. 60 window 0-6 us
    assert csi2017().time_fractions == ()  # default: the paper's N_th at every arrival time
    f = csi2017(time_window="release").time_fractions
    assert f[0] == pytest.approx(1.0, abs=1e-4) and f[1] == pytest.approx(0.909, abs=0.002)


def test_arrival_cdf_against_a_numerical_convolution():
    dt = 1e-3
    t = np.arange(-2.0, 40.0, dt)
    t0, s = 0.44, 0.15
    pulse = np.exp(-0.5 * ((t - t0) / s) ** 2)
    for tau in (PARAMETERS["TAU_PI"].value, PARAMETERS["TAU_MU"].value):
        k = np.exp(-np.arange(0, 40.0, dt) / tau)
        pulse = fftconvolve(pulse, k / k.sum())[: len(t)]  # = np.convolve, in O(n log n)
    cdf = np.cumsum(pulse) / pulse.sum()
    for edge in (-0.1, 0.4, 1.0, 4.9):
        i = int(round((edge + 2.0) / dt))
        assert cdf[i] == pytest.approx(float(arrival_time_cdf(edge, "nu_e", t0, s)), abs=2e-3)


def test_bad_window_input():
    with pytest.raises(InputError, match="t_hi"):
        window_fraction("nu_e", 1.0, 1.0, 0.44, 0.15)
    with pytest.raises(InputError, match="pulse_sigma"):
        window_fraction("nu_e", 0.0, 1.0, 0.44, 0.0)
    with pytest.raises(InputError, match="flavour"):
        window_fraction("nu_tau", 0.0, 1.0, 0.44, 0.15)
    with pytest.raises(InputError, match="lar_time_window"):
        Settings(lar_time_window="late")
    with pytest.raises(InputError, match="csi_time_window"):
        Settings(csi_time_window="0-12")


def test_lar_sm_in_window_agrees_with_coherent():
    # COHERENT:2020iec: SM 128 +- 17 in -0.1 < t_trig < 4.9 us; ours with the paper's 24.0 kg
    pub = MEASUREMENTS["lar2020"]["n_sm_published"]
    n = float(get_experiment("lar2020").n_sm())
    assert n == pytest.approx(125.17, abs=0.05)
    assert abs(n / pub.value - 1) < 0.03
    assert float(get_experiment("lar2020").n_sm(Settings(lar_time_window="all"))) > 139


def test_lar_timing_projection_against_the_release(release):
    # the release's CEvNS PDF (128 in the window) summed over E and F90, bin by bin
    rel = release("lar2020")
    c = rel["cevnspdf.txt"]
    centres = np.unique(c[:, 2])
    proj = np.array([c[c[:, 2] == t, 3].sum() for t in centres])
    edges = np.r_[centres - 0.25, centres[-1] + 0.25]
    assert edges[0] == pytest.approx(-0.1) and edges[-1] == pytest.approx(4.9)
    n = get_experiment("lar2020").n_sm(Settings(lar_time_window="all"), by_flavour=True)
    model = sum(
        n[f] * np.diff(arrival_time_cdf(edges, f, *LAR_WINDOW[2:]))
        for f in ("nu_mu", "nu_e", "nu_mu_bar")
    )
    np.testing.assert_allclose(model / proj, 1.0, atol=0.07)  # 0.94-1.04 bin by bin
    assert model.sum() == pytest.approx(float(get_experiment("lar2020").n_sm()), rel=1e-9)


def test_csi_pulse_mean_from_the_release(release):
    rel = release("csi2017")
    pdf = rel["arrivalTimePDF_promptNeutrinos.txt"]
    mean = float((pdf[:, 0] * pdf[:, 1]).sum() / pdf[:, 1].sum())
    tau_pi = PARAMETERS["TAU_PI"].value
    assert DETECTOR_INPUTS["csi2017"]["pulse_mean"].value == pytest.approx(mean - tau_pi, abs=2e-3)
    # the released delayed PDF keeps 91.5 % in 0-6 us; the analytic pulse model 90.9 %
    delayed = rel["arrivalTimePDF_delayedNeutrinos.txt"]
    released = float(delayed[delayed[:, 0] < 6.0, 1].sum())
    assert csi2017(time_window="release").time_fractions[1] == pytest.approx(released, abs=0.01)


def test_eq60_in_one_window():
    csi = get_experiment("csi2017")
    one = Settings(csi_time_window="release")
    assert float(csi.n_sm()) == pytest.approx(177.3, abs=0.1)  # the paper's: every arrival time
    assert float(csi.n_sm(one)) == pytest.approx(163.8, abs=0.1)  # 0-6 us, as N_meas and B_ss
    # measured 2026-12-05: 1412.2 GeV (the paper's mixed windows) and 1351.3 GeV (one window)
    assert csi.bound(-SQRT3).mzp_min == pytest.approx(1412.2, rel=2e-3)
    assert csi.bound(-SQRT3, one).mzp_min == pytest.approx(1351.3, rel=2e-3)


def test_lar_binned_normalised_in_the_window(release):
    release("lar2020")
    m = L.build_model("lar2020")
    assert m.signal.nominal.sum() == pytest.approx(m.info["n_sm_release"], rel=0.01)
    # measured 2026-12-05: binned 90% CL bound at beta = -sqrt3, observed and Asimov
    assert L.binned_bound("lar2020", -SQRT3).mzp_min == pytest.approx(1230.4, rel=3e-3)
    assert L.binned_bound("lar2020", -SQRT3, asimov=True).mzp_min == pytest.approx(1466.8, rel=3e-3)


def test_cli_time_window_options(capsys):
    rc, out, _ = call(capsys, "events", "--experiment", "lar2020", "--json")
    assert rc == 0 and json.loads(out)["n_sm"] == pytest.approx(125.17, abs=0.05)
    rc, out, _ = call(
        capsys, "events", "--experiment", "lar2020", "--lar-time-window", "all", "--json"
    )
    assert rc == 0 and json.loads(out)["n_sm"] == pytest.approx(139.69, abs=0.05)
    rc, out, _ = call(
        capsys, "bound", "--experiment", "csi2017", "--beta", "-1.7320508",
        "--csi-time-window", "release", "--toys", "50", "--json",
    )  # fmt: skip
    assert rc == 0 and json.loads(out)["mzp_min_gev"] == pytest.approx(1351.3, rel=2e-3)


@pytest.mark.parametrize(
    "args",
    [
        ("--csi-time-window", "bogus"),
        ("--lar-time-window", "late"),
        ("--csi-time-window", "release", "--experiment", "lar2020"),
    ],
)
def test_cli_time_window_bad_input_exits_2(capsys, args):
    exp = () if "--experiment" in args else ("--experiment", "combined-2020")
    rc, out, err = call(capsys, "bound", *exp, "--beta", "0", *args)
    assert rc == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
