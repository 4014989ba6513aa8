"""The registry of release builders: :func:`build_model` (checked) and :func:`_build` (cached,
one model per release and Settings)."""

from __future__ import annotations

from functools import lru_cache

from ..registry import DEFAULT, Settings
from .csi2017 import _csi2017
from .csi2021 import _csi2021
from .inputs import _check_release
from .lar2020 import _lar2020
from .model import BinnedModel

__all__ = ["build_model"]


_BUILDERS = {"csi2017": _csi2017, "lar2020": _lar2020, "csi2021": _csi2021}


def build_model(name: str, settings: Settings = DEFAULT) -> BinnedModel:
    """The binned likelihood of release ``name`` (raises ReleaseUnavailable without its data)."""
    _check_release(name, settings)
    return _build(name, settings)


@lru_cache(maxsize=8)
def _build(name: str, settings: Settings) -> BinnedModel:
    return _BUILDERS[name](settings)
