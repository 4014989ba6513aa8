"""Sphinx extension: how to cite the book and how to get its source, generated from ``CITATION.cff``.

Directives (no typed copy of the citation anywhere in the book):

``{citation-cff}``
    The citation of the book (authors, year, title, version, repository) as text and as BibTeX,
    then the same for every entry of the file's ``references`` (the paper the book reproduces).
``{source-setup}``
    The commands that get the source and set it up: the archive built with the book
    (``_static/cevnslib-book-source.tar.gz``, written by ``_ext/book_source.py``) and, as an
    alternative, ``git clone`` of the file's ``repository-code``.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

CFF = "CITATION.cff"
ARCHIVE = "_static/cevnslib-book-source.tar.gz"


def read_cff(folder: Path) -> dict:
    return yaml.safe_load((Path(folder) / CFF).read_text(encoding="utf-8"))


def _person(p: dict, initials_first: bool = True) -> str:
    if "name" in p:
        return p["name"]
    given, family = p.get("given-names", ""), p.get("family-names", "")
    return f"{given} {family}".strip() if initials_first else f"{family}, {given}".strip(", ")


def _year(entry: dict) -> str:
    return str(entry.get("year") or str(entry.get("date-released", ""))[:4])


def _url(entry: dict) -> str:
    return entry.get("url") or entry.get("repository-code") or ""


def _arxiv(entry: dict) -> str | None:
    for ident in entry.get("identifiers", []) or []:
        m = re.match(r"arXiv:(\S+)", str(ident.get("value", "")))
        if m:
            return m.group(1)
    return None


def text_citation(entry: dict) -> str:
    """One line: 'A. B, C. D (2021). Title. Version 0.1.0. URL.'

    >>> text_citation({"authors": [{"name": "Team"}], "title": "T", "date-released": "2026-11-30",
    ...                "version": "0.1.0", "repository-code": "https://x"})
    'Team (2026). T. Version 0.1.0. https://x'
    """
    authors = ", ".join(_person(p) for p in entry.get("authors", []))
    title = entry["title"].replace("Z'", "Z′")  # the prime, not an apostrophe
    parts = [f"{authors} ({_year(entry)}). {title}."]
    if entry.get("version"):
        parts.append(f"Version {entry['version']}.")
    arxiv = _arxiv(entry)
    if arxiv:
        parts.append(f"arXiv:{arxiv}.")
    if _url(entry) and not arxiv:
        parts.append(_url(entry))
    return " ".join(parts)


def bibtex(entry: dict, key: str) -> str:
    """BibTeX of a CITATION.cff entry (``@software`` for the book, ``@article`` for a paper)."""
    kind = "article" if entry.get("type") == "article" else "software"
    people = [
        "{" + p["name"] + "}" if "name" in p else _person(p, initials_first=False)
        for p in entry.get("authors", [])
    ]
    fields = [("author", " and ".join(people)), ("title", "{" + entry["title"] + "}")]
    fields.append(("year", _year(entry)))
    if entry.get("version"):
        fields.append(("version", entry["version"]))
    arxiv = _arxiv(entry)
    if arxiv:
        fields += [("eprint", arxiv), ("archivePrefix", "arXiv")]
    if _url(entry):
        fields.append(("url", _url(entry)))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


def _key(entry: dict, fallback: str) -> str:
    first = (entry.get("authors") or [{}])[0]
    name = first.get("family-names") or fallback
    return re.sub(r"\W", "", f"{name}{_year(entry)}")


class CitationCff(SphinxDirective):
    has_content = False

    def run(self):
        cff_path = Path(self.env.srcdir) / CFF
        self.env.note_dependency(str(cff_path))
        cff = read_cff(self.env.srcdir)
        out: list[nodes.Node] = []
        if cff.get("message"):
            out.append(nodes.paragraph(text=" ".join(str(cff["message"]).split())))
        entries = [("the book and its library", cff, "cevnslib_book")]
        entries += [
            (f"the paper it reproduces ({ref.get('title', '')})", ref, f"ref{i}")
            for i, ref in enumerate(cff.get("references", []) or [])
        ]
        for what, entry, fallback in entries:
            key = "cevnslib" + _year(entry) if entry is cff else _key(entry, fallback)
            out.append(nodes.paragraph(text=f"To cite {what}:"))
            out.append(nodes.block_quote("", nodes.paragraph(text=text_citation(entry))))
            block = nodes.literal_block(text=bibtex(entry, key))
            block["language"] = "bibtex"
            out.append(block)
        return out


class SourceSetup(SphinxDirective):
    has_content = False

    def run(self):
        cff = read_cff(self.env.srcdir)
        depth = self.env.docname.count("/")
        href = "../" * depth + ARCHIVE
        para = nodes.paragraph()
        para += nodes.Text("Download ")
        para += nodes.reference("", "the book's source", refuri=href)
        para += nodes.Text(
            f" ({Path(ARCHIVE).name}, built with this page: every file of the book, the library "
            "and the tests), unpack it and set up a virtual environment"
        )
        url = cff.get("repository-code")
        para += nodes.Text(f"; the same files are in the repository {url}." if url else ".")
        cmds = (
            f"tar xzf {Path(ARCHIVE).name}\n"
            "cd cevns-331beta\n"
            "python3 -m venv .venv && . .venv/bin/activate\n"
            "pip install -r requirements.txt"
        )
        block = nodes.literal_block(text=cmds)
        block["language"] = "bash"
        return [para, block]


def setup(app):
    app.add_directive("citation-cff", CitationCff)
    app.add_directive("source-setup", SourceSetup)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
