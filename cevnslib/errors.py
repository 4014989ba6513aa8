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
    "check_integer",
    "check_instance",
    "finite_result",
]


class InputError(ValueError):
    """Invalid input; the message names the parameter and the allowed values."""


def _values(value) -> np.ndarray | None:
    """``value`` as a float array, or None if it is not numeric (the caller raises, naming it)."""
    if value is None or isinstance(value, (str, bytes)):
        return None
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def check_finite(name: str, value: ArrayLike) -> None:
    """Raise if ``value`` (scalar or array) holds NaN or infinities or is not numeric."""
    arr = _values(value)
    if arr is None or not np.all(np.isfinite(arr)):
        raise InputError(f"{name} = {_show(value)} is not allowed: must be a finite number")


def check_positive(name: str, value: ArrayLike, allow_inf: bool = False) -> None:
    """Raise unless every entry of ``value`` is > 0 (and finite unless ``allow_inf``)."""
    arr = _values(value)
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
    arr = _values(value)
    if arr is None or not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise InputError(f"{name} = {_show(value)} is not allowed: must be a finite number >= 0")


def check_in_range(
    name: str, value: ArrayLike, lo: float, hi: float, closed: bool = False, why: str = ""
) -> None:
    """Raise unless ``lo < value < hi`` (``<=`` if ``closed``) for every entry."""
    arr = _values(value)
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
    """Raise unless ``value`` is one of ``choices`` (an unhashable value is simply not one)."""
    try:
        known = value in choices
    except TypeError:  # e.g. a list tested against the keys of a dict
        known = False
    if not known:
        raise InputError(
            f"{name} = {value!r} is not known; allowed: {', '.join(map(str, choices))}"
        )


def _show(value) -> str:
    """repr of a value, shortened for arrays (an error message stays one short line)."""
    try:
        arr = np.asarray(value) if not isinstance(value, str) else None
    except Exception:  # noqa: BLE001 - any object: fall back to repr
        arr = None
    if arr is not None and arr.ndim > 0 and arr.size > 4 and arr.dtype.kind in "iufcb":
        with np.errstate(all="ignore"):
            bad = arr.ravel()
        return f"array of {arr.size} values ({np.array2string(bad[:3], precision=6, separator=', ')[1:-1]}, ...)"
    return repr(value)


def _fmt(x: float) -> str:
    return f"{x:.6g}" if math.isfinite(x) else str(x)


def check_integer(name: str, value: object, lo: int, hi: int | None = None) -> None:
    """Raise unless ``value`` is an integer (not a bool) with ``lo <= value`` (``<= hi``)."""
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not ok or value < lo or (hi is not None and value > hi):
        rng = f"an integer >= {lo}" if hi is None else f"an integer in [{lo}, {hi}]"
        raise InputError(f"{name} = {_show(value)} is not allowed: must be {rng}")


def check_instance(name: str, value: object, kind: type, hint: str = "") -> None:
    """Raise unless ``value`` is an instance of ``kind``."""
    if not isinstance(value, kind):
        extra = f" ({hint})" if hint else ""
        raise InputError(
            f"{name} = {_show(value)} is not allowed: must be a {kind.__name__}{extra}"
        )


def finite_result(what: str, compute):
    """Evaluate ``compute()`` with floating-point warnings silenced; raise unless finite.

    For inputs that are individually valid but so large that the result overflows: the message
    names ``what`` (the inputs involved) instead of returning inf/NaN or warning.
    """
    with np.errstate(all="ignore"):
        try:
            out = compute()
        except (OverflowError, ZeroDivisionError):
            out = math.inf
    arr = np.asarray(out, dtype=float)
    if not np.isfinite(arr).all():  # the method: half the time of np.all on the hot paths
        raise InputError(f"{what} is out of range: the result overflows (not a finite number)")
    return out
