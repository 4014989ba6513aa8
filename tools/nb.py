"""Tiny helper for authors: build a chapter notebook from a list of (kind, source[, tags]) cells.

    from tools.nb import write
    write("chapters/01_x.ipynb", [("md", "# Title"), ("code", "x = 1", ["remove-cell"])])

Then run `python tools/execute_notebooks.py chapters/01_x.ipynb`.
"""

import nbformat

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def write(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = {"name": "python"}
    for cell in cells:
        kind, src = cell[0], cell[1]
        tags = cell[2] if len(cell) > 2 else []
        c = nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
        if tags:
            c.metadata["tags"] = list(tags)
        nb.cells.append(c)
    # stable cell ids (nbformat would draw random ones)
    for i, c in enumerate(nb.cells):
        c["id"] = f"cell-{i:03d}"
    nbformat.write(nb, path)
