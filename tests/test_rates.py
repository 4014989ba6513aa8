"""Cross sections and event rates: positivity, kinematics, accuracy against adaptive quadrature."""

import numpy as np
import pytest
from scipy.integrate import quad

from cevnslib.errors import InputError
from cevnslib.experiments import rates
from cevnslib.experiments.detectors import CSI_WINDOWS, csi2017, get_detector, lar2020
from cevnslib.physics import cross_sections as xs
from cevnslib.physics import units as u
from cevnslib.physics.constants import G_F
from cevnslib.physics.fluxes import E_MAX_DELAYED, E_PROMPT, SNS_FLAVOURS, nu_e_delayed
from cevnslib.physics.model331 import sm_nucleon_couplings
from cevnslib.physics.nuclei import NUCLEI

CS = NUCLEI["Cs133"]


def test_cross_section_limits_and_scaling():
    e = 30 * u.MeV
    tm = xs.t_max(e, CS.mass)
    t = np.linspace(0, 1.5 * tm, 200)
    s = xs.cevns(t, e, CS, 0.02, -0.5)
    assert np.all(s >= 0) and np.all(s[t > tm] == 0)
    # at T = 0: G_F^2 M / pi Q_W^2 exactly
    assert xs.cevns(0.0, e, CS, 0.0, -0.5) == pytest.approx(
        G_F**2 * CS.mass / np.pi * (CS.N / 2) ** 2
    )
    # proportional to Q_W^2
    assert xs.cevns(1 * u.keV, e, CS, 0.0, -1.0) == pytest.approx(
        4 * xs.cevns(1 * u.keV, e, CS, 0.0, -0.5)
    )
    # the full kinematic factor is smaller by T/E
    t1 = 5 * u.keV
    k_paper = 1 - CS.mass * t1 / (2 * e**2)
    ratio = xs.cevns(t1, e, CS, 0, -0.5, kinematics="full") / xs.cevns(t1, e, CS, 0, -0.5)
    assert ratio == pytest.approx((k_paper - t1 / e) / k_paper)


def test_emin_inverts_tmax():
    e = np.array([10, 30, 50]) * u.MeV
    assert xs.e_min(xs.t_max(e, CS.mass), CS.mass) == pytest.approx(e)


def test_magnetic_moment():
    e, t = 30 * u.MeV, 2 * u.keV
    assert xs.magnetic_moment(t, e, CS, 0.0) == 0.0
    assert xs.magnetic_moment(t, e, CS, 2e-10) == pytest.approx(
        4 * xs.magnetic_moment(t, e, CS, 1e-10)
    )
    assert xs.dirac_magnetic_moment(1 * u.eV) == pytest.approx(3.2e-19, rel=0.01)
    # weak >> magnetic at the GEMMA limit for SNS recoils (the paper's Fig. 3 statement)
    gp, gn = sm_nucleon_couplings()
    assert xs.cevns(t, e, CS, gp, gn) > 10 * xs.magnetic_moment(t, e, CS, 2.9e-11)


def test_cross_section_bad_input():
    with pytest.raises(InputError, match="neutrino energy"):
        xs.cevns(1e-6, -1.0, CS, 0.0, -0.5)
    with pytest.raises(InputError, match="recoil energy"):
        xs.cevns(-1e-6, 0.03, CS, 0.0, -0.5)
    with pytest.raises(InputError, match="kinematics"):
        xs.cevns(1e-6, 0.03, CS, 0.0, -0.5, kinematics="exact")
    with pytest.raises(InputError, match="mu_nu"):
        xs.magnetic_moment(1e-6, 0.03, CS, -1.0)


def _reference(detector, nucleus, flavour):
    """Adaptive quadrature (scipy quad, tight tolerances) of one response entry."""
    eff = detector.efficiency
    m = nucleus.mass

    def kernel(t, e):
        return float(xs.cevns_unit_charge(t, e, nucleus))

    if flavour == "nu_mu":

        def integrand(t):
            return float(eff(t)) * kernel(t, E_PROMPT)

        hi = min(detector.t_hi, float(xs.t_max(E_PROMPT, m)))
    else:

        def integrand(t):
            lo = float(xs.e_min(t, m))
            return (
                float(eff(t))
                * quad(
                    lambda e: float(nu_e_delayed(e)) * kernel(t, e),
                    lo,
                    E_MAX_DELAYED,
                    epsabs=0,
                    epsrel=1e-11,
                    limit=200,
                )[0]
            )

        hi = min(detector.t_hi, float(xs.t_max(E_MAX_DELAYED, m)))
    pts = [p for p in eff.breakpoints() if detector.t_lo < p < hi]
    val = quad(integrand, detector.t_lo, hi, points=pts or None, epsabs=0, epsrel=1e-10, limit=400)[
        0
    ]
    # the fraction of the flavour that arrives in the detector's time window (1 without a window)
    frac = detector.time_fractions[SNS_FLAVOURS.index(flavour)] if detector.time_fractions else 1.0
    return detector.n_targets(nucleus) * detector.fluence * frac * val


@pytest.mark.parametrize(
    ("det", "nuc", "flavour", "j"),
    [
        (csi2017(), "Cs133", "nu_mu", 0),
        (csi2017(), "I127", "nu_e", 1),
        (lar2020(), "Ar40", "nu_e", 1),
    ],
)
def test_response_matches_adaptive_quadrature(det, nuc, flavour, j):
    resp = rates.response(det)
    i = [n.name for n in resp.nuclei].index(nuc)
    assert resp.weak[i, j] == pytest.approx(_reference(det, NUCLEI[nuc], flavour), rel=1e-6)


def test_coherent_sm_prediction_within_the_efficiency_choices():
    """COHERENT's SM prediction 173 +- 48 (Akimov2017) lies within the spread of window choices."""
    gp, gn = sm_nucleon_couplings()
    n = [float(rates.events(csi2017(w), gp, gn)) for w in CSI_WINDOWS]
    assert min(n) < 173 < max(n)
    assert float(rates.events(csi2017("coherent"), gp, gn)) == pytest.approx(173, rel=0.05)


def test_events_scale_with_mass_and_flavours_sum():
    det = get_detector("ge-projection")
    gp, gn = sm_nucleon_couplings()
    n1 = rates.events(det, gp, gn)
    n2 = rates.events(det.with_(mass=2 * det.mass), gp, gn)
    assert n2 == pytest.approx(2 * n1, rel=1e-12)
    by = rates.events(det, gp, gn, by_flavour=True)
    assert by["total"] == pytest.approx(by["nu_mu"] + by["nu_e"] + by["nu_mu_bar"])
    assert by["total"] == pytest.approx(n1)


def test_recoil_spectrum_integrates_to_events():
    det = lar2020()
    gp, gn = sm_nucleon_couplings()
    t = np.linspace(det.t_lo, 0.2 * u.MeV, 4001)
    dn = rates.recoil_spectrum(det, t, gp, gn)
    assert np.trapezoid(dn, t) == pytest.approx(float(rates.events(det, gp, gn)), rel=2e-3)


def test_magnetic_moment_events_add_incoherently():
    det = csi2017()
    gp, gn = sm_nucleon_couplings()
    n0 = rates.events(det, gp, gn)
    n1 = rates.events(det, gp, gn, mu_nu=1e-9)
    n2 = rates.events(det, gp, gn, mu_nu=2e-9)
    assert n2 - n0 == pytest.approx(4 * (n1 - n0), rel=1e-9)
    assert n1 > n0
