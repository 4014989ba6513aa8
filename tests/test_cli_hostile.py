"""The CLI against a hostile but fair user: each case once broke it (subprocess tests)."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

from cevnslib.cli import MAX_GRID_POINTS, MZP_FLOOR_GEV, main


def run(*args, stdout=subprocess.PIPE):
    p = subprocess.run(
        [sys.executable, "-m", "cevnslib", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
    )
    return p.returncode, p.stdout, p.stderr


def call(capsys, *args):
    """The CLI in this process (no interpreter start-up): for what needs no real process."""
    capsys.readouterr()  # drop what an earlier call left
    try:
        rc = main(list(args))
    except SystemExit as exc:  # argparse errors exit from inside parse_args
        rc = exc.code
    out = capsys.readouterr()
    return rc, out.out, out.err


def one_line_error(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("cevnslib: error:") and "Traceback" not in err


def strict(text: str):
    """Parse JSON refusing NaN/Infinity (Python's json accepts them by default)."""

    def refuse(name):
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


# ---------------------------------------------------------------- output to a closed pipe or full disk
def test_broken_pipe_exits_quietly():
    p = subprocess.run(
        f"'{sys.executable}' -m cevnslib scan --experiment csi2017 --json | head -c 100",
        shell=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert len(p.stdout) == 100
    assert "Traceback" not in p.stderr and "BrokenPipe" not in p.stderr


def test_full_disk_is_one_line():
    with open("/dev/full", "w") as full:
        rc, _, err = run("scan", "--experiment", "csi2017", "--json", stdout=full)
    assert rc == 1 and one_line_error(err) and "No space left" in err


def test_closed_stdout_is_one_line():
    p = subprocess.run(
        f"'{sys.executable}' -m cevnslib experiments >&-",
        shell=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 1 and "Traceback" not in p.stderr and p.stderr.count("\n") == 1


# ---------------------------------------------------------------- tiny masses, strict JSON
@pytest.mark.parametrize("mzp", ["1e-160", "1e-153", "0.5", "1e-300"])
def test_masses_below_the_floor_are_refused(capsys, mzp):
    args = ("events", "--experiment", "csi2017", "--beta", "1", "--mzp", mzp, "--json")
    rc, out, err = call(capsys, *args)
    assert rc == 2 and out == "" and one_line_error(err) and f"{MZP_FLOOR_GEV:g} GeV" in err
    rc, _, err = call(capsys, "scan", "--experiment", "csi2017", "--mzp-min", mzp, "--json")
    assert rc == 2 and one_line_error(err)


def test_mass_floor_is_in_help():
    rc, out, _ = run("scan", "--help")
    assert rc == 0 and f">= {MZP_FLOOR_GEV:g}" in out and f"{MAX_GRID_POINTS:,}" in out


@pytest.mark.parametrize("name", ["csi2017", "lar2020", "combined"])
def test_scan_json_is_strict(capsys, name):
    rc, out, _ = call(
        capsys, "scan", "--experiment", name, "--beta-points", "5", "--mzp-points", "6",
        "--mzp-min", str(MZP_FLOOR_GEV), "--json",
    )  # fmt: skip
    d = strict(out)
    assert rc == 0 and len(d["delta_chi2_grid"]) == 5 and len(d["boundary_outcome"]) == 5


# ---------------------------------------------------------------- memory: refuse big grids up front
def test_huge_grid_is_refused_quickly():
    rc, out, err = run("scan", "--experiment", "csi2017", "--beta-points", "10000",
                       "--mzp-points", "10000", "--json")  # fmt: skip
    assert rc == 2 and out == "" and one_line_error(err) and f"{MAX_GRID_POINTS:,}" in err


def test_chunked_scan_equals_one_grid(capsys):
    """The scan computes the grid in chunks of beta rows: the result equals the one-shot grid."""
    import numpy as np

    from cevnslib.experiments.registry import get_experiment
    from cevnslib.physics.model331 import beta_max

    rc, out, _ = call(capsys, "scan", "--experiment", "csi2017", "--beta-points", "700",
                      "--mzp-points", "400", "--json")  # fmt: skip
    d = strict(out)
    b = beta_max(0.23857)
    betas = np.linspace(-b, b, 702)[1:-1]
    grid = get_experiment("csi2017").delta_chi2_grid(betas, np.asarray(d["mzp_gev"]))
    assert rc == 0 and np.allclose(d["delta_chi2_grid"], grid, rtol=1e-4, atol=1e-4)


# ---------------------------------------------------------------- scan boundaries at the grid edge
def test_scan_boundary_outcomes(capsys):
    # CsI: at beta = 0 a bound near 200 GeV lies inside [100, 10000] GeV
    rc, out, _ = call(capsys, "scan", "--experiment", "csi2017", "--beta-points", "3",
                      "--mzp-points", "50", "--json", "--no-grid")  # fmt: skip
    d = strict(out)
    assert d["boundary_outcome"][1] == "boundary" and 100 < d["boundary_mzp_gev"][1] < 400
    # a grid entirely above the bound: nothing excluded
    rc, out, _ = call(capsys, "scan", "--experiment", "csi2017", "--beta-points", "3",
                      "--mzp-min", "5000", "--mzp-max", "9000", "--json", "--no-grid")  # fmt: skip
    d = strict(out)
    assert d["boundary_outcome"][1] == "none-excluded" and d["boundary_mzp_gev"][1] is None
    # a grid entirely below the bound: the top of the grid is excluded, the boundary is beyond it
    rc, out, _ = call(capsys, "scan", "--experiment", "csi2017", "--beta-points", "3",
                      "--mzp-min", "1", "--mzp-max", "20", "--json", "--no-grid")  # fmt: skip
    d = strict(out)
    assert d["boundary_outcome"][1] == "excluded-at-grid-top" and d["boundary_mzp_gev"][1] is None


def test_scan_outcomes_unit():
    import numpy as np

    from cevnslib.cli import scan_outcomes

    mzps = np.array([1.0, 2.0, 3.0])
    ex = np.array([[False, False, False], [True, False, False], [True, True, True]])
    assert scan_outcomes(ex, mzps) == (
        [None, 1.0, None],
        ["none-excluded", "boundary", "excluded-at-grid-top"],
    )


# ---------------------------------------------------------------- negative numbers in exponent form
@pytest.mark.parametrize("beta", ["-1e-3", "-1E-3", "-.5", "-1.5e0", "-1"])
def test_negative_exponent_parses(capsys, beta):
    rc, out, err = call(capsys, "couplings", "--beta", beta, "--json")
    assert rc == 0 and strict(out)["beta"] == float(beta), err


def test_negative_infinity_is_refused_by_name(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["couplings", "--beta", "-inf", "--json"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "beta" in err and "finite" in err


# ---------------------------------------------------------------- bound outcomes
def test_bound_outcome_bound(capsys):
    rc, out, _ = call(capsys, "bound", "--experiment", "csi2017", "--beta", "0", "--json")
    d = strict(out)
    assert d["outcome"] == "bound" and d["mzp_min_gev"] > d["search_floor_gev"]


def test_bound_at_landau_pole_is_said(capsys):
    rc, out, _ = call(capsys, "bound", "--experiment", "csi2017", "--beta",
                      "-1.786516685093917", "--json")  # fmt: skip
    d = strict(out)
    assert rc == 0 and d["outcome"] == "excluded-up-to-landau-pole" and d["mzp_min_gev"] is None
    assert "Landau pole" in d["message"]
    rc, out, _ = call(capsys, "bound", "--experiment", "csi2017", "--beta",
                      "1.786516685093917", "--json")  # fmt: skip
    d = strict(out)
    assert d["outcome"] == "bound-above-landau-pole" and d["mzp_min_gev"] > d["landau_pole_gev"]
    rc, out, _ = call(capsys, "bound", "--experiment", "csi2017", "--beta", "1.786516685093917")
    assert "Landau pole" in out


def test_bound_outcome_classifier():
    from cevnslib.cli import bound_outcome
    from cevnslib.stats.bounds import Bound

    inf = float("inf")
    assert bound_outcome(Bound(50.0, ((50.0, inf),)), 0.0)[0] == "no-bound-above-floor"
    assert bound_outcome(Bound(inf, ()), 0.0)[0] == "everything-excluded"
    assert bound_outcome(Bound(inf, ((inf, inf),)), 0.0)[0] == "excluded-beyond-resolution"
    assert bound_outcome(Bound(inf, ((inf, inf),)), 1.786516685093917)[0] == (
        "excluded-up-to-landau-pole"
    )
    assert bound_outcome(Bound(300.0, ((300.0, inf),)), 0.0)[0] == "bound"


# ---------------------------------------------------------------- events: what the number is
@pytest.mark.parametrize(
    ("name", "quantity"),
    [
        ("csi2017", "events"),
        ("ge2026", "cross-section ratio sigma/sigma_SM"),
        ("xenonnt-b8", "neutrino flux inferred from CEvNS"),
    ],
)
def test_events_labels_the_quantity(capsys, name, quantity):
    rc, out, _ = call(capsys, "events", "--experiment", name, "--json")
    d = strict(out)
    assert rc == 0 and d["quantity"] == quantity and d["unit"]
    rc, out, _ = call(capsys, "events", "--experiment", name)
    assert ("events" in out) == (quantity == "events") or quantity in out


def test_options_that_do_not_apply_are_refused(capsys):
    rc, _, err = call(capsys, "events", "--experiment", "lar2020", "--csi-window", "table2")
    assert rc == 2 and one_line_error(err) and "csi-window" in err
    rc, _, err = call(capsys, "couplings", "--beta", "0", "--sm-scheme", "radiative",
                      "--sw2-sm", "0.23")  # fmt: skip
    assert rc == 2 and one_line_error(err) and "sw2-sm" in err
    rc, out, _ = call(capsys, "bound", "--experiment", "combined-2020", "--beta", "0",
                      "--csi-window", "table2", "--json")  # fmt: skip
    assert rc == 0 and strict(out)["outcome"] == "bound"


# ---------------------------------------------------------------- argparse messages
@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["bound", "--beta", "0"], "csi2017"),  # missing --experiment: list the names
        (["bound", "--experiment", "nope", "--beta", "0"], "csi2017"),
        (["bound", "--experiment", "csi2017", "--beta", "0", "--form-factor", "x"], "helm"),
        (["bound", "--experiment", "csi2017", "--beta"], "cot(theta_W)"),
        (["events", "--experiment", "csi2017", "--sm-scheme", "x"], "radiative"),
    ],
)
def test_argparse_errors_name_allowed_values(capsys, argv, needle):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and one_line_error(err) and needle in err


def test_no_abbreviations(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["bound", "--exp", "csi2017", "--beta", "0"])
    assert exc.value.code == 2 and "--exp" in capsys.readouterr().err


# ---------------------------------------------------------------- scan and bound agree (#16, item 2)
def _agree(scan_outcome, boundary, band, b, mzps):
    """bound's Bound at one beta against scan's verdict on the grid ``mzps`` (geometric)."""
    from cevnslib.cli import SEARCH_FLOOR_GEV, bound_outcome

    outcome = bound_outcome(b, 0.0, SEARCH_FLOOR_GEV)[0]
    step = mzps[1] / mzps[0]
    if scan_outcome == "sm-excluded":
        lo, hi = min(b.intervals)
        return (
            outcome == "sm-excluded"
            # edges within one grid step (the scan's minimum is the grid's, a little above)
            and band[0] / step <= lo <= band[0] * step
            and band[1] / step <= hi <= band[1] * step
        )
    assert outcome != "sm-excluded"
    if scan_outcome == "boundary":
        return boundary < b.mzp_min <= boundary * step
    if scan_outcome == "none-excluded":
        return b.mzp_min <= mzps[0]
    return b.mzp_min >= mzps[-1]  # excluded-at-grid-top


@pytest.mark.parametrize(
    ("experiment", "options"),
    [
        ("lar2020", ["--lar-window", "table2", "--lar-stat", "paper"]),  # the SM is excluded
        ("lar2020", []),
        ("csi2017", []),
        ("csi2017", ["--csi-window", "table2"]),
    ],
)
def test_scan_and_bound_agree_at_every_beta(capsys, experiment, options):
    from cevnslib.cli import _settings, build_parser
    from cevnslib.experiments import get_experiment

    rc, out, _ = call(capsys, "scan", "--experiment", experiment, "--beta-points", "5",
                      "--mzp-points", "60", "--mzp-min", "30", "--json", "--no-grid", *options)  # fmt: skip
    d = strict(out)
    args = build_parser().parse_args(["bound", "--experiment", experiment, "--beta", "0", *options])
    s, e = _settings(args), get_experiment(experiment)
    mzps = d["mzp_gev"]
    for k, beta in enumerate(d["beta"]):
        b = e.bound(beta, s)
        oc, m, band = (
            d["boundary_outcome"][k],
            d["boundary_mzp_gev"][k],
            d["allowed_band_mzp_gev"][k],
        )
        assert _agree(oc, m, band, b, mzps), (beta, oc, m, band, b)


def test_lar_paper_settings_say_the_sm_is_excluded(capsys):
    # the paper's LAr settings, with N_th at all arrival times as the paper has it
    opts = ["--lar-window", "table2", "--lar-stat", "paper", "--lar-time-window", "all"]
    rc, out, _ = call(capsys, "bound", "--experiment", "lar2020", "--beta", "-0.5955", "--json",
                      "--toys", "10", *opts)  # fmt: skip
    d = strict(out)
    assert rc == 0 and d["outcome"] == "sm-excluded" and d["sm_excluded"]
    assert d["mzp_min_gev"] is None and "SM is excluded" in d["message"]
    ((lo, hi),) = d["allowed_intervals_gev"]
    assert 200 < lo < 220 and 760 < hi < 790  # [210, 772] GeV
    rc, out, _ = call(capsys, "bound", "--experiment", "lar2020", "--beta", "-0.5955", *opts)
    assert "[sm-excluded]" in out and "M_Z' >" not in out
    rc, out, _ = call(capsys, "scan", "--experiment", "lar2020", "--beta-points", "3",
                      "--mzp-points", "20", *opts)  # fmt: skip
    assert out.count("the SM is excluded") == 3 and "grid top" not in out


def test_bound_outcome_sm_excluded_classifier():
    from cevnslib.cli import bound_outcome
    from cevnslib.stats.bounds import Bound

    b = Bound(210.0, ((210.0, 772.0),), 292.0, sm_excluded=True)
    outcome, message, _ = bound_outcome(b, -0.5955)
    assert outcome == "sm-excluded" and "210-772 GeV" in message


# ---------------------------------------------------------------- options that do nothing (#16, item 7)
@pytest.mark.parametrize(
    ("experiment", "option"),
    [
        ("lar2020", ["--lar-stat", "paper"]),
        ("lar2020", ["--lar-window", "table2"]),
        ("csi2017", ["--csi-window", "coherent"]),
    ],
)
@pytest.mark.parametrize("command", ["bound", "scan"])
def test_binned_refuses_counting_options(capsys, experiment, option, command):
    extra = ["--beta", "0"] if command == "bound" else ["--beta-points", "2", "--mzp-points", "2"]
    rc, out, err = call(capsys, command, "--experiment", experiment, "--likelihood", "binned",
                        *extra, *option)  # fmt: skip
    assert rc == 2 and one_line_error(err) and option[0] in err and "--likelihood counting" in err


def test_binned_uses_toys_and_seed(capsys, release):
    release("lar2020")
    rc, out, _ = call(capsys, "bound", "--experiment", "lar2020", "--beta", "0", "--likelihood",
                      "binned", "--toys", "20", "--seed", "3", "--json", "--quiet")  # fmt: skip
    d = strict(out)
    assert rc == 0 and d["unused_options"] == []
    assert d["expected_n_toys"] == 20 and d["expected_seed"] == 3
    lo, hi = d["expected_band_gev"]
    assert lo <= d["expected_mzp_min_gev"] * 1.5 and lo < hi


# ---------------------------------------------------------------- smaller ones (#16, item 8)
@pytest.mark.parametrize("cl", ["1e-8", "1e-9", "0", "1", "0.0009"])
def test_tiny_or_full_cl_is_refused(capsys, cl):
    with pytest.raises(SystemExit) as exc:
        main(["bound", "--experiment", "csi2017", "--beta", "-1.7320508", "--cl", cl])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and one_line_error(err) and "cl" in err and "[0.001, 1)" in err


def test_no_interval_at_infinity_in_json(capsys):
    rc, out, _ = call(capsys, "bound", "--experiment", "csi2017", "--beta",
                      "-1.786516685093917", "--json", "--toys", "10")  # fmt: skip
    d = strict(out)
    assert d["outcome"] == "excluded-up-to-landau-pole" and d["allowed_intervals_gev"] == []


def test_ctrl_c_exits_quietly_with_130():
    import signal
    import time

    # a Feldman-Cousins construction of 100000 toys per tested mass: tens of seconds of work (the
    # largest scan, 4 million points, now ends within a second of CPU: too close to the interrupt)
    p = subprocess.Popen(
        [sys.executable, "-m", "cevnslib", "bound", "--experiment", "combined", "--beta",
         "-1.7320508", "--convention", "fc", "--toys", "100000", "--json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    # interrupt once the child has done real work (1 s of CPU: past its imports), not after a
    # wall-clock delay, which a loaded machine spends before the CLI starts
    stat = pathlib.Path(f"/proc/{p.pid}/stat")
    deadline = time.monotonic() + 60
    while p.poll() is None and time.monotonic() < deadline:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") >= 1.0:
            break
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130 and err == "", err


def test_ctrl_c_inside_an_import_is_held_back(monkeypatch, tmp_path):
    """Raised inside an import, KeyboardInterrupt breaks an extension module's initialisation
    (ImportError and a traceback): the CLI's handler sends the signal again 50 ms later instead."""
    import importlib
    import signal

    from cevnslib import __main__ as entry

    resent = []

    class Timer:  # records instead of signalling the test process
        def __init__(self, delay, func, args):
            resent.append((delay, func, args))
            self.daemon = False

        def start(self):
            pass

    monkeypatch.setattr(entry.threading, "Timer", Timer)
    (tmp_path / "interrupted_while_imported.py").write_text(
        "import signal, sys\nfrom cevnslib import __main__ as entry\n"
        "entry._interrupt(signal.SIGINT, sys._getframe())\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("interrupted_while_imported")  # no KeyboardInterrupt inside the import
    assert resent == [(0.05, os.kill, (os.getpid(), signal.SIGINT))]
    with pytest.raises(KeyboardInterrupt):  # outside an import: at once
        entry._interrupt(signal.SIGINT, sys._getframe())
    assert len(resent) == 1
