"""Shared test fixtures: the notebooks' matplotlib backend and the COHERENT data releases.

The releases come only through :func:`cevnslib.data.load_release`, from ``$CEVNSLIB_DATA`` (``.ci/run``
names ../shared/data/coherent-releases; a local run without it falls back to that folder when it
exists).  No test ever downloads: ``CEVNSLIB_OFFLINE`` is set for the whole session, and a test that
needs a release is skipped with one line when the release is unavailable.
"""

import os
import pathlib

import pytest

# the notebooks' matplotlib backend is forced in the repository's conftest.py (also for `pytest chapters`)
os.environ["CEVNSLIB_OFFLINE"] = "1"  # tests never touch the network

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "coherent-releases"
if not os.environ.get("CEVNSLIB_DATA") and SHARED.is_dir():
    os.environ["CEVNSLIB_DATA"] = str(SHARED)


@pytest.fixture
def releases():
    """Directory named by CEVNSLIB_DATA (raw files); the test is skipped where it is not set."""
    root = (
        pathlib.Path(os.environ.get("CEVNSLIB_DATA", ""))
        if os.environ.get("CEVNSLIB_DATA")
        else None
    )
    if root is None or not root.is_dir():
        pytest.skip("COHERENT releases unavailable: CEVNSLIB_DATA is not set to a directory")
    return root


@pytest.fixture
def release():
    """``release(name)`` loads a COHERENT release, or skips the test with one line if unavailable."""
    from cevnslib.data import ReleaseUnavailable, load_release

    def get(name):
        try:
            return load_release(name, download=False)
        except ReleaseUnavailable as exc:
            pytest.skip(str(exc).split(":")[0])

    return get


@pytest.fixture
def cli(capsys):
    """``cli(*args)`` -> (exit status, stdout, stderr) of the command line, run in this process."""
    from cevnslib.cli import main

    def run(*args):
        capsys.readouterr()  # drop what came before
        try:
            rc = main(list(args))
        except SystemExit as exc:  # argparse errors exit from inside parse_args
            rc = exc.code
        out = capsys.readouterr()
        return rc, out.out, out.err

    return run
