"""The README's performance figures are generated from benchmarks/results.json, never typed."""

from __future__ import annotations

import json
import pathlib
import re
import runpy

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCH = runpy.run_path(str(ROOT / "benchmarks" / "benchmark.py"), run_name="benchmark")
RESULTS = json.loads((ROOT / "benchmarks" / "results.json").read_text())
README = (ROOT / "README.md").read_text()


def test_readme_section_is_generated_from_results():
    start, end = BENCH["README_START"], BENCH["README_END"]
    assert README.count(start) == 1 and README.count(end) == 1
    section = README[README.index(start) : README.index(end) + len(end)]
    assert section == BENCH["readme_section"](RESULTS), (
        "README performance section is stale: run `python benchmarks/benchmark.py --readme`"
    )


def test_every_time_in_the_readme_section_is_in_results():
    start, end = BENCH["README_START"], BENCH["README_END"]
    section = README[README.index(start) : README.index(end)]
    cli = next(r for r in RESULTS["timings"] if r["benchmark"].startswith("CLI `scan"))
    assert cli["time"] in section
    # no other hand-typed timing survives outside the generated section
    outside = README.replace(section, "")
    assert not re.search(r"\d+(\.\d+)? ?(s|ms|ns|µs)\b.*as a whole process", outside)


def test_section_changes_with_results():
    """The generator really reads the numbers (a test that can fail)."""
    changed = json.loads(json.dumps(RESULTS))
    for r in changed["timings"]:
        if r["benchmark"].startswith("CLI `scan"):
            r["time"] = "9.99 s"
    assert "9.99 s" in BENCH["readme_section"](changed)
    assert BENCH["readme_section"](changed) != BENCH["readme_section"](RESULTS)
