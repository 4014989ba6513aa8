#!/usr/bin/env python
"""Benchmarks and accuracy checks for cevnslib: how fast, and how exact, the event integrals are.

Usage (from the repository root)::

    .venv/bin/python benchmarks/benchmark.py            # timings + accuracy (about a minute)
    .venv/bin/python benchmarks/benchmark.py --quick    # fewer repeats, smaller grid (CI smoke run)
    .venv/bin/python benchmarks/benchmark.py --full     # also time `pytest` and `jupyter-book build`
    .venv/bin/python benchmarks/benchmark.py --build    # ... only the book build (--pytest: only pytest)

Prints two markdown tables (timings, accuracy) and exits with status 1 if any row says FAIL:
the 1000 x 1000 CLI scan must finish in < 2 s (best of 3), every response entry must agree with
adaptive quadrature to 1e-4 relative, and with --full, pytest and the book build must succeed.
See benchmarks/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import scipy
from scipy.integrate import quad

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout even without `pip install -e .`

from cevnslib.experiments import rates  # noqa: E402
from cevnslib.experiments.registry import DEFAULT, EXPERIMENTS, get_experiment  # noqa: E402
from cevnslib.physics import cross_sections as xs  # noqa: E402
from cevnslib.physics.model331 import beta_max  # noqa: E402

CLI_LIMIT_S = 2.0  # the requirement for the 1000 x 1000 CLI scan on the 2-core CI machine
ACCURACY_LIMIT = 1e-4  # max relative difference of a response entry from adaptive quadrature
EPSREL_OUTER = 1e-10  # quad tolerance of the T integral
EPSREL_INNER = (
    1e-11  # quad tolerance of the E integral (tighter, so the outer one sees a smooth integrand)
)


# ------------------------------------------------------------------------------------------ timing
def best_of(fn, repeat: int, number: int = 1) -> float:
    """Best (minimum) over ``repeat`` runs of the mean time per call of ``number`` calls [s]."""
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def bench_events(rows, repeat):
    """Cold (response integral computed) and warm (cached) SM event number per experiment."""
    for name in EXPERIMENTS:
        exp = get_experiment(name)
        if not hasattr(exp, "n_sm"):  # a combination of experiments has no event number of its own
            continue

        def cold(exp=exp):
            rates.response.cache_clear()
            exp.n_sm()

        t_cold = best_of(cold, repeat)
        exp.n_sm()  # make sure the response is cached
        t_warm = best_of(exp.n_sm, repeat, number=2000)
        rows.append(
            ("SM event number, cold (response integral computed)", name, fmt_time(t_cold), "", "")
        )
        rows.append(("SM event number, warm (response cached)", name, fmt_time(t_warm), "", ""))


def scan_axes(n_beta: int, n_mzp: int):
    """The CLI's grid: beta on the open interval (-cot theta_W, cot theta_W), M_Z' log-spaced 100 GeV-10 TeV."""
    bmax = beta_max(DEFAULT.sw2)
    return np.linspace(-bmax, bmax, n_beta + 2)[1:-1], np.geomspace(100.0, 1e4, n_mzp)


def bench_grid(rows, n, repeat):
    """Time per model point of Experiment.delta_chi2_grid on an n x n (beta, M_Z') grid (response cached)."""
    betas, mzps = scan_axes(n, n)
    for name in EXPERIMENTS:
        exp = get_experiment(name)
        exp.delta_chi2_grid(betas[:2], mzps[:2])  # warm the response cache
        t = best_of(lambda exp=exp: exp.delta_chi2_grid(betas, mzps), repeat)
        rows.append(
            (
                f"Delta-chi^2 per model point ({n} x {n} grid; whole grid {fmt_time(t)})",
                name,
                fmt_time(t / n**2),
                "",
                "",
            )
        )


def run_timed(cmd, repeat=1, **kw):
    """Best wall time of ``cmd`` as a whole process, and the return code of the last run."""
    best, rc = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, cwd=ROOT, **kw)
        best = min(best, time.perf_counter() - t0)
        rc = p.returncode
    return best, rc


def bench_cli(rows, repeat):
    cmd = [
        sys.executable,
        "-m",
        "cevnslib",
        "scan",
        "--experiment",
        "csi2017",
        "--beta-points",
        "1000",
        "--mzp-points",
        "1000",
        "--json",
    ]
    t, rc = run_timed(cmd, repeat, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ok = rc == 0 and t < CLI_LIMIT_S
    rows.append(
        (
            f"CLI `scan --experiment csi2017` 1000 x 1000 --json, whole process (best of {repeat})",
            "csi2017",
            f"{t:.2f} s" + ("" if rc == 0 else f" (exit {rc})"),
            f"< {CLI_LIMIT_S:g} s",
            "ok" if ok else "FAIL",
        )
    )


PROFILE_LIMIT_S = 1.0  # a 41-point profile of a binned release likelihood
BINNED_RELEASES = ("csi2017", "lar2020", "csi2021")


def bench_binned(rows, repeat):
    """41-point profile of each binned likelihood, and the 1000 x 1000 binned CLI scan (needs data)."""
    from cevnslib.data import ReleaseUnavailable
    from cevnslib.experiments import likelihoods

    for name in BINNED_RELEASES:
        try:
            likelihoods.build_model(name)
        except ReleaseUnavailable:
            rows.append((f"41-point binned profile ({name})", name, "skipped: no data", "", "ok"))
            continue
        t = best_of(lambda name=name: likelihoods.profile_uncached(name), repeat)
        rows.append(
            (
                f"41-point profile of the binned likelihood (best of {repeat})",
                name,
                fmt_time(t),
                f"< {PROFILE_LIMIT_S:g} s",
                "ok" if t < PROFILE_LIMIT_S else "FAIL",
            )
        )
    cmd = [sys.executable, "-m", "cevnslib", "scan", "--experiment", "csi2017",
           "--likelihood", "binned", "--beta-points", "1000", "--mzp-points", "1000", "--json"]  # fmt: skip
    try:
        likelihoods.build_model("csi2017")
    except ReleaseUnavailable:
        return
    n_runs = 3 if repeat > 2 else 1  # --quick (the CI smoke run): one run of each CLI command
    t, rc = run_timed(cmd, n_runs, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    rows.append(
        (
            f"CLI `scan --likelihood binned` 1000 x 1000 --json, whole process (best of {n_runs})",
            "csi2017",
            f"{t:.2f} s" + ("" if rc == 0 else f" (exit {rc})"),
            f"< {CLI_LIMIT_S:g} s",
            "ok" if rc == 0 and t < CLI_LIMIT_S else "FAIL",
        )
    )


TOYS_LIMIT_S = 30.0  # 1000 binned toys with fits (CsI 2021) on two cores
FC_LIMIT_S = 300.0  # Feldman-Cousins thresholds of one release on two cores


def _cpu() -> float:
    """CPU seconds of this process and its finished workers (a loaded machine stretches wall time)."""
    import resource

    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _toy_time(wall: float, cpu: float, jobs: int) -> str:
    load = os.getloadavg()[0]
    return f"{wall:.1f} s (CPU {cpu:.1f} s = {cpu / jobs:.1f} s a core; load {load:.0f})"


def _toy_status(wall: float, cpu: float, jobs: int, limit: float) -> str:
    """ok: the wall time meets the target; ok on CPU: only the CPU time per core does (a machine
    loaded by other work stretches the wall time, see the load in the time column)."""
    if wall < limit:
        return "ok"
    return "ok on CPU (machine loaded)" if cpu / jobs < limit else "FAIL"


def bench_toys(rows, jobs: int = 2):
    """1000 binned toys with fits for CsI 2021, and the FC thresholds of CsI 2021 (needs data)."""
    from cevnslib.data import ReleaseUnavailable
    from cevnslib.experiments import frequentist as F
    from cevnslib.experiments.likelihoods import build_model

    try:
        build_model("csi2021")
    except ReleaseUnavailable:
        rows.append(("1000 binned toys with fits", "csi2021", "skipped: no data", "", "ok"))
        return
    F._truth("csi2021", F.DEFAULT, 1.0)  # the conditional fit the toys start from
    t0, c0 = time.perf_counter(), _cpu()
    F.toy_profiles("csi2021", 1000, seed=1, jobs=jobs, progress=False)
    t, cpu = time.perf_counter() - t0, _cpu() - c0
    rows.append(
        (
            f"1000 binned toys with fits (free fit + {len(F.TOY_MU_GRID)}-point profile each), "
            f"--jobs {jobs}",
            "csi2021",
            _toy_time(t, cpu, jobs),
            f"< {TOYS_LIMIT_S:g} s",
            _toy_status(t, cpu, jobs, TOYS_LIMIT_S),
        )
    )
    t0, c0 = time.perf_counter(), _cpu()
    F.binned_coverage("csi2021", n_toys=2000, seed=1, jobs=jobs, progress=False)
    t, cpu = time.perf_counter() - t0, _cpu() - c0
    rows.append(
        (
            f"Feldman-Cousins thresholds ({len(F.FC_MU_GRID)} mu points x 2000 toys, two fits "
            f"each), --jobs {jobs}",
            "csi2021",
            _toy_time(t, cpu, jobs),
            f"< {FC_LIMIT_S:g} s",
            _toy_status(t, cpu, jobs, FC_LIMIT_S),
        )
    )


def _bench_command(rows, label, cmd, **kw):
    """Time one whole command (best of one run) and add its row: ok when it exits 0."""
    t, rc = run_timed(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    rows.append(
        (
            label,
            "-",
            f"{t:.1f} s" + ("" if rc == 0 else f" (exit {rc})"),
            "exit 0",
            "ok" if rc == 0 else "FAIL",
        )
    )


def count_tests() -> int | None:
    """Number of tests the full `pytest` collects (unit tests, doctests, notebook cells)."""
    bindir = Path(sys.executable).parent
    p = subprocess.run(
        [str(bindir / "pytest"), "--co", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    m = re.search(r"(\d+) tests? collected", p.stdout)
    return int(m.group(1)) if m else None


def bench_pytest(rows):
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    n = count_tests()
    _bench_command(
        rows,
        "full `pytest` (unit tests, doctests, nbval of every chapter"
        + (f"; {n} tests)" if n else ")"),
        [str(bindir / "pytest"), "-q", "-p", "no:cacheprovider"],
        env=env,
    )


README = ROOT / "README.md"
README_START = "<!-- benchmark:start (written by benchmarks/benchmark.py --save; do not edit) -->"
README_END = "<!-- benchmark:end -->"


def _row(results, prefix, experiment=None):
    for r in results["timings"]:
        if r["benchmark"].startswith(prefix) and experiment in (None, r["experiment"]):
            return r
    return None


def _seconds(text: str) -> float:
    value, unit = text.split()[:2]
    return float(value) * {"s": 1.0, "ms": 1e-3, "µs": 1e-6, "ns": 1e-9}[unit]


def _span(values, unit_scale, unit):
    lo, hi = min(values) / unit_scale, max(values) / unit_scale
    return f"{lo:.3g}–{hi:.3g} {unit}"


def readme_section(results: dict) -> str:
    """The README's performance paragraph, every number taken from ``results`` (results.json)."""
    meta = results["meta"]
    cold = [_seconds(r["time"]) for r in results["timings"] if "cold" in r["benchmark"]]
    warm = [_seconds(r["time"]) for r in results["timings"] if "warm" in r["benchmark"]]
    grid = [_seconds(r["time"]) for r in results["timings"] if "per model point" in r["benchmark"]]
    parts = [
        f"Measured with Python {meta['python']}, numpy {meta['numpy']}, scipy {meta['scipy']} on "
        f"{meta['cpus']} CPUs ({meta['machine']}{', --quick' if meta.get('quick') else ''}):"
    ]
    if cold:
        parts.append(f"one SM event number {_span(cold, 1e-3, 'ms')} cold,")
    if warm:
        parts.append(f"{_span(warm, 1e-6, 'µs')} cached;")
    if grid:
        parts.append(f"{_span(grid, 1e-9, 'ns')} per (β, M_Z′) point in a scan;")
    cli = _row(results, "CLI `scan")
    if cli:
        parts.append(
            f"the 1000 × 1000 `scan --json` through the CLI {cli['time']} as a whole process "
            f"(limit {cli['limit']}, {cli['status']});"
        )
    tests = _row(results, "full `pytest`")
    if tests:
        m = re.search(r"(\d+) tests", tests["benchmark"])
        count = f" ({m.group(1)} tests, every chapter re-executed by nbval)" if m else ""
        parts.append(f"full `pytest`{count} {tests['time']} ({tests['status']});")
    build = _row(results, "full `jupyter-book build")
    if build:
        parts.append(f"book build {build['time']} ({build['status']});")
    acc = results.get("accuracy") or []
    if acc:
        worst = max(a["max_rel_diff"] for a in acc)
        parts.append(
            f"every event integral agrees with adaptive quadrature to {worst:.1e} relative or "
            f"better (limit {acc[0]['limit']:g})."
        )
    text = " ".join(parts)
    if text.endswith(";"):
        text = text[:-1] + "."
    return f"{README_START}\n{textwrap.fill(text, 100)}\n{README_END}"


def update_readme(results: dict, readme: Path = README) -> None:
    """Replace the README section between the benchmark markers by :func:`readme_section`."""
    text = readme.read_text()
    i, j = text.index(README_START), text.index(README_END) + len(README_END)
    readme.write_text(text[:i] + readme_section(results) + text[j:])


def bench_build(rows):
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="jb_bench_") as out:
        _bench_command(
            rows,
            "full `jupyter-book build -W -n --keep-going` (fresh output dir)",
            [
                str(bindir / "jupyter-book"),
                "build",
                "-W",
                "-n",
                "--keep-going",
                ".",
                "--path-output",
                out,
            ],
        )


# ---------------------------------------------------------------------------------------- accuracy
def reference_entry(detector, nucleus, spectrum, form="helm", kinematics="paper"):
    """One response entry by adaptive quadrature: N_T Phi int dT eps(T) int dE f(E) dsigma/dT(Q_W = 1).

    The T integral is split at the efficiency breakpoints, at the kinematic end point of every
    line (the prompt nu_mu), as the library does, and where E_min(T) crosses the lower edge of the
    continuum (reactor spectra); the inner E integral runs from max(E_min(T), e_min) to e_max.
    """
    m = nucleus.mass
    eff = detector.efficiency

    def kernel(t, e):
        return float(xs.cevns_unit_charge(t, e, nucleus, form, kinematics))

    line_ends = [float(xs.t_max(e, m)) for e, _ in spectrum.lines]
    if spectrum.pdf is not None and spectrum.e_min > 0:
        line_ends.append(float(xs.t_max(spectrum.e_min, m)))
    total = 0.0

    def t_integral(fn, hi):
        """Adaptive T integral from the threshold to ``hi``, split at the efficiency and line kinks."""
        pts = [p for p in (*eff.breakpoints(), *line_ends) if detector.t_lo < p < hi]
        return quad(
            fn, detector.t_lo, hi, points=pts or None, epsabs=0, epsrel=EPSREL_OUTER, limit=400
        )[0]

    for e_line, weight in spectrum.lines:
        hi = min(detector.t_hi, float(xs.t_max(e_line, m)))
        if hi > detector.t_lo:
            total += weight * t_integral(lambda t, e=e_line: float(eff(t)) * kernel(t, e), hi)
    if spectrum.pdf is not None:
        e_hi = spectrum.e_max
        hi = min(detector.t_hi, float(xs.t_max(e_hi, m)))

        def integrand(t):
            lo = max(float(xs.e_min(t, m)), spectrum.e_min)
            if lo >= e_hi:
                return 0.0
            inner = quad(
                lambda e: float(spectrum.pdf(e)) * kernel(t, e),
                lo,
                e_hi,
                epsabs=0,
                epsrel=EPSREL_INNER,
                limit=200,
            )[0]
            return float(eff(t)) * inner

        if hi > detector.t_lo:
            total += t_integral(integrand, hi)
    return detector.n_targets(nucleus) * detector.fluence * total


def accuracy(names):
    """Max relative difference of every (nucleus, flavour) entry of response(detector).weak per experiment."""
    out = []
    for name in names:
        exp = get_experiment(name)
        if not hasattr(exp, "detector"):  # combinations reuse their members' detectors
            continue
        det = exp.detector(DEFAULT)
        resp = rates.response(det, DEFAULT.form, DEFAULT.kinematics)
        t0 = time.perf_counter()
        worst, where = 0.0, ""
        for i, nuc in enumerate(resp.nuclei):
            for j, spec in enumerate(det.spectra):
                ref = reference_entry(det, nuc, spec, DEFAULT.form, DEFAULT.kinematics)
                got = float(resp.weak[i, j])
                rel = abs(got - ref) / abs(ref) if ref else abs(got)
                if rel >= worst:
                    worst, where = rel, f"{nuc.name}, {spec.flavour}"
        out.append((name, resp.weak.size, worst, where, time.perf_counter() - t0))
    return out


# -------------------------------------------------------------------------------------------- main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats and a 300 x 300 grid")
    ap.add_argument(
        "--timing-advisory",
        action="store_true",
        help="a missed time target is reported as SLOW instead of failing (CI on a shared machine); "
        "a command that fails or an inaccurate integral still fails",
    )
    ap.add_argument(
        "--full",
        action="store_true",
        help="also time full `pytest` and `jupyter-book build` (minutes)",
    )
    ap.add_argument(
        "--pytest", action="store_true", help="also time full `pytest` (part of --full)"
    )
    ap.add_argument(
        "--build", action="store_true", help="also time `jupyter-book build` (part of --full)"
    )
    ap.add_argument(
        "--no-accuracy", action="store_true", help="skip the adaptive-quadrature comparison"
    )
    ap.add_argument(
        "--toys",
        action="store_true",
        help="also time 1000 binned toys and the Feldman-Cousins thresholds of CsI 2021 on two "
        "workers (minutes)",
    )
    ap.add_argument(
        "--toys-only",
        action="store_true",
        help="time only the toys; with --save, replace only their rows in the saved record",
    )
    ap.add_argument(
        "--save",
        metavar="FILE",
        help="also write the results as JSON (the book's performance page "
        "reads benchmarks/results.json)",
    )
    ap.add_argument(
        "--readme",
        action="store_true",
        help="only rewrite the README's performance section from benchmarks/results.json "
        "(no measurement)",
    )
    args = ap.parse_args(argv)
    if args.readme:
        import json

        update_readme(json.loads((ROOT / "benchmarks" / "results.json").read_text()))
        print(f"updated {README}")
        return 0
    repeat = 2 if args.quick else 5
    n_grid = 300 if args.quick else 1000

    print(
        f"cevnslib benchmark: Python {platform.python_version()}, numpy {np.__version__}, "
        f"scipy {scipy.__version__}, {os.cpu_count()} CPUs, {platform.machine()}"
        f"{' (--quick)' if args.quick else ''}\n"
    )
    rows = []
    if not args.toys_only:
        bench_events(rows, repeat)
        bench_grid(rows, n_grid, 3)
        bench_cli(rows, 1 if args.quick else 3)  # --quick: one run of the CLI (a smoke run)
        bench_binned(rows, repeat)
    if args.toys or args.toys_only:
        bench_toys(rows)
    if args.full or args.pytest:
        bench_pytest(rows)
    if args.full or args.build:
        bench_build(rows)
    if (
        args.timing_advisory
    ):  # a shared CI machine: report a missed time target, fail on errors only
        rows = [(*r[:4], "SLOW") if r[4] == "FAIL" and "(exit" not in r[2] else r for r in rows]
    print("| benchmark | experiment | time | limit | status |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    failed = [r for r in rows if r[4] == "FAIL"]
    acc_rows = []

    if args.toys_only:
        args.no_accuracy = True
    if not args.no_accuracy:
        print(
            f"\nAccuracy of the event integrals: every (nucleus, flavour) entry of response(detector).weak "
            f"(Gauss-Legendre, {rates.N_NODES} nodes per panel) vs scipy quad (epsrel {EPSREL_OUTER:g} in T, "
            f"{EPSREL_INNER:g} in E)\n"
        )
        print(
            "| experiment | entries | max relative difference | worst entry | limit | status | reference time |"
        )
        print("|---|---|---|---|---|---|---|")
        for name, n, worst, where, t in accuracy(EXPERIMENTS):
            ok = worst <= ACCURACY_LIMIT
            acc_rows.append(
                {
                    "experiment": name,
                    "entries": int(n),
                    "max_rel_diff": float(worst),
                    "worst": where,
                    "limit": ACCURACY_LIMIT,
                    "ok": bool(ok),
                }
            )
            failed += [] if ok else [name]
            print(
                f"| {name} | {n} | {worst:.2e} | {where} | {ACCURACY_LIMIT:g} | {'ok' if ok else 'FAIL'} | {t:.1f} s |"
            )

    print(f"\n{'FAIL' if failed else 'all ok'}")
    if args.save:
        import json

        meta = {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
            "quick": args.quick,
        }
        timings = [
            dict(zip(("benchmark", "experiment", "time", "limit", "status"), r, strict=True))
            for r in rows
        ]
        results = {"meta": meta, "timings": timings, "accuracy": acc_rows}
        if args.toys_only and Path(args.save).exists():  # keep the other rows of the record
            results = json.loads(Path(args.save).read_text())
            mine = {r["benchmark"].split(",")[0] for r in timings}
            results["timings"] = [
                r for r in results["timings"] if r["benchmark"].split(",")[0] not in mine
            ] + timings
        Path(args.save).write_text(json.dumps(results, indent=1) + "\n")
        if Path(args.save).resolve() == (ROOT / "benchmarks" / "results.json").resolve():
            update_readme(results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
