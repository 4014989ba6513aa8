"""The SymPy derivation (cevnslib.physics.symbolic) against the numeric library (cevnslib.physics.model331).

Fixed evaluation points (beta, s_W^2): the four benchmarks, beta = 0 and two generic values, at the
two weak-angle schemes used in the book.
"""

import math

import pytest
import sympy as sp

from cevnslib.physics import model331 as m
from cevnslib.physics import symbolic as s
from cevnslib.physics.constants import SW2_LOW, SW2_MZ, V31_ABS

POINTS = [
    (b, sw2)
    for b in (-m.SQRT3, -1 / m.SQRT3, 0.0, 0.4, 1 / m.SQRT3, m.SQRT3, -1.75)
    for sw2 in (SW2_LOW, SW2_MZ)
]


@pytest.fixture(scope="module")
def table():
    return s.table1()


def test_rotation_is_orthogonal_and_photon_couples_to_q():
    r = s.neutral_rotation()
    assert sp.simplify(r * r.T - sp.eye(3)) == sp.zeros(3, 3)
    t3, t8, x = sp.symbols("T3 T8 X")
    photon = s.neutral_couplings(t3, t8, x)[0]
    assert sp.simplify(photon - s.SW * (t3 + s.BETA * t8 + x)) == 0  # e Q with e = g s_W


@pytest.mark.parametrize(("beta", "sw2"), POINTS)
def test_matching_ratio_eq25(beta, sw2):
    assert s.evaluate(s.matching_ratio(), beta, sw2) == pytest.approx(
        m.gx_over_g(beta, sw2), rel=1e-12
    )


@pytest.mark.parametrize(("beta", "sw2"), POINTS)
def test_table1_equals_numeric_library(table, beta, sw2):
    for fermion, couplings in table.items():
        got = [s.evaluate(c, beta, sw2) for c in couplings]
        want = [*m.z_couplings(fermion, sw2), *m.zp_couplings(fermion, beta, sw2)]
        assert got == pytest.approx([float(w) for w in want], rel=1e-12, abs=1e-14), fermion


@pytest.fixture(scope="module")
def d_quark_with_flavour_term():
    return s.vector_axial("d", "Zp", v31=V31_ABS)


@pytest.mark.parametrize(("beta", "sw2"), POINTS[::3])
def test_flavour_term_equals_numeric_library(d_quark_with_flavour_term, beta, sw2):
    g_v, g_a = d_quark_with_flavour_term
    want = m.zp_couplings("d", beta, sw2, V31_ABS)
    assert [s.evaluate(g_v, beta, sw2), s.evaluate(g_a, beta, sw2)] == pytest.approx(
        want, rel=1e-12
    )


def test_z_through_the_effective_formula_gives_the_sm_exactly():
    """Paper Eq. 42 fed with the Z couplings returns g_V^q: the normalisation check of the brief."""
    g_nu_v, g_nu_a = s.vector_axial("nu", "Z")
    for q in ("u", "d"):
        g_q_v = s.vector_axial(q, "Z")[0]
        assert (
            sp.simplify(s.effective_vector_coupling(g_nu_v, g_nu_a, g_q_v, s.M_ZSYM) - g_q_v) == 0
        )


@pytest.fixture(scope="module")
def shifts():
    return s.nucleon_shifts(v31=V31_ABS)


@pytest.mark.parametrize(("beta", "sw2"), POINTS)
def test_nucleon_shifts_equal_numeric_library(shifts, beta, sw2):
    dp, dn = shifts
    got = [s.evaluate(dp, beta, sw2), s.evaluate(dn, beta, sw2)]
    assert got == pytest.approx(m.nucleon_coupling_shifts(beta, sw2, V31_ABS), rel=1e-12)


@pytest.mark.parametrize("beta", list(m.BENCHMARK_BETAS.values()) + [0.3])
def test_exotic_and_boson_charges_equal_numeric_library(beta):
    b = sp.nsimplify(beta, [sp.sqrt(3)])
    third = [s.multiplet_charges(mp, b)[2] for mp in ("lepton", "quark12", "quark3")]
    assert [float(q) for q in third] == pytest.approx(
        [float(q) for q in m.exotic_charges(beta)], abs=1e-12
    )
    assert [float(q.subs(s.BETA, b)) for q in s.gauge_boson_charges()] == pytest.approx(
        [float(q) for q in m.gauge_boson_charges(beta)], abs=1e-12
    )


def test_charged_boson_masses_eq27():
    u, v, w, g = s.VEV_U, s.VEV_V, s.VEV_W, s.G
    masses = s.gauge_boson_masses()
    assert sp.simplify(masses["W"] - g**2 * (u**2 + v**2) / 4) == 0
    assert sp.simplify(masses["W23"] - g**2 * (v**2 + w**2) / 4) == 0


@pytest.fixture(scope="module")
def mass_matrix():
    return s.neutral_mass_matrix()


def test_neutral_masses(mass_matrix):
    g, w = s.G, s.VEV_W
    assert mass_matrix[0, :] == sp.zeros(1, 3)  # massless photon
    mz2 = g**2 * (s.VEV_U**2 + s.VEV_V**2) / (4 * (1 - s.SW**2))
    assert sp.simplify(mass_matrix[1, 1] - mz2) == 0  # M_Z = M_W / c_W
    leading = sp.limit(mass_matrix[2, 2] / w**2, w, sp.oo)
    assert (
        sp.simplify(leading - g**2 * (1 - s.SW**2) / (3 * s.f_beta())) == 0
    )  # M_Z'^2 ~ g^2 c_W^2 w^2/(3f)


@pytest.mark.parametrize(("beta", "sw2"), POINTS[::2])
def test_zz_prime_mixing_ratio_equals_numeric_library(mass_matrix, beta, sw2):
    u, v = 1.0, 0.7  # tan(beta-bar) = v_rho / v_eta
    ratio = (mass_matrix[1, 2] / mass_matrix[1, 1]).subs({s.VEV_U: u, s.VEV_V: v})
    assert s.evaluate(ratio, beta, sw2) == pytest.approx(
        float(m.mixing_ratio(beta, sw2, v / u)), rel=1e-12
    )


def test_landau_pole_f_vanishes_at_cot_theta_w():
    assert s.evaluate(s.f_beta(), m.beta_max(SW2_LOW), SW2_LOW) == pytest.approx(0.0, abs=1e-12)
    assert s.evaluate(s.f_beta(), math.sqrt(3), 0.25) == pytest.approx(0.0, abs=1e-15)
