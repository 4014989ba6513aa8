"""The code and the citation one click away: _ext/book_source.py, _ext/citation.py, _ext/numbering.py."""

import gzip
import importlib.util
import pathlib
import subprocess
import tarfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


book_source = _load("book_source")
citation = _load("citation")
numbering = _load("numbering")


def test_source_archive_holds_the_tracked_files_and_is_reproducible(tmp_path):
    if subprocess.run(["git", "rev-parse"], cwd=ROOT, capture_output=True).returncode:
        pytest.skip("not a git checkout")
    a, b = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"
    n = book_source.write_archive(ROOT, a)
    book_source.write_archive(ROOT, b)
    assert a.read_bytes() == b.read_bytes()  # same tree, same bytes
    with tarfile.open(a) as tar:
        names = tar.getnames()
    assert len(names) == n
    for must in ("CITATION.cff", "_config.yml", "requirements.txt", "chapters/07_csi_fit.ipynb",
                 "cevnslib/__init__.py", "tools/rerun.py"):  # fmt: skip
        assert f"cevns-331beta/{must}" in names, must
    assert not any("/_build/" in x or "/.venv/" in x for x in names)
    assert gzip.open(a).read(1)  # a valid gzip stream


def test_source_archive_outside_git_skips_builds(tmp_path):
    (tmp_path / "book").mkdir()
    for rel in (
        "a.md",
        "_build/html/x.html",
        ".venv/bin/python",
        "pkg/m.py",
        "pkg/__pycache__/m.pyc",
    ):
        p = tmp_path / "book" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    files = [f.as_posix() for f in book_source.source_files(tmp_path / "book")]
    assert files == ["a.md", "pkg/m.py"]


def test_footer_links_point_to_the_notebook_the_archive_and_cite():
    html = book_source.footer_links(lambda p, r=0: f"../{p}", "chapters/07_csi_fit.ipynb", True)
    assert 'href="../_sources/chapters/07_csi_fit.ipynb"' in html
    assert 'href="../_static/cevnslib-book-source.tar.gz"' in html and 'href="../cite"' in html
    assert ".ipynb" not in book_source.footer_links(lambda p, r=0: p, "rerun.md", False)


def test_citation_from_citation_cff():
    cff = citation.read_cff(ROOT)
    text = citation.text_citation(cff)
    assert cff["title"].replace("Z'", "Z′") in text and str(cff["version"]) in text
    bib = citation.bibtex(cff, "cevnslib2026")
    assert bib.startswith("@software{cevnslib2026,") and "{The cevnslib team}" in bib
    paper = citation.bibtex(cff["references"][0], "Binh2021")
    assert paper.startswith("@article{Binh2021,") and "eprint = {2109.08118}" in paper
    assert "Binh, D. T. and Hue, L. T." in paper
    assert bib.count("{") == bib.count("}")


class _Env:
    def __init__(self, fignumbers, secnumbers):
        self.toc_fignumbers, self.toc_secnumbers = fignumbers, secnumbers


def test_unnumbered_pages_count_from_one():
    env = _Env(
        {
            "chapters/07_csi_fit": {"table": {"tbl-a": (7, 1)}},
            "chapters/A1_performance": {"table": {"t1": (1,), "t2": (2,)}},
            "rerun": {"table": {"r1": (3,), "r2": (4,)}, "figure": {"f": (2,)}},
        },
        {"chapters/07_csi_fit": {"": (7,)}},
    )
    changed = numbering.renumber(env)
    assert env.toc_fignumbers["rerun"] == {"table": {"r1": (1,), "r2": (2,)}, "figure": {"f": (1,)}}
    assert env.toc_fignumbers["chapters/A1_performance"]["table"] == {
        "t1": ("A1", 1),
        "t2": ("A1", 2),
    }
    assert env.toc_fignumbers["chapters/07_csi_fit"]["table"] == {"tbl-a": (7, 1)}
    assert changed == {"rerun", "chapters/A1_performance"}


def _shown(nodes_):
    return "".join(f"_{{{n.astext()}}}" if n.tagname == "subscript" else n.astext() for n in nodes_)


@pytest.mark.parametrize(
    ("comment", "shown"),
    [
        ("s_W^2 in f(beta)", "s_{W}² in f(β)"),
        ("LAr sigma_stat: steady-state", "LAr σ_{stat}: steady-state"),
        ("B_ss / N_SM of Eq. 62", "B_{ss} / N_{SM} of Eq. 62"),
        ("R_n - R_p [fm]", "R_{n} − R_{p} [fm]"),
        ("two-sided (Delta chi^2 of 2.706)", "two-sided (Δχ² of 2.706)"),
        ("written by benchmarks/benchmark.py --full", "written by benchmarks/benchmark.py --full"),
        ("BENCHMARK_BETAS and csi_window", "BENCHMARK_BETAS and csi_window"),  # names stay
    ],
)
def test_rerun_page_shows_symbols_not_ascii(comment, shown):
    rerun_params = _load("rerun_params")
    assert _shown(rerun_params.pretty(comment)) == shown


@pytest.mark.parametrize(
    "name", ["mzp_max", "TOY_SEED", "e_fig_mev", "b_over_s", "csi_window", "beta_points"]
)
def test_identifiers_on_the_rerun_page_are_code(name):
    rerun_params = _load("rerun_params")
    out = rerun_params.pretty(f"0 < {name} ≤ 1")
    assert [n.astext() for n in out if n.tagname == "literal"] == [name]


def test_input_names_are_code_even_when_short():
    rerun_params = _load("rerun_params")
    out = rerun_params.pretty("integer, 10 ≤ e_points ≤ 100000", ("e_points", "cl"))
    assert [n.astext() for n in out if n.tagname == "literal"] == ["e_points"]


def test_beta_stays_a_symbol():
    rerun_params = _load("rerun_params")
    out = rerun_params.pretty("the headline beta (any beta with f(beta) > 0)", ("beta", "cl"))
    assert "".join(n.astext() for n in out) == "the headline β (any β with f(β) > 0)"
