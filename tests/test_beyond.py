"""Beyond the paper: new measurements, reactor and solar spectra, combinations, s_W^2 running, Z-Z' mixing."""

import math
from dataclasses import replace

import numpy as np
import pytest
from scipy.integrate import quad

from cevnslib.experiments.registry import (
    MEASUREMENTS,
    Settings,
    chi2_ratio,
    get_experiment,
    self_consistent_bound,
)
from cevnslib.physics import units as u
from cevnslib.physics.constants import SW2_MZ
from cevnslib.physics.fluxes import B8_SPECTRUM, REACTOR_SPECTRUM, mean_energy
from cevnslib.physics.model331 import SQRT3
from cevnslib.physics.running import landau_scale, sw2_msbar

NEW = ("csi2021", "ge2026", "conus-plus", "xenonnt-b8")


@pytest.mark.parametrize("spec", [REACTOR_SPECTRUM, B8_SPECTRUM], ids=["reactor", "b8"])
def test_new_spectra_are_normalised(spec):
    assert quad(spec.pdf, spec.e_min, spec.e_max, epsrel=1e-10, limit=200)[0] == pytest.approx(
        1.0, rel=1e-8
    )
    assert spec.pdf(spec.e_max * 1.05) == 0.0


def test_spectrum_mean_energies():
    assert (
        2.0 < mean_energy(REACTOR_SPECTRUM) / u.MeV < 4.0
    )  # Huber-Mueller above 1.8 MeV: ~2.9 MeV
    assert 6.0 < mean_energy(B8_SPECTRUM) / u.MeV < 8.0  # measured 8B spectrum: 6.7 MeV


@pytest.mark.parametrize("name", NEW)
def test_new_experiments_normalise_to_the_published_prediction(name):
    e = get_experiment(name)
    assert e.n_sm() == pytest.approx(MEASUREMENTS[name]["n_pred"].value, rel=1e-12)
    assert e.n_model(-SQRT3, 1e9) == pytest.approx(e.n_sm(), rel=1e-9)
    assert e.n_model(-SQRT3, 1000.0) > e.n_sm()  # constructive


def test_ratio_chi2():
    assert chi2_ratio(1.0, 10.0, 2.0, 1.0, 10.0, 0.0) == 0.0
    # asymmetric errors: above the observation use the upper error
    assert chi2_ratio(1.2, 10.0, 2.0, 1.0, 10.0, 0.0) == pytest.approx(1.0)
    assert chi2_ratio(0.9, 10.0, 2.0, 1.0, 10.0, 0.0) == pytest.approx(1.0)


def test_combination_adds_chi2_without_shared_flux():
    comb = replace(get_experiment("combined-2020"), shared_flux=False)
    x = np.array([0.0, 1e-3, 4e-3])
    total = get_experiment("csi2017").chi2_x(-SQRT3, x) + get_experiment("lar2020").chi2_x(
        -SQRT3, x
    )
    np.testing.assert_allclose(comb.chi2_x(-SQRT3, x), total)


def test_new_data_strengthen_the_bound():
    assert (
        get_experiment("combined").bound(-SQRT3).mzp_min
        > get_experiment("csi2017").bound(-SQRT3).mzp_min
    )


def test_sw2_running():
    assert sw2_msbar(91.1876) == pytest.approx(SW2_MZ, rel=1e-12)
    assert np.all(np.diff(sw2_msbar(np.geomspace(100, 1e4, 20))) > 0)
    # the brief: for |beta| = sqrt3 the pole sits where s_W^2 = 1/4, mu ~ 4 TeV
    assert 3000 < landau_scale(SQRT3) < 5000
    assert sw2_msbar(landau_scale(SQRT3)) == pytest.approx(0.25, rel=1e-9)
    assert math.isinf(landau_scale(1 / SQRT3))


def test_self_consistent_bound():
    m, sw2, pole = self_consistent_bound(get_experiment("csi2017"), -1 / SQRT3)
    assert not pole and sw2 == pytest.approx(float(sw2_msbar(m)), rel=1e-6)
    # for beta = -sqrt3 CsI 2017 already pushes the bound to the Landau pole
    m3, _, pole3 = self_consistent_bound(get_experiment("csi2017"), -SQRT3)
    assert pole3 and m3 == pytest.approx(landau_scale(SQRT3))


def test_mixing_moves_the_bound():
    e = get_experiment("csi2017")
    b0 = e.bound(-1 / SQRT3).mzp_min
    moved = [e.bound(-1 / SQRT3, Settings(tan_beta_bar=t)).mzp_min for t in (0.2, 1.0, 5.0)]
    assert any(abs(b / b0 - 1) > 0.05 for b in moved)


def test_sw2_at_mz_weakens_new_data_bounds_too():
    e = get_experiment("combined")
    assert e.bound(-SQRT3, Settings(sw2=SW2_MZ)).mzp_min < e.bound(-SQRT3).mzp_min
