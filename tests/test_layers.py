"""The package's layers: imports point downward only, and each layer exports its public names.

Layers, lowest first: ``errors`` (and the lazy-export helper) < ``physics.units`` <
``physics.constants`` < the rest of ``physics``, ``data`` and ``stats`` (three layers side by side,
none importing another) < ``experiments`` < ``book`` < ``cli`` and the package itself.  Every import statement in the library counts, also those inside functions and
under ``TYPE_CHECKING``: a lazy upward import is still an upward dependency.
"""

import ast
import importlib
import pathlib
import subprocess
import sys

import pytest

import cevnslib

PACKAGE = pathlib.Path(cevnslib.__file__).parent
SUBPACKAGES = ("data", "physics", "stats", "experiments", "book")
BASE = {"cevnslib.errors": 0, "cevnslib._lazy": 0}
RANKS = {"cevnslib.physics.units": 1, "cevnslib.physics.constants": 2}
LAYER_RANK = {"data": 3, "physics": 3, "stats": 3, "experiments": 4, "book": 5}
TOP = 6  # cevnslib.cli, cevnslib.__main__, cevnslib (the public API)


def module_name(path: pathlib.Path) -> str:
    parts = ["cevnslib", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def rank(module: str) -> int:
    if module in BASE:
        return BASE[module]
    if module in RANKS:
        return RANKS[module]
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYER_RANK:
        return LAYER_RANK[parts[1]]
    return TOP


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYER_RANK else module


def library_modules() -> dict[str, pathlib.Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(module: str, path: pathlib.Path, known: set[str]) -> set[str]:
    """cevnslib modules imported anywhere in ``path`` (relative imports resolved)."""
    is_package = path.name == "__init__.py"
    here = module.split(".") if is_package else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("cevnslib")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("cevnslib"):
                continue
            for alias in node.names:  # `from pkg import submodule` imports the submodule
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return found - {module}


def import_graph() -> dict[str, set[str]]:
    mods = library_modules()
    return {m: imports_of(m, p, set(mods)) for m, p in mods.items()}


def violations(graph: dict[str, set[str]]) -> list[str]:
    """Upward imports, sideways imports between layers, and import cycles."""
    bad = []
    for src, targets in graph.items():
        for dst in targets:
            if rank(dst) > rank(src) or (
                rank(dst) == rank(src) and layer(dst) != layer(src) and rank(src) != TOP
            ):
                bad.append(f"upward import: {src} -> {dst}")
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                bad.append("import cycle: " + " -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return bad


def test_imports_point_downward_only():
    graph = import_graph()
    assert {"cevnslib.physics.model331", "cevnslib.experiments.registry"} <= set(graph)
    assert violations(graph) == []


def test_the_checker_catches_upward_and_circular_imports():
    graph = import_graph()
    graph["cevnslib.physics.model331"] = graph["cevnslib.physics.model331"] | {
        "cevnslib.experiments.registry"
    }
    graph["cevnslib.physics.units"] = {"cevnslib.physics.constants"}
    bad = violations(graph)
    assert "upward import: cevnslib.physics.model331 -> cevnslib.experiments.registry" in bad
    assert "upward import: cevnslib.physics.units -> cevnslib.physics.constants" in bad
    assert any(v.startswith("import cycle:") and "cevnslib.physics.units" in v for v in bad)
    cyclic = {"cevnslib.book.a": {"cevnslib.book.b"}, "cevnslib.book.b": {"cevnslib.book.a"}}
    assert violations(cyclic) == [
        "import cycle: cevnslib.book.a -> cevnslib.book.b -> cevnslib.book.a"
    ]


def test_stats_layer_is_free_of_physics_and_experiments():
    """cevnslib.stats works for any likelihood: it imports errors, NumPy and SciPy only."""
    graph = import_graph()
    stats = {m: t for m, t in graph.items() if m.startswith("cevnslib.stats")}
    assert {"cevnslib.stats.bounds", "cevnslib.stats.toys", "cevnslib.stats.neyman"} <= set(stats)
    for module, targets in stats.items():
        outside = {t for t in targets if not t.startswith(("cevnslib.stats", "cevnslib.errors"))}
        assert outside <= {"cevnslib._lazy"}, (module, outside)
    third_party = set()
    for path in (PACKAGE / "stats").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                third_party |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                third_party.add((node.module or "").split(".")[0])
    allowed = {"numpy", "scipy", "tqdm", "__future__", "collections", "concurrent", "dataclasses"}
    allowed |= {"signal", "sys", "typing"}
    assert third_party <= allowed, third_party - allowed
    # the checker refuses a sideways import into physics and an upward one into experiments
    graph["cevnslib.stats.toys"] = graph["cevnslib.stats.toys"] | {
        "cevnslib.physics.model331",
        "cevnslib.experiments.registry",
    }
    bad = violations(graph)
    assert "upward import: cevnslib.stats.toys -> cevnslib.physics.model331" in bad
    assert "upward import: cevnslib.stats.toys -> cevnslib.experiments.registry" in bad


def test_only_chapters_import_the_plot_style():
    graph = import_graph()
    users = {m for m, targets in graph.items() if "cevnslib.book.plotting" in targets}
    assert users <= {"cevnslib.book"}, users


def public_names(module) -> set[str]:
    return set(getattr(module, "__all__", ()))


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_subpackage_exports_every_public_name_of_its_modules(name):
    package = importlib.import_module(f"cevnslib.{name}")
    assert package.__doc__ and len(package.__doc__.splitlines()) > 3
    on_disk = {p.stem for p in (PACKAGE / name).glob("*.py")} - {"__init__"}
    on_disk |= {p.parent.name for p in (PACKAGE / name).glob("*/__init__.py")}  # subpackages
    assert set(package.MODULES) == on_disk
    exported = set(package.__all__)
    for mod in package.MODULES:
        if (name, mod) in {("physics", "units"), ("physics", "symbolic")}:
            continue  # used as modules: `from cevnslib.physics import units as u`
        missing = public_names(importlib.import_module(f"cevnslib.{name}.{mod}")) - exported
        assert not missing, f"cevnslib.{name} does not export {sorted(missing)} of {mod}"
    for export in package.__all__:
        assert getattr(package, export) is not None
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        _ = package.not_a_name


def nested_packages() -> list[str]:
    """Packages inside a layer (e.g. ``experiments.likelihoods``), as dotted names below cevnslib."""
    return sorted(
        ".".join(p.parent.relative_to(PACKAGE).parts)
        for name in SUBPACKAGES
        for p in (PACKAGE / name).glob("*/__init__.py")
    )


@pytest.mark.parametrize("name", nested_packages())
def test_nested_package_exports_every_public_name_of_its_modules(name):
    """A module split into a package keeps one namespace: its ``__init__`` re-exports the public
    names of each of its modules (the same objects), and every module says what it holds."""
    package = importlib.import_module(f"cevnslib.{name}")
    assert package.__doc__ and len(package.__doc__.splitlines()) > 3
    exported = set(package.__all__)
    for path in sorted((PACKAGE / name.replace(".", "/")).glob("*.py")):
        if path.stem == "__init__":
            continue
        module = importlib.import_module(f"cevnslib.{name}.{path.stem}")
        assert module.__doc__, f"cevnslib.{name}.{path.stem} has no docstring"
        assert hasattr(module, "__all__"), f"cevnslib.{name}.{path.stem} has no __all__"
        missing = public_names(module) - exported
        assert not missing, f"cevnslib.{name} does not export {sorted(missing)} of {path.stem}"
        for export in public_names(module):
            assert getattr(package, export) is getattr(module, export), export


def test_top_level_api_covers_model_point_to_bound():
    for export in cevnslib.__all__:
        assert getattr(cevnslib, export) is not None, export
    csi = cevnslib.get_experiment("csi2017")
    n_sm = csi.n_sm()
    assert csi.n_model(-cevnslib.SQRT3, 1e7) == pytest.approx(n_sm, rel=1e-6)  # decoupling
    assert isinstance(csi.bound(-cevnslib.SQRT3), cevnslib.Bound)
    assert {"physics", "experiments", "book"} <= set(dir(cevnslib)) | set(SUBPACKAGES)


def test_cli_start_up_imports_neither_the_book_nor_sympy():
    code = (
        "import sys, cevnslib.cli; "
        "print(sorted(m for m in sys.modules if m == 'sympy' or m.startswith('cevnslib.book')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
