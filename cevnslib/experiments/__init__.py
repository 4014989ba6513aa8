"""Experiments and their statistics: from a model point to event numbers, chi-squares and bounds.

Modules, lowest first (each imports only those before it, :mod:`cevnslib.physics` and
:mod:`cevnslib.errors`):

- :mod:`~cevnslib.experiments.detectors`: detectors (targets, exposure, baseline, quenching,
  efficiency, analysis windows) for the paper's and the newer measurements;
- :mod:`~cevnslib.experiments.rates`: flux x cross section x detector, integrated once per detector
  into a response, so that a (beta, M_Z') point costs a few multiplications;
- :mod:`~cevnslib.experiments.statistics`: the paper's chi-squares (Eqs. 60-62) with their
  nuisances profiled, Delta-chi^2 thresholds and lower bounds;
- :mod:`~cevnslib.experiments.registry`: :class:`Settings` (every physics choice), the experiment
  registry (:func:`get_experiment`), combinations, and the self-consistent bound with a running
  s_W^2.

Their public names are exported here; nothing is imported until first used.
"""

from .._lazy import exports

_SOURCES = {
    ".detectors": ("LogisticPE", "Tabulated", "Flat", "Detector", "DETECTORS", "DETECTOR_INPUTS",
                   "sns_detector", "get_detector", "CSI_WINDOWS", "BEYOND_INPUTS", "csi2021",
                   "ge2026", "conus_plus", "xenonnt_b8"),
    ".rates": ("Response", "response", "events", "events_from_response", "recoil_spectrum",
               "N_NODES"),
    ".statistics": ("chi2_csi", "chi2_normalisation", "chi2_projection", "delta_chi2_threshold",
                    "Bound", "lower_bound", "allowed_intervals", "MZP_SEARCH_FLOOR"),
    ".registry": ("Settings", "DEFAULT", "Experiment", "Combination", "EXPERIMENTS",
                  "get_experiment", "experiment_names", "MEASUREMENTS", "chi2_ratio", "events_x",
                  "weak_charges_x", "self_consistent_bound"),
}  # fmt: skip
MODULES = ("detectors", "rates", "statistics", "registry")
__all__ = [name for names in _SOURCES.values() for name in names]
__getattr__, __dir__ = exports(__name__, {n: m for m, ns in _SOURCES.items() for n in ns})
