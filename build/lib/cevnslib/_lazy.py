"""Lazy exports for the package ``__init__`` modules (PEP 562): nothing is imported until used.

A subpackage lists its public names and the submodule each comes from; ``from cevnslib.physics
import f_beta`` then imports :mod:`cevnslib.physics.model331` on first use only, so ``python -m
cevnslib`` does not pay for SymPy or SciPy modules it never touches.

>>> getattr_, dir_ = exports("cevnslib", {"InputError": ".errors"})
>>> getattr_("InputError").__name__
'InputError'
>>> getattr_("nothing")
Traceback (most recent call last):
...
AttributeError: module 'cevnslib' has no attribute 'nothing'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

__all__ = ["exports"]


def exports(
    package: str, table: dict[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Module ``__getattr__`` and ``__dir__`` for ``package`` serving ``table``.

    ``table`` maps each public name to the submodule (relative to ``package``) that defines it.
    """

    def getattr_(name: str) -> object:
        try:
            source = table[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(source, package), name)
        setattr(sys.modules[package], name, value)  # later look-ups skip this function
        return value

    def dir_() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(table))

    return getattr_, dir_
