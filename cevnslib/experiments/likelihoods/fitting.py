"""Fits and profiles of the release likelihoods: :func:`fit` (:class:`FitResult`, free signal
normalisation) and the profile likelihood in mu (:class:`Profile`, :func:`profile`, cached;
:func:`profile_uncached`, :func:`profile_of_model`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.interpolate import CubicSpline
from scipy.optimize import brentq

from ...errors import check_in_range, check_integer, check_nonnegative, check_positive
from ..registry import DEFAULT, Settings
from .builders import _build, build_model
from .csi2021 import _csi2021
from .inputs import _check_flag, _check_release
from .model import BinnedModel, Sample

__all__ = ["FitResult", "fit", "Profile", "profile", "profile_uncached", "profile_of_model"]


@dataclass(frozen=True)
class FitResult:
    """Best fit with free signal normalisation (counts in the fit region)."""

    experiment: str
    n_cevns_fit: float
    n_cevns_err: float  # symmetrised 68% profile interval
    n_cevns_interval: tuple[float, float]
    n_sm: float
    mu_hat: float
    backgrounds: dict[str, float]
    background_errors: dict[str, float]
    nll_min: float
    n_data: float
    parameters: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {
            "experiment": self.experiment,
            "n_cevns_fit": self.n_cevns_fit,
            "n_cevns_err": self.n_cevns_err,
            "n_cevns_interval": list(self.n_cevns_interval),
            "n_sm": self.n_sm,
            "mu_hat": self.mu_hat,
            "backgrounds": self.backgrounds,
            "background_errors": self.background_errors,
            "n_data": self.n_data,
            "nll_min": self.nll_min,
            "parameters": self.parameters,
        }


@dataclass(frozen=True)
class Profile:
    """-2 ln lambda(mu) on a grid, relative to its minimum, with a cubic-spline interpolation."""

    mu: np.ndarray
    q: np.ndarray
    mu_hat: float

    @cached_property
    def spline(self) -> CubicSpline:
        """The cubic spline through (mu, q), built once and stored on this profile (never shared)."""
        return CubicSpline(self.mu, self.q)

    def __call__(self, mu: ArrayLike) -> np.ndarray:
        check_nonnegative("mu", mu)
        return self._eval(np.asarray(mu, dtype=float))

    def _eval(self, mu: np.ndarray) -> np.ndarray:
        """:meth:`__call__` without its input check (mu finite and >= 0, checked by the caller)."""
        spline = self.spline
        inside = np.clip(mu, self.mu[0], self.mu[-1])
        # beyond the grid: quadratic continuation with the end curvature (monotone, conservative)
        edge = np.where(mu > self.mu[-1], self.mu[-1], self.mu[0])
        slope = spline(edge, 1)
        out = spline(inside) + np.where(mu != inside, slope * (mu - edge), 0.0)
        return np.maximum(out, 0.0)

    def interval(self, level: float = 1.0) -> tuple[float, float]:
        """mu where -2 ln lambda crosses ``level`` below and above the minimum."""
        check_positive("level", level)
        f = lambda m: float(self._eval(np.asarray(m))) - level  # noqa: E731
        lo = brentq(f, self.mu[0], self.mu_hat) if f(self.mu[0]) > 0 else self.mu[0]
        hi = brentq(f, self.mu_hat, self.mu[-1]) if f(self.mu[-1]) > 0 else self.mu[-1]
        return float(lo), float(hi)


def _hessian(fun, x, bounds, h=1e-4):
    n = len(x)
    hess = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):

            def f(di, dj, i=i, j=j):
                y = x.copy()
                y[i] += di
                y[j] += dj
                return fun(y)

            hess[i, j] = hess[j, i] = (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h)
    return hess


def _asimov(model: BinnedModel) -> np.ndarray:
    nu, _ = model.expected(np.r_[1.0, np.zeros(len(model.par_names) - 1)])
    return nu + (model.off if model.off is not None else 0.0)


def profile(
    name: str, settings: Settings = DEFAULT, asimov: bool = False, n: int = 41, mu_max: float = 3.0
) -> Profile:
    """Profile likelihood in mu on ``n`` points in [0, mu_max] (``asimov``: SM expectation as data).

    Cached per (name, settings, asimov, n, mu_max); :func:`profile_uncached` recomputes.
    ``n``: 5-2001 points; ``mu_max``: in (0, 20) (the bounds of mu in the fit).
    """
    _check_profile(name, settings, asimov, n, mu_max)
    return _profile(name, settings, asimov, n, mu_max)


def _check_profile(name, settings, asimov, n, mu_max) -> None:
    _check_release(name, settings)
    _check_flag("asimov", asimov)
    check_integer("n", n, 5, 2001)
    check_in_range("mu_max", mu_max, 0.0, 20.0, why="the bounds of mu in the fit")


def profile_uncached(
    name: str, settings: Settings = DEFAULT, asimov: bool = False, n: int = 41, mu_max: float = 3.0
) -> Profile:
    """:func:`profile` without its cache (for benchmarks)."""
    _check_profile(name, settings, asimov, n, mu_max)
    return _profile.__wrapped__(name, settings, asimov, n, mu_max)


@lru_cache(maxsize=32)
def _profile(name: str, settings: Settings, asimov: bool, n: int, mu_max: float) -> Profile:
    model = build_model(name, settings)
    data = _asimov(model) if asimov else None
    best, nll0 = model.minimise(data=data)
    grid = np.linspace(0.0, mu_max, n)
    q = np.zeros(n)
    split = int(np.searchsorted(grid, best[0]))
    for order in (range(split, n), range(split - 1, -1, -1)):  # outwards from mu_hat, warm starts
        start = best.copy()
        for k in order:
            start, v = model.minimise(start, fix_mu=grid[k], data=data)
            q[k] = 2.0 * (v - nll0)
    q = np.maximum(q, 0.0)
    return Profile(grid, q, float(best[0]))


def profile_of_model(
    model: BinnedModel, asimov: bool = False, n: int = 41, mu_max: float = 3.0
) -> Profile:
    """:func:`profile` for a model built outside the registry (e.g. :func:`csi2021_model` variants)."""
    data = _asimov(model) if asimov else None
    best, nll0 = model.minimise(data=data)
    grid = np.linspace(0.0, mu_max, n)
    q = np.zeros(n)
    split = int(np.searchsorted(grid, best[0]))
    for order in (range(split, n), range(split - 1, -1, -1)):
        start = best.copy()
        for k in order:
            start, v = model.minimise(start, fix_mu=grid[k], data=data)
            q[k] = 2.0 * (v - nll0)
    return Profile(grid, np.maximum(q, 0.0), float(best[0]))


def fit(name: str, settings: Settings = DEFAULT) -> FitResult:
    """Fit release ``name`` with a free signal normalisation: fitted CEvNS counts, backgrounds, N_SM.

    For CsI 2021 the count is reported from the model with shape-only response modes
    (:data:`CSI2021_RESPONSE`): N = mu x N_SM then means events, with no normalisation effect of
    the efficiency or quenching folded into it.
    """
    _check_release(name, settings)
    model = _build(name, settings)
    counts = model.info.get("counts_model")
    if counts is not None:
        model = _csi2021(*counts)
    theta, nll0 = model.minimise()
    if model.signal.sigma is not None:  # signal strength free: drop its normalisation prior
        free = BinnedModel(
            model.name,
            model.data,
            Sample("cevns", model.signal.nominal, None, model.signal.shapes),
            model.backgrounds,
            model.off,
            model.signal_parts,
            model.info,
        )
        theta, nll0 = free.minimise()
        model = free
    n_sm = float(model.signal.nominal.sum())
    pars = dict(zip(model.par_names, theta, strict=True))
    cov = np.linalg.pinv(_hessian(model.nll, theta, model.bounds()))
    err = np.sqrt(np.clip(np.diag(cov), 0, None))

    # profile interval of mu (Delta(-2 ln L) = 1)
    def q(m):
        return 2.0 * (model.minimise(theta, fix_mu=m)[1] - nll0)

    mu_hat = float(theta[0])
    lo = brentq(lambda m: q(m) - 1.0, max(mu_hat - 6 * err[0], 0.0), mu_hat) if q(0.0) > 1 else 0.0
    hi = brentq(lambda m: q(m) - 1.0, mu_hat, mu_hat + 6 * err[0] + 0.1)
    backgrounds, berr = {}, {}
    for b in model.backgrounds:
        nom = float(b.nominal.sum())
        if b.sigma is not None:
            i = model.par_names.index(f"{b.name}_norm")
            backgrounds[b.name] = nom * (1 + b.sigma * theta[i])
            berr[b.name] = nom * b.sigma * float(err[i])
        else:
            backgrounds[b.name] = nom
            berr[b.name] = 0.0
    if model.off is not None:
        nu, _ = model.expected(theta)
        ss = model.steady_state(nu)
        backgrounds["steady_state"] = float(ss.sum())
        berr["steady_state"] = float(np.sqrt(model.off.sum()) / 2**0.5)  # on/off: ~sqrt((n+a)/4)
    return FitResult(
        name,
        mu_hat * n_sm,
        0.5 * (hi - lo) * n_sm,
        (lo * n_sm, hi * n_sm),
        n_sm,
        mu_hat,
        backgrounds,
        berr,
        nll0,
        float(model.data.sum()),
        {k: float(v) for k, v in pars.items()},
    )
