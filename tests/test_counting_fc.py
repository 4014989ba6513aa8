"""Feldman-Cousins for every counting experiment: toys at a true Z', the ordering, the bound, the CLI.

The physics checks are derived, not fitted to the output:

* a Gaussian chi-square far from every physical boundary obeys Wilks: toys generated several sigma
  inside the allowed range are accepted by Delta-chi^2 = 2.706 in cl of the cases;
* LAr 2020 at beta = -sqrt3 (the Z' only adds events: a physical boundary at the SM): at the SM
  half the toys fit at the boundary (t = 0), so the critical value is the one-sided
  Phi^-1(cl)^2 = 1.642 and 2.706 covers 95%; at the Wilks bound the truth lies 2.3 sigma from the
  SM, farther than sqrt(2.706), so the boundary changes no toy's verdict: coverage cl, FC = Wilks.
"""

import json
import math

import numpy as np
import pytest
from scipy.special import ndtri

from cevnslib.cli import main
from cevnslib.errors import InputError
from cevnslib.experiments.coverage import (
    FC_OUTCOMES,
    FIT_GRID,
    CoverageResult,
    _Ordering,
    _wilks_lower_bound,
    fc_defaults,
    feldman_cousins,
    feldman_cousins_csi2017,
    toy_ordering,
)
from cevnslib.experiments.registry import (
    DEFAULT,
    SNS_EXPERIMENTS,
    Experiment,
    experiment_names,
    get_experiment,
)
from cevnslib.physics.constants import M_Z, SNS_FLUX_NORM
from cevnslib.physics.model331 import SQRT3
from cevnslib.stats.bounds import Bound, _candidates_x, delta_chi2_threshold
from cevnslib.stats.neyman import (
    coverage,
    grid_minimum,
    neyman_lower_bound,
    ordering_statistic,
)

WILKS = delta_chi2_threshold(0.9)  # 2.706
ONE_SIDED = float(ndtri(0.9) ** 2)  # 1.642
COUNTING = [n for n in experiment_names() if n != "csi2017"]


def _within(p, target, n, k=3.0):
    """|p - target| within k binomial standard errors of n toys."""
    return abs(p - target) <= k * math.sqrt(target * (1 - target) / n)


# ------------------------------------------------------------------ toys at a true Z'
def _old_sm_toys(e, settings, n, rng):
    """The SM toy generator as it was written before toy_data_at (numbers feed stored outputs)."""
    a = e.asimov_data(settings)

    def sigma(side):
        d = a + np.sign(side) * 1e-9 * max(abs(a), 1.0)
        return float(np.sqrt(e.gaussian_terms(e.n_sm(settings), settings, d)[1]))

    z = rng.standard_normal((n, 1))
    return a + z * np.where(z > 0, sigma(1), sigma(-1))


@pytest.mark.parametrize("name", ["csi2017", "lar2020", "csi2021", "xenonnt-b8", "ge-projection"])
def test_sm_toys_are_bit_identical_to_the_original_generator(name):
    e = get_experiment(name)
    new = e.toy_data(DEFAULT, 300, np.random.default_rng(4))
    assert np.array_equal(new, _old_sm_toys(e, DEFAULT, 300, np.random.default_rng(4)))


@pytest.mark.parametrize("name", ["lar2020", "xenonnt-b8", "combined", "combined-2020"])
def test_toys_at_the_sm_point_are_the_sm_toys(name):
    e = get_experiment(name)
    sm = e.toy_data(DEFAULT, 400, np.random.default_rng(9))
    at = e.toy_data_at(-SQRT3, 0.0, DEFAULT, 400, np.random.default_rng(9))
    for a, b in zip(np.atleast_1d(at) if not isinstance(at, tuple) else at,
                    np.atleast_1d(sm) if not isinstance(sm, tuple) else sm, strict=True):  # fmt: skip
        assert np.allclose(a, b, rtol=1e-12, atol=0)


@pytest.mark.parametrize("name", ["csi2017", "lar2020", "csi2021", "xenonnt-b8", "nai-projection"])
def test_toys_at_a_true_zprime_have_the_predicted_centre_and_chi2_width(name):
    e = get_experiment(name)
    x = (M_Z / 900.0) ** 2
    n_true = float(e.n_theory_x(-SQRT3, x))
    centre = float(e.predicted_data(n_true))
    d = e.toy_data_at(-SQRT3, x, DEFAULT, 200000, np.random.default_rng(2)).ravel()
    assert np.median(d) == pytest.approx(centre, rel=2e-3)
    # the chi-square of each toy at the truth is z^2: mean 1, 90% quantile 2.706
    c = np.asarray(e.chi2(n_true, DEFAULT, d))
    assert _within(float(np.mean(c <= WILKS)), 0.9, d.size)
    assert float(e.predicted_data(e.n_sm())) == pytest.approx(e.asimov_data(), rel=1e-12)


def test_combination_toys_share_the_flux_factor():
    comb = get_experiment("combined")
    x = (M_Z / 2000.0) ** 2
    data = comb.toy_data_at(-SQRT3, x, DEFAULT, 100000, np.random.default_rng(3))
    members = comb.members
    i, j = members.index("csi2021"), members.index("lar2020")
    k = members.index("conus-plus")  # a reactor: no SNS flux
    rel = [d.ravel() / np.median(d) - 1 for d in data]
    cov_sns = np.cov(rel[i], rel[j])[0, 1]
    assert cov_sns == pytest.approx(SNS_FLUX_NORM**2, rel=0.1)
    assert abs(np.corrcoef(rel[i], rel[k])[0, 1]) < 0.02
    assert "conus-plus" not in SNS_EXPERIMENTS


def test_bad_true_points_are_refused():
    e = get_experiment("lar2020")
    with pytest.raises(InputError, match="x"):
        e.toy_data_at(-SQRT3, -1.0, DEFAULT, 10, np.random.default_rng(1))
    with pytest.raises(InputError, match="x"):
        e.toy_data_at(-SQRT3, 10.0, DEFAULT, 10, np.random.default_rng(1))  # M_Z' < 50 GeV
    with pytest.raises(InputError, match="single numbers"):
        e.toy_data_at(np.array([-1.0, 1.0]), 0.1, DEFAULT, 10, np.random.default_rng(1))


# ------------------------------------------------------------------ the ordering statistic
def test_exact_minimum_of_a_single_experiment_equals_the_grid_minimum():
    """One experiment: the chi-square depends on x only through N, so its minimum over the
    physical region is the zero of the residual or an end of the range of N (no grid)."""
    for name in ("lar2020", "xenonnt-b8", "csi2021"):
        e = get_experiment(name)
        order = _Ordering(e, -SQRT3, DEFAULT)
        assert isinstance(e, Experiment) and order.exact
        d = e.toy_data_at(-SQRT3, (M_Z / 1500) ** 2, DEFAULT, 3000, np.random.default_rng(5))
        exact = order.chi2_min(d.ravel())
        grid = grid_minimum(
            lambda x, d=d, e=e: e._chi2_x(-SQRT3, x, DEFAULT, d),
            _candidates_x((M_Z / 50.0) ** 2, FIT_GRID),
        )
        assert np.all(exact <= grid + 1e-9)
        assert np.max(grid - exact) < 1e-6


def test_grid_minimum_is_close_to_a_fine_grid_for_a_combination():
    comb = get_experiment("combined")
    d = comb.toy_data_at(-SQRT3, (M_Z / 2400) ** 2, DEFAULT, 300, np.random.default_rng(8))

    def f(x):
        return comb._chi2_x(-SQRT3, x, DEFAULT, d)

    x_max = (M_Z / 50.0) ** 2
    fine = f(_candidates_x(x_max, 5000)[None, :]).min(axis=1)
    coarse = grid_minimum(f, _candidates_x(x_max, FIT_GRID))
    assert np.max(coarse - fine) < 1e-6  # the refinement finds the minimum, never below it
    t = ordering_statistic(np.ones(3), np.array([0.5, 2.0, 1.0]))
    assert t.tolist() == [0.5, 0.0, 0.0]


def test_neyman_lower_bound_with_a_constant_threshold_is_the_wilks_bound():
    e = get_experiment("lar2020")
    w = e.bound(-SQRT3)

    def t_obs(x):
        return e.chi2_x(-SQRT3, x) - w.chi2_min

    x = np.array([0.0, 1e-3, 1e-2])
    b = neyman_lower_bound(t_obs, x, np.full(3, WILKS), M_Z)
    assert b.mzp_min == pytest.approx(w.mzp_min, rel=1e-6)
    with pytest.raises(InputError, match="x_tested"):
        neyman_lower_bound(t_obs, [0.0, 0.0], [1.0, 1.0], M_Z)


# ------------------------------------------------------------------ (1) Wilks far from boundaries
@pytest.mark.parametrize(
    "name", ["lar2020", "csi2021", "xenonnt-b8", "ge-projection", "combined-2020"]
)
def test_wilks_coverage_far_from_every_boundary(name):
    """Truth at half the Wilks bound: the Z' shift is several sigma inside the allowed range, so a
    Gaussian chi-square obeys Wilks: 2.706 covers 90% within 3 binomial standard errors."""
    e = get_experiment(name)
    m = 0.5 * e.bound(-SQRT3).mzp_min
    if isinstance(e, Experiment):  # several sigma from the SM boundary (and far below x_max)
        x = (M_Z / m) ** 2
        n_t = float(e.n_theory_x(-SQRT3, x))
        shift = float(e.predicted_data(n_t)) - e.asimov_data()
        assert shift / e._data_sigma_at(n_t, float(e.predicted_data(n_t)), DEFAULT, -1, False) > 3
    n = 20000
    p, err = coverage(toy_ordering(name, -SQRT3, m, n_toys=n, seed=31), WILKS)
    assert _within(p, 0.9, n), (name, p, err)


def test_wilks_coverage_check_can_fail(monkeypatch):
    """The check above fails if the toys do not follow the chi-square (width 15% too large)."""
    orig = Experiment._data_sigma_at

    def wide(self, *args):
        return 1.15 * orig(self, *args)

    monkeypatch.setattr(Experiment, "_data_sigma_at", wide)
    m = 0.5 * get_experiment("lar2020").bound(-SQRT3).mzp_min
    p, _ = coverage(toy_ordering("lar2020", -SQRT3, m, n_toys=20000, seed=31), WILKS)
    assert not _within(p, 0.9, 20000) and p < 0.89


# ------------------------------------------------------------------ (2) LAr 2020 at the boundary
@pytest.fixture(scope="module")
def lar_fc():
    return feldman_cousins("lar2020", -SQRT3)


def test_lar_at_the_sm_the_critical_value_is_one_sided():
    """Truth = SM: the constructive Z' cannot fit a deficit, half the toys have t = 0, the rest
    t = z^2: P(t <= 1.642) = 0.9 and P(t <= 2.706) = 0.95 (Wilks overcovers at the boundary)."""
    n = 40000
    t = toy_ordering("lar2020", -SQRT3, math.inf, n_toys=n, seed=5)
    assert _within(float(np.mean(t == 0.0)), 0.5, n)
    assert _within(coverage(t, ONE_SIDED)[0], 0.9, n)
    assert _within(coverage(t, WILKS)[0], 0.95, n)


def test_lar_fc_thresholds_and_bound_against_wilks(lar_fc):
    r = lar_fc
    assert r.experiment == "lar2020" and r.outcome == "bound" and r.outcome in FC_OUTCOMES
    assert r.wilks_bound == pytest.approx(get_experiment("lar2020").bound(-SQRT3).mzp_min)
    assert r.mzp_grid[-1] == math.inf and len(r.t_critical) == len(r.mzp_grid) == 61
    se_q = math.sqrt(0.09 / r.n_toys) / 0.0627  # quantile error at 2.706 (chi2_1 density there)
    # the boundary only lowers t: no critical value above 2.706 (MC error aside)
    assert max(r.t_critical) < WILKS + 4 * se_q
    # at the SM the one-sided value, far from it the two-sided one
    assert abs(r.t_critical[-1] - ONE_SIDED) < 0.15 and r.t_critical[-1] < 2.0
    assert abs(r.t_critical[0] - WILKS) < 4 * se_q
    # at the Wilks bound the truth is 2.3 sigma from the SM (> sqrt(2.706)): coverage = cl, and
    # the FC threshold there is 2.706, so FC = Wilks up to the MC error of the threshold
    assert _within(r.coverage_at_wilks, 0.9, r.n_toys)
    assert 0.995 < r.fc_bound / r.wilks_bound < 1.01
    assert r.accepted is not None and not r.accepted.sm_excluded


def test_lar_truth_at_the_wilks_bound_is_far_enough_from_the_boundary():
    e = get_experiment("lar2020")
    m = e.bound(-SQRT3).mzp_min
    n_t = float(e.n_theory_x(-SQRT3, (M_Z / m) ** 2))
    s = (n_t - e.asimov_data()) / e._data_sigma_at(n_t, n_t, DEFAULT, -1, False)
    assert math.sqrt(WILKS) < s < 3.0


# ------------------------------------------------------------------ (3) reproducible
def test_same_seed_identical_other_seed_close():
    a = feldman_cousins("csi2021", -SQRT3, n_toys=3000, n_points=12, seed=7)
    b = feldman_cousins("csi2021", -SQRT3, n_toys=3000, n_points=12, seed=7)
    c = feldman_cousins("csi2021", -SQRT3, n_toys=3000, n_points=12, seed=8)
    assert a == b and isinstance(a, CoverageResult)
    assert c != a and c.t_critical != a.t_critical
    assert abs(c.fc_bound / a.fc_bound - 1) < 0.02
    assert abs(c.coverage_at_wilks - a.coverage_at_wilks) < 0.03


def test_combination_same_seed_identical():
    a = feldman_cousins("combined-2020", -SQRT3, n_toys=500, n_points=6, seed=3)
    b = feldman_cousins("combined-2020", -SQRT3, n_toys=500, n_points=6, seed=3)
    assert a == b and a.outcome in FC_OUTCOMES and 0.9 < a.fc_bound / a.wilks_bound < 1.1


# ------------------------------------------------------------------ (4) bad inputs
@pytest.mark.parametrize(
    ("kwargs", "word"),
    [
        ({"name": "lar2021"}, "experiment"),
        ({"name": "lar2020", "n_toys": 99}, "n_toys"),
        ({"name": "lar2020", "n_toys": 1000.5}, "n_toys"),
        ({"name": "lar2020", "cl": 1.0}, "cl"),
        ({"name": "lar2020", "cl": 0.0}, "cl"),
        ({"name": "lar2020", "cl": -0.2}, "cl"),
        ({"name": "lar2020", "n_points": 4}, "n_points"),
        ({"name": "lar2020", "seed": -1}, "seed"),
        ({"name": "lar2020", "beta": 2.0}, "beta"),
        ({"name": "lar2020", "beta": np.array([0.0, 1.0])}, "beta"),
        ({"name": "lar2020", "settings": "default"}, "settings"),
        ({"name": "csi2017", "n_toys": 50}, "n_toys"),
    ],
)
def test_bad_inputs_raise_input_error(kwargs, word):
    with pytest.raises(InputError, match=word):
        feldman_cousins(**kwargs)


def test_no_wilks_lower_bound_is_refused():
    # the combination excludes the SM near the Landau pole
    with pytest.raises(InputError, match="SM is excluded"):
        feldman_cousins("combined", -1.786, n_toys=100, n_points=5)

    class Fake:
        def __init__(self, b):
            self.b = b

        def bound(self, *args):
            return self.b

    with pytest.raises(InputError, match="search floor"):
        _wilks_lower_bound(Fake(Bound(mzp_min=50.0, intervals=((50.0, math.inf),))), "x", 0.0,
                           DEFAULT, 0.9)  # fmt: skip
    with pytest.raises(InputError, match="no finite bound"):
        _wilks_lower_bound(Fake(Bound(mzp_min=math.inf, intervals=((math.inf, math.inf),))),
                           "x", 0.0, DEFAULT, 0.9)  # fmt: skip
    with pytest.raises(InputError, match="csi2017"):
        toy_ordering("csi2017", -SQRT3, 1000.0)
    with pytest.raises(InputError, match="mzp"):
        toy_ordering("lar2020", -SQRT3, 20.0)


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["--experiment", "lar2021"], "experiment"),
        (["--experiment", "lar2020", "--toys", "50"], "toys"),
        (["--experiment", "lar2020", "--cl", "1.5"], "cl"),
        (["--experiment", "combined", "--beta", "-1.786"], "SM is excluded"),
    ],
)
def test_cli_bad_fc_input_exits_2_with_one_line(capsys, args, word):
    argv = ["bound", "--beta", "-1.7320508", "--convention", "fc", "--json", *args]
    try:
        rc = main(argv)
    except SystemExit as exc:  # argparse's own refusals
        rc = exc.code
    out, err = capsys.readouterr()
    assert rc == 2 and out == "" and err.count("\n") == 1 and word in err
    assert "Traceback" not in err


# ------------------------------------------------------------------ (5) csi2017 is its own function
def test_csi2017_dispatches_to_the_poisson_construction():
    a = feldman_cousins("csi2017", -SQRT3, n_toys=1500, n_points=10, seed=11)
    b = feldman_cousins_csi2017(-SQRT3, n_toys=1500, n_points=10, seed=11)
    assert a == b and a.accepted is None and a.experiment == "csi2017"
    assert fc_defaults("csi2017") == (20000, 60)


# ------------------------------------------------------------------ every experiment, the CLI
@pytest.mark.parametrize("name", COUNTING)
def test_every_counting_experiment_has_a_fc_bound(name):
    r = feldman_cousins(name, -SQRT3, n_toys=400, n_points=8, seed=2)
    assert r.outcome == "bound" and math.isfinite(r.fc_bound)
    assert 0.85 < r.fc_bound / r.wilks_bound < 1.2 and 0.8 < r.coverage_at_wilks < 1.0
    assert all(0.0 <= t < 6.0 for t in r.t_critical)


def test_cli_fc_reports_fc_beside_wilks(capsys):
    argv = ["bound", "--experiment", "lar2020", "--beta", "-1.7320508", "--convention", "fc"]
    assert main([*argv, "--json", "--toys", "2000", "--seed", "4"]) == 0
    out = json.loads(capsys.readouterr().out)
    keys = {"mzp_min_gev", "expected_mzp_min_gev", "outcome", "delta_chi2", "allowed_intervals_gev"}
    assert keys <= set(out)
    assert out["convention"] == "fc" and out["fc_n_toys"] == 2000 and out["fc_seed"] == 4
    assert out["outcome"] == "bound" and out["fc_outcome"] == "bound"
    w = get_experiment("lar2020").bound(-1.7320508)
    assert out["wilks_mzp_min_gev"] == pytest.approx(w.mzp_min)
    assert 0.98 < out["mzp_min_gev"] / out["wilks_mzp_min_gev"] < 1.03
    assert out["best_fit_mzp_gev"] == pytest.approx(w.best)
    assert 0.85 < out["coverage_at_wilks"] < 0.95
    assert main([*argv, "--json", "--toys", "2000", "--seed", "4"]) == 0
    assert json.loads(capsys.readouterr().out) == out  # --seed makes it reproducible
    assert main([*argv, "--json", "--toys", "2000", "--seed", "5"]) == 0
    assert json.loads(capsys.readouterr().out)["mzp_min_gev"] != out["mzp_min_gev"]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "Wilks" in text and "covers" in text


def test_cli_fc_csi2017_default_seed_is_reproducible(capsys):
    argv = ["bound", "--experiment", "csi2017", "--beta", "-1.7320508", "--convention", "fc"]
    outs = []
    for _ in range(2):
        assert main([*argv, "--json", "--toys", "1000"]) == 0
        outs.append(json.loads(capsys.readouterr().out))
    assert outs[0] == outs[1] and outs[0]["fc_seed"] == 20261130
    assert outs[0]["expected_mzp_min_gev"] == pytest.approx(
        get_experiment("csi2017").expected_bound(-1.7320508, method="asimov").median
    )


def test_cli_fc_for_a_combination(capsys):
    argv = ["bound", "--experiment", "combined", "--beta", "-1.7320508", "--convention", "fc"]
    assert main([*argv, "--json", "--toys", "500"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["outcome"] == "bound" and out["fc_n_toys"] == 500
    assert 0.9 < out["mzp_min_gev"] / out["wilks_mzp_min_gev"] < 1.1
