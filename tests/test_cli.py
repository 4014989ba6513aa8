"""The CLI: every subcommand for every experiment, JSON keys, and one-line errors with exit status 2."""

import json
import subprocess
import sys

import pytest

from cevnslib.cli import main
from cevnslib.experiments.registry import EXPERIMENTS

B = "-1.7320508075688772"


def run(*args):
    p = subprocess.run(
        [sys.executable, "-m", "cevnslib", *args], capture_output=True, text=True, timeout=120
    )
    return p.returncode, p.stdout, p.stderr


def call(capsys, *args):
    rc = main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_experiments_lists_the_four(capsys):
    rc, out, _ = call(capsys, "experiments", "--json")
    names = [e["name"] for e in json.loads(out)["experiments"]]
    assert rc == 0 and {"csi2017", "lar2020", "ge-projection", "nai-projection"} <= set(names)
    assert {"csi2021", "ge2026", "conus-plus", "xenonnt-b8", "combined"} <= set(names)


def test_couplings_json(capsys):
    rc, out, _ = call(capsys, "couplings", "--beta", B, "--json")
    d = json.loads(out)
    assert rc == 0
    for k in ("f", "g_v_p_sm", "g_v_n_sm", "delta_g_v_p", "delta_g_v_n"):
        assert k in d
    assert d["mzp_gev"] == 1000.0 and d["g_v_n_sm"] == -0.5
    assert d["delta_g_v_p"] == pytest.approx(-23.862 * (91.1876 / 1000) ** 2, rel=1e-4)


SINGLE = [n for n, e in EXPERIMENTS.items() if e.kind != "combination"]
COMBOS = [n for n, e in EXPERIMENTS.items() if e.kind == "combination"]


@pytest.mark.parametrize("name", COMBOS)
def test_combinations_bound_and_scan_but_no_events(capsys, name):
    rc, out, _ = call(capsys, "bound", "--experiment", name, "--beta", B, "--json")
    assert rc == 0 and json.loads(out)["mzp_min_gev"] > 100
    rc, out, _ = call(
        capsys, "scan", "--experiment", name, "--beta-points", "3", "--mzp-points", "4", "--json"
    )
    assert rc == 0 and len(json.loads(out)["boundary_mzp_gev"]) == 3
    rc, out, err = call(capsys, "events", "--experiment", name, "--json")
    assert rc == 2 and "combination" in err and err.count("\n") == 1


@pytest.mark.parametrize("name", SINGLE)
def test_events_and_bound_for_every_experiment(capsys, name):
    rc, out, _ = call(capsys, "events", "--experiment", name, "--json")
    d = json.loads(out)
    assert rc == 0 and d["n_model"] == d["n_sm"] > 0
    flavours = {s.flavour for s in EXPERIMENTS[name].detector().spectra}
    assert set(d["by_flavour"]) == flavours and sum(d["by_flavour"].values()) == pytest.approx(
        d["n_sm"]
    )
    if EXPERIMENTS[name].detector().source == "sns":
        assert flavours == {"nu_mu", "nu_e", "nu_mu_bar"}
    rc, out, _ = call(
        capsys, "events", "--experiment", name, "--beta", B, "--mzp", "1000", "--json"
    )
    d2 = json.loads(out)
    assert rc == 0 and d2["n_model"] != d2["n_sm"]
    rc, out, _ = call(capsys, "bound", "--experiment", name, "--beta", B, "--json")
    assert rc == 0 and json.loads(out)["mzp_min_gev"] > 100


def test_bound_reproduces_paper_through_the_module_entry_point():
    rc, out, err = run("bound", "--experiment", "csi2017", "--beta", B, "--json")
    assert rc == 0, err
    assert json.loads(out)["mzp_min_gev"] == pytest.approx(1400, rel=0.03)


def test_scan_json(capsys):
    rc, out, _ = call(
        capsys,
        "scan",
        "--experiment",
        "csi2017",
        "--beta-points",
        "5",
        "--mzp-points",
        "7",
        "--json",
    )
    d = json.loads(out)
    assert rc == 0 and len(d["delta_chi2_grid"]) == 5 and len(d["delta_chi2_grid"][0]) == 7
    assert len(d["boundary_mzp_gev"]) == 5


BAD = [
    ("bound", "--experiment", "nosuch", "--beta", "1"),
    ("bound", "--experiment", "csi2017", "--beta", "2.5"),
    ("bound", "--experiment", "csi2017", "--beta", "nan"),
    ("bound", "--experiment", "csi2017", "--beta", "abc"),
    ("bound", "--experiment", "csi2017", "--beta", "0.1", "--cl", "1.5"),
    ("bound", "--experiment", "csi2017", "--beta", "0.1", "--sw2", "0.9"),
    ("events", "--experiment", "csi2017", "--beta", "0.1", "--mzp", "-5"),
    ("events", "--experiment", "csi2017", "--beta", "0.1", "--mzp", "0"),
    ("events", "--experiment", "csi2017", "--beta", "0.1"),
    ("events", "--experiment", "csi2017", "--form-factor", "gauss"),
    ("couplings",),
    ("couplings", "--beta", "inf"),
    ("scan", "--experiment", "csi2017", "--beta-points", "0"),
    ("scan", "--experiment", "csi2017", "--mzp-min", "500", "--mzp-max", "100"),
    ("frobnicate",),
    (),
]


@pytest.mark.parametrize("args", BAD, ids=lambda a: " ".join(a) or "no-args")
def test_bad_input_exits_2_with_one_line(capsys, args):
    with pytest.raises(SystemExit) as exc:
        raise SystemExit(main(list(args)))
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert err.count("\n") == 1 and err.startswith("cevnslib: error: ") and "Traceback" not in err


def test_bad_input_via_subprocess_has_no_traceback():
    rc, out, err = run("bound", "--experiment", "csi2017", "--beta", "3")
    assert (
        rc == 2 and out == "" and err.count("\n") == 1 and "beta" in err and "allowed range" in err
    )


def test_bound_expected_and_conventions(capsys):
    rc, out, _ = call(capsys, "bound", "--experiment", "lar2020", "--beta", B, "--json")
    d = json.loads(out)
    assert rc == 0 and d["convention"] == "two-sided"
    assert d["delta_chi2"] == pytest.approx(2.7055, abs=1e-4) and d["sm_excluded"] is False
    lo1, hi1 = d["expected_band_gev"]
    lo2, hi2 = d["expected_band_2sigma_gev"]
    assert lo2 < lo1 < d["expected_mzp_min_gev"] < hi1 < hi2
    assert d["expected_method"] == "toys" and d["expected_seed"] == 20261130
    for conv, key in (("one-sided", 1.6424), ("cls", None)):
        rc, out, _ = call(
            capsys, "bound", "--experiment", "csi2017", "--beta", B, "--convention", conv, "--json"
        )
        d = json.loads(out)
        assert rc == 0 and d["convention"] == conv
        assert d["delta_chi2"] == (pytest.approx(key, abs=1e-4) if key else None)
    rc, out, _ = call(capsys, "bound", "--experiment", "csi2017", "--beta", B)
    assert rc == 0 and "expected" in out and "2 sigma" in out


@pytest.mark.parametrize(
    "args",
    [
        ("--convention", "bayes"),
        ("--lar-stat", "none"),
        ("--lar-window", "wide"),
        ("--toys", "3"),
        ("--seed", "-1"),
    ],
)
def test_bound_bad_statistics_options_exit_2(capsys, args):
    try:
        rc, out, err = call(capsys, "bound", "--experiment", "lar2020", "--beta", B, *args)
    except SystemExit as exc:  # argparse-level errors exit from the parser
        captured = capsys.readouterr()
        rc, out, err = exc.code, captured.out, captured.err
    assert rc == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err


def test_lar_paper_variant_through_the_cli(capsys):
    rc, out, _ = call(
        capsys,
        "bound",
        "--experiment",
        "lar2020",
        "--beta",
        B,
        "--lar-window",
        "table2",
        "--lar-stat",
        "paper",
        "--json",
    )
    assert rc == 0 and json.loads(out)["sm_excluded"] is True


def test_bound_json_has_w_bilepton_and_validity(capsys):
    rc, out, _ = call(capsys, "bound", "--experiment", "csi2017", "--beta", B, "--json")
    d = json.loads(out)
    assert rc == 0 and d["meaningful"] is True and d["reason"] is None
    assert 800 < d["w_min_gev"] < 1100 and d["bilepton_mass_min_gev"] < d["w_min_gev"]
    rc, out, _ = call(capsys, "bound", "--experiment", "csi2017", "--beta", "0.57735", "--json")
    d = json.loads(out)
    assert d["meaningful"] is False and "no meaningful constraint" in d["reason"]
