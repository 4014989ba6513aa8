"""Pseudo-experiments of the binned release likelihoods: expected bands, coverage, Feldman-Cousins.

Toys are generated from the likelihood itself (the standard frequentist toy): at a true signal
strength mu_true the nuisances are set to their conditional best fit to the data, theta_hat(mu_true);
each toy draws Poisson counts in every bin (and, for CsI 2017, in every anti-coincidence bin) around
that expectation, and draws the global observables (the auxiliary measurements that constrain the
nuisances) from N(theta_hat, 1).  Each toy is then fitted like the data, with its own global
observables in the Gaussian constraints.

The Z' enters a release only through mu (:func:`~cevnslib.experiments.likelihoods.signal_scale`),
so everything here is a question in mu, answered once for the whole (beta, M_Z') plane:

* :func:`toy_profiles`: -2 ln lambda(mu) of each toy on :data:`TOY_MU_GRID` (SM toys, mu_true = 1);
  :func:`toy_bounds` maps them to lower bounds on M_Z' at any beta exactly as the data
  (:func:`~cevnslib.stats.bounds.grid_lower_bounds`), :func:`binned_expected_bound` gives the
  Asimov median with the toys' +-1, +-2 sigma bands;
* :func:`t_at_mu`: t(mu_true) = -2 ln lambda(mu_true) of toys generated at mu_true (mu_hat >= 0);
  its 90% quantile is the Feldman-Cousins threshold, and the fraction below 2.706 the coverage of
  Wilks' threshold (:func:`binned_coverage`);
* stored results (:func:`compute_stored`, :func:`load_stored`): toy profiles and thresholds on a mu
  grid written by ``tools/compute_thresholds.py`` into ``cevnslib/experiments/toy_results/``, with
  their inputs, seeds, toy counts and a fingerprint of the model; a stale file is refused;
* :func:`fc_binned_bound`: the lower bound with the stored Feldman-Cousins thresholds.

All toy runs go through :func:`cevnslib.stats.toys.run_toys` (seeded chunks, any number of workers,
the same numbers).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import pathlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.optimize import minimize

from ..errors import InputError, check_choice, check_in_range, check_integer
from ..physics.constants import M_Z
from ..physics.model331 import check_beta
from ..stats.bounds import Bound, ExpectedBound, _candidates_x, grid_lower_bounds
from ..stats.neyman import ThresholdCurve, accepted_lower_bound, band_quantiles, coverage
from ..stats.toys import DEFAULT_CHUNK, run_toys
from .likelihoods import LIKELIHOODS, BinnedModel, binned_bound, build_model, profile, signal_scale
from .registry import DEFAULT, TOY_SEED, Settings

__all__ = [
    "TOY_MU_GRID",
    "FC_MU_GRID",
    "TOY_RESULTS_DIR",
    "StoredToys",
    "model_fingerprint",
    "generate_toys",
    "toy_profiles",
    "toy_bounds",
    "binned_expected_bound",
    "t_at_mu",
    "expectation_toy_fit",
    "binned_coverage",
    "compute_stored",
    "load_stored",
    "fc_binned_bound",
    "StaleResultsError",
]

#: mu grid of the toys' profiles: the grid of :func:`~cevnslib.experiments.likelihoods.profile`
#: (0 to 3) at 0.2 spacing; a cubic spline through it is exact for the near-parabolic profiles
TOY_MU_GRID = tuple(float(v) for v in np.linspace(0.0, 3.0, 16))
#: true mu of the coverage measurement and of the Feldman-Cousins thresholds
FC_MU_GRID = tuple(float(v) for v in np.linspace(0.25, 2.5, 10))
#: stored toy profiles and thresholds, one JSON file per release
TOY_RESULTS_DIR = pathlib.Path(__file__).parent / "toy_results"
_FIT_OPTIONS = {"ftol": 1e-9, "maxiter": 100}
#: -2 ln lambda beyond which a toy's profile is continued linearly instead of fitted (far above
#: every threshold: 2.706 Wilks, Feldman-Cousins values are below 5 for the releases)
Q_STOP = 20.0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cevnslib")
    except PackageNotFoundError:  # pragma: no cover - the package is installed (-e .)
        return "unknown"


class StaleResultsError(InputError):
    """Stored toy results that do not belong to the model or settings in use."""


# ------------------------------------------------------------------------------ toy generation
def model_fingerprint(model: BinnedModel, settings: Settings = DEFAULT) -> str:
    """SHA-256 (16 hex digits) of everything the toys depend on: data, templates, priors, settings."""
    h = hashlib.sha256()
    arrays = [model.data, *(s.nominal for s in model.samples)]
    arrays += [a for s in model.samples for _, lo, hi in s.shapes for a in (lo, hi)]
    if model.off is not None:
        arrays.append(model.off)
    for a in arrays:
        h.update(np.round(np.asarray(a, dtype=float), 10).tobytes())
    h.update(repr([(s.name, s.sigma) for s in model.samples]).encode())
    h.update(repr(dataclasses.astuple(settings)).encode())
    return h.hexdigest()[:16]


def _with_off(model: BinnedModel, off: np.ndarray | None) -> BinnedModel:
    if off is None:
        return model
    toy = dataclasses.replace(model, off=off)
    toy.__dict__["_design"] = model._design  # same templates: reuse the cached design
    toy.__dict__["_histosys"] = model._histosys  # (not _log_factorials: off differs)
    return toy


def _minimise(model, data, glob, start, fix_mu=None):
    """Best fit of a toy: Gaussian constraints centred on the toy's global observables ``glob``."""

    def f(theta):
        val, grad = model.nll_grad(theta, data)
        # 0.5 (theta - g)^2 instead of 0.5 theta^2 for every nuisance
        val = val - float(glob @ theta[1:]) + 0.5 * float(glob @ glob)
        grad = grad.copy()
        grad[1:] -= glob
        return val, grad

    bnds = model.bounds()
    if fix_mu is None:
        res = minimize(f, start, jac=True, method="SLSQP", bounds=bnds, options=_FIT_OPTIONS)
        return res.x, float(res.fun)

    def reduced(y):
        val, grad = f(np.r_[fix_mu, y])
        return val, grad[1:]

    res = minimize(
        reduced, start[1:], jac=True, method="SLSQP", bounds=bnds[1:], options=_FIT_OPTIONS
    )
    return np.r_[fix_mu, res.x], float(res.fun)


@functools.lru_cache(maxsize=16)
def _truth(name: str, settings: Settings, mu_true: float) -> tuple[np.ndarray, np.ndarray, Any]:
    """Nuisances at their conditional best fit to the data at ``mu_true``; expected on/off counts."""
    model = build_model(name, settings)
    theta, _ = model.minimise(fix_mu=mu_true)
    nu, _ = model.expected(theta)
    off = None
    if model.off is not None:
        b = model.steady_state(nu)
        nu, off = nu + b, b
    return theta, nu, off


def generate_toys(
    name: str, mu_true: float, n: int, rng: np.random.Generator, settings: Settings = DEFAULT
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """``n`` toys at ``mu_true``: beam-on counts (n, bins), anti-coincidence counts or None, and
    global observables (n, nuisances).  Drawn toy by toy, so the first k toys do not depend on n."""
    theta, nu, off = _truth(name, settings, float(mu_true))
    on = np.empty((n, nu.size))
    off_counts = None if off is None else np.empty((n, off.size))
    glob = np.empty((n, theta.size - 1))
    for i in range(n):
        on[i] = rng.poisson(nu)
        if off_counts is not None:
            off_counts[i] = rng.poisson(off)
        glob[i] = theta[1:] + rng.standard_normal(theta.size - 1)
    return on, off_counts, glob


def _toy_fits(name, settings, mu_true, n, rng, mu_grid):
    """Per toy: mu_hat and -2 ln lambda on ``mu_grid`` (or at mu_true when mu_grid is None)."""
    model = build_model(name, settings)
    on, off, glob = generate_toys(name, mu_true, n, rng, settings)
    theta0 = _truth(name, settings, float(mu_true))[0]
    rows = []
    for k in range(n):
        m = _with_off(model, None if off is None else off[k])
        best, nll0 = _minimise(m, on[k], glob[k], theta0)
        if mu_grid is None:
            _, v = _minimise(m, on[k], glob[k], best, fix_mu=mu_true)
            rows.append((best[0], max(2.0 * (v - nll0), 0.0)))
            continue
        q = np.empty(len(mu_grid))
        split = int(np.searchsorted(mu_grid, best[0]))
        for order in (range(split, len(mu_grid)), range(split - 1, -1, -1)):
            start, done = best, []
            for j in order:
                if len(done) >= 2 and q[done[-1]] > Q_STOP:  # far outside every interval:
                    a, b = done[-2], done[-1]  # continue linearly, rising outwards
                    slope = max((q[b] - q[a]) / (mu_grid[b] - mu_grid[a]) * np.sign(j - b), 1.0)
                    q[j] = q[b] + slope * abs(mu_grid[j] - mu_grid[b])
                    continue
                start, v = _minimise(m, on[k], glob[k], start, fix_mu=mu_grid[j])
                q[j] = 2.0 * (v - nll0)
                done.append(j)
        # a fixed-mu fit never beats the free one: negative q is minimiser noise
        rows.append((best[0], *np.maximum(q, 0.0)))
    return np.array(rows, dtype=float)


def _profile_chunk(name, settings, n, rng):
    return _toy_fits(name, settings, 1.0, n, rng, np.asarray(TOY_MU_GRID))


def _t_chunk(name, settings, mu_true, n, rng):
    return _toy_fits(name, settings, mu_true, n, rng, None)


def _check(name, n_toys, seed, jobs):
    check_choice("experiment", name, LIKELIHOODS)
    check_integer("n_toys", n_toys, 1, 10**6)
    check_integer("seed", seed, 0)
    check_integer("jobs", jobs, 1, 256)


def toy_profiles(
    name: str,
    n_toys: int = 1000,
    seed: int = TOY_SEED,
    settings: Settings = DEFAULT,
    jobs: int = 1,
    progress: bool = True,
    chunk_size: int = DEFAULT_CHUNK,
) -> np.ndarray:
    """SM toys (mu_true = 1) of release ``name``: rows (mu_hat, q on :data:`TOY_MU_GRID`...).

    The numbers depend on ``seed`` and ``chunk_size``, never on ``jobs``."""
    _check(name, n_toys, seed, jobs)
    build_model(name, settings)  # built (and cached) before any worker starts
    _truth(name, settings, 1.0)
    func = functools.partial(_profile_chunk, name, settings)
    return run_toys(func, n_toys, seed, jobs, chunk_size, progress, f"{name} toys")


def _q_on_x(q_rows: np.ndarray, mu_x: np.ndarray) -> np.ndarray:
    """Toy profiles (n_toys, len(TOY_MU_GRID)) evaluated at mu(x), linear beyond the grid's ends."""
    grid = np.asarray(TOY_MU_GRID)
    spline = CubicSpline(grid, q_rows.T, axis=0)
    inside = np.clip(mu_x, grid[0], grid[-1])
    edge = np.where(mu_x > grid[-1], grid[-1], grid[0])
    out = (
        spline(inside)
        + np.where(mu_x != inside, 1.0, 0.0)[:, None] * spline(edge, 1) * (mu_x - edge)[:, None]
    )
    return np.maximum(out, 0.0).T  # (n_toys, n_x)


def toy_bounds(
    name: str,
    beta: float,
    rows: np.ndarray,
    settings: Settings = DEFAULT,
    cl: float = 0.9,
    threshold: float | None = None,
    n_grid: int = 1500,
) -> np.ndarray:
    """Lower bounds on M_Z' [GeV] of toys with profiles ``rows`` (:func:`toy_profiles`) at ``beta``."""
    from ..stats.bounds import delta_chi2_threshold

    check_beta(beta, settings.sw2)
    thr = delta_chi2_threshold(cl) if threshold is None else threshold
    xs = _candidates_x((M_Z / 50.0) ** 2, n_grid)
    mu_x = np.asarray(signal_scale(name, beta, xs, settings), dtype=float)
    out = []
    for a in range(0, len(rows), 500):  # bounded memory: 500 toys x n_grid at a time
        grid = _q_on_x(np.asarray(rows[a : a + 500, 1:]), mu_x)
        out.append(grid_lower_bounds(grid, xs, M_Z, threshold=thr))
    return np.concatenate(out)


def binned_expected_bound(
    name: str,
    beta: float,
    settings: Settings = DEFAULT,
    cl: float = 0.9,
    n_toys: int | None = None,
    seed: int = TOY_SEED,
    jobs: int = 1,
    progress: bool = True,
) -> ExpectedBound:
    """Expected binned lower bound: Asimov median, +-1, +-2 sigma bands of SM toys.

    The toys come from the stored results when they match (release model, settings, ``seed``, and
    ``n_toys`` unless None), otherwise ``n_toys`` (None: 1000) are generated here (``jobs``
    worker processes).
    """
    check_beta(beta, settings.sw2)
    check_in_range("cl", cl, 0.0, 1.0)
    rows = None
    stored = _try_stored(name, settings)
    if stored is not None and n_toys in (None, stored.n_toys) and stored.seed == seed:
        rows, n_toys = stored.profiles, stored.n_toys
    if rows is None:
        n_toys = 1000 if n_toys is None else n_toys
        rows = toy_profiles(name, n_toys, seed, settings, jobs, progress)
    bounds = toy_bounds(name, beta, rows, settings, cl)
    _, band1, band2 = band_quantiles(bounds)
    median = binned_bound(name, beta, settings, cl, asimov=True).mzp_min
    return ExpectedBound(median, band1, band2, "toys", "two-sided", cl, n_toys, seed)


def expectation_toy_fit(name: str, mu_true: float = 1.0, settings: Settings = DEFAULT) -> float:
    """mu_hat of the pseudo-experiment that sits at its own expectation: counts equal to the
    expected counts at theta_hat(mu_true) (on and off), global observables at theta_hat, the fit
    started from mu = mu_true / 2 with every nuisance at zero.  It returns mu_true up to the fit
    tolerance unless the toy generation or the fit is biased: a shift of the toys' median mu_hat
    that this does not show is a small-sample property of the likelihood."""
    check_choice("experiment", name, LIKELIHOODS)
    check_in_range("mu_true", mu_true, 0.0, 20.0)
    model = build_model(name, settings)
    theta, nu, off = _truth(name, settings, float(mu_true))
    start = np.zeros_like(theta)
    start[0] = 0.5 * mu_true
    best, _ = _minimise(_with_off(model, off), nu, theta[1:], start)
    return float(best[0])


def t_at_mu(
    name: str,
    mu_true: float,
    n_toys: int,
    seed: int,
    settings: Settings = DEFAULT,
    jobs: int = 1,
    progress: bool = True,
    chunk_size: int = DEFAULT_CHUNK,
) -> np.ndarray:
    """t(mu_true) = -2 ln lambda(mu_true) (mu_hat >= 0) of ``n_toys`` toys generated at mu_true."""
    _check(name, n_toys, seed, jobs)
    check_in_range("mu_true", mu_true, 0.0, 20.0)
    build_model(name, settings)
    _truth(name, settings, float(mu_true))
    func = functools.partial(_t_chunk, name, settings, float(mu_true))
    rows = run_toys(func, n_toys, seed, jobs, chunk_size, progress, f"{name} mu={mu_true:g}")
    return rows[:, 1]


# ------------------------------------------------------------------------------ stored results
@dataclass(frozen=True)
class StoredToys:
    """Stored toy results of one release (see :func:`compute_stored`)."""

    experiment: str
    fingerprint: str
    n_toys: int
    seed: int
    profiles: np.ndarray  # (n_toys, 1 + len(TOY_MU_GRID)): mu_hat, q on the grid
    mu_grid: tuple[float, ...]
    fc_n_toys: int
    fc_seeds: tuple[int, ...]
    t_critical: tuple[float, ...]  # 90% quantile of t(mu) per FC_MU_GRID point
    wilks_coverage: tuple[float, ...]  # fraction of toys with t <= 2.706 per point
    wilks_coverage_error: tuple[float, ...]
    cl: float
    info: dict

    def thresholds(self) -> ThresholdCurve:
        return ThresholdCurve(self.mu_grid, self.t_critical)


def _path(name: str) -> pathlib.Path:
    return TOY_RESULTS_DIR / f"{name}.json"


def _fc_seed(seed: int, k: int) -> int:
    """Seed of the k-th mu point of the FC construction (independent of every other run)."""
    return int(np.random.SeedSequence([seed, 1 + k]).generate_state(1, dtype=np.uint64)[0] >> 1)


def binned_coverage(
    name: str,
    mu_grid=FC_MU_GRID,
    n_toys: int = 2000,
    seed: int = TOY_SEED,
    settings: Settings = DEFAULT,
    cl: float = 0.9,
    jobs: int = 1,
    progress: bool = True,
) -> dict[str, list[float]]:
    """Coverage of Wilks' threshold and the FC thresholds along ``mu_grid`` (``n_toys`` each)."""
    from ..stats.bounds import delta_chi2_threshold
    from ..stats.neyman import critical_values

    wilks = delta_chi2_threshold(cl)
    out: dict[str, list[float]] = {"mu": [], "t_c": [], "cov": [], "err": [], "seeds": []}
    for k, mu in enumerate(mu_grid):
        s = _fc_seed(seed, k)
        t = t_at_mu(name, mu, n_toys, s, settings, jobs, progress)
        p, e = coverage(t, wilks)
        out["mu"].append(float(mu))
        out["t_c"].append(float(critical_values(t, cl)[0]))
        out["cov"].append(p)
        out["err"].append(e)
        out["seeds"].append(s)
    return out


def compute_stored(
    name: str,
    n_toys: int = 1000,
    fc_n_toys: int = 2000,
    seed: int = TOY_SEED,
    settings: Settings = DEFAULT,
    cl: float = 0.9,
    jobs: int = 1,
    progress: bool = True,
    write: bool = True,
) -> StoredToys:
    """Toy profiles (expected bands) and FC thresholds of release ``name``, written to
    ``toy_results/<name>.json`` (``write``) with every input needed to recompute them."""
    import time

    model = build_model(name, settings)
    t0 = time.perf_counter()
    prof = toy_profiles(name, n_toys, seed, settings, jobs, progress)
    t1 = time.perf_counter()
    cov = binned_coverage(name, FC_MU_GRID, fc_n_toys, seed, settings, cl, jobs, progress)
    t2 = time.perf_counter()
    result = StoredToys(
        name,
        model_fingerprint(model, settings),
        n_toys,
        seed,
        prof,
        tuple(cov["mu"]),
        fc_n_toys,
        tuple(int(s) for s in cov["seeds"]),
        tuple(cov["t_c"]),
        tuple(cov["cov"]),
        tuple(cov["err"]),
        cl,
        {
            "cevnslib_version": _version(),
            "settings": dataclasses.asdict(settings),
            "toy_mu_grid": list(TOY_MU_GRID),
            "mu_true_of_band_toys": 1.0,
            "chunk_size": DEFAULT_CHUNK,
            "jobs": jobs,
            "wall_time_s": {"band_toys": round(t1 - t0, 1), "fc": round(t2 - t1, 1)},
            "seeding": "chunk i of a run: default_rng(SeedSequence(seed).spawn(n_chunks)[i]); "
            "FC point k: seed = SeedSequence([seed, 1 + k]) state >> 1",
            "toys": "Poisson counts per bin around the conditional best fit at mu_true, global "
            "observables ~ N(theta_hat, 1)",
        },
    )
    if write:
        TOY_RESULTS_DIR.mkdir(exist_ok=True)
        doc = {
            "experiment": name,
            "fingerprint": result.fingerprint,
            "n_toys": n_toys,
            "seed": seed,
            "cl": cl,
            "mu_grid": list(result.mu_grid),
            "fc_n_toys": fc_n_toys,
            "fc_seeds": list(result.fc_seeds),
            "t_critical": [round(v, 5) for v in result.t_critical],
            "wilks_coverage": [round(v, 5) for v in result.wilks_coverage],
            "wilks_coverage_error": [round(v, 5) for v in result.wilks_coverage_error],
            "info": result.info,
            "profiles": [[float(f"{v:.5g}") for v in row] for row in prof.tolist()],
        }
        _path(name).write_text(json.dumps(doc, indent=None, allow_nan=False) + "\n")
    return result


@functools.lru_cache(maxsize=8)
def _read(name: str) -> dict | None:
    p = _path(name)
    return json.loads(p.read_text()) if p.exists() else None


def load_stored(name: str, settings: Settings = DEFAULT) -> StoredToys:
    """The stored toy results of release ``name``; :class:`StaleResultsError` if missing or stale."""
    check_choice("experiment", name, LIKELIHOODS)
    doc = _read(name)
    hint = f"run `python tools/compute_thresholds.py --experiment {name}`"
    if doc is None:
        raise StaleResultsError(f"no stored toy results for {name}: {hint}")
    fp = model_fingerprint(build_model(name, settings), settings)
    if doc["fingerprint"] != fp:
        raise StaleResultsError(
            f"the stored toy results of {name} belong to another model or other settings "
            f"(fingerprint {doc['fingerprint']}, now {fp}): {hint} (defaults only)"
        )
    return StoredToys(
        name,
        doc["fingerprint"],
        doc["n_toys"],
        doc["seed"],
        np.asarray(doc["profiles"], dtype=float),
        tuple(doc["mu_grid"]),
        doc["fc_n_toys"],
        tuple(doc["fc_seeds"]),
        tuple(doc["t_critical"]),
        tuple(doc["wilks_coverage"]),
        tuple(doc["wilks_coverage_error"]),
        doc["cl"],
        doc["info"],
    )


def _try_stored(name: str, settings: Settings) -> StoredToys | None:
    try:
        return load_stored(name, settings)
    except StaleResultsError:
        return None


def fc_binned_bound(
    name: str, beta: float, settings: Settings = DEFAULT, cl: float = 0.9, asimov: bool = False
) -> Bound:
    """Lower bound on M_Z' with the stored Feldman-Cousins thresholds t_c(mu) of release ``name``.

    Accepted: q(mu(x)) <= t_c(mu(x)), q = -2 ln lambda(mu) of the data (mu_hat >= 0; ``asimov``:
    SM expectation as data, the expected bound); t_c is interpolated linearly on the stored mu
    grid and held constant beyond it.  The ordering is the one of the construction, from the best
    fit over all mu >= 0; the Wilks bound (:func:`~cevnslib.experiments.likelihoods.binned_bound`)
    measures Delta(-2 ln L) from the best fit over the masses at this beta instead (at the SM when
    the Z' can only raise mu and mu_hat < 1), so the two differ by more than t_c - 2.706 alone.
    """
    check_beta(beta, settings.sw2)
    stored = load_stored(name, settings)
    if abs(stored.cl - cl) > 1e-12:
        raise InputError(
            f"cl = {cl} is not allowed with --convention fc: the stored thresholds of {name} "
            f"are for cl = {stored.cl}"
        )
    prof = profile(name, settings, asimov)
    curve = stored.thresholds()

    def mu(x):
        return signal_scale(name, beta, x, settings)

    return accepted_lower_bound(lambda x: prof(mu(x)), lambda x: curve(mu(x)), M_Z)
