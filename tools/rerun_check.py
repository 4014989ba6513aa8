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
Each value is also checked, before the chapter runs, against the range its parameters cell documents
in the comment of its assignment: ``in (0, 1)`` (or ``[0, 1]``) for a number, the listed words
(``two-sided (...), one-sided, cls``; ``acceptance or table2``) for a string, and the type of the
default.  A refused value gives one line: the parameter, its value and what is allowed.  A run that
fails gives one line with the error of the failing cell.
Exits 0 if every run reached its last cell, 1 if one failed, 2 on bad input.
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import re
import sys
import tempfile
import time
import tokenize
from dataclasses import dataclass, field
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


@dataclass
class Spec:
    """What a parameters cell documents for one name: its default (None when not a literal),
    the allowed words (strings) or the allowed interval (numbers), and the comment itself."""

    default: object = None
    choices: tuple[str, ...] = ()
    interval: tuple[str, float, float, str] | None = None  # ("(", 0, 1, ")")
    comment: str = ""
    literal: bool = False
    extra: dict = field(default_factory=dict)


_INTERVAL = re.compile(r"\bin\s*([(\[])\s*([-+.\deE]+)\s*,\s*([-+.\deE]+)\s*([)\]])")
_WORD = re.compile(r"^[A-Za-z][\w.+-]*$")


def _choices(comment: str, default: str) -> tuple[str, ...]:
    """The words a comment lists as allowed values of a string parameter (empty if unclear)."""
    text = comment.split(":", 1)[1] if ":" in comment else comment
    while re.search(r"\([^()]*\)", text):  # drop explanations in parentheses
        text = re.sub(r"\([^()]*\)", "", text)
    words = tuple(w.strip() for w in re.split(r",|\bor\b", text) if w.strip())
    if default in words and all(_WORD.match(w) for w in words):
        return words
    return ()


def parameter_specs(notebook: Path) -> dict[str, Spec]:
    """Per name assigned in the parameters cell: its :class:`Spec` (default, documented range)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cell = next(
        (
            c
            for c in nb.cells
            if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])
        ),
        None,
    )
    if cell is None:
        return {}
    comments: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(cell.source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string.lstrip("#").strip()
    specs: dict[str, Spec] = {}
    for node in ast.parse(cell.source).body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if not isinstance(target, ast.Name):
            continue
        end = node.end_lineno or node.lineno
        comment = " ".join(comments[k] for k in range(node.lineno, end + 1) if k in comments)
        spec = Spec(comment=comment)
        try:
            spec.default, spec.literal = ast.literal_eval(node.value), True
        except ValueError:
            pass
        m = _INTERVAL.search(comment)
        if m:
            spec.interval = (m.group(1), float(m.group(2)), float(m.group(3)), m.group(4))
        if isinstance(spec.default, str):
            spec.choices = _choices(comment, spec.default)
        specs[target.id] = spec
    return specs


def check_values(notebook: Path, parameters: dict) -> None:
    """Raise :class:`RerunError` (one line: parameter, value, what is allowed) for a value outside
    the range documented in the parameters cell of ``notebook``."""
    specs = parameter_specs(notebook)
    for name, value in parameters.items():
        spec = specs.get(name)
        if spec is None:
            continue
        allowed = None
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if spec.interval is not None:
            lo_br, lo, hi, hi_br = spec.interval
            ok = number and (value >= lo if lo_br == "[" else value > lo)
            ok = ok and (value <= hi if hi_br == "]" else value < hi)
            if not ok:
                allowed = f"a number in {lo_br}{lo:g}, {hi:g}{hi_br}"
        elif spec.choices:
            if value not in spec.choices:
                allowed = "one of " + ", ".join(spec.choices)
        elif spec.literal and isinstance(spec.default, bool):
            if not isinstance(value, bool):
                allowed = "True or False"
        elif spec.literal and isinstance(spec.default, int):
            if not (isinstance(value, int) and not isinstance(value, bool)):
                allowed = "an integer"
        elif spec.literal and isinstance(spec.default, float):
            if not number:
                allowed = "a number"
        elif spec.literal and isinstance(spec.default, str) and not isinstance(value, str):
            allowed = "a string"
        if allowed:
            doc = f" ({spec.comment})" if spec.comment else ""
            raise RerunError(
                f"parameter {name} = {value!r} is not allowed for {notebook.name}: "
                f"must be {allowed}{doc}"
            )


def _failure(exc: BaseException) -> str:
    """One line for a failed run: the error of the failing cell (papermill's ename: evalue)."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    text = f"{ename}: {evalue}" if ename else f"{type(exc).__name__}: {exc}"
    return re.sub(r"\s+", " ", text).strip()


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
    check_values(notebook, parameters)


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
                print(f"FAIL {nb}: {_failure(exc)}")
                failed += 1
                continue
            print(
                f"ok   {nb} {params} in {r.seconds:.1f} s -> {r.output if args.out else '(temp)'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
