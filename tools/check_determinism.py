#!/usr/bin/env python
"""Check that re-executing the chapters reproduces the committed notebooks byte for byte.

Usage (from anywhere; paths default to the repository's chapters)::

    .venv/bin/python tools/check_determinism.py                      # intro.ipynb + chapters/*.ipynb
    .venv/bin/python tools/check_determinism.py chapters/07_csi_fit.ipynb chapters/08_lar_fit.ipynb
    .venv/bin/python tools/check_determinism.py --jobs 2 --keep      # 2 kernels at once; keep the copies

Each notebook is copied into a temporary mirror of the repository (``<tmp>/<repo>/chapters/``, with
every other top-level entry of the repository symlinked next to it, so relative paths such as
``../references.bib`` still resolve) and re-executed there by ``tools/execute_notebooks.py`` itself,
i.e. exactly the procedure authors use to commit notebooks (fresh ``python3`` kernel, cwd = the
notebook's folder, PYTHONHASHSEED=0, no timing metadata).  The re-executed file is then compared
byte for byte with the committed one.

The notebooks see the caller's environment, ``CEVNSLIB_DATA`` (the COHERENT data releases) made
absolute.  A notebook whose metadata names ``"cevnslib": {"requires_releases": [...]}`` is skipped
(``skipped``, not a failure) when :func:`cevnslib.data.load_release` cannot load one of them.

Prints one line per notebook (``same`` / ``skipped`` / ``DIFFERS`` / ``ERROR``) and, for a notebook that differs,
the first differing cell (index, id, type, which fields differ, and the first differing lines).
Exits with status 1 if any notebook differs or fails to execute, else 0.  The committed files are
never modified.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXECUTE = ROOT / "tools" / "execute_notebooks.py"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def mirror_repo(tmp: Path) -> Path:
    """A temporary copy of the repository layout: chapters/ copied, everything else symlinked."""
    mirror = tmp / ROOT.name
    (mirror / "chapters").mkdir(parents=True)
    for entry in ROOT.iterdir():  # notebooks at the root (intro.ipynb) are copied, not linked
        if entry.name not in ("chapters", "_build", ".git") and entry.suffix != ".ipynb":
            (mirror / entry.name).symlink_to(entry)
    shared = ROOT.parent / "shared"  # ../shared/... as seen from the repository root
    if shared.exists():
        (tmp / "shared").symlink_to(shared)
    return mirror


def kernel_env() -> dict[str, str]:
    """The caller's environment with the kernel's inline matplotlib backend forced.

    An inherited ``MPLBACKEND`` (e.g. ``Agg``) would drop the figure outputs of the chapters.
    """
    env = {**os.environ, "MPLBACKEND": INLINE_BACKEND, "PYTHONHASHSEED": "0"}
    if env.get("CEVNSLIB_DATA"):  # the kernel's cwd is the mirror: a relative path would break
        env["CEVNSLIB_DATA"] = os.path.abspath(env["CEVNSLIB_DATA"])
    return env


def execute_copy(
    committed: Path, mirror: Path, timeout: float
) -> tuple[bytes, Path, int, str, float]:
    """Copy ``committed`` into the mirror and re-execute it with tools/execute_notebooks.py.

    Returns the committed bytes as copied (so an edit during the run is not mistaken for
    non-determinism), the re-executed copy, the exit status, the log and the wall time.
    """
    rel = committed.relative_to(ROOT) if committed.is_relative_to(ROOT) else None
    copy = mirror / (rel if rel is not None else Path("chapters") / committed.name)
    original = committed.read_bytes()
    copy.write_bytes(original)
    t0 = time.perf_counter()
    try:
        p = subprocess.run(
            [sys.executable, str(EXECUTE), str(copy)],
            cwd=mirror,
            env=kernel_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        rc, log = p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        rc, log = -1, f"timed out after {timeout:g} s"
    return original, copy, rc, log, time.perf_counter() - t0


def _short(text: str, width: int = 160) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= width else text[:width] + "..."


def first_difference(committed_bytes: bytes, fresh_bytes: bytes) -> str:
    """Human-readable description of the first difference between two notebook files."""
    try:
        a, b = json.loads(committed_bytes), json.loads(fresh_bytes)
    except ValueError:
        return "  (not valid JSON)"
    ca, cb = a.get("cells", []), b.get("cells", [])
    for i, (x, y) in enumerate(zip(ca, cb, strict=False)):
        if x == y:
            continue
        fields = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
        lines = [
            f"  first differing cell: #{i} (id {x.get('id', '?')}, {x.get('cell_type', '?')}), "
            f"fields: {', '.join(fields)}"
        ]
        src = (
            "".join(x.get("source", ""))
            if isinstance(x.get("source"), list)
            else x.get("source", "")
        )
        lines.append(
            f"    source: {_short(src.strip().splitlines()[0] if src.strip() else '(empty)', 100)}"
        )
        for field in fields:
            ja = json.dumps(x.get(field), indent=1, sort_keys=True).splitlines()
            jb = json.dumps(y.get(field), indent=1, sort_keys=True).splitlines()
            shown = 0
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
                None, ja, jb, autojunk=False
            ).get_opcodes():
                if tag == "equal":
                    continue
                old, new = ja[i1:i2], jb[j1:j2]
                if tag == "replace" and len(old) == len(new) == 1:
                    k = len(
                        os.path.commonprefix([old[0], new[0]])
                    )  # long lines (PNG data): show the spot
                    lo = max(0, k - 20)
                    lines.append(
                        f"    {field}: line {i1 + 1} differs at character {k}: "
                        f"{_short(old[0][lo : k + 40], 70)!r} -> {_short(new[0][lo : k + 40], 70)!r}"
                    )
                else:
                    lines += [f"    {field}: - {_short(t)}" for t in old[:3]]
                    lines += [f"    {field}: + {_short(t)}" for t in new[:3]]
                shown += 1
                if shown == 3:
                    lines.append(f"    {field}: ... (more differences)")
                    break
        return "\n".join(lines)
    if len(ca) != len(cb):
        return f"  cell count differs: committed {len(ca)}, re-executed {len(cb)}"
    keys = sorted(k for k in set(a) | set(b) if k != "cells" and a.get(k) != b.get(k))
    if keys:
        return f"  cells identical; notebook-level fields differ: {', '.join(keys)}"
    return "  same JSON content, different bytes (formatting, key order or trailing newline)"


def classify(committed: bytes, first: bytes, second: bytes | None) -> str:
    if committed == first:
        return "same" if second is None or second == first else "FLAKY"
    if second is None:
        return "DIFFERS"
    return "STALE" if second == first else "NONDETERMINISTIC"


EXPLAIN = {
    "same": "",
    "DIFFERS": "",
    "STALE": "  two fresh runs agree with each other: the committed outputs are out of date "
    "(run tools/execute_notebooks.py and commit)",
    "NONDETERMINISTIC": "  two fresh runs differ from each other: the notebook is not deterministic",
    "FLAKY": "  the first run matches the committed file, the second does not: not deterministic",
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "notebooks", nargs="*", type=Path, help="notebooks to check (default: chapters/*.ipynb)"
    )
    ap.add_argument(
        "--jobs", "-j", type=int, default=1, help="notebooks executed at once (default 1)"
    )
    ap.add_argument(
        "--timeout", type=float, default=1800, help="seconds per notebook (default 1800)"
    )
    ap.add_argument(
        "--keep", action="store_true", help="keep the temporary directory and print its path"
    )
    ap.add_argument(
        "--twice",
        action="store_true",
        help="execute every notebook twice, to tell stale outputs (STALE) from non-determinism "
        "(NONDETERMINISTIC)",
    )
    args = ap.parse_args(argv)

    notebooks = [p.resolve() for p in args.notebooks] or [
        ROOT / "intro.ipynb",
        *sorted((ROOT / "chapters").glob("*.ipynb")),
    ]
    if not notebooks:
        print("check_determinism: no notebooks found", file=sys.stderr)
        return 1
    missing = [p for p in notebooks if not p.is_file()]
    if missing:
        print(f"check_determinism: not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 1

    from cevnslib.data import missing_release

    skipped = {p: missing_release(p) for p in notebooks}
    for p, name in skipped.items():
        if name:
            shown = p.relative_to(ROOT) if p.is_relative_to(ROOT) else p
            print(f"skipped  {shown}  (COHERENT release {name} unavailable: set CEVNSLIB_DATA)")
    notebooks = [p for p in notebooks if not skipped[p]]
    tmp = Path(tempfile.mkdtemp(prefix="determinism_"))
    bad = 0
    t_start = time.perf_counter()
    try:
        mirrors = [mirror_repo(tmp / f"run{k}") for k in range(1 + args.twice)]
        jobs = [(p, m) for p in notebooks for m in mirrors]
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            runs = list(pool.map(lambda job: execute_copy(job[0], job[1], args.timeout), jobs))
        for i, committed in enumerate(notebooks):
            mine = runs[i * len(mirrors) : (i + 1) * len(mirrors)]
            old = mine[0][0]
            name = committed.relative_to(ROOT) if committed.is_relative_to(ROOT) else committed
            dt = sum(r[4] for r in mine)
            failed = [r for r in mine if r[2] != 0]
            if failed:
                bad += 1
                _, _, rc, log, _ = failed[0]
                tail = "\n".join("    " + line for line in log.strip().splitlines()[-8:])
                print(f"ERROR    {name}  (execution failed, exit {rc}, {dt:.1f} s)\n{tail}")
                continue
            first = mine[0][1].read_bytes()
            second = mine[1][1].read_bytes() if len(mine) > 1 else None
            status = classify(old, first, second)
            if status == "same":
                print(f"same     {name}  ({dt:.1f} s)")
                continue
            bad += 1
            print(f"{status:8s} {name}  ({dt:.1f} s)")
            if EXPLAIN[status]:
                print(EXPLAIN[status])
            if status == "NONDETERMINISTIC":
                print(first_difference(first, second).replace("committed", "run 1"))
            elif status == "FLAKY":
                print(first_difference(first, second))
            else:
                print(first_difference(old, first))
    finally:
        if args.keep:
            print(f"re-executed copies kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    total = time.perf_counter() - t_start
    print(
        f"\n{len(notebooks) - bad}/{len(notebooks)} notebooks reproduce byte for byte ({total:.1f} s)"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
