#!/usr/bin/env python
"""Re-execute notebooks in place (fresh `python3` kernel, cwd = notebook folder).

Keeps the committed files stable: no per-cell timing metadata; cell tags and the notebook
kernelspec are kept.  Usage: python tools/execute_notebooks.py chapters/*.ipynb
"""

import os
import pathlib
import sys

import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
os.environ["PYTHONHASHSEED"] = "0"

for arg in sys.argv[1:]:
    path = pathlib.Path(arg)
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
