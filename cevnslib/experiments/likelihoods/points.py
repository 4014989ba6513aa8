"""Model points in the release likelihoods: the signal strength of a (beta, M_Z') point
(:func:`signal_scale`), binned lower bounds on M_Z' (:func:`binned_bound`), Delta(-2 ln L)
grids (:func:`binned_delta_grid`) and the spread of the CsI 2021 bound over its modelling
choices (:func:`csi2021_bound_spread`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ...errors import (
    InputError,
    check_in_range,
    check_instance,
    check_nonnegative,
    check_positive,
)
from ...physics.constants import M_Z
from ...physics.model331 import check_beta, mass_ratio_squared
from ...stats.bounds import Bound, lower_bound
from ..detectors import csi2017
from ..rates import response
from ..registry import DEFAULT, Settings, _weak_charges_x
from .builders import _build
from .csi2021 import CSI2021_STEADY_STATE, CSI2021_TIMING_OFFSETS, _csi2021
from .fitting import Profile, _profile, profile_of_model
from .inputs import _check_flag, _check_one_beta, _check_release

__all__ = ["signal_scale", "binned_bound", "binned_delta_grid", "csi2021_bound_spread"]


def signal_scale(
    name: str, beta: ArrayLike, x: ArrayLike, settings: Settings = DEFAULT
) -> np.ndarray:
    """mu = sum_i w_i ((Q_SM,i + x dQ_i)/Q_SM,i)^2 at x = (M_Z/M_Z')^2, w_i the SM share of nucleus i."""
    _check_release(name, settings)
    check_beta(beta, settings.sw2)
    check_nonnegative("x", x)  # x = (M_Z/M_Z')^2 >= 0; 0 is the SM
    return _signal_scale(name, beta, x, settings)


def _signal_scale(name: str, beta, x, settings: Settings) -> np.ndarray:
    """:func:`signal_scale` without its input checks (bounds and grids check once)."""
    model = _build(name, settings)
    det = csi2017("coherent") if name.startswith("csi") else None
    resp = response(det) if det is not None else _lar_response()
    charges = _weak_charges_x(resp, beta, settings)
    total = sum(model.signal_parts.values())
    x = np.asarray(x, dtype=float)
    out = 0.0
    for nuc, (q, dq) in zip(resp.nuclei, charges, strict=True):
        w = model.signal_parts[nuc.name] / total
        out = out + w * ((q + x * dq) / q) ** 2
    return np.asarray(out)


@lru_cache(maxsize=1)
def _lar_response():
    from ..detectors import lar2020

    return response(lar2020())


def binned_bound(
    name: str, beta: float, settings: Settings = DEFAULT, cl: float = 0.9, asimov: bool = False
) -> Bound:
    """Lower bound on M_Z' from the profiled binned likelihood (Delta(-2 ln L) at ``cl``)."""
    _check_release(name, settings)
    _check_one_beta(beta, settings.sw2)
    check_in_range("cl", cl, 0.0, 1.0)
    _check_flag("asimov", asimov)
    prof = _profile(name, settings, asimov, 41, 3.0)
    return lower_bound(lambda x: prof._eval(_signal_scale(name, beta, x, settings)), M_Z, cl)


def binned_delta_grid(
    name: str,
    betas: ArrayLike,
    mzps: ArrayLike,
    settings: Settings = DEFAULT,
    asimov: bool = False,
    sm: bool = False,
) -> Any:
    """Delta(-2 ln L) on a (beta, M_Z') grid relative to the minimum over M_Z' and the SM per beta.

    ``sm``: also return the value of the SM per beta, as (grid, sm_values).
    """
    _check_release(name, settings)
    _check_flag("asimov", asimov)
    prof = _profile(name, settings, asimov, 41, 3.0)
    return _delta_grid(
        lambda b, x: prof._eval(_signal_scale(name, b, x, settings)), betas, mzps, settings, sm
    )


def _delta_grid(q_of: Any, betas: ArrayLike, mzps: ArrayLike, settings: Settings, sm: bool) -> Any:
    """Delta q on a (beta, M_Z') grid for ``q_of(beta, x)`` (beta a column, x a row), relative to
    the minimum over M_Z' and the SM per beta; ``sm``: also the value of the SM per beta.  The
    grid of :func:`binned_delta_grid` and of the combined releases
    (:func:`~cevnslib.experiments.release_combinations.combined_delta_grid`); checks the axes."""
    _check_flag("sm", sm)
    for label, axis in (("betas", betas), ("mzps", mzps)):
        if np.ndim(axis) != 1 or np.size(axis) == 0:
            raise InputError(
                f"{label} has shape {np.shape(axis)}: allowed a non-empty one-dimensional array"
            )
    check_beta(betas, settings.sw2)
    check_positive("mzps", mzps)
    b = np.asarray(betas, dtype=float)[:, None]
    x = np.asarray(mass_ratio_squared(np.asarray(mzps, dtype=float)))[None, :]
    q = q_of(b, x)
    q_sm = q_of(b, 0.0 * b)
    ref = np.minimum(q.min(axis=1, keepdims=True), q_sm)
    if sm:
        return q - ref, np.broadcast_to(q_sm - ref, ref.shape)[:, 0]
    return q - ref


@lru_cache(maxsize=32)
def _csi2021_profile(
    settings: Settings, steady_state: str, timing_offsets: bool, asimov: bool
) -> Profile:
    """Profile of a CsI 2021 variant (response modes as released, paper binning), cached."""
    if steady_state == "on-off" and timing_offsets:  # the default model: share its profile
        return _profile("csi2021", settings, asimov, 41, 3.0)
    return profile_of_model(
        _csi2021(settings, "full", steady_state, timing_offsets=timing_offsets), asimov
    )


def csi2021_bound_spread(
    beta: float, settings: Settings = DEFAULT, cl: float = 0.9, asimov: bool = False
) -> dict[str, Any]:
    """The binned CsI 2021 lower bound on M_Z' [GeV] under each modelling choice of the release and
    its spread: steady state (:data:`CSI2021_STEADY_STATE`) x arrival-time offsets
    (:data:`CSI2021_TIMING_OFFSETS`), response modes as released, paper binning.

    Convention as :func:`binned_bound`: Delta(-2 ln L) at ``cl`` (two-sided for one parameter,
    Wilks), minimum over M_Z' including the SM; ``asimov``: the expected (median) bound from the SM
    expectation as data.  Returns ``rows`` (steady_state, timing_offsets, mzp_min per variant),
    ``default`` (on/off with timing offsets = :func:`binned_bound`), ``min``, ``max`` and
    ``spread`` = (max - min) / default, with ``beta``, ``cl``, ``asimov`` and ``convention``.
    """
    check_instance("settings", settings, Settings, "see cevnslib.experiments.registry.Settings")
    _check_one_beta(beta, settings.sw2)
    check_in_range("cl", cl, 0.0, 1.0)
    _check_flag("asimov", asimov)
    rows = []
    for ss in CSI2021_STEADY_STATE:
        for offsets in CSI2021_TIMING_OFFSETS:
            prof = _csi2021_profile(settings, ss, offsets, bool(asimov))
            bound = lower_bound(
                lambda x, p=prof: p._eval(_signal_scale("csi2021", beta, x, settings)), M_Z, cl
            )
            rows.append({"steady_state": ss, "timing_offsets": offsets, "mzp_min": bound.mzp_min})
    values = np.array([r["mzp_min"] for r in rows])
    default = float(values[0])  # (on-off, True): the default model
    return {
        "beta": float(beta),
        "cl": float(cl),
        "asimov": bool(asimov),
        "convention": "Delta(-2 ln L) two-sided (Wilks), minimum over M_Z' including the SM",
        "rows": rows,
        "default": default,
        "min": float(values.min()),
        "max": float(values.max()),
        "spread": float((values.max() - values.min()) / default),
    }
