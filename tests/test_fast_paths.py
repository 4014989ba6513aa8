"""The unchecked fast paths of the bound search give the same numbers as the checked public ones.

A bound search evaluates its chi-square thousands of times at single points; those evaluations
skip the input checks (done once at the public edge) and reuse cached detectors, responses, SM event
numbers and weak charges.  These tests pin that the shortcut changes no number, bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

from cevnslib.errors import InputError
from cevnslib.experiments import detectors as det
from cevnslib.experiments.registry import Settings, experiment_names, get_experiment
from cevnslib.physics.constants import M_Z
from cevnslib.stats.bounds import cls_lower_bound, lower_bound

SQRT3 = 3**0.5
SETTINGS = (
    Settings(),
    Settings(solar_nc="zp"),
    Settings(form="helm-skin"),
    Settings(mu_nu=1e-10, kinematics="full"),
    Settings(tan_beta_bar=1.0, zp_sign=-1),
)
XS = np.concatenate(([0.0], np.geomspace(1e-9, 3.3, 37)))


@pytest.mark.parametrize("name", experiment_names())
@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: repr(s)[:40])
def test_fast_chi2_equals_checked_chi2_bitwise(name, settings):
    e = get_experiment(name)
    for beta in (-SQRT3, -1.0 / SQRT3, 0.0, 1.0):
        for data in (None, e.asimov_data(settings)):
            checked = np.asarray(e.chi2_x(beta, XS, settings, data=data))
            fast = np.asarray(e._chi2_x(beta, XS, settings, data))
            assert np.array_equal(fast, checked)
            one = [
                float(np.asarray(e._chi2_x(beta, np.array([x]), settings, data))[0])
                for x in XS[::6]
            ]
            assert one == [float(v) for v in checked[::6]]


@pytest.mark.parametrize(
    ("name", "beta", "convention"),
    [
        ("csi2017", -SQRT3, "two-sided"),
        ("csi2017", 1.0 / SQRT3, "one-sided"),
        ("lar2020", -SQRT3, "two-sided"),
        ("nai-projection", -1.0 / SQRT3, "two-sided"),
        ("xenonnt-b8", 0.0, "two-sided"),
        ("combined", -SQRT3, "two-sided"),
        ("combined-2020", 1.0, "one-sided"),
        ("csi2017", -SQRT3, "cls"),
        ("combined", 1.0 / SQRT3, "cls"),
    ],
)
def test_bound_with_fast_refinement_equals_checked_search(name, beta, convention):
    """Experiment.bound (grid checked, refinement unchecked) equals the all-checked search."""
    e = get_experiment(name)
    s = Settings()

    def c(x):
        return e.chi2_x(beta, x, s)

    if convention == "cls":
        asimov = e.asimov_data(s)
        slow = cls_lower_bound(c, lambda x: e.chi2_x(beta, x, s, data=asimov), M_Z, 0.9)
    else:
        from cevnslib.stats.bounds import convention_threshold

        thr = None if convention == "two-sided" else convention_threshold(0.9, convention)
        slow = lower_bound(c, M_Z, 0.9, threshold=thr)
    assert repr(e.bound(beta, s, 0.9, convention)) == repr(slow)  # CLs threshold: nan


def test_detectors_are_built_once():
    assert det.csi2017() is det.csi2017()
    assert det.csi2017("table2") is not det.csi2017()
    assert det.get_detector("ge-projection") is det.get_detector("ge-projection")
    assert det.nai_projection(185.0) is det.nai_projection(185.0)
    assert det.nai_projection(185.0).mass != det.nai_projection().mass


def test_cached_builders_still_reject_bad_input():
    with pytest.raises(InputError, match="window"):
        det.csi2017("wide")
    with pytest.raises(InputError, match="window"):
        det.csi2017(["coherent"])  # unhashable: bypasses the cache, rejected by the builder


def test_cached_event_numbers_follow_settings_and_inputs():
    e = get_experiment("csi2021")
    assert float(e.n_sm()) == pytest.approx(e.value("n_pred"))
    assert float(e.n_sm(Settings(form="klein-nystrand"))) == pytest.approx(e.value("n_pred"))
    p = get_experiment("nai-projection")
    assert float(p.n_sm()) != float(get_experiment("ge-projection").n_sm())
    wider = e.with_inputs(n_pred=400.0)
    assert float(wider.n_sm()) == pytest.approx(400.0)
    assert float(e.n_sm()) == pytest.approx(341.0)


def test_cached_charges_do_not_mix_betas():
    e = get_experiment("csi2017")
    a = e.n_model_x(-SQRT3, 0.01)
    b = e.n_model_x(SQRT3, 0.01)
    assert a != b
    assert e.n_model_x(-SQRT3, 0.01) == a
    assert e.n_model_x(np.array([-SQRT3, SQRT3]), 0.01).tolist() == [a, b]


def test_cached_weak_charges_are_fresh_and_follow_beta_arrays():
    from cevnslib.experiments.registry import weak_charges_x

    resp = get_experiment("csi2017").response()
    betas = np.array([[-SQRT3], [0.5]])
    first = weak_charges_x(resp, betas, Settings())
    first[0][1][0, 0] = 1e9  # a caller may write into what it gets back
    again = weak_charges_x(resp, betas, Settings())
    assert again[0][1][0, 0] != 1e9
    other = weak_charges_x(resp, np.array([[-SQRT3], [0.6]]), Settings())
    assert other[0][1][1, 0] != again[0][1][1, 0]
    assert other[0][1][0, 0] == again[0][1][0, 0]
    mixed = weak_charges_x(resp, betas, Settings(tan_beta_bar=1.0))
    assert mixed[0][1][0, 0] != again[0][1][0, 0]
