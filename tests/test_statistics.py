"""Chi-squares: analytic profiles equal numerical minimisation; bounds sit exactly at Delta-chi^2 = 2.706."""

import numpy as np
import pytest
from scipy.optimize import minimize

from cevnslib.errors import InputError
from cevnslib.stats.bounds import (
    chi2_csi,
    chi2_normalisation,
    chi2_projection,
    delta_chi2_threshold,
    lower_bound,
)


@pytest.mark.parametrize("n_th", [50.0, 136.0, 200.0, 400.0])
def test_csi_profile_equals_numerical_minimum(n_th):
    nm, bon, bss, sa, sb = 142, 6, 405, 0.28, 0.25
    s2 = nm + 2 * bss + bon

    def full(p):
        a, b = p
        return (nm - n_th * (1 + a) - bon * (1 + b)) ** 2 / s2 + (a / sa) ** 2 + (b / sb) ** 2

    num = minimize(full, [0.0, 0.0], method="BFGS", options={"gtol": 1e-10}).fun
    assert float(chi2_csi(n_th, nm, bon, bss, sa, sb)) == pytest.approx(num, rel=1e-6, abs=1e-10)


def test_normalisation_and_projection_profiles():
    def full(a, nm, nth, s, sa):
        return (nm - (1 + a) * nth) ** 2 / s**2 + (a / sa) ** 2

    num = minimize(lambda p: full(p[0], 159, 120, 27, 0.13), [0.0]).fun
    assert float(chi2_normalisation(120, 159, 27, 0.13)) == pytest.approx(num, rel=1e-6)
    assert float(chi2_projection(100, 100, 50, 0.1)) == 0.0
    assert float(chi2_projection(120, 100, 0, 0.0)) == pytest.approx(4.0)


def test_threshold():
    assert delta_chi2_threshold(0.9) == pytest.approx(2.70554, rel=1e-5)
    assert delta_chi2_threshold(0.95) == pytest.approx(3.84146, rel=1e-5)
    with pytest.raises(InputError, match="cl"):
        delta_chi2_threshold(1.2)


def test_lower_bound_is_a_root():
    # toy: chi2 = (x / 1e-3)^2 -> x* = 1e-3 sqrt(2.706), M* = m_ref / sqrt(x*)
    b = lower_bound(lambda x: (np.asarray(x) / 1e-3) ** 2, 100.0)
    x_star = 1e-3 * np.sqrt(delta_chi2_threshold(0.9))
    assert b.mzp_min == pytest.approx(100 / np.sqrt(x_star), rel=1e-9)
    assert not b.sm_excluded and b.best == np.inf


def test_lower_bound_with_an_island_and_an_excluded_sm():
    # chi2 minimal at x0 (new physics preferred), SM (x = 0) excluded
    x0 = 4e-3
    b = lower_bound(lambda x: ((np.asarray(x) - x0) / 1e-3) ** 2, 100.0)
    assert b.sm_excluded
    assert b.best == pytest.approx(100 / np.sqrt(x0), rel=1e-6)
    lo, hi = b.intervals[0]
    assert lo < b.best < hi
