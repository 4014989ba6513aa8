"""Plot style shared by the chapters.  Functions take or return matplotlib objects; none calls show().

Only chapters import this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib as mpl

if TYPE_CHECKING:
    import pandas as pd
    from IPython.display import HTML

__all__ = ["use_style", "table", "BETA_LABELS", "BETA_COLOURS", "EXPERIMENT_COLOURS"]

BETA_LABELS = {
    "-sqrt3": r"$\beta=-\sqrt{3}$",
    "-1/sqrt3": r"$\beta=-1/\sqrt{3}$",
    "+1/sqrt3": r"$\beta=+1/\sqrt{3}$",
    "+sqrt3": r"$\beta=+\sqrt{3}$",
}
BETA_COLOURS = {"-sqrt3": "C3", "-1/sqrt3": "C1", "+1/sqrt3": "C2", "+sqrt3": "C0"}
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
