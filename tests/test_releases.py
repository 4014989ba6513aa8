"""The release loader: content checks, local/cache/download order, clear errors (no network ever)."""

import hashlib
import json
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
    # the shared copy is reformatted (other bytes) but holds the official numbers: verified
    assert csi.verified["data_coincidence_beamOn.txt"]
    assert (
        rel._md5(csi.paths["data_coincidence_beamOn.txt"])
        != rel.OFFICIAL_MD5["csi2017"]["data_coincidence_beamOn.txt"]
    )
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


# ---------------------------------------------------------------- data faults named (#16, item 3)
def _cli(capsys, *args):
    from cevnslib.cli import main

    rc = main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.fixture
def fresh_models():
    """Binned models and profiles built from this test's files, and forgotten after it."""
    from cevnslib.experiments import likelihoods as L

    L._build.cache_clear()
    L._profile.cache_clear()
    yield
    L._build.cache_clear()
    L._profile.cache_clear()


def test_one_digit_changed_is_said(releases, isolated, capsys, fresh_models):
    data, _ = isolated
    _copy("lar2020", releases, data)
    lines = (data / "brnpdf.txt").read_text().splitlines()
    k = next(
        i for i, line in enumerate(lines) if line.strip() and line.split()[-1][-1] in "12345678"
    )
    lines[k] = lines[k][:-1] + str(int(lines[k][-1]) + 1)  # one digit of one bin content
    (data / "brnpdf.txt").write_text("\n".join(lines) + "\n")
    with pytest.warns(rel.ReleaseModified, match="brnpdf.txt .* not the official file"):
        got = rel.load_release("lar2020")
    assert not got.verified["brnpdf.txt"] and got.verified["cevnspdf.txt"]
    assert got.summary()["verified"] is False
    assert got.summary()["files"]["brnpdf.txt"]["verified"] is False
    rel._CACHE.clear()
    rc, out, err = _cli(capsys, "workspace", "--experiment", "lar2020")
    assert rc == 0 and json.loads(out)["channels"]
    assert err.count("\n") == 1 and err.startswith("cevnslib: warning: brnpdf.txt")
    from cevnslib.cli import _release_summary  # what fit and binned bound/scan put in "release"

    rel._CACHE.clear()
    with pytest.warns(rel.ReleaseModified):
        summary = _release_summary("lar2020")
    assert summary["files"]["brnpdf.txt"]["verified"] is False


def test_reformatted_with_the_same_numbers_is_verified(releases, isolated, recwarn):
    data, _ = isolated
    _copy("lar2020", releases, data)
    text = (data / "delbrnpdf.txt").read_text()
    (data / "delbrnpdf.txt").write_text(text.replace(" ", "  "))  # other bytes, same numbers
    got = rel.load_release("lar2020")
    assert got.verified["delbrnpdf.txt"] and not recwarn.list


@pytest.mark.parametrize("fault", ["folder", "broken-link", "missing", "unreadable"])
def test_file_faults_name_the_file_and_folder(releases, isolated, capsys, monkeypatch, fault):
    data, _ = isolated
    _copy("csi2017", releases, data)
    target = data / "promptPDF.txt"
    target.unlink()
    if fault == "folder":
        target.mkdir()
    elif fault == "broken-link":
        target.symlink_to(data / "nowhere.txt")
    elif fault == "unreadable":  # (root reads a chmod-000 file: simulate the OSError)
        target.write_text("0.5 1\n")
        real_text, real_bytes = pathlib.Path.read_text, pathlib.Path.read_bytes

        def refusing(real):
            def read(self, *args, **kwargs):
                if self.name == "promptPDF.txt":
                    raise PermissionError(13, "Permission denied")
                return real(self, *args, **kwargs)

            return read

        monkeypatch.setattr(pathlib.Path, "read_text", refusing(real_text))
        monkeypatch.setattr(pathlib.Path, "read_bytes", refusing(real_bytes))
    rc, out, err = _cli(capsys, "fit", "--experiment", "csi2017")
    assert rc == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "promptPDF.txt" in err and str(data) in err, err
    word = {"folder": "a folder", "broken-link": "broken link", "missing": "missing",
            "unreadable": "Permission denied"}[fault]  # fmt: skip
    assert word in err


def test_bad_cached_file_says_how_to_clear_the_cache(releases, isolated, capsys):
    data, cache = isolated
    (cache / "csi2017").mkdir(parents=True)
    _copy("csi2017", releases, cache / "csi2017")
    (cache / "csi2017" / "promptPDF.txt").write_text("0.5 1\ngarbage\n")
    rc, out, err = _cli(capsys, "fit", "--experiment", "csi2017")
    assert rc == 2 and err.count("\n") == 1, err
    assert "promptPDF.txt" in err and f"deleting the folder {cache / 'csi2017'}" in err


def test_find_local_skips_folders_and_refuses_unknown_names(tmp_path):
    (tmp_path / "promptPDF.txt").mkdir()
    assert rel.find_local("csi2017", tmp_path) is None
    with pytest.raises(rel.InputError, match="release"):
        rel.find_local("x", tmp_path)


def test_local_release_does_not_import_pooch(releases):
    """pooch (and tqdm, whose import warns in a notebook kernel) is imported only for the cache."""
    import subprocess
    import sys

    code = (
        "import sys; from cevnslib.data import load_release; load_release('lar2020'); "
        "print('pooch' in sys.modules)"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and p.stdout.strip() == "False" and p.stderr == "", p.stderr
