"""The --strict rules of tools/browser_check.py, on hand-made reports (no browser needed)."""

import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("browser_check", ROOT / "tools" / "browser_check.py")
bc = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("browser_check", bc)
_spec.loader.exec_module(bc)


def test_clean_report_passes():
    report = {
        "overflow": [],
        "tables": [{"where": "#a table[0]", "caption": True, "text": "β bound [GeV] 1400"}],
        "figures": [{"where": "#a img", "alt": "", "caption": "Bounds on  for ."}],
    }
    assert bc.strict_failures(report) == []


def test_each_rule_fails():
    report = {
        "overflow": [{"what": "equation", "where": "#m", "over": 76, "past": -3, "text": "(5.6)"}],
        "tables": [
            {"where": "#t table[0]", "caption": False, "text": "beta = +-sqrt3 chi^2 s_W^2"},
            {"where": "#t table[1]", "caption": True, "text": "cm$^2$ \\sqrt{3}"},
        ],
        "figures": [{"where": "#f img", "alt": "M_Z' bound", "caption": ""}],
    }
    msgs = "\n".join(bc.strict_failures(report))
    assert "equation overflows its column" in msgs
    assert "table without caption at #t table[0]" in msgs
    for frag in ("sqrt3", "+-", "chi^2", "s_W^2", "M_Z'", "$", "\\sqrt", "^2"):
        assert frag in msgs, frag
    assert "figure alt text" in msgs
