"""The notebooks must be committed executed, top to bottom, with the stock python3 kernel."""

import pathlib

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = [*sorted((ROOT / "chapters").glob("*.ipynb")), ROOT / "intro.ipynb"]


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_executed(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    cells = [
        c
        for c in nb.cells
        if c.cell_type == "code" and "skip-execution" not in c.metadata.get("tags", [])
    ]
    counts = [c.execution_count for c in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name} is not freshly executed: run `python tools/execute_notebooks.py chapters/*.ipynb`"
    )
    for c in cells:
        for out in c.get("outputs", []):
            assert out.get("output_type") != "error", f"{path.name} has an error output"
            assert out.get("name") != "stderr", (
                f"{path.name} has stderr output (warnings?): {out.get('text', '')[:200]}"
            )
