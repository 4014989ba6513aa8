#!/usr/bin/env python
"""Rerun notebooks with other inputs (papermill) and check they run to the end.

Usage::

    python tools/rerun_check.py                       # the default reruns (RERUNS below)
    python tools/rerun_check.py chapters/07_csi_fit.ipynb -p sw2 0.23122 -p cl 0.95
    python tools/rerun_check.py --list                # what the default reruns are

Each notebook is executed by papermill with the ``python3`` kernel, the notebook's folder as working
directory, and the values given by ``-p NAME VALUE`` (parsed as Python literals, else kept as
strings) injected after its cell tagged ``parameters``.  The executed copy goes to ``--out``
(default: a temporary folder); the committed notebook is never touched.  A notebook without a
``parameters`` cell, or a ``-p`` name that its parameters cell does not assign, is an error (papermill
would otherwise inject the value at the top, where the notebook's own assignment overwrites it).
Exits 0 if every run reached its last cell, 1 if one failed, 2 on bad input.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The default reruns: notebook -> non-default parameters.  Chapters join once they have a
#: ``parameters`` cell assigning these names (see the book's "Rerun and modify" page).
RERUNS: dict[str, dict[str, object]] = {
    "tests/fixtures/rerun_fixture.ipynb": {"sw2": 0.23122, "cl": 0.95},
    "chapters/07_csi_fit.ipynb": {"sw2": 0.23122, "cl": 0.95},
    "chapters/08_lar_fit.ipynb": {"sw2": 0.23122, "cl": 0.95},
}


class RerunError(ValueError):
    """A notebook cannot be rerun with the given parameters."""


@dataclass
class RerunResult:
    notebook: Path
    output: Path
    parameters: dict
    seconds: float


def parameter_names(notebook: Path) -> set[str] | None:
    """Names assigned in the cell tagged ``parameters`` of ``notebook``; None without such a cell."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            tree = ast.parse(cell.source)
            names = set()
            for node in ast.walk(tree):
                targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
                for t in targets:
                    if isinstance(t, ast.Name):
                        names.add(t.id)
            return names
    return None


def check_parameters(notebook: Path, parameters: dict) -> None:
    """Raise :class:`RerunError` unless ``notebook`` has a parameters cell assigning every name."""
    if not notebook.is_file():
        raise RerunError(f"notebook = {notebook} is not allowed: no such file")
    names = parameter_names(notebook)
    if names is None:
        raise RerunError(
            f"notebook = {notebook} has no cell tagged 'parameters': tag the cell that assigns "
            "the inputs (JupyterLab: Property Inspector > Cell Tags)"
        )
    unknown = sorted(set(parameters) - names)
    if unknown:
        raise RerunError(
            f"parameter {', '.join(unknown)} is not allowed for {notebook.name}: "
            f"its parameters cell assigns {', '.join(sorted(names)) or 'nothing'}"
        )


def rerun(notebook: Path, parameters: dict, out_dir: Path, timeout: float = 600) -> RerunResult:
    """Execute ``notebook`` with ``parameters`` by papermill into ``out_dir``; raises on a failing cell."""
    import papermill

    notebook = Path(notebook).resolve()
    check_parameters(notebook, parameters)
    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / f"{notebook.stem}.rerun.ipynb"
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    t0 = time.perf_counter()
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(notebook.parent),
        progress_bar=False,
        log_output=False,
        execution_timeout=timeout,
    )
    return RerunResult(notebook, output, dict(parameters), time.perf_counter() - t0)


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebook", nargs="?", type=Path, help="one notebook (default: RERUNS)")
    ap.add_argument(
        "-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE")
    )
    ap.add_argument("--out", type=Path, help="folder for the executed copies (default: temporary)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per cell (default 600)")
    ap.add_argument("--list", action="store_true", help="print the default reruns and exit")
    args = ap.parse_args(argv)

    if args.list:
        for nb, params in RERUNS.items():
            state = "ready" if parameter_names(ROOT / nb) is not None else "no parameters cell"
            print(f"{nb}: {params} ({state})")
        return 0
    if args.notebook is not None:
        runs = {args.notebook: {k: _literal(v) for k, v in args.parameter}}
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
                first = re.sub(r"\s+", " ", str(exc)).strip()[:300]
                print(f"FAIL {nb}: {first}")
                failed += 1
                continue
            print(
                f"ok   {nb} {params} in {r.seconds:.1f} s -> {r.output if args.out else '(temp)'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
