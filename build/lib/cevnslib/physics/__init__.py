"""The physics a theorist checks: no detector, no data, no statistics.

Modules, lowest first (each imports only those before it, and :mod:`cevnslib.errors`):

- :mod:`~cevnslib.physics.units`: natural units, GeV = 1, derived from exact SI constants;
- :mod:`~cevnslib.physics.constants`: every physics number as a ``Parameter`` with unit,
  uncertainty, scheme and source;
- :mod:`~cevnslib.physics.model331`: the 331 model with arbitrary beta (f(beta), charges, Z and Z'
  couplings, nucleon couplings and their Z' shifts, the weak-charge ratio);
- :mod:`~cevnslib.physics.leptons`: the lepton antitriplet per beta (exotic charge, bileptons) and
  the two lepton contents (singlet e_R; E = e^c of the minimal model);
- :mod:`~cevnslib.physics.apv`: the Z' shift of the nuclear weak charge seen by atomic parity violation;
- :mod:`~cevnslib.physics.lep2`: e+e- -> l+l- over the SM with photon, Z and Z';
- :mod:`~cevnslib.physics.symbolic`: the same derivation in SymPy (used by the book to check the
  numeric module);
- :mod:`~cevnslib.physics.running`: one-loop MS-bar running of s_W^2 and the U(1)_X Landau pole;
- :mod:`~cevnslib.physics.nuclei`, :mod:`~cevnslib.physics.form_factors`: nuclei and F(q);
- :mod:`~cevnslib.physics.fluxes`: SNS pion-decay-at-rest, reactor and solar 8B spectra;
- :mod:`~cevnslib.physics.cross_sections`: dsigma/dT for CEvNS (SM and 331) and the magnetic term.

The public names of these modules are exported here, except those of ``units`` and ``symbolic``,
which are used as modules (``from cevnslib.physics import units as u``).  Nothing is imported
until first used.
"""

from .._lazy import exports

_SOURCES = {
    ".constants": ("Parameter", "PARAMETERS", "G_F", "M_Z", "SW2_MZ", "SW2_LOW", "ALPHA_EM", "M_E",
                   "M_MU", "M_PI", "ATOMIC_MASS_UNIT", "N_AVOGADRO", "MU_BOHR", "MU_NU_GEMMA",
                   "G_V_P_RADIATIVE", "G_V_N_RADIATIVE", "V31_ABS", "QUARK_SPIN_FRACTIONS",
                   "SNS_FLUX_NORM", "V_EW", "THETA_ZZP_MAX", "GAMMA_Z", "M_TOP", "QW_CS"),
    ".model331": ("SQRT3", "BENCHMARK_BETAS", "SW2_ZP_DEFAULT", "Fermion", "FERMIONS", "f_beta",
                  "beta_max", "check_beta", "gx_over_g", "exotic_charges", "gauge_boson_charges",
                  "z_couplings", "zp_couplings", "zp_couplings_table", "mixing_ratio",
                  "effective_vector_coupling", "sm_nucleon_couplings", "nucleon_coupling_shifts",
                  "nucleon_couplings", "mass_ratio_squared", "weak_charge_ratio", "GENERATION1",
                  "VW2_MAX", "w_from_mzp", "mzp_from_w", "bilepton_mass", "bilepton_to_zp_ratio",
                  "alpha_x", "approximation_valid", "validity_reason", "mixing_angle",
                  "mzp_min_from_mixing"),
    ".leptons": ("LEPTON_CONTENTS", "lepton_spectrum", "lepton_zp_chiral", "check_leptons"),
    ".apv": ("electron_zp_couplings", "quark_zp_vector", "weak_charge_shift", "weak_charge_tree"),
    ".lep2": ("chiral_z_couplings", "sigma_ratio"),
    ".running": ("ALPHA_MZ_INV", "sw2_msbar", "landau_scale", "alpha_msbar"),
    ".nuclei": ("Nucleus", "NUCLEI", "ATOMIC_MASSES", "ISOTOPIC_ABUNDANCE", "MOLAR_MASSES",
                "nucleus", "NUCLEAR_SPIN", "SPIN_EXPECTATION"),
    ".form_factors": ("FORM_FACTORS", "FORM_FACTOR_PARAMETERS", "form_factor", "helm_radius",
                      "spherical_j1_ratio", "SKIN_FORMS", "NEUTRON_SKIN", "helm_rms_radius",
                      "helm_from_rms", "proton_neutron_form_factors"),
    ".fluxes": ("E_PROMPT", "E_MAX_DELAYED", "Spectrum", "SNS_SPECTRA", "SNS_FLAVOURS",
                "nu_e_delayed", "nu_mu_bar_delayed", "sns_fluence", "mean_energy",
                "reactor_antinu_e", "solar_b8", "REACTOR_SPECTRUM", "B8_SPECTRUM",
                "REACTOR_COEFFICIENTS", "FISSION_FRACTIONS", "PROMPT_FLAVOURS", "arrival_time_cdf",
                "window_fraction"),
    ".cross_sections": ("KINEMATICS", "t_max", "e_min", "weak_charge", "cevns_unit_charge", "cevns",
                        "magnetic_moment", "total", "dirac_magnetic_moment", "PN_COMPONENTS",
                        "cevns_unit_components", "cevns_skin", "axial_nucleon_couplings",
                        "axial_to_coherent_ratio"),
}  # fmt: skip
MODULES = ("units", "constants", "model331", "leptons", "apv", "lep2", "symbolic", "running", "nuclei", "form_factors",
           "fluxes", "cross_sections")  # fmt: skip
__all__ = [name for names in _SOURCES.values() for name in names]
__getattr__, __dir__ = exports(__name__, {n: m for m, ns in _SOURCES.items() for n in ns})
