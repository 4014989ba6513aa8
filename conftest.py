"""Repository-wide pytest configuration (loaded for any path inside the repository, from any cwd).

* Scripts in ``tools/`` and ``benchmarks/`` are not collected: they are command-line programs, not
  test modules (``--doctest-modules`` would import them).  Nor is ``_ext/`` (Sphinx extensions,
  tested by ``tests/test_book_extensions.py``), so ``pytest .`` collects what ``pytest`` does.
* The nbval sanitize file named in ``pyproject.toml`` (``tests/nbval_sanitize.cfg``, relative to the
  repository) is made absolute, so ``cd /tmp && pytest /path/to/repo`` finds it.
* Notebook kernels inherit ``MPLBACKEND``: the inline backend is forced (a caller's ``Agg`` would
  drop the figure outputs that nbval compares).
* Files are handed to the xdist workers longest first (``--dist loadfile`` gives each worker whole
  files, in collection order), by the seconds each file took when ``pytest --store-durations`` last
  wrote ``tests/durations.json``; a file not listed there counts as the median.  Otherwise a long
  chapter collected last keeps one worker busy while the other has nothing left to do.
* A notebook whose metadata names ``"cevnslib": {"requires_releases": [...]}`` is skipped, with one
  line naming the release, when :func:`cevnslib.data.load_release` cannot load one of them (no
  ``CEVNSLIB_DATA`` and no cached copy; tests never download): its committed outputs need the data.
"""

from __future__ import annotations

import json
import os
import pathlib
import statistics

import pytest

ROOT = pathlib.Path(__file__).resolve().parent
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

# _ext: Sphinx extensions, tested by tests/test_book_extensions.py (``pytest .`` = ``pytest``)
collect_ignore = ["tools", "benchmarks", "_build", "_ext", "conftest.py"]  # conftest: no doctest

os.environ["MPLBACKEND"] = INLINE_BACKEND

#: seconds per test file (its tests' setup, call and teardown summed), from `pytest --store-durations`
DURATIONS = ROOT / "tests" / "durations.json"
_measured: dict[str, float] = {}


def pytest_addoption(parser):
    parser.addoption(
        "--store-durations",
        action="store_true",
        help="write the seconds each test file took to tests/durations.json (longest files first)",
    )


def _file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def pytest_configure(config):
    """Resolve a relative ``--nbval-sanitize-with`` against the repository root."""
    value = getattr(config.option, "nbval_sanitize_with", None)
    if value and not os.path.isabs(value):
        candidate = ROOT / value
        if candidate.is_file():
            config.option.nbval_sanitize_with = str(candidate)


def pytest_collection_modifyitems(config, items):
    """Skip the cells of notebooks whose COHERENT data releases are unavailable (one line each);
    order the files longest first."""
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
    try:
        seconds = json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if seconds:
        typical = statistics.median(seconds.values())
        # a stable sort: each file's items stay together and in their order
        items.sort(key=lambda item: -seconds.get(_file_of(item.nodeid), typical))


def pytest_runtest_logreport(report):
    name = _file_of(report.nodeid)
    _measured[name] = _measured.get(name, 0.0) + report.duration


def pytest_sessionfinish(session):
    config = session.config
    if config.getoption("store_durations") and not hasattr(config, "workerinput"):
        try:  # a run of some files updates theirs
            table = json.loads(DURATIONS.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            table = {}
        table.update({f: round(t, 2) for f, t in _measured.items()})
        table = dict(sorted(table.items()))
        DURATIONS.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
