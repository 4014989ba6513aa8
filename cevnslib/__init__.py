"""cevnslib: CEvNS at the SNS and the Z' of 3-3-1 models with arbitrary beta.

The library behind the executable book reproducing D. T. Binh et al., *COHERENT constraints on Z'
in 331beta model*, arXiv:2109.08118.  Modules, lowest first: :mod:`units`, :mod:`constants`,
:mod:`errors`, :mod:`model331`, :mod:`form_factors`, :mod:`nuclei`, :mod:`fluxes`,
:mod:`cross_sections`, :mod:`detectors`, :mod:`rates`, :mod:`statistics`, :mod:`experiments`,
:mod:`running`, :mod:`published`, :mod:`scorecard`, :mod:`cli`; for the chapters also
:mod:`symbolic` (SymPy derivation), :mod:`tables`, :mod:`fitviz`, :mod:`beyond` and :mod:`plotting`.
Nothing is computed at import time.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
