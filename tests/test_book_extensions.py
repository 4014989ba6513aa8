"""The book's local Sphinx extensions (_ext/): footer build info and the bibliography style."""

import importlib.util
import pathlib
import subprocess
import sys

import pytest
from pybtex.database import parse_string

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


build_info = _load("build_info")
bib_style = _load("bib_style")


def test_git_commit_of_this_checkout():
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    if not head:
        pytest.skip("not a git checkout")
    assert build_info.git_commit(ROOT).split("+")[0] == head


def test_no_git_checkout_falls_back(tmp_path):
    assert build_info.git_commit(tmp_path) is None
    assert "not a git checkout" in build_info.footer_html(None, "2026-11-30")
    assert "<code>abc1234</code>" in build_info.footer_html("abc1234", "2026-11-30")


def test_build_date_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert build_info.build_date() == "1970-01-01"


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        ("Solar $^8$B Neutrinos", "Solar ⁸B Neutrinos"),
        ("Heavy $Z'$ Gauge Bosons", "Heavy Z′ Gauge Bosons"),
        ("Z' in 331$\\beta$ model", "Z' in 331β model"),
        ("$\\sin^2\\theta_W$", "$\\sin^2\\theta_W$"),  # not simple: left for MathJax/pybtex
    ],
)
def test_unicode_math(tex, text):
    assert bib_style.unicode_math(tex) == text


def test_et_al_for_and_others():
    bib = parse_string(
        "@article{K, author={Akimov, D. and others}, title={T}, journal={J}, year={2017}}\n"
        "@article{L, author={Binh, D. T. and Long, H. N.}, title={T}, journal={J}, year={2021}}",
        "bibtex",
    )
    entries = list(bib_style.Style().format_entries(bib.entries.values()))
    texts = [e.text.render_as("text") for e in entries]
    assert texts[0].startswith("D. Akimov et al.") and "others" not in texts[0]
    assert texts[1].startswith("D. T. Binh and H. N. Long.")


def test_citation_cff_matches_the_book_config():
    """CITATION.cff (validated against CFF 1.2.0 with cffconvert 2.0.0) and _config.yml agree."""
    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert {"message", "title", "authors"} <= set(cff)
    assert cff["repository-code"] == config["repository"]["url"]
    assert cff["authors"][0]["name"] == config["author"]
    assert any("2109.08118" in r["url"] for r in cff["references"])


def test_textual_citation_reads_et_al():
    """{cite:t} of an 'and others' entry: 'Akimov et al.', not 'Akimov and others'."""
    pytest.importorskip("sphinxcontrib.bibtex")
    from pybtex.richtext import Text  # noqa: F401
    from sphinxcontrib.bibtex.style.template import join

    style = bib_style._ref_styles()()
    bib = parse_string(
        "@article{K, author={Akimov, D. and others}, title={T}, journal={J}, year={2017}}\n"
        "@article{L, author={Binh, D. T. and Long, H. N.}, title={T}, journal={J}, year={2021}}",
        "bibtex",
    )
    person = style.person
    for key, expected in (("K", "Akimov et al."), ("L", "Binh and Long")):
        node = person.author_or_editor_or_title(full=False)
        text = join[node].format_data({"entry": bib.entries[key], "style": style})
        assert text.render_as("text") == expected
