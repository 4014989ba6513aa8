"""Input validation shared by the library and the CLI.

Every check raises :class:`InputError` (a ``ValueError``) whose message names the parameter, the
value received and the allowed range, e.g.::

    >>> check_positive("mzp", -1.0)
    Traceback (most recent call last):
    ...
    cevnslib.errors.InputError: mzp = -1.0 is not allowed: must be a finite number > 0
"""

from __future__ import annotations

import math
from collections.abc import Collection

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "InputError",
    "check_finite",
    "check_positive",
    "check_nonnegative",
    "check_in_range",
    "check_choice",
]


class InputError(ValueError):
    """Invalid input; the message names the parameter and the allowed values."""


def _values(value) -> np.ndarray:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{value!r} is not a number") from None


def check_finite(name: str, value: ArrayLike) -> None:
    """Raise if ``value`` (scalar or array) holds NaN or infinities or is not numeric."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(
            f"{name} = {_show(value)} is not allowed: must be a finite number"
        ) from None
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} = {_show(value)} is not allowed: must be a finite number")


def check_positive(name: str, value: ArrayLike, allow_inf: bool = False) -> None:
    """Raise unless every entry of ``value`` is > 0 (and finite unless ``allow_inf``)."""
    arr = _values(value) if not isinstance(value, str) else None
    if (
        arr is None
        or np.any(np.isnan(arr))
        or (not allow_inf and not np.all(np.isfinite(arr)))
        or np.any(arr <= 0)
    ):
        rng = "a number > 0 (inf allowed)" if allow_inf else "a finite number > 0"
        raise InputError(f"{name} = {_show(value)} is not allowed: must be {rng}")


def check_nonnegative(name: str, value: ArrayLike) -> None:
    """Raise unless every entry of ``value`` is finite and >= 0."""
    arr = _values(value) if not isinstance(value, str) else None
    if arr is None or not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise InputError(f"{name} = {_show(value)} is not allowed: must be a finite number >= 0")


def check_in_range(
    name: str, value: ArrayLike, lo: float, hi: float, closed: bool = False, why: str = ""
) -> None:
    """Raise unless ``lo < value < hi`` (``<=`` if ``closed``) for every entry."""
    arr = _values(value) if not isinstance(value, str) else None
    ok: bool | np.bool_ = arr is not None and np.all(np.isfinite(arr))
    if ok:
        ok = (
            bool(np.all((arr >= lo) & (arr <= hi)))
            if closed
            else bool(np.all((arr > lo) & (arr < hi)))
        )
    if not ok:
        br = ("[", "]") if closed else ("(", ")")
        extra = f" ({why})" if why else ""
        raise InputError(
            f"{name} = {_show(value)} is outside the allowed range {br[0]}{_fmt(lo)}, {_fmt(hi)}{br[1]}{extra}"
        )


def check_choice(name: str, value: object, choices: Collection[object]) -> None:
    """Raise unless ``value`` is one of ``choices``."""
    if value not in choices:
        raise InputError(
            f"{name} = {value!r} is not known; allowed: {', '.join(map(str, choices))}"
        )


def _show(value) -> str:
    """repr of a value, shortened for arrays (an error message stays one short line)."""
    arr = np.asarray(value) if not isinstance(value, str) else None
    if arr is not None and arr.ndim > 0 and arr.size > 4:
        with np.errstate(all="ignore"):
            bad = arr.ravel()
        return f"array of {arr.size} values ({np.array2string(bad[:3], precision=6, separator=', ')[1:-1]}, ...)"
    return repr(value)


def _fmt(x: float) -> str:
    return f"{x:.6g}" if math.isfinite(x) else str(x)
