"""Sphinx extension: the code and the citation one click from every page.

* **Source archive**: at the end of an HTML build, ``_static/cevnslib-book-source.tar.gz`` holds the
  book's source: the files git tracks (``git ls-files``), or, outside a git checkout, every file of
  the source folder except builds, virtual environments and caches.  The archive is reproducible:
  sorted names, owner 0, every mtime ``SOURCE_DATE_EPOCH`` (else 0), no gzip timestamp.
* **Footer links** on every page: this page's notebook (``_sources/<page>.ipynb``, the executed
  notebook the page was rendered from), the source archive, and the "Cite" page.
* **No Thebe**: with ``launch_buttons.thebe`` off, the Thebe scripts and stylesheet that
  sphinx-thebe adds are dropped from every page.  sphinx-thebe adds its configuration script once
  per read of the sources, so an incremental build declared ``const THEBE_JS_URL`` twice (a
  console error on every page); Thebe would also load from a CDN, which the offline book avoids.
"""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import tarfile
from pathlib import Path

ARCHIVE = "cevnslib-book-source.tar.gz"
#: folder name inside the archive
PREFIX = "cevns-331beta"
EXCLUDE_DIRS = {
    "_build",
    ".venv",
    "venv",
    ".git",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "__pycache__",
    ".ipynb_checkpoints",
    "reruns",
}


def source_files(folder: Path) -> list[Path]:
    """Paths (relative to ``folder``) of the book's source: git-tracked files, else a filtered walk."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"],
            cwd=folder,
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout
        files = [Path(p) for p in out.decode().split("\0") if p]
        files = [p for p in files if (folder / p).is_file()]
        if files:
            return sorted(files)
    except (OSError, subprocess.SubprocessError):
        pass
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in EXCLUDE_DIRS and not d.endswith(".egg-info"))
        for name in names:
            if not name.endswith((".pyc", ".tar.gz")):
                found.append((Path(root) / name).relative_to(folder))
    return sorted(found)


def write_archive(folder: Path, target: Path) -> int:
    """Write the reproducible source archive of ``folder`` to ``target``; returns the file count."""
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    files = source_files(folder)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel in files:
            path = folder / rel
            info = tarfile.TarInfo(f"{PREFIX}/{rel.as_posix()}")
            data = path.read_bytes()
            info.size = len(data)
            info.mtime = mtime
            info.mode = 0o755 if os.access(path, os.X_OK) else 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        open(target, "wb") as fh,
        gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(raw.getvalue())
    return len(files)


def _build_finished(app, exception):
    if exception is None and app.builder.format == "html":
        write_archive(Path(app.srcdir), Path(app.outdir) / "_static" / ARCHIVE)


def _thebe_on(app) -> bool:
    opts = app.config.html_theme_options or {}
    return bool((opts.get("launch_buttons") or {}).get("thebe"))


def footer_links(pathto, source: str | None, has_cite: bool) -> str:
    """HTML of the footer line: this page's notebook, the source archive, the citation."""
    links = []
    if source and source.endswith(".ipynb"):
        href = f"{pathto('_sources', 1)}/{source}"
        links.append(f'<a href="{href}" download>this page as a notebook (.ipynb)</a>')
    links.append(
        f'<a href="{pathto("_static/" + ARCHIVE, 1)}" download>the book\'s source (.tar.gz)</a>'
    )
    if has_cite:
        links.append(f'<a href="{pathto("cite")}">how to cite</a>')
    return '<p class="book-source">Download ' + " · ".join(links) + ".</p>"


def _page_context(app, pagename, templatename, context, doctree):
    if not _thebe_on(app):
        scripts = context.get("script_files") or []
        context["script_files"] = [
            js
            for js in scripts
            if "thebe" not in str(getattr(js, "filename", "") or "")
            and "THEBE_JS_URL" not in str(getattr(js, "attributes", {}).get("body", ""))
        ]
        css = context.get("css_files") or []
        context["css_files"] = [c for c in css if "thebe" not in str(getattr(c, "filename", c))]
    if "pathto" in context:
        links = footer_links(
            context["pathto"], context.get("sourcename"), "cite" in app.env.found_docs
        )
        context["theme_extra_footer"] = links + (context.get("theme_extra_footer") or "")


def setup(app):
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
