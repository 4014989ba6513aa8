"""The test suite itself: runs from any working directory, ignores the caller's MPLBACKEND, and
never executes the scripts in tools/ and benchmarks/ at collection."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import pathlib
import runpy
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PYTEST = [sys.executable, "-m", "pytest", "-p", "no:randomly"]
# collection-only runs use "-n 0": one process collects what the xdist workers would (each worker
# repeats the whole collection, imports and notebook parsing included)
SCRIPTS = sorted((ROOT / "tools").glob("*.py")) + sorted((ROOT / "benchmarks").glob("*.py"))
INLINE = "module://matplotlib_inline.backend_inline"


def _digest(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _has_main_guard(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.If) and "__main__" in ast.unparse(node.test) for node in tree.body
    )


def _top_level_calls(tree: ast.Module) -> list[str]:
    """Statements at module level that do work (calls, loops) outside functions and the guard."""
    work = []
    for node in tree.body:
        if isinstance(node, (ast.For, ast.While, ast.With)):
            work.append(ast.unparse(node).splitlines()[0])
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            work.append(ast.unparse(node))
    return [w for w in work if "sys.path.insert" not in w]


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_scripts_do_nothing_on_import(script):
    tree = ast.parse(script.read_text())
    uses_argv = "sys.argv" in script.read_text() or "argparse" in script.read_text()
    assert not uses_argv or _has_main_guard(tree), f"{script.name}: no __main__ guard"
    assert _top_level_calls(tree) == [], f"{script.name} does work at import"


def test_execute_notebooks_import_touches_nothing(monkeypatch):
    chapter = ROOT / "chapters" / "01_introduction.ipynb"
    before = _digest(chapter)
    monkeypatch.setattr(sys, "argv", ["pytest", str(chapter)])
    runpy.run_path(str(ROOT / "tools" / "execute_notebooks.py"), run_name="not_main")
    assert _digest(chapter) == before


def test_execute_notebooks_forces_inline_backend(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    ns = runpy.run_path(str(ROOT / "tools" / "execute_notebooks.py"), run_name="not_main")
    ns["kernel_environment"]()
    assert os.environ["MPLBACKEND"] == INLINE


def test_check_determinism_forces_inline_backend(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    ns = runpy.run_path(str(ROOT / "tools" / "check_determinism.py"), run_name="not_main")
    assert ns["kernel_env"]()["MPLBACKEND"] == INLINE


def test_collection_from_another_directory_runs_no_script(tmp_path):
    """`cd /tmp && pytest <repo> <repo>/tools <repo>/benchmarks --co`: the nbval sanitize file is
    found, nothing errors at collection, and the scripts named on the command line are neither
    collected nor run (`pytest chapters/01_introduction.ipynb tools/ --co` once re-executed the
    chapter in place).  One process: each collection of the whole suite costs about 5 s."""
    chapters = sorted((ROOT / "chapters").glob("*.ipynb"))
    before = [_digest(c) for c in chapters]
    p = subprocess.run(
        [*PYTEST, "--co", "-q", "-n", "0", str(ROOT), str(ROOT / "tools"), str(ROOT / "benchmarks")],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert p.returncode == 0 and "error" not in p.stdout.lower().split("\n")[-2], p.stdout[-2000:]
    assert [_digest(c) for c in chapters] == before
    ids = p.stdout.splitlines()
    assert "chapters/02_model.ipynb::Cell 0" in ids
    # Sphinx extensions: tested by test_book_extensions.py
    assert not [i for i in ids if i.startswith(("tools/", "benchmarks/", "_ext/"))]


def test_extension_doctests_pass():
    """The examples in _ext/ are right too (a non-raw docstring once turned '\\b' into a backspace)."""
    import doctest
    import importlib.util

    for path in sorted((ROOT / "_ext").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"_ext_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        result = doctest.testmod(module, verbose=False)
        assert result.failed == 0, path.name


def test_sanitize_path_is_absolute(pytestconfig):
    value = pytestconfig.option.nbval_sanitize_with
    assert value is None or os.path.isabs(value) and os.path.isfile(value)


def _figure_chapters():
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        draws = any("image/png" in o.get("data", {}) for c in code for o in c.get("outputs", []))
        if draws:
            yield path, code


@pytest.mark.parametrize(
    ("path", "code"), list(_figure_chapters()), ids=[p.name for p, _ in _figure_chapters()]
)
def test_figure_chapters_choose_the_inline_backend(path, code):
    imports = next(c for c in code if "import " in "".join(c["source"]))
    assert "".join(imports["source"]).splitlines()[0] == "%matplotlib inline", path.name


def test_one_chapter_with_agg_from_another_directory(tmp_path):
    """MPLBACKEND=Agg in the caller's environment and cwd elsewhere: the figures still match."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    p = subprocess.run(
        [*PYTEST, "-q", str(ROOT / "chapters" / "04_fluxes.ipynb"), "-n", "0"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert p.returncode == 0, p.stdout[-3000:]
