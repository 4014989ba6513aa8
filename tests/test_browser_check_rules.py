"""The --strict rules of tools/browser_check.py, on hand-made reports (no browser needed)."""

import importlib.util
import pathlib
import re
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


def _fig(**kw):
    base = {"where": "#f img", "alt": "", "caption": "", "natural_w": 1524, "natural_h": 822,
            "style_w": 762, "w": 762, "h": 411, "output": True}  # fmt: skip
    return {**base, **kw}


def test_layout_clean_report_passes():
    desk = {"width": 1280, "figures": [_fig()], "tables": [], "headings": []}
    phone = {"width": 390, "figures": [_fig(w=342, h=184.5)], "tables": []}
    assert bc.layout_failures(desk, phone, 10, 100) == []


def test_layout_squeezed_image_fails_at_each_width():
    desk = {"width": 1280, "figures": [_fig(w=700, h=411)], "tables": [], "headings": []}
    phone = {"width": 390, "figures": [_fig(w=342, h=411)], "tables": []}
    msgs = "\n".join(bc.layout_failures(desk, phone, 10, 100))
    assert "image squeezed at 1280 px" in msgs and "image squeezed at 390 px" in msgs


def test_layout_figure_text_size():
    """10 pt at 100 dpi is 13.9 px at natural size; shown at 0.6x it is 8.3 px (< 9 px)."""
    small = {"width": 1280, "figures": [_fig(w=457, h=246.5)], "tables": [], "headings": []}
    assert "figure text 8.3 px" in "\n".join(bc.layout_failures(small, None, 10, 100))
    ok = {"width": 1280, "figures": [_fig(w=533.4, h=287.7)], "tables": [], "headings": []}
    assert bc.layout_failures(ok, None, 10, 100) == []


def test_layout_tables_and_captions():
    wide = {"where": "#t table[0]", "width": 760, "column": 688, "caption_text": "Bounds",
            "text": "β 1.4", "caption_clip": 0}  # fmt: skip
    desk = {"width": 1280, "figures": [], "tables": [wide], "headings": []}
    phone = {"width": 390, "figures": [], "tables": [{**wide, "caption_clip": 149}]}
    msgs = "\n".join(bc.layout_failures(desk, phone, 10, 100))
    assert "table wider than its column at 1280 px" in msgs
    assert "caption cut by 149 px on a 390 px phone" in msgs


def test_layout_typography():
    desk = {
        "width": 1280,
        "figures": [_fig(caption="σ_a and B_ss / N_SM against M_Z′ at s_W²")],
        "tables": [
            {
                "where": "#t",
                "width": 1,
                "column": 2,
                "caption_text": "up to 1e-3",
                "text": "β -1.73 and –json",
            }
        ],  # fmt: skip
        "headings": [{"where": "#h h2", "text": "The lost σ_a"}],
    }
    msgs = "\n".join(bc.layout_failures(desk, None, 10, 100))
    for frag in ("σ_a", "B_ss", "N_SM", "M_Z′", "s_W", "1e-3", "['-']", "–json"):
        assert frag in msgs, frag
    clean = {"width": 1280, "figures": [_fig(caption="σₐ at 90% CL, 6–30 PE, β = −√3")],
             "tables": [], "headings": [{"where": "#h", "text": "Figure 5: Δχ² against"}]}  # fmt: skip
    assert bc.layout_failures(clean, None, 10, 100) == []


def test_figure_style_is_read_from_the_style_file():
    min_pt, dpi = bc.figure_style()
    assert min_pt == 10 and dpi == 100


def test_strict_js_fills_every_placeholder():
    js = bc.strict_js(15000)
    assert re.search(r"@[A-Z_]+@", js) is None  # no @PLACEHOLDER@ left
    assert f'"{bc.PHONE_ID}"' in js and f"width:{bc.PHONE_WIDTH}px" in js
    assert "performance.now() > 13500" in js  # the phone deadline: 90% of the budget


def test_take_report_strips_the_report_and_the_phone_iframe():
    body = '<p id="a"><a href="#a">x</a></p>'
    dom = (
        f"<html><body>{body}"
        f'<iframe id="{bc.PHONE_ID}" src="p.html?{bc.PHONE_ID}" style="width:390px"></iframe>'
        f'<pre id="{bc.REPORT_ID}">{{"figures": [], "phone": {{"width": 390}}}}</pre></body></html>'
    )
    report, rest = bc._take_report(dom)
    assert report == {"figures": [], "phone": {"width": 390}}
    assert rest == f"<html><body>{body}</body></html>"


def _check_with_report(monkeypatch, tmp_path, report):
    """check_page on a one-paragraph page whose measuring run returns ``report`` (no browser)."""
    page = tmp_path / "p.html"
    page.write_text('<html><body><p id="a">x</p></body></html>', encoding="utf-8")
    dom = '<html><body><p id="a">x</p></body></html>'
    monkeypatch.setattr(bc, "_strict_run", lambda *a: (report, "", dom, 0))

    def no_second_run(*a):
        raise AssertionError("a second Chromium run")

    monkeypatch.setattr(bc, "run_chromium", no_second_run)
    return bc.check_page(page, tmp_path, "chromium", 15000, 60, bc.IdCache(), False, 1280)


def test_check_page_takes_the_phone_rules_from_the_same_run(monkeypatch, tmp_path):
    desk = {"width": 1280, "figures": [_fig()], "tables": [], "headings": []}
    squeezed = {"width": 390, "figures": [_fig(w=342, h=411)], "tables": []}
    res = _check_with_report(monkeypatch, tmp_path, {**desk, "phone": squeezed})
    assert len(res.failures) == 1, res.failures
    assert res.failures[0].startswith("strict: image squeezed at 390 px: #f img aspect 1.202")
    res = _check_with_report(monkeypatch, tmp_path, dict(desk, phone_error="no report (test)"))
    assert res.failures == [
        "strict: the measuring script did not report at 390 px (no report (test))"
    ]
    # no images or tables: no phone report is needed
    bare = {"width": 1280, "figures": [], "tables": [], "headings": []}
    assert _check_with_report(monkeypatch, tmp_path, bare).failures == []


def test_a_missing_phone_report_is_tried_again(monkeypatch, tmp_path):
    """The 390 px report can miss its virtual-time deadline on a loaded machine: the page is run
    again (at most PHONE_RETRIES times); a report that never comes still fails the page."""
    page = tmp_path / "p.html"
    page.write_text('<html><body><p id="a">x</p></body></html>', encoding="utf-8")
    dom = '<html><body><p id="a">x</p></body></html>'
    desk = {"width": 1280, "figures": [_fig()], "tables": [], "headings": []}
    late = dict(desk, phone_error="no report (test)")
    on_time = dict(desk, phone={"width": 390, "figures": [_fig(w=342, h=184.5)], "tables": []})
    for reports, failed in (([late, on_time], False), ([late] * (bc.PHONE_RETRIES + 1), True)):
        runs = list(reports)
        monkeypatch.setattr(bc, "_strict_run", lambda *a, runs=runs: (runs.pop(0), "", dom, 0))
        res = bc.check_page(page, tmp_path, "chromium", 15000, 60, bc.IdCache(), False, 1280)
        assert runs == [] and bool(res.failures) == failed, res.failures
