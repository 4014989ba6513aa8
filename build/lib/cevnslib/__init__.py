"""cevnslib: CEvNS at the SNS and the Z' of 3-3-1 models with arbitrary beta.

The library behind the executable book reproducing D. T. Binh et al., *COHERENT constraints on Z'
in 331beta model*, arXiv:2109.08118.  Its layers, each a subpackage, import downward only::

    cevnslib.cli                 the command line              (top)
    cevnslib.book                what only the chapters use: published numbers, scorecard, figures
    cevnslib.experiments         detectors, rates, chi-squares and bounds, the experiment registry
    cevnslib.physics             units, constants, the 331 model, running, nuclei, fluxes, sigma
    cevnslib.errors              InputError and the input checks  (bottom)

The names below cover the path from a model point to events to a bound:

>>> from cevnslib import SQRT3, get_experiment
>>> csi = get_experiment("csi2017")
>>> round(float(csi.n_sm()))
177
>>> round(float(csi.n_model(-SQRT3, 2000.0)))  # beta = -sqrt(3), M_Z' = 2 TeV
231
>>> round(csi.bound(-SQRT3).mzp_min / 1000, 2)
1.41

Nothing is imported or computed until first used.
"""

from ._lazy import exports

__version__ = "0.1.0"

_SOURCES = {
    ".errors": ("InputError",),
    ".physics.model331": ("SQRT3", "BENCHMARK_BETAS", "f_beta", "beta_max", "zp_couplings",
                          "nucleon_couplings", "weak_charge_ratio", "mass_ratio_squared"),
    ".physics.cross_sections": ("cevns",),
    ".experiments.detectors": ("Detector", "get_detector"),
    ".experiments.rates": ("response", "events"),
    ".stats.bounds": ("Bound", "lower_bound", "delta_chi2_threshold"),
    ".experiments.registry": ("Settings", "DEFAULT", "Experiment", "Combination", "EXPERIMENTS",
                              "get_experiment", "experiment_names"),
}  # fmt: skip
__all__ = ["__version__", *(name for names in _SOURCES.values() for name in names)]
__getattr__, __dir__ = exports(__name__, {n: m for m, ns in _SOURCES.items() for n in ns})
