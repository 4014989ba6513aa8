"""A rerun reads true: tools/rerun.py and cevnslib.book.params (inputs, validation, rendered text).

Fast tests: the parameters-cell parser, the safe parser of what a physicist types for β, the
one-line refusal of bad values (exit status 2, no traceback), and the checker of a rerun page's
text.  One end-to-end rerun (marker ``rerun``) renders the fastest chapter (A1) as a page of the book.
"""

import importlib.util
import math
import pathlib
import sys
import time

import nbformat
import pytest

from cevnslib.book import params
from cevnslib.errors import InputError

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))

_spec = importlib.util.spec_from_file_location("rerun_tool", ROOT / "tools" / "rerun.py")
rerun_tool = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("rerun_tool", rerun_tool)
_spec.loader.exec_module(rerun_tool)

SQRT3 = math.sqrt(3.0)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("-1/sqrt(3)", -1 / SQRT3),
        ("-sqrt(3)", -SQRT3),
        ("−√3", -SQRT3),
        ("2/sqrt3", 2 / SQRT3),
        ("1/√3", 1 / SQRT3),
        ("-1.7320508", -1.7320508),
        ("3**-0.5", 1 / SQRT3),
        ("0.95", 0.95),
        ("2e4", 2e4),
    ],
)
def test_beta_as_a_physicist_types_it(typed, value):
    assert params.parse_value(typed) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    "typed", ["__import__('os').system('true')", "open('x')", "sqrt(3).real", "2**10000", "x+1"]
)
def test_nothing_is_executed(typed):
    """Names, attributes, calls other than sqrt, huge powers: kept as text, never evaluated."""
    assert params.parse_value(typed) == typed


def test_lists_and_words():
    assert params.parse_value("-sqrt(3), 1/sqrt(3)") == pytest.approx([-SQRT3, 1 / SQRT3])
    assert params.parse_value("helm-ls") == "helm-ls"
    assert params.parse_value("two-sided") == "two-sided"
    assert params.parse_value("'csi2017'") == "csi2017"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_input_has_a_meaning_and_a_range(notebook):
    """Every input of every chapter is described (meaning) and bounded (allowed values)."""
    specs = params.parameter_specs(notebook)
    assert specs, f"{notebook.name}: no parameters cell"
    for name, spec in specs.items():
        assert spec.meaning, f"{notebook.name}: {name} has no meaning (comment)"
        assert spec.kind != "any", f"{notebook.name}: {name} has no allowed range"
        assert spec.default_text, name


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_defaults_are_allowed(notebook):
    """The committed defaults pass the validation (the ranges are not too narrow)."""
    specs = params.parameter_specs(notebook)
    literal = {n: s.default for n, s in specs.items() if s.default is not None}
    params.validate(specs, literal)


def test_comment_convention():
    src = (
        "cl = 0.9  # confidence level; allowed: 0 < x < 1\n"
        "mzp = 1400.0  # Z′ mass [GeV]; allowed: x >= 1\n"
        'ff = "helm"  # form factor; allowed: one of helm | helm-ls\n'
        "n = 10  # points; allowed: integer, 3 <= x <= 100\n"
    )
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(src)
    cell.metadata["tags"] = ["parameters"]
    nb.cells.append(cell)
    path = ROOT / "tests" / ".params_convention.ipynb"
    try:
        nbformat.write(nb, path)
        specs = params.parameter_specs(path)
    finally:
        path.unlink(missing_ok=True)
    assert specs["cl"].meaning == "confidence level" and specs["cl"].allowed() == "0 < cl < 1"
    assert specs["mzp"].allowed() == "mzp ≥ 1"
    assert specs["ff"].choices == ("helm", "helm-ls")
    assert specs["n"].kind == "integer"
    with pytest.raises(InputError, match=r"n = 2 is not allowed: must be integer, 3 ≤ n ≤ 100"):
        params.validate(specs, {"n": "2"})
    with pytest.raises(InputError, match="ff = 'klein' is not allowed: must be one of: helm"):
        params.validate(specs, {"ff": "klein"})


@pytest.mark.parametrize(
    ("notebook", "name", "value", "message"),
    [
        ("07_csi_fit", "cl", "1.5", "cl = 1.5 is not allowed: must be 0 < cl < 1"),
        ("07_csi_fit", "cl", "nan", "cl = 'nan' is not allowed"),
        ("07_csi_fit", "beta", "-sqrt(5)", "|β| < cot θ_W"),
        ("08_lar_fit", "lar_stat", "gauss", "one of: coherent, steady-state, paper"),
        ("12_beta_plane", "convention", "cls", "one of: two-sided, one-sided"),
        ("09_projections", "toys", "2.5", "integer"),
        ("07_csi_fit", "sw3", "0.2", "parameter sw3 is not allowed"),
        ("14_mixing_and_weak_angle", "experiment", "csi2099", "python -m cevnslib experiments"),
    ],
)
def test_bad_value_is_one_line_and_exit_2(notebook, name, value, message, capsys):
    rc = rerun_tool.main(
        [str(ROOT / "chapters" / f"{notebook}.ipynb"), "-p", name, value, "--html", "/nonexistent"]
    )
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert message in err


def test_beta_is_checked_at_the_rerun_sw2():
    """cot θ_W depends on s_W²: β = 1.9 is refused at 0.23857 and allowed at 0.2 (cot = 2)."""
    specs = params.parameter_specs(ROOT / "chapters" / "07_csi_fit.ipynb")
    with pytest.raises(InputError, match="beta = 1.9"):
        params.validate(specs, {"beta": "1.9"})
    assert params.validate(specs, {"beta": "1.9", "sw2": "0.2"})["beta"] == 1.9


@pytest.mark.parametrize(
    ("text", "cl", "rules"),
    [
        ("M_Z′ > 0.92 TeV at 90% CL", 0.95, ["CL differs from the parameter"]),
        ("M_Z′ > 0.92 TeV at 95% CL", 0.95, []),
        ("the paper's 1.4 TeV at 90% CL; ours 1.2 TeV at 95% CL", 0.95, []),
        ("a shift of nan % ", 0.9, ["nan/inf"]),
        ("μ = inf TeV", 0.9, ["nan/inf"]),
        ("excluded at 0.0% CL", 0.9, ["nan/inf"]),
        ("M_Z′ > 0.2 TeV, inside [2, 3.1] TeV.", 0.9, ["'inside' an interval it is not"]),
        ("M_Z′ > 2.5 TeV, inside [2, 3.1] TeV.", 0.9, []),
        ("κ ≥ nan", 0.9, ["nan/inf"]),
        ("the influence of a finance term", 0.9, []),  # words containing 'inf'/'nan'
    ],
)
def test_rendered_text_problems(text, cl, rules):
    found = [p.rule for p in params.rendered_text_problems(text, {"cl": cl})]
    assert found == rules


def test_default_only_sentences_are_found():
    text = "Our bound agrees with the paper's 1.4 TeV.  It is stronger."
    found = params.rendered_text_problems(text, {}, default_only=["agrees with the paper's"])
    assert [p.rule for p in found] == ["default-only sentence"]


def test_visible_text_skips_code():
    page = (
        "<html><body><main><p>Bound 1.2 TeV at 95% CL</p><div class='highlight'><pre>nan</pre>"
        "</div><script>var inf = 1;</script></main></body></html>"
    )
    assert params.visible_text(page) == "Bound 1.2 TeV at 95% CL"


@pytest.mark.rerun
def test_rerun_renders_a_page_that_reads_true(tmp_path):
    """The fastest chapter (A1) with two experiments and two node counts becomes
    tmp/A1_performance.html, styled as the book, whose table follows the inputs."""
    t0 = time.perf_counter()
    page, values, _ = rerun_tool.rerun(
        ROOT / "chapters" / "A1_performance.ipynb",
        {"experiments": "csi2017, lar2020", "nodes": "4, 8"},
        tmp_path,
    )
    seconds = time.perf_counter() - t0
    assert page == tmp_path / "A1_performance.html" and page.is_file()
    assert (tmp_path / "_static" / "cevnslib.css").is_file()
    assert (tmp_path / "_static" / "cevnslib-book-source.tar.gz").is_file()  # the whole book's
    assert (tmp_path / "cite.html").is_file()
    text = params.visible_text(page.read_text(encoding="utf-8"))
    assert "Inputs changed from the book" in text
    assert "experiments = csi2017, lar2020" in text and "nodes = 4, 8" in text
    table = text[text.index("experiment \\(n = 4\\)") :][:200]  # the convergence table
    assert "lar2020" in table and "nai-projection" not in table and "n = 16" not in table
    assert rerun_tool.page_problems(page, values) == []
    assert seconds < 60, f"{seconds:.0f} s"


def test_computed_levels_are_not_the_chosen_cl():
    """'excluded at 97.1% CL' is a computed level; 'excluded at 90% CL' in a 95% rerun is not."""
    assert params.rendered_text_problems("is excluded at 97.1 % CL", {"cl": 0.9}) == []
    found = params.rendered_text_problems("plane excluded at 90% CL (grey)", {"cl": 0.95})
    assert [p.rule for p in found] == ["CL differs from the parameter"]


@pytest.mark.parametrize("notebook", sorted(rerun_tool.SUITE))
def test_suite_inputs_are_valid_and_not_the_defaults(notebook):
    """The reruns of `tools/rerun.py --suite` validate and change at least one input."""
    specs = params.parameter_specs(ROOT / notebook)
    values = params.validate(specs, rerun_tool.SUITE[notebook])
    assert any(specs[k].default != v for k, v in values.items())


def test_lists_of_words():
    specs = params.parameter_specs(ROOT / "chapters" / "A1_performance.ipynb")
    values = params.validate(specs, {"experiments": "csi2017, lar2020", "nodes": "[4, 8]"})
    assert values == {"experiments": ["csi2017", "lar2020"], "nodes": [4, 8]}
    with pytest.raises(InputError, match=r"experiments\[1\] = 'lar2099'"):
        params.validate(specs, {"experiments": "csi2017, lar2099"})
