"""Statistics for any likelihood: thresholds, bounds, CLs, pseudo-experiments, coverage, Feldman-Cousins.

Nothing here knows about physics or experiments: the functions take chi-squares or test statistics
as numbers or as functions of x = (m_ref/M_Z')^2 (the layer sits beside :mod:`cevnslib.physics`,
below :mod:`cevnslib.experiments`, and imports only :mod:`cevnslib.errors`, NumPy and SciPy).

- :mod:`~cevnslib.stats.bounds`: the paper's chi-squares (Eqs. 60-62) with their nuisances
  profiled, Delta-chi^2 thresholds (two-sided, one-sided), asymptotic CLs, lower bounds on M_Z'
  (one data set or many pseudo-experiments at once);
- :mod:`~cevnslib.stats.toys`: pseudo-experiments in seeded chunks (``SeedSequence.spawn``), in
  one process or several, with a progress bar: bounded memory, the same numbers for any number
  of workers;
- :mod:`~cevnslib.stats.neyman`: coverage of a threshold, Feldman-Cousins critical values and
  ordering, the minimum of many toys' chi-squares over x, bounds with a threshold that varies
  along x (a one-dimensional Neyman construction), toy bands.

Their public names are exported here; nothing is imported until first used.
"""

from .._lazy import exports

_SOURCES = {
    ".bounds": ("chi2_csi", "chi2_normalisation", "chi2_projection", "delta_chi2_threshold",
                "Bound", "lower_bound", "allowed_intervals", "CONVENTIONS",
                "convention_threshold", "cls_values", "cls_lower_bound", "grid_lower_bounds",
                "ExpectedBound", "MZP_SEARCH_FLOOR"),
    ".toys": ("chunk_bounds", "chunk_generators", "run_toys", "DEFAULT_CHUNK",
              "PROGRESS_DELAY_S"),
    ".neyman": ("coverage", "critical_values", "ThresholdCurve", "accepted_lower_bound",
                "band_quantiles", "BAND_PROBABILITIES", "ordering_statistic", "grid_minimum",
                "neyman_lower_bound", "GOLDEN_STEPS"),
}  # fmt: skip
MODULES = ("bounds", "toys", "neyman")
__all__ = [name for names in _SOURCES.values() for name in names]
__getattr__, __dir__ = exports(__name__, {n: m for m, ns in _SOURCES.items() for n in ns})
