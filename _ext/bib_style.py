"""Sphinx extension: the bibliography style of the book, ``unsrt_etal``.

pybtex's ``unsrt`` (numbered, in order of citation) with two changes:

* an author list that ends in ``and others`` (INSPIRE's way of writing long collaborations) reads
  "A. Author et al." instead of "A. Author and others";
* the same in the text: ``{cite:t}`` reads "Akimov et al. [3]", not "Akimov and others [3]" (the
  referencing style ``label_etal``: sphinxcontrib-bibtex's ``label`` with that person style);
* LaTeX math left in a field after pybtex's own conversion (``$^8$B``) is turned into Unicode
  (superscript digits), so no raw ``$`` reaches the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import FieldIsMissing, join, node, sentence

_SUPERSCRIPTS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")


def _is_others(person) -> bool:
    return str(person).strip().lower() == "others"


@node
def names_et_al(children, context, role, **kwargs):
    """Formatted names of ``role``; a trailing 'others' becomes 'et al.'."""
    if children:
        raise ValueError(children)
    try:
        persons = context["entry"].persons[role]
    except KeyError:
        raise FieldIsMissing(role, context["entry"]) from None
    style = context["style"]
    others = bool(persons) and _is_others(persons[-1])
    real = [p for p in persons if not _is_others(p)]
    formatted = [style.format_name(p, style.abbreviate_names) for p in real]
    if others:
        return join(sep=", ")[formatted].format_data(context) + Text(" et al.")
    return join(**kwargs)[formatted].format_data(context)


_GREEK = {
    r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\theta": "θ", r"\mu": "μ",
    r"\nu": "ν", r"\bar\nu": "ν̄", r"\tau": "τ", r"\chi": "χ", r"\sigma": "σ",
}  # fmt: skip


def _plain(math: str) -> str | None:
    out = math.replace("'", "′")
    for tex, uni in sorted(_GREEK.items(), key=lambda kv: -len(kv[0])):
        out = out.replace(tex, uni)
    out = re.sub(r"\^\{?([0-9+-]+)\}?", lambda m: m.group(1).translate(_SUPERSCRIPTS), out)
    out = re.sub(r"\s+", "", out) if "\\" not in out else out
    return None if "\\" in out or "{" in out or "^" in out or "_" in out else out


def unicode_math(text: str) -> str:
    r"""'$^8$B' -> '⁸B', '$Z'$' -> 'Z′', '$\beta$' -> 'β'; other math is left as it is.

    >>> unicode_math("Solar $^8$B and $Z'$ in 331$\\beta$")
    'Solar ⁸B and Z′ in 331β'
    """
    return re.sub(r"\$([^$]*)\$", lambda m: _plain(m.group(1)) or m.group(0), text)


class Style(UnsrtStyle):
    """unsrt with 'et al.' and Unicode math (see the module docstring)."""

    def format_names(self, role, as_sentence=True):
        formatted = names_et_al(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted

    def format_entry(self, label, entry, bib_data=None):
        for key, value in list(entry.fields.items()):
            if "$" in value:
                entry.fields[key] = unicode_math(value)
        return super().format_entry(label, entry, bib_data=bib_data)


def _ref_styles():
    """The referencing style ``label_etal`` (built lazily: it needs sphinxcontrib-bibtex)."""
    from sphinxcontrib.bibtex.style.referencing import PersonStyle
    from sphinxcontrib.bibtex.style.referencing.label import LabelReferenceStyle
    from sphinxcontrib.bibtex.style.template import field as bib_field
    from sphinxcontrib.bibtex.style.template import first_of, optional, tag
    from sphinxcontrib.bibtex.style.template import join as bib_join

    @node
    def names_ref(children, data, role, **kwargs):
        """Names of ``role`` in a textual citation; a trailing 'others' becomes 'et al.'."""
        if children:
            raise ValueError(children)
        try:
            persons = data["entry"].persons[role]
        except KeyError:
            raise FieldIsMissing(role, data["entry"]) from None
        person = data["style"].person
        real = [p for p in persons if not _is_others(p)]
        formatted = [person.style_plugin.format(p, person.abbreviate) for p in real]
        if len(real) < len(persons) and formatted:
            if kwargs.get("other") is None:  # the full list ({cite:ts})
                return bib_join(sep=", ")[formatted].format_data(data) + Text(" et al.")
            return Text(formatted[0].format_data(data), " et al.")
        return bib_join(**kwargs)[formatted].format_data(data)

    @node
    def author_or_editor_or_title(children, data, **kwargs):
        if children:
            raise ValueError(children)
        return first_of[
            optional[names_ref("author", **kwargs)],
            optional[names_ref("editor", **kwargs)],
            tag("em")[bib_field("title")],
        ].format_data(data)

    @dataclass
    class EtAlPersonStyle(PersonStyle):
        """Person style of the textual citations: plain 'et al.', also for 'and others'."""

        other: object = field(default_factory=lambda: Text(" et al."))

        def names(self, role, full):
            other = None if full else self.other
            return names_ref(
                role=role, sep=self.sep, sep2=self.sep2, last_sep=self.last_sep, other=other
            )

        def author_or_editor_or_title(self, full):
            other = None if full else self.other
            return author_or_editor_or_title(
                sep=self.sep, sep2=self.sep2, last_sep=self.last_sep, other=other
            )

    @dataclass
    class LabelEtAlReferenceStyle(LabelReferenceStyle):
        """sphinxcontrib-bibtex's ``label`` style with :class:`EtAlPersonStyle`."""

        person: PersonStyle = field(default_factory=EtAlPersonStyle)

    return LabelEtAlReferenceStyle


def setup(app):
    register_plugin("pybtex.style.formatting", "unsrt_etal", Style)
    from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin

    register_bibtex_plugin(
        "sphinxcontrib.bibtex.style.referencing", "label_etal", _ref_styles(), force=True
    )
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
