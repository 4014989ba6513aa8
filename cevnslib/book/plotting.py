"""Plot style shared by the chapters.  Functions take or return matplotlib objects; none calls show().

Only chapters import this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib as mpl

if TYPE_CHECKING:
    import pandas as pd
    from IPython.display import HTML, Markdown

__all__ = [
    "use_style",
    "table",
    "markdown_table",
    "BETA_LABELS",
    "BETA_COLOURS",
    "EXPERIMENT_COLOURS",
    "beta_label",
    "beta_colour",
]

BETA_LABELS = {
    "-sqrt3": r"$\beta=-\sqrt{3}$",
    "-1/sqrt3": r"$\beta=-1/\sqrt{3}$",
    "+1/sqrt3": r"$\beta=+1/\sqrt{3}$",
    "+sqrt3": r"$\beta=+\sqrt{3}$",
}
BETA_COLOURS = {"-sqrt3": "C3", "-1/sqrt3": "C1", "+1/sqrt3": "C2", "+sqrt3": "C0"}
#: colours of beta = -2/sqrt3 and +2/sqrt3 (the other benchmarks: BETA_COLOURS)
_MORE_BETA_COLOURS = {-2: "C4", 2: "C5"}


def _n_over_sqrt3(beta: float) -> int | None:
    n = beta * 3**0.5
    k = round(n)
    return k if k != 0 and abs(n - k) < 1e-9 else None


def beta_label(beta: float) -> str:
    r"""Math label of a beta: n/sqrt3 (n = -3 ... 3) written exactly, any other value as a number.

    >>> beta_label(-(3**0.5))
    '$\\beta=-\\sqrt{3}$'
    >>> beta_label(2 / 3**0.5), beta_label(0.25)
    ('$\\beta=+2/\\sqrt{3}$', '$\\beta=0.25$')
    """
    k = _n_over_sqrt3(beta)
    if k is None:
        return rf"$\beta={beta:.3g}$"
    body = r"\sqrt{3}" if abs(k) == 3 else rf"{abs(k)}/\sqrt{{3}}"
    return rf"$\beta={'-' if k < 0 else '+'}{body}$"


def beta_colour(beta: float) -> str:
    """The fixed colour of a beta: :data:`BETA_COLOURS` for the four benchmarks, C4/C5 for -/+2/sqrt3,
    grey for any other value.

    >>> beta_colour(-(3**0.5)), beta_colour(-2 / 3**0.5), beta_colour(0.1)
    ('C3', 'C4', '0.4')
    """
    k = _n_over_sqrt3(beta)
    keys = {-3: "-sqrt3", -1: "-1/sqrt3", 1: "+1/sqrt3", 3: "+sqrt3"}
    if k in keys:
        return BETA_COLOURS[keys[k]]
    return _MORE_BETA_COLOURS.get(k, "0.4")


EXPERIMENT_COLOURS = {
    "csi2017": "C0",
    "lar2020": "C1",
    "ge-projection": "C2",
    "nai-projection": "C3",
}


def use_style() -> None:
    """A compact, deterministic style (no timestamps in saved files, fixed DPI, readable fonts)."""
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "cevnslib",
            "figure.constrained_layout.use": True,
        }
    )


def table(df: pd.DataFrame, name: str, precision: int = 1) -> HTML:
    """HTML of a DataFrame with a fixed id (``name``) and no index: deterministic bytes for nbval.

    A bare pandas Styler would store its memory address as text/plain, which changes on every run.
    """
    from IPython.display import HTML

    return HTML(df.style.set_uuid(name).hide(axis="index").format(precision=precision).to_html())


def _cell(value, floatfmt: str) -> str:
    if isinstance(value, float):
        if value != value:  # NaN: an empty cell reads better than "nan"
            return "—"
        text = format(value, floatfmt)
        return text.replace("-", "−") if text.startswith("-") else text
    return str(value).replace("|", "\\|")


def markdown_table(
    df: pd.DataFrame, caption: str, name: str, floatfmt: str = ".3g", index: bool = False
) -> Markdown:
    """A numbered, captioned table: MyST ``{table}`` directive around a Markdown table.

    Rendered by the book as "Table N" (referenced with ``{numref}`name```); cells and headers may
    hold math (``$\\beta=-\\sqrt{3}$``).  Floats are formatted with ``floatfmt``; strings are
    written as they are.  Needs ``nb_render_markdown_format: myst`` (set in ``_config.yml``).

    >>> import pandas as pd
    >>> md = markdown_table(pd.DataFrame({"$M$ [TeV]": [1.4123]}), "Bounds.", "tbl-demo")
    >>> print(md.data)
    :::{table} Bounds.
    :name: tbl-demo
    <BLANKLINE>
    | $M$ [TeV] |
    |---|
    | 1.41 |
    :::
    <BLANKLINE>
    """
    from IPython.display import Markdown

    if not name.startswith("tbl-"):
        raise ValueError(f"name = {name!r}: table names start with 'tbl-'")
    frame = df.reset_index() if index else df
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    rows = [
        "| " + " | ".join(_cell(v, floatfmt) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    body = "\n".join([header, rule, *rows])
    return Markdown(f":::{{table}} {caption}\n:name: {name}\n\n{body}\n:::\n")
