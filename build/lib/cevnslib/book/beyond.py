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

from ..errors import InputError
from ..experiments.interpretation import matching_scale_band, model_bound
from ..experiments.registry import DEFAULT, Settings, get_experiment, self_consistent_bound
from ..physics.constants import M_Z, SW2_LOW, SW2_MZ, Parameter
from ..physics.model331 import mass_ratio_squared, w_from_mzp
from ..physics.running import landau_scale, sw2_msbar
from ..stats.bounds import delta_chi2_threshold

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
    "LEP2_CONTACT_LIMITS",
    "electron_zp_chiral",
    "lep2_bound",
    "lep2_landau_exclusion",
    "bilepton_to_zp_mass_ratio",
    "BILEPTON_BOUNDS",
    "bilepton_confrontation",
    "lep2_bound_running",
    "other_bounds_at",
    "csi2017_observed_expected",
    "lep2_curve",
    "NOT_MEANINGFUL",
    "model_bound_table",
    "w_scheme_table",
    "matching_band_table",
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

    names = list(names)
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
            "PandaX-4T solar 8B (2024)" + (", counts" if "pandax-b8" in names else ""),
            px["us2_obs"].unit,
            f"paired {px['paired_obs'].value:g}; US2 {px['us2_obs'].value:g}",
            f"bkg {format_pm(px['paired_bkg'].value, px['paired_bkg'].uncertainty)}; "
            f"{format_pm(px['us2_bkg'].value, px['us2_bkg'].uncertainty)}",
            px["us2_obs"].ref,
            "as the flux (pandax-b8)" if "pandax-b8" in names else "no",
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
        SM is excluded, as for LAr 2020 with the paper's double threshold and Eq. 61 as printed, the
        non-default ``Settings(lar_window="table2", lar_stat="paper", lar_time_window="all")``).  Both are NaN if nothing is
        allowed.
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
            s = settings.with_(sw2=float(sw2_msbar(max(mk, M_Z))))  # running from M_Z up
            chi2[k] = float(np.squeeze(experiment.chi2_x(beta, mass_ratio_squared(mk), s)))
    c_sm = float(np.squeeze(experiment.chi2_x(beta, 0.0, settings)))
    return chi2 - min(np.nanmin(chi2) if np.any(np.isfinite(chi2)) else np.inf, c_sm)


def bound_table(
    names: Iterable[str],
    betas: dict[str, float],
    settings: Settings = DEFAULT,
    scale: float = 1e-3,
    flag: bool = False,
) -> pd.DataFrame:
    """90% CL lower bounds on M_Z' for several experiments and betas, as a pandas DataFrame.

    ``names``: experiment keys (:data:`cevnslib.experiments.registry.EXPERIMENTS`); ``betas``: label -> beta.
    Values are M_Z' bounds times ``scale`` (default: TeV).  Rows: experiment labels; columns: beta labels.
    With ``flag=True`` an entry whose w is of order v ((v/w)^2 > 0.1, see
    :func:`cevnslib.experiments.interpretation.model_bound`) becomes the string
    ':data:`NOT_MEANINGFUL` (value)'.
    """
    import pandas as pd

    def entry(e, b):
        if not flag:
            return e.bound(b, settings).mzp_min * scale
        mb = model_bound(e, b, settings)
        value = mb.mzp_min * scale
        return value if mb.meaningful else f"{NOT_MEANINGFUL} ({value:.3g})"

    rows = {
        get_experiment(n).label: [entry(get_experiment(n), b) for b in betas.values()]
        for n in names
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(betas))


#: how a table marks a bound whose w is of order v (the leading-order relations fail)
NOT_MEANINGFUL = "no meaningful constraint"


def model_bound_table(
    names: Iterable[str], betas: dict[str, float], settings: Settings = DEFAULT
) -> pd.DataFrame:
    """Bounds on M_Z', w and the bilepton mass M_Y (GeV) with the validity flag, per experiment and beta.

    Indexed by (experiment label, beta label); columns 'M_Z\' [GeV]', 'w [GeV]', 'M_Y [GeV]',
    'meaningful' and 'reason' (see :func:`cevnslib.experiments.interpretation.model_bound`).
    """
    import pandas as pd

    rows = []
    for n in names:
        e = get_experiment(n)
        for key, b in betas.items():
            mb = model_bound(e, b, settings)
            rows.append(
                (e.label, key, mb.mzp_min, mb.w_min, mb.bilepton_mass_min, mb.meaningful,
                 mb.reason or "")
            )  # fmt: skip
    cols = ["experiment", "beta", "M_Z' [GeV]", "w [GeV]", "M_Y [GeV]", "meaningful", "reason"]
    return pd.DataFrame(rows, columns=cols).set_index(["experiment", "beta"])


def w_scheme_table(
    names: Iterable[str], betas: dict[str, float], settings: Settings = DEFAULT
) -> pd.DataFrame:
    """M_Z' and w bounds (GeV) for s_W^2 in f(beta) = s^2(0), s^2(M_Z), s^2(M_Z') (run self-consistently).

    The M_Z' bound moves with the scheme through f(beta); w does not, because f cancels in the Z'
    shift.  At the Landau pole (running scheme, 'pole' True) w is NaN: f = 0 there.
    Columns: 'M_Z\' s2(0)', 'M_Z\' s2(MZ)', 'M_Z\' s2(MZ\')', 'w s2(0)', 'w s2(MZ)', 'w s2(MZ\')',
    'w spread' (max/min - 1 over the finite w), 'pole'.
    """
    import pandas as pd

    rows = []
    for n in names:
        e = get_experiment(n)
        for key, b in betas.items():
            m0 = e.bound(b, settings.with_(sw2=SW2_LOW)).mzp_min
            mz = e.bound(b, settings.with_(sw2=SW2_MZ)).mzp_min
            run, s_run, pole = self_consistent_bound(e, b, settings)
            ws = [float(w_from_mzp(m0, b, SW2_LOW)), float(w_from_mzp(mz, b, SW2_MZ))]
            ws.append(np.nan if pole else float(w_from_mzp(run, b, s_run)))
            finite = [w for w in ws if np.isfinite(w)]
            rows.append((e.label, key, m0, mz, run, *ws, max(finite) / min(finite) - 1, bool(pole)))
    cols = ["experiment", "beta", "M_Z' s2(0)", "M_Z' s2(MZ)", "M_Z' s2(MZ')", "w s2(0)",
            "w s2(MZ)", "w s2(MZ')", "w spread", "pole"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols).set_index(["experiment", "beta"])


def matching_band_table(
    names: Iterable[str], betas: dict[str, float], settings: Settings = DEFAULT
) -> pd.DataFrame:
    """Theory band [low, high] (GeV) of the M_Z' bound from matching s_W^2 anywhere in [M_Y, M_Z'].

    See :func:`cevnslib.experiments.interpretation.matching_scale_band`; 'pole' marks a band end that
    is the U(1)_X Landau pole.
    """
    import pandas as pd

    rows = []
    for n in names:
        e = get_experiment(n)
        for key, b in betas.items():
            band = matching_scale_band(e, b, settings)
            rows.append(
                (e.label, key, band["low"], band["high"],
                 bool(band["pole_bilepton"] or band["pole_zprime"]))
            )  # fmt: skip
    cols = ["experiment", "beta", "low [GeV]", "high [GeV]", "pole"]
    return pd.DataFrame(rows, columns=cols).set_index(["experiment", "beta"])


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


# ----------------------------------------------------------------------------------------------
# LEP-II e+e- -> l+l- contact interactions translated into an M_Z' bound per beta
# ----------------------------------------------------------------------------------------------
#: 95% CL lower limits [TeV] on the contact-interaction scale Lambda for e+e- -> l+l- (l = mu, tau,
#: with lepton universality), LEP combination (LEP EW working group, arXiv:1302.3415, Table 3.15).
#: Convention of that paper: L_eff = [g^2 / ((1 + delta) Lambda^2)] sum_{ij} eta_ij (e-bar_i gamma e_i)
#: (l-bar_j gamma l_j) with g^2/(4 pi) = 1, delta = 0 for l != e; 'minus'/'plus' are eta = -1/+1.
#: Models: LL, RR (one helicity pair), VV (eta_LL = eta_RR = eta_LR = eta_RL), AA (eta_LL = eta_RR =
#: -eta_LR = -eta_RL).  Uncertain: the numbers were entered without the table at hand; check each
#: against Table 3.15 before relying on them (the bound scales linearly with Lambda).
LEP2_CONTACT_LIMITS = {
    model: {
        "minus": Parameter(
            lm, 0.0, "TeV", "LEP:2013ewwg", "Lambda^- of this model, e+e- -> l+l- (unverified)"
        ),
        "plus": Parameter(
            lp, 0.0, "TeV", "LEP:2013ewwg", "Lambda^+ of this model, e+e- -> l+l- (unverified)"
        ),
    }
    for model, lm, lp in (
        ("LL", 8.7, 11.8),
        ("RR", 8.6, 11.3),
        ("VV", 16.2, 20.0),
        ("AA", 13.5, 15.6),
    )
}


def electron_zp_chiral(beta: ArrayLike, sw2: float = SW2_LOW) -> tuple[np.ndarray, np.ndarray]:
    """Chiral Z' charges (c_L, c_R) of the charged leptons, in units of g/c_W (c = (g_V +- g_A)/2).

    From :func:`cevnslib.physics.model331.zp_couplings` ('e'); raises InputError unless |beta| < cot(theta_W).

    >>> cl, cr = electron_zp_chiral(-3**0.5, 0.23857)
    >>> round(float(cl), 3), round(float(cr), 3)
    (-1.994, -1.933)
    """
    from ..physics.model331 import zp_couplings

    g_v, g_a = zp_couplings("e", beta, sw2)
    return 0.5 * (np.asarray(g_v) + np.asarray(g_a)), 0.5 * (np.asarray(g_v) - np.asarray(g_a))


def lep2_bound(
    beta: ArrayLike, sw2: float = SW2_LOW, detail: bool = False
) -> np.ndarray | float | dict[str, np.ndarray]:
    """Lower bound [GeV] on M_Z' from the LEP-II e+e- -> l+l- contact-interaction limits, per beta.

    Below the pole, Z' exchange in e+e- -> l+l- (l = mu, tau: delta = 0) is the contact term
    L = -(g^2/c_W^2) (c_i^e c_j^l / M_Z'^2) (e-bar_i gamma e_i)(l-bar_j gamma l_j) (from integrating
    out L = (g/c_W) c_i psi-bar_i gamma psi_i Z', metric +---), so matching to the LEP convention
    4 pi eta / Lambda^2 (g^2/4pi = 1) gives, for one model m with chiral weight kappa_m,

        M_Z' >= Lambda_m^{eta} sqrt(kappa_m g^2 / (4 pi c_W^2)) = Lambda_m sqrt(alpha kappa_m / (s_W^2 c_W^2)),
        eta = -sign(kappa_m),

    with lepton universality c^l = c^e and kappa_LL = c_L^2, kappa_RR = c_R^2, kappa_VV = (g_V/2)^2,
    kappa_AA = (g_A/2)^2 (the exact decomposition c_i c_j = (g_V/2)^2 VV + (g_A/2)^2 AA + (g_V g_A/4)
    (LL - RR)).  The bound returned is the strongest single-model bound: an estimate, not a fit of the
    LEP data (operators are not combined).  alpha = alpha(M_Z) (MS-bar, 1/127.951); s_W^2 = ``sw2``
    both in f(beta) and in g^2/c_W^2.

    Documented values where the coupling degenerates:

    * |beta| >= cot(theta_W) (f(beta) <= 0: at or beyond the U(1)_X Landau pole, the couplings
      diverge as 1/sqrt f): ``inf`` -- no M_Z' is allowed (the model does not exist there);
    * all kappa_m = 0 (no coupling to charged leptons): 0.0 -- no bound.  This does not happen for
      real beta: c_R = beta s_W^2/sqrt f and c_L(beta = 0) = -c_W/(2 sqrt3) never vanish together.

    Parameters
    ----------
    beta : float or array_like
    sw2 : float
        s_W^2 inside f(beta) and in the Z' coupling (default s^2(0) = 0.23857, as the CEvNS fits).
    detail : bool
        If True return {'bound': ..., 'LL': ..., 'RR': ..., 'VV': ..., 'AA': ...} (GeV per model).

    Returns
    -------
    float or ndarray [GeV]

    >>> round(float(lep2_bound(-3**0.5)) / 1e3, 1)   # beta = -sqrt3: far above the Landau pole (~4 TeV)
    6.6
    >>> float(lep2_bound(-2.0))                       # |beta| > cot(theta_W) = 1.787
    inf
    """
    from ..errors import check_in_range
    from ..physics.model331 import beta_max
    from ..physics.running import ALPHA_MZ_INV

    check_in_range("sw2", sw2, 0.0, 1.0)
    b = np.asarray(beta, dtype=float)
    if not np.all(np.isfinite(b)):
        raise InputError(f"beta = {beta!r} is not allowed: must be finite")
    inside = np.abs(b) < beta_max(sw2)
    inside &= (1.0 - (1.0 + b**2) * sw2) > 0
    c_l, c_r = electron_zp_chiral(np.where(inside, b, 0.0), sw2)
    kappa = {
        "LL": c_l**2,
        "RR": c_r**2,
        "VV": (0.5 * (c_l + c_r)) ** 2,
        "AA": (0.5 * (c_l - c_r)) ** 2,
    }
    scale = np.sqrt(1.0 / ALPHA_MZ_INV / (sw2 * (1.0 - sw2)))
    per_model = {}
    for m, k in kappa.items():
        lam = LEP2_CONTACT_LIMITS[m]["minus"].value * 1e3  # kappa >= 0: eta = -1
        per_model[m] = np.where(inside, lam * scale * np.sqrt(k), np.inf)
    bound = np.maximum.reduce(list(per_model.values()))
    if detail:
        return {"bound": bound, **per_model}
    return bound if bound.ndim else float(bound)


def lep2_landau_exclusion(beta: float, sw2: float = SW2_LOW) -> dict[str, float | bool]:
    """LEP-II bound against the U(1)_X Landau pole of ``beta``: excluded if the bound lies above it.

    Returns {'lep2_gev', 'landau_gev', 'excluded'}; the pole uses one-loop MS-bar running
    (:func:`cevnslib.physics.running.landau_scale`), the LEP-II bound the fixed ``sw2``.  This is
    the statement of Buras:2013dea that LEP-II rules out beta = -sqrt3 (same convention as the book).
    """
    lep = float(lep2_bound(beta, sw2))
    pole = landau_scale(beta)
    return {"lep2_gev": lep, "landau_gev": pole, "excluded": bool(lep >= pole)}


# ----------------------------------------------------------------------------------------------
# bileptons: the CEvNS bound on M_Z' read as a bound on the doubly charged bilepton mass
# ----------------------------------------------------------------------------------------------
def bilepton_to_zp_mass_ratio(beta: ArrayLike, sw2: float = SW2_LOW) -> np.ndarray | float:
    """M_Y / M_Z' = sqrt(3 f(beta)) / (2 c_W) at leading order in v/w (book conventions).

    With <chi> = (0, 0, w/sqrt2): M_Y^2 = g^2 w^2/4 (off-diagonal generators) and
    M_Z'^2 = w^2 (g^2 + beta^2 g_X'^2)/3 = g^2 c_W^2 w^2 / (3 f) (T8 = -1/sqrt3 and X = beta/sqrt3 on
    chi_3; g_X'^2 = g^2 t_W^2/(1 - beta^2 t_W^2) from matching the hypercharge), so
    M_Y^2/M_Z'^2 = 3 f / (4 c_W^2).  For |beta| = sqrt3 the bileptons are doubly charged.

    >>> round(float(bilepton_to_zp_mass_ratio(3**0.5, 0.23857)), 4)
    0.2122
    """
    from ..physics.model331 import check_beta, f_beta

    check_beta(beta, sw2)
    return np.sqrt(3.0 * f_beta(beta, sw2)) / (2.0 * np.sqrt(1.0 - sw2))


#: LHC bound on the doubly charged vector bilepton of the |beta| = sqrt3 (bilepton) model
BILEPTON_BOUNDS = {
    "LHC doubly charged bilepton (ATLAS H++ reinterpreted)": Parameter(
        1300.0,
        0.0,
        "GeV",
        "Corcella:2023bilepton",
        "M_Y++ > 1.3 TeV from a reinterpretation of the ATLAS doubly-charged Higgs search in "
        "multi-lepton final states (139/fb); |beta| = sqrt3 bilepton model, vector-like quarks included",
    ),
}


def bilepton_confrontation(
    experiment: str = "csi2017", beta: float = -(3.0**0.5), settings: Settings = DEFAULT
) -> dict[str, float]:
    """The CEvNS lower bound on M_Z' as a bound on M_Y, beside the LHC bilepton bound.

    Returns {'mzp_bound_gev', 'ratio', 'my_bound_gev', 'lhc_my_gev', 'lhc_mzp_equiv_gev'}: the LHC
    M_Y bound translated into M_Z' = M_Y / ratio, at s_W^2 = ``settings.sw2``.
    """
    mzp = get_experiment(experiment).bound(beta, settings).mzp_min
    ratio = float(bilepton_to_zp_mass_ratio(beta, settings.sw2))
    lhc = next(iter(BILEPTON_BOUNDS.values())).value
    return {
        "mzp_bound_gev": mzp,
        "ratio": ratio,
        "my_bound_gev": mzp * ratio,
        "lhc_my_gev": lhc,
        "lhc_mzp_equiv_gev": lhc / ratio,
    }


def lep2_bound_running(beta: float, iterations: int = 50) -> tuple[float, float, bool]:
    """LEP-II bound with s_W^2 in f(beta) and in g^2/c_W^2 taken at mu = M_Z' itself.

    Iterates M -> :func:`lep2_bound` (beta, s_W^2(M)) (one-loop MS-bar, starting from s^2(M_Z)).
    Returns (bound [GeV], s_W^2 at the bound, reached_pole); if the iteration reaches the Landau pole
    of ``beta``, no M_Z' below the pole survives and (pole, 1/(1 + beta^2), True) is returned (the
    documented value: LEP-II excludes the model).
    """
    m = float(lep2_bound(beta, SW2_MZ))
    pole = landau_scale(beta)
    for _ in range(iterations):
        if not m < pole:
            return pole, 1.0 / (1.0 + beta**2), True
        sw2 = float(sw2_msbar(max(m, M_Z)))
        m_new = float(lep2_bound(beta, sw2))
        if abs(m_new - m) < 1e-6 * m:
            return m_new, sw2, False
        m = m_new
    raise InputError(f"beta = {beta:g}: the running LEP-II bound did not converge")


def other_bounds_at(beta_key: str, sw2: float = SW2_LOW) -> dict[str, float]:
    """The other bounds [GeV] that apply at the benchmark ``beta_key`` (a key of BENCHMARK_BETAS).

    Each entry of :data:`cevnslib.book.published.OTHER_BOUNDS` is drawn only where it applies
    (:meth:`~cevnslib.book.published.OtherBound.applies_to`); per-beta bounds are computed here
    (LEP-II: :func:`lep2_bound`, ``inf`` where the model is excluded outright).

    >>> sorted(other_bounds_at("-sqrt3"))
    ['LEP-II']
    """
    from ..errors import check_choice
    from ..physics.model331 import BENCHMARK_BETAS
    from .published import OTHER_BOUNDS

    check_choice("beta", beta_key, BENCHMARK_BETAS)
    funcs = {"lep2_bound": lep2_bound}
    out = {}
    for label, ob in OTHER_BOUNDS.items():
        if not ob.applies_to(beta_key):
            continue
        out[label] = (
            float(funcs[ob.per_beta](BENCHMARK_BETAS[beta_key], sw2))
            if ob.per_beta
            else ob.bound.value
        )
    return out


def csi2017_observed_expected(beta: float, settings: Settings = DEFAULT) -> dict[str, float]:
    """CsI 2017: SM prediction, data-SM deficit, and the observed and expected (Asimov) bounds [GeV].

    The expected bound replaces the beam-on counts by N_SM + B_on (data = SM), everything else as
    in Eq. (60).  Returns {'n_sm', 'n_signal_obs' (= N_meas - B_on), 'deficit' (= 1 - signal/N_SM),
    'observed_gev', 'expected_gev'}.
    """
    e = get_experiment("csi2017")
    n_sm = float(e.n_sm(settings))
    b_on = e.value("b_on")
    signal = e.value("n_meas") - b_on
    asimov = e.with_inputs(n_meas=n_sm + b_on)
    return {
        "n_sm": n_sm,
        "n_signal_obs": signal,
        "deficit": 1.0 - signal / n_sm,
        "observed_gev": e.bound(beta, settings).mzp_min,
        "expected_gev": asimov.bound(beta, settings).mzp_min,
    }


def lep2_curve(n: int = 201, sw2: float = SW2_LOW) -> dict[str, np.ndarray]:
    """Per-beta data for the LEP-II curve: beta on (-cot(theta_W), cot(theta_W)), n points.

    Returns {'beta', 'bound' (fixed ``sw2``), 'LL', 'RR', 'VV', 'AA' (single-model bounds),
    'landau' (U(1)_X pole, one-loop running), 'running' (bound with s_W^2(M_Z'); the pole where
    the iteration reaches it), 'excluded' (True where no M_Z' below the pole survives)}, GeV.
    """
    from ..errors import check_in_range
    from ..physics.model331 import beta_max

    check_in_range("n", n, 3, 100001, closed=True)
    edge = beta_max(sw2) * (1.0 - 1e-6)
    betas = np.linspace(-edge, edge, int(n))
    out: dict[str, np.ndarray] = {"beta": betas}
    detail = lep2_bound(betas, sw2, detail=True)
    assert isinstance(detail, dict)
    out.update(detail)
    run = [lep2_bound_running(float(b)) for b in betas]
    out["landau"] = np.array([landau_scale(float(b)) for b in betas])
    out["running"] = np.array([r[0] for r in run])
    out["excluded"] = np.array([r[2] for r in run])
    return out
