"""Words whose truth depends on an input, computed so that a rerun reads true.

A chapter glues these strings (``myst_nb.glue(name, text, display=False)``) and writes
``{glue:text}`name``` in its prose and in its figure captions (``mystnb.figure.caption`` in the cell
metadata: glue roles work there too).  Nothing here prints ``nan`` or ``inf``: a missing number is
said in words (:func:`number_or`).

>>> cl_words(0.95)
'95% CL'
>>> threshold_words(0.95, "two-sided")
'Δχ² = 3.841'
>>> compare_words(0.92, 1.4, rel=0.1)
'is weaker than'
>>> inside_words(0.26, 2.0, 3.1)
'below'
>>> beta_words(-1 / 3**0.5)
'β = −1/√3'
>>> number_or(float("nan"), ".2f", "no solution")
'no solution'
"""

from __future__ import annotations

import math

from ..errors import InputError

__all__ = [
    "cl_words",
    "cl_percent",
    "threshold_words",
    "compare_words",
    "inside_words",
    "beta_words",
    "number_or",
    "minus",
    "sci",
]

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def minus(text: str) -> str:
    """A leading hyphen-minus of a number becomes the minus sign U+2212.

    >>> minus("-0.5"), minus("1e-3")
    ('−0.5', '1e-3')
    """
    return "−" + text[1:] if text.startswith("-") else text


def cl_percent(cl: float) -> str:
    """'90', '95', '99.7': the confidence level in percent, without trailing zeros.

    >>> cl_percent(0.9), cl_percent(0.997), cl_percent(0.6827)
    ('90', '99.7', '68.27')
    """
    if not 0.0 < cl < 1.0:
        raise InputError(f"cl = {cl!r} is not allowed: must be 0 < cl < 1")
    return f"{100 * cl:.4g}"


def cl_words(cl: float) -> str:
    """'90% CL' for ``cl`` = 0.9."""
    return f"{cl_percent(cl)}% CL"


def threshold_words(cl: float, convention: str = "two-sided") -> str:
    """The Δχ² threshold of one parameter at ``cl`` as text: 'Δχ² = 2.706' (two-sided).

    'one-sided' gives the one-sided quantile (1.642 at 90%); 'cls' says 'asymptotic CLs'.

    >>> threshold_words(0.9), threshold_words(0.9, "one-sided"), threshold_words(0.9, "cls")
    ('Δχ² = 2.706', 'Δχ² = 1.642', 'asymptotic CLs')
    """
    from scipy.special import gammaincinv, ndtri  # the chi2(1) and normal quantiles

    if convention == "two-sided":
        value = float(2.0 * gammaincinv(0.5, cl))
    elif convention == "one-sided":
        value = float(ndtri(cl)) ** 2
    elif convention == "cls":
        return "asymptotic CLs"
    else:
        raise InputError(
            f"convention = {convention!r} is not allowed: must be two-sided, one-sided or cls"
        )
    return f"Δχ² = {value:.4g}" if value < 10 else f"Δχ² = {value:.1f}"


def compare_words(
    value: float,
    reference: float,
    rel: float = 0.1,
    words: tuple[str, str, str] = ("agrees with", "is stronger than", "is weaker than"),
) -> str:
    """How a lower bound ``value`` compares with ``reference``: within ``rel`` it agrees, above it
    is stronger, below weaker (pass ``words`` for other quantities).

    >>> compare_words(1.45, 1.4), compare_words(2.0, 1.4), compare_words(float("nan"), 1.4)
    ('agrees with', 'is stronger than', 'cannot be compared with')
    """
    if not (math.isfinite(value) and math.isfinite(reference)) or reference == 0:
        return "cannot be compared with"
    if abs(value / reference - 1.0) <= rel:
        return words[0]
    return words[1] if value > reference else words[2]


def inside_words(
    value: float,
    low: float,
    high: float,
    words: tuple[str, str, str] = ("inside", "below", "above"),
) -> str:
    """'inside', 'below' or 'above' the interval [``low``, ``high``]."""
    if not math.isfinite(value):
        return "outside"
    if value < low:
        return words[1]
    if value > high:
        return words[2]
    return words[0]


def beta_words(beta: float) -> str:
    """β as a reader writes it: 'β = −√3', 'β = +2/√3', or 'β = 0.25'."""
    n = beta * math.sqrt(3.0)
    k = round(n)
    if k != 0 and abs(k) <= 3 and abs(n - k) < 1e-9:
        sign = "−" if k < 0 else "+"
        return f"β = {sign}{'' if abs(k) == 3 else f'{abs(k)}/'}√3"
    return f"β = {minus(f'{beta:.3g}')}"


def number_or(value: float | None, fmt: str, missing: str) -> str:
    """``value`` formatted with ``fmt`` (minus sign U+2212), or the words ``missing`` when it is
    None, NaN or infinite ('no solution', 'none below the Landau pole').

    >>> number_or(-1.234, ".2f", "none"), number_or(float("inf"), ".2f", "none below the Landau pole")
    ('−1.23', 'none below the Landau pole')
    """
    if value is None or not math.isfinite(value):
        return missing
    return minus(format(value, fmt))


def sci(value: float, digits: int = 1, missing: str = "—") -> str:
    """Scientific notation for a reader, never E-notation: 6.2e-15 -> '6.2 × 10⁻¹⁵', 1e-10 -> '10⁻¹⁰'.

    Replaces the chapters' own ``sci`` helpers (chapters 5, 14, A1); ``missing`` for NaN/inf.

    >>> sci(6.2e-15), sci(1e-10), sci(-0.012), sci(float("nan"))
    ('6.2 × 10⁻¹⁵', '10⁻¹⁰', '−1.2 × 10⁻²', '—')
    """
    if not math.isfinite(value):
        return missing
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    power = "10" + str(int(exponent)).translate(_SUPERSCRIPT)
    if float(mantissa) == 1.0:
        return power
    return f"{minus(mantissa)} × {power}"
