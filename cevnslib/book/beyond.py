"""Helpers for the chapters that go beyond arXiv:2109.08118: exclusion edges on a (beta, M_Z') grid,
Delta-chi^2 with s_W^2 run to the Z' scale, bound tables, and the published numbers of measurements
the book lists but does not fit.

Everything here orchestrates :mod:`cevnslib.experiments` and :mod:`cevnslib.physics.running`; no new physics
input enters except the documented :data:`OTHER_MEASUREMENTS` and :data:`B8_MEAN_ENERGY_MEASURED`.

>>> import numpy as np
>>> delta = np.array([[9.0, 9.0, 0.0, 0.0]])          # excluded below the third mass
>>> lo, hi = top_allowed_band(delta, np.array([100.0, 200.0, 400.0, 800.0]), threshold=4.5)
>>> round(float(lo[0]), 6), float(hi[0])
(282.842712, inf)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from ..experiments.registry import DEFAULT, Settings, get_experiment, self_consistent_bound
from ..experiments.statistics import delta_chi2_threshold
from ..physics.constants import SW2_LOW, SW2_MZ, Parameter
from ..physics.model331 import mass_ratio_squared
from ..physics.running import landau_scale, sw2_msbar

if TYPE_CHECKING:
    import pandas as pd

    from ..experiments.registry import Combination, Experiment

__all__ = [
    "OTHER_MEASUREMENTS",
    "B8_MEAN_ENERGY_MEASURED",
    "top_allowed_band",
    "running_delta_chi2",
    "bound_table",
    "scheme_table",
    "bounds_vs_tan_beta_bar",
    "format_pm",
    "measurements_table",
]

#: published numbers of measurements listed but not fitted
OTHER_MEASUREMENTS = {
    "ge-mini": {
        "n_excess": Parameter(
            20.6, 6.7, "events", "COHERENT:2024gemini", "on-beam excess counts, +7.1/−6.3"
        ),
        "sigma_up": Parameter(
            7.1, 0.0, "events", "COHERENT:2024gemini", "upper error of the excess"
        ),
        "sigma_down": Parameter(
            6.3, 0.0, "events", "COHERENT:2024gemini", "lower error of the excess"
        ),
        "significance": Parameter(
            3.9, 0.0, "sigma", "COHERENT:2024gemini", "significance of the excess"
        ),
    },
    "pandax-b8": {
        "paired_obs": Parameter(
            3.0, 0.0, "events", "PandaX:2024b8", "paired (S1+S2) data: observed"
        ),
        "paired_bkg": Parameter(
            2.8, 0.5, "events", "PandaX:2024b8", "paired data: expected background"
        ),
        "us2_obs": Parameter(332.0, 0.0, "events", "PandaX:2024b8", "US2 (S2-only) data: observed"),
        "us2_bkg": Parameter(
            251.0, 32.0, "events", "PandaX:2024b8", "US2 data: expected background"
        ),
    },
}

#: mean energy of the standard (measured) 8B neutrino spectrum (quoted from the literature)
B8_MEAN_ENERGY_MEASURED = Parameter(
    6.735, 0.036, "MeV", "Bahcall:1996qv", "standard 8B spectrum from laboratory beta-alpha data"
)


def format_pm(value: float, up: float, down: float | None = None) -> str:
    """'v ± e' or 'v +up/−down' with up to 6 significant digits.

    >>> format_pm(306.0, 20.0), format_pm(4.7, 3.6, 2.3)
    ('306 ± 20', '4.7 +3.6/−2.3')
    """
    down = up if down is None else down
    return f"{value:g} ± {up:g}" if up == down else f"{value:g} +{up:g}/−{down:g}"


def measurements_table(names: Iterable[str]) -> pd.DataFrame:
    """The published numbers of the 'ratio' experiments ``names`` plus :data:`OTHER_MEASUREMENTS`, as a DataFrame.

    Columns: unit, observed, SM prediction / background, source (bibliography key), fitted (yes/no).
    Every number is read from :data:`cevnslib.experiments.registry.MEASUREMENTS` or :data:`OTHER_MEASUREMENTS`.
    """
    import pandas as pd

    from ..experiments.registry import MEASUREMENTS

    rows = []
    for n in names:
        m = MEASUREMENTS[n]
        rows.append(
            (
                get_experiment(n).label,
                m["n_obs"].unit,
                format_pm(m["n_obs"].value, m["sigma_obs_up"].value, m["sigma_obs_down"].value),
                format_pm(m["n_pred"].value, m["sigma_pred"].value),
                m["n_obs"].ref,
                "yes",
            )
        )
    gm, px = OTHER_MEASUREMENTS["ge-mini"], OTHER_MEASUREMENTS["pandax-b8"]
    rows.append(
        (
            "COHERENT Ge-Mini (2024)",
            gm["n_excess"].unit,
            f"{format_pm(gm['n_excess'].value, gm['sigma_up'].value, gm['sigma_down'].value)} excess, "
            f"{gm['significance'].value:g}σ",
            "—",
            gm["n_excess"].ref,
            "no",
        )
    )
    rows.append(
        (
            "PandaX-4T solar 8B (2024)",
            px["us2_obs"].unit,
            f"paired {px['paired_obs'].value:g}; US2 {px['us2_obs'].value:g}",
            f"bkg {format_pm(px['paired_bkg'].value, px['paired_bkg'].uncertainty)}; "
            f"{format_pm(px['us2_bkg'].value, px['us2_bkg'].uncertainty)}",
            px["us2_obs"].ref,
            "no",
        )
    )
    cols = ["measurement", "unit", "observed", "SM prediction / background", "source", "fitted"]
    return pd.DataFrame(rows, columns=cols).set_index("measurement")


def _crossing(m1, d1, m2, d2, thr):
    """Mass [GeV] where Delta-chi^2 = thr between (m1, d1) and (m2, d2), linear in ln M."""
    t = (thr - d1) / (d2 - d1)
    return float(np.exp(np.log(m1) + t * (np.log(m2) - np.log(m1))))


def top_allowed_band(
    delta: ArrayLike, mzps: ArrayLike, threshold: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Edges of the highest-mass allowed M_Z' band in each row of a Delta-chi^2 grid.

    Parameters
    ----------
    delta : ndarray, shape (n_beta, n_mass)
        Delta-chi^2 from :meth:`cevnslib.experiments.registry.Experiment.delta_chi2_grid`.
    mzps : ndarray, shape (n_mass,) [GeV]
        Increasing Z' masses of the grid columns.
    threshold : float, optional
        Delta-chi^2 that separates allowed (<=) from excluded; default the 90% CL value 2.706.

    Returns
    -------
    lower, upper : ndarray [GeV]
        ``lower`` is the lower bound on M_Z' (the largest excluded mass below the band, interpolated
        in ln M; ``mzps[0]`` if the band reaches the grid's lowest mass); ``upper`` is ``inf`` when the
        highest grid mass is allowed (the SM side is allowed) and the band's upper edge otherwise (the
        SM is excluded, as for LAr 2020 with the paper's threshold).  Both are NaN if nothing is allowed.
    """
    thr = delta_chi2_threshold(0.9) if threshold is None else threshold
    delta = np.atleast_2d(np.asarray(delta, dtype=float))
    m = np.asarray(mzps, dtype=float)
    lower = np.full(delta.shape[0], np.nan)
    upper = np.full(delta.shape[0], np.nan)
    for i, row in enumerate(delta):
        ok = np.flatnonzero(row <= thr)
        if ok.size == 0:
            continue
        top = ok[-1]
        upper[i] = (
            np.inf
            if top == m.size - 1
            else _crossing(m[top], row[top], m[top + 1], row[top + 1], thr)
        )
        bad_below = np.flatnonzero(row[:top] > thr)
        if bad_below.size == 0:
            lower[i] = m[0]
        else:
            j = bad_below[-1]
            lower[i] = _crossing(m[j], row[j], m[j + 1], row[j + 1], thr)
    return lower, upper


def running_delta_chi2(
    experiment: Experiment | Combination, beta: float, mzps: ArrayLike, settings: Settings = DEFAULT
) -> np.ndarray:
    """Delta-chi^2 versus M_Z' with s_W^2 inside f(beta) run to mu = M_Z' (one-loop MS-bar).

    Each mass is evaluated with ``sw2 = sw2_msbar(M_Z')`` (:func:`cevnslib.physics.running.sw2_msbar`); masses
    at or above the U(1)_X Landau pole of ``beta`` give NaN.  Delta-chi^2 is taken relative to the
    smaller of the minimum over the finite masses and the SM (x = 0, which does not depend on sw2).

    Parameters
    ----------
    experiment : Experiment or Combination
    beta : float
    mzps : array_like [GeV]
    settings : Settings
        Every choice except ``sw2``, which is overridden per mass.

    Returns
    -------
    ndarray
        Delta-chi^2 at each mass (NaN at and above the pole).
    """
    m = np.atleast_1d(np.asarray(mzps, dtype=float))
    pole = landau_scale(beta)
    chi2 = np.full(m.shape, np.nan)
    for k, mk in enumerate(m):
        if mk < pole:
            s = settings.with_(sw2=float(sw2_msbar(mk)))
            chi2[k] = float(np.squeeze(experiment.chi2_x(beta, mass_ratio_squared(mk), s)))
    c_sm = float(np.squeeze(experiment.chi2_x(beta, 0.0, settings)))
    return chi2 - min(np.nanmin(chi2) if np.any(np.isfinite(chi2)) else np.inf, c_sm)


def bound_table(
    names: Iterable[str], betas: dict[str, float], settings: Settings = DEFAULT, scale: float = 1e-3
) -> pd.DataFrame:
    """90% CL lower bounds on M_Z' for several experiments and betas, as a pandas DataFrame.

    ``names``: experiment keys (:data:`cevnslib.experiments.registry.EXPERIMENTS`); ``betas``: label -> beta.
    Values are M_Z' bounds times ``scale`` (default: TeV).  Rows: experiment labels; columns: beta labels.
    """
    import pandas as pd

    rows = {
        get_experiment(n).label: [
            get_experiment(n).bound(b, settings).mzp_min * scale for b in betas.values()
        ]
        for n in names
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(betas))


def scheme_table(
    names: Iterable[str], betas: dict[str, float], settings: Settings = DEFAULT, scale: float = 1e-3
) -> pd.DataFrame:
    """Bounds with s_W^2 inside f(beta) = s^2(0), s^2(M_Z), and s^2(M_Z') run self-consistently.

    Returns a DataFrame indexed by (experiment label, beta label) with columns 's2(0)', 's2(MZ)',
    's2(MZ\\')' (bounds times ``scale``, default TeV) and 'pole' (True when the running bound is the
    Landau pole of beta: no M_Z' below the pole survives).
    """
    import pandas as pd

    rows = []
    for n in names:
        e = get_experiment(n)
        for key, b in betas.items():
            run, _, pole = self_consistent_bound(e, b, settings)
            rows.append(
                (
                    e.label,
                    key,
                    e.bound(b, settings.with_(sw2=SW2_LOW)).mzp_min * scale,
                    e.bound(b, settings.with_(sw2=SW2_MZ)).mzp_min * scale,
                    run * scale,
                    bool(pole),
                )
            )
    df = pd.DataFrame(rows, columns=["experiment", "beta", "s2(0)", "s2(MZ)", "s2(MZ')", "pole"])
    return df.set_index(["experiment", "beta"])


def bounds_vs_tan_beta_bar(
    experiment: Experiment | Combination,
    betas: ArrayLike,
    tan_beta_bars: Sequence[float],
    mzps: ArrayLike,
    settings: Settings = DEFAULT,
) -> np.ndarray:
    """Lower bounds [GeV] on M_Z' versus tan(beta-bar) (Z-Z' mixing extension), from Delta-chi^2 grids.

    Returns an array of shape (len(tan_beta_bars), len(betas)); the bound is the lower edge of the
    highest allowed band on the ``mzps`` grid (see :func:`top_allowed_band`), so its resolution is the
    grid spacing and a bound below ``mzps[0]`` is reported as ``mzps[0]``.
    """
    betas = np.asarray(betas, dtype=float)
    out = np.empty((len(tan_beta_bars), betas.size))
    for k, t in enumerate(tan_beta_bars):
        grid = experiment.delta_chi2_grid(betas, mzps, settings.with_(tan_beta_bar=float(t)))
        out[k] = top_allowed_band(grid, mzps)[0]
    return out
