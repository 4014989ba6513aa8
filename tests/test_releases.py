"""The release loader: content checks, local/cache/download order, clear errors (no network ever)."""

import hashlib
import pathlib
import shutil

import numpy as np
import pytest

from cevnslib.data import releases as rel


def test_published_totals(release):
    csi = release("csi2017")
    c = csi["data_coincidence_beamOn.txt"]
    sel = (c[:, 0] > 6) & (c[:, 0] < 30) & (c[:, 1] < 6)
    assert c[sel, 2].sum() == 547  # COHERENT 2017: 547 coincidence counts in 6-30 PE, t <= 6 us
    assert not csi.verified["data_coincidence_beamOn.txt"]  # the shared copy is reformatted
    lar = release("lar2020")
    assert lar["datanobkgsub.txt"][:, 3].sum() == 3752  # COHERENT 2020: 3752 beam-on events
    assert lar["cevnspdf.txt"][:, 3].sum() == pytest.approx(128, abs=1e-3)  # SM prediction 128
    assert all(lar.verified.values())  # byte-identical to Zenodo
    c21 = release("csi2021")["dataBeamOnC.txt"]
    assert np.sum((c21[:, 0] < 60) & (c21[:, 1] < 6)) == 1578  # COHERENT 2021: 1578 C events


def _copy(name, src_root, dst):
    paths = rel.find_local(name, src_root)
    if paths is None:
        pytest.skip(f"COHERENT release {name} unavailable")
    for fname, p in paths.items():
        shutil.copy(p, dst / fname)
    return paths


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Empty CEVNSLIB_DATA and user cache, downloads off."""
    data, cache = tmp_path / "data", tmp_path / "cache"
    data.mkdir()
    monkeypatch.setenv("CEVNSLIB_DATA", str(data))
    monkeypatch.setenv("CEVNSLIB_OFFLINE", "1")
    monkeypatch.setattr(rel, "cache_dir", lambda name: cache / name)
    monkeypatch.setattr(rel, "_CACHE", {})
    return data, cache


def test_missing_release_names_env_and_release(isolated):
    with pytest.raises(rel.ReleaseUnavailable) as exc:
        rel.load_release("lar2020")
    msg = str(exc.value)
    assert "CEVNSLIB_DATA" in msg and "lar2020" in msg and "\n" not in msg


def test_unknown_release_is_input_error():
    with pytest.raises(rel.InputError, match="release = 'ge2030' is not known"):
        rel.load_release("ge2030")


@pytest.mark.parametrize(
    ("fname", "mangle", "what"),
    [
        ("cevnspdf.txt", lambda t: "\n".join(t.splitlines()[:900]), "900 rows, expected 960"),
        ("datanobkgsub.txt", lambda t: t.replace(" 32\n", " 33\n", 1), "3753 events"),
        ("bkgpdf.txt", lambda t: t.replace(" ", ",x ", 1), "columns"),
    ],
)
def test_corrupt_file_is_named(releases, isolated, fname, mangle, what):
    data, _ = isolated
    _copy("lar2020", releases, data)
    (data / fname).write_text(mangle((data / fname).read_text()))
    with pytest.raises(rel.ReleaseError, match=f"^{fname.replace('.', '[.]')}: .*{what}"):
        rel.load_release("lar2020")


def test_local_copy_and_cache_order(releases, isolated):
    data, cache = isolated
    _copy("csi2021", releases, data)
    assert rel.load_release("csi2021").origin == "CEVNSLIB_DATA"
    (cache / "csi2021").mkdir(parents=True)
    for p in data.iterdir():
        p.rename(cache / "csi2021" / p.name)
    rel._CACHE.clear()
    assert rel.load_release("csi2021").origin == "cache"


def _fake_retrieve(source: pathlib.Path, calls: list):
    """Stand-in for pooch.retrieve: copies from ``source`` and checks the MD5 as pooch does."""

    def retrieve(url, known_hash, fname, path, progressbar):
        calls.append((url, known_hash))
        pathlib.Path(path).mkdir(parents=True, exist_ok=True)
        out = pathlib.Path(path) / fname
        shutil.copy(source / fname, out)
        md5 = hashlib.md5(out.read_bytes()).hexdigest()
        if known_hash and known_hash != f"md5:{md5}":
            raise ValueError(f"MD5 hash of downloaded file ({fname}) does not match the known hash")
        return str(out)

    return retrieve


def test_download_path_verifies_md5(releases, isolated, tmp_path, monkeypatch):
    import pooch

    src = tmp_path / "zenodo"
    src.mkdir()
    _copy("lar2020", releases, src)
    calls: list = []
    monkeypatch.setattr(pooch, "retrieve", _fake_retrieve(src, calls))
    got = rel.load_release("lar2020", download=True)
    assert got.origin == "download" and all(got.verified.values())
    assert calls[0] == (
        "https://zenodo.org/records/3903810/files/datanobkgsub.txt?download=1",
        "md5:4346ec521e91a7227b2e34ff8f3c269b",
    )
    # a tampered download fails its MD5 and is reported with the file
    shutil.rmtree(rel.cache_dir("lar2020"))
    rel._CACHE.clear()
    (src / "brnpdf.txt").write_text((src / "brnpdf.txt").read_text() + "\n")
    with pytest.raises(rel.ReleaseError, match="brnpdf.txt"):
        rel.load_release("lar2020", download=True)


def test_failed_download_is_unavailable(isolated, monkeypatch):
    import pooch

    def offline(*args, **kwargs):
        raise ConnectionError("no network")

    monkeypatch.setattr(pooch, "retrieve", offline)
    with pytest.raises(rel.ReleaseUnavailable, match="csi2017.*ConnectionError.*|CEVNSLIB_DATA"):
        rel.load_release("csi2017", download=True)
