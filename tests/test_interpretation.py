"""CEvNS measures w: the 1/f cancellation, bounds on w and M_Y, validity flags, matching-scale band, Z-Z' mixing."""

import math

import numpy as np
import pytest
import sympy as sp

from cevnslib.errors import InputError
from cevnslib.experiments.interpretation import (
    matching_bound,
    matching_scale_band,
    mixing_check,
    model_bound,
    pole_matching_threshold,
)
from cevnslib.experiments.registry import Settings, get_experiment
from cevnslib.physics import model331 as m
from cevnslib.physics import symbolic as sym
from cevnslib.physics.constants import M_Z, SW2_LOW, SW2_MZ, THETA_ZZP_MAX, V_EW
from cevnslib.physics.running import alpha_msbar, landau_scale

R3 = math.sqrt(3.0)
CSI = get_experiment("csi2017")


def test_v_ew_is_246_gev():
    assert V_EW == pytest.approx(246.22, abs=0.01)


@pytest.mark.parametrize("beta", [-R3, -1 / R3, 0.3, R3])
@pytest.mark.parametrize("sw2", [SW2_LOW, SW2_MZ])
def test_w_mzp_round_trip_and_mass_formula(beta, sw2):
    w = 2000.0
    mzp = float(m.mzp_from_w(w, beta, sw2))
    assert float(m.w_from_mzp(mzp, beta, sw2)) == pytest.approx(w, rel=1e-12)
    # M_Z'^2 = g^2 c_W^2 w^2 / (3 f) with g = 2 c_W M_Z / v
    g = 2 * math.sqrt(1 - sw2) * M_Z / V_EW
    assert mzp**2 == pytest.approx(g**2 * (1 - sw2) * w**2 / (3 * m.f_beta(beta, sw2)), rel=1e-12)
    assert float(m.bilepton_mass(w, sw2)) == pytest.approx(g * w / 2, rel=1e-12)


def test_symbolic_zp_mass_matches_numeric():
    expr = sym.zp_mass_squared_leading()
    beta, sw2, w = -R3, SW2_LOW, 1500.0
    g = 2 * math.sqrt(1 - sw2) * M_Z / V_EW
    val = float(expr.subs({sym.BETA: beta, sym.SW: math.sqrt(sw2), sym.G: g, sym.VEV_W: w}))
    assert math.sqrt(val) == pytest.approx(float(m.mzp_from_w(w, beta, sw2)), rel=1e-12)


@pytest.mark.parametrize("beta", [-R3, -1 / R3, 1 / R3, 1.2])
def test_shifts_in_w_are_free_of_f_and_match_numeric(beta):
    dp, dn = sym.nucleon_shifts_in_w()
    for d in (dp, dn):  # f cancels: a rational function of beta and s_W, no sqrt(f)
        assert d.is_rational_function(sym.BETA, sym.SW, sym.V_SM, sym.VEV_W)
    sw2, w = SW2_MZ, 1200.0
    x = float(m.mass_ratio_squared(m.mzp_from_w(w, beta, sw2)))
    ndp, ndn = m.nucleon_coupling_shifts(beta, sw2)
    subs = {sym.BETA: beta, sym.SW: math.sqrt(sw2), sym.V_SM: V_EW, sym.VEV_W: w}
    assert float(dp.subs(subs)) == pytest.approx(ndp * x, rel=1e-10)
    assert float(dn.subs(subs)) == pytest.approx(ndn * x, rel=1e-10)


@pytest.mark.parametrize("beta", [-R3, -1 / R3, 0.4, R3])
@pytest.mark.parametrize("tbb", [0.0, 0.5, 1.0, 3.0])
def test_mixing_ratio_derived_from_mass_matrix(beta, tbb):
    expr = sym.mixing_ratio_derived()
    val = float(expr.subs({sym.BETA: beta, sym.SW: math.sqrt(0.23), sym.TAN_BB: tbb}))
    assert val == pytest.approx(float(m.mixing_ratio(beta, 0.23, tbb)), rel=1e-10, abs=1e-14)


def test_alpha_x_and_perturbativity():
    # alpha_X = 6 alpha / f: at beta = -sqrt3 and s^2(0) = 0.23857, f = 0.0457 and alpha_X > 1
    a = 1 / 127.951
    assert float(m.alpha_x(-R3, SW2_LOW, a)) == pytest.approx(6 * a / (1 - 4 * SW2_LOW))
    assert float(m.alpha_x(-R3, SW2_LOW, a)) > 1.0
    assert float(m.alpha_x(-R3, SW2_MZ, a)) < 1.0
    assert 1 / float(alpha_msbar(M_Z)) == pytest.approx(127.951, abs=1e-3)
    with pytest.raises(InputError, match="alpha"):
        m.alpha_x(0.0, 0.23, -1.0)


def test_validity_criterion():
    w_edge = V_EW / math.sqrt(m.VW2_MAX)
    assert bool(m.approximation_valid(w_edge * 1.001))
    assert not bool(m.approximation_valid(w_edge * 0.999))
    assert m.validity_reason(2 * w_edge) is None
    assert "no meaningful constraint" in m.validity_reason(0.5 * w_edge)
    with pytest.raises(InputError, match="w"):
        m.approximation_valid(-1.0)


def test_w_bound_is_stable_across_schemes_but_mzp_is_not():
    """CsI 2017, beta = -sqrt3: M_Z' moves by ~30% between s^2(0) and s^2(M_Z); w by < 3%."""
    b0 = model_bound(CSI, -R3, Settings(sw2=SW2_LOW))
    bz = model_bound(CSI, -R3, Settings(sw2=SW2_MZ))
    assert b0.mzp_min / bz.mzp_min - 1 > 0.2
    assert abs(b0.w_min / bz.w_min - 1) < 0.03
    assert b0.meaningful and b0.reason is None
    assert b0.bilepton_mass_min == pytest.approx(float(m.bilepton_mass(b0.w_min, SW2_LOW)))


@pytest.mark.parametrize("beta", [-1 / R3, 1 / R3, R3])
def test_sub_tev_bounds_are_flagged(beta):
    b = model_bound(CSI, beta)
    assert b.w_min < V_EW / math.sqrt(m.VW2_MAX)
    assert not b.meaningful and "no meaningful constraint" in b.reason


def test_matching_band_minus_sqrt3_spans_bilepton_to_pole():
    band = matching_scale_band(CSI, -R3)
    assert band["pole_zprime"] and band["high"] == pytest.approx(landau_scale(-R3))
    assert not band["pole_bilepton"] and 1000 < band["low"] < band["high"]
    with pytest.raises(InputError, match="where"):
        matching_bound(CSI, -R3, where="planck")


def test_pole_claim_needs_matching_near_mzp():
    kappa = pole_matching_threshold(CSI, -R3, tol=0.05)
    assert 0.3 < kappa < 1.0
    assert math.isnan(pole_matching_threshold(CSI, -1 / R3, tol=0.05))


def test_mixing_check_structure():
    out = mixing_check(CSI, -R3, np.array([0.0, 1.0]))
    assert out["bound"].shape == (2,) and out["survives"].dtype == bool
    theta = out["theta"]
    x = (M_Z / out["bound"]) ** 2
    assert np.allclose(theta, m.mixing_ratio(-R3, SW2_LOW, np.array([0.0, 1.0])) * x)
    ew = out["ewpt"]
    assert np.allclose(
        np.abs(m.mixing_ratio(-R3, SW2_LOW, 1.0)) * (M_Z / ew[1]) ** 2, THETA_ZZP_MAX
    )
    # the Z-pole limit M_Z sqrt(|B/A|/1e-3) is ~ 3.4 TeV at tan = 1: stronger than CsI
    assert not out["survives"][1]


def test_sympy_available_for_the_derivation():
    assert sym.TAN_BB.is_nonnegative and isinstance(sym.V_SM, sp.Symbol)


def test_mixing_window_minus_sqrt3_csi():
    """Only tan(beta-bar) in [0, ~0.30] (around the zero of B/A at 0.176) passes |theta| <= 1e-3; there
    the CsI bound moves by < 5% from the no-mixing value."""
    from cevnslib.experiments.interpretation import mixing_window, mixing_zero

    z = mixing_zero(-R3, SW2_LOW)
    assert float(m.mixing_ratio(-R3, SW2_LOW, z)) == pytest.approx(0.0, abs=1e-12)
    w = mixing_window(CSI, -R3, xtol=1e-3)
    assert w["low"] == 0.0 and 0.25 < w["high"] < 0.35
    for k in ("bound_low", "bound_high"):
        assert abs(w[k] / w["bound_nomix"] - 1) < 0.05
    assert math.isnan(mixing_zero(1.7, 0.3))  # f < 0 side: no zero
