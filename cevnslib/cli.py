"""Command-line interface: ``python -m cevnslib <command> [options] [--json]``.

Commands: ``experiments``, ``couplings``, ``events``, ``bound``, ``scan``, ``fit``, ``workspace``,
``limits``.
Invalid input exits with status 2 and one line on stderr naming the parameter and the allowed
values; so does a missing COHERENT data release (naming ``CEVNSLIB_DATA`` and the release).  Output
is strict JSON; ``bound`` reports an ``outcome`` (see :func:`bound_outcome`), ``scan`` a
``boundary_outcome`` per beta (see :func:`scan_outcomes`).  M_Z' below :data:`MZP_FLOOR_GEV` and
scans above :data:`MAX_GRID_POINTS` points are refused.  A closed pipe ends quietly (exit 1);
another failed write prints one line (exit 1).  Ctrl-C ends quietly with status 130, also while the
command is still importing (:mod:`cevnslib.__main__`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import warnings
from collections.abc import Sequence

import numpy as np

from . import __version__
from .data.releases import ReleaseModified, ReleaseUnavailable
from .errors import InputError
from .experiments.detectors import (
    CSI_QUENCHING,
    CSI_TIME_WINDOWS,
    CSI_WINDOWS,
    LAR_TIME_WINDOWS,
    LAR_WINDOWS,
)
from .experiments.registry import (
    DEFAULT,
    EXPERIMENTS,
    LAR_STATS,
    SOLAR_NC,
    TOY_SEED,
    Settings,
    get_experiment,
)
from .physics.constants import SW2_LOW, SW2_MZ
from .physics.cross_sections import KINEMATICS
from .physics.form_factors import FORM_FACTORS, SKIN_FORMS
from .physics.model331 import (
    SM_SCHEMES,
    beta_max,
    check_beta,
    f_beta,
    gx_over_g,
    mass_ratio_squared,
    nucleon_coupling_shifts,
    sm_nucleon_couplings,
    zp_couplings_table,
)
from .stats.bounds import CONVENTIONS
from .stats.bounds import MZP_SEARCH_FLOOR as SEARCH_FLOOR_GEV

__all__ = [
    "main",
    "build_parser",
    "MZP_FLOOR_GEV",
    "MAX_GRID_POINTS",
    "bound_outcome",
    "scan_outcomes",
]

#: smallest M_Z' [GeV] the CLI accepts: the Z' exchange is treated as a contact interaction
#: (M_Z'^2 >> |q^2| ~ (0.1 GeV)^2 at the SNS), and (M_Z/M_Z')^2 must stay far from float overflow
MZP_FLOOR_GEV = 1.0
#: largest (beta points) x (M_Z' points) a scan accepts: the grid is computed in chunks of rows,
#: but its JSON text (~10 bytes a point) is held in memory
MAX_GRID_POINTS = 4_000_000
#: rows of the (beta, M_Z') grid computed at once (bounds the working memory of a scan)
_CHUNK_POINTS = 250_000
#: pseudo-experiments of the expected band when --toys is not given
DEFAULT_TOYS = 1000
#: smallest confidence level accepted (Delta-chi^2 = 1.6e-6 at one parameter; below it the
#: allowed region is narrower than the numerical resolution of the search)
CL_MIN = 0.001
#: f(beta) = 1 - (1 + beta^2) s_W^2 below which beta counts as at the Landau pole (g_X/g > 10^3)
_POLE_F = 1e-6
#: a negative number, also in exponent form (-1e-3) or non-finite (-inf): a value, not an option
_NEGATIVE_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^-(inf|infinity|nan)$", re.I)

EPILOG = f"""defaults reproduce the paper (arXiv:2109.08118) as documented in the book:
  --sw2 {SW2_LOW} (MS-bar at Q->0) inside f(beta) and the Z' couplings; {SW2_MZ} is the MS-bar value at M_Z
  SM couplings g_V^p = 1/2 - 2 sw2_sm, g_V^n = -1/2 (tree) ; Helm form factor ; kinematic factor 1 - M T/2E^2
  CsI window 6-30 PE (COHERENT's analysis region) ; 90% CL = Delta-chi^2 2.706 (one parameter)
  LAr: release acceptance alone (--lar-window acceptance), N_th in COHERENT's -0.1-4.9 us window
  (--lar-time-window), COHERENT's +-43 as sigma_stat (--lar-stat)
allowed beta: |beta| < cot(theta_W) = {beta_max(SW2_LOW):.4f} at the default sw2 (Landau pole)"""


BETA_HELP = (
    f"331 parameter beta, |beta| < cot(theta_W) = {beta_max(SW2_LOW):.4f} at the default sw2"
)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)  # --exp is not --experiment
        super().__init__(*args, **kwargs)
        # argparse takes '-1e-3' for an option; a negative number in any form is a value here
        self._negative_number_matcher = _NEGATIVE_NUMBER

    def error(self, message):  # one readable line naming the allowed values, exit status 2
        sys.stderr.write(f"cevnslib: error: {_one_line(message)}{self._allowed(message)}\n")
        sys.exit(2)

    def _allowed(self, message) -> str:
        """The help (allowed values) of every option the message names."""
        hints: list[str] = []
        if any(w in message for w in ("choose from", "allowed", "must be")):
            return ""  # the message already names the allowed values
        for action in self._actions:
            named = [o for o in action.option_strings if re.search(rf"{re.escape(o)}\b", message)]
            if named and action.help and action.help != argparse.SUPPRESS:
                allowed = (
                    f"one of: {', '.join(map(str, action.choices))}"
                    if action.choices
                    else action.help
                )
                hints.append(f"{named[0]}: {allowed}".replace("%%", "%"))
        if not hints and "unrecognized arguments" in message:
            hints.append(f"see '{self.prog} --help'")
        return f" ({'; '.join(hints)})" if hints else ""


def _one_line(message) -> str:
    return " ".join(str(message).splitlines()) or "invalid input"


def _finite(name):
    def conv(text):
        try:
            v = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} = {text!r} is not a number") from None
        if not math.isfinite(v):
            raise argparse.ArgumentTypeError(
                f"{name} = {text!r} is not allowed: must be a finite number"
            )
        return v

    return conv


def _positive(name):
    conv = _finite(name)

    def pos(text):
        v = conv(text)
        if v <= 0:
            raise argparse.ArgumentTypeError(
                f"{name} = {text} is not allowed: must be a finite number > 0"
            )
        return v

    return pos


def _mass(name):
    conv = _positive(name)

    def mass(text):
        v = conv(text)
        if v < MZP_FLOOR_GEV:
            raise argparse.ArgumentTypeError(
                f"{name} = {text} GeV is not allowed: must be >= {MZP_FLOOR_GEV:g} GeV "
                "(the Z' is treated as a contact interaction)"
            )
        return v

    return mass


def _cl(text):
    """A confidence level in [CL_MIN, 1): below CL_MIN the Delta-chi^2 (< 2e-6) is below the
    numerical resolution of a bound."""
    v = _finite("cl")(text)
    if not CL_MIN <= v < 1.0:
        raise argparse.ArgumentTypeError(
            f"cl = {text} is outside the allowed range [{CL_MIN:g}, 1) (a confidence level)"
        )
    return v


def _count(name, lo, hi):
    def conv(text):
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} = {text!r} is not an integer") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(
                f"{name} = {v} is outside the allowed range [{lo}, {hi}]"
            )
        return v

    return conv


def _add_settings(p, experiment=True):
    if experiment:
        p.add_argument(
            "--experiment",
            required=True,
            metavar="NAME",
            choices=tuple(EXPERIMENTS),
            help=f"one of: {', '.join(EXPERIMENTS)}",
        )
    p.add_argument(
        "--sw2",
        type=_finite("sw2"),
        default=DEFAULT.sw2,
        help=f"s_W^2 inside f(beta) and the Z' couplings (default {DEFAULT.sw2})",
    )
    p.add_argument(
        "--sw2-sm",
        type=_finite("sw2-sm"),
        default=None,
        help=f"s_W^2 in the SM nucleon couplings, --sm-scheme tree only (default {DEFAULT.sw2_sm})",
    )
    p.add_argument(
        "--sm-scheme",
        default=DEFAULT.sm_scheme,
        choices=SM_SCHEMES,
        metavar="S",
        help=f"SM nucleon couplings: {', '.join(SM_SCHEMES)} (default {DEFAULT.sm_scheme})",
    )
    p.add_argument(
        "--v31",
        type=_finite("v31"),
        default=DEFAULT.v31,
        help="|(V_dL)_31| flavour term (default 0)",
    )
    p.add_argument(
        "--tan-beta-bar",
        type=_finite("tan-beta-bar"),
        default=None,
        help="Z-Z' mixing extension, tan(beta-bar) = v_rho/v_eta (default: no mixing)",
    )
    if experiment:
        p.add_argument(
            "--form-factor",
            default=DEFAULT.form,
            choices=tuple(FORM_FACTORS),
            metavar="F",
            help=f"{', '.join(FORM_FACTORS + SKIN_FORMS)} (default {DEFAULT.form})",
        )
        p.add_argument(
            "--kinematics",
            default=DEFAULT.kinematics,
            choices=tuple(KINEMATICS),
            metavar="K",
            help=f"{', '.join(KINEMATICS)} (default {DEFAULT.kinematics})",
        )
        p.add_argument(
            "--csi-window",
            default=None,
            choices=tuple(CSI_WINDOWS),
            metavar="W",
            help=f"{', '.join(CSI_WINDOWS)}; experiments with CsI 2017 only (default {DEFAULT.csi_window})",
        )
        p.add_argument(
            "--csi-quenching",
            default=DEFAULT.csi_quenching,
            metavar="Q",
            help=f"csi2017 quenching: {', '.join(CSI_QUENCHING)} (default {DEFAULT.csi_quenching})",
        )
        p.add_argument(
            "--solar-nc",
            default=DEFAULT.solar_nc,
            metavar="N",
            help=f"SNO NC normalisation of xenonnt-b8/pandax-b8: {', '.join(SOLAR_NC)} "
            f"(default {DEFAULT.solar_nc})",
        )
        p.add_argument(
            "--lar-window",
            default=None,
            metavar="W",
            help=f"{', '.join(LAR_WINDOWS)} (default {DEFAULT.lar_window}; 'table2' adds the "
            "paper's 20 keVnr cut on top of the acceptance)",
        )
        p.add_argument(
            "--lar-stat",
            default=None,
            metavar="S",
            help=f"LAr sigma_stat: {', '.join(LAR_STATS)} (default {DEFAULT.lar_stat}: COHERENT's "
            "+-43; 'steady-state' the conservative counting error; 'paper' Eq. 61 as printed)",
        )
        p.add_argument(
            "--lar-time-window",
            default=DEFAULT.lar_time_window,
            metavar="T",
            help=f"LAr arrival times of N_th: {', '.join(LAR_TIME_WINDOWS)} (default "
            f"{DEFAULT.lar_time_window}: -0.1 < t_trig < 4.9 us, the window of COHERENT's counts)",
        )
        p.add_argument(
            "--csi-time-window",
            default=None,
            metavar="T",
            help=f"CsI 2017 arrival times of N_th in Eq. 60: {', '.join(CSI_TIME_WINDOWS)} (default "
            f"{DEFAULT.csi_time_window}, the paper's; 'release': 0-6 us, the window of N_meas and "
            "B_ss); experiments with CsI 2017 only",
        )
    p.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m cevnslib",
        description=__doc__.splitlines()[0],
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cevnslib {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser(
        "experiments",
        help="list the experiments",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")

    p = sub.add_parser(
        "couplings",
        help="f(beta), SM nucleon couplings and their Z' shifts",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--beta", type=_finite("beta"), required=True, help=BETA_HELP)
    p.add_argument(
        "--mzp",
        type=_mass("mzp"),
        default=1000.0,
        help=f"M_Z' in GeV, >= {MZP_FLOOR_GEV:g} (default 1000)",
    )
    _add_settings(p, experiment=False)

    p = sub.add_parser(
        "events",
        help="expected CEvNS events, SM and 331",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--beta", type=_finite("beta"), default=None, help=BETA_HELP + " (with --mzp)")
    p.add_argument(
        "--mzp",
        type=_mass("mzp"),
        default=None,
        help=f"M_Z' in GeV, >= {MZP_FLOOR_GEV:g} (with --beta)",
    )
    _add_settings(p)

    p = sub.add_parser(
        "bound",
        help="lower bound on M_Z' at a confidence level",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--beta", type=_finite("beta"), required=True, help=BETA_HELP)
    p.add_argument(
        "--cl", type=_cl, default=0.9, help=f"confidence level in [{CL_MIN:g}, 1) (default 0.9)"
    )
    p.add_argument(
        "--convention",
        default="two-sided",
        metavar="C",
        help=f"{', '.join(CONVENTIONS)}, fc (default two-sided: Delta-chi^2 = 2.706 at 90%% CL, the "
        "paper's; one-sided: 1.642; cls: asymptotic CLs, Cowan et al. 2011; fc: Feldman-Cousins "
        "thresholds from pseudo-experiments, for every counting experiment and combination "
        "(csi2017: Poisson toys of Eq. 60; the others: Gaussian toys of their chi-square) and "
        "every binned likelihood; the JSON adds the Wilks bound and its coverage)",
    )
    p.add_argument(
        "--toys",
        type=_count("toys", 10, 100000),
        default=None,
        help=f"pseudo-experiments for the expected +-1, +-2 sigma bands, 10-100000 (default "
        f"{DEFAULT_TOYS}; binned: the stored toys of the release when --toys and --seed are not "
        "given; fc counting: per tested mass, 20000, combinations 4000)",
    )
    p.add_argument(
        "--seed",
        type=_count("seed", 0, 2**63 - 1),
        default=None,
        help=f"seed of the pseudo-experiments (default {TOY_SEED})",
    )
    p.add_argument(
        "--jobs",
        type=_count("jobs", 1, 64),
        default=1,
        help="worker processes for the pseudo-experiments of a binned likelihood (1-64, default 1; "
        "the same numbers for any)",
    )
    p.add_argument(
        "--quiet", action="store_true", help="no progress bar on stderr (shown only on a terminal)"
    )
    _add_settings(p)
    _add_likelihood(p)

    p = sub.add_parser(
        "scan",
        help="Delta-chi^2 on a (beta, M_Z') grid and the 90%% CL boundary",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--beta-points",
        type=_count("beta-points", 2, 10000),
        default=101,
        help=f"2-10000 (default 101); beta-points x mzp-points <= {MAX_GRID_POINTS:,}",
    )
    p.add_argument(
        "--mzp-points",
        type=_count("mzp-points", 2, 10000),
        default=101,
        help=f"2-10000 (default 101); beta-points x mzp-points <= {MAX_GRID_POINTS:,}",
    )
    p.add_argument(
        "--mzp-min",
        type=_mass("mzp-min"),
        default=100.0,
        help=f"GeV, >= {MZP_FLOOR_GEV:g} (default 100)",
    )
    p.add_argument("--mzp-max", type=_mass("mzp-max"), default=10000.0, help="GeV (default 10000)")
    p.add_argument(
        "--cl", type=_cl, default=0.9, help=f"confidence level in [{CL_MIN:g}, 1) (default 0.9)"
    )
    p.add_argument("--no-grid", action="store_true", help="omit the grid, print only the boundary")
    _add_settings(p)
    _add_likelihood(p)
    _add_release_commands(sub)
    _add_limits_command(sub)
    return parser


def _uses_csi2017(name: str) -> bool:
    e = EXPERIMENTS[name]
    return name == "csi2017" or "csi2017" in getattr(e, "members", ())


def _settings(args) -> Settings:
    if args.sw2_sm is not None and args.sm_scheme != "tree":
        raise InputError(
            f"sw2-sm = {args.sw2_sm} does not apply to --sm-scheme {args.sm_scheme} "
            "(fixed radiatively corrected couplings); allowed only with --sm-scheme tree"
        )
    kw = dict(
        sw2=args.sw2,
        sw2_sm=DEFAULT.sw2_sm if args.sw2_sm is None else args.sw2_sm,
        sm_scheme=args.sm_scheme,
        v31=args.v31,
        tan_beta_bar=args.tan_beta_bar,
    )
    if hasattr(args, "form_factor"):
        if args.csi_window is not None and not _uses_csi2017(args.experiment):
            raise InputError(
                f"csi-window = {args.csi_window!r} does not apply to experiment = "
                f"{args.experiment!r}; allowed only with csi2017 or a combination containing it"
            )
        if args.csi_time_window is not None and not _uses_csi2017(args.experiment):
            raise InputError(
                f"csi-time-window = {args.csi_time_window!r} does not apply to experiment = "
                f"{args.experiment!r}; allowed only with csi2017 or a combination containing it"
            )
        window = DEFAULT.csi_window if args.csi_window is None else args.csi_window
        kw.update(
            form=args.form_factor,
            kinematics=args.kinematics,
            csi_window=window,
            lar_window=DEFAULT.lar_window if args.lar_window is None else args.lar_window,
            lar_stat=DEFAULT.lar_stat if args.lar_stat is None else args.lar_stat,
            lar_time_window=args.lar_time_window,
            csi_time_window=args.csi_time_window or DEFAULT.csi_time_window,
            csi_quenching=args.csi_quenching,
            solar_nc=args.solar_nc,
        )
    return Settings(**kw)


def _num(x):
    x = float(x)
    return (
        x if math.isfinite(x) else None
    )  # JSON has no inf: the outcome field says what null means


#: what 'events' reports for each experiment: quantity, unit (of the measurement it is compared with)
def _quantity(e) -> tuple[str, str]:
    """(what n_sm / n_model are, unit): events, a cross-section ratio or an inferred flux."""
    if e.statistic != "ratio":
        return "events", "events"
    from .experiments.registry import MEASUREMENTS

    unit = MEASUREMENTS[e.name]["n_pred"].unit
    if unit == "events":
        return "events", "events"
    if unit == "1":
        return "cross-section ratio sigma/sigma_SM", "1"
    return "neutrino flux inferred from CEvNS", unit


def bound_outcome(
    b, beta: float, floor: float = 50.0, sw2: float = DEFAULT.sw2
) -> tuple[str, str, float]:
    """Classify a :class:`~cevnslib.stats.bounds.Bound` for the CLI.

    Returns (outcome, one-line message, one-loop Landau-pole scale [GeV] for ``beta``).  Outcomes:
    ``bound`` (a lower bound on M_Z' above the search floor), ``no-bound-above-floor`` (every
    M_Z' down to the search floor is allowed), ``everything-excluded`` (no allowed M_Z' and the SM
    excluded), ``sm-excluded`` (the SM itself is excluded and only the M_Z' intervals of
    ``b.intervals`` are allowed: no lower bound), ``bound-above-landau-pole`` (the bound lies
    above the scale where U(1)_X hits its Landau pole: no M_Z' where the model is defined is
    allowed), ``excluded-up-to-landau-pole`` (beta at the pole of f(beta) at ``sw2``, within
    :data:`_POLE_F`: g_X diverges, the bound is infinite), ``excluded-beyond-resolution`` (the allowed region shrinks to the SM within
    the numerical resolution of the search: every M_Z' it resolves is excluded).
    """
    from .physics.running import landau_scale

    pole = float(landau_scale(beta))
    m = float(b.mzp_min)
    finite = [(lo, hi) for lo, hi in b.intervals if math.isfinite(lo)]
    if not b.intervals:
        return "everything-excluded", "every M_Z' and the SM itself are excluded", pole
    if b.sm_excluded and finite:
        bands = ", ".join(
            f"{lo:.0f}-{hi:.0f} GeV" if math.isfinite(hi) else f"above {lo:.0f} GeV"
            for lo, hi in sorted(finite)
        )
        return (
            "sm-excluded",
            f"the SM is excluded: no lower bound; allowed only M_Z' in {bands}",
            pole,
        )
    if math.isinf(m):
        if f_beta(beta, sw2) < _POLE_F:
            return (
                "excluded-up-to-landau-pole",
                f"beta = {beta:.16g} is at the Landau pole (g_X diverges): every finite M_Z' is "
                "excluded",
                pole,
            )
        return (
            "excluded-beyond-resolution",
            "every M_Z' the search resolves is excluded: the allowed region shrinks to the SM "
            "within the numerical resolution (no finite bound)",
            pole,
        )
    if m <= floor * (1 + 1e-9):
        return (
            "no-bound-above-floor",
            f"no bound: every M_Z' down to {floor:g} GeV is allowed",
            pole,
        )
    if m >= pole:
        return (
            "bound-above-landau-pole",
            f"M_Z' > {m:.3g} GeV, above the U(1)_X Landau pole at {pole:.3g} GeV "
            "(one-loop running): excluded wherever the model is defined",
            pole,
        )
    return "bound", f"M_Z' > {m:.0f} GeV", pole


def cmd_experiments(args):
    rows = [
        {"name": e.name, "label": e.label, "kind": e.kind, "statistic": e.statistic}
        for e in EXPERIMENTS.values()
    ]
    if args.json:
        return {"experiments": rows}
    return "\n".join(f"{r['name']:16s} {r['kind']:19s} {r['label']}" for r in rows)


def cmd_couplings(args):
    s = _settings(args)
    check_beta(args.beta, s.sw2)
    gp, gn = sm_nucleon_couplings(s.sw2_sm, s.sm_scheme)
    dp, dn = nucleon_coupling_shifts(args.beta, s.sw2, s.v31, s.tan_beta_bar)
    x = float(mass_ratio_squared(args.mzp))
    out = {
        "beta": args.beta,
        "sw2": s.sw2,
        "mzp_gev": args.mzp,
        "f": float(f_beta(args.beta, s.sw2)),
        "beta_max": beta_max(s.sw2),
        "gx_over_g": float(gx_over_g(args.beta, s.sw2)),
        "g_v_p_sm": gp,
        "g_v_n_sm": gn,
        "delta_g_v_p": float(dp) * x,
        "delta_g_v_n": float(dn) * x,
        "g_v_p": gp + float(dp) * x,
        "g_v_n": gn + float(dn) * x,
        "table1": {
            k: dict(zip(("g_v_z", "g_a_z", "g_v_zp", "g_a_zp"), map(float, v), strict=True))
            for k, v in zp_couplings_table(args.beta, s.sw2, s.v31).items()
        },
    }
    if args.json:
        return out
    return "\n".join(f"{k:14s} {v}" for k, v in out.items() if k != "table1")


def cmd_events(args):
    s = _settings(args)
    e = get_experiment(args.experiment)
    if e.kind == "combination":
        raise InputError(
            f"experiment = {e.name!r} is a combination of {', '.join(e.members)}: "
            "ask 'events' for its members ('bound' and 'scan' accept it)"
        )
    if (args.beta is None) != (args.mzp is None):
        raise InputError("beta and mzp must be given together (or neither, for the SM alone)")
    sm = e.n_sm(s, by_flavour=True)
    if args.beta is None:
        model = sm
    else:
        check_beta(args.beta, s.sw2)
        model = e.n_model(args.beta, args.mzp, s, by_flavour=True)
    quantity, unit = _quantity(e)
    out = {
        "experiment": e.name,
        "beta": args.beta,
        "mzp_gev": args.mzp,
        "quantity": quantity,
        "unit": unit,
        "n_sm": float(sm["total"]),
        "n_model": float(model["total"]),
        "by_flavour": {k: float(v) for k, v in model.items() if k != "total"},
        "by_flavour_sm": {k: float(v) for k, v in sm.items() if k != "total"},
    }
    if args.json:
        return out
    if quantity == "events":
        head = f"{e.label}: N_SM = {out['n_sm']:.2f}, N_331 = {out['n_model']:.2f} events"
    else:
        head = (
            f"{e.label} ({quantity}, unit {unit}): SM = {out['n_sm']:.4g}, "
            f"331 = {out['n_model']:.4g}"
        )
    lines = [head]
    fmt = "10.2f" if quantity == "events" else "10.4g"
    lines += [f"  {k:10s} {v:{fmt}}" for k, v in out["by_flavour"].items()]
    return "\n".join(lines)


def cmd_bound(args):
    s = _settings(args)
    e = get_experiment(args.experiment)
    binned = _binned(args)
    if args.convention not in (*CONVENTIONS, "fc"):
        raise InputError(
            f"convention = {args.convention!r} is not known; allowed: "
            + ", ".join((*CONVENTIONS, "fc"))
        )
    fc_fields: dict = {}
    if args.convention == "fc":
        b, median, x, fc_fields = _fc_bound(args, s, binned)
    elif binned:  # the binned likelihood: profile-likelihood ratio; Asimov median, toy bands
        if args.convention != "two-sided":
            raise InputError(
                f"convention = {args.convention!r} is not available with --likelihood binned: "
                "allowed: two-sided, fc"
            )
        b = _binned_bound(args, s)
        x = _binned_expected(args, s)
        median = x.median
    else:
        b = e.bound(args.beta, s, args.cl, args.convention)
        x = e.expected_bound(
            args.beta,
            s,
            args.cl,
            args.convention,
            n_toys=DEFAULT_TOYS if args.toys is None else args.toys,
            seed=TOY_SEED if args.seed is None else args.seed,
        )
        median = x.median
    outcome, message, pole = bound_outcome(b, args.beta, SEARCH_FLOOR_GEV, s.sw2)
    has_bound = outcome in ("bound", "bound-above-landau-pole")
    out = {
        "experiment": e.name,
        "beta": args.beta,
        "cl": args.cl,
        "convention": args.convention,
        "sw2": s.sw2,
        "outcome": outcome,
        "message": message,
        "search_floor_gev": SEARCH_FLOOR_GEV,
        "landau_pole_gev": _num(pole),
        "mzp_min_gev": _num(b.mzp_min) if has_bound else None,
        # an interval starting at infinity is empty (the allowed region shrank to the SM): left out
        "allowed_intervals_gev": [
            [_num(lo), _num(hi)] for lo, hi in b.intervals if math.isfinite(lo)
        ],
        "best_fit_mzp_gev": _num(b.best),
        "chi2_min": b.chi2_min,
        "sm_excluded": b.sm_excluded,
        "delta_chi2": _num(b.threshold),
        "likelihood": "binned" if binned else "counting",
        "expected_mzp_min_gev": _num(median),
        "expected_band_gev": [_num(v) for v in x.band_1sigma] if x else None,
        "expected_band_2sigma_gev": [_num(v) for v in x.band_2sigma] if x else None,
        "expected_method": x.method if x else "asimov",
        "expected_n_toys": x.n_toys if x else 0,
        "expected_seed": x.seed if x else None,
        "unused_options": _unused(args) if binned else [],
    }
    out.update(fc_fields)
    if binned:
        out["release"] = _release_summary(args.experiment)
    out.update(_w_fields(b.mzp_min if has_bound else math.nan, args.beta, s.sw2))
    if outcome == "sm-excluded":
        out["reason"] = "the SM is excluded: no lower bound (allowed_intervals_gev are allowed)"
    if args.json:
        return out
    expected = (
        f"expected (SM, {x.method}): {_gev(x.median)}, 1 sigma [{_gev(x.band_1sigma[0])}, "
        f"{_gev(x.band_1sigma[1])}], 2 sigma [{_gev(x.band_2sigma[0])}, {_gev(x.band_2sigma[1])}]"
        if x
        else f"expected (SM, Asimov data): {_gev(median)}"
        + (
            f" ({', '.join(_unused(args))} not used by the binned likelihood)"
            if _unused(args)
            else ""
        )
    )
    if fc_fields:
        expected += (
            f"\nWilks (Delta-chi^2 = {fc_fields['wilks_delta_chi2']:.3f}): "
            f"{_gev(_float_or_nan(fc_fields['wilks_mzp_min_gev']))}; Delta-chi^2 covers "
            f"{100 * fc_fields['coverage_at_wilks']:.1f}% of the toys generated there "
            f"({fc_fields['fc_n_toys']} per tested mass, seed {fc_fields['fc_seed']})"
        )
        if fc_fields["fc_outcome"] != "bound":
            expected += f" [{fc_fields['fc_outcome']}]"
    return (
        f"{e.label}, beta = {args.beta:g}, {100 * args.cl:g}% CL ({args.convention}, "
        f"{out['likelihood']} likelihood): {message} [{outcome}]\n{expected}"
    )


def _float_or_nan(value) -> float:
    """A JSON number or null (None) as a float (null: nan)."""
    return math.nan if value is None else float(value)


def _gev(m: float) -> str:
    """A mass for the text output: '{m:.0f} GeV', or words where it is not finite (never nan/inf)."""
    m = float(m)
    if math.isfinite(m):
        return f"{m:.0f} GeV"
    return "no finite bound" if m > 0 else "not available"


def _w_fields(mzp_min: float, beta: float, sw2: float) -> dict:
    """w, M_Y at the bound and the validity flag (cevnslib.physics.model331, VW2_MAX)."""
    from .physics.model331 import approximation_valid, bilepton_mass, validity_reason, w_from_mzp

    if not math.isfinite(mzp_min):
        return {"w_min_gev": None, "bilepton_mass_min_gev": None, "meaningful": False,
                "reason": "no allowed M_Z'"}  # fmt: skip
    w = float(w_from_mzp(mzp_min, beta, sw2))
    return {
        "w_min_gev": w,
        "bilepton_mass_min_gev": float(bilepton_mass(w, sw2)),
        "meaningful": bool(approximation_valid(w)),
        "reason": validity_reason(w),
    }


def scan_outcomes(
    excluded: np.ndarray, mzps: np.ndarray, sm_excluded: np.ndarray | None = None
) -> tuple[list, list]:
    """Per beta row of ``excluded`` (bool, beta x M_Z'): (boundary [GeV] or None, outcome).

    The boundary is the largest excluded M_Z' on the grid.  Outcomes: ``boundary`` (an interior
    grid point), ``none-excluded`` (nothing on the grid is excluded: no bound inside the grid),
    ``excluded-at-grid-top`` (the largest grid mass ``mzp_max`` is excluded: the true boundary lies
    above the grid; boundary None), ``sm-excluded`` (``sm_excluded``, one flag per beta: the SM
    itself is excluded, so there is no lower bound; boundary None, the allowed masses are those
    of the grid not in ``excluded``), the same as ``bound``'s outcome of that name.
    """
    n = mzps.size
    any_ex = excluded.any(axis=1)
    idx = np.where(any_ex, n - 1 - np.argmax(excluded[:, ::-1], axis=1), -1)
    sm_ex = np.zeros(len(idx), bool) if sm_excluded is None else np.asarray(sm_excluded, bool)
    boundary, outcome = [], []
    for i, sm_out in zip(idx, sm_ex, strict=True):
        if sm_out:
            boundary.append(None)
            outcome.append("sm-excluded")
        elif i < 0:
            boundary.append(None)
            outcome.append("none-excluded")
        elif i == n - 1:
            boundary.append(None)
            outcome.append("excluded-at-grid-top")
        else:
            boundary.append(float(mzps[i]))
            outcome.append("boundary")
    return boundary, outcome


def _allowed_band(excluded_row: np.ndarray, mzps: np.ndarray) -> list | None:
    """[lowest, highest] allowed grid mass of one beta row (None if nothing is allowed)."""
    ok = np.flatnonzero(~excluded_row)
    return [float(mzps[ok[0]]), float(mzps[ok[-1]])] if ok.size else None


def cmd_scan(args):
    from .stats.bounds import delta_chi2_threshold

    s = _settings(args)
    e = get_experiment(args.experiment)
    if args.mzp_max <= args.mzp_min:
        raise InputError(f"mzp-max = {args.mzp_max} must be larger than mzp-min = {args.mzp_min}")
    points = args.beta_points * args.mzp_points
    if points > MAX_GRID_POINTS:
        raise InputError(
            f"beta-points x mzp-points = {points:,} is too large: allowed <= {MAX_GRID_POINTS:,}"
        )
    bmax = beta_max(s.sw2)
    betas = np.linspace(-bmax, bmax, args.beta_points + 2)[1:-1]  # open interval: f(beta) > 0
    mzps = np.geomspace(args.mzp_min, args.mzp_max, args.mzp_points)
    thr = delta_chi2_threshold(args.cl)
    rows_per_chunk = max(1, _CHUNK_POINTS // mzps.size)
    boundary: list = []
    outcome: list = []
    bands: list = []
    text_rows: list[str] = []
    binned = _binned(args)
    for k in range(0, betas.size, rows_per_chunk):
        chunk = betas[k : k + rows_per_chunk]
        grid, d_sm = (
            _binned_grid(args, chunk, mzps, s)
            if binned
            else e.delta_chi2_grid(chunk, mzps, s, sm=True)
        )
        if not (np.all(np.isfinite(grid)) and np.all(np.isfinite(d_sm))):
            raise InputError(
                "the Delta-chi^2 grid is not finite for these settings (overflow): "
                "narrow --mzp-min/--mzp-max or change --sw2"
            )
        excluded = grid > thr
        b, o = scan_outcomes(excluded, mzps, d_sm > thr)
        boundary += b
        outcome += o
        bands += [
            _allowed_band(row, mzps) if oc == "sm-excluded" else None
            for row, oc in zip(excluded, o, strict=True)
        ]
        if args.json and not args.no_grid:
            fmt = "{:.5g}".format  # 5 significant digits; the grid is finite (checked above)
            text_rows += ["[" + ",".join(map(fmt, r)) + "]" for r in grid.tolist()]
    if not args.json:
        words = {
            "none-excluded": "nothing excluded on the grid",
            "excluded-at-grid-top": f"excluded up to the grid top ({mzps[-1]:.0f} GeV) and beyond",
        }

        def sm_words(band):
            return "the SM is excluded: no lower bound; allowed on the grid only " + (
                f"M_Z' in {band[0]:.0f}-{band[1]:.0f} GeV" if band else "nothing"
            )

        return "\n".join(
            f"beta = {b:+.4f}: "
            + (f"excluded up to {m:.0f} GeV" if o == "boundary"
               else sm_words(band) if o == "sm-excluded" else words[o])
            for b, m, o, band in zip(betas, boundary, outcome, bands, strict=True)
        )  # fmt: skip
    out = {
        "experiment": e.name,
        "cl": args.cl,
        "delta_chi2": thr,
        "beta": betas.tolist(),
        "mzp_gev": mzps.tolist(),
        "boundary_mzp_gev": boundary,
        "boundary_outcome": outcome,
        "allowed_band_mzp_gev": bands,
    }
    if binned:
        out["release"] = _release_summary(args.experiment)
    if args.no_grid:
        return out
    body = _dumps(out)[:-1]
    return body + ', "delta_chi2_grid": [' + ",".join(text_rows) + "]}"


# ---------------------------------------------------------------- binned likelihoods of the releases
def _add_likelihood(p):
    p.add_argument(
        "--likelihood",
        default="counting",
        metavar="L",
        help="counting (default) or binned (the COHERENT data releases: csi2017, lar2020, csi2021, "
        "and their combinations combined-2020 = csi2017 + lar2020, coherent = csi2021 + lar2020)",
    )


#: options --likelihood binned refuses: the binned likelihood has the release's own energy and time
#: windows and its Poisson statistics (none of these options changes it)
BINNED_REFUSED = {
    "csi_window": "--csi-window",
    "lar_window": "--lar-window",
    "lar_stat": "--lar-stat",
    "csi_time_window": "--csi-time-window",
}
#: options --likelihood binned accepts but does not use, reported in ``unused_options`` (none
#: today: --toys and --seed set its pseudo-experiments).  Move an entry to BINNED_REFUSED to refuse it.
BINNED_UNUSED: dict[str, str] = {}


def _given(args, options: dict) -> list[str]:
    """The flags among ``options`` given on the command line (their defaults are None)."""
    return [flag for key, flag in options.items() if getattr(args, key, None) is not None]


def _unused(args) -> list[str]:
    return _given(args, BINNED_UNUSED) if getattr(args, "likelihood", None) == "binned" else []


def _binned(args) -> bool:
    from .experiments.release_combinations import BINNED_NAMES

    if args.likelihood not in ("counting", "binned"):
        raise InputError(
            f"likelihood = {args.likelihood!r} is not known; allowed: counting, binned"
        )
    if args.likelihood == "binned" and args.experiment not in BINNED_NAMES:
        raise InputError(
            f"experiment = {args.experiment!r} has no binned likelihood; allowed: "
            + ", ".join(BINNED_NAMES)
        )
    refused = _given(args, BINNED_REFUSED) if args.likelihood == "binned" else []
    if refused:
        raise InputError(
            f"{', '.join(refused)} {'does' if len(refused) == 1 else 'do'} not apply to "
            "--likelihood binned (it has the release's own "
            "windows and Poisson statistics); allowed only with --likelihood counting"
        )
    return args.likelihood == "binned"


def _binned_bound(args, s, asimov=False):
    from .experiments.likelihoods import binned_bound
    from .experiments.release_combinations import BINNED_COMBINATIONS, combined_binned_bound

    if args.experiment in BINNED_COMBINATIONS:
        return combined_binned_bound(args.experiment, args.beta, s, args.cl, asimov)
    return binned_bound(args.experiment, args.beta, s, args.cl, asimov)


def _binned_expected(args, s):
    from .experiments.frequentist import binned_expected_bound
    from .experiments.release_combinations import BINNED_COMBINATIONS, combined_expected_bound

    if args.experiment in BINNED_COMBINATIONS:
        if args.toys is not None or args.seed is not None:
            raise InputError(
                f"--toys and --seed are not allowed with --likelihood binned --experiment "
                f"{args.experiment}: a combination's band pairs its members' stored toys "
                "(python tools/compute_thresholds.py recomputes them)"
            )
        return combined_expected_bound(args.experiment, args.beta, s, args.cl)

    return binned_expected_bound(
        args.experiment,
        args.beta,
        s,
        args.cl,
        args.toys,
        TOY_SEED if args.seed is None else args.seed,
        args.jobs,
        not args.quiet,
    )


def _fc_bound(args, s, binned):
    """Feldman-Cousins bound, its Asimov median, no band (the thresholds are for the data's mu),
    and the fields of the counting construction (the Wilks bound beside it, the coverage)."""
    if binned:
        from .experiments.frequentist import fc_binned_bound
        from .experiments.release_combinations import BINNED_COMBINATIONS

        if args.experiment in BINNED_COMBINATIONS:
            raise InputError(
                f"convention = 'fc' is not available for experiment = {args.experiment!r} with "
                "--likelihood binned: the Z' moves the members' signal strengths differently, so "
                "the stored thresholds in mu do not apply; allowed: csi2017, lar2020, csi2021"
            )

        b = fc_binned_bound(args.experiment, args.beta, s, args.cl)
        median = fc_binned_bound(args.experiment, args.beta, s, args.cl, asimov=True).mzp_min
        return b, median, None, {}
    from dataclasses import replace

    from .experiments.coverage import fc_defaults, feldman_cousins
    from .stats.bounds import Bound

    n_toys = fc_defaults(args.experiment)[0] if args.toys is None else args.toys
    if n_toys < 100:
        raise InputError(f"toys = {n_toys} is not allowed with --convention fc: must be >= 100")
    seed = TOY_SEED if args.seed is None else args.seed
    r = feldman_cousins(args.experiment, args.beta, s, args.cl, n_toys=n_toys, seed=seed)
    e = get_experiment(args.experiment)
    wilks = e.bound(args.beta, s, args.cl)  # its best fit and chi2_min are the data's
    accepted = r.accepted or Bound(mzp_min=r.fc_bound, intervals=((r.fc_bound, math.inf),))
    b = replace(accepted, best=wilks.best, chi2_min=wilks.chi2_min, threshold=math.nan)
    median = e.bound(args.beta, s, args.cl, data=e.asimov_data(s)).mzp_min  # Asimov, Wilks
    fields = {
        "wilks_mzp_min_gev": _num(r.wilks_bound),
        "wilks_delta_chi2": r.threshold,
        "coverage_at_wilks": r.coverage_at_wilks,
        "fc_outcome": r.outcome,
        "fc_n_toys": r.n_toys,
        "fc_seed": r.seed,
        "fc_tested_mzp_gev": [
            _num(min(r.mzp_grid)),
            _num(max(m for m in r.mzp_grid if m < math.inf)),
        ],
    }
    return b, median, None, fields


def _binned_grid(args, betas, mzps, s):
    from .experiments.release_combinations import combined_delta_grid

    return combined_delta_grid(args.experiment, betas, mzps, s, sm=True)


def _add_release_commands(sub):
    for name, text in (
        ("fit", "binned fit of a COHERENT data release with free CEvNS normalisation"),
        ("workspace", "the binned likelihood of a COHERENT data release as a pyhf JSON workspace"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument(
            "--experiment", required=True, metavar="NAME", help="csi2017, lar2020 or csi2021"
        )
        p.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")


def _release_name(args) -> str:
    from .experiments.likelihoods import LIKELIHOODS

    if args.experiment not in LIKELIHOODS:
        raise InputError(
            f"experiment = {args.experiment!r} has no binned likelihood; allowed: "
            + ", ".join(LIKELIHOODS)
        )
    return args.experiment


def _release_summary(name: str) -> dict:
    """Where the release files came from and which are verified (see cevnslib.data); for a
    combination of releases, one entry per member."""
    from .data import load_release
    from .experiments.release_combinations import BINNED_COMBINATIONS

    if name in BINNED_COMBINATIONS:
        return {m: load_release(m).summary() for m in BINNED_COMBINATIONS[name]}
    return load_release(name).summary()


def cmd_fit(args):
    from .experiments.likelihoods import fit
    from .experiments.registry import MEASUREMENTS

    name = _release_name(args)
    r = fit(name)
    out = r.as_dict()
    out["release"] = _release_summary(name)
    m = MEASUREMENTS[name]
    fitted, sm = {  # COHERENT's fitted CEvNS counts and SM prediction, per release
        "csi2017": ("n_fit", "n_sm_published"),
        "lar2020": ("n_meas", "n_sm_published"),
        "csi2021": ("n_obs", "n_pred"),
    }[name]
    out["published"] = {
        "n_cevns_fit": [m[fitted].value, m[fitted].uncertainty],
        "n_sm": [m[sm].value, m[sm].uncertainty],
    }
    if args.json:
        return out
    bkg = ", ".join(
        f"{k} {v:.1f} +- {r.background_errors[k]:.1f}" for k, v in r.backgrounds.items()
    )
    return f"{name}: CEvNS {r.n_cevns_fit:.1f} +- {r.n_cevns_err:.1f} (SM {r.n_sm:.1f}); {bkg}"


def cmd_workspace(args):
    from .experiments.likelihoods import build_model, workspace

    return workspace(build_model(_release_name(args)))


COMMANDS = {
    "experiments": cmd_experiments,
    "couplings": cmd_couplings,
    "events": cmd_events,
    "bound": cmd_bound,
    "scan": cmd_scan,
    "fit": cmd_fit,
    "workspace": cmd_workspace,
}


# ---------------------------------------------------------------- limits: every probe at one beta
def _add_limits_command(sub):
    p = sub.add_parser(
        "limits",
        help="every probe of the Z' at one beta: CEvNS, APV, LEP-II, Z pole, LHC",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--beta", type=_finite("beta"), required=True, help=BETA_HELP)
    p.add_argument(
        "--cl", type=_finite("cl"), default=0.9, help="confidence level, 0 < cl < 1 (default 0.9)"
    )
    p.add_argument(
        "--leptons",
        choices=("singlet", "ppf"),
        default="singlet",
        help="charged-lepton content: singlet e_R (default) or ppf (E = e^c; beta = +sqrt3 only)",
    )
    p.add_argument(
        "--tan-beta-bar",
        type=_finite("tan-beta-bar"),
        default=1.0,
        help="v_rho/v_eta >= 0 at which the Z-pole mixing limit is quoted (default 1)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")


def cmd_limits(args):
    from .book.probes import probe_limits

    out = probe_limits(args.beta, args.cl, args.leptons, args.tan_beta_bar)
    if args.json:
        return out
    lines = [f"beta = {out['beta']:g}, {out['convention']}, leptons: {out['leptons']}"]
    for r in out["probes"]:
        m = r["mzp_min_gev"]
        value = f"{m / 1e3:8.3f} TeV" if m is not None else "       --   "
        lines.append(
            f"{r['probe']:20s} {value}  {'applies' if r['applies'] else 'n/a    '}  {r['reason']}"
        )
    return "\n".join(lines)


COMMANDS["limits"] = cmd_limits


def _dumps(obj) -> str:
    """Strict JSON (no NaN/Infinity); a non-finite number is a bug, reported as InputError."""
    try:
        return json.dumps(obj, indent=None, allow_nan=False)
    except ValueError:
        raise InputError("the result is not finite for these inputs (overflow)") from None


def _write(text: str) -> int:
    """Write to stdout; a closed pipe ends quietly (exit 1), a failing write with one line."""
    stream = sys.stdout
    if stream is None:
        sys.stderr.write("cevnslib: error: cannot write the output: stdout is closed\n")
        return 1
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except (OSError, ValueError) as exc:  # ENOSPC, EBADF, I/O operation on closed file
        _silence_stdout()
        reason = os.strerror(exc.errno) if getattr(exc, "errno", None) else str(exc)
        sys.stderr.write(f"cevnslib: error: cannot write the output: {_one_line(reason)}\n")
        return 1
    return 0


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null so the interpreter's final flush cannot raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C: no traceback, the conventional status 128 + SIGINT
        _silence_stdout()
        return 130


def _main(argv: Sequence[str] | None) -> int:
    with warnings.catch_warnings():  # a modified release file: one line on stderr, not two
        warnings.simplefilter("always", ReleaseModified)
        warnings.showwarning = _warn_line
        return _run(argv)


def _warn_line(message, category, *_args, **_kwargs) -> None:
    sys.stderr.write(f"cevnslib: warning: {_one_line(message)}\n")


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if (
            getattr(args, "experiment", None) is not None
            and args.experiment not in EXPERIMENTS
            and args.command not in ("fit", "workspace")
        ):
            raise InputError(
                f"experiment = {args.experiment!r} is not known; allowed: {', '.join(EXPERIMENTS)}"
            )
        result = COMMANDS[args.command](args)
        if isinstance(result, dict):
            result = _dumps(result)
    except (InputError, ReleaseUnavailable) as exc:
        sys.stderr.write(f"cevnslib: error: {_one_line(exc)}\n")
        return 2
    except MemoryError:
        ask = {"scan": "a smaller grid", "bound": "fewer toys (--toys)"}.get(
            args.command, "smaller inputs"
        )
        sys.stderr.write(f"cevnslib: error: out of memory: ask for {ask}\n")
        return 1
    except KeyboardInterrupt:  # Ctrl-C: stop quietly (workers cancelled), the shell's 130
        return 130
    return _write(result + "\n")
