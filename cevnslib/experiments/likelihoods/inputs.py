"""Inputs shared by the release likelihoods: the releases with a binned likelihood
(:data:`LIKELIHOODS`), their numbers beyond the release files (:data:`RELEASE_INPUTS`), the SM
nucleon couplings of a :class:`~cevnslib.experiments.registry.Settings`, and the input checks
every public function of the package makes."""

from __future__ import annotations

import numpy as np

from ...errors import InputError, check_choice, check_finite, check_instance
from ...physics.constants import Parameter
from ...physics.model331 import check_beta, sm_nucleon_couplings
from ..registry import Settings

__all__ = ["LIKELIHOODS", "RELEASE_INPUTS"]


#: releases with a binned likelihood
LIKELIHOODS = ("csi2017", "lar2020", "csi2021")

RELEASE_INPUTS = {
    "csi2017": {
        "exposure": Parameter(7.47594, 0.0, "GWh", "Akimov2018", "effective beam exposure (yaml)"),
        "sigma_signal": Parameter(
            0.28, 0.0, "1", "Akimov2017", "CEvNS normalisation (flux, QF, form factor, acceptance)"
        ),
        "sigma_prompt_neutrons": Parameter(
            0.25, 0.0, "1", "Akimov2018", "prompt-neutron normalisation (yaml)"
        ),
        "pe_lo": Parameter(6.0, 0.0, "PE", "Akimov2017", "lower edge of the fit region"),
        "pe_hi": Parameter(30.0, 0.0, "PE", "Akimov2017", "upper edge of the fit region"),
        "t_hi": Parameter(6.0, 0.0, "us", "Akimov2017", "end of the arrival-time window"),
    },
    "csi2021": {
        "mass_kg": Parameter(14.6, 0.0, "kg", "COHERENT:2021xmm", "CsI[Na] crystal"),
        "baseline_m": Parameter(19.3, 0.0, "m", "COHERENT:2021xmm", "LIDAR survey"),
        "n_pot": Parameter(
            3.198e23,
            0.0,
            "POT",
            "COHERENT:2021xmm",
            "13.99 GWh (from collaboration-member code, not a COHERENT publication)",
        ),
        "nu_per_proton": Parameter(
            0.0848,
            0.00848,
            "nu/flavour/POT",
            "COHERENT:2021xmm",
            "pi-DAR yield, 10 % (from collaboration-member code, not a COHERENT publication)",
        ),
        "light_yield": Parameter(13.35, 0.0, "PE/keVee", "COHERENT:2021xmm", "(model value)"),
        "smear_a": Parameter(
            0.0749,
            0.0,
            "keVee",
            "COHERENT:2021xmm",
            "gamma PE smearing a = 0.0749/E_ee (from collaboration-member code, not a COHERENT publication)",
        ),
        "smear_b": Parameter(
            9.56,
            0.0,
            "1/keVee",
            "COHERENT:2021xmm",
            "gamma PE smearing b = 9.56 E_ee (from collaboration-member code, not a COHERENT publication)",
        ),
        "t_eff_start": Parameter(
            0.52,
            0.0,
            "us",
            "COHERENT:2021xmm",
            "timing efficiency (from collaboration-member code, not a COHERENT publication)",
        ),
        "t_eff_rate": Parameter(0.0494, 0.0, "1/us", "COHERENT:2021xmm", "timing efficiency"),
        "brn": Parameter(
            18.4,
            4.6,
            "events",
            "COHERENT:2021xmm",
            "BRN in the window, 25 % (from collaboration-member code, not a COHERENT publication)",
        ),
        "nin": Parameter(
            5.6,
            1.96,
            "events",
            "COHERENT:2021xmm",
            "NIN in the window, 35 % (from collaboration-member code, not a COHERENT publication)",
        ),
        "steady_state": Parameter(
            1286.0,
            27.0,
            "events",
            "COHERENT:2021xmm",
            "SS in the window from AC, 2.1 % (from collaboration-member code, not a COHERENT publication)",
        ),
        "sigma_flux": Parameter(
            0.10,
            0.0,
            "1",
            "COHERENT:2021xmm",
            "neutrino flux (from collaboration-member code, not a COHERENT publication)",
        ),
        "sigma_t_nu": Parameter(
            0.1,
            0.0,
            "us",
            "COHERENT:2021xmm",
            "ASSUMPTION: width of the common neutrino arrival-time offset (proton pulse against the "
            "reconstructed time; COHERENT's fit floats a neutrino timing offset, the release gives "
            "no width): 0.1 us, of order the uncertainty of the pulse shape taken from the BRN times",
        ),
        "sigma_t_brn": Parameter(
            0.25,
            0.0,
            "us",
            "COHERENT:2021xmm",
            "ASSUMPTION: width of the BRN arrival-time offset (their time of flight, tens of ns, and "
            "the BRN timing model; the release gives no width): 0.25 us, deliberately conservative",
        ),
        "pe_edges": Parameter(
            (0, 8, 12, 16, 20, 24, 32, 40, 50, 60), 0.0, "PE", "COHERENT:2021xmm", "paper binning"
        ),
        "t_edges": Parameter(
            (0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1, 2, 4, 6),
            0.0,
            "us",
            "COHERENT:2021xmm",
            "paper binning (from collaboration-member code, not a COHERENT publication)",
        ),
    },
    "lar2020": {
        "mass_kg": Parameter(24.4, 0.61, "kg", "COHERENT:2020ykq", "fiducial mass (yaml)"),
        "brn": Parameter(497.0, 160.0, "events", "COHERENT:2020ykq", "prompt BRN prior (yaml)"),
        "delayed_brn": Parameter(33.0, 33.0, "events", "COHERENT:2020ykq", "delayed BRN prior"),
        "steady_state": Parameter(3154.0, 25.0, "events", "COHERENT:2020ykq", "SS prior (yaml)"),
        "n_sm_release": Parameter(
            128.0,
            17.0,
            "events",
            "COHERENT:2020ykq",
            "CEvNS prediction = sum of cevnspdf.txt; its 13 % is the signal normalisation prior",
        ),
    },
}


def _sm_couplings(settings: Settings):
    return sm_nucleon_couplings(settings.sw2_sm, settings.sm_scheme)


def _check_release(name: str, settings: Settings) -> None:
    """The checks every public function of this package makes once: a release name, Settings."""
    check_choice("experiment", name, LIKELIHOODS)
    check_instance("settings", settings, Settings, "see cevnslib.experiments.registry.Settings")


def _check_one_beta(beta: object, sw2: float) -> None:
    """A fixed beta of a bound: one finite number in the allowed range (:func:`check_beta`)."""
    check_finite("beta", beta)
    if np.ndim(beta) != 0:
        raise InputError(f"beta = {beta!r} is not allowed: must be one finite number")
    check_beta(beta, sw2)


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise InputError(f"{name} = {value!r} is not allowed: must be True or False")
