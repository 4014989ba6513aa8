#!/usr/bin/env python
"""The reader's view: load every page of the built book in headless Chromium and check what it shows.

Usage::

    jupyter-book build .                                   # or: --path-output DIR
    python tools/browser_check.py                          # checks _build/html
    python tools/browser_check.py DIR/_build/html --jobs 4 --screenshot /tmp/intro.png

Needs Debian's ``chromium`` (``apt-get install -y chromium``) or ``--chromium PATH``.  For every
HTML page of the book (``_static/`` and ``_sources/`` excluded) Chromium loads the file offline,
runs its JavaScript (``--virtual-time-budget``, so MathJax finishes) and dumps the rendered DOM.
Checks on that DOM:

* **math**: the page has at least as many ``<mjx-container>`` elements as the built HTML has math
  elements (``class="math"``), and no raw TeX is left in the visible text outside code
  (``\\(``, ``\\[``, ``$$``, ``\\begin{``, or ``$...$`` holding a TeX command);
* **images**: every ``<img src>`` is a data: URI or resolves to an existing file (external images
  fail: the book must work offline);
* **links**: every internal ``<a href>`` (relative path and/or ``#fragment``) resolves to an
  existing file and, with a fragment, to an element with that ``id`` (or ``name``) in the target;
  local stylesheets and scripts must exist too.

With ``--strict`` (the publication-quality rules; off by default until the chapters meet them) a
small script is injected into a temporary copy of each page and reports, after MathJax has
finished, at ``--width`` (default 1280 px):

* **overflow**: a displayed equation (``mjx-container[display]``) or a code/output block (``pre``)
  wider than its box (``scrollWidth > clientWidth``) or reaching past the article column;
* **captions**: a table in the article without a ``<caption>``;
* **TeX in tables and figures**: raw TeX (``$``, ``\\sqrt``, ``^2``) outside rendered math, or
  ASCII stand-ins (``sqrt3``, ``s_W^2``, ``chi^2``, ``+-``) in a table, a figure caption or an
  image's alt text.

* **aspect ratio**: every image shows its natural aspect ratio (within 2%) at 1280 px and on a
  390 px phone (an iframe of that width: headless Chromium keeps its window at least 500 px wide);
* **captions on a phone**: no table caption cut off at 390 px (a wide table scrolls, its caption
  stays in view).

One Chromium run per page does all of it: the measured copy's dumped DOM (the report and the phone
iframe taken out) serves the page's own checks, and the script, after measuring at ``--width`` on a
page with images or tables, loads the same copy in a 390 px iframe (marked ``?browser-check-phone``:
that instance only measures) and waits for its report (``postMessage``; missing after 90% of
``--budget`` in virtual time, the page is run again, at most twice more, then fails: the iframe
loads in real time while virtual time runs on, which a heavily loaded machine can lose).  Pages
without images or tables get no phone iframe.

and (``--layout`` selects these layout rules alone on top of the default checks):

* **table width**: no table wider than its column at 1280 px;
* **figure text**: the smallest font of the figure style (``cevnslib/book/cevnslib.mplstyle``,
  10 pt at 100 px per inch of the image's natural CSS width) shown at 9 px or more at 1280 px;
  multi-panel figures need the ``full-width`` cell tag;
* **typography** of headings, captions and tables: no ASCII subscripts (``σ_a``, ``M_Z′``), no
  E-notation (``1e-3``), no hyphen-minus as a minus sign, no en dash before an option (``–json``).

JavaScript errors printed to the console (``Uncaught ...``) are listed as warnings, or fail the
page with ``--fail-on-js-errors``.  Prints one line per page and a summary; exits with status 1 if
any page fails, 2 if Chromium or the build directory is missing.  Pages are checked in parallel
(``--jobs``, default 4: Chromium mostly waits on virtual time, so more jobs than cores pay off).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--enable-logging=stderr",
    "--v=0",
]
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
#: text inside these elements is code or machinery, not prose: raw TeX there is fine
SKIP_TAGS = {
    "script",
    "style",
    "pre",
    "code",
    "textarea",
    "kbd",
    "samp",
    "noscript",
    "template",
    "mjx-container",
    "svg",
    "math",
    "title",
}
SKIP_CLASSES = {"highlight", "literal-block", "doctest"}
RAW_TEX = re.compile(r"\\\(|\\\[|\$\$|\\begin\{|\$[^$\s][^$\n]*\\[A-Za-z]+[^$\n]*\$")
#: raw TeX left in text outside rendered math (tables, captions, alt text): $, \sqrt, ^2
STRICT_RAW_TEX = re.compile(r"\$|\\[A-Za-z]+\b|\^\{?[0-9]")
#: ASCII stand-ins for TeX (cevnslib.book.plotting.ascii_tex, repeated here: tools import no library)
STRICT_ASCII_TEX = re.compile(
    r"sqrt\s*\(?\d|\bs_W\^?2|\bchi\^?2\b|(?<![\\\w])chi2|\+-|\+/-|\bDelta[- ]?chi|M_Z'"
)
REPORT_ID = "browser-check-report"
#: the id of the phone iframe and the query marker of the copy it loads (that instance only reports)
PHONE_ID = "browser-check-phone"
#: the phone report must arrive within this fraction of --budget (virtual time), else the page fails
PHONE_DEADLINE = 0.9
#: runs of a page again when its phone report did not come: the 390 px iframe loads in real time
#: while virtual time runs on, so on a heavily loaded machine the report can miss the deadline
#: (seen with three busy processes beside the check); a page whose report never comes still fails
PHONE_RETRIES = 2
#: injected before </body> of a temporary copy of the page (--strict, --layout; see strict_js):
#: measures after MathJax; on a page with images or tables it then loads the same copy in an
#: iframe of a phone's width, which measures itself and posts its report back (report.phone)
STRICT_JS = """
<script>
(async () => {
  const phone = new URLSearchParams(location.search).has("@PHONE_ID@");
  const report = {overflow: [], tables: [], figures: []};
  if (document.readyState !== "complete") {
    await new Promise(r => window.addEventListener("load", r));  // MathJax is loaded deferred
  }
  try {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  } catch (e) { report.mathjax_error = String(e); }
  await new Promise(r => setTimeout(r, 200));
  const article = document.querySelector("article") || document.querySelector("main") || document.body;
  const right = article.getBoundingClientRect().right;
  const text = el => {
    const c = el.cloneNode(true);
    c.querySelectorAll("mjx-container, script, style, .MathJax, mjx-assistive-mml, code, kbd, pre").forEach(x => x.remove());
    return c.textContent.replace(/\\s+/g, " ").trim();
  };
  const label = el => {
    const sec = el.closest("section[id]");
    return (sec ? "#" + sec.id + " " : "") + el.tagName.toLowerCase();
  };
  article.querySelectorAll('mjx-container[display="true"], pre').forEach(el => {
    const r = el.getBoundingClientRect();
    if (r.width === 0) return;
    const over = el.scrollWidth - el.clientWidth;
    const past = r.right - right;
    if (over > 1 || past > 1) {
      const what = el.tagName.toLowerCase() === "pre" ? "code block" : "equation";
      report.overflow.push({what, where: label(el), over: Math.round(over), past: Math.round(past),
                            text: (what === "equation" ? (el.getAttribute("data-tex") || text(el.parentElement || el)) : el.textContent).slice(0, 60)});
    }
  });
  const viewport = document.documentElement.clientWidth;
  const scroller = el => {
    for (let p = el.parentElement; p && p !== article; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden") return p;
    }
    return article;
  };
  const articleWidth = article.clientWidth;
  report.width = viewport;
  article.querySelectorAll("table").forEach((t, i) => {
    const cap = t.querySelector(":scope > caption");
    const r = t.getBoundingClientRect();
    const box = scroller(t);
    const entry = {where: label(t) + "[" + i + "] " + (t.id || ""), caption: !!(cap && cap.textContent.trim()),
                   text: text(t), width: Math.round(r.width), column: Math.round(Math.min(box.clientWidth, articleWidth)),
                   caption_text: cap ? text(cap) : ""};
    if (cap) {
      const c = cap.getBoundingClientRect(), b = box.getBoundingClientRect();
      entry.caption_clip = Math.round(Math.max(c.right - Math.min(b.right, viewport), 0) + Math.max(Math.max(b.left, 0) - c.left, 0));
    }
    if (r.width > 0) report.tables.push(entry);
  });
  article.querySelectorAll("img").forEach(img => {
    const fig = img.closest("figure");
    const cap = fig ? fig.querySelector("figcaption") : null;
    const r = img.getBoundingClientRect();
    const styleWidth = parseFloat(img.style.width) || 0;
    report.figures.push({where: label(img) + " " + (img.getAttribute("src") || "").split("/").pop().slice(0, 40),
                         alt: img.getAttribute("alt") || "", caption: cap ? text(cap) : "",
                         natural_w: img.naturalWidth, natural_h: img.naturalHeight, style_w: styleWidth,
                         w: r.width, h: r.height, output: !!img.closest(".cell_output, figure")});
  });
  report.headings = [];
  article.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach(h => report.headings.push({where: label(h), text: text(h).replace(/#$/, "")}));
  if (phone) {  // the phone instance: hand the report to the page that framed it
    window.parent.postMessage({"@PHONE_ID@": JSON.stringify(report)}, "*");
    return;
  }
  if (report.figures.length || report.tables.length) {
    // the phone rules: this copy again in an iframe of a phone's width (headless Chromium keeps its
    // window at least 500 px wide), added after the measurement above so it cannot change it
    report.phone = await new Promise(resolve => {
      const frame = document.createElement("iframe");
      const timer = setInterval(() => {
        if (performance.now() > @DEADLINE_MS@) { clearInterval(timer); resolve(null); }
      }, 100);
      window.addEventListener("message", e => {
        if (e.source === frame.contentWindow && e.data && e.data["@PHONE_ID@"]) {
          clearInterval(timer);
          resolve(JSON.parse(e.data["@PHONE_ID@"]));
        }
      });
      frame.id = "@PHONE_ID@";
      frame.src = location.href.split(/[?#]/)[0] + "?@PHONE_ID@";
      frame.style.cssText = "position:fixed;left:0;top:0;z-index:2147483647;width:@PHONE_WIDTH@px;height:2000px;border:0";
      document.body.appendChild(frame);
    });
    if (!report.phone) {
      report.phone_error = "no report from the @PHONE_WIDTH@ px iframe within @DEADLINE_MS@ ms of virtual time";
    }
  }
  const pre = document.createElement("pre");
  pre.id = "@REPORT_ID@";
  pre.textContent = JSON.stringify(report);
  document.body.appendChild(pre);
})();
</script>
"""

#: --layout rules: images keep their aspect ratio within this fraction
ASPECT_TOLERANCE = 0.02
#: --layout rules: no figure text smaller than this many CSS pixels at 1280 px
MIN_FIGURE_TEXT_PX = 9.0
#: the phone width of the --layout rules
PHONE_WIDTH = 390
#: typography in captions, headings and tables: ASCII subscripts, E-notation, hyphen-minus as minus
TYPO_RULES = {
    "ASCII subscript": re.compile(r"(?<![\w/.:])(?:[A-Za-zσξβθχΔ]{1,3})_\{?[A-Za-z0-9′']+"),
    "E-notation": re.compile(r"(?<![\w.])\d+(?:\.\d+)?[eE][-+]?\d+\b"),
    "hyphen-minus as minus": re.compile(r"(?:^|(?<=[\s(\[=,;:]))-(?=\d|\.\d|√|β|∞)"),
    "en dash before an option": re.compile(r"(?<![\w–-])–[a-z]{2,}"),
}


def figure_style(style_file: Path | None = None) -> tuple[float, float]:
    """(smallest font size in pt, figure dpi) of the book's matplotlib style file.

    The smallest of font.size, legend.fontsize, axes.labelsize, axes.titlesize and the tick label
    sizes given in points; figure.dpi is the CSS pixels per inch at the image's natural size (MyST-NB
    writes the 2x PNG at half its pixel width).
    """
    path = (
        style_file
        or Path(__file__).resolve().parents[1] / "cevnslib" / "book" / "cevnslib.mplstyle"
    )
    sizes, dpi = [], 100.0
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*([\w.]+)\s*:\s*([0-9.]+)\s*$", line)
        if not m:
            continue
        key, value = m.group(1), float(m.group(2))
        if key in (
            "font.size",
            "legend.fontsize",
            "axes.labelsize",
            "axes.titlesize",
            "xtick.labelsize",
            "ytick.labelsize",
        ):
            sizes.append(value)
        elif key == "figure.dpi":
            dpi = value
    return (min(sizes) if sizes else 10.0), dpi


#: every layout rule (--layout); the book meets all of them, so --strict applies them all
LAYOUT_RULES = frozenset({"aspect", "phone-caption", "table-width", "figure-text", "typography"})
STRICT_LAYOUT_RULES = LAYOUT_RULES


def layout_failures(
    desk: dict,
    phone: dict | None,
    min_pt: float,
    dpi: float,
    rules: frozenset[str] = LAYOUT_RULES,
) -> list[str]:
    """The layout ``rules`` on the reports at 1280 px (``desk``) and on a phone (``phone``).

    'aspect': every image keeps its natural aspect ratio (both widths); 'table-width': no table
    wider than its column at 1280 px; 'phone-caption': no table caption cut on the phone;
    'figure-text': the style's smallest font (``min_pt`` at ``dpi`` CSS px per inch at the image's
    natural CSS width) is shown at >= 9 px at 1280 px; 'typography': no ASCII subscript,
    E-notation, hyphen-minus as minus or en dash before an option in headings, captions, tables.
    """
    out = []
    for report in (desk, phone) if "aspect" in rules else ():
        if not report:
            continue
        w = report.get("width", "?")
        for f in report.get("figures", []):
            if not (f.get("natural_w") and f.get("w")):
                continue
            natural = f["natural_h"] / f["natural_w"]
            shown = f["h"] / f["w"]
            if abs(shown / natural - 1) > ASPECT_TOLERANCE:
                out.append(
                    f"image squeezed at {w} px: {f['where'].strip()} aspect {shown:.3f} "
                    f"shown vs {natural:.3f} natural ({shown / natural:.2f}x)"
                )
    for f in desk.get("figures", []) if "figure-text" in rules else ():
        if not (f.get("output") and f.get("natural_w") and f.get("w")):
            continue
        css_natural = f.get("style_w") or f["natural_w"] / 2
        px = min_pt * dpi / 72 * f["w"] / css_natural
        if px < MIN_FIGURE_TEXT_PX - 0.05:
            out.append(
                f"figure text {px:.1f} px < {MIN_FIGURE_TEXT_PX:g} px at {desk.get('width')} px: "
                f"{f['where'].strip()} ({min_pt:g} pt shown at {f['w'] / css_natural:.2f}x)"
            )
    for t in desk.get("tables", []) if "table-width" in rules else ():
        if t.get("width", 0) > t.get("column", 1e9) + 1:
            out.append(
                f"table wider than its column at {desk.get('width')} px: {t['where'].strip()} "
                f"({t['width']} > {t['column']} px): {t['caption_text'][:50]!r}"
            )
    for t in (phone or {}).get("tables", []) if "phone-caption" in rules else ():
        if t.get("caption_clip", 0) > 1:
            out.append(
                f"caption cut by {t['caption_clip']} px on a {phone.get('width')} px phone: "
                f"{t['where'].strip()}: {t['caption_text'][:50]!r}"
            )
    if "typography" not in rules:
        return out
    texts = [("heading", h["where"], h["text"]) for h in desk.get("headings", [])]
    texts += [("caption", t["where"], t["caption_text"]) for t in desk.get("tables", [])]
    texts += [("figure caption", f["where"], f["caption"]) for f in desk.get("figures", [])]
    texts += [("table", t["where"], t["text"]) for t in desk.get("tables", [])]
    for what, where, text in texts:
        for rule, rx in TYPO_RULES.items():
            found = sorted({m.group(0) for m in rx.finditer(text or "")})
            if found:
                out.append(f"{rule} {found[:4]} in {what} {where.strip()}")
    return out


def strict_js(budget_ms: int) -> str:
    """STRICT_JS for a run with a virtual time budget of ``budget_ms``."""
    return (
        STRICT_JS.replace("@REPORT_ID@", REPORT_ID)
        .replace("@PHONE_ID@", PHONE_ID)
        .replace("@PHONE_WIDTH@", str(PHONE_WIDTH))
        .replace("@DEADLINE_MS@", str(int(budget_ms * PHONE_DEADLINE)))
    )


#: headless Chromium does not make its window narrower than this; a phone is an iframe in it
MIN_WINDOW_WIDTH = 500
#: page that shows the measured copy in an iframe of a narrow --width and copies out its report
PHONE_FRAME = (
    """<!DOCTYPE html><html><body style="margin:0">
<iframe id="phone" src="{src}" style="width:{width}px;height:2000px;border:0"></iframe>
<script>
const poll = () => {{
  let rep = null;
  try {{ rep = document.getElementById("phone").contentDocument.getElementById("@REPORT_ID@"); }} catch (e) {{}}
  if (rep) {{
    const pre = document.createElement("pre"); pre.id = "@REPORT_ID@"; pre.textContent = rep.textContent;
    document.body.appendChild(pre);
  }} else {{ setTimeout(poll, 100); }}
}};
poll();
</script></body></html>"""
).replace("@REPORT_ID@", REPORT_ID)


EXTERNAL = ("http:", "https:", "//", "mailto:", "tel:", "javascript:", "data:", "ftp:")
JS_ERROR = re.compile(r'CONSOLE[^\]]*\]\s+"(Uncaught [^"]*)"')


class PageParser(HTMLParser):
    """Collects ids, image sources, links, resources, mjx-container count and raw-TeX snippets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.imgs: list[str] = []
        self.links: list[str] = []
        self.resources: list[str] = []
        self.mjx = 0
        self.math_elements = 0
        self.raw_tex: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, opens a skipped region)
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        classes = set((a.get("class") or "").split())
        if tag == "img" and a.get("src") is not None:
            self.imgs.append(a["src"])
        elif tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        elif tag == "link" and a.get("href") and "stylesheet" in (a.get("rel") or ""):
            self.resources.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.resources.append(a["src"])
        if tag == "mjx-container":
            self.mjx += 1
        if "math" in classes and tag in ("span", "div"):
            self.math_elements += 1
        if tag in VOID:
            return
        skip = (
            tag in SKIP_TAGS
            or bool(classes & SKIP_CLASSES)
            or any(c.startswith("highlight-") for c in classes)
        )
        self._stack.append((tag, skip))
        self._skip += skip

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._stack and self._stack[-1][0] == tag:
            self._skip -= self._stack.pop()[1]

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # pop to the matching start tag (the dumped DOM is well formed; the raw HTML nearly so)
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for _, skip in self._stack[i:]:
                    self._skip -= skip
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._skip == 0:
            for m in RAW_TEX.finditer(data):
                lo = max(0, m.start() - 30)
                self.raw_tex.append(data[lo : m.end() + 30].replace("\n", " ").strip())


def parse(html: str) -> PageParser:
    p = PageParser()
    p.feed(html)
    p.close()
    return p


@dataclass
class PageResult:
    page: Path
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    strict: list[str] = field(default_factory=list)
    layout: list[str] = field(default_factory=list)


def find_chromium(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_chromium(chromium: str, url: str, budget_ms: int, extra: list[str], timeout: float):
    """Run headless Chromium on ``url``; returns (stdout, stderr, returncode)."""
    with tempfile.TemporaryDirectory(prefix="chromium_") as profile:
        cmd = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget_ms}",
            *extra,
            url,
        ]
        try:
            p = subprocess.run(
                cmd, capture_output=True, text=True, timeout=timeout, errors="replace"
            )
            return p.stdout, p.stderr, p.returncode
        except subprocess.TimeoutExpired:
            return "", f"chromium timed out after {timeout:g} s", -1


def list_pages(root: Path) -> list[Path]:
    skip = {"_static", "_sources", "_images", "_downloads", ".doctrees", "reports"}
    return sorted(
        p
        for p in root.rglob("*.html")
        if not (set(p.relative_to(root).parts[:-1]) & skip)
        and not p.name.startswith(".browser-check-")
    )


class IdCache:
    """ids of target pages: from the rendered DOM when that page was checked, else from its file."""

    def __init__(self):
        self.ids: dict[Path, set[str]] = {}

    def get(self, path: Path) -> set[str]:
        path = path.resolve()
        if path not in self.ids:
            try:
                self.ids[path] = parse(path.read_text(encoding="utf-8", errors="replace")).ids
            except OSError:
                self.ids[path] = set()
        return self.ids[path]


def resolve_local(page: Path, ref: str, root: Path) -> tuple[Path | None, str]:
    """(target file or None for external refs, fragment) of ``ref`` as seen from ``page``."""
    if (
        ref.startswith(EXTERNAL)
        or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ref)
        and not ref.startswith("file:")
    ):
        return None, ""
    parts = urlsplit(ref)
    if parts.scheme == "file":
        target = Path(unquote(parts.path))
    elif parts.path:
        target = (page.parent / unquote(parts.path)).resolve()
    else:
        target = page.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def strict_failures(report: dict) -> list[str]:
    """The --strict rules applied to the injected script's ``report`` (one message per finding)."""
    out = []
    if "mathjax_error" in report:
        out.append(f"MathJax failed: {report['mathjax_error']}")
    for o in report.get("overflow", []):
        out.append(
            f"{o['what']} overflows its column at {o['where']} "
            f"(scroll +{o['over']} px, past column +{o['past']} px): {o['text']!r}"
        )
    for t in report.get("tables", []):
        if not t["caption"]:
            out.append(f"table without caption at {t['where'].strip()}: {t['text'][:50]!r}")
        out += _tex_findings(f"table {t['where'].strip()}", t["text"])
    for f in report.get("figures", []):
        out += _tex_findings(f"figure alt text {f['where'].strip()}", f["alt"])
        out += _tex_findings(f"figure caption {f['where'].strip()}", f["caption"])
    return out


def _tex_findings(where: str, text: str) -> list[str]:
    found = sorted({m.group(0) for m in STRICT_RAW_TEX.finditer(text)})
    ascii_ = sorted({m.group(0) for m in STRICT_ASCII_TEX.finditer(text)})
    out = []
    if found:
        out.append(f"raw TeX {found} in {where}")
    if ascii_:
        out.append(f"ASCII TeX {ascii_} in {where}")
    return out


def strict_report(
    page: Path, chromium: str, budget_ms: int, timeout: float, width: int
) -> tuple[dict | None, str]:
    """Run the injected measuring script on a temporary copy of ``page``; (report or None, log).

    The report is at ``width``; on a page with images or tables its ``phone`` entry is the report
    at PHONE_WIDTH from the same Chromium run (None, and ``phone_error`` set, if it did not come).
    """
    report, log, _, _ = _strict_run(page, chromium, budget_ms, timeout, width)
    return report, log


def _strict_run(
    page: Path, chromium: str, budget_ms: int, timeout: float, width: int
) -> tuple[dict | None, str, str, int]:
    """:func:`strict_report` plus the rendered DOM (the report and the phone iframe removed) and
    Chromium's exit code: at a desktop width the DOM serves the page's own checks too (one Chromium
    run per page for all of them)."""
    html = page.read_text(encoding="utf-8", errors="replace")
    injected = html.replace("</body>", strict_js(budget_ms) + "</body>", 1)
    tag = f"{os.getpid()}-{width}-{page.name}"
    copy = page.with_name(f".browser-check-{tag}")
    copy.write_text(injected, encoding="utf-8")
    url, extra, frame = copy.resolve().as_uri(), [f"--window-size={width},2000"], None
    if width < MIN_WINDOW_WIDTH:  # headless Chromium's window is at least 500 px: use an iframe
        frame = page.with_name(f".browser-check-frame-{tag}")
        frame.write_text(PHONE_FRAME.format(src=copy.name, width=width), encoding="utf-8")
        url = frame.resolve().as_uri()
        extra = [f"--window-size={MIN_WINDOW_WIDTH + 100},2000", "--allow-file-access-from-files"]
    try:
        dom, log, rc = run_chromium(chromium, url, budget_ms, ["--dump-dom", *extra], timeout)
    finally:
        copy.unlink(missing_ok=True)
        if frame is not None:
            frame.unlink(missing_ok=True)
    report, dom = _take_report(dom)
    if rc != 0 or report is None:
        return None, log, dom, rc
    return report, log, dom, rc


def _phone_missing(report: dict | None) -> bool:
    """A report of a page with images or tables but without its phone part."""
    return (
        report is not None
        and "phone" not in report
        and bool(report.get("figures") or report.get("tables"))
    )


def _take_report(dom: str) -> tuple[dict | None, str]:
    """(the measuring script's report, the DOM without it and the phone iframe) from a dumped DOM."""
    dom = re.sub(rf'<iframe id="{PHONE_ID}"[^>]*>.*?</iframe>', "", dom, flags=re.S)
    m = re.search(rf'<pre id="{REPORT_ID}"[^>]*>(.*?)</pre>', dom, re.S)
    if not m:
        return None, dom
    return json.loads(html_unescape(m.group(1))), dom[: m.start()] + dom[m.end() :]


def check_page(
    page: Path,
    root: Path,
    chromium: str,
    budget_ms: int,
    timeout: float,
    ids: IdCache,
    fail_on_js: bool,
    strict_width: int | None = None,
    layout: bool = False,
) -> PageResult:
    res = PageResult(page.relative_to(root))
    t0 = time.perf_counter()
    head = page.read_text(encoding="utf-8", errors="replace")[:2000].lower()
    redirect = 'http-equiv="refresh"' in head
    measured = (strict_width or layout) and not redirect
    if measured:  # the measuring run's DOM is the page's (its report and phone iframe taken out)
        width = strict_width or 1280
        report, log, dom, rc = _strict_run(page, chromium, budget_ms, timeout, width)
        for _ in range(PHONE_RETRIES):  # the phone report raced the virtual-time budget: again
            if not _phone_missing(report):
                break
            report, log, dom, rc = _strict_run(page, chromium, budget_ms, timeout, width)
        # no report, or a narrow --width (the DOM is the framing page's): check a plain run's DOM
        if (report is None and rc == 0) or width < MIN_WINDOW_WIDTH:
            dom, log, rc = run_chromium(
                chromium, page.resolve().as_uri(), budget_ms, ["--dump-dom"], timeout
            )
    else:
        dom, log, rc = run_chromium(
            chromium, page.resolve().as_uri(), budget_ms, ["--dump-dom"], timeout
        )
    if measured:
        if report is None:
            res.failures.append("strict: the measuring script did not report")
        elif strict_width:
            res.strict = strict_failures(report)
            res.failures += [f"strict: {msg}" for msg in res.strict]
        if report is not None:
            # the phone rules look at images and tables only: on a page without them the script
            # loads no phone iframe
            phone: dict | None = report.pop("phone", None)
            if phone is None and (report.get("figures") or report.get("tables")):
                res.failures.append(
                    f"strict: the measuring script did not report at {PHONE_WIDTH} px "
                    f"({report.get('phone_error', 'no phone report')})"
                )
            phone = phone or {}
            min_pt, dpi = figure_style()
            rules = LAYOUT_RULES if layout else STRICT_LAYOUT_RULES
            res.layout = layout_failures(report, phone, min_pt, dpi, rules)
            kind = "layout" if layout else "strict"
            res.failures += [f"{kind}: {msg}" for msg in res.layout]
    res.seconds = time.perf_counter() - t0
    if rc != 0 or "<body" not in dom:
        res.failures.append(f"chromium failed (exit {rc}): {log.strip().splitlines()[-1:] or ''}")
        return res
    rendered = parse(dom)
    ids.ids[page.resolve()] = rendered.ids | ids.get(page)
    source = parse(page.read_text(encoding="utf-8", errors="replace"))

    # math
    res.stats["math"] = source.math_elements
    res.stats["mjx"] = rendered.mjx
    if rendered.mjx < source.math_elements:
        res.failures.append(
            f"MathJax rendered {rendered.mjx} of {source.math_elements} math elements"
        )
    for snippet in rendered.raw_tex[:5]:
        res.failures.append(f"raw TeX in the rendered text: ...{snippet}...")
    if len(rendered.raw_tex) > 5:
        res.failures.append(f"... and {len(rendered.raw_tex) - 5} more raw-TeX snippets")

    # images
    res.stats["img"] = len(rendered.imgs)
    for src in rendered.imgs:
        if src.startswith("data:"):
            continue
        target, _ = resolve_local(page, src, root)
        if target is None:
            res.failures.append(f"external image (not available offline): {src}")
        elif not target.is_file():
            res.failures.append(f"missing image: {src}")

    # links and resources
    n_links = 0
    for href in rendered.links:
        if not href or href == "#":
            continue
        target, frag = resolve_local(page, href, root)
        if target is None:
            continue
        n_links += 1
        if not target.is_file():
            res.failures.append(f"broken link: {href} (no file {target})")
        elif frag and target.suffix == ".html" and frag not in ids.get(target):
            res.failures.append(f"broken anchor: {href} (no id {frag!r} in {target.name})")
    res.stats["links"] = n_links
    for ref in rendered.resources:
        target, _ = resolve_local(page, ref, root)
        if target is not None and not target.is_file():
            res.failures.append(f"missing stylesheet/script: {ref}")

    # JavaScript errors
    js = sorted(set(JS_ERROR.findall(log)))
    for msg in js:
        (res.failures if fail_on_js else res.warnings).append(f"JavaScript: {msg}")
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "html", nargs="?", default="_build/html", type=Path, help="built book (default _build/html)"
    )
    ap.add_argument(
        "--jobs", "-j", type=int, default=4, help="Chromium processes at once (default 4)"
    )
    ap.add_argument(
        "--budget",
        type=int,
        default=15000,
        help="virtual time budget per page in ms (default 15000)",
    )
    ap.add_argument(
        "--timeout", type=float, default=120, help="wall-clock limit per page in s (default 120)"
    )
    ap.add_argument("--chromium", help="Chromium executable (default: chromium on PATH)")
    ap.add_argument(
        "--fail-on-js-errors", action="store_true", help="JavaScript console errors fail the page"
    )
    ap.add_argument(
        "--screenshot", type=Path, metavar="PNG", help="also save a screenshot of --screenshot-page"
    )
    ap.add_argument(
        "--screenshot-page", default="intro.html", help="page for --screenshot (default intro.html)"
    )
    ap.add_argument(
        "--window-size",
        default="1280,2000",
        help="screenshot size WIDTH,HEIGHT (default 1280,2000)",
    )
    ap.add_argument(
        "--strict",
        action="store_true",
        help="also apply the publication rules (overflow, table captions, TeX in tables/figures)",
    )
    ap.add_argument(
        "--layout",
        action="store_true",
        help="also apply the layout rules (image aspect ratio at 1280 and 390 px, figure text "
        ">= 9 px, tables within the column, captions visible on a phone, typography of captions, "
        "headings and tables)",
    )
    ap.add_argument(
        "--width", type=int, default=1280, help="window width in px for --strict (default 1280)"
    )
    ap.add_argument(
        "--quiet", "-q", action="store_true", help="print only failing pages and the summary"
    )
    args = ap.parse_args(argv)

    root = args.html.resolve()
    if not root.is_dir():
        print(
            f"browser_check: no built book at {args.html} (run `jupyter-book build .` first)",
            file=sys.stderr,
        )
        return 2
    chromium = find_chromium(args.chromium)
    if chromium is None:
        print(
            "browser_check: chromium not found (apt-get install -y chromium, or --chromium PATH)",
            file=sys.stderr,
        )
        return 2
    pages = list_pages(root)
    if not pages:
        print(f"browser_check: no HTML pages under {root}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    ids = IdCache()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(
            pool.map(
                lambda p: check_page(
                    p,
                    root,
                    chromium,
                    args.budget,
                    args.timeout,
                    ids,
                    args.fail_on_js_errors,
                    args.width if args.strict else None,
                    args.layout,
                ),
                pages,
            )
        )
    # anchors into pages rendered later in the pool were checked against their static ids; that is
    # enough (anchors are static ids), and the rendered ids of every page are in the cache now.
    n_fail = 0
    for r in results:
        status = "FAIL" if r.failures else "ok"
        n_fail += bool(r.failures)
        s = r.stats
        if not args.quiet or r.failures:
            print(
                f"{status:4s} {str(r.page):45s} math {s.get('mjx', 0):4d}/{s.get('math', 0):<4d} "
                f"img {s.get('img', 0):3d}  links {s.get('links', 0):4d}  {r.seconds:5.1f} s"
                + (
                    f"  ({len(r.warnings)} warning{'s' * (len(r.warnings) != 1)})"
                    if r.warnings
                    else ""
                )
            )
        for msg in r.failures:
            print(f"     FAIL  {msg}")
    warnings: dict[str, int] = {}
    for r in results:
        for msg in r.warnings:
            warnings[msg] = warnings.get(msg, 0) + 1
    for msg, n in sorted(warnings.items()):
        print(f"warning on {n}/{len(pages)} pages: {msg}")

    if args.screenshot:
        page = root / args.screenshot_page
        out = args.screenshot.resolve()
        _, log, rc = run_chromium(
            chromium,
            page.as_uri(),
            args.budget,
            [f"--screenshot={out}", f"--window-size={args.window_size}"],
            args.timeout,
        )
        ok = rc == 0 and out.is_file()
        print(f"screenshot of {args.screenshot_page}: {out if ok else 'FAILED'}")
        n_fail += not ok

    total = time.perf_counter() - t0
    print(
        f"\n{len(pages) - sum(bool(r.failures) for r in results)}/{len(pages)} pages ok, "
        f"{sum(len(r.warnings) for r in results)} warnings, {total:.1f} s with {args.jobs} jobs "
        f"({os.cpu_count()} CPUs)"
    )
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
