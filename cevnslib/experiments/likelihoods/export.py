"""pyhf export of the release likelihoods: the HistFactory JSON workspace (:func:`workspace`),
our parameters as a pyhf parameter vector (:func:`pyhf_pars`) and CLs with pyhf
(:func:`hypotest_cls`)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ...errors import InputError, check_finite, check_instance, check_nonnegative
from ..registry import DEFAULT, Settings
from .builders import build_model
from .model import BinnedModel, Sample

__all__ = ["workspace", "pyhf_pars", "hypotest_cls"]


def workspace(model: BinnedModel) -> dict[str, Any]:
    """The model as a pyhf JSON workspace (HistFactory; same log-likelihood as :meth:`BinnedModel.nll`)."""
    check_instance("model", model, BinnedModel, "see build_model")

    def mods(s: Sample, poi: bool) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = (
            [{"name": "mu", "type": "normfactor", "data": None}] if poi else []
        )
        if s.sigma is not None:
            out.append(
                {
                    "name": f"{s.name}_norm",
                    "type": "histosys",
                    "data": {
                        "hi_data": (s.nominal * (1 + s.sigma)).tolist(),
                        "lo_data": (s.nominal * (1 - s.sigma)).tolist(),
                    },
                }
            )
        for name, lo, hi in s.shapes:
            out.append(
                {
                    "name": name,
                    "type": "histosys",
                    "data": {"hi_data": hi.tolist(), "lo_data": lo.tolist()},
                }
            )
        return out

    samples = [
        {"name": s.name, "data": s.nominal.tolist(), "modifiers": mods(s, s is model.signal)}
        for s in model.samples
    ]
    channels = [{"name": "on", "samples": samples}]
    observations = [{"name": "on", "data": model.data.tolist()}]
    parameters: list[dict[str, Any]] = [{"name": "mu", "bounds": [[0.0, 20.0]], "inits": [1.0]}]
    if model.off is not None:
        ss_nom = np.where(model.off > 0, model.off, 1.0)
        ss = {"name": "steady_state", "type": "shapefactor", "data": None}
        channels[0]["samples"].append(
            {"name": "steady_state", "data": ss_nom.tolist(), "modifiers": [ss]}
        )
        channels.append(
            {
                "name": "off",
                "samples": [{"name": "steady_state", "data": ss_nom.tolist(), "modifiers": [ss]}],
            }
        )
        observations.append({"name": "off", "data": model.off.tolist()})
        n = len(ss_nom)
        parameters.append({"name": "steady_state", "bounds": [[0.0, 50.0]] * n, "inits": [1.0] * n})
    return {
        "version": "1.0.0",
        "channels": channels,
        "observations": observations,
        "measurements": [{"name": model.name, "config": {"poi": "mu", "parameters": parameters}}],
    }


def pyhf_pars(model: BinnedModel, pyhf_model, theta: ArrayLike) -> np.ndarray:
    """pyhf parameter vector for our parameters ``theta`` (steady state at its profiled value)."""
    check_instance("model", model, BinnedModel, "see build_model")
    check_finite("theta", theta)
    if np.shape(theta) != (len(model.par_names),):
        raise InputError(
            f"theta has shape {np.shape(theta)}: allowed one value per parameter, "
            f"{len(model.par_names)} ({', '.join(model.par_names)})"
        )
    pars = np.asarray(pyhf_model.config.suggested_init(), dtype=float)
    for name, value in zip(model.par_names, np.asarray(theta, dtype=float), strict=True):
        pars[pyhf_model.config.par_slice(name)] = value
    if model.off is not None:
        nu, _ = model.expected(theta)
        ss_nom = np.where(model.off > 0, model.off, 1.0)
        pars[pyhf_model.config.par_slice("steady_state")] = model.steady_state(nu) / ss_nom
    return pars


def hypotest_cls(name: str | BinnedModel, mu: float, settings: Settings = DEFAULT) -> float:
    """CLs of signal strength ``mu`` with pyhf.infer.hypotest (q~_mu, asymptotics) on the workspace.

    ``name``: a release name or a :class:`BinnedModel`.  pyhf minimises numerically: seconds for
    LAr 2020 (9 parameters), much longer for CsI 2017 (144 steady-state shapefactors).
    """
    import pyhf

    check_nonnegative("mu", mu)
    if np.ndim(mu) != 0:
        raise InputError(f"mu = {mu!r} is not allowed: must be one finite number >= 0")
    model = name if isinstance(name, BinnedModel) else build_model(name, settings)
    ws = pyhf.Workspace(workspace(model))
    model = ws.model()
    return float(pyhf.infer.hypotest(mu, ws.data(model), model, test_stat="qtilde"))
