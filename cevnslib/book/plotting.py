"""Figure and table style shared by the chapters.  Functions take or return matplotlib objects; none calls show().

One style file (``cevnslib.mplstyle``, loaded by :func:`use_style`), one colour-blind-safe palette with
fixed meanings across the whole book (:data:`BETA_COLOURS`, :data:`EXPERIMENT_COLOURS`), labels
rendered as math (:data:`BETA_LABELS`, :data:`EXPERIMENT_LABELS`), legends outside the data
(:func:`legend_outside`) and captioned HTML tables with math headers (:func:`table`).

The colours come from published colour-blind-safe palettes (Okabe & Ito 2008; P. Tol's "bright",
"muted" and "high-contrast" schemes).  :func:`deuteranopia` simulates how a deuteranope sees a colour
(Machado, Oliveira & Fernandes 2009, severity 1) and :func:`colour_distance` gives the CIELAB
distance; the tests require every pair with a meaning to stay apart under that simulation.

Only chapters import this module.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib as mpl
import matplotlib.colors
import matplotlib.style
import numpy as np

from ..errors import InputError

if TYPE_CHECKING:
    import pandas as pd
    from IPython.display import HTML, Markdown
    from matplotlib.axes import Axes
    from matplotlib.legend import Legend

__all__ = [
    "use_style",
    "table",
    "markdown_table",
    "legend_outside",
    "ascii_tex",
    "deuteranopia",
    "colour_distance",
    "contrast_ratio",
    "STYLE_FILE",
    "STRICT_TABLES",
    "beta_label",
    "beta_colour",
    "BETA_LABELS",
    "BETA_COLOURS",
    "EXPERIMENT_COLOURS",
    "EXPERIMENT_LABELS",
    "beta_key",
    "beta_label",
    "beta_colour",
]

#: the book's matplotlib style file
STYLE_FILE = Path(__file__).with_name("cevnslib.mplstyle")

#: beta keys (as in :data:`cevnslib.physics.model331.BENCHMARK_BETAS`, plus +-2/sqrt3) -> math label
BETA_LABELS = {
    "-sqrt3": r"$\beta = -\sqrt{3}$",
    "-2/sqrt3": r"$\beta = -2/\sqrt{3}$",
    "-1/sqrt3": r"$\beta = -1/\sqrt{3}$",
    "+1/sqrt3": r"$\beta = +1/\sqrt{3}$",
    "+2/sqrt3": r"$\beta = +2/\sqrt{3}$",
    "+sqrt3": r"$\beta = +\sqrt{3}$",
}
#: one colour per beta, the whole book: sign -> hue (red < 0, blue > 0), |beta| -> darkness
#: (the six darker classes of ColorBrewer's diverging RdBu, which stays ordered for red-green
#: colour-blind readers; the two palest classes are left out: below 3:1 contrast on white)
BETA_COLOURS = {
    "-sqrt3": "#67001F",
    "-2/sqrt3": "#B2182B",
    "-1/sqrt3": "#D6604D",
    "+1/sqrt3": "#4393C3",
    "+2/sqrt3": "#2166AC",
    "+sqrt3": "#053061",
}
#: one colour per experiment, data release or other constraint, the whole book
#: (Okabe-Ito and P. Tol bright / muted / high-contrast colours where they reach 3:1 contrast on
#: white; the light ones replaced by the nearest colour that does and stays >= 15 CIELAB units from
#: every other for normal and deuteranopic vision: tests/test_plotting.py)
EXPERIMENT_COLOURS = {
    "csi2017": "#0072B2",  # Okabe-Ito blue
    "lar2020": "#FF5500",  # orange (Okabe-Ito's #E69F00 is 2.3:1 on white)
    "ge-projection": "#228833",  # Tol bright green
    "nai-projection": "#AA4499",  # Tol muted purple
    "csi2021": "#8888CC",  # lavender blue (Okabe-Ito sky blue is 2.3:1)
    "ge2026": "#997700",  # Tol high-contrast dark yellow
    "conus-plus": "#CC6677",  # Tol muted rose
    "xenonnt-b8": "#004488",  # Tol high-contrast dark blue
    "combined-2020": "#000000",  # black
    "coherent": "#4422EE",  # violet blue (the nearest free colour: >= 15 CIELAB units from all)
    "combined": "#994455",  # Tol dark red
    "pandax-b8": "#335500",  # dark olive green (Okabe-Ito yellow is 1.3:1)
    "lep2": "#444422",  # dark olive
    "lhc": "#DD66AA",  # pink
    "apv": "#444444",  # dark grey
    "fcnc": "#AA3377",  # Tol bright purple
}
#: legend labels of the experiments (plain text, no TeX needed)
EXPERIMENT_LABELS = {
    "csi2017": "COHERENT CsI (2017)",
    "lar2020": "COHERENT LAr (2020)",
    "ge-projection": "Ge (projection)",
    "nai-projection": "NaI (projection)",
    "csi2021": "COHERENT CsI (2021)",
    "ge2026": "COHERENT Ge (2026)",
    "conus-plus": "CONUS+",
    "xenonnt-b8": "XENONnT $^8$B",
    "combined-2020": "CsI 2017 + LAr 2020",
    "coherent": "CsI 2021 + LAr 2020",
    "combined": "all CEvNS data",
    "pandax-b8": "PandaX-4T $^8$B",
    "lep2": "LEP-II",
    "lhc": "LHC dileptons",
    "apv": "atomic parity violation",
    "fcnc": "flavour-changing neutral currents",
}


def beta_key(beta: float) -> str | None:
    """Key of :data:`BETA_LABELS` / :data:`BETA_COLOURS` for beta = n/sqrt3 (n = +-1, +-2, +-3), else None.

    >>> beta_key(-(3**0.5)), beta_key(2 / 3**0.5), beta_key(0.25)
    ('-sqrt3', '+2/sqrt3', None)
    """
    n = beta * 3**0.5
    k = round(n)
    if k == 0 or abs(k) > 3 or abs(n - k) > 1e-9:
        return None
    return f"{'-' if k < 0 else '+'}{'' if abs(k) == 3 else f'{abs(k)}/'}sqrt3"


def beta_label(beta: float) -> str:
    r"""Math label of any beta: :data:`BETA_LABELS` for the benchmarks, else the number.

    >>> beta_label(-(3**0.5)) == BETA_LABELS["-sqrt3"], beta_label(0.25)
    (True, '$\\beta = 0.25$')
    """
    key = beta_key(beta)
    return BETA_LABELS[key] if key else rf"$\beta = {beta:.3g}$"


def beta_colour(beta: float, fallback: str = "0.4") -> str:
    """Colour of any beta: :data:`BETA_COLOURS` for the benchmarks, ``fallback`` (grey) otherwise.

    >>> beta_colour(-(3**0.5)) == BETA_COLOURS["-sqrt3"], beta_colour(0.1)
    (True, '0.4')
    """
    key = beta_key(beta)
    return BETA_COLOURS[key] if key else fallback


#: default of :func:`table`'s ``check``: False until every chapter's tables are free of ASCII TeX
#: (then True, so a new ASCII-TeX header fails the chapter's execution)
STRICT_TABLES = False

#: ASCII stand-ins for TeX that must not reach a page (outside code): sqrt3, s_W^2, chi^2, +-
_ASCII_TEX = re.compile(
    r"sqrt\s*\(?\d|(?<![\\$])\bs_W\^?2|\bchi\^?2\b|(?<![\\\w])chi2|\+-|\+/-|\bDelta[- ]?chi|M_Z'"
)


def ascii_tex(text: str) -> list[str]:
    """The ASCII-TeX fragments in ``text`` (``sqrt3``, ``s_W^2``, ``chi^2``, ``+-``), outside ``$...$``.

    >>> ascii_tex("beta = +-sqrt3, chi^2 = 1"), ascii_tex(r"$\\beta = \\pm\\sqrt{3}$, $\\chi^2$")
    (['+-', 'sqrt3', 'chi^2'], [])
    """
    plain = re.sub(r"\$[^$]*\$|\\\(.*?\\\)", "", text)
    return [m.group(0) for m in _ASCII_TEX.finditer(plain)]


def _srgb_to_linear(colour: str) -> np.ndarray:
    rgb = np.asarray(mpl.colors.to_rgb(colour))
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


#: Machado, Oliveira & Fernandes (2009), deuteranopia at severity 1.0, acting on linear RGB
_MACHADO_DEUTERANOPIA = np.array(
    [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]
)
_SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_D65_WHITE = np.array([0.95047, 1.0, 1.08883])


def deuteranopia(colour: str) -> np.ndarray:
    """Linear RGB (0..1) of ``colour`` as a deuteranope sees it (Machado et al. 2009, severity 1).

    >>> deuteranopia("#ffffff").round(3).tolist()
    [1.0, 1.0, 1.0]
    """
    return np.clip(_MACHADO_DEUTERANOPIA @ _srgb_to_linear(colour), 0.0, 1.0)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    t = (_SRGB_TO_XYZ @ linear_rgb) / _D65_WHITE
    d = 6.0 / 29.0
    f = np.where(t > d**3, np.cbrt(t), t / (3 * d**2) + 4.0 / 29.0)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def colour_distance(a: str, b: str, vision: str = "normal") -> float:
    """CIELAB distance (Delta E 1976) between colours ``a`` and ``b`` for ``vision`` 'normal' or 'deuteranopia'.

    About 2.3 is just noticeable; the book's fixed colours keep >= 15 apart.

    >>> round(colour_distance("#000000", "#ffffff"), 1)
    100.0
    """
    if vision == "normal":
        la, lb = _srgb_to_linear(a), _srgb_to_linear(b)
    elif vision == "deuteranopia":
        la, lb = deuteranopia(a), deuteranopia(b)
    else:
        raise InputError(f"vision = {vision!r} is not allowed: must be 'normal' or 'deuteranopia'")
    return float(np.linalg.norm(_lab(la) - _lab(lb)))


def contrast_ratio(colour: str, background: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio of ``colour`` on ``background`` (1 to 21; lines need >= 3).

    >>> round(contrast_ratio("#000000"), 1), round(contrast_ratio("#767676"), 2)
    (21.0, 4.54)
    """
    weights = np.array([0.2126, 0.7152, 0.0722])
    la, lb = (float(weights @ _srgb_to_linear(c)) for c in (colour, background))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def use_style(retina: bool = True) -> None:
    """Load the book's style (:data:`STYLE_FILE`); with ``retina``, inline figures are 2x PNG.

    Deterministic: fixed DPI, no timestamps in saved files, a fixed SVG hash salt.  The inline
    backend is switched to 'retina' only inside IPython (the figure's text/plain that nbval
    compares does not change; only the stored PNG doubles in resolution).
    """
    mpl.style.use(STYLE_FILE)
    if not retina:
        return
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - IPython is part of the book's toolchain
        return
    if get_ipython() is not None:
        set_matplotlib_formats("retina")


def legend_outside(ax: Axes, where: str = "right", **kwargs) -> Legend:
    """A legend outside the axes: ``where`` = 'right' (beside the data) or 'below' (under the axis).

    Extra keyword arguments go to :meth:`matplotlib.axes.Axes.legend`.  Returns the legend.
    """
    if where == "right":
        opts = {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0), "borderaxespad": 0.0}
    elif where == "below":
        opts = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.18), "ncols": 3}
    else:
        raise InputError(f"where = {where!r} is not allowed: must be 'right' or 'below'")
    opts.update(kwargs)
    return ax.legend(**opts)


def _math_html(text: str) -> str:
    """``$...$`` -> MathJax inline delimiters ``\\(...\\)``; ASCII '+-' -> '±'."""
    text = re.sub(r"\$([^$]+)\$", r"\\(\1\\)", str(text))
    return text.replace("+/-", "±").replace("+-", "±")


def table(
    df: pd.DataFrame,
    name: str,
    precision: int = 1,
    caption: str | None = None,
    check: bool | None = None,
) -> HTML:
    """HTML of a DataFrame with a fixed id (``name``), no index and an optional ``caption``.

    Headers, captions and string cells may hold math as ``$...$`` (rendered by MathJax on the
    page) and units in brackets; ASCII ``+-`` becomes ``±``.  With ``check`` (default:
    :data:`STRICT_TABLES`), headers,
    caption or string cells holding other ASCII TeX (``sqrt3``, ``s_W^2``, ``chi^2``) raise
    :class:`~cevnslib.errors.InputError`.  Deterministic bytes for nbval: a bare pandas Styler
    would store its memory address as text/plain, which changes on every run.
    """
    from IPython.display import HTML

    df = df.copy()
    texts = [str(c) for c in df.columns] + ([caption] if caption else [])
    texts += [v for col in df.columns for v in df[col] if isinstance(v, str)]
    if STRICT_TABLES if check is None else check:
        bad = sorted({f for t in texts for f in ascii_tex(t) if f not in ("+-", "+/-")})
        if bad:
            raise InputError(
                f"table {name!r}: ASCII TeX {bad} is not allowed: write math as $...$ "
                "(e.g. $\\sqrt{3}$, $s_W^2$, $\\chi^2$, ±)"
            )
    df.columns = [_math_html(c) for c in df.columns]
    for col in df.columns:
        if any(isinstance(v, str) for v in df[col]):
            df[col] = [_math_html(v) if isinstance(v, str) else v for v in df[col]]
    styler = df.style.set_uuid(name).hide(axis="index").format(precision=precision)
    if caption:
        styler = styler.set_caption(_math_html(caption))
    html = styler.to_html()
    if (
        "\\(" in html
    ):  # let MathJax typeset the math in this output (tables without math: unchanged)
        html = f'<div class="cevnslib-table mathjax_process">{html}</div>'
    return HTML(html)


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
