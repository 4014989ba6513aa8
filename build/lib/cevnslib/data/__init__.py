"""The COHERENT data releases: found locally, in a user cache, or fetched and verified.

Modules (each imports only :mod:`cevnslib.errors` and third-party packages):

- :mod:`~cevnslib.data.releases`: :func:`load_release` for ``csi2017`` (Zenodo 10.5281/zenodo.1228631),
  ``lar2020`` (Zenodo 10.5281/zenodo.3903810) and ``csi2021`` (arXiv:2110.07730 ancillary files);
  official MD5s where they exist, content checks against the published totals always, and
  :class:`ReleaseUnavailable` (naming ``CEVNSLIB_DATA``) when a release cannot be had;
- :mod:`~cevnslib.data.measurements`: small published measurements shipped inside the package
  (the LEP-II e+e- -> mu mu, tau tau cross-section ratios, ``lep2/``, with their source).

Nothing in this subpackage writes into the repository; nothing is imported until first used.
"""

from .._lazy import exports

_SOURCES = {
    ".releases": ("Release", "ReleaseError", "ReleaseUnavailable", "RELEASES", "RELEASE_FILES",
                  "OFFICIAL_MD5", "CONTENT_MD5", "ReleaseModified", "DATA_ENV", "load_release",
                  "release_names", "find_local",
                  "cache_dir", "missing_release"),
    ".measurements": ("LEP2_FILE", "load_lep2"),
}  # fmt: skip
MODULES = ("releases", "measurements")
__all__ = [name for names in _SOURCES.values() for name in names]
__getattr__, __dir__ = exports(__name__, {n: m for m, ns in _SOURCES.items() for n in ns})
