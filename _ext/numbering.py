"""Sphinx extension: tables, figures and equations of unnumbered pages count from 1 on each page.

Sphinx numbers the figures and tables of the pages outside a numbered part with one counter shared
by all of them (the appendix's performance page had Tables 1-5, so the "Rerun and modify" page began
at Table 6).  After Sphinx has assigned the numbers, every unnumbered page gets its own count in
page order, prefixed with the page's appendix label when it has one (``A1_performance`` -> A1.1,
A1.2, ...).  Numbered chapters keep Sphinx's numbers (chapter.n).
"""

from __future__ import annotations

import re


def renumber(env) -> set[str]:
    """Renumber ``env.toc_fignumbers`` of unnumbered pages; returns the pages that changed."""
    changed = set()
    for docname, by_type in env.toc_fignumbers.items():
        if env.toc_secnumbers.get(docname):
            continue  # a numbered chapter
        m = re.match(r"A(\d+)_", docname.rsplit("/", 1)[-1])
        prefix = (f"A{m.group(1)}",) if m else ()
        for numbers in by_type.values():
            for i, key in enumerate(numbers, start=1):
                new = (*prefix, i)
                if numbers[key] != new:
                    numbers[key] = new
                    changed.add(docname)
    return changed


def _env_get_updated(app, env):
    return sorted(renumber(env))


def setup(app):
    app.connect("env-get-updated", _env_get_updated, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
