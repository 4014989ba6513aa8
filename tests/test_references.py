"""Every Parameter.ref and every {cite} key in the chapters exists in references.bib."""

import importlib
import pathlib
import pkgutil
import re

import nbformat
import pytest

import cevnslib
from cevnslib.physics.constants import Parameter

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(), flags=re.M))


def _parameters(obj, seen=None):
    """All Parameter objects reachable through dicts/tuples of a module attribute."""
    if isinstance(obj, Parameter):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _parameters(v)
    elif isinstance(obj, tuple | list):
        for v in obj:
            yield from _parameters(v)


def _all_refs():
    refs = set()
    for mod in pkgutil.iter_modules(cevnslib.__path__):
        if mod.name in ("__main__",):
            continue
        m = importlib.import_module(f"cevnslib.{mod.name}")
        for name in dir(m):
            refs |= {p.ref for p in _parameters(getattr(m, name))}
    return refs


def test_bibliography_is_not_empty():
    assert len(BIB_KEYS) > 20


def test_every_parameter_ref_is_in_the_bibliography():
    missing = _all_refs() - BIB_KEYS
    assert not missing, f"Parameter.ref keys missing from references.bib: {sorted(missing)}"


@pytest.mark.parametrize(
    "path",
    [*sorted((ROOT / "chapters").glob("*.ipynb")), ROOT / "intro.ipynb"],
    ids=lambda p: p.name,
)
def test_every_cite_key_is_in_the_bibliography(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    keys = {
        k.strip() for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", text) for k in group.split(",")
    }
    assert keys <= BIB_KEYS, f"{path.name} cites unknown keys {sorted(keys - BIB_KEYS)}"


def test_every_parameter_has_a_note():
    """Every Parameter(...) written in the library carries a non-empty note (its meaning/source)."""
    import ast
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1] / "cevnslib"
    empty = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Parameter":
                note = node.args[4] if len(node.args) > 4 else None
                note = note or next((k.value for k in node.keywords if k.arg == "note"), None)
                if not (isinstance(note, ast.Constant) and str(note.value).strip()):
                    empty.append(f"{path.name}:{node.lineno}")
    assert empty == [], f"Parameters without a note: {empty}"


def test_bibliography_speaks_to_physicists():
    """No word about how the project is organised (brief, issue, confidence grades) in a reference."""
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    found = re.findall(
        r"\((?:MED|HIGH|LOW)\)|\bthe brief\b|\bbrief, Sec\b|\bhelper\b|\bissue #", text
    )
    assert not found, found
    notes = re.findall(r"note\s*=\s*\{(.*)\}", text)
    assert not [n for n in notes if "+-" in n or "sigma" in n], "ASCII notation in a note"
