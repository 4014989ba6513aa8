"""Experiments: a detector, its measured (or projected) numbers, and its chi-square.

:class:`Settings` collects every physics choice that moves a number (s_W^2 scheme, SM couplings,
form factor, kinematic term, CsI window, flavour term, Z-Z' mixing, sign of the Z' term); the
defaults are the choices documented in the book.  :class:`Experiment` turns (beta, M_Z') into
event numbers, chi-squares and 90% CL lower bounds.  Everything is vectorised: a (beta, M_Z')
grid of 10^6 points costs a few array operations, because the neutrino and recoil integrals are
done once per detector (:func:`cevnslib.experiments.rates.response`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal, cast, overload

import numpy as np
from numpy.typing import ArrayLike

from ..errors import (
    InputError,
    check_choice,
    check_in_range,
    check_instance,
    check_nonnegative,
    check_positive,
    finite_result,
)
from ..physics.constants import M_Z, SW2_LOW, SW2_MZ, Parameter
from ..physics.cross_sections import KINEMATICS, weak_charge
from ..physics.form_factors import FORM_FACTORS
from ..physics.model331 import (
    GENERATION1,
    SM_SCHEMES,
    check_beta,
    mass_ratio_squared,
    nucleon_coupling_shifts,
    sm_nucleon_couplings,
)
from .detectors import CSI_WINDOWS, Detector, csi2017, get_detector
from .rates import Response, events_from_response, response
from .statistics import Bound, chi2_csi, chi2_normalisation, chi2_projection, lower_bound

__all__ = [
    "Settings",
    "DEFAULT",
    "Experiment",
    "Combination",
    "EXPERIMENTS",
    "get_experiment",
    "experiment_names",
    "MEASUREMENTS",
    "chi2_ratio",
    "events_x",
    "weak_charges_x",
    "self_consistent_bound",
]


@dataclass(frozen=True)
class Settings:
    """Physics choices.  Defaults reproduce the paper as documented in the book.

    sw2 : s_W^2 inside f(beta) and the Z' couplings (default MS-bar at Q -> 0, 0.23857)
    sw2_sm : s_W^2 in the SM couplings g_V^p = 1/2 - 2 s_W^2 (tree scheme)
    sm_scheme : 'tree' or 'radiative' SM nucleon couplings
    form : nuclear form factor ('helm', 'helm-ls', 'klein-nystrand')
    kinematics : 'paper' keeps 1 - M T/2E^2 only; 'full' adds -T/E
    csi_window : 'coherent' (6-30 PE), 'table2' (T >= 6.5 keVnr, <= 30 PE), 'efficiency-only'
    v31 : |(V_dL)_31| in the flavour term (0 as in the paper's fits)
    tan_beta_bar : Z-Z' mixing extension (None: no mixing, as in the paper)
    zp_sign : +1 the derived sign of the Z' term; -1 the sign implied by the paper's Table 3, row 2
    mu_nu : neutrino magnetic moment in Bohr magnetons (0: the paper's fits)
    generation1 : representation of the first quark generation, 'triplet' (default) or 'antitriplet'
    """

    sw2: float = SW2_LOW
    sw2_sm: float = SW2_LOW
    sm_scheme: str = "tree"
    form: str = "helm"
    kinematics: str = "paper"
    csi_window: str = "coherent"
    v31: float = 0.0
    tan_beta_bar: float | None = None
    zp_sign: int = 1
    mu_nu: float = 0.0
    generation1: str = "triplet"

    def __post_init__(self) -> None:
        check_in_range("sw2", self.sw2, 0.0, 0.5)
        check_in_range("sw2_sm", self.sw2_sm, 0.0, 0.5)
        check_choice("sm_scheme", self.sm_scheme, SM_SCHEMES)
        check_choice("form_factor", self.form, FORM_FACTORS)
        check_choice("kinematics", self.kinematics, KINEMATICS)
        check_choice("csi_window", self.csi_window, CSI_WINDOWS)
        check_in_range("v31", self.v31, 0.0, 1.0, closed=True)
        check_choice("zp_sign", self.zp_sign, (1, -1))
        check_nonnegative("mu_nu", self.mu_nu)
        check_choice("generation1", self.generation1, GENERATION1)
        if self.tan_beta_bar is not None:
            check_nonnegative("tan_beta_bar", self.tan_beta_bar)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


DEFAULT = Settings()

#: defaults of the projection chi-square (Eq. 62); the book shows sigma_xi 5-20% and B_ss/N_SM 0-3
PROJECTION_DEFAULTS = {
    "sigma_xi": Parameter(
        0.10, 0.0, "1", "Binh2021", "systematic normalisation (LOW: the paper's value is lost)"
    ),
    "b_over_s": Parameter(
        1.0, 0.0, "1", "Binh2021", "steady background B_ss / N_SM (LOW: the paper's value is lost)"
    ),
}

#: measured numbers and chi-square inputs, each with its source
MEASUREMENTS = {
    "csi2017": {
        "n_meas": Parameter(
            142.0, 0.0, "events", "Akimov2017", "beam-on coincidence counts in the chi^2 of Eq. 60"
        ),
        "b_on": Parameter(6.0, 0.0, "events", "Akimov2017", "beam-on (prompt neutron) background"),
        "b_ss": Parameter(
            405.0,
            0.0,
            "events",
            "Akimov2017",
            "steady-state background from the anti-coincidence window",
        ),
        "sigma_alpha": Parameter(
            0.28,
            0.0,
            "1",
            "Akimov2017",
            "signal normalisation (flux 10%, QF 25%, form factor 5%, acceptance 5%)",
        ),
        "sigma_beta": Parameter(0.25, 0.0, "1", "Akimov2017", "beam-on background normalisation"),
        "n_fit": Parameter(134.0, 22.0, "events", "Akimov2017", "fitted CEvNS events"),
        "n_sm_published": Parameter(
            173.0, 48.0, "events", "Akimov2017", "COHERENT's SM prediction"
        ),
    },
    "lar2020": {
        "n_meas": Parameter(
            159.0,
            43.0,
            "events",
            "COHERENT:2020iec",
            "best-fit CEvNS events, Analysis A (stat+syst)",
        ),
        "n_sm_published": Parameter(
            128.0, 17.0, "events", "COHERENT:2020iec", "COHERENT's SM prediction"
        ),
        "b_brn": Parameter(
            553.0, 34.0, "events", "COHERENT:2020iec", "prompt beam-related neutrons (best fit)"
        ),
        "b_brn_delayed": Parameter(
            10.0, 11.0, "events", "COHERENT:2020iec", "delayed beam-related neutrons (best fit)"
        ),
        "b_ss": Parameter(
            3131.0,
            23.0,
            "events",
            "COHERENT:2020iec",
            "steady-state background (not in the paper's sigma_stat)",
        ),
        "sigma_a": Parameter(
            0.13,
            0.0,
            "1",
            "COHERENT:2020iec",
            "normalisation: 17/128 of COHERENT's SM prediction (MED; the paper's value is lost)",
        ),
    },
    # the paper's Eq. 62 inputs are lost: one documented default shared by both projections
    "ge-projection": PROJECTION_DEFAULTS,
    "nai-projection": PROJECTION_DEFAULTS,
    # --- beyond the paper: published counts or signal strengths, used through a counting chi-square
    "csi2021": {
        "n_obs": Parameter(
            306.0, 20.0, "events", "COHERENT:2021xmm", "fitted CEvNS events, full CsI dataset (MED)"
        ),
        "sigma_obs_up": Parameter(
            20.0, 0.0, "events", "COHERENT:2021xmm", "uncertainty of the fitted events"
        ),
        "sigma_obs_down": Parameter(
            20.0, 0.0, "events", "COHERENT:2021xmm", "uncertainty of the fitted events"
        ),
        "n_pred": Parameter(
            341.0,
            43.4,
            "events",
            "COHERENT:2021xmm",
            "SM prediction, 11 (th) + 42 (exp) in quadrature",
        ),
        "sigma_pred": Parameter(43.4, 0.0, "events", "COHERENT:2021xmm", "sqrt(11^2 + 42^2)"),
    },
    "ge2026": {
        "n_obs": Parameter(
            1.00,
            0.10,
            "sigma/sigma_SM",
            "COHERENT:2026ge",
            "measured/SM cross section (124 +14/-12 counts)",
        ),
        "sigma_obs_up": Parameter(0.10, 0.0, "1", "COHERENT:2026ge", "statistical"),
        "sigma_obs_down": Parameter(0.10, 0.0, "1", "COHERENT:2026ge", "statistical"),
        "n_pred": Parameter(1.0, 0.0, "1", "COHERENT:2026ge", "SM by definition"),
        "sigma_pred": Parameter(0.10, 0.0, "1", "COHERENT:2026ge", "systematic, on the prediction"),
    },
    "conus-plus": {
        "n_obs": Parameter(395.0, 106.0, "events", "CONUS:2025plus", "observed CEvNS events"),
        "sigma_obs_up": Parameter(
            106.0,
            0.0,
            "events",
            "CONUS:2025plus",
            "upper uncertainty of the observed events (395 +- 106)",
        ),
        "sigma_obs_down": Parameter(
            106.0,
            0.0,
            "events",
            "CONUS:2025plus",
            "lower uncertainty of the observed events (395 +- 106)",
        ),
        "n_pred": Parameter(347.0, 59.0, "events", "CONUS:2025plus", "SM prediction"),
        "sigma_pred": Parameter(
            59.0,
            0.0,
            "events",
            "CONUS:2025plus",
            "uncertainty of the SM prediction (347 +- 59 events)",
        ),
    },
    "xenonnt-b8": {
        "n_obs": Parameter(
            4.7,
            0.0,
            "1e6 /cm^2/s",
            "XENON:2024b8",
            "8B flux measured via CEvNS assuming the SM, +3.6 -2.3",
        ),
        "sigma_obs_up": Parameter(
            3.6,
            0.0,
            "1e6 /cm^2/s",
            "XENON:2024b8",
            "upper uncertainty of the measured 8B flux (+3.6)",
        ),
        "sigma_obs_down": Parameter(
            2.3,
            0.0,
            "1e6 /cm^2/s",
            "XENON:2024b8",
            "lower uncertainty of the measured 8B flux (-2.3)",
        ),
        "n_pred": Parameter(
            5.25,
            0.20,
            "1e6 /cm^2/s",
            "SNO:2011b8",
            "SNO 8B flux (neutral current), independent of CEvNS",
        ),
        "sigma_pred": Parameter(
            0.20, 0.0, "1e6 /cm^2/s", "SNO:2011b8", "uncertainty of the SNO neutral-current 8B flux"
        ),
    },
}


def _check_settings(settings) -> None:
    check_instance("settings", settings, Settings, "see cevnslib.experiments.registry.Settings")


def chi2_ratio(
    ratio: ArrayLike,
    n_obs: float,
    sigma_up: float,
    sigma_down: float,
    n_pred: float,
    sigma_pred: float,
) -> np.ndarray | float:
    """Counting chi-square for a published count (or signal strength) and SM prediction.

    chi^2 = (n_obs - R n_pred)^2 / (sigma_obs^2 + R^2 sigma_pred^2), R = N_331/N_SM; sigma_obs is
    the upper error when the prediction lies above the observation, the lower one otherwise.
    """
    for name, value in (
        ("ratio", ratio),
        ("n_obs", n_obs),
        ("sigma_up", sigma_up),
        ("sigma_down", sigma_down),
        ("n_pred", n_pred),
        ("sigma_pred", sigma_pred),
    ):
        check_nonnegative(name, value)
    ratio = np.asarray(ratio, dtype=float)

    def chi2():
        pred = ratio * n_pred
        sigma = np.where(pred > n_obs, sigma_up, sigma_down)
        var = sigma**2 + (ratio * sigma_pred) ** 2
        if np.any(~(var > 0)):
            raise InputError("the chi-square variance must be > 0: give positive uncertainties")
        return (n_obs - pred) ** 2 / var

    return finite_result("the ratio chi-square inputs", chi2)


def weak_charges_x(
    resp: Response, beta: ArrayLike, settings: Settings = DEFAULT
) -> list[tuple[Any, Any]]:
    """Per nucleus of a response: (Q_W^SM, dQ_W/dx), x = (M_Z/M_Z')^2 (Eqs. 43, 44, 53); dQ broadcasts over beta."""
    check_instance("resp", resp, Response, "see cevnslib.experiments.rates.response")
    _check_settings(settings)
    g_p, g_n = sm_nucleon_couplings(settings.sw2_sm, settings.sm_scheme)
    dp, dn = nucleon_coupling_shifts(
        beta, settings.sw2, settings.v31, settings.tan_beta_bar, settings.generation1
    )
    return [
        (weak_charge(nuc, g_p, g_n), settings.zp_sign * weak_charge(nuc, dp, dn))
        for nuc in resp.nuclei
    ]


def events_x(
    resp: Response, beta: ArrayLike, x: ArrayLike, settings: Settings = DEFAULT
) -> np.ndarray | float:
    """331-model events from a response at x = (M_Z/M_Z')^2: sum over nuclei R (Q_SM + x dQ)^2 (Eq. 59).

    The one place where a model point becomes an event number; any detector's response works.
    """
    check_instance("resp", resp, Response, "see cevnslib.experiments.rates.response")
    check_nonnegative("x", x)  # x = (M_Z/M_Z')^2 >= 0; 0 is the SM
    x = np.asarray(x, dtype=float)
    charges = weak_charges_x(resp, beta, settings)

    def total():
        tot = sum(
            r * (q + x * dq) ** 2 for r, (q, dq) in zip(resp.weak.sum(axis=1), charges, strict=True)
        )
        return tot + settings.mu_nu**2 * resp.magnetic.sum()

    return finite_result("x = (M_Z/M_Z')^2", total)


class _Fits:
    """Bounds and grids for anything with ``chi2_x(beta, x, settings)``."""

    chi2_x: Callable[
        ..., np.ndarray | float
    ]  # provided by the subclass (annotation only: no attribute is set)

    def bound(self, beta: float, settings: Settings = DEFAULT, cl: float = 0.9) -> Bound:
        """90% CL (by default) lower bound on M_Z' for fixed beta, by root finding in x = (M_Z/M_Z')^2."""
        _check_settings(settings)
        check_beta(beta, settings.sw2)
        return lower_bound(lambda x: self.chi2_x(beta, x, settings), M_Z, cl)

    def delta_chi2_grid(
        self, betas: ArrayLike, mzps: ArrayLike, settings: Settings = DEFAULT
    ) -> np.ndarray:
        """Delta-chi^2 on a (beta, M_Z') grid, relative to the minimum over M_Z' (and the SM) per beta."""
        check_beta(betas, settings.sw2)
        if np.ndim(betas) != 1 or np.ndim(mzps) != 1:
            raise InputError("betas and mzps must be one-dimensional arrays (the grid's two axes)")
        betas = np.asarray(betas, dtype=float)[:, None]
        check_positive("mzp", mzps)
        x = cast(np.ndarray, mass_ratio_squared(np.asarray(mzps, dtype=float)))[None, :]
        c = cast(np.ndarray, self.chi2_x(betas, x, settings))  # 2-D grid: always an array
        c_sm = self.chi2_x(betas, 0.0 * betas, settings)
        return c - np.minimum(c.min(axis=1, keepdims=True), c_sm)


@dataclass(frozen=True)
class Experiment(_Fits):
    """A detector with its chi-square.

    ``statistic``: 'csi' (Eq. 60), 'normalisation' (Eq. 61), 'projection' (Eq. 62, Asimov SM data) or
    'ratio' (beyond the paper: a published count and SM prediction; events are normalised to that
    prediction and only N_331/N_SM comes from the detector proxy).
    ``inputs``: overrides of the :data:`MEASUREMENTS` values (e.g. ``{"sigma_xi": 0.05}``).
    """

    name: str
    label: str
    statistic: str
    kind: str = "measurement"
    inputs: tuple[tuple[str, float], ...] = ()

    # ---------------------------------------------------------------- detector and responses
    def detector(self, settings: Settings = DEFAULT) -> Detector:
        if self.name == "csi2017":
            return csi2017(settings.csi_window)
        return get_detector(self.name)

    def response(self, settings: Settings = DEFAULT) -> Response:
        return response(self.detector(settings), settings.form, settings.kinematics)

    def value(self, key: str) -> float:
        """An input of the chi-square (override or :data:`MEASUREMENTS`)."""
        over = dict(self.inputs)
        if key in over:
            return float(over[key])
        return MEASUREMENTS[self.name][key].value

    def with_inputs(self, **inputs: float) -> Experiment:
        for k, v in inputs.items():
            if k not in MEASUREMENTS[self.name]:
                raise InputError(
                    f"input {k!r} is not known for {self.name}; allowed: {', '.join(MEASUREMENTS[self.name])}"
                )
            check_nonnegative(k, v)
        return replace(self, inputs=tuple({**dict(self.inputs), **inputs}.items()))

    # ---------------------------------------------------------------- event numbers
    def _scale(self, settings: Settings) -> float:
        """1, or published SM prediction / raw SM events for 'ratio' experiments."""
        _check_settings(settings)
        if self.statistic != "ratio":
            return 1.0
        g_p, g_n = sm_nucleon_couplings(settings.sw2_sm, settings.sm_scheme)
        return self.value("n_pred") / float(events_from_response(self.response(settings), g_p, g_n))

    @overload
    def n_sm(
        self, settings: Settings = ..., by_flavour: Literal[False] = ...
    ) -> np.ndarray | float: ...
    @overload
    def n_sm(
        self, settings: Settings = ..., *, by_flavour: Literal[True]
    ) -> dict[str, np.ndarray | float]: ...
    @overload
    def n_sm(
        self, settings: Settings = ..., by_flavour: bool = ...
    ) -> np.ndarray | float | dict[str, np.ndarray | float]: ...
    def n_sm(
        self, settings: Settings = DEFAULT, by_flavour: bool = False
    ) -> np.ndarray | float | dict[str, np.ndarray | float]:
        _check_settings(settings)
        g_p, g_n = sm_nucleon_couplings(settings.sw2_sm, settings.sm_scheme)
        out: Any = events_from_response(
            self.response(settings), g_p, g_n, settings.mu_nu, by_flavour
        )
        k = self._scale(settings)
        return {f: v * k for f, v in out.items()} if by_flavour else out * k

    def _charges(self, beta, settings):
        """The response and, per nucleus, (Q_SM, dQ/dx) (see :func:`weak_charges_x`)."""
        resp = self.response(settings)
        return resp, weak_charges_x(resp, beta, settings)

    def n_model_x(
        self, beta: ArrayLike, x: ArrayLike, settings: Settings = DEFAULT
    ) -> np.ndarray | float:
        """Events at x = (M_Z/M_Z')^2 (broadcast against beta)."""
        return events_x(self.response(settings), beta, x, settings) * self._scale(settings)

    @overload
    def n_model(
        self,
        beta: ArrayLike,
        mzp: ArrayLike,
        settings: Settings = ...,
        by_flavour: Literal[False] = ...,
    ) -> np.ndarray | float: ...
    @overload
    def n_model(
        self,
        beta: ArrayLike,
        mzp: ArrayLike,
        settings: Settings = ...,
        *,
        by_flavour: Literal[True],
    ) -> dict[str, np.ndarray | float]: ...
    @overload
    def n_model(
        self, beta: ArrayLike, mzp: ArrayLike, settings: Settings = ..., by_flavour: bool = ...
    ) -> np.ndarray | float | dict[str, np.ndarray | float]: ...
    def n_model(
        self,
        beta: ArrayLike,
        mzp: ArrayLike,
        settings: Settings = DEFAULT,
        by_flavour: bool = False,
    ) -> np.ndarray | float | dict[str, np.ndarray | float]:
        """Expected events in the 331 model at (beta, M_Z' [GeV]) (arrays broadcast)."""
        check_beta(beta, settings.sw2)
        x = mass_ratio_squared(mzp)
        if not by_flavour:
            return self.n_model_x(beta, x, settings)
        resp, charges = self._charges(beta, settings)
        out: dict[str, Any] = {}
        for j, fl in enumerate(resp.flavours):
            out[fl] = sum(resp.weak[i, j] * (q + x * dq) ** 2 for i, (q, dq) in enumerate(charges))
            out[fl] = (out[fl] + settings.mu_nu**2 * resp.magnetic[:, j].sum()) * self._scale(
                settings
            )
        out["total"] = sum(out[fl] for fl in resp.flavours)
        return out

    # ---------------------------------------------------------------- statistics
    def chi2(self, n_th: ArrayLike, settings: Settings = DEFAULT) -> np.ndarray | float:
        """Chi-square of this experiment for predicted events ``n_th``."""
        v = self.value
        if self.statistic == "csi":
            return chi2_csi(
                n_th, v("n_meas"), v("b_on"), v("b_ss"), v("sigma_alpha"), v("sigma_beta")
            )
        if self.statistic == "normalisation":
            sigma_stat = np.sqrt(v("n_meas") + v("b_brn") + v("b_brn_delayed"))
            return chi2_normalisation(n_th, v("n_meas"), sigma_stat, v("sigma_a"))
        n_sm = self.n_sm(settings)
        if self.statistic == "ratio":
            return chi2_ratio(
                np.asarray(n_th) / n_sm,
                v("n_obs"),
                v("sigma_obs_up"),
                v("sigma_obs_down"),
                v("n_pred"),
                v("sigma_pred"),
            )
        return chi2_projection(n_th, n_sm, v("b_over_s") * n_sm, v("sigma_xi"))

    def chi2_model(
        self, beta: ArrayLike, mzp: ArrayLike, settings: Settings = DEFAULT
    ) -> np.ndarray | float:
        return self.chi2(self.n_model(beta, mzp, settings), settings)

    def chi2_x(
        self, beta: ArrayLike, x: ArrayLike, settings: Settings = DEFAULT
    ) -> np.ndarray | float:
        """Chi-square at x = (M_Z/M_Z')^2 (broadcast against beta)."""
        return self.chi2(self.n_model_x(beta, x, settings), settings)


@dataclass(frozen=True)
class Combination(_Fits):
    """Several independent experiments: their chi-squares add."""

    name: str
    label: str
    members: tuple[str, ...]
    kind: str = "combination"
    statistic: str = "sum"

    def chi2_x(
        self, beta: ArrayLike, x: ArrayLike, settings: Settings = DEFAULT
    ) -> np.ndarray | float:
        return sum(get_experiment(m).chi2_x(beta, x, settings) for m in self.members)


EXPERIMENTS = {
    "csi2017": Experiment("csi2017", "COHERENT CsI[Na] 2017", "csi"),
    "lar2020": Experiment("lar2020", "COHERENT LAr 2020 (CENNS-10)", "normalisation"),
    "ge-projection": Experiment("ge-projection", "Ge projection", "projection", kind="projection"),
    "nai-projection": Experiment(
        "nai-projection", "NaI projection", "projection", kind="projection"
    ),
    "csi2021": Experiment(
        "csi2021", "COHERENT CsI[Na] full dataset (2021)", "ratio", kind="measurement (new)"
    ),
    "ge2026": Experiment("ge2026", "COHERENT Ge (2026)", "ratio", kind="measurement (new)"),
    "conus-plus": Experiment(
        "conus-plus", "CONUS+ reactor (2025)", "ratio", kind="measurement (new)"
    ),
    "xenonnt-b8": Experiment(
        "xenonnt-b8", "XENONnT solar 8B (2024)", "ratio", kind="measurement (new)"
    ),
    "combined-2020": Combination(
        "combined-2020", "CsI 2017 + LAr 2020 (the paper's data)", ("csi2017", "lar2020")
    ),
    "combined": Combination(
        "combined",
        "CsI 2021 + LAr 2020 + Ge 2026 + CONUS+ + XENONnT",
        ("csi2021", "lar2020", "ge2026", "conus-plus", "xenonnt-b8"),
    ),
}


def experiment_names() -> tuple[str, ...]:
    return tuple(EXPERIMENTS)


def get_experiment(name: str) -> Experiment:
    """The experiment registered as ``name``; unknown names raise an error listing the known ones."""
    check_choice("experiment", name, EXPERIMENTS)
    return EXPERIMENTS[name]


def self_consistent_bound(
    experiment: Experiment | Combination,
    beta: float,
    settings: Settings | None = None,
    cl: float = 0.9,
    iterations: int = 30,
) -> tuple[float, float, bool]:
    """Bound with s_W^2 inside f(beta) taken at mu = M_Z' itself: iterate M -> bound(s_W^2(M)).

    Returns (bound [GeV], s_W^2 at the bound, reached_pole).  If the iteration runs into the Landau
    pole, no M_Z' below the pole is allowed: the result is (pole scale, 1/(1+beta^2), True).
    """
    from ..physics.running import landau_scale, sw2_msbar  # scipy.optimize: imported on first use

    settings = settings or DEFAULT
    m = experiment.bound(beta, settings.with_(sw2=SW2_MZ), cl).mzp_min
    for _ in range(iterations):
        pole = landau_scale(beta)
        if m >= pole:
            return pole, 1.0 / (1.0 + beta**2), True
        sw2 = float(sw2_msbar(m))
        m_new = experiment.bound(beta, settings.with_(sw2=sw2), cl).mzp_min
        if abs(m_new - m) < 1e-6 * m:
            return m_new, sw2, False
        m = m_new
    raise InputError(
        f"beta = {beta:g}: the self-consistent bound did not converge in {iterations} iterations"
    )
