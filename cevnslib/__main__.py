"""``python -m cevnslib``: see :mod:`cevnslib.cli` (Ctrl-C, even while importing, exits 130 quietly).

A Ctrl-C that lands inside an import is held back until the import is done: raised there, the
``KeyboardInterrupt`` would interrupt an extension module while it initialises, which then fails
with an ``ImportError`` and a traceback (seen with SciPy's HiGHS module on a loaded machine).
"""

import os
import signal
import sys
import threading


def _importing(frame) -> bool:
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _interrupt(signum, frame):
    if _importing(frame):  # again in 50 ms, until the import is done
        timer = threading.Timer(0.05, os.kill, (os.getpid(), signum))
        timer.daemon = True
        timer.start()
        return
    raise KeyboardInterrupt


def run() -> None:
    """The ``cevnslib`` command (console script) and ``python -m cevnslib``."""
    signal.signal(signal.SIGINT, _interrupt)
    try:
        from .cli import main

        status = main()
    except KeyboardInterrupt:
        status = 130
    sys.exit(status)


if __name__ == "__main__":
    run()
