#!/usr/bin/env python
"""Re-execute notebooks in place (fresh `python3` kernel, cwd = notebook folder).

Keeps the committed files stable: no per-cell timing metadata; cell tags and the notebook
kernelspec are kept.  The kernel always gets matplotlib's inline backend (an ``MPLBACKEND`` set by
the caller, e.g. ``Agg``, is overridden: it would drop the figure outputs).
Usage: python tools/execute_notebooks.py chapters/*.ipynb
"""

from __future__ import annotations

import os
import pathlib
import sys

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def kernel_environment() -> None:
    """Environment the kernel inherits: inline matplotlib backend, fixed hash seed."""
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    os.environ["PYTHONHASHSEED"] = "0"


def execute(path: pathlib.Path) -> None:
    """Re-execute one notebook in place."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    NotebookClient(
        nb,
        kernel_name="python3",
        timeout=900,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nbformat.write(nb, path)
    print(f"executed {path}")


def main(argv: list[str] | None = None) -> int:
    paths = sys.argv[1:] if argv is None else argv
    if not paths or any(p.startswith("-") for p in paths):
        print("usage: python tools/execute_notebooks.py NOTEBOOK.ipynb ...", file=sys.stderr)
        return 2
    kernel_environment()
    for arg in paths:
        execute(pathlib.Path(arg))
    return 0


if __name__ == "__main__":
    sys.exit(main())
