"""Rerun notebooks with other inputs through papermill (tools/rerun_check.py).

The fixture notebook tests the mechanism; the chapters in ``RERUNS`` must run to the end with
non-default parameters and give other numbers than the committed ones.  Every chapter has a cell
tagged ``parameters``.
"""

import importlib.util
import pathlib
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("rerun_check", ROOT / "tools" / "rerun_check.py")
rerun_check = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("rerun_check", rerun_check)  # dataclasses look their module up
_spec.loader.exec_module(rerun_check)

FIXTURE = ROOT / "tests" / "fixtures" / "rerun_fixture.ipynb"


def _stdout(path):
    nb = nbformat.read(path, as_version=4)
    return "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )


@pytest.mark.rerun
def test_fixture_reruns_with_other_inputs(tmp_path):
    """sw2 = 0.23122 (MS-bar at m_Z), 95% CL: Delta chi^2 = 3.8415 (chi^2 quantile, 1 dof)."""
    r = rerun_check.rerun(FIXTURE, {"sw2": 0.23122, "cl": 0.95}, tmp_path)
    out = _stdout(r.output)
    assert "sw2 = 0.23122  cl = 0.950  delta_chi2 = 3.8415" in out
    assert "f(-sqrt3) = 0.07512" in out  # 1 - 4 sw2
    assert "sw2 = 0.23857" in _stdout(FIXTURE)  # the committed notebook is untouched


@pytest.mark.rerun
def test_failing_rerun_fails(tmp_path):
    """An allowed value that a cell rejects: the run fails with that cell's error."""
    import papermill

    nb = nbformat.read(FIXTURE, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("assert cl <= 0.95, 'cl above 0.95'"))
    strict = tmp_path / "strict.ipynb"
    nbformat.write(nb, strict)
    with pytest.raises(papermill.PapermillExecutionError, match="AssertionError"):
        rerun_check.rerun(strict, {"cl": 0.99}, tmp_path)


def test_bad_value_is_refused_before_the_run(tmp_path):
    with pytest.raises(rerun_check.RerunError, match="cl = 1.5 is not allowed"):
        rerun_check.rerun(FIXTURE, {"cl": 1.5}, tmp_path)
    assert not list(tmp_path.iterdir())  # nothing was executed


def test_unknown_parameter_and_missing_cell_are_refused(tmp_path):
    with pytest.raises(rerun_check.RerunError, match="sw3"):
        rerun_check.check_parameters(FIXTURE, {"sw3": 0.2})
    nb = nbformat.read(FIXTURE, as_version=4)
    nb.cells[1].metadata["tags"] = []
    plain = tmp_path / "plain.ipynb"
    nbformat.write(nb, plain)
    with pytest.raises(rerun_check.RerunError, match="no cell tagged 'parameters'"):
        rerun_check.check_parameters(plain, {"sw2": 0.2})


# the chapters' reruns with other inputs: tests/test_rerun_prose.py (it also reads their text)


@pytest.mark.parametrize("notebook", sorted(p.name for p in (ROOT / "chapters").glob("*.ipynb")))
def test_every_chapter_has_a_parameters_cell(notebook):
    names = rerun_check.parameter_names(ROOT / "chapters" / notebook)
    assert names, f"{notebook}: no cell tagged 'parameters' (or it assigns nothing)"


# ---------------------------------------------------------------- bad values refused first (#16, item 6)
@pytest.mark.parametrize(
    ("params", "allowed"),
    [
        ({"cl": 1.5}, "0 < cl < 1"),
        ({"cl": "high"}, "0 < cl < 1"),
        ({"convention": "bogus"}, "one of: two-sided, one-sided, cls"),
        ({"lar_stat": "pap"}, "one of: coherent, steady-state, paper"),
        ({"lar_window": "all"}, "one of: acceptance, table2"),
        ({"form_factor": "gauss"}, "one of: helm, helm-ls, klein-nystrand, helm-skin"),
        ({"toys": 2.5}, "integer, 10 ≤ toys ≤ 100000"),
        ({"beta": "2"}, "|β| < cot θ_W"),
    ],
)
def test_bad_values_refused_from_the_parameters_cell(params, allowed):
    notebook = ROOT / "chapters" / "08_lar_fit.ipynb"
    ((name, value),) = params.items()
    with pytest.raises(rerun_check.RerunError) as exc:
        rerun_check.check_parameters(notebook, params)
    msg = str(exc.value)
    assert msg.startswith(f"{name} = ") and "is not allowed" in msg and allowed in msg, msg
    assert "\n" not in msg


def test_documented_values_pass():
    notebook = ROOT / "chapters" / "07_csi_fit.ipynb"
    rerun_check.check_parameters(
        notebook, {"cl": 0.95, "convention": "cls", "csi_window": "table2", "toys": 200}
    )


def test_cli_refuses_in_one_line_before_running(capsys):
    rc = rerun_check.main([str(ROOT / "chapters" / "07_csi_fit.ipynb"), "-p", "cl", "1.5"])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "cl = 1.5" in err and "0 < cl < 1" in err
    rc = rerun_check.main(
        [str(ROOT / "chapters" / "07_csi_fit.ipynb"), "-p", "convention", "bogus"]
    )
    err = capsys.readouterr().err
    assert rc == 2 and "convention = 'bogus'" in err and "two-sided, one-sided, cls" in err
    rc = rerun_check.main([str(ROOT / "chapters" / "08_lar_fit.ipynb"), "-p", "beta", "-sqrt(4)"])
    err = capsys.readouterr().err  # β typed as a physicist does, outside |β| < cot θ_W
    assert rc == 2 and err.count("\n") == 1 and "beta = -2.0" in err and "cot θ_W" in err


def test_a_failed_run_is_one_line_with_the_cells_error():
    import papermill

    exc = papermill.PapermillExecutionError(
        cell_index=3, exec_count=3, source="x", ename="InputError",
        evalue="cl = 1.5 is outside the allowed range (0, 1)", traceback=["long", "traceback"],
    )  # fmt: skip
    assert rerun_check._failure(exc) == "InputError: cl = 1.5 is outside the allowed range (0, 1)"
