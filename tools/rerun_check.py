#!/usr/bin/env python
"""Rerun notebooks with other inputs (papermill) and check they run to the end.

Usage::

    python tools/rerun_check.py                       # the default reruns (RERUNS below)
    python tools/rerun_check.py chapters/07_csi_fit.ipynb -p sw2 0.23122 -p cl 0.95
    python tools/rerun_check.py chapters/08_lar_fit.ipynb -p beta "-1/sqrt(3)"
    python tools/rerun_check.py --list                # what the default reruns are

Each notebook is executed by papermill with the ``python3`` kernel, the notebook's folder as working
directory, and the values given by ``-p NAME VALUE`` injected after its cell tagged ``parameters``.
The executed copy goes to ``--out`` (default: a temporary folder); the committed notebook is never
touched.  ``tools/rerun.py`` does the same and renders the result as a page of the book.

The values are read and checked before the chapter runs by the book's one implementation,
:mod:`cevnslib.book.params` (``parameter_specs``, ``validate``, ``parse_value``): what a physicist
types (``0.95``, ``-1/sqrt(3)``, ``helm-ls``) is parsed safely, and each value must lie in the range
that the comment of its assignment documents (``NAME = DEFAULT  # MEANING; allowed: RANGE``, or the
range the library knows for that name).  A notebook without a ``parameters`` cell, a name its
parameters cell does not assign (papermill would inject it at the top, where the notebook's own
assignment overwrites it) or a refused value gives one line: the parameter, its value and what is
allowed.  A run that fails gives one line with the error of the failing cell.
Exits 0 if every run reached its last cell, 1 if one failed, 2 on bad input.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from rerun import _split_parameters, run_papermill  # noqa: E402  (shared with tools/rerun.py)

from cevnslib.book.params import parameter_specs, validate  # noqa: E402
from cevnslib.errors import InputError  # noqa: E402

#: The default reruns: notebook -> non-default parameters.  Chapters join once they have a
#: ``parameters`` cell assigning these names (see the book's "Rerun and modify" page).
RERUNS: dict[str, dict[str, object]] = {
    "tests/fixtures/rerun_fixture.ipynb": {"sw2": 0.23122, "cl": 0.95},
    "chapters/07_csi_fit.ipynb": {"sw2": 0.23122, "cl": 0.95},
    "chapters/08_lar_fit.ipynb": {"sw2": 0.23122, "cl": 0.95},
}

#: bad input (one line: the parameter, its value, what is allowed); the library's InputError
RerunError = InputError


@dataclass
class RerunResult:
    notebook: Path
    output: Path
    parameters: dict
    seconds: float


def parameter_names(notebook: Path) -> set[str] | None:
    """Names assigned in the cell tagged ``parameters`` of ``notebook``; None without such a cell."""
    specs = parameter_specs(notebook)
    return None if specs is None else set(specs)


def _failure(exc: BaseException) -> str:
    """One line for a failed run: the error of the failing cell (papermill's ename: evalue)."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    text = f"{ename}: {evalue}" if ename else f"{type(exc).__name__}: {exc}"
    return re.sub(r"\s+", " ", text).strip()


def check_parameters(notebook: Path, parameters: dict) -> dict:
    """The values for papermill (:func:`cevnslib.book.params.validate`), or :class:`RerunError`
    (one line) for a missing notebook or parameters cell, an unknown name or a refused value.
    ``parameters`` may hold typed text (``"-1/sqrt(3)"``) or values."""
    notebook = Path(notebook)
    if not notebook.is_file():
        raise RerunError(f"notebook = {notebook} is not allowed: no such file")
    specs = parameter_specs(notebook)
    if specs is None:
        raise RerunError(
            f"notebook = {notebook} has no cell tagged 'parameters': tag the cell that assigns "
            "the inputs (JupyterLab: Property Inspector > Cell Tags)"
        )
    try:
        return validate(specs, parameters)
    except InputError as exc:
        raise RerunError(f"{' '.join(str(exc).split())} ({notebook.name})") from None


def rerun(notebook: Path, parameters: dict, out_dir: Path, timeout: float = 600) -> RerunResult:
    """Execute ``notebook`` with ``parameters`` by papermill into ``out_dir``; raises on a failing cell."""
    notebook = Path(notebook).resolve()
    parameters = check_parameters(notebook, parameters)
    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / f"{notebook.stem}.rerun.ipynb"
    t0 = time.perf_counter()
    run_papermill(notebook, parameters, output, timeout)
    return RerunResult(notebook, output, dict(parameters), time.perf_counter() - t0)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        argv, pairs = _split_parameters(argv)
    except RerunError as exc:
        print(f"rerun_check: {exc}", file=sys.stderr)
        return 2
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebook", nargs="?", type=Path, help="one notebook (default: RERUNS)")
    ap.add_argument(
        "-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE")
    )
    ap.add_argument("--out", type=Path, help="folder for the executed copies (default: temporary)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per cell (default 600)")
    ap.add_argument("--list", action="store_true", help="print the default reruns and exit")
    args = ap.parse_args(argv)
    args.parameter += pairs

    if args.list:
        for nb, params in RERUNS.items():
            state = "ready" if parameter_names(ROOT / nb) is not None else "no parameters cell"
            print(f"{nb}: {params} ({state})")
        return 0
    if args.notebook is not None:
        runs = {args.notebook: dict(args.parameter)}  # typed text: params.validate reads it
    elif args.parameter:
        print("rerun_check: -p needs a notebook", file=sys.stderr)
        return 2
    else:
        runs = {ROOT / nb: p for nb, p in RERUNS.items()}

    failed = 0
    with tempfile.TemporaryDirectory(prefix="rerun_") as tmp:
        out = args.out or Path(tmp)
        for nb, params in runs.items():
            try:
                r = rerun(Path(nb), params, out, args.timeout)
            except RerunError as exc:
                print(f"rerun_check: {exc}", file=sys.stderr)
                if args.notebook is not None:
                    return 2
                failed += 1
                continue
            except Exception as exc:  # papermill's PapermillExecutionError: the cell that failed
                print(f"FAIL {nb}: {_failure(exc)}")
                failed += 1
                continue
            print(
                f"ok   {nb} {params} in {r.seconds:.1f} s -> {r.output if args.out else '(temp)'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
