"""The binned likelihood itself: :class:`Sample` (a template with its modifiers),
:class:`BinnedModel` (expectation, -ln L and its gradient, minimisation with a profiled on/off
steady state) and :func:`fisher_floor` (the statistics-only precision of the CEvNS count)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import minimize
from scipy.special import gammaln, xlogy

from ...errors import InputError

__all__ = ["Sample", "BinnedModel", "fisher_floor"]


@dataclass(frozen=True)
class Sample:
    """A template with an optional Gaussian normalisation and histosys shape modifiers.

    ``sigma``: relative 1-sigma normalisation (None: no normalisation modifier);
    ``shapes``: (modifier name, lo template, hi template) with lo/hi absolute expected counts.
    """

    name: str
    nominal: np.ndarray
    sigma: float | None = None
    shapes: tuple[tuple[str, np.ndarray, np.ndarray], ...] = ()


@dataclass(frozen=True)
class BinnedModel:
    """A binned likelihood: data, a CEvNS sample scaled by mu, backgrounds, optional on/off steady state."""

    name: str
    data: np.ndarray
    signal: Sample
    backgrounds: tuple[Sample, ...]
    off: np.ndarray | None = None  # anti-coincidence counts (same exposure) -> per-bin steady state
    signal_parts: dict[str, float] = field(default_factory=dict)  # SM events per nucleus
    info: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ parameters
    @property
    def samples(self) -> tuple[Sample, ...]:
        return (self.signal, *self.backgrounds)

    @property
    def norm_names(self) -> tuple[str, ...]:
        return tuple(f"{s.name}_norm" for s in self.samples if s.sigma is not None)

    @property
    def shape_names(self) -> tuple[str, ...]:
        names: list[str] = []
        for s in self.samples:
            names += [n for n, _, _ in s.shapes if n not in names]
        return tuple(names)

    @property
    def par_names(self) -> tuple[str, ...]:
        return ("mu", *self.norm_names, *self.shape_names)

    def bounds(self) -> list[tuple[float, float]]:
        out = [(0.0, 20.0)]
        out += [(max(-10.0, -1.0 / s.sigma + 1e-6), 10.0) for s in self.samples if s.sigma]
        out += [(-5.0, 5.0)] * len(self.shape_names)
        return out

    # ------------------------------------------------------------------ expectation
    @cached_property
    def _design(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Nominal signal, nominal background, per-nuisance up/down deltas and signal mask."""
        rows: dict[str, list] = {}
        for s in self.samples:
            is_sig = s is self.signal
            if s.sigma is not None:
                rows[f"{s.name}_norm"] = [s.sigma * s.nominal, s.sigma * s.nominal, is_sig]
            for name, lo, hi in s.shapes:
                if name in rows:
                    raise InputError(f"modifier {name!r} is shared between samples (not supported)")
                rows[name] = [hi - s.nominal, s.nominal - lo, is_sig]
        names = self.par_names[1:]
        nb = len(self.data)
        up = np.array([rows[n][0] for n in names]).reshape(len(names), nb)
        dn = np.array([rows[n][1] for n in names]).reshape(len(names), nb)
        sig = np.array([rows[n][2] for n in names], dtype=bool)
        bkg = sum(b.nominal for b in self.backgrounds)
        return self.signal.nominal, np.asarray(bkg, dtype=float), up, dn, sig

    @cached_property
    def _histosys(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The theta-independent parts of :meth:`_parts`: half sum and asymmetry of the up/down
        deltas, and the row indices of the signal and background nuisances."""
        _, _, up, dn, sig = self._design
        return 0.5 * (up + dn), 0.0625 * (up - dn), np.flatnonzero(sig), np.flatnonzero(~sig)

    @cached_property
    def _log_factorials(self) -> tuple[np.ndarray, np.ndarray | None]:
        """ln n! of the data and of the anti-coincidence counts (constant terms of -ln L)."""
        return gammaln(self.data + 1.0), None if self.off is None else gammaln(self.off + 1.0)

    def _parts(self, theta: np.ndarray):
        s0, b0, up, dn, sig = self._design
        half, asym, i_sig, i_bkg = self._histosys
        t = theta[1:, None]
        # pyhf's default histosys interpolation "code4p": linear beyond |t| = 1, a sixth-order
        # polynomial inside that matches value and slope at +-1 (identical to linear when up = dn)
        t2 = t * t
        delta = half * t + asym * t2 * (15.0 + t2 * (3.0 * t2 - 10.0))
        slope = half + asym * t * (30.0 + t2 * (18.0 * t2 - 40.0))
        for outside, edge in ((t[:, 0] > 1, up), (t[:, 0] < -1, dn)):
            if outside.any():  # linear rows: replaced whole (no polynomial mixes in)
                delta[outside] = t[outside] * edge[outside]
                slope[outside] = edge[outside]
        s = s0 + delta[i_sig].sum(axis=0)
        nu = theta[0] * s + b0 + delta[i_bkg].sum(axis=0)
        return nu, s, slope, sig

    def expected(self, theta: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Beam-on expectation without steady state (if on/off), and the signal part alone."""
        theta = np.asarray(theta, dtype=float)
        nu, s, _, _ = self._parts(theta)
        return np.clip(nu, 1e-12, None), theta[0] * s

    def steady_state(self, nu: np.ndarray) -> np.ndarray:
        """Per-bin steady state maximising Pois(n | nu + b) Pois(a | b) (equal exposures)."""
        n, a = self.data, self.off
        assert a is not None
        c = 2.0 * nu - n - a
        return (-c + np.sqrt(c * c + 8.0 * a * nu)) / 4.0

    def nll_grad(
        self, theta: ArrayLike, data: np.ndarray | None = None
    ) -> tuple[float, np.ndarray]:
        """-ln L and its gradient (full Poisson and Gaussian terms; steady state profiled if on/off)."""
        n = self.data if data is None else data
        log_n_fact, log_a_fact = self._log_factorials
        if data is not None:
            log_n_fact = gammaln(n + 1.0)
        theta = np.asarray(theta, dtype=float)
        nu_raw, s, slope, sig = self._parts(theta)
        nu = np.clip(nu_raw, 1e-12, None)
        out = 0.0
        if self.off is not None:
            a = self.off
            c = 2.0 * nu - n - a
            b = (-c + np.sqrt(c * c + 8.0 * a * nu)) / 4.0
            out -= np.sum(xlogy(a, b) - b - log_a_fact)
            nu = nu + b  # envelope theorem: d/dnu of the profiled term is -(n/(nu+b) - 1)
        out -= np.sum(xlogy(n, nu) - nu - log_n_fact)
        nuis = theta[1:]
        out += 0.5 * float(nuis @ nuis) + 0.5 * len(nuis) * np.log(2 * np.pi)
        w = np.where(nu_raw > 1e-12, 1.0 - n / nu, 0.0)  # a clipped bin does not move
        grad = np.empty_like(theta)
        grad[0] = w @ s
        grad[1:] = (slope @ w) * np.where(sig, theta[0], 1.0) + nuis
        return float(out), grad

    def nll(self, theta: ArrayLike, data: np.ndarray | None = None) -> float:
        """-ln L (see :meth:`nll_grad`)."""
        return self.nll_grad(theta, data)[0]

    def minimise(
        self, start: ArrayLike | None = None, fix_mu: float | None = None, data=None
    ) -> tuple[np.ndarray, float]:
        """Best-fit parameters and -ln L (``fix_mu``: mu held fixed, nuisances profiled)."""
        x0 = np.zeros(len(self.par_names)) if start is None else np.array(start, dtype=float)
        if start is None:
            x0[0] = 1.0
        bnds = self.bounds()
        opts = {"ftol": 1e-12, "maxiter": 500}
        # SLSQP: L-BFGS-B is slowed 40x by BLAS threads on a shared machine
        if fix_mu is None:
            res = minimize(
                self.nll_grad, x0, args=(data,), jac=True, method="SLSQP", bounds=bnds, options=opts
            )
            return res.x, float(res.fun)
        if len(x0) == 1:
            return np.array([fix_mu]), self.nll([fix_mu], data)

        def reduced(y):
            val, grad = self.nll_grad(np.r_[fix_mu, y], data)
            return val, grad[1:]

        res = minimize(reduced, x0[1:], jac=True, method="SLSQP", bounds=bnds[1:], options=opts)
        return np.r_[fix_mu, res.x], float(res.fun)


def fisher_floor(model: BinnedModel) -> float:
    """Smallest standard deviation of the fitted CEvNS count [events] that the data allow in the
    model's binning: statistics only (every nuisance fixed), Fisher information at mu = 1,

        sigma_N = N_SM / sqrt(sum_i s_i^2 / V_i),  V_i = nu_i (+ b_i with an on/off steady state,
        whose per-bin rate b_i is profiled against the anti-coincidence counts).
    """
    theta = np.r_[1.0, np.zeros(len(model.par_names) - 1)]
    nu, s = model.expected(theta)
    var = nu.copy()
    if model.off is not None:
        b = np.clip(model.off, 0.5, None)  # the steady state per bin, from the AC counts
        var = nu + 2.0 * b  # Pois(n | nu + b) Pois(a | b) with b profiled: s^2 / (nu + 2 b)
    info = float(np.sum(s**2 / np.clip(var, 1e-12, None)))
    return float(s.sum()) / np.sqrt(info)
