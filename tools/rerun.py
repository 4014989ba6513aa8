#!/usr/bin/env python
"""Rerun a chapter with other inputs and render it as a page of the book.

Usage::

    python tools/rerun.py chapters/07_csi_fit.ipynb -p cl 0.95 -p sw2 0.23122 --html reruns/
    python tools/rerun.py chapters/08_lar_fit.ipynb -p beta "1/sqrt(3)" --html reruns/
    python tools/rerun.py chapters/07_csi_fit.ipynb --list        # the chapter's inputs
    python tools/rerun.py --suite --html reruns/                   # the reruns of SUITE, checked

1. The values are checked against the chapter's ``parameters`` cell (meaning, default and allowed
   range of each input: ``cevnslib.book.params``); β may be typed as a decimal or as ``-1/sqrt(3)``,
   ``-sqrt(3)``, ``-√3``.  A bad value prints one line and exits with status 2.
2. papermill executes a copy of the chapter with the ``python3`` kernel in the chapter's folder
   (as the book does), with the values injected after the parameters cell.  A failing cell prints
   one line (the cell and the error) and exits with status 1.
3. A one-page Jupyter Book (the project's ``_config.yml``, ``_ext/``, ``_static/`` and bibliography,
   notebooks not re-executed) renders the executed copy with its glued numbers, figures and
   tables into ``OUTDIR/<chapter stem>.html``; a note at the top lists the inputs that differ from
   the defaults.  The page's text is then checked (:func:`cevnslib.book.params.rendered_text_problems`:
   no nan/inf, the CL in the text equal to ``cl``); ``--strict`` makes a problem exit with status 1.

The committed chapter is never touched.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cevnslib.book.params import (  # noqa: E402
    parameter_specs,
    rendered_text_problems,
    validate,
    visible_text,
)
from cevnslib.errors import InputError  # noqa: E402

#: files of the book a one-page build needs besides the notebook
BOOK_FILES = ("_config.yml", "references.bib", "CITATION.cff", "cite.md")
BOOK_DIRS = ("_ext", "_static")


#: the reruns of issue #18 whose pages must read true (``--suite``): chapter -> typed inputs
SUITE: dict[str, dict[str, str]] = {
    "chapters/07_csi_fit.ipynb": {"cl": "0.95"},
    "chapters/08_lar_fit.ipynb": {"beta": "1/sqrt(3)"},
    "chapters/09_projections.ipynb": {"sigma_xi": "0.3", "b_over_s": "3"},
    "chapters/10_scorecard.ipynb": {"cl": "0.95"},
    "chapters/12_beta_plane.ipynb": {"cl": "0.95", "beta_points": "61", "mzp_points": "61"},
    "chapters/14_mixing_and_weak_angle.ipynb": {"beta": "-1/sqrt(3)", "cl": "0.95"},
    "chapters/15_coherent_releases.ipynb": {"cl": "0.95"},  # stored toys and thresholds at 90%
}


class RerunFailedError(RuntimeError):
    """A cell of the rerun raised (the message names the cell and the error)."""


def check(notebook: Path, typed: dict[str, str]) -> dict[str, object]:
    """Validated values for papermill, or :class:`InputError` (one line)."""
    if not notebook.is_file():
        raise InputError(f"notebook = {notebook} is not allowed: no such file")
    specs = parameter_specs(notebook)
    if specs is None:
        raise InputError(
            f"notebook = {notebook.name} is not allowed: it has no cell tagged 'parameters'"
        )
    return validate(specs, typed)


def _note(notebook: Path, values: dict[str, object]) -> str:
    specs = parameter_specs(notebook) or {}
    rows = []
    for name, value in values.items():
        spec = specs.get(name)
        shown = (
            ", ".join(f"{v:.6g}" if isinstance(v, float) else str(v) for v in value)
            if isinstance(value, list)
            else (f"{value:.6g}" if isinstance(value, float) else str(value))
        )
        default = spec.default_text if spec else "?"
        meaning = f" ({spec.meaning})" if spec and spec.meaning else ""
        rows.append(f"- `{name}` = {shown}{meaning}; default {default}")
    lines = "\n".join(rows) or "- none: every input at its default"
    return (
        ":::{note}\nThis page is a rerun of the chapter with other inputs "
        "(`python tools/rerun.py`). Inputs changed from the book's defaults:\n\n"
        f"{lines}\n\nEvery number, figure and table below is computed with these inputs.\n:::\n"
    )


def run_papermill(
    notebook: Path, values: dict[str, object], out: Path, timeout: float = 600
) -> None:
    """papermill: ``notebook`` with ``values`` -> ``out``, run in the notebook's folder with the
    inline backend, quietly; a failing cell raises papermill's PapermillExecutionError."""
    import logging

    import papermill

    logging.getLogger("papermill").setLevel(logging.ERROR)  # its own parse warnings: noise here
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    papermill.execute_notebook(
        str(notebook),
        str(out),
        parameters=values,
        kernel_name="python3",
        cwd=str(notebook.parent),
        progress_bar=False,
        log_output=False,
        execution_timeout=timeout,
    )


def execute(notebook: Path, values: dict[str, object], out: Path, timeout: float = 600) -> Path:
    """:func:`run_papermill`, then the rerun note; a failing cell is one line (RerunFailedError)."""
    import nbformat
    import papermill

    try:
        run_papermill(notebook, values, out, timeout)
    except papermill.PapermillExecutionError as exc:
        last = (exc.evalue or "").splitlines()[:1]
        raise RerunFailedError(
            f"cell {exc.exec_count} raised {exc.ename}: {last[0] if last else ''}".strip()
        ) from None
    nb = nbformat.read(out, as_version=4)
    note = nbformat.v4.new_markdown_cell(_note(notebook, values))
    note.metadata["tags"] = ["rerun-note"]
    first_md = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"), -1)
    nb.cells.insert(first_md + 1, note)
    for cell in nb.cells:  # papermill's injected cell: shown folded (the note says the same)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.metadata["tags"] = [*cell.metadata["tags"], "hide-input"]
    nbformat.write(nb, out)
    return out


def render(executed: Path, outdir: Path, quiet: bool = True) -> Path:
    """A one-page Jupyter Book of ``executed`` (not re-executed) -> ``outdir/<stem>.html``."""
    stem = executed.stem
    with tempfile.TemporaryDirectory(prefix="rerun_book_") as tmp:
        book = Path(tmp)
        for name in BOOK_FILES:
            if (ROOT / name).exists():
                shutil.copy2(ROOT / name, book / name)
        for name in BOOK_DIRS:
            shutil.copytree(ROOT / name, book / name)
        shutil.copy2(executed, book / f"{stem}.ipynb")
        (book / "references.md").write_text(
            "# References\n\n```{bibliography}\n:style: unsrt_etal\n```\n", encoding="utf-8"
        )
        (book / "_toc.yml").write_text(
            f"format: jb-book\nroot: {stem}\nchapters:\n  - file: cite\n  - file: references\n",
            encoding="utf-8",
        )
        exe = Path(sys.executable).with_name("jupyter-book")
        cmd = [
            str(exe) if exe.exists() else "jupyter-book",
            "build",
            str(book),
            "--builder",
            "html",
        ]
        env = {**os.environ, "CEVNSLIB_RERUN": "1"}
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        html_dir = book / "_build" / "html"
        if proc.returncode != 0 or not (html_dir / f"{stem}.html").is_file():
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:]
            raise RerunFailedError(
                f"the page did not build: {tail[0] if tail else proc.returncode}"
            )
        if not quiet:
            print(proc.stdout)
        outdir.mkdir(parents=True, exist_ok=True)
        shutil.copytree(html_dir, outdir, dirs_exist_ok=True)
    # the footer's "book's source" is the whole book, not the one-page book built here
    _book_source().write_archive(ROOT, outdir / "_static" / _book_source().ARCHIVE)
    return outdir / f"{stem}.html"


def _book_source():
    import importlib.util

    spec = importlib.util.spec_from_file_location("book_source", ROOT / "_ext" / "book_source.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rerun(
    notebook: Path, typed: dict[str, str], outdir: Path, timeout: float = 600
) -> tuple[Path, dict[str, object], float]:
    """Validate, execute and render; returns (page, values, seconds)."""
    notebook = Path(notebook).resolve()
    values = check(notebook, typed)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rerun_nb_") as tmp:
        executed = execute(notebook, values, Path(tmp) / f"{notebook.stem}.ipynb", timeout)
        page = render(executed, Path(outdir))
    return page, values, time.perf_counter() - t0


def page_problems(page: Path, values: dict[str, object], default_only=()) -> list:
    """:func:`rendered_text_problems` of a rendered page."""
    text = visible_text(page.read_text(encoding="utf-8"))
    return rendered_text_problems(text, values, default_only)


def _list(notebook: Path) -> int:
    specs = parameter_specs(notebook)
    if specs is None:
        print(f"rerun: error: {notebook.name} has no cell tagged 'parameters'", file=sys.stderr)
        return 2
    for name, s in specs.items():
        print(f"{name} = {s.default_text}    # {s.meaning}; allowed: {s.allowed()}")
    return 0


def _split_parameters(argv: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Take ``-p NAME VALUE`` out of ``argv`` verbatim (argparse reads '-sqrt(3)' as an option)."""
    rest, pairs, i = [], [], 0
    while i < len(argv):
        if argv[i] in ("-p", "--parameter"):
            if i + 2 >= len(argv):
                raise InputError(f"{argv[i]} needs NAME VALUE")
            pairs.append((argv[i + 1], argv[i + 2]))
            i += 3
        else:
            rest.append(argv[i])
            i += 1
    return rest, pairs


def _suite(outdir: Path, timeout: float) -> int:
    """Render every rerun of :data:`SUITE` and report the problems of its text; 1 if any."""
    bad = 0
    for nb, typed in SUITE.items():
        stem = Path(nb).stem
        try:
            page, values, seconds = rerun(ROOT / nb, typed, outdir / stem, timeout)
        except (InputError, RerunFailedError) as exc:
            print(f"FAIL {nb} {typed}: {exc}")
            bad += 1
            continue
        problems = page_problems(page, values)
        bad += bool(problems)
        print(f"{'FAIL' if problems else 'ok  '} {nb} {typed} ({seconds:.0f} s) -> {page}")
        for p in problems:
            print("     " + re.sub(r"\s+", " ", str(p))[:200])
    return 1 if bad else 0


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        argv, pairs = _split_parameters(argv)
    except InputError as exc:
        print(f"rerun: error: {exc}", file=sys.stderr)
        return 2
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebook", type=Path, nargs="?")
    ap.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="an input of the chapter and its value (repeatable); β as 0.577 or -1/sqrt(3)",
    )
    ap.add_argument("--html", type=Path, metavar="OUTDIR", help="folder of the rendered page")
    ap.add_argument("--list", action="store_true", help="print the chapter's inputs and exit")
    ap.add_argument(
        "--suite",
        action="store_true",
        help="render every rerun of SUITE into OUTDIR/<stem>/ and check their text (no notebook)",
    )
    ap.add_argument("--timeout", type=float, default=600, help="seconds per cell (default 600)")
    ap.add_argument("--strict", action="store_true", help="exit 1 if the page's text has a problem")
    args = ap.parse_args(argv)
    args.parameter += pairs
    if args.suite:
        return _suite(args.html or Path("reruns"), args.timeout)
    if args.notebook is None:
        print("rerun: error: a notebook is required (or --suite)", file=sys.stderr)
        return 2
    if args.list:
        return _list(args.notebook)
    if args.html is None:
        print("rerun: error: --html OUTDIR is required (where the page goes)", file=sys.stderr)
        return 2
    typed = dict(args.parameter)
    try:
        page, values, seconds = rerun(args.notebook, typed, args.html, args.timeout)
    except InputError as exc:
        print(f"rerun: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except RerunFailedError as exc:
        print(f"rerun: {args.notebook.name} failed: {exc}", file=sys.stderr)
        return 1
    problems = page_problems(page, values)
    for p in problems:
        line = re.sub(r"\s+", " ", str(p))
        print(f"rerun: text problem: {line}", file=sys.stderr)
    print(f"{page} ({seconds:.1f} s)")
    return 1 if problems and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
