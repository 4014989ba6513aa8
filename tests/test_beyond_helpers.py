"""Tests of cevnslib.book.beyond: grid edges agree with the root-finding bounds, running Delta-chi^2, tables."""

import math

import numpy as np
import pytest

from cevnslib.book.beyond import (
    B8_MEAN_ENERGY_MEASURED,
    OTHER_MEASUREMENTS,
    bound_table,
    bounds_vs_tan_beta_bar,
    format_pm,
    measurements_table,
    running_delta_chi2,
    scheme_table,
    top_allowed_band,
)
from cevnslib.experiments.registry import Settings, get_experiment
from cevnslib.physics.constants import SW2_LOW
from cevnslib.physics.model331 import BENCHMARK_BETAS, SQRT3
from cevnslib.physics.running import landau_scale

BETAS = np.array(list(BENCHMARK_BETAS.values()))
MASSES = np.geomspace(50.0, 2e4, 1500)


def test_top_allowed_band_toy_grid():
    m = np.array([100.0, 200.0, 400.0, 800.0])
    lo, hi = top_allowed_band(
        np.array([[0.0, 0.0, 0.0, 0.0], [5.0, 1.0, 1.0, 5.0], [5.0, 5.0, 5.0, 5.0]]), m, 3.0
    )
    assert lo[0] == 100.0 and math.isinf(hi[0])
    assert lo[1] == pytest.approx(100.0 * 2**0.5) and hi[1] == pytest.approx(400.0 * 2**0.5)
    assert math.isnan(lo[2]) and math.isnan(hi[2])


def test_top_allowed_band_skips_low_mass_islands():
    m = np.array([100.0, 200.0, 400.0, 800.0, 1600.0])
    lo, hi = top_allowed_band(np.array([[0.0, 9.0, 9.0, 0.0, 0.0]]), m, 4.5)
    assert lo[0] == pytest.approx(400.0 * 2**0.5) and math.isinf(hi[0])


@pytest.mark.parametrize("name", ["csi2017", "lar2020", "combined"])
def test_grid_edges_match_root_finding(name):
    e = get_experiment(name)
    lo, hi = top_allowed_band(e.delta_chi2_grid(BETAS, MASSES), MASSES)
    for b, low, high in zip(BETAS, lo, hi, strict=True):
        bound = e.bound(b)
        assert low == pytest.approx(bound.mzp_min, rel=2e-3)
        assert math.isinf(high) == (not bound.sm_excluded)


def test_lar_sm_inside_by_default_outside_only_with_the_paper_double_threshold():
    lar = get_experiment("lar2020")
    # default: the release acceptance alone, the Analysis-A window, COHERENT's +-43 -> no upper edge
    _, hi = top_allowed_band(lar.delta_chi2_grid(BETAS, MASSES), MASSES)
    assert np.all(np.isinf(hi))
    # the paper's extra 20 keVnr cut with Eq. 61 as printed: the SM lies outside the 90% region
    paper = Settings(lar_window="table2", lar_stat="paper", lar_time_window="all")
    _, hi = top_allowed_band(lar.delta_chi2_grid(BETAS, MASSES, paper), MASSES)
    assert np.all(np.isfinite(hi))


def test_running_delta_chi2_excludes_beta_minus_sqrt3_below_the_pole():
    e = get_experiment("csi2017")
    m = np.geomspace(100.0, landau_scale(-SQRT3) * 0.999, 60)
    d = running_delta_chi2(e, -SQRT3, m)
    assert np.all(d > 2.706)
    assert np.all(np.isnan(running_delta_chi2(e, -SQRT3, [landau_scale(-SQRT3) * 1.01])))


def test_running_delta_chi2_reduces_to_fixed_sw2_when_it_does_not_run():
    # at M_Z' = M_Z the running s_W^2 is s^2(M_Z): compare with a fixed-sw2 evaluation
    e = get_experiment("csi2017")
    d = running_delta_chi2(e, -1 / SQRT3, [91.1876, 1e6])
    c = e.chi2_x(-1 / SQRT3, np.array([1.0, 0.0]), Settings(sw2=0.23122))
    assert d[0] == pytest.approx(c[0] - min(c[1], c[0]), rel=1e-9)


def test_bound_table_matches_experiment_bounds():
    df = bound_table(["csi2017"], {"-sqrt3": -SQRT3})
    assert df.iloc[0, 0] == pytest.approx(
        get_experiment("csi2017").bound(-SQRT3).mzp_min / 1e3, rel=1e-12
    )


def test_scheme_table_columns_and_pole():
    df = scheme_table(["csi2017"], {"-sqrt3": -SQRT3, "+1/sqrt3": 1 / SQRT3})
    assert list(df.columns) == ["s2(0)", "s2(MZ)", "s2(MZ')", "pole"]
    assert bool(df["pole"].iloc[0]) and not bool(df["pole"].iloc[1])
    # the book's default s_W^2 = s^2(0) reproduces the paper's 1.4 TeV (Binh2021, abstract)
    assert df["s2(0)"].iloc[0] == pytest.approx(1.4, rel=0.03)
    assert df["s2(MZ)"].iloc[0] < df["s2(0)"].iloc[0] < df["s2(MZ')"].iloc[0]


def test_bounds_vs_tan_beta_bar_matches_root_finding():
    e = get_experiment("csi2017")
    out = bounds_vs_tan_beta_bar(e, BETAS[:2], [0.5, 2.0], MASSES)
    for k, t in enumerate([0.5, 2.0]):
        for j, b in enumerate(BETAS[:2]):
            assert out[k, j] == pytest.approx(
                e.bound(b, Settings(tan_beta_bar=t, sw2=SW2_LOW)).mzp_min, rel=2e-3
            )


def test_other_measurements_are_documented():
    assert (
        OTHER_MEASUREMENTS["pandax-b8"]["us2_obs"].value
        > OTHER_MEASUREMENTS["pandax-b8"]["us2_bkg"].value
    )
    assert all(p.ref for d in OTHER_MEASUREMENTS.values() for p in d.values())
    assert 6.0 < B8_MEAN_ENERGY_MEASURED.value < 7.5


def test_measurements_table_reads_the_library_numbers():
    df = measurements_table(["csi2021", "xenonnt-b8"])
    assert list(df["fitted"]) == ["yes", "yes", "no", "no"]
    assert df["observed"].iloc[0] == format_pm(306.0, 20.0)  # COHERENT:2021xmm, the brief Sec. 6
    assert df["observed"].iloc[1] == "4.7 +3.6/−2.3"  # XENON:2024b8
    assert df["source"].iloc[3] == "PandaX:2024b8"
