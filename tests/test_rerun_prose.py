"""Reruns of chapters 07 and 08 with other inputs read true (no rendering: the glued text).

Each chapter is executed by papermill with a non-default input (``tools/rerun.py``'s ``check`` and
``execute``), its prose and figure captions are assembled with the glued values substituted (as
the book renders them), and :func:`cevnslib.book.params.rendered_text_problems` checks the text: no
``nan``/``inf``/``0.0%``, every CL equal to ``cl`` unless it quotes the paper, no number said to lie
inside an interval it is outside of, and none of the sentences that hold only at the defaults.
"""

import ast
import importlib.util
import json
import pathlib
import re

import pytest

from cevnslib.book.params import rendered_text_problems

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("rerun_tool", ROOT / "tools" / "rerun.py")
rerun_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rerun_tool)

_ROLE = re.compile(r"\{glue(?::text|:md|)\}`([^`:]+)(?::([^`]*))?`")


def _glued(nb: dict) -> dict[str, dict]:
    """name -> mime bundle (without papermill's prefix) of every glued value of ``nb``."""
    out = {}
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            scrap = o.get("metadata", {}).get("scrapbook")
            if scrap:
                prefix = scrap.get("mime_prefix", "")
                out[scrap["name"]] = {k.removeprefix(prefix): v for k, v in o["data"].items()}
    return out


def _value(bundle: dict, fmt: str | None) -> str:
    if "text/markdown" in bundle:
        text = bundle["text/markdown"]
        return "".join(text) if isinstance(text, list) else text
    plain = bundle.get("text/plain", "")
    plain = "".join(plain) if isinstance(plain, list) else plain
    try:
        value = ast.literal_eval(plain)
    except (ValueError, SyntaxError):
        return plain
    if fmt and fmt != "myst" and isinstance(value, (int, float)):
        return format(value, fmt)
    return str(value)


def notebook_text(path: pathlib.Path) -> str:
    """What a reader of the executed notebook ``path`` reads: markdown cells, figure captions and
    markdown outputs (tables), with every ``{glue}`` role replaced by its value."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    glued = _glued(nb)
    parts = []
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            parts.append(src)
            continue
        caption = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("caption")
        if caption:
            parts.append(caption)
        for o in cell.get("outputs", []):
            if "scrapbook" not in o.get("metadata", {}) and "text/markdown" in o.get("data", {}):
                md = o["data"]["text/markdown"]
                parts.append("".join(md) if isinstance(md, list) else md)
    text = "\n\n".join(parts)
    text = _ROLE.sub(lambda m: _value(glued.get(m.group(1), {}), m.group(2)), text)
    text = re.sub(r"\$\\beta\s*=\s*-\\sqrt\{?3\}?\$", "β = −√3", text)  # glued β labels
    return re.sub(r"\s+", " ", text)


#: chapter -> (typed inputs, sentences that hold only at the defaults and must be absent)
CASES = {
    "07_csi_fit": (
        {"cl": "0.95", "sw2": "0.23122"},
        [
            "in agreement with the paper's",
            "The observed bound stays inside the ±1σ band",
            "has the same 90% coverage",
            "With the defaults a bound of",
        ],
    ),
    "08_lar_fit": (
        {"beta": "1/sqrt(3)", "sw2": "0.23122", "cl": "0.95"},
        [
            "for β = −√3",
            "With the book's defaults",
            "β = −√3 by default",
        ],
    ),
}


@pytest.mark.rerun
@pytest.mark.parametrize("stem", sorted(CASES))
def test_rerun_reads_true(stem, tmp_path):
    typed, default_only = CASES[stem]
    notebook = ROOT / "chapters" / f"{stem}.ipynb"
    values = rerun_tool.check(notebook, typed)
    executed = rerun_tool.execute(notebook, values, tmp_path / f"{stem}.ipynb", timeout=300)
    text = notebook_text(executed)
    assert text != notebook_text(notebook)  # new inputs, new numbers (the run reached its end)
    problems = rendered_text_problems(text, values, default_only)
    assert not problems, "\n".join(str(p)[:240] for p in problems)


def test_notebook_text_substitutes_glue(tmp_path):
    """The text assembly itself: a glue role becomes its formatted value, a caption is read."""
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": "M > {glue:text}`m:.2f` TeV at {glue:text}`c`"},
            {
                "cell_type": "code",
                "source": "",
                "metadata": {"mystnb": {"figure": {"caption": "Dotted: {glue:text}`c`."}}},
                "outputs": [
                    {
                        "data": {"application/papermill.record/text/plain": "1.2345"},
                        "metadata": {"scrapbook": {"name": "m", "mime_prefix": "application/papermill.record/"}},
                    },
                    {
                        "data": {"application/papermill.record/text/plain": "'95% CL'"},
                        "metadata": {"scrapbook": {"name": "c", "mime_prefix": "application/papermill.record/"}},
                    },
                ],
            },
        ]
    }  # fmt: skip
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert notebook_text(path) == "M > 1.23 TeV at 95% CL Dotted: 95% CL."
    assert rendered_text_problems(notebook_text(path), {"cl": 0.9})  # 95% CL is not cl = 0.9
