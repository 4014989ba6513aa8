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
    "STYLE_FILE",
    "STRICT_TABLES",
    "beta_label",
    "beta_colour",
    "BETA_LABELS",
    "BETA_COLOURS",
    "EXPERIMENT_COLOURS",
    "EXPERIMENT_LABELS",
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
#: (P. Tol's diverging BuRd scheme, which stays ordered for red-green colour-blind readers)
BETA_COLOURS = {
    "-sqrt3": "#B2182B",
    "-2/sqrt3": "#D6604D",
    "-1/sqrt3": "#F4A582",
    "+1/sqrt3": "#92C5DE",
    "+2/sqrt3": "#4393C3",
    "+sqrt3": "#2166AC",
}
#: one colour per experiment, data release or other constraint, the whole book
#: (Okabe-Ito and P. Tol bright / muted / high-contrast colours, chosen to stay >= 15 CIELAB units
#: apart for a deuteranope)
EXPERIMENT_COLOURS = {
    "csi2017": "#0072B2",  # Okabe-Ito blue
    "lar2020": "#E69F00",  # Okabe-Ito orange
    "ge-projection": "#228833",  # Tol bright green
    "nai-projection": "#AA4499",  # Tol muted purple
    "csi2021": "#56B4E9",  # Okabe-Ito sky blue
    "ge2026": "#997700",  # Tol high-contrast dark yellow
    "conus-plus": "#CC6677",  # Tol muted rose
    "xenonnt-b8": "#004488",  # Tol high-contrast dark blue
    "combined-2020": "#000000",  # black
    "combined": "#994455",  # Tol dark red
    "pandax-b8": "#F0E442",  # Okabe-Ito yellow
    "lep2": "#CCBB44",  # Tol bright yellow
    "lhc": "#CC79A7",  # Okabe-Ito reddish purple
    "apv": "#DDCC77",  # Tol muted sand
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
    "combined": "all CEvNS data",
    "pandax-b8": "PandaX-4T $^8$B",
    "lep2": "LEP-II",
    "lhc": "LHC dileptons",
    "apv": "atomic parity violation",
    "fcnc": "flavour-changing neutral currents",
}

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


def _benchmark_key(beta: float) -> str | None:
    from ..physics.model331 import BENCHMARK_BETAS, SQRT3

    known = {**BENCHMARK_BETAS, "-2/sqrt3": -2 / SQRT3, "+2/sqrt3": 2 / SQRT3}
    keys = [k for k, v in known.items() if abs(float(beta) - v) < 1e-9 and k in BETA_COLOURS]
    return keys[0] if keys else None


def beta_label(beta: float) -> str:
    """Math label of a beta: the benchmark's symbol (:data:`BETA_LABELS`), else its value.

    >>> print(beta_label(-(3.0**0.5)), beta_label(0.3))
    $\\beta = -\\sqrt{3}$ $\\beta = +0.300$
    """
    key = _benchmark_key(beta)
    return BETA_LABELS[key] if key else rf"$\beta = {float(beta):+.3f}$"


def beta_colour(beta: float, fallback: str = "C7") -> str:
    """Colour of a beta: the benchmark's (:data:`BETA_COLOURS`), else ``fallback``.

    >>> beta_colour(-(3.0**0.5)) == BETA_COLOURS["-sqrt3"], beta_colour(0.3)
    (True, 'C7')
    """
    key = _benchmark_key(beta)
    return BETA_COLOURS[key] if key else fallback
