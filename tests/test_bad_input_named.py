"""The library's bad-input cases found by a hostile user, one test each (published behaviour beside)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cevnslib.errors import InputError
from cevnslib.experiments import detectors as det
from cevnslib.experiments import rates, registry
from cevnslib.physics import running
from cevnslib.stats import bounds as statistics

CSI = det.csi2017()


def test_nan_chi2_is_refused_not_everything_excluded():
    with pytest.raises(InputError, match="chi2_of_x"):
        statistics.lower_bound(lambda x: np.full_like(np.asarray(x, dtype=float), np.nan), 91.1876)


def test_unknown_flavour_is_refused():
    with pytest.raises(InputError, match="flavour.*nu_mu"):
        rates.recoil_spectrum(CSI, 1e-5, 0.02, -0.5, flavour="nu_tau")
    assert rates.recoil_spectrum(CSI, 1e-5, 0.02, -0.5, flavour="nu_mu")[0] > 0


@pytest.mark.parametrize("n_th", [-1.0, [10.0, -0.1], math.nan])
def test_negative_or_nan_predicted_events_are_refused(n_th):
    with pytest.raises(InputError, match="n_th"):
        registry.get_experiment("csi2017").chi2(n_th)


@pytest.mark.parametrize("x", [-1e-3, math.nan, math.inf])
def test_negative_x_is_refused(x):
    with pytest.raises(InputError, match="x"):
        registry.get_experiment("lar2020").chi2_x(1.0, x)


@pytest.mark.parametrize("eff", [(-0.1, 0.5), (0.2, 1.5), (math.nan, 0.5)])
def test_efficiencies_outside_0_1_are_refused(eff):
    with pytest.raises(InputError, match="eff"):
        det.Tabulated(t_kevnr=(5.0, 10.0), eff=eff)
    with pytest.raises(InputError, match="value"):
        det.Flat(eff[0] if not 0 <= eff[0] <= 1 else eff[1])


@pytest.mark.parametrize("dof", [0, -1, 1.5, True, math.nan])
def test_delta_chi2_needs_a_positive_integer_dof(dof):
    with pytest.raises(InputError, match="dof"):
        statistics.delta_chi2_threshold(0.9, dof)
    assert statistics.delta_chi2_threshold(0.9, 1) == pytest.approx(2.706, abs=1e-3)  # PDG


@pytest.mark.parametrize("mu", [1e300, 1e20, math.inf, -1.0, 0.0])
def test_sw2_running_outside_its_range_is_refused(mu):
    with pytest.raises(InputError, match="mu"):
        running.sw2_msbar(mu)
    assert 0 < running.sw2_msbar(1e19) < 1  # valid up to the Planck scale


def test_experiment_bound_is_unchanged():
    """The validation changes no number: CsI 2017 at beta = 0 stays at 198.06 GeV (value before)."""
    b = registry.get_experiment("csi2017").bound(0.0)
    assert b.mzp_min == pytest.approx(198.0603, rel=1e-5)


# ---------------------------------------------------------------- older gaps (#16, item 8)
@pytest.mark.parametrize("mu", [1.0, 50.0, 91.0])
def test_running_starts_at_m_z(mu):
    with pytest.raises(InputError, match=r"mu = .*91\.1876"):
        running.sw2_msbar(mu)
    assert running.sw2_msbar(91.1876) == pytest.approx(0.23122, abs=1e-5)  # PDG MS-bar at M_Z


@pytest.mark.parametrize(
    ("Z", "N", "match"),
    [(0, 0, "Z \\+ N >= 1"), (55.5, 78, "Z = 55.5.*whole number"), (55, 77.2, "N = 77.2"),
     (-1, 78, "Z = -1")],
)  # fmt: skip
def test_weak_charge_ratio_needs_a_nucleus(Z, N, match):
    from cevnslib.physics.model331 import SQRT3, weak_charge_ratio

    with pytest.raises(InputError, match=match):
        weak_charge_ratio(-SQRT3, 1000.0, Z, N)
    assert weak_charge_ratio(-SQRT3, np.inf, 55, 78) == pytest.approx(1.0)  # SM limit
    assert weak_charge_ratio(-SQRT3, 1000.0, 55.0, 78.0) > 1  # whole floats are fine


def _detector(**changes):
    kw = dict(
        name="x", label="x", target="CsI", composition=(("Cs133", 1), ("I127", 1)), mass_kg=14.6,
        baseline_m=19.3, n_pot=1.76e23, nu_per_proton=0.08, efficiency=det.Flat(1.0),
        exposure_days=308.1,
    )  # fmt: skip
    kw.update(changes)
    return det.sns_detector(**kw)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"composition": (("Cs134", 1),)}, "nucleus = 'Cs134' is not known"),
        ({"target": "CsBr"}, "target = 'CsBr' is not known"),
        ({"exposure_days": -1.0}, "exposure_days = -1.0"),
        ({"composition": (("Cs133", -1),)}, "atoms of Cs133"),
    ],
)
def test_sns_detector_names_bad_parts(changes, match):
    with pytest.raises(InputError, match=match):
        _detector(**changes)
    assert _detector().mass > 0


@pytest.mark.parametrize(("betas", "mzps"), [([], [1e3]), ([0.0], []), ([[0.0]], [1e3])])
def test_empty_or_two_dimensional_grid_axes_are_refused(betas, mzps):
    with pytest.raises(InputError, match="non-empty one-dimensional"):
        registry.get_experiment("csi2017").delta_chi2_grid(betas, mzps)
