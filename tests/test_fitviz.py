"""fitviz: fits for arbitrary detectors agree with the registered experiments where they overlap."""

import numpy as np
import pytest

from cevnslib.book.fitviz import detector_bound, detector_events_x
from cevnslib.experiments.detectors import csi2017, lar2020, nai_projection
from cevnslib.experiments.registry import MEASUREMENTS, Settings, get_experiment
from cevnslib.physics.model331 import BENCHMARK_BETAS, SQRT3, mass_ratio_squared
from cevnslib.stats.bounds import chi2_csi, chi2_normalisation, chi2_projection


@pytest.mark.parametrize(
    "settings", [Settings(), Settings(zp_sign=-1), Settings(sw2=0.23122, form="helm-ls")]
)
@pytest.mark.parametrize("beta", list(BENCHMARK_BETAS.values()))
def test_events_equal_experiment_n_model(beta, settings):
    csi = get_experiment("csi2017")
    mzp = np.array([300.0, 1000.0, 5000.0])
    ours = detector_events_x(csi2017(settings.csi_window), beta, mass_ratio_squared(mzp), settings)
    np.testing.assert_allclose(ours, csi.n_model(beta, mzp, settings), rtol=1e-12)


def test_sm_limit_and_decoupling():
    nai = nai_projection(185.0)
    n_sm = detector_events_x(nai, -SQRT3, 0.0)
    assert float(detector_events_x(nai, -SQRT3, 1e-12)) == pytest.approx(float(n_sm), rel=1e-9)
    # the derived sign of the Z' term interferes constructively
    assert float(detector_events_x(nai, -SQRT3, 1e-2)) > 1.05 * float(n_sm)


def test_bound_equals_experiment_bound_csi():
    m = {k: p.value for k, p in MEASUREMENTS["csi2017"].items()}

    def chi2(n):
        return chi2_csi(n, m["n_meas"], m["b_on"], m["b_ss"], m["sigma_alpha"], m["sigma_beta"])

    ours = detector_bound(csi2017(), -SQRT3, chi2)
    assert ours.mzp_min == pytest.approx(get_experiment("csi2017").bound(-SQRT3).mzp_min, rel=1e-9)


def test_bound_equals_experiment_bound_lar():
    # the paper's variant (extra 20 keVnr cut, Eq. 61 as printed), where the SM lies outside
    lar = get_experiment("lar2020")
    paper = Settings(lar_window="table2", lar_stat="paper")
    sigma_stat = np.sqrt(lar.value("n_meas") + lar.value("b_brn") + lar.value("b_brn_delayed"))
    ours = detector_bound(
        lar2020("table2"), -SQRT3, lambda n: chi2_normalisation(n, 159.0, sigma_stat, 0.13), paper
    )
    ref = lar.bound(-SQRT3, paper)
    assert ours.sm_excluded
    assert ref.sm_excluded
    np.testing.assert_allclose(ours.intervals, ref.intervals, rtol=1e-9)


def test_smaller_nai_gives_weaker_projection_bound():
    def bound(mass):
        n_sm = float(detector_events_x(nai_projection(mass), -SQRT3, 0.0))
        return detector_bound(
            nai_projection(mass), -SQRT3, lambda n: chi2_projection(n, n_sm, n_sm, 0.1)
        ).mzp_min

    big = bound(2000.0)
    assert big == pytest.approx(get_experiment("nai-projection").bound(-SQRT3).mzp_min, rel=1e-9)
    assert bound(185.0) < 0.95 * big


def test_plot_delta_chi2_draws_one_curve_per_beta_and_the_threshold():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cevnslib.book.fitviz import plot_delta_chi2

    csi = get_experiment("csi2017")
    mzps = np.geomspace(100.0, 5000.0, 50)
    styles = {k: {"label": k} for k in BENCHMARK_BETAS}
    fig, ax = plt.subplots()
    d = plot_delta_chi2(ax, csi, mzps, BENCHMARK_BETAS, styles)
    assert d.shape == (4, 50)
    assert len(ax.lines) == 5
    np.testing.assert_allclose(ax.lines[0].get_ydata(), d[0])
    np.testing.assert_allclose(ax.lines[0].get_xdata(), mzps / 1e3)
    assert ax.lines[-1].get_ydata()[0] == pytest.approx(2.70554, rel=1e-5)
    plt.close(fig)
