"""Binned likelihoods of the COHERENT data releases (HistFactory models, exported to pyhf).

One :class:`BinnedModel` per release (built from :func:`cevnslib.data.load_release`):

- ``csi2017``: beam-on coincidence counts in 12 PE bins (6-30 PE, 2-PE wide) x 12 arrival-time bins
  (0-6 us, 0.5 us wide) = 144 bins.  Steady state: one free rate per bin, constrained by the
  anti-coincidence counts of the same exposure (a second channel; profiled in closed form).  Prompt
  neutrons: release PE and timing PDFs x 7.47594 GWh x acceptance, 25 %.  CEvNS: cevnslib's own
  prediction (flux x sigma x quenching x acceptance at 1-PE bin centres, no PE smearing), prompt
  nu_mu with the prompt and nu_e + anti-nu_mu with the delayed timing PDF; normalisation 28 %.
- ``lar2020``: the 960 (E, F90, t) bins of Analysis A; CEvNS shape from the release normalised to
  cevnslib's prediction in the same arrival-time window (-0.1 < t_trig < 4.9 us) (normalisation prior 13 % = 17/128, the release's prediction uncertainty;
  free in :func:`fit`); prompt BRN 497 +- 32 %, delayed BRN 33 +- 100 %, steady state 3154 +- 0.8 %;
  shape systematics from the +-1 sigma PDFs (shape only, rescaled to the nominal total) as histosys.

Every normalisation uncertainty is an additive symmetric histosys (nominal x (1 + sigma theta), theta ~
N(0, 1)); shape systematics interpolate as pyhf's default histosys ("code4p"); this is exactly what the exported pyhf workspace (:func:`workspace`) contains, so the two give the
same log-likelihood (tests/test_likelihoods.py).  The signal strength ``mu`` multiplies the CEvNS
sample; a model point enters through mu = sum_nuclei w_i (Q_W,i / Q_W,i^SM)^2 (:func:`signal_scale`).
The likelihood is profiled once on a grid of mu (:func:`profile`); bounds and scans interpolate it.

Modules, lowest first (each imports only those before it):

- :mod:`~cevnslib.experiments.likelihoods.inputs`: :data:`LIKELIHOODS`, :data:`RELEASE_INPUTS`
  and the input checks shared by the public functions;
- :mod:`~cevnslib.experiments.likelihoods.model`: :class:`Sample`, :class:`BinnedModel`,
  :func:`fisher_floor`;
- :mod:`~cevnslib.experiments.likelihoods.csi2017`, :mod:`~cevnslib.experiments.likelihoods.lar2020`,
  :mod:`~cevnslib.experiments.likelihoods.csi2021`: the builders of the three releases (CsI 2021
  with its modelling choices, :func:`csi2021_model`);
- :mod:`~cevnslib.experiments.likelihoods.builders`: the registry of builders, :func:`build_model`
  (cached per release and Settings);
- :mod:`~cevnslib.experiments.likelihoods.fitting`: :func:`fit`, :class:`Profile`, :func:`profile`
  (cached), :func:`profile_uncached`, :func:`profile_of_model`;
- :mod:`~cevnslib.experiments.likelihoods.points`: model points, :func:`signal_scale`,
  :func:`binned_bound`, :func:`binned_delta_grid`, :func:`csi2021_bound_spread`;
- :mod:`~cevnslib.experiments.likelihoods.export`: pyhf, :func:`workspace`, :func:`pyhf_pars`,
  :func:`hypotest_cls`.

Every public name is importable from this package (the same objects as in the modules); the
private helpers live in their modules (e.g. :func:`~cevnslib.experiments.likelihoods.csi2021._csi2021`).
"""

# also reachable here, as the same objects: InputError (raised by every function of the package)
# and the cached builder and profile (tests clear their caches: one cache each, in their modules)
from ...errors import InputError as InputError
from .builders import _build as _build
from .builders import build_model
from .csi2021 import CSI2021_RESPONSE, CSI2021_STEADY_STATE, CSI2021_TIMING_OFFSETS, csi2021_model
from .export import hypotest_cls, pyhf_pars, workspace
from .fitting import FitResult, Profile, fit, profile, profile_of_model, profile_uncached
from .fitting import _profile as _profile
from .inputs import LIKELIHOODS, RELEASE_INPUTS
from .model import BinnedModel, Sample, fisher_floor
from .points import binned_bound, binned_delta_grid, csi2021_bound_spread, signal_scale

__all__ = [
    "LIKELIHOODS",
    "RELEASE_INPUTS",
    "Sample",
    "BinnedModel",
    "build_model",
    "workspace",
    "FitResult",
    "fit",
    "Profile",
    "profile",
    "profile_uncached",
    "signal_scale",
    "binned_bound",
    "binned_delta_grid",
    "hypotest_cls",
    "pyhf_pars",
    "CSI2021_RESPONSE",
    "CSI2021_STEADY_STATE",
    "CSI2021_TIMING_OFFSETS",
    "csi2021_model",
    "csi2021_bound_spread",
    "fisher_floor",
    "profile_of_model",
]
