"""``python -m cevnslib``: see :mod:`cevnslib.cli`."""

import sys

from .cli import main

sys.exit(main())
