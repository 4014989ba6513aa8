"""Repository-wide pytest configuration (loaded for any path inside the repository, from any cwd).

* Scripts in ``tools/`` and ``benchmarks/`` are not collected: they are command-line programs, not
  test modules (``--doctest-modules`` would import them).
* The nbval sanitize file named in ``pyproject.toml`` (``tests/nbval_sanitize.cfg``, relative to the
  repository) is made absolute, so ``cd /tmp && pytest /path/to/repo`` finds it.
* Notebook kernels inherit ``MPLBACKEND``: the inline backend is forced (a caller's ``Agg`` would
  drop the figure outputs that nbval compares).
"""

from __future__ import annotations

import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

collect_ignore = ["tools", "benchmarks", "_build", "conftest.py"]  # conftest: not a doctest module

os.environ["MPLBACKEND"] = INLINE_BACKEND


def pytest_configure(config):
    """Resolve a relative ``--nbval-sanitize-with`` against the repository root."""
    value = getattr(config.option, "nbval_sanitize_with", None)
    if value and not os.path.isabs(value):
        candidate = ROOT / value
        if candidate.is_file():
            config.option.nbval_sanitize_with = str(candidate)
