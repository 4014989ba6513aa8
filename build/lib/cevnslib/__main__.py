"""``python -m cevnslib``: see :mod:`cevnslib.cli` (Ctrl-C, even while importing, exits 130 quietly)."""

import sys

try:
    from .cli import main

    status = main()
except KeyboardInterrupt:
    status = 130
sys.exit(status)
