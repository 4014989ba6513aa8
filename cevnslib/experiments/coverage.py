"""Feldman-Cousins construction for CsI 2017 and the coverage of Wilks' Delta-chi^2 = 2.706.

The counting likelihood of Eq. (60): beam-on coincidence counts C ~ Poisson(N(1 + alpha) +
B_on (1 + beta_on) + B_ss) and anti-coincidence counts A ~ Poisson(B_ss), with Gaussian-constrained
nuisances alpha ~ N(0, sigma_alpha^2), beta_on ~ N(0, sigma_beta^2); the measured excess is C - A.
The ordering statistic is the profiled chi-square of Eq. (60) with the toy's own counts,
t(N) = chi^2(N) - min over the physical region chi^2, where the physical region is the set of event
numbers N(x) the model reaches for x = (M_Z/M_Z')^2 in [0, (M_Z/50 GeV)^2].  For beta = -sqrt3 the
Z' adds events (constructive), so N >= N_SM: a physical boundary at the SM, one reason Wilks'
theorem fails here (Denton2020).  The chi-square depends on x only through N and its minimum over
an interval of N is at the clipped root or an edge, so every toy costs a few array operations.

Feldman-Cousins (Feldman1998): at each tested M_Z' the 90% quantile t_c of t in toys generated at
that M_Z' (nuisances at their nominal values) replaces 2.706; the bound is the lowest M_Z' of the
accepted region that reaches up to the SM (t_obs <= t_c).

:func:`feldman_cousins` does the same for every counting experiment of the registry and the
combinations, at fixed beta, as a one-dimensional Neyman construction in x = (M_Z/M_Z')^2 with
Gaussian pseudo-data, the model the counting chi-square itself assumes
(:meth:`~cevnslib.experiments.registry.Experiment.toy_data_at`: centred on the measured number the
true point predicts, the chi-square's own variance there, a shared SNS flux factor in a
combination).  The ordering is the same t = chi2(x_true) - min over the physical x in
[0, (M_Z/50 GeV)^2]: exact for one experiment (its chi-square depends on x only through the
predicted events N, and is smallest where the residual vanishes or at an end of the range of N),
on a grid refined by golden section for a combination (:func:`~cevnslib.stats.neyman.grid_minimum`).
CsI 2017 keeps the Poisson construction above (the better model of that measurement).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from ..errors import InputError, check_in_range, check_instance, check_integer
from ..physics.constants import M_Z
from ..physics.model331 import SQRT3, check_beta
from ..stats.bounds import MZP_SEARCH_FLOOR, Bound, _candidates_x
from ..stats.neyman import (
    coverage,
    critical_values,
    grid_minimum,
    neyman_lower_bound,
    ordering_statistic,
)
from .registry import (
    DEFAULT,
    TOY_CHUNK,
    TOY_SEED,
    Combination,
    Experiment,
    Settings,
    get_experiment,
)

__all__ = [
    "CoverageResult",
    "feldman_cousins_csi2017",
    "csi_counting_toys",
    "feldman_cousins",
    "fc_defaults",
    "toy_ordering",
    "MASS_SPAN",
    "FIT_GRID",
    "FC_OUTCOMES",
]

#: tested masses of :func:`feldman_cousins`: log-spaced from MASS_SPAN[0] to MASS_SPAN[1] times the
#: Wilks bound (as for CsI 2017), and the SM
MASS_SPAN = (0.5, 2.0)
#: points of the x grid (plus the SM) on which a combination's toys are fitted before the golden-
#: section refinement (:func:`~cevnslib.stats.neyman.grid_minimum`)
FIT_GRID = 40
#: pseudo-experiments drawn and fitted at once by a single experiment (exact minimum: a few arrays
#: of this length); a combination uses TOY_CHUNK (its grid is TOY_CHUNK x FIT_GRID)
EXACT_CHUNK = 100_000
#: ``CoverageResult.outcome``: 'bound' (the bound lies among the tested masses), 'sm-excluded' (the
#: construction excludes the SM itself: no lower bound, see ``accepted.intervals``),
#: 'outside-tested-masses' (the edge lies beyond the tested masses, where t_c is extrapolated)
FC_OUTCOMES = ("bound", "sm-excluded", "outside-tested-masses")


@dataclass(frozen=True)
class CoverageResult:
    """Feldman-Cousins bound and Wilks coverage (masses in GeV).

    ``wilks_bound``: Delta-chi^2 = 2.706 bound on the observed data; ``fc_bound``: the
    Feldman-Cousins bound; ``coverage_at_wilks``: fraction of toys generated at ``wilks_bound`` for
    which t <= 2.706 (the nominal value is ``cl``); ``mzp_grid``, ``t_critical``, ``t_observed``:
    the construction (:func:`feldman_cousins`: the last point is the SM, M_Z' = inf).
    ``experiment``: the registry name; ``outcome``: one of :data:`FC_OUTCOMES`; ``accepted``: the
    accepted region as a :class:`~cevnslib.stats.bounds.Bound` (its ``intervals``;
    None for the CsI 2017 construction, whose accepted region is (``fc_bound``, inf)).
    """

    beta: float
    cl: float
    wilks_bound: float
    fc_bound: float
    coverage_at_wilks: float
    threshold: float
    n_toys: int
    seed: int
    mzp_grid: tuple[float, ...] = field(default=())
    t_critical: tuple[float, ...] = field(default=())
    t_observed: tuple[float, ...] = field(default=())
    experiment: str = "csi2017"
    outcome: str = "bound"
    accepted: Bound | None = None


def _inputs():
    e = get_experiment("csi2017")
    return {k: e.value(k) for k in ("n_meas", "b_on", "b_ss", "sigma_alpha", "sigma_beta")}


def _t_statistic(n_test, n_meas, a_counts, n_lo, n_hi, p):
    """t = chi2(n_test) - min over [n_lo, n_hi] of chi2 (Eq. 60 with the toy's B_ss estimate A)."""
    b_on = p["b_on"]
    w = n_meas + 2.0 * a_counts + b_on + (p["sigma_beta"] * b_on) ** 2
    a2 = p["sigma_alpha"] ** 2
    d = n_meas - b_on

    def chi2(n):
        return (d - n) ** 2 / (w + a2 * n**2)

    c_min = np.minimum(np.minimum(chi2(np.clip(d, n_lo, n_hi)), chi2(n_lo)), chi2(n_hi))
    return chi2(n_test) - c_min


def csi_counting_toys(
    n_signal: float, n_toys: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Pseudo-experiments of the CsI 2017 counting experiment for a true signal ``n_signal`` [events].

    Returns (C - A, A): the excess of beam-on coincidence over anti-coincidence counts, and the
    anti-coincidence counts (the toy's estimate of B_ss).  The nuisances are drawn from their
    Gaussian constraints and truncated at -1 (rates stay non-negative).
    """
    p = _inputs()
    alpha = np.maximum(rng.normal(0.0, p["sigma_alpha"], n_toys), -1.0)
    beta_on = np.maximum(rng.normal(0.0, p["sigma_beta"], n_toys), -1.0)
    lam = n_signal * (1.0 + alpha) + p["b_on"] * (1.0 + beta_on) + p["b_ss"]
    coinc = rng.poisson(lam)
    anti = rng.poisson(p["b_ss"], n_toys)
    return (coinc - anti).astype(float), anti.astype(float)


def feldman_cousins_csi2017(
    beta: float = -SQRT3,
    settings: Settings = DEFAULT,
    cl: float = 0.9,
    n_toys: int = 20000,
    n_points: int = 60,
    seed: int = TOY_SEED,
) -> CoverageResult:
    """Feldman-Cousins 90% CL lower bound on M_Z' for CsI 2017 and the coverage of Delta-chi^2.

    Parameters
    ----------
    beta : float [1]
        331 parameter (default -sqrt3, where the Z' interferes constructively).
    settings : Settings
    cl : float
        Confidence level (Wilks: Delta-chi^2 = 2.706 at 0.9).
    n_toys : int
        Pseudo-experiments per tested M_Z' (and for the coverage).
    n_points : int
        Tested masses, log-spaced from 0.5 to 2 times the Wilks bound.
    seed : int
        Seed of ``np.random.default_rng``; the result is reproducible.

    Returns
    -------
    CoverageResult
    """
    check_beta(beta, settings.sw2)
    check_in_range("cl", cl, 0.0, 1.0)
    check_in_range("n_toys", n_toys, 100, 10**7, closed=True)
    check_in_range("n_points", n_points, 5, 10000, closed=True)
    rng = np.random.default_rng(seed)
    e = get_experiment("csi2017")
    p = _inputs()
    wilks = e.bound(beta, settings, cl)
    thr = wilks.threshold
    x_phys = np.concatenate(([0.0], np.geomspace(1e-8, 1.0, 4000) * (M_Z / 50.0) ** 2))
    n_phys = np.asarray(e.n_model_x(beta, x_phys, settings))
    n_lo, n_hi = float(n_phys.min()), float(n_phys.max())

    def n_at(mzp):
        return float(np.asarray(e.n_model_x(beta, (M_Z / mzp) ** 2, settings)))

    masses = np.geomspace(0.5 * wilks.mzp_min, 2.0 * wilks.mzp_min, n_points)
    t_crit = np.empty(n_points)
    t_obs = np.empty(n_points)
    for i, m in enumerate(masses):
        n_true = n_at(m)
        d, a = csi_counting_toys(n_true, n_toys, rng)
        t_crit[i] = np.quantile(_t_statistic(n_true, d, a, n_lo, n_hi, p), cl)
        t_obs[i] = float(_t_statistic(n_true, p["n_meas"], p["b_ss"], n_lo, n_hi, p))
    # accepted region reaching up to the SM: scan down from the heaviest tested mass
    g = t_obs - t_crit  # <= 0 accepted
    fc = masses[0]
    for i in range(n_points - 1, 0, -1):
        if g[i] <= 0 < g[i - 1]:
            fc = float(np.exp(np.interp(0.0, [g[i], g[i - 1]], np.log([masses[i], masses[i - 1]]))))
            break
        if g[i] > 0:
            fc = float(masses[i])
            break
    n_w = n_at(wilks.mzp_min)
    d, a = csi_counting_toys(n_w, n_toys, rng)
    coverage = float(np.mean(_t_statistic(n_w, d, a, n_lo, n_hi, p) <= thr))
    return CoverageResult(
        beta=beta,
        cl=cl,
        wilks_bound=wilks.mzp_min,
        fc_bound=fc,
        coverage_at_wilks=coverage,
        threshold=thr,
        n_toys=n_toys,
        seed=seed,
        mzp_grid=tuple(masses.tolist()),
        t_critical=tuple(t_crit.tolist()),
        t_observed=tuple(t_obs.tolist()),
    )


# ---------------------------------------------------------------- every counting experiment
def fc_defaults(name: str) -> tuple[int, int]:
    """(pseudo-experiments per tested mass, tested masses) of :func:`feldman_cousins` for ``name``:
    a few seconds per call (a combination's toys are fitted on a grid, a single experiment's exactly)."""
    fits = get_experiment(name)
    if name == "csi2017":
        return 20000, 60
    if isinstance(fits, Combination):
        return 4000, 20
    return 20000, 60


class _Ordering:
    """The ordering statistic t(x_true; d) of one experiment or combination at one beta."""

    def __init__(self, fits: Experiment | Combination, beta: float, settings: Settings):
        self.fits, self.beta, self.settings = fits, beta, settings
        x_max = (M_Z / MZP_SEARCH_FLOOR) ** 2
        self.exact = isinstance(fits, Experiment)
        if self.exact:  # the range of predicted events over the physical region (as for CsI 2017)
            x = np.concatenate(([0.0], np.geomspace(1e-8, 1.0, 4000) * x_max))
            n = np.asarray(fits._n_theory_x(beta, x, settings), dtype=float)
            self.n_lo, self.n_hi = float(n.min()), float(n.max())
        else:
            self.xs = _candidates_x(x_max, FIT_GRID)

    def chi2(self, x, data):
        """chi^2 at x (shape (n,) or a scalar) of the data sets ``data`` (None: the measurement)."""
        c = self.fits._chi2_x(self.beta, x, self.settings, data)
        return np.asarray(c, dtype=float).reshape(-1)

    def chi2_min(self, data) -> np.ndarray:
        """Minimum over the physical x of each data set's chi-square, shape (n_sets,)."""
        if not self.exact:
            return grid_minimum(
                lambda x: self.fits._chi2_x(self.beta, x, self.settings, data), self.xs
            )
        e = cast(Experiment, self.fits)
        d = np.atleast_1d(e.observed(self.settings) if data is None else data).reshape(-1)
        # chi^2(N) = (d - c(N))^2 / V(N), c linear and V quadratic in N: on an interval of N its
        # minimum is at the zero of the residual (clipped) or at an end
        n_star = np.clip(e._events_of_data(d, self.settings), self.n_lo, self.n_hi)
        return np.minimum(
            np.minimum(e.chi2(n_star, self.settings, d), e.chi2(self.n_lo, self.settings, d)),
            e.chi2(self.n_hi, self.settings, d),
        )

    def t(self, x_true: float, data) -> np.ndarray:
        if self.exact:
            data = data.reshape(-1)
        return ordering_statistic(self.chi2(x_true, data), self.chi2_min(data))

    def toys(self, x_true: float, n_toys: int, rng: np.random.Generator) -> np.ndarray:
        """t of ``n_toys`` pseudo-experiments at x_true, drawn from ``rng`` and fitted in chunks
        (:data:`EXACT_CHUNK` or :data:`~cevnslib.experiments.registry.TOY_CHUNK` toys)."""
        out = []
        chunk = EXACT_CHUNK if self.exact else TOY_CHUNK  # bounded memory for every n_toys
        for a in range(0, n_toys, chunk):
            data = self.fits.toy_data_at(
                self.beta, x_true, self.settings, min(chunk, n_toys - a), rng
            )
            out.append(self.t(x_true, data))
        return np.concatenate(out)


def _check_fc_inputs(name, beta, settings, cl, n_toys, n_points, seed):
    """The inputs of :func:`feldman_cousins`, checked once; returns (fits, n_toys, n_points)."""
    fits = get_experiment(name)
    check_instance("settings", settings, Settings, "see cevnslib.experiments.registry.Settings")
    if np.ndim(beta) != 0:
        raise InputError(f"beta = {beta!r} is not allowed: must be one number (fixed beta)")
    check_beta(beta, settings.sw2)
    check_in_range("cl", cl, 0.0, 1.0)
    d_toys, d_points = fc_defaults(name)
    n_toys = d_toys if n_toys is None else n_toys
    n_points = d_points if n_points is None else n_points
    check_integer("n_toys", n_toys, 100, 10**7)
    check_integer("n_points", n_points, 5, 10000)
    check_integer("seed", seed, 0)
    return fits, int(n_toys), int(n_points)


def _wilks_lower_bound(fits, name: str, beta: float, settings: Settings, cl: float) -> Bound:
    """The Delta-chi^2 bound the tested masses are centred on; InputError where there is none."""
    wilks = fits.bound(beta, settings, cl)
    head = f"beta = {beta:g} is not allowed with the Feldman-Cousins construction of {name}"
    tail = "allowed: a beta where the two-sided (Wilks) result is a lower bound on M_Z'"
    if wilks.sm_excluded:
        raise InputError(
            f"{head}: the SM is excluded at {cl:g} CL by Delta-chi^2 = {wilks.threshold:.4g}, so "
            f"there is no lower bound to construct (see --convention two-sided); {tail}"
        )
    if not math.isfinite(wilks.mzp_min):
        raise InputError(
            f"{head}: every M_Z' the search resolves is excluded (no finite bound); {tail}"
        )
    if wilks.mzp_min <= MZP_SEARCH_FLOOR * (1.0 + 1e-9):
        raise InputError(
            f"{head}: every M_Z' down to the search floor {MZP_SEARCH_FLOOR:g} GeV is allowed "
            f"(no bound above it to construct); {tail}"
        )
    return wilks


def toy_ordering(
    name: str,
    beta: float,
    mzp: float,
    settings: Settings = DEFAULT,
    n_toys: int = 20000,
    seed: int = TOY_SEED,
) -> np.ndarray:
    """The ordering statistic t of :func:`feldman_cousins` in ``n_toys`` Gaussian pseudo-experiments
    generated at the true M_Z' = ``mzp`` [GeV] (>= 50 GeV; inf: the SM), for any counting experiment except
    csi2017 (its construction is Poisson: :func:`csi_counting_toys`).  With
    :func:`~cevnslib.stats.neyman.coverage` it gives the coverage of Wilks' threshold there."""
    fits, n_toys, _ = _check_fc_inputs(name, beta, settings, 0.9, n_toys, None, seed)
    if name == "csi2017":
        raise InputError(
            "experiment = 'csi2017' is not allowed in toy_ordering: its construction is Poisson "
            "(feldman_cousins_csi2017, csi_counting_toys); allowed: every other experiment"
        )
    if not (np.ndim(mzp) == 0 and mzp == math.inf):  # inf: the SM
        check_in_range("mzp", mzp, MZP_SEARCH_FLOOR, math.inf, closed=True, why="GeV, or inf")
    order = _Ordering(fits, float(beta), settings)
    return order.toys((M_Z / float(mzp)) ** 2, n_toys, np.random.default_rng(seed))


def feldman_cousins(
    name: str,
    beta: float = -SQRT3,
    settings: Settings = DEFAULT,
    cl: float = 0.9,
    n_toys: int | None = None,
    n_points: int | None = None,
    seed: int = TOY_SEED,
) -> CoverageResult:
    """Feldman-Cousins lower bound on M_Z' at fixed beta for any counting experiment or combination.

    csi2017 is :func:`feldman_cousins_csi2017` (Poisson toys of Eq. 60).  Every other experiment:
    a Neyman construction in x = (M_Z/M_Z')^2.  At ``n_points`` tested masses log-spaced from
    0.5 to 2 times the Wilks (Delta-chi^2) bound, and at the SM, ``n_toys`` Gaussian
    pseudo-experiments (:meth:`~cevnslib.experiments.registry.Experiment.toy_data_at`) give the
    ``cl`` quantile t_c of t = chi2(x_true) - min over the physical x of chi2; the bound is the
    lower mass edge of the accepted region t_obs(x) <= t_c(x) that reaches up to the SM (t_c
    linear in x between the tested points, :func:`~cevnslib.stats.neyman.neyman_lower_bound`).
    ``coverage_at_wilks``: the fraction of toys generated at the Wilks bound with t <= the
    Wilks threshold.

    Parameters
    ----------
    name : str
        An experiment or combination of the registry.
    beta : float [1]
        331 parameter (default -sqrt3, where the Z' interferes constructively).
    settings : Settings
    cl : float
        Confidence level in (0, 1).
    n_toys, n_points : int or None
        Pseudo-experiments per tested mass (>= 100) and tested masses (>= 5); None:
        :func:`fc_defaults`.
    seed : int
        Seed (>= 0): csi2017 ``np.random.default_rng(seed)``; otherwise tested point k draws from
        ``SeedSequence(seed).spawn(n_points + 2)[k]`` (the SM is point n_points, the coverage
        toys the last).  The result is reproducible.

    Returns
    -------
    CoverageResult
        ``outcome`` (:data:`FC_OUTCOMES`) says whether ``fc_bound`` is a bound among the tested
        masses.  Raises InputError where the Wilks result is no lower bound above 50 GeV.
    """
    fits, n_toys, n_points = _check_fc_inputs(name, beta, settings, cl, n_toys, n_points, seed)
    if name == "csi2017":
        return feldman_cousins_csi2017(beta, settings, cl, n_toys, n_points, seed)
    beta = float(beta)
    wilks = _wilks_lower_bound(fits, name, beta, settings, cl)
    thr = wilks.threshold
    lo = max(MASS_SPAN[0] * wilks.mzp_min, MZP_SEARCH_FLOOR)
    masses = np.geomspace(lo, MASS_SPAN[1] * wilks.mzp_min, n_points)
    x_test = np.append((M_Z / masses) ** 2, 0.0)  # the tested masses, then the SM
    streams = np.random.SeedSequence(seed).spawn(n_points + 2)
    order = _Ordering(fits, beta, settings)
    t_crit = np.array(
        [
            critical_values(order.toys(x, n_toys, np.random.default_rng(ss)), cl)[0]
            for x, ss in zip(x_test, streams[:-1], strict=True)
        ]
    )
    c_min = min(wilks.chi2_min, float(order.chi2_min(None)[0]))

    def t_obs(x):
        return ordering_statistic(order.chi2(x, None), c_min)

    accepted = neyman_lower_bound(t_obs, x_test, t_crit, M_Z, MZP_SEARCH_FLOOR)
    t_w = order.toys((M_Z / wilks.mzp_min) ** 2, n_toys, np.random.default_rng(streams[-1]))
    cov, _ = coverage(t_w, thr)
    if accepted.sm_excluded:
        outcome = "sm-excluded"
    elif masses[0] * (1 - 1e-9) <= accepted.mzp_min <= masses[-1] * (1 + 1e-9):
        outcome = "bound"
    else:
        outcome = "outside-tested-masses"
    return CoverageResult(
        beta=beta,
        cl=cl,
        wilks_bound=wilks.mzp_min,
        fc_bound=accepted.mzp_min,
        coverage_at_wilks=cov,
        threshold=thr,
        n_toys=n_toys,
        seed=seed,
        mzp_grid=(*masses.tolist(), math.inf),
        t_critical=tuple(t_crit.tolist()),
        t_observed=tuple(t_obs(x_test).tolist()),
        experiment=name,
        outcome=outcome,
        accepted=accepted,
    )
