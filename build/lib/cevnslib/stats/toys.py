"""Pseudo-experiments in seeded chunks: bounded memory, the same numbers for any number of workers.

A run of ``n_toys`` pseudo-experiments is cut into chunks of ``chunk_size`` toys (the last one
shorter).  The chunk boundaries depend on ``n_toys`` and ``chunk_size`` only, never on the number of
worker processes, and chunk ``i`` draws its random numbers from
``numpy.random.default_rng(SeedSequence(seed).spawn(n_chunks)[i])``: ``jobs=1`` and ``jobs=2``
give identical results, and memory is bounded by one chunk per worker plus the (small) per-toy
results.  :func:`run_toys` shows a progress bar on stderr (tqdm) when stderr is a terminal and the
run lasts longer than :data:`PROGRESS_DELAY_S`; Ctrl-C cancels the chunks not yet started and
re-raises :class:`KeyboardInterrupt` (workers ignore SIGINT, so only the caller reports it).

>>> chunk_bounds(5, 2)
[(0, 2), (2, 4), (4, 5)]
>>> a = run_toys(_normal_chunk, 7, seed=1, chunk_size=3)
>>> bool((a == run_toys(_normal_chunk, 7, seed=1, chunk_size=3, jobs=2)).all())
True
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

import numpy as np

from ..errors import InputError, check_integer

__all__ = ["chunk_bounds", "chunk_generators", "run_toys", "DEFAULT_CHUNK", "PROGRESS_DELAY_S"]

#: toys per chunk: small enough that a chunk's working memory stays a few MB for every likelihood
DEFAULT_CHUNK = 50
#: seconds a run lasts before its progress bar appears (short runs stay silent)
PROGRESS_DELAY_S = 2.0
#: largest toy count a run accepts (its per-toy results are held in memory)
MAX_TOYS = 10**7


def chunk_bounds(n_toys: int, chunk_size: int = DEFAULT_CHUNK) -> list[tuple[int, int]]:
    """(start, stop) of each chunk of ``n_toys`` toys, ``chunk_size`` toys each (the last shorter)."""
    check_integer("n_toys", n_toys, 1, MAX_TOYS)
    check_integer("chunk_size", chunk_size, 1)
    return [(a, min(a + chunk_size, n_toys)) for a in range(0, n_toys, chunk_size)]


def chunk_generators(seed: int, n_chunks: int) -> list[np.random.Generator]:
    """One independent generator per chunk, spawned from ``SeedSequence(seed)``."""
    check_integer("seed", seed, 0)
    check_integer("n_chunks", n_chunks, 1)
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n_chunks)]


def _ignore_sigint() -> None:  # worker initialiser: Ctrl-C is handled by the caller alone
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(func, n, seed_seq):
    return np.asarray(func(n, np.random.default_rng(seed_seq)))


def _normal_chunk(n: int, rng: np.random.Generator) -> np.ndarray:  # doctest helper
    return rng.standard_normal(n)


def run_toys(
    func: Callable[[int, np.random.Generator], np.ndarray],
    n_toys: int,
    seed: int,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = True,
    desc: str = "toys",
) -> np.ndarray:
    """Run ``func(n, rng)`` on every chunk and concatenate the results along the first axis.

    ``func`` returns one row per toy (shape (n, ...)); with ``jobs`` > 1 it must be picklable (a
    module-level function or a :func:`functools.partial` of one).  ``progress``: allow the bar
    (it is shown only on a terminal, after :data:`PROGRESS_DELAY_S`).
    """
    if not callable(func):
        raise InputError(f"func = {func!r} is not allowed: must be a function (n, rng) -> array")
    check_integer("jobs", jobs, 1, 256)
    bounds = chunk_bounds(n_toys, chunk_size)
    check_integer("seed", seed, 0)
    seeds = np.random.SeedSequence(seed).spawn(len(bounds))
    sizes = [b - a for a, b in bounds]
    bar = _bar(n_toys, desc, progress)
    out: list[np.ndarray | None] = [None] * len(bounds)
    try:
        if jobs == 1 or len(bounds) == 1:
            for i, (n, s) in enumerate(zip(sizes, seeds, strict=True)):
                out[i] = _call(func, n, s)
                bar.update(n)
        else:
            _run_parallel(func, sizes, seeds, jobs, out, bar)
    finally:
        bar.close()
    return np.concatenate(out, axis=0)  # type: ignore[arg-type]


def _run_parallel(func, sizes, seeds, jobs, out, bar) -> None:
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
    try:
        pending = {
            pool.submit(_call, func, n, s): i
            for i, (n, s) in enumerate(zip(sizes, seeds, strict=True))
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                i = pending.pop(f)
                out[i] = f.result()
                bar.update(sizes[i])
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(total: int, desc: str, progress: bool):
    if not progress:
        return _NoBar()
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is pinned in requirements.txt
        return _NoBar()
    # disable=None: silent when stderr is not a terminal (pipes, CI, notebooks' captured stderr)
    return tqdm(
        total=total, desc=desc, unit="toy", file=sys.stderr, disable=None, delay=PROGRESS_DELAY_S
    )
