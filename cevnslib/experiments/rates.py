"""Expected event numbers: flux x cross section x detector (paper Eq. 59).

    N = sum_flavours sum_nuclei N_T Phi int dT eps(T) int dE f(E) dsigma/dT(E, T)

This is the only module that integrates over E_nu and T.  Because the Z' only changes the weak
charge, the integral is done **once** per (detector, nucleus, flavour) for unit weak charge (the
*response* R); any model point then costs N = sum_nuclei Q_W(nucleus)^2 sum_flavours R.  The
magnetic-moment term has its own response, proportional to mu_nu^2.

Integration: Gauss-Legendre panels in T, split at every kink (window edges, efficiency steps,
the kinematic end point of each line), and Gauss-Legendre in E from E_min(T) to the spectrum end
point.  Accuracy better than 1e-6 relative to adaptive quadrature (tests/test_rates.py, benchmark).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np
from numpy.typing import ArrayLike

from ..errors import (
    InputError,
    check_choice,
    check_finite,
    check_instance,
    check_integer,
    check_nonnegative,
    finite_result,
)
from ..physics.cross_sections import (
    KINEMATICS,
    PN_COMPONENTS,
    cevns_unit_charge,
    cevns_unit_components,
    e_min,
    magnetic_moment,
    t_max,
    weak_charge,
)
from ..physics.fluxes import Spectrum
from ..physics.form_factors import FORM_FACTORS
from .detectors import Detector

if TYPE_CHECKING:
    from ..physics.nuclei import Nucleus

__all__ = [
    "Response",
    "response",
    "response_skin",
    "events",
    "events_from_response",
    "recoil_spectrum",
    "N_NODES",
]

#: Gauss-Legendre nodes per panel in T and in E
N_NODES = 40


@dataclass(frozen=True)
class Response:
    """Events per unit weak charge squared, per nucleus (rows) and flavour (columns).

    ``weak``: CEvNS response for Q_W = 1; ``magnetic``: magnetic-moment response for mu_nu = 1 mu_B.
    """

    detector: Detector
    nuclei: tuple[Nucleus, ...]
    flavours: tuple[str, ...]
    weak: np.ndarray
    magnetic: np.ndarray

    @cached_property
    def totals(self) -> tuple[tuple[np.floating, ...], np.floating]:
        """(per nucleus: weak response summed over flavours, the summed magnetic response), summed
        once per response (the event numbers of every model point use them)."""
        return tuple(self.weak.sum(axis=1)), self.magnetic.sum()


def _panels(lo, hi, cuts, n):
    """Gauss-Legendre nodes and weights on [lo, hi], split at ``cuts``."""
    edges = np.unique(np.clip(np.concatenate(([lo, hi], np.asarray(cuts, dtype=float))), lo, hi))
    x, w = np.polynomial.legendre.leggauss(n)
    nodes, weights = [], []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        if b > a:
            nodes.append(0.5 * (b - a) * (x + 1) + a)
            weights.append(0.5 * (b - a) * w)
    if not nodes:
        return np.zeros(0), np.zeros(0)
    return np.concatenate(nodes), np.concatenate(weights)


def _energy_integral(spectrum: Spectrum, recoil, mass, kernel, n):
    """int dE f(E) kernel(T, E) for each T in ``recoil`` (lines plus continuum)."""
    total = np.zeros_like(recoil)
    for e_line, w_line in spectrum.lines:
        total += w_line * kernel(recoil, np.full_like(recoil, e_line))
    if spectrum.pdf is not None:
        x, w = np.polynomial.legendre.leggauss(n)
        lo = np.maximum(e_min(recoil, mass), spectrum.e_min)[:, None]
        hi = spectrum.e_max
        span = np.clip(hi - lo, 0.0, None)
        energy = lo + 0.5 * span * (x + 1)
        energy = np.where(energy > 0, energy, hi)
        total += np.sum(
            0.5 * span * w * spectrum.pdf(energy) * kernel(recoil[:, None], energy), axis=1
        )
    return total


def _end_point(spectrum: Spectrum) -> float:
    return max(
        [e for e, _ in spectrum.lines] + ([spectrum.e_max] if spectrum.pdf is not None else [])
    )


def _integrate(detector: Detector, nucleus, spectrum: Spectrum, kernel, n):
    m = nucleus.mass
    t_end = min(detector.t_hi, float(t_max(_end_point(spectrum), m)))
    if t_end <= detector.t_lo:
        return 0.0
    cuts = list(detector.efficiency.breakpoints()) + [float(t_max(e, m)) for e, _ in spectrum.lines]
    recoil, weight = _panels(detector.t_lo, t_end, cuts, n)
    recoil = np.where(recoil > 0, recoil, 1e-30)
    inner = _energy_integral(spectrum, recoil, m, kernel, n)
    return float(
        detector.n_targets(nucleus)
        * detector.fluence
        * detector.time_fraction(spectrum)
        * np.sum(weight * detector.efficiency(recoil) * inner)
    )


@lru_cache(maxsize=128)
def response(
    detector: Detector, form: str = "helm", kinematics: str = "paper", n: int = N_NODES
) -> Response:
    """Response matrices of ``detector`` (cached; a Detector is hashable)."""
    check_instance("detector", detector, Detector, "see cevnslib.experiments.detectors")
    check_choice("form_factor", form, FORM_FACTORS)
    check_choice("kinematics", kinematics, KINEMATICS)
    check_integer("n", n, 2)
    weak = np.zeros((len(detector.nuclei), len(detector.spectra)))
    mag = np.zeros_like(weak)
    for i, nuc in enumerate(detector.nuclei):
        for j, spec in enumerate(detector.spectra):
            weak[i, j] = _integrate(
                detector,
                nuc,
                spec,
                lambda t, e, nuc=nuc: cevns_unit_charge(t, e, nuc, form, kinematics),
                n,
            )
            mag[i, j] = _integrate(
                detector, nuc, spec, lambda t, e, nuc=nuc: magnetic_moment(t, e, nuc, 1.0, form), n
            )
    weak.setflags(write=False)
    mag.setflags(write=False)
    return Response(
        detector, detector.nuclei, tuple(s.flavour for s in detector.spectra), weak, mag
    )


@lru_cache(maxsize=64)
def response_skin(
    detector: Detector, skins_fm: tuple[float, ...], kinematics: str = "paper", n: int = N_NODES
) -> Response:
    """Response for separate proton and neutron Helm form factors ('helm-skin'), cached.

    ``skins_fm``: R_n - R_p [fm] per nucleus of ``detector`` (same order).  Each nucleus (Z, N) is
    replaced by three pseudo-nuclei (Z, 0), (0, N) and (Z, N) with responses R_pp - R_pn,
    R_nn - R_pn and R_pn, so that the usual sum of Q_W^2 R over nuclei gives exactly
    Z^2 g_p^2 R_pp + 2 Z N g_p g_n R_pn + N^2 g_n^2 R_nn, where R_ab integrates F_a F_b.  Every
    function that takes a :class:`Response` then works unchanged.  The magnetic term (Z^2 F_p^2)
    sits on the (Z, N) entry.
    """
    from ..physics.nuclei import Nucleus as _Nucleus

    check_choice("kinematics", kinematics, KINEMATICS)
    if len(skins_fm) != len(detector.nuclei):
        raise InputError(
            f"skins_fm has {len(skins_fm)} entries; the detector has {len(detector.nuclei)} nuclei"
        )
    nuclei, weak, mag = [], [], []
    for nuc, skin in zip(detector.nuclei, skins_fm, strict=True):
        comp = {
            k: np.array(
                [
                    _integrate(
                        detector,
                        nuc,
                        spec,
                        lambda t, e, nuc=nuc, k=k, skin=skin: cevns_unit_components(
                            t, e, nuc, k, skin, kinematics
                        ),
                        n,
                    )
                    for spec in detector.spectra
                ]
            )
            for k in PN_COMPONENTS
        }
        m = np.array(
            [
                _integrate(
                    detector, nuc, spec, lambda t, e, nuc=nuc: magnetic_moment(t, e, nuc, 1.0), n
                )
                for spec in detector.spectra
            ]
        )
        zero = np.zeros_like(m)
        nuclei += [
            _Nucleus(nuc.name + "[p]", nuc.Z, 0, nuc.mass),
            _Nucleus(nuc.name + "[n]", 0, nuc.N, nuc.mass),
            nuc,
        ]
        weak += [comp["pp"] - comp["pn"], comp["nn"] - comp["pn"], comp["pn"]]
        mag += [zero, zero, m]
    w, g = np.array(weak), np.array(mag)
    w.setflags(write=False)
    g.setflags(write=False)
    return Response(detector, tuple(nuclei), tuple(s.flavour for s in detector.spectra), w, g)


@overload
def events_from_response(
    resp: Response,
    g_p: ArrayLike,
    g_n: ArrayLike,
    mu_nu: float = ...,
    by_flavour: Literal[False] = ...,
) -> np.ndarray | float: ...
@overload
def events_from_response(
    resp: Response, g_p: ArrayLike, g_n: ArrayLike, mu_nu: float = ..., *, by_flavour: Literal[True]
) -> dict[str, np.ndarray | float]: ...
@overload
def events_from_response(
    resp: Response, g_p: ArrayLike, g_n: ArrayLike, mu_nu: float = ..., by_flavour: bool = ...
) -> np.ndarray | float | dict[str, np.ndarray | float]: ...
def events_from_response(
    resp: Response, g_p: ArrayLike, g_n: ArrayLike, mu_nu: float = 0.0, by_flavour: bool = False
) -> np.ndarray | float | dict[str, np.ndarray | float]:
    """Expected events for nucleon couplings (g_V^p, g_V^n) (arrays broadcast) from a response.

    Returns the total, or with ``by_flavour`` a dict {flavour: events} plus 'total'.
    """
    check_nonnegative("mu_nu", mu_nu)
    finite_result("mu_nu", lambda: float(mu_nu) ** 2)  # mu_nu^2 must not overflow
    check_instance("resp", resp, Response, "see cevnslib.experiments.rates.response")
    check_finite("g_p", g_p)
    check_finite("g_n", g_n)
    g_p = np.asarray(g_p, dtype=float)
    g_n = np.asarray(g_n, dtype=float)
    q2 = [
        finite_result("g_p, g_n", lambda nuc=nuc: weak_charge(nuc, g_p, g_n) ** 2)
        for nuc in resp.nuclei
    ]
    if not by_flavour:
        tot = sum(q * r for q, r in zip(q2, resp.weak.sum(axis=1), strict=True))
        return tot + mu_nu**2 * resp.magnetic.sum()
    out: dict[str, Any] = {}
    for j, fl in enumerate(resp.flavours):
        out[fl] = (
            sum(q * resp.weak[i, j] for i, q in enumerate(q2))
            + mu_nu**2 * resp.magnetic[:, j].sum()
        )
    out["total"] = sum(out[fl] for fl in resp.flavours)
    return out


@overload
def events(
    detector: Detector,
    g_p: ArrayLike,
    g_n: ArrayLike,
    mu_nu: float = ...,
    form: str = ...,
    kinematics: str = ...,
    by_flavour: Literal[False] = ...,
) -> np.ndarray | float: ...
@overload
def events(
    detector: Detector,
    g_p: ArrayLike,
    g_n: ArrayLike,
    mu_nu: float = ...,
    form: str = ...,
    kinematics: str = ...,
    *,
    by_flavour: Literal[True],
) -> dict[str, np.ndarray | float]: ...
@overload
def events(
    detector: Detector,
    g_p: ArrayLike,
    g_n: ArrayLike,
    mu_nu: float = ...,
    form: str = ...,
    kinematics: str = ...,
    by_flavour: bool = ...,
) -> np.ndarray | float | dict[str, np.ndarray | float]: ...
def events(
    detector: Detector,
    g_p: ArrayLike,
    g_n: ArrayLike,
    mu_nu: float = 0.0,
    form: str = "helm",
    kinematics: str = "paper",
    by_flavour: bool = False,
) -> np.ndarray | float | dict[str, np.ndarray | float]:
    """Expected events in ``detector`` for nucleon couplings (g_V^p, g_V^n) (paper Eq. 59)."""
    check_instance("detector", detector, Detector, "see cevnslib.experiments.detectors")
    return events_from_response(response(detector, form, kinematics), g_p, g_n, mu_nu, by_flavour)


def recoil_spectrum(
    detector: Detector,
    recoil: ArrayLike,
    g_p: ArrayLike,
    g_n: ArrayLike,
    flavour: str | None = None,
    mu_nu: float = 0.0,
    form: str = "helm",
    kinematics: str = "paper",
    efficiency: bool = True,
) -> np.ndarray:
    """dN/dT [GeV^-1] at the recoil energies ``recoil`` [GeV], summed over nuclei (and flavours unless given)."""
    check_instance("detector", detector, Detector, "see cevnslib.experiments.detectors")
    check_nonnegative("recoil energy T", recoil)
    recoil = np.atleast_1d(np.asarray(recoil, dtype=float))
    flavours = tuple(spec.flavour for spec in detector.spectra)
    if flavour is not None:
        check_choice("flavour", flavour, flavours)
    check_finite("g_p", g_p)
    check_finite("g_n", g_n)
    check_nonnegative("mu_nu", mu_nu)
    check_choice("form_factor", form, FORM_FACTORS)
    check_choice("kinematics", kinematics, KINEMATICS)
    for nuc in detector.nuclei:
        finite_result("g_p, g_n", lambda nuc=nuc: weak_charge(nuc, g_p, g_n) ** 2)
    return finite_result(
        "g_p, g_n, mu_nu",
        lambda: _recoil_spectrum(
            detector, recoil, g_p, g_n, flavour, mu_nu, form, kinematics, efficiency
        ),
    )


def _recoil_spectrum(detector, recoil, g_p, g_n, flavour, mu_nu, form, kinematics, efficiency):
    out = np.zeros_like(recoil)
    for spec in detector.spectra:
        if flavour is not None and spec.flavour != flavour:
            continue
        for nuc in detector.nuclei:

            def kernel(t, e, nuc=nuc):
                return cevns_unit_charge(t, e, nuc, form, kinematics) * weak_charge(
                    nuc, g_p, g_n
                ) ** 2 + (magnetic_moment(t, e, nuc, mu_nu, form) if mu_nu else 0.0)

            safe = np.maximum(recoil, 1e-30)  # T below 1e-30 GeV: evaluated there (1/T overflows)
            out += (
                detector.n_targets(nuc)
                * detector.fluence
                * detector.time_fraction(spec)
                * _energy_integral(spec, safe, nuc.mass, kernel, N_NODES)
            )
    if efficiency:
        out = out * detector.efficiency(recoil)
    return out
