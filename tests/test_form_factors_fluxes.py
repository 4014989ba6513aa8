"""Form factors (F(0) = 1, bounded, variants agree at small q) and SNS fluxes (normalised, mean energies)."""

import numpy as np
import pytest
from scipy.integrate import quad

from cevnslib.errors import InputError
from cevnslib.physics import units as u
from cevnslib.physics.constants import M_MU, M_PI
from cevnslib.physics.fluxes import (
    E_MAX_DELAYED,
    E_PROMPT,
    SNS_SPECTRA,
    mean_energy,
    nu_e_delayed,
    nu_mu_bar_delayed,
    sns_fluence,
)
from cevnslib.physics.form_factors import FORM_FACTORS, form_factor


@pytest.mark.parametrize("kind", FORM_FACTORS)
@pytest.mark.parametrize("a", [23, 40, 73, 127, 133])
def test_form_factor_is_one_at_zero_and_bounded(kind, a):
    assert form_factor(0.0, a, kind) == pytest.approx(1.0, abs=1e-15)
    q = np.linspace(0, 0.3, 301)
    f = form_factor(q, a, kind)
    assert np.all(np.abs(f) <= 1.0 + 1e-12)
    assert np.all(np.diff(f[:20]) < 0)  # decreasing near q = 0


def test_form_factor_variants_agree_at_sns_momenta():
    q = np.linspace(0, 0.06, 50)  # up to ~60 MeV
    for a in (40, 133):
        ref = form_factor(q, a, "helm")
        for kind in FORM_FACTORS[1:]:
            assert np.max(np.abs(form_factor(q, a, kind) - ref)) < 0.05


def test_form_factor_bad_input():
    with pytest.raises(InputError, match="form_factor"):
        form_factor(0.01, 133, "gaussian")
    with pytest.raises(InputError, match="q = "):
        form_factor(-0.01, 133)
    with pytest.raises(InputError, match="mass_number"):
        form_factor(0.01, -5)


def test_prompt_line_and_end_point():
    assert E_PROMPT == pytest.approx((M_PI**2 - M_MU**2) / (2 * M_PI))
    assert E_PROMPT / u.MeV == pytest.approx(29.79, abs=0.005)
    assert E_MAX_DELAYED / u.MeV == pytest.approx(52.83, abs=0.005)


@pytest.mark.parametrize(
    ("pdf", "mean_over_mmu"), [(nu_e_delayed, 0.30), (nu_mu_bar_delayed, 0.35)]
)
def test_delayed_spectra_normalised_with_exact_means(pdf, mean_over_mmu):
    norm = quad(pdf, 0, E_MAX_DELAYED, epsabs=0, epsrel=1e-12)[0]
    mean = quad(lambda e: e * pdf(e), 0, E_MAX_DELAYED, epsabs=0, epsrel=1e-12)[0]
    assert norm == pytest.approx(1.0, rel=1e-12)
    assert mean / M_MU == pytest.approx(mean_over_mmu, rel=1e-12)
    assert pdf(E_MAX_DELAYED * 1.01) == 0.0
    assert np.all(pdf(np.linspace(0, E_MAX_DELAYED, 100)) >= 0)


def test_mean_energy_helper():
    assert mean_energy(SNS_SPECTRA["nu_mu"]) == pytest.approx(E_PROMPT)
    assert mean_energy(SNS_SPECTRA["nu_e"]) == pytest.approx(0.30 * M_MU, rel=1e-10)
    assert mean_energy(SNS_SPECTRA["nu_mu_bar"]) == pytest.approx(0.35 * M_MU, rel=1e-10)


def test_csi2017_fluence_per_flavour():
    """r N_POT/(4 pi L^2) with r = 0.08, 1.76e23 POT, 19.3 m (Akimov2017, Akimov2018): 3.01e14 / cm^2."""
    phi = sns_fluence(1.76e23, 0.08, 19.3 * u.m) * u.cm**2
    assert phi == pytest.approx(3.008e14, rel=1e-3)
    # scales as 1/L^2 and linearly in POT
    assert sns_fluence(2e23, 0.08, 10 * u.m) / sns_fluence(1e23, 0.08, 20 * u.m) == pytest.approx(
        8.0
    )


def test_fluence_bad_input():
    with pytest.raises(InputError, match="baseline"):
        sns_fluence(1e23, 0.08, -1.0)
    with pytest.raises(InputError, match="energy"):
        nu_e_delayed(-1.0)
