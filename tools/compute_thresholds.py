"""Compute and store the toy results of the binned release likelihoods (minutes; not run in CI).

    python tools/compute_thresholds.py --experiment csi2021 [--toys 1000] [--fc-toys 2000]
        [--seed 20261130] [--jobs 2] [--quiet]

Writes ``cevnslib/experiments/toy_results/<experiment>.json``: SM toy profiles (expected bands of
the binned bounds), the coverage of Wilks' threshold and the Feldman-Cousins thresholds on the mu
grid, with the toy counts, seeds, settings and a fingerprint of the model (a changed model is
refused when the file is read: rerun this command).  ``--experiment all`` does every release.
The chapters and ``python -m cevnslib bound --likelihood binned`` read the file;
``tests/test_frequentist.py`` recomputes a small sample of it.
"""

from __future__ import annotations

import argparse
import sys
import time

from cevnslib.data import ReleaseUnavailable
from cevnslib.experiments.frequentist import compute_stored
from cevnslib.experiments.likelihoods import LIKELIHOODS
from cevnslib.experiments.registry import TOY_SEED


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--experiment", required=True, choices=(*LIKELIHOODS, "all"))
    p.add_argument("--toys", type=int, default=1000, help="SM toys of the expected band")
    p.add_argument("--fc-toys", type=int, default=2000, help="toys per mu of the FC thresholds")
    p.add_argument("--seed", type=int, default=TOY_SEED)
    p.add_argument("--jobs", type=int, default=1, help="worker processes (same numbers for any)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    args = p.parse_args(argv)
    names = LIKELIHOODS if args.experiment == "all" else (args.experiment,)
    for name in names:
        t0 = time.perf_counter()
        try:
            r = compute_stored(
                name, args.toys, args.fc_toys, args.seed, jobs=args.jobs, progress=not args.quiet
            )
        except ReleaseUnavailable as exc:
            print(f"{name}: skipped, release data unavailable ({exc})", file=sys.stderr)
            continue
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        cov = ", ".join(f"{c:.3f}" for c in r.wilks_coverage)
        print(
            f"{name}: {args.toys} band toys, {args.fc_toys} toys x {len(r.mu_grid)} mu points in "
            f"{time.perf_counter() - t0:.0f} s (jobs {args.jobs}); Wilks coverage {cov}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
