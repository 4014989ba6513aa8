"""Shared test fixtures: the notebooks' matplotlib backend and the optional ../shared data releases."""

import os
import pathlib

import pytest

# notebook kernels inherit this: the inline backend keeps figure outputs (Agg would drop them under nbval)
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"

ROOT = pathlib.Path(__file__).resolve().parents[1]
RELEASES = ROOT.parent / "shared" / "data" / "coherent-releases"


@pytest.fixture
def releases():
    """Path to the COHERENT data-release copies; the test is skipped where ../shared is absent."""
    if not RELEASES.is_dir():
        pytest.skip("../shared/data/coherent-releases is not available")
    return RELEASES
