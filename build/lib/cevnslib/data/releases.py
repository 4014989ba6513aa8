"""Loader of the COHERENT data releases (CsI 2017, LAr 2020 Analysis A, CsI 2021).

Where the files come from, in this order:

1. the directory named by the environment variable ``CEVNSLIB_DATA`` (each official file is found by
   its file name anywhere below it; CI names ``../shared/data/coherent-releases``);
2. the user cache ``pooch.os_cache("cevnslib")/<release>/``;
3. a download with :mod:`pooch` from the official source, verified against the official MD5
   (set ``CEVNSLIB_OFFLINE=1`` to forbid downloads; the test suite does).

Every file, wherever it comes from, passes content checks (shapes, bin centres, the published
totals).  A file is *verified* when its bytes match the official MD5 (:data:`OFFICIAL_MD5`) or its
numbers match the recorded fingerprint of the official numbers (:data:`CONTENT_MD5`: the widely
copied CsI 2017 count and timing files are reformatted, same numbers, other bytes).  A file that is
neither (one digit changed) is used, with a :class:`ReleaseModified` warning that names it, and
:attr:`Release.verified` is False for it.  A missing, unreadable or broken file (a folder, a broken
link) raises an error naming the file and its folder, and for the user cache how to clear it.
Nothing is ever written into the repository.

>>> release_names()
('csi2017', 'lar2020', 'csi2021')
>>> RELEASE_FILES["csi2017"][0]
'data_coincidence_beamOn.txt'
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError, check_choice

__all__ = [
    "Release",
    "ReleaseError",
    "ReleaseUnavailable",
    "RELEASES",
    "RELEASE_FILES",
    "OFFICIAL_MD5",
    "CONTENT_MD5",
    "ReleaseModified",
    "DATA_ENV",
    "load_release",
    "release_names",
    "find_local",
    "cache_dir",
    "missing_release",
]

#: environment variable naming a local directory that holds the release files
DATA_ENV = "CEVNSLIB_DATA"
#: environment variable that forbids downloads when set to a non-empty value other than "0"
OFFLINE_ENV = "CEVNSLIB_OFFLINE"


class ReleaseError(InputError):
    """A release file is corrupt or incomplete; the message names the file and what is wrong.

    ``path``: the file (None when no single file is at fault).
    """

    def __init__(self, message: str, path: pathlib.Path | None = None):
        super().__init__(message)
        self.path = path


class ReleaseModified(UserWarning):
    """A release file passed the content checks but is not the official one (neither its bytes
    nor its numbers match): it is used, and :attr:`Release.verified` is False for it."""


class ReleaseUnavailable(LookupError):  # noqa: N818 (the name the project asked for)
    """A release is neither local, nor cached, nor downloadable; the message names CEVNSLIB_DATA."""


#: Official sources (DOI / arXiv) and the URL pattern of one file
RELEASES = {
    "csi2017": {
        "label": "COHERENT CsI[Na] 2017 (Science 357, 1123)",
        "source": "Zenodo record 1228631, DOI 10.5281/zenodo.1228631 (companion arXiv:1804.09459)",
        "url": "https://zenodo.org/records/1228631/files/{name}?download=1",
    },
    "lar2020": {
        "label": "COHERENT CENNS-10 LAr Analysis A (PRL 126, 012002)",
        "source": "Zenodo record 3903810, DOI 10.5281/zenodo.3903810 (companion arXiv:2006.12659)",
        "url": "https://zenodo.org/records/3903810/files/{name}?download=1",
    },
    "csi2021": {
        "label": "COHERENT CsI[Na] full dataset (PRL 129, 081801)",
        "source": "ancillary files of arXiv:2110.07730v2 (no official checksum is published)",
        "url": "https://arxiv.org/src/2110.07730v2/anc/{name}",
    },
}

#: The files each analysis needs (a subset of each release)
RELEASE_FILES = {
    "csi2017": (
        "data_coincidence_beamOn.txt",
        "data_anticoincidence_beamOn.txt",
        "arrivalTimePDF_promptNeutrinos.txt",
        "arrivalTimePDF_delayedNeutrinos.txt",
        "arrivalTimePDF_promptNeutrons.txt",
        "promptPDF.txt",
    ),
    "lar2020": (
        "datanobkgsub.txt",
        "cevnspdf.txt",
        "brnpdf.txt",
        "delbrnpdf.txt",
        "bkgpdf.txt",
        "CENNS10AnlAEfficiency.txt",
        "cevnspdf+1sigF90.txt",
        "cevnspdf-1sigF90.txt",
        "cevnspdfCEvNSTimingMeanSyst.txt",
        "brnpdf+1sigEnergy.txt",
        "brnpdf-1sigEnergy.txt",
        "brnpdf+1sigBRNTimingMean.txt",
        "brnpdf-1sigBRNTimingMean.txt",
        "brnpdfBRNTimingWidthSyst.txt",
    ),
    "csi2021": (
        "dataBeamOnC.txt",
        "dataBeamOnAC.txt",
        "brnPE.txt",
        "brnTrec.txt",
        "ninPE.txt",
        "ninTrec.txt",
        "effCoefficients.txt",
        "scintRespCoefficients.txt",
    ),
}

#: Provider MD5s of the Zenodo records, as recorded by a third party from the Zenodo API
#: (../shared/data/coherent-releases/OFFICIAL_MD5.txt; a secondary record).  The arXiv ancillary files
#: of CsI 2021 have no published checksum: they are accepted on content checks only.
OFFICIAL_MD5 = {
    "csi2017": {
        "arrivalTimePDF_delayedNeutrinos.txt": "fd5d053696ba30164cd3711b38b8eaa5",
        "arrivalTimePDF_promptNeutrinos.txt": "d5009119454ec8ed3b5a31bf8d1e82e5",
        "arrivalTimePDF_promptNeutrons.txt": "400d86635b180b52e51b429ec5fe5965",
        "data_anticoincidence_beamOn.txt": "4067e588ff44d0a210655eacb987e2d7",
        "data_coincidence_beamOn.txt": "23f399e605e94401a611c23c37090a31",
        "promptPDF.txt": "faf1a4b6b27cd9fa685e17ddd38a00cf",
    },
    "lar2020": {
        "bkgpdf.txt": "ccc2df245a004a644cd04317d07b35df",
        "brnpdf+1sigBRNTimingMean.txt": "edf00a561d1f934d3e8bef2c401e8d91",
        "brnpdf+1sigEnergy.txt": "2ad879a7302d8ca2e25ef1e192f88183",
        "brnpdf-1sigBRNTimingMean.txt": "937c7c0f53aff94600ed7dfffb69de8b",
        "brnpdf-1sigEnergy.txt": "ea7dd87225a19fe75f28d3dec00e7441",
        "brnpdf.txt": "7ccf0fdc0d0010d2c6570d620816e4df",
        "brnpdfBRNTimingWidthSyst.txt": "5050ef987d122fae43eeef27b86ec1b2",
        "CENNS10AnlAEfficiency.txt": "77139f1bb79dcf972a3a0ecc28a4a8f5",
        "cevnspdf+1sigF90.txt": "0237a293b243b371459bcb19bc2fa116",
        "cevnspdf-1sigF90.txt": "b9bd9500b0c84b851f0d38e4869cad0f",
        "cevnspdf.txt": "5601234e03bc9bbd01066591629e72c0",
        "cevnspdfCEvNSTimingMeanSyst.txt": "24455c1cd2acf4f359cf0942deb7b29b",
        "datanobkgsub.txt": "4346ec521e91a7227b2e34ff8f3c269b",
        "delbrnpdf.txt": "5d57e91a773f03368d149dc5739b6a01",
    },
    "csi2021": {},
}

#: MD5 of the numbers of each file (the parsed float64 table, little endian, row-major): the
#: official numbers, recorded from the files of ../shared/data/coherent-releases (LAr 2020 and
#: promptPDF.txt byte-identical to Zenodo; the other CsI 2017 files a reformatted copy with the same
#: numbers; CsI 2021 the arXiv:2110.07730v2 ancillary files, which have no official checksum).
#: A file whose bytes differ from OFFICIAL_MD5 is still verified when its numbers match these.
CONTENT_MD5 = {
    "csi2017": {
        "data_coincidence_beamOn.txt": "3303946f79890fa210c5fb83bb17516d",
        "data_anticoincidence_beamOn.txt": "78334b97056a9fa5c9ecff397e584017",
        "arrivalTimePDF_promptNeutrinos.txt": "ac02ba6fd47815bf3bcde7585847708b",
        "arrivalTimePDF_delayedNeutrinos.txt": "5f681cd584c758e4f512d987dfb7d860",
        "arrivalTimePDF_promptNeutrons.txt": "f9f4d671833473aaebc4e8bb36512962",
        "promptPDF.txt": "7c1bb67ec7919f203331ab372cf4bfa4",
    },
    "lar2020": {
        "datanobkgsub.txt": "d7b3415e86ffb2007fe94daa93b3ccda",
        "cevnspdf.txt": "abeff91bfeba707da6a9843374a966ee",
        "brnpdf.txt": "d0de6d4debaf1ef0e40d8b1039a82361",
        "delbrnpdf.txt": "3805e77030cb6f975341e7d7b4e99bd1",
        "bkgpdf.txt": "e2eac34bda43a4b65168feed115f9b1f",
        "CENNS10AnlAEfficiency.txt": "37a2c78a396266efd26d8f0ab8b82dc5",
        "cevnspdf+1sigF90.txt": "dca6ad48fd1ddf350b578833f2ffc9b5",
        "cevnspdf-1sigF90.txt": "5029a81abb6eea8ebad4a88377466267",
        "cevnspdfCEvNSTimingMeanSyst.txt": "2d7259c012ec2e7c3979febe6b7ac2b8",
        "brnpdf+1sigEnergy.txt": "69b7a10814bfaeace39e1d4b23f8fbba",
        "brnpdf-1sigEnergy.txt": "0a2c85685ccfd4d479f4c54cefc317d8",
        "brnpdf+1sigBRNTimingMean.txt": "5f51d852d36604ec01bd2f75a7cd8b0c",
        "brnpdf-1sigBRNTimingMean.txt": "0583356019c9f4258bd9c112522be249",
        "brnpdfBRNTimingWidthSyst.txt": "b7f80df52181913e379551ca17e66825",
    },
    "csi2021": {
        "dataBeamOnC.txt": "519b2ad882cf409f66cad2c5c62cb279",
        "dataBeamOnAC.txt": "49755449410fa9234a82096df6b8ce36",
        "brnPE.txt": "62d84220a08cdd4dd371f9021073938a",
        "ninPE.txt": "07303011f6a2cd551661ed704e800888",
        "brnTrec.txt": "b96ec4e60eabdf31458daad11b3bf38a",
        "ninTrec.txt": "5fc8b0d7bfccdab40d7b1f1f6fc24d90",
        "effCoefficients.txt": "7857779ca6d638c91457697a5d93ecd3",
        "scintRespCoefficients.txt": "90da369facdc22db44dd373e201bf5d0",
    },
}

# published totals used as content checks (the release notes and papers)
CSI2017_TOTALS = {"data_coincidence_beamOn.txt": 547, "data_anticoincidence_beamOn.txt": 405}
LAR2020_DATA_TOTAL = 3752
CSI2021_TOTALS = {"dataBeamOnC.txt": 1578, "dataBeamOnAC.txt": 1295}


@dataclass(frozen=True)
class Release:
    """A loaded release: parsed arrays by file name, where each came from, which matched an MD5."""

    name: str
    origin: str  # "CEVNSLIB_DATA", "cache" or "download"
    paths: dict[str, pathlib.Path] = field(repr=False)
    arrays: dict[str, np.ndarray] = field(repr=False)
    verified: dict[str, bool] = field(repr=False)

    def __getitem__(self, file_name: str) -> np.ndarray:
        if file_name not in self.arrays:
            raise InputError(
                f"file_name = {file_name!r} is not known; allowed: {', '.join(self.arrays)}"
            )
        return self.arrays[file_name]

    def summary(self) -> dict:
        """Name, origin and, per file, whether it is verified (for JSON output)."""
        return {
            "name": self.name,
            "origin": self.origin,
            "verified": all(self.verified.values()),
            "files": {
                f: {"verified": ok, "path": str(self.paths[f])} for f, ok in self.verified.items()
            },
        }


def release_names() -> tuple[str, ...]:
    """Names accepted by :func:`load_release`."""
    return tuple(RELEASES)


def cache_dir(name: str) -> pathlib.Path:
    """User cache directory of one release (pooch.os_cache('cevnslib')/name)."""
    import pooch

    check_choice("release", name, RELEASES)
    return pathlib.Path(pooch.os_cache("cevnslib")) / name


def _md5(path: pathlib.Path) -> str | None:
    """MD5 of a file's bytes, None if it cannot be read (the parser then names the file)."""
    try:
        return hashlib.md5(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _content_md5(arr: np.ndarray) -> str:
    return hashlib.md5(np.ascontiguousarray(arr, dtype="<f8").tobytes()).hexdigest()


def _what_is(path: pathlib.Path) -> str:
    if path.is_symlink() and not path.exists():
        return f"a broken link (to {os.readlink(path)})"
    if path.is_dir():
        return "a folder, not a file"
    return "not a regular file"


def _locate(
    name: str, root: pathlib.Path
) -> tuple[dict[str, pathlib.Path] | None, str | None, pathlib.Path | None]:
    """(paths, None, None) when every file of ``name`` is below ``root``; else (None, what is
    wrong, the broken path or None when a file is simply missing)."""
    if not root.is_dir():
        return None, f"folder {root} does not exist", None
    found: dict[str, pathlib.Path] = {}
    for fname in RELEASE_FILES[name]:
        hits = sorted(root.rglob(fname)) or sorted(  # rglob skips broken links; os.walk lists them
            pathlib.Path(d) / fname for d, _, names in os.walk(root) if fname in names
        )
        files = [p for p in hits if p.is_file()]  # follows links: a broken one is not a file
        if not files:
            if hits:
                return None, f"{fname} in folder {hits[0].parent} is {_what_is(hits[0])}", hits[0]
            return None, f"{fname} is missing below {root}", None
        official = OFFICIAL_MD5[name].get(fname)
        best = [p for p in files if official and _md5(p) == official]
        found[fname] = (best or files)[0]
    return found, None, None


def find_local(name: str, root: str | os.PathLike) -> dict[str, pathlib.Path] | None:
    """Paths of all files of release ``name`` below ``root`` (by file name), or None if any is missing.

    Where a name occurs more than once, a copy whose MD5 is the official one wins, else the first in
    sorted order.  Folders and broken links named like a file do not count as the file.
    """
    check_choice("release", name, RELEASES)
    return _locate(name, pathlib.Path(root))[0]


# ------------------------------------------------------------------------------------ parsing
def _table(path: pathlib.Path, cols: int, rows: int | None = None) -> np.ndarray:
    """Numeric table (comma or blank separated, '#' comments) with ``cols`` columns."""
    try:
        text = path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise ReleaseError(f"{path.name}: cannot be read as text ({reason})", path) from None
    values = []
    for k, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].replace(",", " ").strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != cols:
            raise ReleaseError(
                f"{path.name}: line {k} has {len(parts)} columns, expected {cols} (corrupt file?)",
                path,
            )
        try:
            values.append([float(p) for p in parts])
        except ValueError:
            raise ReleaseError(
                f"{path.name}: line {k} is not numeric: {line[:40]!r}", path
            ) from None
    arr = np.array(values, dtype=float).reshape(-1, cols)
    if rows is not None and len(arr) != rows:
        raise ReleaseError(
            f"{path.name}: {len(arr)} rows, expected {rows} (incomplete file?)", path
        )
    if not np.all(np.isfinite(arr)):
        raise ReleaseError(f"{path.name}: holds NaN or infinite values", path)
    return arr


def _expect(ok: bool, path: pathlib.Path, what: str) -> None:
    if not ok:
        raise ReleaseError(f"{path.name}: {what}", path)


def _parse_csi2017(paths: dict[str, pathlib.Path]) -> dict[str, np.ndarray]:
    out = {}
    pe_centres = np.arange(1.0, 50.0, 2.0)
    t_centres = np.arange(0.25, 12.0, 0.5)
    for fname, total in CSI2017_TOTALS.items():
        p = paths[fname]
        arr = _table(p, 3, 600)
        _expect(
            np.allclose(np.unique(arr[:, 0]), pe_centres)
            and np.allclose(np.unique(arr[:, 1]), t_centres),
            p,
            "bin centres are not PE 1, 3, ..., 49 x t 0.25, ..., 11.75 us",
        )
        sel = (arr[:, 0] > 6) & (arr[:, 0] < 30) & (arr[:, 1] < 6)
        n = arr[sel, 2].sum()
        _expect(
            n == total, p, f"{n:g} counts in 6-30 PE, t <= 6 us; the published total is {total}"
        )
        out[fname] = arr
    for fname in RELEASE_FILES["csi2017"][2:5]:
        p = paths[fname]
        arr = _table(p, 2, 24)
        _expect(np.allclose(arr[:, 0], t_centres), p, "time centres are not 0.25, ..., 11.75 us")
        _expect(abs(arr[:, 1].sum() - 1.0) < 1e-3, p, f"PDF sums to {arr[:, 1].sum():.4g}, not 1")
        out[fname] = arr
    p = paths["promptPDF.txt"]
    arr = _table(p, 2, 50)
    _expect(np.allclose(arr[:, 0], np.arange(0.5, 50.0)), p, "PE centres are not 0.5, ..., 49.5")
    out["promptPDF.txt"] = arr
    return out


def _parse_lar2020(paths: dict[str, pathlib.Path]) -> dict[str, np.ndarray]:
    out = {}
    ref = None
    for fname in RELEASE_FILES["lar2020"]:
        p = paths[fname]
        if fname == "CENNS10AnlAEfficiency.txt":
            arr = _table(p, 3)
            _expect(
                len(arr) > 10 and np.all((arr[:, 2] >= 0) & (arr[:, 2] <= 1)),
                p,
                "efficiency table must have > 10 rows with values in [0, 1]",
            )
            out[fname] = arr
            continue
        arr = _table(p, 4, 960)
        if ref is None:
            ref = arr[:, :3]
            _expect(
                len(np.unique(ref[:, 0])) == 12
                and len(np.unique(ref[:, 1])) == 8
                and len(np.unique(ref[:, 2])) == 10,
                p,
                "bins are not 12 (E) x 8 (F90) x 10 (t)",
            )
        _expect(np.allclose(arr[:, :3], ref), p, "bin centres differ from datanobkgsub.txt")
        _expect(bool(np.all(arr[:, 3] >= 0)), p, "negative bin content")
        out[fname] = arr
    p = paths["datanobkgsub.txt"]
    n = out["datanobkgsub.txt"][:, 3].sum()
    _expect(
        n == LAR2020_DATA_TOTAL, p, f"{n:g} events, the published total is {LAR2020_DATA_TOTAL}"
    )
    return out


def _parse_csi2021(paths: dict[str, pathlib.Path]) -> dict[str, np.ndarray]:
    out = {}
    for fname, total in CSI2021_TOTALS.items():
        p = paths[fname]
        arr = _table(p, 2)
        n = int(np.sum((arr[:, 0] < 60) & (arr[:, 1] < 6)))
        _expect(n == total, p, f"{n} events in PE < 60, t < 6 us; the published total is {total}")
        out[fname] = arr
    for fname, rows in (
        ("brnPE.txt", 250),
        ("ninPE.txt", 250),
        ("brnTrec.txt", 650),
        ("ninTrec.txt", 650),
    ):
        p = paths[fname]
        arr = _table(p, 2, rows)
        _expect(bool(np.all(arr[:, 1] >= 0) and arr[:, 1].sum() > 0), p, "PDF is negative or empty")
        out[fname] = arr
    p = paths["effCoefficients.txt"]
    out["effCoefficients.txt"] = _table(p, 4, 3)
    p = paths["scintRespCoefficients.txt"]
    out["scintRespCoefficients.txt"] = _table(p, 4, 5)
    return out


_PARSERS: dict[str, Callable[[dict[str, pathlib.Path]], dict[str, np.ndarray]]] = {
    "csi2017": _parse_csi2017,
    "lar2020": _parse_lar2020,
    "csi2021": _parse_csi2021,
}


# ------------------------------------------------------------------------------------ download
def _offline() -> bool:
    return os.environ.get(OFFLINE_ENV, "") not in ("", "0")


def _download(name: str, target: pathlib.Path) -> dict[str, pathlib.Path]:
    """Fetch the files of ``name`` into ``target`` with pooch, each checked against its official MD5."""
    import pooch

    pooch.get_logger().setLevel("WARNING")  # errors reach the user as one line, not pooch's log
    paths = {}
    for fname in RELEASE_FILES[name]:
        md5 = OFFICIAL_MD5[name].get(fname)
        url = RELEASES[name]["url"].format(name=fname)
        got = pooch.retrieve(
            url,
            known_hash=f"md5:{md5}" if md5 else None,
            fname=fname,
            path=target,
            progressbar=False,
        )
        paths[fname] = pathlib.Path(got)
    return paths


def _unavailable(name: str, why: str) -> ReleaseUnavailable:
    return ReleaseUnavailable(
        f"COHERENT release {name!r} is not available ({why}): set {DATA_ENV} to a directory that "
        f"holds its files, or allow a download from {RELEASES[name]['source']}"
    )


_CACHE: dict[tuple[str, str], Release] = {}


def load_release(name: str, download: bool | None = None) -> Release:
    """Load, check and return release ``name`` ('csi2017', 'lar2020' or 'csi2021').

    Parameters
    ----------
    name : str
        Release name.
    download : bool, optional
        Allow a download when the files are neither under ``$CEVNSLIB_DATA`` nor in the user cache;
        default: allowed unless ``CEVNSLIB_OFFLINE`` is set.

    Raises
    ------
    InputError
        Unknown release name.
    ReleaseError
        A file is corrupt or incomplete (the message names the file).
    ReleaseUnavailable
        The release cannot be had (the message names ``CEVNSLIB_DATA`` and the release).
    """
    check_choice("release", name, RELEASES)
    if download is not None and not isinstance(download, bool):
        raise InputError(f"download = {download!r} is not allowed: must be True, False or None")
    env = os.environ.get(DATA_ENV, "")
    key = (name, env)
    if key in _CACHE:
        return _CACHE[key]
    why: list[str] = []
    paths = None
    origin = DATA_ENV
    if env:
        paths, problem, broken = _locate(name, pathlib.Path(env))
        if broken is not None:  # a file named like a release file that is not one: say so
            raise ReleaseError(f"{problem} ({DATA_ENV}={env!r}): replace it with the file", broken)
        if problem:
            why.append(f"{problem} ({DATA_ENV})")
    else:
        why.append(f"{DATA_ENV} is not set")
    if paths is None:
        cache = cache_dir(name)  # imports pooch: only when CEVNSLIB_DATA does not hold the release
        paths, problem, broken = _locate(name, cache)
        origin = "cache"
        if broken is not None:
            raise ReleaseError(f"{problem} (the user cache): {_clear_hint(cache)}", broken)
        if problem and cache.is_dir():
            why.append(f"{problem} (the user cache)")
    if paths is None:
        allowed = (not _offline()) if download is None else download
        if not allowed:
            raise _unavailable(name, "; ".join(why) + "; downloads are off")
        try:
            paths, origin = _download(name, cache), "download"
        except ValueError as exc:  # pooch: hash mismatch
            raise ReleaseError(
                f"download of {name} into {cache}: {_one_line(exc)}: {_clear_hint(cache)}"
            ) from None
        except Exception as exc:  # network errors of any kind
            raise _unavailable(name, f"download failed: {type(exc).__name__}") from None
    try:
        arrays = _PARSERS[name](paths)
    except ReleaseError as exc:
        where = f" in folder {exc.path.parent}" if exc.path is not None else ""
        hint = (
            f": {_clear_hint(cache_dir(name))}" if origin != DATA_ENV else f" ({DATA_ENV}={env!r})"
        )
        raise ReleaseError(f"{exc}{where}{hint}", exc.path) from None
    verified = {
        f: OFFICIAL_MD5[name].get(f) == _md5(p)
        or CONTENT_MD5[name].get(f) == _content_md5(arrays[f])
        for f, p in paths.items()
    }
    for f, ok in verified.items():
        if not ok:
            warnings.warn(
                f"{f} of release {name} in folder {paths[f].parent} passes the content checks but "
                "is not the official file (neither its MD5 nor its numbers match): used, "
                "verified = false",
                ReleaseModified,
                stacklevel=2,
            )
    rel = Release(name, origin, paths, arrays, verified)
    _CACHE[key] = rel
    return rel


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _clear_hint(cache: pathlib.Path) -> str:
    return f"clear the cache by deleting the folder {cache} (the files are downloaded again)"


def missing_release(notebook: str | os.PathLike) -> str | None:
    """The first release named in a notebook's ``"cevnslib": {"requires_releases": [...]}``
    metadata that cannot be loaded without a download, else None (also for an unreadable file).

    Used by the test suite (nbval skips such a notebook) and by ``tools/check_determinism.py``.
    """
    import json

    if not isinstance(notebook, (str, os.PathLike)):
        raise InputError(f"notebook = {notebook!r} is not allowed: must be a path (str or Path)")
    try:
        text = pathlib.Path(notebook).read_text(encoding="utf-8")
        meta = json.loads(text).get("metadata", {})
    except (OSError, ValueError):
        return None
    for name in meta.get("cevnslib", {}).get("requires_releases", []):
        try:
            load_release(name, download=False)
        except ReleaseUnavailable:
            return name
    return None
