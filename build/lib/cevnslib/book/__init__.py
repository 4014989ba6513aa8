"""What only the book's chapters use: the paper's numbers, the scorecard, tables and figures.

- :mod:`~cevnslib.book.published`: the numbers the paper prints, each with where it stands;
- :mod:`~cevnslib.book.scorecard`: every claim of the paper against the book's number, with a
  verdict;
- :mod:`~cevnslib.book.tables`: reading the paper's Table 3 (masses for given event numbers);
- :mod:`~cevnslib.book.fitviz`: Delta-chi^2 curves and bounds for a detector drawn in a chapter;
- :mod:`~cevnslib.book.beyond`: the tables of the chapters beyond the paper (newer data, the
  running of s_W^2, Z-Z' mixing);
- :mod:`~cevnslib.book.plotting`: the figure style, colours and labels (imported by chapters only);
- :mod:`~cevnslib.book.params`: a chapter's inputs (its ``parameters`` cell), their validation and
  the check of a rerun page's text (``tools/rerun.py``, the "Rerun and modify" page);
- :mod:`~cevnslib.book.prose`: words whose truth depends on an input (CL, "agrees", "inside",
  the β label, "no solution" for a missing number), for glued prose and captions.

This layer may import :mod:`cevnslib.experiments` and :mod:`cevnslib.physics`; nothing below it
imports it.  Public names are exported here; nothing is imported until first used.
"""

from .._lazy import exports

_SOURCES = {
    ".published": ("PAPER", "TABLE3_MASSES_GEV", "TABLE3_ROWS", "TABLE2", "OTHER_BOUNDS",
                   "OtherBound"),
    ".scorecard": ("Row", "scorecard", "TOLERANCE", "table3_row2_sw2", "VERDICTS", "BENCHMARK_SET",
                   "second_bound_candidates", "table3_row1_fits", "VERDICT_SYMBOLS", "as_math",
                   "scorecard_layout"),
    ".tables": ("mzp_for_events",),
    ".probes": ("PROBES", "LHC_DILEPTON_BENCHMARKS", "TAN_BETA_BAR_DEFAULT", "cevns_bound",
                "contact_bound", "contact_lambda_for_pole", "probe_limits"),
    ".fitviz": ("detector_events_x", "detector_bound", "plot_delta_chi2"),
    ".beyond": ("OTHER_MEASUREMENTS", "B8_MEAN_ENERGY_MEASURED", "top_allowed_band",
                "running_delta_chi2", "bound_table", "scheme_table", "bounds_vs_tan_beta_bar",
                "format_pm", "measurements_table", "LEP2_CONTACT_LIMITS", "electron_zp_chiral",
                "lep2_bound", "lep2_landau_exclusion", "bilepton_to_zp_mass_ratio",
                "BILEPTON_BOUNDS", "bilepton_confrontation", "lep2_bound_running",
                "other_bounds_at", "csi2017_observed_expected", "lep2_curve", "NOT_MEANINGFUL",
                "model_bound_table", "w_scheme_table", "matching_band_table"),
    ".plotting": ("use_style", "table", "markdown_table", "legend_outside", "ascii_tex",
                  "deuteranopia", "colour_distance", "STYLE_FILE", "STRICT_TABLES", "BETA_LABELS",
                  "BETA_COLOURS", "EXPERIMENT_COLOURS", "EXPERIMENT_LABELS", "beta_key",
                  "beta_label", "beta_colour", "contrast_ratio"),
    ".params": ("ParamSpec", "KNOWN", "parse_value", "parse_spec", "parameter_specs", "validate",
                "rendered_text_problems", "visible_text", "format_default", "book_file"),
    ".prose": ("cl_words", "cl_percent", "threshold_words", "compare_words", "inside_words",
               "beta_words", "number_or", "minus", "sci"),
}  # fmt: skip
MODULES = ("published", "scorecard", "tables", "fitviz", "beyond", "probes", "plotting", "params",
           "prose")  # fmt: skip
__all__ = [name for names in _SOURCES.values() for name in names]
__getattr__, __dir__ = exports(__name__, {n: m for m, ns in _SOURCES.items() for n in ns})
