"""The other probes of the 331 Z': lepton content, APV, LEP-II, the Z pole, the LHC, and `limits`."""

import json
import math

import numpy as np
import pytest

from cevnslib.book.beyond import lep2_bound
from cevnslib.book.probes import PROBES, cevns_bound, contact_bound, probe_limits
from cevnslib.cli import main
from cevnslib.data.measurements import load_lep2
from cevnslib.errors import InputError
from cevnslib.experiments.interpretation import mixing_zero
from cevnslib.experiments.probes import APV_EXTRACTIONS, apv_bound, lep2_sigma_bound
from cevnslib.experiments.registry import get_experiment
from cevnslib.physics.apv import weak_charge_shift, weak_charge_tree
from cevnslib.physics.constants import M_Z, QW_CS, SW2_LOW
from cevnslib.physics.lep2 import sigma_ratio
from cevnslib.physics.leptons import lepton_spectrum, lepton_zp_chiral
from cevnslib.physics.model331 import (
    BENCHMARK_BETAS,
    SQRT3,
    f_beta,
    weak_charge_ratio,
    zp_couplings,
)
from cevnslib.stats.bounds import delta_chi2_threshold

S2 = SW2_LOW


# ------------------------------------------------------------------ which model each beta is
@pytest.mark.parametrize(
    ("key", "charge", "link"),
    [
        ("-sqrt3", -2.0, "nu-E"),
        ("-1/sqrt3", -1.0, ""),
        ("+1/sqrt3", 0.0, ""),
        ("+sqrt3", 1.0, "e-E"),
    ],
)
def test_exotic_lepton_charge_and_doubly_charged_link(key, charge, link):
    spec = lepton_spectrum(BENCHMARK_BETAS[key])
    assert spec["exotic_lepton_charge"] == pytest.approx(charge, abs=1e-12)
    assert spec["doubly_charged_link"] == link
    assert spec["bilepton"] is False and spec["singlet_e_R"] is True


def test_only_the_ppf_content_has_a_bilepton():
    spec = lepton_spectrum(SQRT3, "ppf")
    assert spec["bilepton"] and not spec["singlet_e_R"]
    with pytest.raises(InputError, match="leptons"):
        lepton_spectrum(-SQRT3, "ppf")


def test_ppf_lepton_charges_scale_with_sqrt_f():
    f = float(f_beta(SQRT3, S2))
    c_l, c_r = lepton_zp_chiral(SQRT3, S2, "ppf")
    assert c_l == pytest.approx(-math.sqrt(f) / (2 * SQRT3), rel=1e-12)
    assert c_r == pytest.approx(-math.sqrt(f) / SQRT3, rel=1e-12)
    assert lepton_zp_chiral(SQRT3, S2)[1] == pytest.approx(SQRT3 * S2 / math.sqrt(f))  # singlet e_R


# ------------------------------------------------------------------ APV
def test_apv_shift_vanishes_as_mzp_grows_and_scales_as_inverse_square():
    d1 = float(weak_charge_shift(-SQRT3, 1000.0))
    assert float(weak_charge_shift(-SQRT3, np.inf)) == 0.0
    assert float(weak_charge_shift(-SQRT3, 2000.0)) == pytest.approx(d1 / 4, rel=1e-12)


def test_sm_tree_weak_charge():
    assert weak_charge_tree(55, 78, S2) == pytest.approx(55 * (1 - 4 * S2) - 78, rel=1e-12)


@pytest.mark.parametrize("beta", [-SQRT3, -1 / SQRT3, 0.2, 1 / SQRT3, SQRT3])
def test_apv_shift_is_the_cevns_shift_times_the_lepton_factor(beta):
    """delta Q_W / Q_W (APV) = [g'_A^e / g_A^e] / (g'_V^nu + g'_A^nu) x the CEvNS relative shift."""
    m = 800.0
    cevns = float(weak_charge_ratio(beta, m, 55, 78, S2, S2)) - 1.0
    g_a_e = zp_couplings("e", beta, S2)[1]
    g_nu = sum(zp_couplings("nu", beta, S2))
    apv = float(weak_charge_shift(beta, m, 55, 78, S2)) / weak_charge_tree(55, 78, S2)
    assert apv == pytest.approx((g_a_e / -0.5) / g_nu * cevns, rel=1e-10)


def test_apv_sign_opposite_to_cevns_at_minus_sqrt3():
    """c_R/c_L = 6 s^2/(1 + 2 s^2) < 1: the electron axial charge is small and of the other sign."""
    c_l, c_r = lepton_zp_chiral(-SQRT3, S2)
    assert c_r / c_l == pytest.approx(6 * S2 / (1 + 2 * S2), rel=1e-12)
    cevns = float(weak_charge_ratio(-SQRT3, 1000.0, 55, 78, S2, S2)) - 1.0
    apv = float(weak_charge_shift(-SQRT3, 1000.0)) / weak_charge_tree(55, 78, S2)
    assert cevns > 0 > apv


def test_apv_mixing_at_the_zero_of_b_over_a_is_no_mixing():
    t0 = mixing_zero(-SQRT3, S2)
    a = float(weak_charge_shift(-SQRT3, 1500.0, tan_beta_bar=t0))
    assert a == pytest.approx(float(weak_charge_shift(-SQRT3, 1500.0)), rel=1e-9)
    assert float(weak_charge_shift(-SQRT3, 1500.0, tan_beta_bar=1.0)) != pytest.approx(a, rel=0.01)


def test_published_weak_charges():
    assert QW_CS["porsev2009"]["qw"].value == -73.16  # Porsev:2009pr: -73.16(29)(20)
    assert QW_CS["sahoo2021"]["qw"].value == -73.71  # Sahoo:2021thl: -73.71(26)(23)
    # Dzuba:2012kx: amplitude 0.8906 -> 0.8977 rescales Porsev's Q_W
    assert QW_CS["dzuba2012"]["qw"].value == pytest.approx(-73.16 * 0.8906 / 0.8977, abs=0.005)


def test_apv_expected_bound_is_analytic():
    thr = delta_chi2_threshold(0.9)
    k = float(weak_charge_shift(-SQRT3, M_Z))
    sigma = math.hypot(QW_CS["porsev2009"]["qw"].uncertainty, QW_CS["porsev2009"]["sm"].uncertainty)
    b = apv_bound(-SQRT3, "porsev2009")
    assert b.expected == pytest.approx(
        M_Z * math.sqrt(abs(k) / (sigma * math.sqrt(thr))), rel=1e-12
    )
    assert b.mzp_min == pytest.approx(b.expected)  # Porsev's value equals its SM value


def test_apv_extractions_differ_in_the_expected_direction():
    b = {e: apv_bound(-SQRT3, e).mzp_min for e in APV_EXTRACTIONS}
    assert b["dzuba2012"] < b["porsev2009"] < b["sahoo2021"]


# ------------------------------------------------------------------ LEP-II
def test_lep2_data_file():
    d = load_lep2()
    assert len(d["sqrt_s"]) == 24 and d["sqrt_s"].min() == 130.3 and d["sqrt_s"].max() == 206.5


def test_lep2_ratio_tends_to_one_and_to_the_contact_limit():
    r = [float(sigma_ratio(200.0, -SQRT3, m)) for m in (2e4, 4e4)]
    assert float(sigma_ratio(200.0, -SQRT3, np.inf)) == 1.0
    assert (r[1] - 1) / (r[0] - 1) == pytest.approx(0.25, rel=1e-3)  # linear in 1/M^2


def test_lep2_heavy_zp_barely_moves_the_ratio():
    """A 10 TeV Z' at beta = 1/sqrt3 moves sigma at 130 GeV by less than 0.1%."""
    assert abs(float(sigma_ratio(130.3, 1 / SQRT3, 1e4)) - 1) < 1e-3


def test_lep2_bound_expected_beside_observed():
    b = lep2_sigma_bound(-SQRT3)
    assert b.floor < b.mzp_min < 2e4 and b.expected > b.floor and not b.sm_excluded


def test_contact_translation_matches_the_existing_function():
    for beta in (-SQRT3, -0.3, 1 / SQRT3):
        assert contact_bound(beta, S2)["bound"] == pytest.approx(float(lep2_bound(beta, S2)))


# ------------------------------------------------------------------ the table and the CLI
def test_cevns_bound_matches_the_experiment_bound():
    e = get_experiment("csi2017")
    for beta in (-SQRT3, 0.3, 1.7865):  # 1.7865: next to cot(theta_W), bound above the pole
        b = cevns_bound("csi2017", beta)
        assert b["mzp_min"] == pytest.approx(e.bound(beta).mzp_min, rel=1e-6)
        asimov = e.bound(beta, data=e.asimov_data()).mzp_min
        assert b["expected"] == pytest.approx(asimov, rel=1e-6)


def test_lhc_bilepton_only_where_the_boson_is_a_bilepton():
    def lhc(beta, leptons="singlet"):
        out = probe_limits(beta, leptons=leptons)["probes"]
        return next(p for p in out if p["probe"] == "lhc-bilepton")

    assert not lhc(-SQRT3)["applies"] and lhc(-SQRT3)["mzp_min_gev"] is None
    assert "nu to E--" in lhc(-SQRT3)["reason"]
    assert not lhc(SQRT3)["applies"]
    assert lhc(SQRT3, "ppf")["applies"] and lhc(SQRT3, "ppf")["mzp_min_gev"] > 1300.0


def test_limits_json_keys(capsys):
    rc = main(["limits", "--beta", "-1.7320508075688772", "--json"])
    d = json.loads(capsys.readouterr().out)
    assert rc == 0 and {"beta", "cl", "probes"} <= set(d) and d["cl"] == 0.9
    names = [p["probe"] for p in d["probes"]]
    assert names == list(PROBES)
    for p in d["probes"]:
        assert set(p) >= {"probe", "mzp_min_gev", "applies", "reason", "source"}
        assert p["mzp_min_gev"] is None or p["mzp_min_gev"] > 0
        assert isinstance(p["applies"], bool) and "\n" not in p["reason"]


@pytest.mark.parametrize(
    "args",
    [
        ("--beta", "3"),
        ("--beta", "nan"),
        ("--beta", "0.5", "--leptons", "ppf"),
        ("--beta", "0.5", "--cl", "1.5"),
        ("--beta", "0.5", "--tan-beta-bar", "-1"),
        ("--beta", "0.5", "--leptons", "other"),
    ],
)
def test_limits_bad_input_exits_2_with_one_line(cli, args):
    rc, out, err = cli("limits", *args)  # in this process; the real one: tests/test_cli.py
    assert rc == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_lep2_sm_chi2_is_that_of_24_measurements():
    """The SM describes the 24 LEP-II ratios: chi^2 within 3 sigma of 24 (a check of the data file)."""
    b = lep2_sigma_bound(-SQRT3)
    assert abs(b.chi2_sm - 24) < 3 * math.sqrt(2 * 24)
    assert b.chi2_sm - b.chi2_min < delta_chi2_threshold(0.9)  # the SM is allowed
