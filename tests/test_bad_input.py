"""Every public function of cevnslib.physics and cevnslib.experiments, fed bad input.

For each function a valid call is listed; hypothesis replaces one argument by NaN, +-inf, a
negative number, a huge number, a wrong type or an unknown name.  The call must either raise
:class:`InputError` (naming the parameter) or return a finite result.  pytest turns warnings into
errors (pyproject ``filterwarnings``), so an overflow warning counts as a failure too.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cevnslib.errors import InputError
from cevnslib.experiments import detectors as det
from cevnslib.experiments import rates, registry
from cevnslib.physics import cross_sections as xs
from cevnslib.physics import fluxes, form_factors, model331, nuclei, running
from cevnslib.stats import bounds as statistics

CSI = det.csi2017()
CS = nuclei.nucleus("Cs133")
EXP = registry.get_experiment("csi2017")
GE = registry.get_experiment("ge2026")
KEV = 1e-6

# (name, function, valid keyword arguments)
CASES = [
    ("f_beta", model331.f_beta, {"beta": 1.0, "sw2": 0.23}),
    ("beta_max", model331.beta_max, {"sw2": 0.23}),
    ("check_beta", model331.check_beta, {"beta": 1.0, "sw2": 0.23}),
    ("gx_over_g", model331.gx_over_g, {"beta": 1.0, "sw2": 0.23}),
    ("exotic_charges", model331.exotic_charges, {"beta": 1.0}),
    ("gauge_boson_charges", model331.gauge_boson_charges, {"beta": 1.0}),
    ("z_couplings", model331.z_couplings, {"fermion": "u", "sw2": 0.23}),
    ("zp_couplings", model331.zp_couplings, {"fermion": "u", "beta": 1.0, "sw2": 0.23}),
    ("zp_couplings_table", model331.zp_couplings_table, {"beta": 1.0, "sw2": 0.23}),
    ("mixing_ratio", model331.mixing_ratio, {"beta": 1.0, "sw2": 0.23, "tan_beta_bar": 1.0}),
    ("mass_ratio_squared", model331.mass_ratio_squared, {"mzp": 1000.0}),
    ("sm_nucleon_couplings", model331.sm_nucleon_couplings, {"sw2": 0.23, "scheme": "tree"}),
    ("nucleon_coupling_shifts", model331.nucleon_coupling_shifts, {"beta": 1.0, "sw2": 0.23}),
    ("nucleon_couplings", model331.nucleon_couplings, {"beta": 1.0, "mzp": 1000.0}),
    (
        "weak_charge_ratio",
        model331.weak_charge_ratio,
        {"beta": 1.0, "mzp": 1000.0, "Z": 55, "N": 78},
    ),
    ("sw2_msbar", running.sw2_msbar, {"mu": 1000.0}),
    ("landau_scale", running.landau_scale, {"beta": 1.0}),
    ("nucleus", nuclei.nucleus, {"name": "Cs133"}),
    ("spherical_j1_ratio", form_factors.spherical_j1_ratio, {"x": 0.5}),
    ("helm_radius", form_factors.helm_radius, {"mass_number": 133.0, "variant": "helm"}),
    ("form_factor", form_factors.form_factor, {"q": 0.05, "mass_number": 133.0, "kind": "helm"}),
    ("nu_e_delayed", fluxes.nu_e_delayed, {"energy": 0.03}),
    ("nu_mu_bar_delayed", fluxes.nu_mu_bar_delayed, {"energy": 0.03}),
    ("sns_fluence", fluxes.sns_fluence, {"n_pot": 1e23, "nu_per_proton": 0.08, "baseline": 19.3}),
    ("reactor_antinu_e", fluxes.reactor_antinu_e, {"energy": 0.003}),
    ("solar_b8", fluxes.solar_b8, {"energy": 0.008}),
    ("t_max", xs.t_max, {"energy": 0.03, "mass": 123.0}),
    ("e_min", xs.e_min, {"recoil": 10 * KEV, "mass": 123.0}),
    ("weak_charge", xs.weak_charge, {"nucleus": CS, "g_p": 0.02, "g_n": -0.5}),
    (
        "cevns_unit_charge",
        xs.cevns_unit_charge,
        {"recoil": 10 * KEV, "energy": 0.03, "nucleus": CS},
    ),
    (
        "magnetic_moment",
        xs.magnetic_moment,
        {"recoil": 10 * KEV, "energy": 0.03, "nucleus": CS, "mu_nu": 1e-10},
    ),
    ("dirac_magnetic_moment", xs.dirac_magnetic_moment, {"m_nu": 1e-9}),
    ("get_detector", det.get_detector, {"name": "lar2020"}),
    ("csi2017", det.csi2017, {"window": "coherent"}),
    ("events", rates.events, {"detector": CSI, "g_p": 0.02, "g_n": -0.5}),
    (
        "recoil_spectrum",
        rates.recoil_spectrum,
        {"detector": CSI, "recoil": 10 * KEV, "g_p": 0.02, "g_n": -0.5, "flavour": "nu_mu"},
    ),
    (
        "chi2_csi",
        statistics.chi2_csi,
        {
            "n_th": 130.0,
            "n_meas": 142,
            "b_on": 6,
            "b_ss": 405,
            "sigma_alpha": 0.28,
            "sigma_beta": 0.25,
        },
    ),
    (
        "chi2_normalisation",
        statistics.chi2_normalisation,
        {"n_th": 130.0, "n_meas": 159.0, "sigma_stat": 20.0, "sigma_a": 0.13},
    ),
    (
        "chi2_projection",
        statistics.chi2_projection,
        {"n_model": 100.0, "n_sm": 110.0, "b_ss": 110.0, "sigma_xi": 0.1},
    ),
    ("delta_chi2_threshold", statistics.delta_chi2_threshold, {"cl": 0.9, "dof": 1}),
    (
        "lower_bound",
        statistics.lower_bound,
        {"chi2_of_x": lambda x: 1.0 + 100.0 * np.asarray(x), "m_ref": 91.1876, "cl": 0.9},
    ),
    ("Settings", registry.Settings, {"sw2": 0.23, "v31": 0.1, "mu_nu": 0.0}),
    ("get_experiment", registry.get_experiment, {"name": "csi2017"}),
    ("n_model", EXP.n_model, {"beta": 1.0, "mzp": 1000.0}),
    ("n_model_x", EXP.n_model_x, {"beta": 1.0, "x": 0.01}),
    ("chi2", EXP.chi2, {"n_th": 130.0}),
    ("chi2_x", EXP.chi2_x, {"beta": 1.0, "x": 0.01}),
    ("chi2_model", GE.chi2_model, {"beta": 1.0, "mzp": 1000.0}),
    ("bound", EXP.bound, {"beta": 1.0, "cl": 0.9}),
    ("delta_chi2_grid", EXP.delta_chi2_grid, {"betas": [0.0, 1.0], "mzps": [100.0, 1000.0]}),
    ("with_inputs", EXP.with_inputs, {"n_meas": 140.0}),
    ("Tabulated", det.Tabulated, {"t_kevnr": (5.0, 10.0), "eff": (0.1, 0.9)}),
    ("Flat", det.Flat, {"value": 0.5}),
    ("nai_projection", det.nai_projection, {"mass_kg": 185.0}),
    ("response", rates.response, {"detector": CSI, "form": "helm", "kinematics": "paper"}),
    (
        "events_from_response",
        rates.events_from_response,
        {"resp": EXP.response(), "g_p": 0.02, "g_n": -0.5, "mu_nu": 0.0},
    ),
    ("mean_energy", fluxes.mean_energy, {"spectrum": fluxes.REACTOR_SPECTRUM, "n": 50}),
    (
        "cevns",
        xs.cevns,
        {"recoil": 10 * KEV, "energy": 0.03, "nucleus": CS, "g_p": 0.02, "g_n": -0.5},
    ),
    (
        "total",
        xs.total,
        {"recoil": 10 * KEV, "energy": 0.03, "nucleus": CS, "g_p": 0.02, "g_n": -0.5},
    ),
    (
        "effective_vector_coupling",
        model331.effective_vector_coupling,
        {"g_nu_v": 0.5, "g_nu_a": 0.5, "g_q_v": 0.2, "mass_ratio_sq": 0.01},
    ),
    (
        "chi2_ratio",
        registry.chi2_ratio,
        {
            "ratio": 1.1,
            "n_obs": 306.0,
            "sigma_up": 20.0,
            "sigma_down": 20.0,
            "n_pred": 341.0,
            "sigma_pred": 43.4,
        },
    ),  # fmt: skip
    ("weak_charges_x", registry.weak_charges_x, {"resp": EXP.response(), "beta": 1.0}),
    ("n_sm", EXP.n_sm, {"settings": registry.DEFAULT}),
    ("events_x", registry.events_x, {"resp": EXP.response(), "beta": 1.0, "x": 0.01}),
]
BAD = [math.nan, math.inf, -math.inf, -1.0, -1e300, 1e300, "bogus", None, (math.nan, 1.0)]


def _finite(result) -> bool:
    """Every number inside ``result`` (scalars, arrays, tuples, dicts, dataclasses) is finite."""
    if result is None or isinstance(result, (str, bool)):
        return True
    if isinstance(result, dict):
        return all(_finite(v) for v in result.values())
    if isinstance(result, (tuple, list)):
        return all(_finite(v) for v in result)
    if isinstance(result, det.Detector):  # t_hi = inf: an open window, not a result
        return True
    if dataclasses.is_dataclass(result):
        return all(
            _finite(getattr(result, f.name))
            for f in dataclasses.fields(result)
            if f.name not in ("mzp_min", "intervals", "best")  # inf = "no bound": documented
        )
    if callable(result):
        return True
    arr = np.asarray(result)
    return arr.dtype.kind not in "fc" or bool(np.all(np.isfinite(arr)))


@pytest.mark.parametrize(("name", "func", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_valid_call_is_finite(name, func, kwargs):
    result = func(**kwargs)
    assert name == "landau_scale" or _finite(result), name  # landau_scale: inf = no pole (doc)


@pytest.mark.parametrize(("name", "func", "kwargs"), CASES, ids=[c[0] for c in CASES])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_bad_input_raises_or_is_finite(name, func, kwargs, data):
    key = data.draw(st.sampled_from(sorted(kwargs)), label="parameter")
    bad = data.draw(st.sampled_from(BAD), label="value")
    call = {**kwargs, key: bad}
    try:
        result = func(**call)
    except InputError as exc:
        message = str(exc)
    else:
        message = ""
        documented_inf = name == "landau_scale" and result == math.inf
        assert documented_inf or _finite(result), f"{name}({key}={bad!r}) returned {result!r}"
    assert "\n" not in message
