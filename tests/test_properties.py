"""Property-based tests (hypothesis) over cevnslib's public functions and the CLI.

Valid inputs: no NaN or inf, physical signs (cross sections, events, chi-squares, Delta-chi^2 >= 0,
|F(q)| <= 1), events grow with exposure, nucleon couplings tend to the SM as M_Z' -> infinity.
Invalid inputs (beta outside (-cot theta_W, cot theta_W), NaN, negative masses and energies,
unknown names): an :class:`~cevnslib.errors.InputError` whose message names the parameter.
The CLI is fuzzed with invalid argument combinations: exit status 2, exactly one line on stderr
starting with ``cevnslib: error: ``, no traceback.

Every test is deterministic (``derandomize=True``, no example database) and small
(``max_examples <= 60``), so the whole file runs in well under 30 s.  The input domains are
physical ones (energies up to 1 GeV, M_Z' from 1 GeV to 10^9 GeV, ...), with the edges of the
allowed beta interval included on purpose.
"""

from __future__ import annotations

import argparse
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from cevnslib.cli import build_parser, main
from cevnslib.errors import InputError
from cevnslib.experiments import rates
from cevnslib.experiments.detectors import CSI_WINDOWS, csi2017, get_detector, sns_detector
from cevnslib.experiments.registry import DEFAULT, EXPERIMENTS, Settings, get_experiment
from cevnslib.physics import cross_sections as xs
from cevnslib.physics import fluxes, form_factors, model331
from cevnslib.physics import units as u
from cevnslib.physics.constants import M_Z, SW2_LOW
from cevnslib.physics.form_factors import FORM_FACTORS
from cevnslib.physics.nuclei import NUCLEI, nucleus
from cevnslib.stats import bounds as statistics

FAST = settings(max_examples=60, deadline=None, derandomize=True, database=None)
SLOW = settings(
    max_examples=25, deadline=None, derandomize=True, database=None
)  # new responses per example

BMAX = model331.beta_max(SW2_LOW)
BETA_EDGE = float(np.nextafter(BMAX, 0.0))  # the last float below cot(theta_W)
#: experiments with a detector of their own (not combinations)
SINGLE = sorted(n for n, e in EXPERIMENTS.items() if hasattr(e, "detector"))
DETECTOR_NAMES = sorted(n for n in SINGLE if n != "csi2017") + ["csi2017"]

finite = st.floats(allow_nan=False, allow_infinity=False)
sw2s = st.floats(0.05, 0.45)
nuclei_ = st.sampled_from(sorted(NUCLEI)).map(NUCLEI.__getitem__)
couplings = st.floats(-2.0, 2.0)  # nucleon couplings g_V^p, g_V^n
recoils = st.floats(0.0, 1e-2, allow_subnormal=False)  # T in GeV: 0 to 10 MeV
energies = st.floats(1e-6, 1.0)  # E_nu in GeV: 1 keV to 1 GeV
mzps = st.floats(1.0, 1e9)  # M_Z' in GeV
mu_nus = st.floats(0.0, 1e-8)  # magnetic moment in Bohr magnetons
names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


def betas(sw2=SW2_LOW, edge=False):
    """beta on the open interval (-cot theta_W, cot theta_W).

    With ``edge`` the last floats below cot(theta_W) are included; without, |beta| stays 1e-9
    (relative) inside, so that only test_model_couplings_finite_for_every_allowed_beta probes the
    floating-point edge of the interval and every other test sees ordinary values.
    """
    b = model331.beta_max(sw2)
    if not edge:
        b = b * (1 - 1e-9)
    return st.floats(-b, b, exclude_min=True, exclude_max=True)


def out_of_range_beta(sw2=SW2_LOW):
    b = model331.beta_max(sw2)
    mag = st.one_of(st.just(b), st.floats(b, 1e300), st.just(math.inf))
    return st.tuples(mag, st.sampled_from([1.0, -1.0])).map(lambda t: t[0] * t[1])


def raises_naming(param, fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` raises InputError and the message names ``param`` (or one of a tuple)."""
    with pytest.raises(InputError) as exc:
        fn(*args, **kwargs)
    params = (param,) if isinstance(param, str) else param
    assert any(p in str(exc.value) for p in params), f"message does not name {params}: {exc.value}"


def all_finite(*arrays):
    return all(np.all(np.isfinite(np.asarray(a, dtype=float))) for a in arrays)


# ================================================================================ the 331 model
@st.composite
def sw2_and_beta(draw):
    sw2 = draw(sw2s, label="sw2")
    return sw2, draw(betas(sw2, edge=True), label="beta")


@FAST
@given(sb=sw2_and_beta(), v31=st.floats(0.0, 1.0))
@example(sb=(SW2_LOW, BETA_EDGE), v31=0.0)  # the last float below cot(theta_W)
@example(sb=(SW2_LOW, float(np.nextafter(BETA_EDGE, 0.0))), v31=1.0)
def test_model_couplings_finite_for_every_allowed_beta(sb, v31):
    sw2, beta = sb
    try:
        model331.check_beta(beta, sw2)
    except (
        InputError
    ) as exc:  # rejecting the last floats below cot(theta_W) is fine, if it says why
        assert "beta" in str(exc)  # noqa: PT017 (valid-or-named-error property)
        return
    assert model331.f_beta(beta, sw2) > 0  # allowed, so f(beta) > 0, as check_beta promises
    t = model331.gx_over_g(beta, sw2)
    assert np.isfinite(t) and t > 0
    for fermion in ("nu", "u", "d"):
        assert all_finite(*model331.zp_couplings(fermion, beta, sw2, v31))
    assert all_finite(*model331.nucleon_coupling_shifts(beta, sw2, v31))
    assert all_finite(*model331.nucleon_couplings(beta, 1000.0, sw2, v31=v31))


@FAST
@given(
    beta=betas(),
    m1=mzps,
    factor=st.floats(1.0, 1e3),
    v31=st.floats(0.0, 1.0),
    tbb=st.none() | st.floats(0.0, 50.0),
    scheme=st.sampled_from(model331.SM_SCHEMES),
)
def test_nucleon_couplings_approach_the_sm(beta, m1, factor, v31, tbb, scheme):
    sm = np.array(model331.sm_nucleon_couplings(SW2_LOW, scheme))
    shift = np.array(model331.nucleon_coupling_shifts(beta, SW2_LOW, v31, tbb))

    def dev(m):
        return np.abs(
            np.array(model331.nucleon_couplings(beta, m, SW2_LOW, SW2_LOW, scheme, v31, tbb)) - sm
        )

    d1, d2 = dev(m1), dev(m1 * factor)
    assert all_finite(d1, d2)
    assert np.all(d2 <= d1 * (1 + 1e-12) + 1e-300)  # heavier Z': closer to the SM
    assert np.allclose(
        d1, np.abs(shift) * (M_Z / m1) ** 2, rtol=1e-9, atol=1e-15
    )  # decoupling as (M_Z/M_Z')^2
    assert np.array_equal(
        np.array(model331.nucleon_couplings(beta, np.inf, SW2_LOW, SW2_LOW, scheme, v31, tbb)), sm
    )
    r = model331.weak_charge_ratio(
        beta, np.inf, 55, 78, sm_scheme=scheme, v31=v31, tan_beta_bar=tbb
    )
    assert r == pytest.approx(1.0, abs=1e-15)


@FAST
@given(beta=out_of_range_beta() | st.just(math.nan), mzp=mzps)
def test_beta_outside_the_landau_interval_is_rejected(beta, mzp):
    exp = get_experiment("csi2017")
    for fn, args in [
        (model331.check_beta, (beta,)),
        (model331.gx_over_g, (beta,)),
        (model331.zp_couplings, ("u", beta)),
        (model331.nucleon_couplings, (beta, mzp)),
        (model331.weak_charge_ratio, (beta, mzp, 55, 78)),
        (exp.n_model, (beta, mzp)),
        (exp.chi2_model, (beta, mzp)),
        (exp.bound, (beta,)),
        (exp.delta_chi2_grid, ([0.0, beta], [mzp])),
    ]:
        raises_naming("beta", fn, *args)


@FAST
@given(mzp=st.floats(max_value=0.0) | st.just(math.nan) | st.just(-math.inf), beta=betas())
def test_non_positive_or_nan_mzp_is_rejected(mzp, beta):
    exp = get_experiment("lar2020")
    raises_naming("mzp", model331.mass_ratio_squared, mzp)
    raises_naming("mzp", model331.nucleon_couplings, beta, mzp)
    raises_naming("mzp", exp.n_model, beta, mzp)
    raises_naming("mzp", exp.delta_chi2_grid, [beta], [1000.0, mzp])


@FAST
@given(sw2=st.floats(max_value=0.0) | st.floats(min_value=1.0) | st.just(math.nan))
def test_sw2_outside_zero_one_is_rejected(sw2):
    raises_naming("sw2", model331.beta_max, sw2)
    raises_naming("sw2", model331.zp_couplings, "nu", 0.1, sw2)
    raises_naming("sw2", Settings, sw2=sw2)


# ============================================================ form factors, spectra, cross sections
@FAST
@given(q=st.floats(0.0, 10.0), mass_number=st.integers(1, 300), kind=st.sampled_from(FORM_FACTORS))
def test_form_factor_is_bounded_by_one(q, mass_number, kind):
    try:
        f = form_factors.form_factor(q, mass_number, kind)
    except (
        InputError
    ) as exc:  # a form factor may refuse nuclei it is not defined for, if it says why
        assert "mass_number" in str(exc)  # noqa: PT017 (valid-or-named-error property)
        return
    assert np.isfinite(f) and abs(f) <= 1.0
    assert form_factors.form_factor(0.0, mass_number, kind) == 1.0


@FAST
@given(
    q=st.floats(max_value=-1e-300) | st.just(math.nan),
    a=st.floats(max_value=0.0) | st.just(math.nan),
    kind=names.filter(lambda s: s not in FORM_FACTORS),
)
def test_form_factor_rejects_bad_input(q, a, kind):
    raises_naming("q", form_factors.form_factor, q, 133)
    raises_naming("mass_number", form_factors.form_factor, 0.01, a)
    raises_naming("form_factor", form_factors.form_factor, 0.01, 133, kind)


@FAST
@given(e=st.floats(0.0, 1.0))
def test_sns_spectra_are_non_negative(e):
    for pdf in (fluxes.nu_e_delayed, fluxes.nu_mu_bar_delayed):
        v = pdf(e)
        assert np.isfinite(v) and v >= 0


@FAST
@given(bad=st.floats(max_value=-1e-300) | st.just(math.nan))
def test_fluxes_reject_negative_or_nan(bad):
    raises_naming("energy", fluxes.nu_e_delayed, bad)
    raises_naming("energy", fluxes.nu_mu_bar_delayed, bad)
    raises_naming("n_pot", fluxes.sns_fluence, bad, 0.08, 19.3 * u.m)
    raises_naming("nu_per_proton", fluxes.sns_fluence, 1e23, bad, 19.3 * u.m)
    raises_naming("baseline", fluxes.sns_fluence, 1e23, 0.08, bad)


@FAST
@given(
    t=recoils,
    e=energies,
    nuc=nuclei_,
    g_p=couplings,
    g_n=couplings,
    mu=mu_nus,
    form=st.sampled_from(FORM_FACTORS),
    kin=st.sampled_from(xs.KINEMATICS),
)
def test_cross_sections_non_negative_and_finite(t, e, nuc, g_p, g_n, mu, form, kin):
    unit = xs.cevns_unit_charge(t, e, nuc, form, kin)
    weak = xs.cevns(t, e, nuc, g_p, g_n, form, kin)
    mag = xs.magnetic_moment(t, e, nuc, mu, form)
    tot = xs.total(t, e, nuc, g_p, g_n, mu, form, kin)
    assert all_finite(unit, weak) and unit >= 0 and weak >= 0
    # the magnetic term goes like 1/T: +inf at T = 0 if mu_nu > 0, never NaN, and 0 without a moment
    assert not np.isnan(mag) and mag >= 0 and (np.isfinite(mag) or (t == 0 and mu > 0))
    assert not np.isnan(tot) and tot >= weak and (np.isfinite(tot) or (t == 0 and mu > 0))
    if mu == 0:
        assert mag == 0 and tot == weak
    if t > xs.t_max(e, nuc.mass):
        assert unit == 0 and weak == 0 and mag == 0
    tm = xs.t_max(e, nuc.mass)
    assert 0 <= tm and xs.e_min(tm, nuc.mass) == pytest.approx(e, rel=1e-9)


@FAST
@given(bad=st.floats(max_value=-1e-300) | st.just(math.nan), nuc=nuclei_)
def test_cross_sections_reject_negative_energies(bad, nuc):
    raises_naming("recoil energy T", xs.cevns, bad, 0.03, nuc, 0.02, -0.5)
    raises_naming("neutrino energy E", xs.cevns, 1e-6, bad, nuc, 0.02, -0.5)
    raises_naming("neutrino energy E", xs.cevns, 1e-6, 0.0, nuc, 0.02, -0.5)
    raises_naming("recoil energy T", xs.magnetic_moment, bad, 0.03, nuc, 1e-10)
    raises_naming("mu_nu", xs.magnetic_moment, 1e-6, 0.03, nuc, bad)
    raises_naming("m_nu", xs.dirac_magnetic_moment, bad)
    raises_naming("recoil energy T", rates.recoil_spectrum, csi2017(), [1e-5, bad], 0.02, -0.5)


@FAST
@given(bad=st.floats(max_value=-1e-300) | st.just(math.nan), nuc=nuclei_)
def test_kinematics_helpers_reject_negative_energies(bad, nuc):
    raises_naming(("energy", "E"), xs.t_max, bad, nuc.mass)
    raises_naming(("recoil", "T"), xs.e_min, bad, nuc.mass)


# ========================================================================= detectors and events
@SLOW
@given(
    name=st.sampled_from(DETECTOR_NAMES),
    m1=st.floats(1e-3, 1e5),
    factor=st.floats(1.0, 1e3),
    g_p=couplings,
    g_n=couplings,
    mu=mu_nus,
)
def test_events_non_negative_and_monotone_in_exposure(name, m1, factor, g_p, g_n, mu):
    det = get_detector(name)
    d1, d2 = det.with_(mass=m1 * u.kg), det.with_(mass=m1 * factor * u.kg)
    n1 = rates.events(d1, g_p, g_n, mu)
    n2 = rates.events(d2, g_p, g_n, mu)
    assert all_finite(n1, n2) and 0 <= n1 <= n2
    by = rates.events(d1, g_p, g_n, mu, by_flavour=True)
    assert all(v >= 0 for v in by.values()) and by["total"] == pytest.approx(
        n1, rel=1e-12, abs=1e-300
    )


@FAST
@given(
    t=st.lists(recoils, min_size=1, max_size=8),
    g_p=couplings,
    g_n=couplings,
    mu=mu_nus,
    window=st.sampled_from(CSI_WINDOWS),
)
def test_recoil_spectrum_non_negative(t, g_p, g_n, mu, window):
    t = [x for x in t if x > 0] or [1e-5]
    dn = rates.recoil_spectrum(csi2017(window), t, g_p, g_n, mu_nu=mu)
    assert all_finite(dn) and np.all(dn >= 0)


@settings(
    SLOW, phases=(Phase.explicit, Phase.generate)
)  # every example computes a response: no shrinking
@given(name=st.sampled_from(DETECTOR_NAMES), mass=st.floats(max_value=-1e-300) | st.just(math.nan))
def test_negative_detector_mass_is_rejected(name, mass):
    raises_naming(
        "mass", lambda: rates.events(get_detector(name).with_(mass=mass * u.kg), 0.02, -0.5)
    )


@FAST
@given(
    mass=st.floats(max_value=0.0) | st.just(math.nan),
    baseline=st.floats(max_value=0.0) | st.just(math.nan),
)
def test_sns_detector_rejects_non_positive_mass_and_baseline(mass, baseline):
    args = ("x", "x", "CsI", (("Cs133", 1), ("I127", 1)))
    raises_naming("mass_kg", sns_detector, *args, mass, 19.3, 1e23, 0.08, None)
    raises_naming("baseline_m", sns_detector, *args, 14.6, baseline, 1e23, 0.08, None)


@FAST
@given(name=names)
def test_unknown_names_are_rejected(name):
    if name not in EXPERIMENTS:
        raises_naming("experiment", get_experiment, name)
    if name not in EXPERIMENTS:
        raises_naming("experiment", get_detector, name)
    if name not in CSI_WINDOWS:
        raises_naming("window", csi2017, name)
        raises_naming("csi_window", Settings, csi_window=name)
    if name not in FORM_FACTORS:
        raises_naming("form_factor", Settings, form=name)
        raises_naming("form_factor", rates.response, csi2017(), name)
    if name not in xs.KINEMATICS:
        raises_naming("kinematics", Settings, kinematics=name)
        raises_naming(
            "kinematics", xs.cevns, 1e-6, 0.03, NUCLEI["Cs133"], 0.02, -0.5, kinematics=name
        )
    if name not in model331.SM_SCHEMES:
        raises_naming("sm_scheme", model331.sm_nucleon_couplings, SW2_LOW, name)
    if name not in ("nu", "u", "d"):
        raises_naming("fermion", model331.zp_couplings, name, 0.1)
    raises_naming(("input", name), get_experiment("csi2017").with_inputs, **{f"x_{name}": 1.0})


@FAST
@given(name=names.filter(lambda s: s not in NUCLEI))
def test_unknown_nucleus_is_rejected(name):
    raises_naming(("nucleus", "isotope", "name"), nucleus, name)


# ============================================================================= experiments, chi^2
@FAST
@given(
    name=st.sampled_from(SINGLE),
    beta=betas(),
    mzp=mzps,
    sign=st.sampled_from([1, -1]),
    form=st.sampled_from(FORM_FACTORS),
)
def test_experiment_events_and_chi2_non_negative(name, beta, mzp, sign, form):
    s = DEFAULT.with_(zp_sign=sign, form=form)
    exp = get_experiment(name)
    n = exp.n_model(beta, mzp, s)
    c = exp.chi2_model(beta, mzp, s)
    assert all_finite(n, c, exp.n_sm(s)) and n >= 0 and c >= 0


@FAST
@given(
    name=st.sampled_from(sorted(EXPERIMENTS)),
    bs=st.lists(betas(), min_size=1, max_size=5),
    ms=st.lists(mzps, min_size=1, max_size=5),
    sign=st.sampled_from([1, -1]),
    tbb=st.none() | st.floats(0.0, 20.0),
    sw2=st.floats(0.2, 0.25),
)
def test_delta_chi2_grid_non_negative(name, bs, ms, sign, tbb, sw2):
    s = DEFAULT.with_(zp_sign=sign, tan_beta_bar=tbb, sw2=sw2)
    b = model331.beta_max(sw2)
    bs = [x for x in bs if abs(x) < b] or [0.0]
    grid = get_experiment(name).delta_chi2_grid(bs, ms, s)
    assert grid.shape == (len(bs), len(ms))
    assert all_finite(grid) and np.all(grid >= 0)


@FAST
@given(
    n_th=st.floats(0, 1e5),
    n_meas=st.floats(1, 1e5),
    b_on=st.floats(0, 1e4),
    b_ss=st.floats(0, 1e5),
    sa=st.floats(0, 2),
    sb=st.floats(0, 2),
    stat=st.floats(1e-3, 1e3),
    n_sm=st.floats(1e-3, 1e5),
)
def test_chi2_functions_non_negative(n_th, n_meas, b_on, b_ss, sa, sb, stat, n_sm):
    c = [
        statistics.chi2_csi(n_th, n_meas, b_on, b_ss, sa, sb),
        statistics.chi2_normalisation(n_th, n_meas, stat, sa),
        statistics.chi2_projection(n_th, n_sm, b_ss, sa),
    ]
    assert all_finite(*c) and all(x >= 0 for x in c)
    assert statistics.chi2_normalisation(n_meas, n_meas, stat, sa) == 0  # perfect agreement


@FAST
@given(
    cl=st.floats(1e-6, 1 - 1e-6),
    bad=st.floats(max_value=0.0) | st.floats(min_value=1.0) | st.just(math.nan),
)
def test_delta_chi2_threshold(cl, bad):
    thr = statistics.delta_chi2_threshold(cl)
    assert np.isfinite(thr) and thr > 0
    raises_naming("cl", statistics.delta_chi2_threshold, bad)
    raises_naming("cl", get_experiment("csi2017").bound, 0.1, DEFAULT, bad)


@SLOW
@given(name=st.sampled_from(sorted(EXPERIMENTS)), beta=betas())
def test_bound_is_positive(name, beta):
    b = get_experiment(name).bound(beta)
    assert b.mzp_min > 0 and not math.isnan(b.mzp_min) and b.chi2_min >= 0


@FAST
@given(
    v31=st.floats(max_value=-1e-300) | st.floats(min_value=1.0 + 1e-12) | st.just(math.nan),
    mu=st.floats(max_value=-1e-300) | st.just(math.nan),
    sign=st.integers().filter(lambda k: k not in (1, -1)),
    tbb=st.floats(max_value=-1e-300) | st.just(math.nan),
)
def test_settings_reject_bad_values(v31, mu, sign, tbb):
    raises_naming("v31", Settings, v31=v31)
    raises_naming("mu_nu", Settings, mu_nu=mu)
    raises_naming("zp_sign", Settings, zp_sign=sign)
    raises_naming(
        "tan_beta_bar",
        lambda: get_experiment("csi2017").n_model(0.5, 1000.0, DEFAULT.with_(tan_beta_bar=tbb)),
    )


# ======================================================================================== the CLI
def _subcommands():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return parser, sub.choices


PARSER, SUBPARSERS = _subcommands()
ALL_OPTIONS = {
    o for p in [PARSER, *SUBPARSERS.values()] for a in p._actions for o in a.option_strings
}
EVENT_EXPERIMENTS = [n for n in SINGLE]  # `events` needs a single detector
BASE = {  # one valid command line per subcommand
    "couplings": ["couplings", "--beta", "0.5"],
    "events": ["events", "--experiment", "csi2017", "--beta", "0.5", "--mzp", "1000"],
    "bound": ["bound", "--experiment", "csi2017", "--beta", "0.5"],
    "scan": [
        "scan",
        "--experiment",
        "csi2017",
        "--beta-points",
        "3",
        "--mzp-points",
        "3",
        "--no-grid",
    ],
    "experiments": ["experiments"],
}
BASE = {k: v for k, v in BASE.items() if k in SUBPARSERS}


def _numeric_options(cmd, kind):
    """Options of ``cmd`` whose converter is the CLI's _finite/_positive/_count (by qualname)."""
    return sorted(
        o
        for a in SUBPARSERS[cmd]._actions
        for o in a.option_strings
        if getattr(a.type, "__qualname__", "").startswith(_KINDS.get(kind, (kind,)))
    )


#: the M_Z' converter (_mass) is a _positive converter with a floor
_KINDS = {"_positive": ("_positive", "_mass")}


def _set(argv, option, value, joined):
    """argv with ``option`` set to ``value`` (replacing an existing value), as '--opt=v' or '--opt v'."""
    argv = list(argv)
    if option in argv:
        i = argv.index(option)
        del argv[i : i + 2]
    return argv + ([f"{option}={value}"] if joined else [option, value])


def _parses_as_float(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _parses_as_int(text):
    try:
        int(text)
    except ValueError:
        return False
    return True


def run_cli(capsys, argv):
    capsys.readouterr()  # drop anything left over from the previous example
    try:
        rc = main(list(argv))
    except SystemExit as exc:  # argparse errors exit from inside parse_args
        rc = exc.code
    out = capsys.readouterr()
    return rc, out.out, out.err


def assert_one_line_error(capsys, argv):
    rc, out, err = run_cli(capsys, argv)
    assert rc == 2, (argv, rc, out, err)
    assert err.startswith("cevnslib: error: "), (argv, err)
    assert err.count("\n") == 1 and err.endswith("\n"), (argv, err)
    assert "Traceback" not in err and out == "", (argv, out, err)
    return err


bad_numbers = st.text(max_size=8).filter(lambda s: "\n" not in s and not _parses_as_float(s))
non_finite = st.sampled_from(
    [
        "nan",
        "NaN",
        "-nan",
        "inf",
        "-inf",
        "+inf",
        "Infinity",
        "-Infinity",
        "1e999",
        "-1e999",
        "infinity",
        " nan ",
    ]
)
CLI = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _cmd_with(kind):
    return st.sampled_from([c for c in BASE if _numeric_options(c, kind)])


@CLI
@given(
    data=st.data(), cmd=_cmd_with("_finite"), value=bad_numbers | non_finite, joined=st.booleans()
)
def test_cli_rejects_bad_and_non_finite_numbers(capsys, data, cmd, value, joined):
    opts = _numeric_options(cmd, "_finite") + _numeric_options(cmd, "_positive")
    option = data.draw(st.sampled_from(opts), label="option")
    assert_one_line_error(capsys, _set(BASE[cmd], option, value, joined))


@CLI
@given(
    cmd=st.sampled_from([c for c in ("couplings", "events", "bound") if c in BASE]),
    beta=out_of_range_beta(),
    joined=st.booleans(),
)
def test_cli_rejects_beta_out_of_range(capsys, cmd, beta, joined):
    err = assert_one_line_error(capsys, _set(BASE[cmd], "--beta", repr(beta), joined))
    assert "beta" in err


@CLI
@given(
    data=st.data(),
    cmd=_cmd_with("_positive"),
    value=st.floats(max_value=0.0, allow_infinity=False),
    joined=st.booleans(),
)
def test_cli_rejects_non_positive_masses(capsys, data, cmd, value, joined):
    option = data.draw(st.sampled_from(_numeric_options(cmd, "_positive")), label="option")
    err = assert_one_line_error(capsys, _set(BASE[cmd], option, repr(value), joined))
    assert option.lstrip("-") in err or "expected one argument" in err


@CLI
@given(
    cmd=st.sampled_from([c for c in BASE if "--experiment" in BASE[c]]),
    name=names.filter(lambda s: "\n" not in s and s not in EXPERIMENTS),
    joined=st.booleans(),
)
def test_cli_rejects_unknown_experiment(capsys, cmd, name, joined):
    err = assert_one_line_error(capsys, _set(BASE[cmd], "--experiment", name, joined))
    assert "experiment" in err or "expected one argument" in err


@CLI
@given(
    name=names.filter(lambda s: "\n" not in s and s not in SUBPARSERS and not s.startswith("-")),
    rest=st.lists(
        st.sampled_from(["--json", "--beta", "1", "--experiment", "csi2017"]), max_size=3
    ),
)
def test_cli_rejects_unknown_subcommand(capsys, name, rest):
    assert_one_line_error(capsys, [name, *rest])


@CLI
@given(
    cmd=st.sampled_from(sorted(BASE)),
    option=st.from_regex(r"\A--?[A-Za-z][A-Za-z0-9-]{0,10}\Z").filter(
        lambda o: not any(v.startswith(o) for v in ALL_OPTIONS)
    ),
    value=st.none() | st.sampled_from(["1", "x", "nan"]),
)
def test_cli_rejects_unknown_options(capsys, cmd, option, value):
    extra = [option] if value is None else [option, value]
    assert_one_line_error(capsys, BASE[cmd] + extra)


@CLI
@given(
    data=st.data(),
    value=st.integers(max_value=1).map(str)
    | st.integers(min_value=10001).map(str)
    | st.text(max_size=6).filter(lambda s: "\n" not in s and not _parses_as_int(s)),
    joined=st.booleans(),
)
def test_cli_rejects_bad_grid_sizes(capsys, data, value, joined):
    if "scan" not in BASE:
        return
    option = data.draw(st.sampled_from(_numeric_options("scan", "_count")), label="option")
    assert_one_line_error(capsys, _set(BASE["scan"], option, value, joined))


@CLI
@given(
    cmd=st.sampled_from([c for c in ("events", "bound", "scan") if c in BASE]),
    option=st.sampled_from(["--form-factor", "--kinematics", "--csi-window", "--sm-scheme"]),
    value=names.filter(
        lambda s: (
            "\n" not in s
            and s.strip()
            and not s.startswith("-")
            and s not in FORM_FACTORS + xs.KINEMATICS + CSI_WINDOWS + model331.SM_SCHEMES
        )
    ),
)
def test_cli_rejects_unknown_choices(capsys, cmd, option, value):
    err = assert_one_line_error(capsys, _set(BASE[cmd], option, value, True))
    assert option.lstrip("-").replace("-", "_") in err.replace("-", "_")


@CLI
@given(
    cmd=st.sampled_from([c for c in ("bound", "scan") if c in BASE]),
    cl=st.floats(max_value=0.0, allow_infinity=False)
    | st.floats(min_value=1.0, allow_infinity=False),
    sw2=st.floats(0.5, 1e6),
)
def test_cli_rejects_out_of_range_cl_and_sw2(capsys, cmd, cl, sw2):
    assert "cl" in assert_one_line_error(capsys, _set(BASE[cmd], "--cl", repr(cl), True))
    assert "sw2" in assert_one_line_error(capsys, _set(BASE[cmd], "--sw2", repr(sw2), True))


@CLI
@given(
    cmd=st.sampled_from(sorted(BASE)),
    junk=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=6),
    where=st.sampled_from(["option", "subcommand", "experiment"]),
)
def test_cli_error_is_one_line_even_with_control_characters(capsys, cmd, junk, where):
    """Arguments may contain newlines (a shell can pass them); the error must still be one line."""
    bad = f"x\n{junk}"
    if where == "option":
        argv = BASE[cmd] + [f"--{bad}"]
    elif where == "subcommand":
        argv = [bad]
    else:
        argv = _set(BASE.get("bound", BASE[cmd]), "--experiment", bad, True)
    assert_one_line_error(capsys, argv)


@FAST
@given(name=st.sampled_from(EVENT_EXPERIMENTS), beta=betas(), mzp=st.floats(1.0, 1e6))
def test_cli_valid_events_are_finite(name, beta, mzp):
    """A valid command line succeeds; events are finite and non-negative (JSON, via the public entry)."""
    import contextlib
    import io
    import json

    buf, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(err):
        rc = main(["events", "--experiment", name, f"--beta={beta!r}", f"--mzp={mzp!r}", "--json"])
    assert rc == 0, err.getvalue()
    d = json.loads(buf.getvalue())
    assert d["n_model"] is not None and d["n_model"] >= 0 and d["n_sm"] > 0


# ---------------------------------------------------------------- likelihoods and data (#16, item 8)
# Every public function of cevnslib.experiments.likelihoods and cevnslib.data checks its inputs at
# the edge (before any release is loaded): bad input is an InputError naming the parameter.
from cevnslib.data import releases as _rel  # noqa: E402
from cevnslib.experiments import likelihoods as _lik  # noqa: E402

_bad_counts = (
    st.integers(max_value=4) | st.integers(min_value=2002) | st.floats(allow_nan=True)
    | st.booleans() | st.text(max_size=3) | st.none()
)  # fmt: skip
_bad_unit_interval = st.floats(max_value=0.0) | st.floats(min_value=1.0) | st.just(math.nan)
_not_bools = st.integers() | st.text(max_size=3) | st.none() | st.floats()
_bad_x = st.floats(max_value=-1e-300) | st.just(math.nan) | st.just(math.inf)
_bad_names = names.filter(lambda s: s not in _lik.LIKELIHOODS) | st.lists(st.text(), max_size=2)
_bad_settings = st.none() | st.integers() | st.text(max_size=3) | st.just({"sw2": 0.2})


def _refused(name, call):
    with pytest.raises(InputError, match=name):
        call()


@FAST
@given(name=_bad_names)
def test_likelihood_functions_refuse_unknown_releases(name):
    for f in (_lik.build_model, _lik.fit, _lik.profile, _lik.profile_uncached):
        _refused("experiment", lambda f=f: f(name))
    _refused("experiment", lambda: _lik.signal_scale(name, 0.0, 0.0))
    _refused("experiment", lambda: _lik.binned_bound(name, 0.0))
    _refused("experiment", lambda: _lik.binned_delta_grid(name, [0.0], [1000.0]))


@FAST
@given(settings_=_bad_settings, name=st.sampled_from(_lik.LIKELIHOODS))
def test_likelihood_functions_refuse_bad_settings(settings_, name):
    for f in (_lik.build_model, _lik.fit, _lik.profile, _lik.profile_uncached):
        _refused("settings", lambda f=f: f(name, settings_))
    _refused("settings", lambda: _lik.signal_scale(name, 0.0, 0.0, settings_))
    _refused("settings", lambda: _lik.binned_bound(name, 0.0, settings_))
    _refused("settings", lambda: _lik.binned_delta_grid(name, [0.0], [1e3], settings_))


@FAST
@given(n=_bad_counts, name=st.sampled_from(_lik.LIKELIHOODS))
@example(n=0, name="lar2020")
def test_profile_refuses_bad_grid_sizes(n, name):
    _refused("n", lambda: _lik.profile(name, n=n))
    _refused("n", lambda: _lik.profile_uncached(name, n=n))


@FAST
@given(mu_max=st.floats(max_value=0.0) | st.floats(min_value=20.0) | st.just(math.nan))
def test_profile_refuses_bad_mu_max(mu_max):
    _refused("mu_max", lambda: _lik.profile("csi2017", mu_max=mu_max))


@FAST
@given(flag=_not_bools.filter(lambda v: not isinstance(v, bool)))
def test_boolean_options_must_be_booleans(flag):
    _refused("asimov", lambda: _lik.profile("csi2017", asimov=flag))
    _refused("asimov", lambda: _lik.binned_bound("csi2017", 0.0, asimov=flag))
    _refused("asimov", lambda: _lik.binned_delta_grid("csi2017", [0.0], [1e3], asimov=flag))
    _refused("sm", lambda: _lik.binned_delta_grid("csi2017", [0.0], [1e3], sm=flag))


@FAST
@given(x=_bad_x, beta=betas())
@example(x=-1.0, beta=0.0)
def test_signal_scale_refuses_negative_x(x, beta):
    _refused("x", lambda: _lik.signal_scale("lar2020", beta, x))


@FAST
@given(beta=out_of_range_beta() | st.just(math.nan), cl=st.floats(0.01, 0.99))
def test_binned_functions_refuse_beta_outside_the_landau_interval(beta, cl):
    _refused("beta", lambda: _lik.signal_scale("csi2017", beta, 0.0))
    _refused("beta", lambda: _lik.binned_bound("csi2017", beta, cl=cl))
    _refused("beta", lambda: _lik.binned_delta_grid("csi2017", [beta], [1e3]))


@FAST
@given(cl=_bad_unit_interval)
def test_binned_bound_refuses_bad_cl(cl):
    _refused("cl", lambda: _lik.binned_bound("csi2017", 0.0, cl=cl))


@FAST
@given(
    shape=st.sampled_from([(0,), (2, 2), ()]),
    axis=st.sampled_from(["betas", "mzps"]),
)
def test_binned_delta_grid_refuses_empty_or_wrong_axes(shape, axis):
    bad = np.zeros(shape) if shape else 0.0
    betas_, mzps_ = (bad, [1e3]) if axis == "betas" else ([0.0], bad)
    _refused(axis, lambda: _lik.binned_delta_grid("lar2020", betas_, mzps_))


@FAST
@given(mzp=st.floats(max_value=0.0) | st.just(math.nan))
def test_binned_delta_grid_refuses_non_positive_masses(mzp):
    _refused("mzps", lambda: _lik.binned_delta_grid("lar2020", [0.0], [1e3, mzp]))


@FAST
@given(mu=st.floats(max_value=-1e-300) | st.just(math.nan) | st.just(math.inf))
def test_hypotest_and_profile_refuse_bad_mu(mu):
    _refused("mu", lambda: _lik.hypotest_cls("csi2017", mu))
    prof = _lik.Profile(np.linspace(0, 3, 11), np.linspace(0, 3, 11) ** 2, 0.0)
    _refused("mu", lambda: prof(mu))
    _refused("mu", lambda: prof([0.5, mu]))


@FAST
@given(level=st.floats(max_value=0.0) | st.just(math.nan))
def test_profile_interval_refuses_bad_levels(level):
    prof = _lik.Profile(np.linspace(0, 3, 11), (np.linspace(0, 3, 11) - 1) ** 2, 1.0)
    _refused("level", lambda: prof.interval(level))


@FAST
@given(
    mu_hat=st.floats(0.2, 2.8),
    curvature=st.floats(0.1, 50.0),
    mu=st.lists(st.floats(0.0, 100.0), min_size=1, max_size=5),
)
def test_profile_is_non_negative_and_zero_near_its_minimum(mu_hat, curvature, mu):
    grid = np.linspace(0.0, 3.0, 41)
    prof = _lik.Profile(grid, curvature * (grid - mu_hat) ** 2, mu_hat)
    vals = prof(mu)
    assert np.all(np.isfinite(vals)) and np.all(vals >= 0)
    lo, hi = prof.interval(1.0)
    assert lo <= mu_hat <= hi


@FAST
@given(model=st.none() | st.integers() | st.text(max_size=3) | st.just({"channels": []}))
def test_workspace_and_pars_need_a_model(model):
    _refused("model", lambda: _lik.workspace(model))
    _refused("model", lambda: _lik.pyhf_pars(model, None, [1.0]))


@FAST
@given(name=_bad_names | st.none() | st.integers())
def test_data_functions_refuse_unknown_releases(name):
    _refused("release", lambda: _rel.load_release(name))
    _refused("release", lambda: _rel.find_local(name, "."))
    _refused("release", lambda: _rel.cache_dir(name))


@FAST
@given(download=st.integers() | st.text(max_size=3) | st.floats())
def test_load_release_download_must_be_a_flag(download):
    _refused("download", lambda: _rel.load_release("csi2017", download=download))


@FAST
@given(notebook=st.none() | st.integers() | st.floats() | st.lists(st.text(), max_size=2))
def test_missing_release_needs_a_path(notebook):
    _refused("notebook", lambda: _rel.missing_release(notebook))


def test_release_names_and_unreadable_notebooks(tmp_path):
    assert _rel.release_names() == tuple(_rel.RELEASES) == _lik.LIKELIHOODS
    assert _rel.missing_release(tmp_path / "nowhere.ipynb") is None
    (tmp_path / "bad.ipynb").write_text("{not json")
    assert _rel.missing_release(tmp_path / "bad.ipynb") is None


def _release_or_skip(name):
    try:
        return _rel.load_release(name, download=False)
    except _rel.ReleaseUnavailable:
        pytest.skip(f"COHERENT release {name} unavailable (set CEVNSLIB_DATA)")


@settings(max_examples=20, deadline=None, derandomize=True, database=None)
@given(name=st.sampled_from(_lik.LIKELIHOODS), beta=betas(edge=True), x=st.floats(0.0, 3.3))
@example(name="csi2017", beta=0.0, x=0.0)
def test_signal_scale_is_one_for_the_sm_and_finite(name, beta, x):
    _release_or_skip(name)
    mu = _lik.signal_scale(name, beta, x)
    assert np.isfinite(mu) and mu >= 0
    assert _lik.signal_scale(name, beta, 0.0) == pytest.approx(1.0, rel=1e-12)


@settings(max_examples=15, deadline=None, derandomize=True, database=None)
@given(betas_=st.lists(betas(), min_size=1, max_size=4), m1=st.floats(10.0, 1e4))
def test_binned_delta_grid_is_non_negative_with_the_sm_beside(betas_, m1):
    _release_or_skip("lar2020")
    grid, sm = _lik.binned_delta_grid("lar2020", betas_, [m1, 3 * m1], sm=True)
    assert grid.shape == (len(betas_), 2) and sm.shape == (len(betas_),)
    assert np.all(grid >= 0) and np.all(sm >= 0)
    assert np.allclose(np.minimum(grid.min(axis=1), sm), 0.0)


@settings(max_examples=10, deadline=None, derandomize=True, database=None)
@given(fname=names.filter(lambda s: s not in _rel.RELEASE_FILES["lar2020"]))
def test_release_getitem_names_the_files(fname):
    rel = _release_or_skip("lar2020")
    _refused("file_name", lambda: rel[fname])
