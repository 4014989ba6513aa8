"""Pseudo-experiments: seeded chunks (same numbers for any --jobs), bounded memory, coverage and
Feldman-Cousins helpers, the binned release toys and their stored results (a small sample is
recomputed here; the full runs take minutes: tools/compute_thresholds.py)."""

import json
import tracemalloc

import numpy as np
import pytest
from scipy.stats import chi2

from cevnslib.errors import InputError
from cevnslib.experiments import frequentist as F
from cevnslib.experiments import registry
from cevnslib.experiments.registry import DEFAULT, Settings, get_experiment
from cevnslib.physics.constants import M_Z
from cevnslib.physics.model331 import SQRT3
from cevnslib.stats import bounds, neyman, toys


def _normal(n, rng):
    return rng.standard_normal((n, 2))


def _interrupt(n, rng):
    raise KeyboardInterrupt


# ------------------------------------------------------------------------------- stats.toys
def test_chunks_do_not_depend_on_the_number_of_workers():
    assert toys.chunk_bounds(7, 3) == [(0, 3), (3, 6), (6, 7)]
    one = toys.run_toys(_normal, 25, seed=5, jobs=1, chunk_size=4, progress=False)
    two = toys.run_toys(_normal, 25, seed=5, jobs=2, chunk_size=4, progress=False)
    assert one.shape == (25, 2) and np.array_equal(one, two)
    # chunk i is seeded by SeedSequence(seed).spawn(n)[i]: a shorter run repeats the first toys
    assert np.array_equal(toys.run_toys(_normal, 8, 5, chunk_size=4, progress=False), one[:8])
    assert not np.array_equal(toys.run_toys(_normal, 25, 6, chunk_size=4, progress=False), one)


def test_toy_runner_rejects_bad_input_and_passes_ctrl_c_on():
    with pytest.raises(InputError, match="n_toys"):
        toys.run_toys(_normal, 0, seed=1)
    with pytest.raises(InputError, match="jobs"):
        toys.run_toys(_normal, 5, seed=1, jobs=0)
    with pytest.raises(InputError, match="seed"):
        toys.run_toys(_normal, 5, seed=-1)
    with pytest.raises(KeyboardInterrupt):
        toys.run_toys(_interrupt, 5, seed=1, progress=False)


def test_counting_toys_use_bounded_memory_and_the_same_numbers(monkeypatch):
    e = get_experiment("csi2017")
    ref = e.toy_bounds(-SQRT3, n_toys=3000, n_grid=100)
    monkeypatch.setattr(registry, "TOY_CHUNK", 100)
    peaks = []
    for n in (300, 3000):
        tracemalloc.start()
        out = e.toy_bounds(-SQRT3, n_toys=n, n_grid=100)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert np.array_equal(out, ref)  # chunking changes no number
    # ten times the toys: the same working memory (plus 8 bytes a toy for data and bounds)
    assert peaks[1] < 1.3 * peaks[0] + 3000 * 64, peaks


def test_cli_out_of_memory_and_ctrl_c_messages_fit_the_command(monkeypatch, capsys):
    from cevnslib import cli

    def oom(args):
        raise MemoryError

    def ctrl_c(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "bound", oom)
    assert cli.main(["bound", "--experiment", "csi2017", "--beta", "1"]) == 1
    err = capsys.readouterr().err
    assert "fewer toys" in err and "grid" not in err and len(err.splitlines()) == 1
    monkeypatch.setitem(cli.COMMANDS, "bound", ctrl_c)
    assert cli.main(["bound", "--experiment", "csi2017", "--beta", "1"]) == 130
    assert capsys.readouterr().err == ""  # Ctrl-C: quiet, status 130


# ------------------------------------------------------------------------------ stats.neyman
def test_critical_value_and_coverage_of_chi2_samples():
    t = np.random.default_rng(3).chisquare(1, 20000)
    tc = float(neyman.critical_values(t, 0.9)[0])
    assert tc == pytest.approx(chi2.ppf(0.9, 1), abs=0.1)
    p, err = neyman.coverage(t, 2.706)
    assert abs(p - 0.9) < 4 * err and err == pytest.approx(0.0021, abs=2e-4)
    with pytest.raises(InputError, match="finite"):
        neyman.coverage([np.nan], 2.7)


def test_accepted_bound_with_a_constant_threshold_is_the_wilks_bound():
    def c(x):  # a chi-square rising from the SM (x = 0): allowed up to x = 0.1
        return 2.706 * (np.asarray(x) / 0.1) ** 2

    thr = bounds.delta_chi2_threshold(0.9)  # 2.7055
    wilks = bounds.lower_bound(c, M_Z)
    acc = neyman.accepted_lower_bound(c, lambda x: np.full(np.shape(x), thr), M_Z)
    assert acc.mzp_min == pytest.approx(wilks.mzp_min, rel=1e-9)
    assert acc.mzp_min == pytest.approx(M_Z / np.sqrt(0.1 * np.sqrt(thr / 2.706)), rel=1e-9)
    # a larger threshold where the bound is: a weaker (lower) bound
    looser = neyman.accepted_lower_bound(c, lambda x: np.full(np.shape(x), 4.0), M_Z)
    assert looser.mzp_min < wilks.mzp_min
    med, b1, b2 = neyman.band_quantiles(np.arange(1.0, 1002.0))
    assert med == 501.0 and b2[0] < b1[0] < med < b1[1] < b2[1]


# ------------------------------------------------------------------------- binned release toys
@pytest.fixture
def csi(release):
    release("csi2017")
    return F.build_model("csi2017")


def test_binned_toys_equal_for_any_number_of_workers(csi):
    one = F.t_at_mu("csi2017", 1.0, 7, seed=11, jobs=1, progress=False, chunk_size=3)
    two = F.t_at_mu("csi2017", 1.0, 7, seed=11, jobs=2, progress=False, chunk_size=3)
    assert np.array_equal(one, two) and np.all(one >= 0)


def test_toys_fluctuate_counts_and_global_observables(csi):
    on, off, glob = F.generate_toys("csi2017", 1.0, 400, np.random.default_rng(2))
    theta, nu, b = F._truth("csi2017", DEFAULT, 1.0)
    assert on.shape == (400, csi.data.size) and off.shape == on.shape
    assert on.sum(axis=1).mean() == pytest.approx(nu.sum(), rel=0.01)
    assert off.sum(axis=1).mean() == pytest.approx(b.sum(), rel=0.01)
    assert glob.std(axis=0) == pytest.approx(np.ones(theta.size - 1), abs=0.12)


def test_stored_toys_recompute(csi):
    """The first stored toys recompute exactly; the stored FC threshold covers fresh toys."""
    stored = F.load_stored("csi2017")
    assert stored.fingerprint == F.model_fingerprint(csi) and stored.n_toys >= 500
    rows = F.toy_profiles("csi2017", 3, stored.seed, progress=False)
    np.testing.assert_allclose(rows, stored.profiles[:3], rtol=2e-3, atol=2e-3)
    k = int(np.argmin(np.abs(np.asarray(stored.mu_grid) - 1.0)))
    t = F.t_at_mu("csi2017", stored.mu_grid[k], 150, seed=99, progress=False)
    p, err = neyman.coverage(t, stored.t_critical[k])
    assert abs(p - stored.cl) < 4 * max(err, 0.024)
    p_w, err_w = neyman.coverage(t, bounds.delta_chi2_threshold(stored.cl))
    assert abs(p_w - stored.wilks_coverage[k]) < 4 * np.hypot(err_w, stored.wilks_coverage_error[k])


def test_stored_toys_refuse_other_settings(csi):
    with pytest.raises(F.StaleResultsError, match="another model or other settings"):
        F.load_stored("csi2017", Settings(form="klein-nystrand"))


def test_cli_binned_bound_has_toy_bands_and_fc(csi, capsys):
    from cevnslib.cli import main

    args = ["bound", "--experiment", "csi2017", "--beta", str(-SQRT3), "--likelihood", "binned"]
    assert main([*args, "--json", "--quiet"]) == 0
    res = json.loads(capsys.readouterr().out)
    lo, hi = res["expected_band_gev"]
    lo2, hi2 = res["expected_band_2sigma_gev"]
    assert lo2 < lo < res["expected_mzp_min_gev"] < hi < hi2
    assert res["expected_method"] == "toys" and res["expected_n_toys"] >= 500
    assert main([*args, "--json", "--convention", "fc"]) == 0
    fc = json.loads(capsys.readouterr().out)
    # FC orders by q(mu) from the best fit with mu >= 0; Wilks' bound from the best fit over the
    # masses (for beta = -sqrt3 at the SM when mu_hat < 1): the two differ by ~10-20% here
    assert fc["convention"] == "fc" and 0.8 < fc["mzp_min_gev"] / res["mzp_min_gev"] < 1.25
    assert fc["expected_mzp_min_gev"] > 0 and fc["delta_chi2"] < 5
    assert main([*args, "--convention", "one-sided"]) == 2
    assert "allowed: two-sided, fc" in capsys.readouterr().err


def test_a_toy_at_its_expectation_fits_back(release):
    """Counts and global observables at their expectation: the fit returns the true mu (a biased
    toy generator or fit would not); the shifted median of the CsI 2021 toys is therefore a
    small-sample property of its likelihood, not of the machinery (chapter 15)."""
    for name in ("csi2017", "lar2020", "csi2021"):
        release(name)
        for mu in (1.0, 1.5):
            assert F.expectation_toy_fit(name, mu) == pytest.approx(mu, abs=1e-4), (name, mu)
    with pytest.raises(InputError, match="mu_true"):
        F.expectation_toy_fit("lar2020", -1.0)
