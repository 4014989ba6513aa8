"""Binned likelihoods of several COHERENT releases combined: bounds, toy bands, coverage at the SM.

Two combinations of the releases are offered (:data:`BINNED_COMBINATIONS`): the paper's data,
CsI 2017 + LAr 2020 (``combined-2020``), and the newest COHERENT data, CsI 2021 + LAr 2020
(``coherent``).  CsI 2017 and CsI 2021 are never combined: the full CsI dataset contains the 2017
exposure.

**Likelihood.** The releases are independent measurements with their own nuisance parameters, so
-2 ln L of a combination is the sum of the members'; with each member profiled in its signal
strength, q(beta, x) = sum_r q_r(mu_r(beta, x)), q_r the member's profile
(:func:`~cevnslib.experiments.likelihoods.profile`) and mu_r its signal scale
(:func:`~cevnslib.experiments.likelihoods.signal_scale`).  The Z' moves the members' signal
strengths differently (Cs and I against Ar have different N/Z), so a combination is a question
in (beta, M_Z'), not in one mu.  The bound measures Delta q from the minimum over M_Z' at this beta
(the SM included), like a single release.  Stated assumption: the SNS flux normalisation, which
the releases share, enters each member's signal normalisation independently; the counting
combinations (:class:`~cevnslib.experiments.registry.Combination`) profile it as one shared
nuisance, and their ``shared_flux=False`` variant measures how much that matters.

**Pseudo-experiments.** The members' stored SM toys
(:func:`~cevnslib.experiments.frequentist.load_stored`) are independent pseudo-experiments of each
release, so a toy of the combination is one toy of each member, its profile the sum of theirs.
Toy k of the first member is paired with toy (k + n/2) mod n of the others (n the smallest toy
count): the stored toys of every release are drawn in chunks with the same seed, and the shift by
n/2 (a multiple of the chunk size for the stored counts) pairs toys of different random streams.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ..errors import check_choice, check_in_range
from ..physics.constants import M_Z
from ..stats.bounds import (
    Bound,
    ExpectedBound,
    _candidates_x,
    delta_chi2_threshold,
    grid_lower_bounds,
    lower_bound,
)
from ..stats.neyman import band_quantiles, coverage
from ..stats.toys import DEFAULT_CHUNK
from .frequentist import StaleResultsError, _q_on_x, load_stored
from .likelihoods import LIKELIHOODS, _profile
from .likelihoods.inputs import _check_flag, _check_one_beta, _check_release
from .likelihoods.points import _delta_grid, _signal_scale
from .registry import DEFAULT, Settings

__all__ = [
    "BINNED_COMBINATIONS",
    "BINNED_NAMES",
    "members",
    "combined_binned_bound",
    "combined_delta_grid",
    "paired_toy_profiles",
    "combined_toy_bounds",
    "combined_expected_bound",
    "sm_coverage",
]

#: binned combinations of the releases: name -> members (each a release of
#: :data:`~cevnslib.experiments.likelihoods.LIKELIHOODS`)
BINNED_COMBINATIONS: dict[str, tuple[str, ...]] = {
    "combined-2020": ("csi2017", "lar2020"),
    "coherent": ("csi2021", "lar2020"),
}
#: every name with a binned likelihood: the releases and their combinations
BINNED_NAMES: tuple[str, ...] = (*LIKELIHOODS, *BINNED_COMBINATIONS)


def members(name: str) -> tuple[str, ...]:
    """The releases of ``name``: itself for a release, the members for a combination."""
    check_choice("experiment", name, BINNED_NAMES)
    return BINNED_COMBINATIONS.get(name, (name,))


def _check(name: str, settings: Settings, beta: Any, cl: float) -> tuple[str, ...]:
    """The members of ``name``, after checking settings, beta (one number) and cl once."""
    mem = members(name)
    for r in mem:
        _check_release(r, settings)
    _check_one_beta(beta, settings.sw2)
    check_in_range("cl", cl, 0.0, 1.0)
    return mem


def _q(mem: tuple[str, ...], beta, x, settings: Settings, asimov: bool):
    """Summed profiles q(beta, x) of the releases ``mem`` (inputs checked by the caller)."""
    return sum(
        _profile(r, settings, asimov, 41, 3.0)._eval(_signal_scale(r, beta, x, settings))
        for r in mem
    )


def combined_binned_bound(
    name: str, beta: float, settings: Settings = DEFAULT, cl: float = 0.9, asimov: bool = False
) -> Bound:
    """Lower bound on M_Z' [GeV] from the summed binned likelihoods of ``name`` (a release or a
    combination), Delta(-2 ln L) at ``cl`` (two-sided for one parameter, Wilks), the minimum over
    M_Z' at this beta including the SM; ``asimov``: the SM expectation as data (expected bound).
    For a single release it equals :func:`~cevnslib.experiments.likelihoods.binned_bound`."""
    mem = _check(name, settings, beta, cl)
    return lower_bound(lambda x: _q(mem, beta, x, settings, bool(asimov)), M_Z, cl)


def combined_delta_grid(
    name: str,
    betas: ArrayLike,
    mzps: ArrayLike,
    settings: Settings = DEFAULT,
    asimov: bool = False,
    sm: bool = False,
) -> Any:
    """Delta(-2 ln L) of ``name`` on a (beta, M_Z') grid, relative to the minimum over M_Z' and the
    SM per beta (as :func:`~cevnslib.experiments.likelihoods.binned_delta_grid`); ``sm``: also the
    value of the SM per beta, as (grid, sm_values)."""
    mem = members(name)
    for r in mem:
        _check_release(r, settings)
    _check_flag("asimov", asimov)
    return _delta_grid(
        lambda b, x: _q(mem, b, x, settings, bool(asimov)), betas, mzps, settings, sm
    )


def paired_toy_profiles(
    name: str, settings: Settings = DEFAULT
) -> tuple[tuple[np.ndarray, ...], int, int]:
    """The members' stored SM toy profiles, paired into toys of the combination.

    Returns (rows per member, each (n, 1 + len(TOY_MU_GRID)); n; seed).  A member without stored
    toys for these settings raises :class:`~cevnslib.experiments.frequentist.StaleResultsError`.
    """
    mem = members(name)
    stored = [load_stored(r, settings) for r in mem]
    n = min(s.n_toys for s in stored)
    seeds = {s.seed for s in stored}
    if len(seeds) != 1:  # pragma: no cover - the stored files share one seed
        raise StaleResultsError(f"the stored toys of {', '.join(mem)} have different seeds")
    shift = n // 2 if len(mem) > 1 else 0
    if shift and shift % DEFAULT_CHUNK:
        shift -= shift % DEFAULT_CHUNK  # a whole number of chunks: other random streams
    idx = np.arange(n)
    rows = tuple(s.profiles[:n] if k == 0 else s.profiles[(idx + shift) % n] for k, s in
                 enumerate(stored))  # fmt: skip
    return rows, n, seeds.pop()


def _toy_q_on_x(name: str, beta: float, xs: np.ndarray, settings: Settings):
    """Summed toy profiles on the x grid ``xs`` in chunks of 500 toys: yields (n_chunk, len(xs))."""
    mem = members(name)
    rows, n, _ = paired_toy_profiles(name, settings)
    mu = [np.asarray(_signal_scale(r, beta, xs, settings), dtype=float) for r in mem]
    for a in range(0, n, 500):  # bounded memory: 500 toys x len(xs) at a time
        yield sum(_q_on_x(np.asarray(r[a : a + 500, 1:]), m) for r, m in zip(rows, mu, strict=True))


def combined_toy_bounds(
    name: str, beta: float, settings: Settings = DEFAULT, cl: float = 0.9, n_grid: int = 1500
) -> np.ndarray:
    """Lower bounds on M_Z' [GeV] of the paired SM toys of ``name`` at ``beta`` (as the data)."""
    _check(name, settings, beta, cl)
    thr = delta_chi2_threshold(cl)
    xs = _candidates_x((M_Z / 50.0) ** 2, n_grid)
    return np.concatenate(
        [
            grid_lower_bounds(g, xs, M_Z, threshold=thr)
            for g in _toy_q_on_x(name, beta, xs, settings)
        ]
    )


def combined_expected_bound(
    name: str, beta: float, settings: Settings = DEFAULT, cl: float = 0.9
) -> ExpectedBound:
    """Expected binned lower bound of ``name`` if the SM is true: the Asimov median and the +-1,
    +-2 sigma bands of the paired stored toys (:func:`combined_toy_bounds`)."""
    median = combined_binned_bound(name, beta, settings, cl, asimov=True).mzp_min
    bounds = combined_toy_bounds(name, beta, settings, cl)
    _, band1, band2 = band_quantiles(bounds)
    _, n, seed = paired_toy_profiles(name, settings)
    return ExpectedBound(median, band1, band2, "toys", "two-sided", cl, n, seed)


def sm_coverage(
    name: str, beta: float, settings: Settings = DEFAULT, cl: float = 0.9, n_grid: int = 1500
) -> tuple[float, float]:
    """Coverage of the Delta(-2 ln L) threshold when the SM is true, at ``beta``.

    The fraction of SM toys (paired for a combination) whose SM point passes the threshold,
    t = q(beta, 0) - min over M_Z' of q(beta, x) <= Delta(-2 ln L)(cl), and its binomial standard
    error: one minus the rate at which the bound excludes the true SM.  Where the Z' can only
    raise the signal (a physical boundary at the SM) the asymptotic value is (1 + cl)/2, not cl:
    a toy that fluctuates low has its best fit at the SM and t = 0.
    """
    _check(name, settings, beta, cl)
    thr = delta_chi2_threshold(cl)
    xs = _candidates_x((M_Z / 50.0) ** 2, n_grid)
    t = np.concatenate([g[:, 0] - g.min(axis=1) for g in _toy_q_on_x(name, beta, xs, settings)])
    return coverage(t, thr)
