"""Sphinx extension: the build date and the git commit in every page's footer.

The commit is ``git rev-parse --short HEAD`` of the book's folder ("+dirty" when tracked files
differ from it); outside a git checkout (a tarball, a zip download) the footer says "not a git
checkout".  The date is today's UTC date, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds).
The text goes into the theme's ``extra_footer`` (sphinx-book-theme), after whatever is there.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


def git_commit(folder: Path) -> str | None:
    """Short hash of HEAD in ``folder`` (with '+dirty' for uncommitted changes), or None."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head or None


def build_date() -> str:
    """ISO date of the build (UTC), from SOURCE_DATE_EPOCH when that is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (
        dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.timezone.utc)
    )
    return when.date().isoformat()


def footer_html(commit: str | None, date: str) -> str:
    """The footer line, e.g. 'Built 2026-11-30 from commit 4372600.'"""
    source = (
        f"commit <code>{commit}</code>" if commit else "a source tree that is not a git checkout"
    )
    return f'<p class="build-info">Built {date} from {source}.</p>'


def _config_inited(app, config):
    info = footer_html(git_commit(Path(app.srcdir)), build_date())
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = (options.get("extra_footer") or "") + info
    config.html_theme_options = options


def setup(app):
    app.connect("config-inited", _config_inited)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
