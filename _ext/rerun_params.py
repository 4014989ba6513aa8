"""Sphinx extension: the ``{rerun-parameters}`` directive, a table of every chapter's inputs.

For each notebook of the book with a cell tagged ``parameters`` (in the order of the table of
contents), one captioned table: input, meaning, default and allowed values, read by
:func:`cevnslib.book.params.parameter_specs` from the cell's comments (``NAME = DEFAULT  # MEANING;
allowed: SPEC``).  Nothing is typed twice: change a chapter's parameters cell and the "Rerun and
modify" page follows.  ASCII notation of the comments (``s_W^2``, ``beta``, ``Delta chi^2``,
``sigma_stat``) is shown as symbols with real subscripts.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

_WORDS = [
    (r"\bDelta chi\^2\b|\bDelta chi2\b", "Δχ²"),
    (r"\bchi\^2\b|\bchi2\b", "χ²"),
    (r"\bbeta(?=_|\b)", "β"),
    (r"\btheta(?=_|\b)", "θ"),
    (r"\bsigma(?=_|\b)", "σ"),
    (r"\bxi(?=_|\b)", "ξ"),
    (r"-sqrt3\b|-sqrt\(3\)", "−√3"),
    (r"\bsqrt3\b|\bsqrt\(3\)", "√3"),
    (r"\+-", "±"),
    (r"->", "→"),
    (r"Z'", "Z′"),
    (r"(?<=\s)-(?=\s)", "−"),  # a spaced hyphen-minus is a minus
    (r"(?<=\s)-(?=\d)", "−"),
]
_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
#: base_sub^n: s_W^2, M_Z, B_ss, N_SM, R_n, σ_stat, θ_W
_SUB = re.compile(
    r"(?<![\w])([A-Za-zσθξβχ]{1,2})_\{?([A-Za-z0-9′]{1,5})\}?(?![A-Za-z0-9_])(?:\^(\d))?"
)


_CODE = re.compile(
    r"(?<![\w-])(--[\w-]+|[\w./-]+\.(?:py|json|ipynb)|python -m cevnslib \w+"
    r"|(?!(?:sigma|beta|theta|Delta|chi)_[A-Za-z0-9]{1,4}\b)(?:(?:[a-z]{3,}|[A-Z]{3,})(?:_[A-Za-z0-9]+)+"
    r"|[a-z]+(?:_[a-z0-9]+){2,})\b)"
)


def pretty(text: str, names: tuple[str, ...] = ()) -> list[nodes.Node]:
    """Docutils nodes of ``text`` with symbols and real subscripts (``s_W^2`` -> s<sub>W</sub>²);
    command-line options, file names, identifiers and the input ``names`` stay code."""
    code = _CODE
    names = tuple(n for n in names if n not in ("beta", "betas"))  # read as β in the prose
    if names:
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        code = re.compile(rf"{_CODE.pattern[:-1]}|\b(?:{alternatives})\b)")
    out: list[nodes.Node] = []
    pos = 0
    for m in code.finditer(text):
        out += _pretty_words(text[pos : m.start()])
        out.append(nodes.literal(text=m.group(1)))
        pos = m.end()
    return out + _pretty_words(text[pos:])


def _pretty_words(text: str) -> list[nodes.Node]:
    for pattern, repl in _WORDS:
        text = re.sub(pattern, repl, text)
    text = re.sub(r"\^(\d)", lambda m: m.group(1).translate(_SUPER), text)
    out: list[nodes.Node] = []
    pos = 0
    for m in _SUB.finditer(text):
        out.append(nodes.Text(text[pos : m.start()] + m.group(1)))
        out.append(nodes.subscript(text=m.group(2)))
        if m.group(3):
            out.append(nodes.Text(m.group(3).translate(_SUPER)))
        pos = m.end()
    out.append(nodes.Text(text[pos:]))
    return out


def _table(caption: list[nodes.Node], header: list[str], rows: list[list[list[nodes.Node]]], name):
    table = nodes.table(classes=["rerun-parameters"])
    title = nodes.title("", "", *caption)
    table += title
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in (14, 46, 14, 26):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for h in header:
        row += nodes.entry("", nodes.paragraph(text=h))
    head += row
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", nodes.paragraph("", "", *cell))
        body += row
    group += body
    table["ids"].append(name)
    return table


class RerunParameters(SphinxDirective):
    has_content = False

    def run(self):
        from cevnslib.book.params import parameter_specs

        src = Path(self.env.srcdir)
        tables = []
        docs = [d for d in _toc_order(self.env) if (src / f"{d}.ipynb").is_file()]
        for doc in docs:
            path = src / f"{doc}.ipynb"
            self.env.note_dependency(str(path))
            specs = parameter_specs(path)
            if not specs:
                continue
            ref = addnodes.pending_xref(
                "", refdomain="std", reftype="doc", reftarget="/" + doc, refexplicit=False
            )
            ref += nodes.inline("", doc, classes=["xref", "std", "std-doc"])
            caption = [nodes.Text("Inputs of "), ref, nodes.Text(".")]
            rows = []
            for name, s in specs.items():
                rows.append(
                    [
                        [nodes.literal(text=name)],
                        pretty(s.meaning or "—", tuple(specs)),
                        pretty(s.default_text, tuple(specs)),
                        pretty(s.allowed(), tuple(specs)),
                    ]
                )
            label = "tbl-inputs-" + re.sub(r"\W", "-", Path(doc).name)
            tables.append(_table(caption, ["input", "meaning", "default", "allowed"], rows, label))
        return tables


def _toc_order(env) -> list[str]:
    """Documents in the order of the table of contents (then any others, sorted)."""
    order: list[str] = []

    def walk(doc):
        if doc in order:
            return
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    return order + sorted(set(env.found_docs) - set(order))


def setup(app):
    app.add_directive("rerun-parameters", RerunParameters)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
