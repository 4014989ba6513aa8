"""LEP-II and bilepton bounds, other bounds' applicability, neutron skin, axial term, CsI quenching,
PandaX-4T and the SNO neutral-current normalisation."""

import math

import numpy as np
import pytest

from cevnslib.book import beyond
from cevnslib.book.published import OTHER_BOUNDS, PAPER
from cevnslib.cli import main
from cevnslib.errors import InputError
from cevnslib.experiments.detectors import csi2017
from cevnslib.experiments.registry import (
    DEFAULT,
    MEASUREMENTS,
    Settings,
    get_experiment,
    sno_nc_ratio,
)
from cevnslib.physics import model331 as m
from cevnslib.physics import units as u
from cevnslib.physics.constants import SW2_LOW
from cevnslib.physics.cross_sections import axial_to_coherent_ratio, cevns, cevns_skin
from cevnslib.physics.form_factors import form_factor, proton_neutron_form_factors
from cevnslib.physics.nuclei import NUCLEI
from cevnslib.physics.running import landau_scale

B = m.SQRT3


# ------------------------------------------------------------------ charged-lepton couplings, LEP-II
@pytest.mark.parametrize("beta", [-B, -1 / B, 0.0, 1 / B, B])
def test_charged_lepton_shares_the_left_handed_charge_of_its_neutrino(beta):
    # T8 and X are the same for both members of the SU(2) doublet: c_L(e) = c_L(nu)
    cl_e, cr_e = beyond.electron_zp_chiral(beta, SW2_LOW)
    gv_nu, ga_nu = m.zp_couplings("nu", beta, SW2_LOW)
    assert np.isclose(cl_e, 0.5 * (gv_nu + ga_nu))
    assert np.isclose(cr_e, beta * SW2_LOW / np.sqrt(m.f_beta(beta, SW2_LOW)))


def test_lep2_bound_scales_with_lambda_and_coupling():
    # bound = Lambda sqrt(alpha kappa / (s^2 c^2)): for the VV-dominated beta = -sqrt3, by hand
    cl, cr = beyond.electron_zp_chiral(-B, SW2_LOW)
    alpha = 1 / 127.951
    lam = beyond.LEP2_CONTACT_LIMITS["VV"]["minus"].value * 1e3
    want = lam * math.sqrt(alpha * (0.5 * (cl + cr)) ** 2 / (SW2_LOW * (1 - SW2_LOW)))
    d = beyond.lep2_bound(-B, detail=True)
    assert np.isclose(d["VV"], want) and np.isclose(d["bound"], want)


def test_lep2_excludes_beta_minus_sqrt3_as_buras_states():
    # Buras:2013dea: LEP-II rules out beta = -sqrt3 (same convention): the bound lies above the pole
    res = beyond.lep2_landau_exclusion(-B)
    assert res["excluded"] and res["lep2_gev"] > landau_scale(-B)
    assert beyond.lep2_bound_running(-B)[2]
    assert not beyond.lep2_landau_exclusion(1 / B)["excluded"]


def test_lep2_bound_documented_values_and_vectorisation():
    assert beyond.lep2_bound(2.0) == math.inf  # beyond cot(theta_W): the model does not exist
    betas = np.linspace(-1.7, 1.7, 7)
    out = beyond.lep2_bound(betas)
    assert out.shape == (7,) and np.all(np.isfinite(out)) and np.all(out > 0)
    with pytest.raises(InputError, match="beta"):
        beyond.lep2_bound(np.nan)
    with pytest.raises(InputError, match="sw2"):
        beyond.lep2_bound(0.1, sw2=1.5)


# ------------------------------------------------------------------ other bounds and bileptons
def test_other_bounds_say_where_they_apply():
    for label, ob in OTHER_BOUNDS.items():
        assert ob.assumes and ob.kind in ("per-beta", "benchmark", "mixing-dependent"), label
        par, betas = ob  # the former (Parameter, betas) shape still unpacks
        assert par is ob.bound and betas == ob.betas
    assert OTHER_BOUNDS["FCNC (B_d, B_s mixing)"].kind == "mixing-dependent"
    for key in m.BENCHMARK_BETAS:
        got = beyond.other_bounds_at(key)
        assert "LHC dilepton (139/fb)" not in got and "FCNC (B_d, B_s mixing)" not in got
        assert got["LEP-II"] > 0  # computed, never a silently skipped placeholder


def test_bilepton_mass_ratio_and_lhc_confrontation():
    f = m.f_beta(B, SW2_LOW)
    assert np.isclose(beyond.bilepton_to_zp_mass_ratio(B) ** 2, 3 * f / (4 * (1 - SW2_LOW)))
    assert np.isclose(
        m.gauge_boson_charges(-B)[1], -2.0
    )  # |beta| = sqrt3: doubly charged bileptons
    res = beyond.bilepton_confrontation("csi2017", -B)
    # published: CsI bound 1.4 TeV on M_Z' (Binh2021) -> ~0.3 TeV on M_Y, far below LHC's 1.3 TeV
    assert np.isclose(
        res["mzp_bound_gev"], PAPER["csi_bound_beta_minus_sqrt3_gev"].value, rtol=0.05
    )
    assert 250 < res["my_bound_gev"] < 350 and res["lhc_my_gev"] == 1300.0
    assert res["lhc_mzp_equiv_gev"] > 4 * res["mzp_bound_gev"]


# ------------------------------------------------------------------ nuclear physics
def test_zero_skin_reproduces_helm_and_skin_lowers_the_rate():
    fp, fn = proton_neutron_form_factors(0.06, 133, 0.0)
    assert np.isclose(fp, form_factor(0.06, 133)) and np.isclose(fn, fp)
    fp, fn = proton_neutron_form_factors(0.06, 133, 0.25)
    assert fn < fp < 1.0  # larger neutron radius: smaller F_n at finite q
    e = get_experiment("csi2017")
    n0 = float(e.n_sm(DEFAULT))
    assert np.isclose(float(e.n_sm(DEFAULT.with_(form="helm-skin", neutron_skin_fm=0.0))), n0)
    n_skin = float(e.n_sm(DEFAULT.with_(form="helm-skin")))
    assert 0.85 * n0 < n_skin < 0.98 * n0


def test_skin_cross_section_weights_proton_and_neutron_separately():
    t, en, cs = 15 * u.keV, 40 * u.MeV, NUCLEI["Cs133"]
    assert np.isclose(cevns_skin(t, en, cs, 0.03, -0.5, 0.0), cevns(t, en, cs, 0.03, -0.5))
    # a pure proton charge does not feel the neutron skin
    assert np.isclose(cevns_skin(t, en, cs, 0.03, 0.0, 0.3), cevns(t, en, cs, 0.03, 0.0))
    with pytest.raises(InputError, match="neutron_skin_fm"):
        Settings(form="helm-skin", neutron_skin_fm=5.0)
    with pytest.raises(InputError, match="neutron_skin_fm"):
        proton_neutron_form_factors(0.05, 133, 3.0)


def test_axial_term_is_a_small_correction_in_odd_nuclei():
    for name in ("Cs133", "I127"):
        r = axial_to_coherent_ratio(name, -B, 1400.0)
        assert 1e-6 < r["sm"] < 1e-3 and abs(r["zp"]) < 1e-3
    with pytest.raises(InputError, match="nucleus"):
        axial_to_coherent_ratio("Ar40")


# ------------------------------------------------------------------ CsI quenching
def test_polynomial_quenching_matches_published_polynomial():
    eff = csi2017("coherent", "polynomial2021").efficiency
    # COHERENT 2021 release: E_ee(10 keVnr) = 0.0554628*0.01 + 4.30681*1e-4 - 111.707*1e-6 + 840.384*1e-8 MeV
    want = (0.0554628 * 0.01 + 4.30681e-4 - 111.707e-6 + 840.384e-8) * u.MeV
    assert np.isclose(eff.electron_equivalent(10 * u.keV), want)
    assert 0.08 < want / (10 * u.keV) < 0.095
    assert np.isclose(eff.photoelectrons(eff.recoil_at(12.0)), 12.0)
    e = get_experiment("csi2017")
    poly = DEFAULT.with_(csi_quenching="polynomial2021")
    assert float(e.n_sm(poly)) < float(e.n_sm(DEFAULT))
    with pytest.raises(InputError, match="csi_quenching"):
        Settings(csi_quenching="linear")


def test_quenching_shrinks_the_deficit_and_the_observed_bound():
    const = beyond.csi2017_observed_expected(-B)
    poly = beyond.csi2017_observed_expected(-B, DEFAULT.with_(csi_quenching="polynomial2021"))
    assert poly["deficit"] < const["deficit"]
    assert poly["observed_gev"] < const["observed_gev"]
    assert const["observed_gev"] > const["expected_gev"]  # the 2017 deficit strengthens the bound


# ------------------------------------------------------------------ solar 8B
def test_pandax_b8_is_registered_with_its_published_flux():
    assert MEASUREMENTS["pandax-b8"]["n_obs"].value == 8.4  # (8.4 +- 3.1)e6 /cm^2/s
    assert MEASUREMENTS["pandax-b8"]["sigma_obs_up"].value == 3.1
    b = get_experiment("pandax-b8").bound(-B).mzp_min
    assert 100 < b < get_experiment("xenonnt-b8").bound(-B).mzp_min


def test_sno_nc_ratio():
    assert sno_nc_ratio(-B, 0.0) == 1.0
    x = (91.1876 / 1400.0) ** 2
    assert 1.0 < sno_nc_ratio(-B, x) < 1.2
    e = get_experiment("xenonnt-b8")
    assert e.bound(-B, DEFAULT.with_(solar_nc="zp")).mzp_min != e.bound(-B).mzp_min
    with pytest.raises(InputError, match="solar_nc"):
        Settings(solar_nc="none")


def test_cli_rejects_bad_quenching(capsys):
    argv = ["bound", "--experiment", "csi2017", "--beta", "-1.7", "--csi-quenching", "linear"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "csi_quenching" in err and err.count("\n") == 1 and "Traceback" not in err


def test_lep2_curve_data():
    c = beyond.lep2_curve(21)
    assert c["beta"].shape == c["bound"].shape == c["running"].shape == (21,)
    assert np.all(c["bound"] >= np.maximum.reduce([c[k] for k in ("LL", "RR", "VV", "AA")]) - 1e-9)
    assert c["excluded"][0] and c["excluded"][-1] and not c["excluded"][10]  # edges vs beta = 0
    with pytest.raises(InputError, match="n"):
        beyond.lep2_curve(1)
