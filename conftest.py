"""Repository-wide pytest configuration (loaded for any path inside the repository, from any cwd).

* Scripts in ``tools/`` and ``benchmarks/`` are not collected: they are command-line programs, not
  test modules (``--doctest-modules`` would import them).  Nor is ``_ext/`` (Sphinx extensions,
  tested by ``tests/test_book_extensions.py``), so ``pytest .`` collects what ``pytest`` does.
* The nbval sanitize file named in ``pyproject.toml`` (``tests/nbval_sanitize.cfg``, relative to the
  repository) is made absolute, so ``cd /tmp && pytest /path/to/repo`` finds it.
* Notebook kernels inherit ``MPLBACKEND``: the inline backend is forced (a caller's ``Agg`` would
  drop the figure outputs that nbval compares).
* A notebook whose metadata names ``"cevnslib": {"requires_releases": [...]}`` is skipped, with one
  line naming the release, when :func:`cevnslib.data.load_release` cannot load one of them (no
  ``CEVNSLIB_DATA`` and no cached copy; tests never download): its committed outputs need the data.
"""

from __future__ import annotations

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

# _ext: Sphinx extensions, tested by tests/test_book_extensions.py (``pytest .`` = ``pytest``)
collect_ignore = ["tools", "benchmarks", "_build", "_ext", "conftest.py"]  # conftest: no doctest

os.environ["MPLBACKEND"] = INLINE_BACKEND


def pytest_configure(config):
    """Resolve a relative ``--nbval-sanitize-with`` against the repository root."""
    value = getattr(config.option, "nbval_sanitize_with", None)
    if value and not os.path.isabs(value):
        candidate = ROOT / value
        if candidate.is_file():
            config.option.nbval_sanitize_with = str(candidate)


def pytest_collection_modifyitems(config, items):
    """Skip the cells of notebooks whose COHERENT data releases are unavailable (one line each)."""
    from cevnslib.data import missing_release

    verdicts: dict[pathlib.Path, str | None] = {}
    for item in items:
        path = pathlib.Path(str(item.path))
        if path.suffix != ".ipynb":
            continue
        if path not in verdicts:
            verdicts[path] = missing_release(path)
        if verdicts[path]:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"COHERENT release {verdicts[path]} unavailable "
                    "(set CEVNSLIB_DATA): this notebook needs the release data"
                )
            )
