"""Shared test fixtures: the notebooks' matplotlib backend and the optional ../shared data releases."""

import pathlib

import pytest

# the notebooks' matplotlib backend is forced in the repository's conftest.py (also for `pytest chapters`)
ROOT = pathlib.Path(__file__).resolve().parents[1]
RELEASES = ROOT.parent / "shared" / "data" / "coherent-releases"


@pytest.fixture
def releases():
    """Path to the COHERENT data-release copies; the test is skipped where ../shared is absent."""
    if not RELEASES.is_dir():
        pytest.skip("../shared/data/coherent-releases is not available")
    return RELEASES
