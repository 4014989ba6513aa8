"""The 331 model: f(beta), Landau-pole range, Table 1 couplings, Eqs. 42-44 and their limits."""

import math

import numpy as np
import pytest

from cevnslib.errors import InputError
from cevnslib.physics import model331 as m
from cevnslib.physics.constants import SW2_LOW, SW2_MZ

S = m.SQRT3


def test_f_beta_and_landau_pole():
    assert m.f_beta(S, 0.25) == pytest.approx(0.0, abs=1e-15)
    assert m.f_beta(0.0, SW2_LOW) == pytest.approx(1 - SW2_LOW)
    assert m.beta_max(SW2_LOW) == pytest.approx(math.sqrt((1 - SW2_LOW) / SW2_LOW))
    assert m.f_beta(m.beta_max(SW2_LOW), SW2_LOW) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("beta", [1.8, -1.8, 5.0, float("nan"), float("inf")])
def test_beta_outside_landau_range_is_rejected(beta):
    with pytest.raises(InputError, match=r"beta = .* outside the allowed range"):
        m.zp_couplings("u", beta, SW2_LOW)


def test_gx_over_g_matching():
    # t = g_X/g = sqrt(6) s_W / sqrt(f) (Eq. 25 with X normalised as X/sqrt6)
    assert m.gx_over_g(0.0, 0.25) == pytest.approx(math.sqrt(6 * 0.25 / 0.75))


def test_exotic_charges_conventions():
    # lepton antitriplet: beta = +sqrt3 minimal model (E = e+), +1/sqrt3 right-handed nu, -sqrt3 doubly charged
    assert m.exotic_charges(S)[0] == pytest.approx(1.0)
    assert m.exotic_charges(1 / S)[0] == pytest.approx(0.0)
    assert m.exotic_charges(-S)[0] == pytest.approx(-2.0)
    q1, q2 = m.gauge_boson_charges(-S)
    assert (q1, q2) == pytest.approx((-1.0, -2.0))


@pytest.mark.parametrize("fermion", ["nu", "u", "d"])
def test_z_couplings_through_the_effective_formula_give_the_sm(fermion):
    gnu_v, gnu_a = m.z_couplings("nu", SW2_LOW)
    gq_v = m.z_couplings(fermion, SW2_LOW)[0]
    assert m.effective_vector_coupling(gnu_v, gnu_a, gq_v) == gq_v  # exactly


def test_sm_nucleon_couplings():
    gp, gn = m.sm_nucleon_couplings(SW2_LOW)
    assert gp == pytest.approx(0.5 - 2 * SW2_LOW, abs=1e-15)
    assert gn == pytest.approx(-0.5, abs=1e-15)
    assert m.sm_nucleon_couplings(scheme="radiative") == (0.0298, -0.5117)


@pytest.mark.parametrize("beta", list(m.BENCHMARK_BETAS.values()) + [0.0, 1.2, -1.75])
def test_sm_recovered_as_mzp_to_infinity(beta):
    gp0, gn0 = m.sm_nucleon_couplings()
    for mzp, tol in [(1e5, 1e-3), (1e7, 1e-7), (np.inf, 0.0)]:
        gp, gn = m.nucleon_couplings(beta, mzp)
        assert abs(gp - gp0) <= tol and abs(gn - gn0) <= tol


def test_table1_closed_forms():
    """Closed forms (brief, Sec. 2) derived in chapter 3: g'_V = [1 - (1 + k beta) s^2]/(2 sqrt3 sqrt f)."""
    for beta in (-S, -1 / S, 0.3, S):
        for sw2 in (SW2_LOW, SW2_MZ):
            n = 2 * S * math.sqrt(m.f_beta(beta, sw2))
            gnu = m.zp_couplings("nu", beta, sw2)
            assert gnu[0] == pytest.approx(-(1 - (1 + S * beta) * sw2) / n)
            assert gnu[0] == gnu[1]
            gu = m.zp_couplings("u", beta, sw2)
            assert gu[0] == pytest.approx((1 - (1 + 5 * beta / S) * sw2) / n)
            assert gu[1] == pytest.approx((1 - (1 - S * beta) * sw2) / n)
            gd = m.zp_couplings("d", beta, sw2)
            assert gd[0] == pytest.approx((1 - (1 - beta / S) * sw2) / n)
            assert gd[1] == pytest.approx((1 - (1 + S * beta) * sw2) / n)


def test_flavour_term_coefficient():
    beta, sw2, v = -S, SW2_LOW, 0.1
    d0 = m.zp_couplings("d", beta, sw2)[0]
    d1 = m.zp_couplings("d", beta, sw2, v31=v)[0]
    # delta(g_V) = -c_W^2 |v31|^2 / (sqrt3 sqrt f): coefficient -g c_W/(sqrt3 sqrt f) in units of g/c_W
    assert d1 - d0 == pytest.approx(-(1 - sw2) * v**2 / (S * math.sqrt(m.f_beta(beta, sw2))))


def test_beta_sqrt3_proton_shift_identity():
    # for beta = +sqrt3 the proton shift per unit x is exactly -g_V^p(SM) = -(1 - 4 s^2)/2
    dp, _ = m.nucleon_coupling_shifts(S, SW2_LOW)
    assert dp == pytest.approx(-(0.5 - 2 * SW2_LOW))


def test_minus_sqrt3_is_the_large_effect():
    dp, dn = m.nucleon_coupling_shifts(-S, SW2_LOW)
    assert dp == pytest.approx(-23.862, rel=1e-4) and dn == pytest.approx(-16.154, rel=1e-4)


def test_mixing_extension_reduces_to_no_mixing_when_ratio_vanishes():
    beta = -1 / S
    # choose tan(beta-bar) so that B/A = 0
    num = lambda t: m.mixing_ratio(beta, SW2_LOW, t)  # noqa: E731
    from scipy.optimize import brentq

    t0 = brentq(num, 1e-3, 100.0)
    np.testing.assert_allclose(
        m.nucleon_coupling_shifts(beta, SW2_LOW, tan_beta_bar=t0),
        m.nucleon_coupling_shifts(beta, SW2_LOW),
        rtol=1e-9,
    )
    with pytest.raises(InputError, match="tan_beta_bar"):
        m.mixing_ratio(beta, SW2_LOW, -1.0)


def test_bad_inputs_name_the_parameter():
    with pytest.raises(InputError, match="fermion"):
        m.z_couplings("electron")  # "e" is the charged lepton (LEP-II)
    with pytest.raises(InputError, match="mzp"):
        m.nucleon_couplings(0.5, -10.0)
    with pytest.raises(InputError, match="sm_scheme"):
        m.sm_nucleon_couplings(scheme="magic")
    with pytest.raises(InputError, match="sw2"):
        m.beta_max(1.5)
    with pytest.raises(InputError, match="v31"):
        m.zp_couplings("d", 0.1, SW2_LOW, v31=2.0)


def test_first_generation_in_the_antitriplet():
    """The other anomaly-free assignment: T8 -> -T8 for u_L, d_L; for beta = -sqrt3 the shift turns destructive."""
    dp, dn = m.nucleon_coupling_shifts(-S, SW2_LOW, generation1="antitriplet")
    assert dp > 0 and dn > 0  # opposite sign to the SM weak charge's neutron term
    gu = m.zp_couplings("u", 0.4, SW2_LOW, generation1="antitriplet")
    n = 2 * S * math.sqrt(m.f_beta(0.4, SW2_LOW))
    assert gu[0] == pytest.approx(-(1 - (1 - 5 * 0.4 / S) * SW2_LOW) / n)
    with pytest.raises(InputError, match="generation1"):
        m.zp_couplings("u", 0.4, SW2_LOW, generation1="singlet")


@pytest.mark.parametrize("beta", [-1.78, -S, -1.0, -1 / S, 0.0, 0.3, 1 / S, 1.2, S, 1.78])
@pytest.mark.parametrize("sw2", [SW2_LOW, SW2_MZ, 0.2])
def test_generations12_in_triplets_proton_charge_is_minus_three_neutrino(beta, sw2):
    """With quark generations 1, 2 in triplets (the default): g'_V^p = 2 g'_u + g'_d = -3 g'_nu for every
    beta, so delta g_V^p = -6 g'_nu^2 x <= 0 (chapter 3), and delta g_V^n < 0: the Z' raises |Q_W|
    (Q_W^SM < 0).  This holds only for that assignment; see the antitriplet test below.
    """
    if m.f_beta(beta, sw2) <= 0:
        pytest.skip("beyond the Landau bound for this sw2")
    gnu = m.zp_couplings("nu", beta, sw2)[0]
    gp = 2 * m.zp_couplings("u", beta, sw2)[0] + m.zp_couplings("d", beta, sw2)[0]
    assert gp == pytest.approx(-3 * gnu, rel=1e-12, abs=1e-15)
    dp, dn = m.nucleon_coupling_shifts(beta, sw2)
    assert dp <= 0 and dn < 0


@pytest.mark.parametrize("beta", [-1.78, -S, -1.0, -1 / S, 0.0, 0.3, 1 / S, 1.2, S, 1.78])
def test_generation1_in_antitriplet_interference_is_destructive_for_every_beta(beta):
    """With generation 1 in the antitriplet both shifts are > 0 (opposite to g_V^n = -1/2): |Q_W| drops."""
    dp, dn = m.nucleon_coupling_shifts(beta, SW2_LOW, generation1="antitriplet")
    assert dp >= 0 and dn > 0
    gnu = m.zp_couplings("nu", beta, SW2_LOW)[0]
    gp = 2 * m.zp_couplings("u", beta, SW2_LOW, 0.0, "antitriplet")[0]
    gp += m.zp_couplings("d", beta, SW2_LOW, 0.0, "antitriplet")[0]
    assert gp != pytest.approx(-3 * gnu)
