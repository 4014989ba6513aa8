"""Fits for detectors that are not registered experiments (e.g. a 185 kg NaI or a lower LAr threshold).

:class:`cevnslib.experiments.registry.Experiment` fixes its detector.  The chapters on the LAr fit and the
projections also ask "what if the detector were different?"; these helpers combine
:func:`cevnslib.experiments.rates.response`, the Z' coupling shifts of :mod:`cevnslib.physics.model331` and
:func:`cevnslib.stats.bounds.lower_bound` for any :class:`~cevnslib.experiments.detectors.Detector`, with the same
:class:`~cevnslib.experiments.registry.Settings` as the experiments.  :func:`plot_delta_chi2` draws the
Delta-chi^2 curves of the paper's Figures 5-8 on a given Axes (styles are passed in, so this module
does not import :mod:`cevnslib.book.plotting`).

Because the Z' only shifts the nucleon vector couplings, g_V^{p,n} -> g_V^{p,n} + x dg^{p,n} with
x = (M_Z/M_Z')^2 (Eqs. 42-44 of Binh2021), the events at any x follow from one response per detector.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import ArrayLike

from ..experiments.detectors import Detector
from ..experiments.rates import response
from ..experiments.registry import DEFAULT, Settings, events_x
from ..physics.constants import M_Z
from ..physics.model331 import check_beta
from ..stats.bounds import Bound, delta_chi2_threshold, lower_bound

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..experiments.registry import Combination, Experiment

__all__ = ["detector_events_x", "detector_bound", "plot_delta_chi2"]


def detector_events_x(
    detector: Detector, beta: ArrayLike, x: ArrayLike, settings: Settings = DEFAULT
) -> np.ndarray | float:
    """Expected 331-model events in ``detector`` at x = (M_Z/M_Z')^2 (Eq. 59 with Eqs. 43-44).

    Parameters
    ----------
    detector : Detector
        Any detector (its response is computed once and cached).
    beta : float or ndarray [1]
        The 331 parameter beta (broadcast against ``x``).
    x : float or ndarray [1]
        (M_Z/M_Z')^2; x = 0 is the SM.
    settings : Settings
        Physics choices (s_W^2 schemes, form factor, kinematics, sign of the Z' term, mu_nu).

    Returns
    -------
    float or ndarray [events]

    References
    ----------
    Eqs. (43), (44) and (59) of Binh2021.

    Examples
    --------
    >>> from cevnslib.experiments.detectors import nai_projection
    >>> round(float(detector_events_x(nai_projection(185.0), -1.7320508, 0.0)), 1)
    493.6
    """
    check_beta(beta, settings.sw2)
    return events_x(response(detector, settings.form, settings.kinematics), beta, x, settings)


def detector_bound(
    detector: Detector,
    beta: float,
    chi2_of_events: Callable[[np.ndarray], Any],
    settings: Settings = DEFAULT,
    cl: float = 0.9,
) -> Bound:
    """Lower bound on M_Z' [GeV] for fixed beta from a chi-square of the expected events.

    Parameters
    ----------
    detector : Detector
    beta : float [1]
    chi2_of_events : callable
        Vectorised chi-square of the predicted events, e.g.
        ``lambda n: chi2_projection(n, n_sm, n_sm, 0.1)`` (Eq. 62) or a partial of
        :func:`cevnslib.stats.bounds.chi2_normalisation` (Eq. 61).
    settings : Settings
    cl : float
        Confidence level (Delta-chi^2 = 2.706 at 90%, one parameter).

    Returns
    -------
    Bound
        As :meth:`cevnslib.experiments.registry.Experiment.bound`.

    References
    ----------
    Eqs. (60)-(62) of Binh2021.
    """
    check_beta(beta, settings.sw2)
    return lower_bound(
        lambda x: chi2_of_events(cast(np.ndarray, detector_events_x(detector, beta, x, settings))),
        M_Z,
        cl,
    )


def plot_delta_chi2(
    ax: Axes,
    experiment: Experiment | Combination,
    mzps: ArrayLike,
    betas: dict[str, float],
    styles: dict[str, dict[str, Any]],
    settings: Settings = DEFAULT,
    cl: float = 0.9,
) -> np.ndarray:
    """Draw Delta-chi^2 against M_Z' [TeV] for each beta, with the CL threshold (Figures 5-8 of Binh2021).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    experiment : Experiment
        Supplies :meth:`~cevnslib.experiments.registry.Experiment.delta_chi2_grid`.
    mzps : ndarray [GeV]
        The M_Z' grid (drawn in TeV on a log axis).
    betas : dict
        Curve key -> beta.
    styles : dict
        Curve key -> keyword arguments of ``ax.plot`` (colour, label, line style).
    settings : Settings
    cl : float
        Confidence level of the horizontal line (Delta-chi^2 = 2.706 at 90%).

    Returns
    -------
    ndarray, shape (len(betas), len(mzps))
        The plotted Delta-chi^2 values.
    """
    mzps = np.asarray(mzps, dtype=float)
    dchi2 = experiment.delta_chi2_grid(list(betas.values()), mzps, settings)
    for key, row in zip(betas, dchi2, strict=True):
        ax.plot(mzps / 1e3, row, **styles[key])
    ax.axhline(delta_chi2_threshold(cl), color="k", lw=0.8, ls=":", label=f"{100 * cl:g}% CL")
    ax.set(xscale="log", xlabel=r"$M_{Z'}$ [TeV]", ylabel=r"$\Delta\chi^2$")
    return dchi2
