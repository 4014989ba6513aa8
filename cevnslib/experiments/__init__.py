"""Experiments and their statistics: from a model point to event numbers, chi-squares and bounds.

Modules, lowest first (each imports only those before it, :mod:`cevnslib.physics`,
:mod:`cevnslib.stats` and :mod:`cevnslib.errors`):

- :mod:`~cevnslib.experiments.detectors`: detectors (targets, exposure, baseline, quenching,
  efficiency, analysis windows) for the paper's and the newer measurements;
- :mod:`~cevnslib.experiments.rates`: flux x cross section x detector, integrated once per detector
  into a response, so that a (beta, M_Z') point costs a few multiplications;
- :mod:`~cevnslib.experiments.registry`: :class:`Settings` (every physics choice), the experiment
  registry (:func:`get_experiment`), combinations (one shared SNS flux nuisance), expected
  bounds, and the self-consistent bound with a running s_W^2;
- :mod:`~cevnslib.experiments.probes`: bounds from APV in 133Cs and the LEP-II cross sections;
- :mod:`~cevnslib.experiments.coverage`: Feldman-Cousins construction for every counting
  experiment and combination (Poisson toys for CsI 2017, Gaussian toys of the chi-square for the
  others) and the coverage of Wilks' Delta-chi^2;
- :mod:`~cevnslib.experiments.interpretation`: bounds as the VEV w and the bilepton mass, their
  validity (w >> v), the matching scale of s_W^2 as a theory band, and the Z-Z' mixing check;
- :mod:`~cevnslib.experiments.likelihoods`: the binned Poisson likelihoods of the COHERENT data
  releases (CsI 2017, LAr 2020, CsI 2021) as HistFactory models (pyhf workspaces), their fits and
  binned bounds; the release files come from :mod:`cevnslib.data` (a package: release inputs,
  the model, one builder module per release, fits and profiles, model points, pyhf export);
- :mod:`~cevnslib.experiments.frequentist`: pseudo-experiments of the binned likelihoods (expected
  bands, coverage of Wilks' threshold along mu, Feldman-Cousins thresholds), stored with their
  inputs and seeds in ``toy_results/``;
- :mod:`~cevnslib.experiments.release_combinations`: the binned likelihoods of several releases
  combined (CsI 2017 + LAr 2020, CsI 2021 + LAr 2020): bounds, toy bands from the members' stored
  pseudo-experiments, and the coverage when the SM is true.

The statistics themselves (chi-squares, thresholds, bounds, CLs, toys, coverage) live one layer
down in :mod:`cevnslib.stats`; their names are re-exported here.

Their public names are exported here; nothing is imported until first used.
"""

from .._lazy import exports

_SOURCES = {
    ".detectors": ("LogisticPE", "Tabulated", "Flat", "Detector", "DETECTORS", "DETECTOR_INPUTS",
                   "sns_detector", "get_detector", "CSI_WINDOWS", "LAR_WINDOWS", "BEYOND_INPUTS",
                   "csi2021", "ge2026", "conus_plus", "xenonnt_b8", "LogisticPEPolyQF",
                   "CSI_QUENCHING", "pandax_b8", "LAR_TIME_WINDOWS", "CSI_TIME_WINDOWS",
                   "time_fractions"),
    ".rates": ("Response", "response", "response_skin", "events", "events_from_response",
               "recoil_spectrum",
               "N_NODES"),
    "..stats.bounds": ("chi2_csi", "chi2_normalisation", "chi2_projection", "delta_chi2_threshold",
                    "Bound", "lower_bound", "allowed_intervals", "CONVENTIONS",
                    "convention_threshold", "cls_values", "cls_lower_bound", "grid_lower_bounds",
                    "ExpectedBound", "MZP_SEARCH_FLOOR"),
    ".registry": ("Settings", "DEFAULT", "Experiment", "Combination", "EXPERIMENTS",
                  "get_experiment", "experiment_names", "MEASUREMENTS", "chi2_ratio", "events_x",
                  "weak_charges_x", "self_consistent_bound", "SOLAR_NC", "SOLAR_NC_NORMALISED",
                  "sno_nc_ratio", "TOY_SEED", "LAR_STATS", "SNS_EXPERIMENTS"),
    ".probes": ("ProbeBound", "APV_EXTRACTIONS", "apv_bound", "lep2_chi2", "lep2_sigma_bound",
                "LEP2_MZP_FLOOR"),
    ".coverage": ("CoverageResult", "feldman_cousins_csi2017", "csi_counting_toys",
                  "feldman_cousins", "fc_defaults", "toy_ordering", "MASS_SPAN", "FIT_GRID",
                  "FC_OUTCOMES"),
    ".interpretation": ("ModelBound", "model_bound", "MATCHING_SCALES", "matching_bound",
                        "matching_scale_band", "pole_matching_threshold", "mixing_check",
                        "mixing_zero", "mixing_window"),
    ".likelihoods": ("LIKELIHOODS", "RELEASE_INPUTS", "Sample", "BinnedModel", "build_model",
                     "workspace", "FitResult", "fit", "Profile", "profile", "signal_scale",
                     "binned_bound", "binned_delta_grid", "hypotest_cls", "pyhf_pars",
                     "profile_uncached", "CSI2021_RESPONSE", "CSI2021_STEADY_STATE",
                     "csi2021_model", "fisher_floor", "profile_of_model",
                     "CSI2021_TIMING_OFFSETS", "csi2021_bound_spread"),
    ".frequentist": ("TOY_MU_GRID", "FC_MU_GRID", "TOY_RESULTS_DIR", "StoredToys",
                     "model_fingerprint", "generate_toys", "toy_profiles", "toy_bounds",
                     "binned_expected_bound", "t_at_mu", "expectation_toy_fit", "binned_coverage", "compute_stored",
                     "load_stored", "fc_binned_bound", "StaleResultsError"),
    ".release_combinations": ("BINNED_COMBINATIONS", "BINNED_NAMES", "members",
                              "combined_binned_bound", "combined_delta_grid",
                              "paired_toy_profiles", "combined_toy_bounds",
                              "combined_expected_bound", "sm_coverage"),
}  # fmt: skip
MODULES = ("detectors", "rates", "registry", "probes", "coverage", "interpretation", "likelihoods",
           "frequentist", "release_combinations")  # fmt: skip
__all__ = [name for names in _SOURCES.values() for name in names]
__getattr__, __dir__ = exports(__name__, {n: m for m, ns in _SOURCES.items() for n in ns})
