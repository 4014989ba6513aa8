"""The inputs of a chapter: read from its ``parameters`` cell, validated, and checked in the rendered text.

A chapter's inputs sit in one code cell tagged ``parameters`` (papermill injects new values right
after it).  Each input is one line, ``NAME = DEFAULT  # MEANING; allowed: SPEC``:

* ``MEANING`` says what the input is, with its unit in brackets (``Z′ mass [GeV]``);
* ``SPEC`` (optional) says which values are allowed, in one of these forms::

      0 < x < 1                 an interval (``<``, ``<=``, ``≤``; one side may be missing: x >= 0)
      integer, 10 <= x <= 1e5   an integer in an interval
      one of helm, helm-ls      one of the words (``|`` or ``,`` between them)
      beta                      a 331 parameter: |β| < cot θ_W at the chapter's s_W²
      experiment                a name of the experiment registry
      list of SPEC              a list whose every element satisfies SPEC
      text                      any string (a file name)

Without ``allowed:`` the spec comes from :data:`KNOWN` (the inputs shared by the chapters and the
command line: ``cl``, ``sw2``, ``beta``, ``form_factor``, ...); a choice list there is narrowed to
the words the comment names, when it names two or more (chapter 12's ``convention`` comment names
two-sided and one-sided only).

Values typed by a reader are parsed by :func:`parse_value`, which reads numbers and the expressions a
physicist types for β (``-1/sqrt(3)``, ``-√3``, ``2/sqrt3``), without ``eval``.  :func:`validate`
turns the typed text into values or raises :class:`~cevnslib.errors.InputError` with one line that
names the parameter and the allowed range.  :func:`rendered_text_problems` checks a rerun page: no
``nan``/``inf``/``0.0%`` for a reader, the CL in the text equal to the parameter, and no sentence
that is only true at the defaults.
"""

from __future__ import annotations

import ast
import html
import json
import math
import operator
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError

__all__ = [
    "ParamSpec",
    "KNOWN",
    "parse_value",
    "parse_spec",
    "parameter_specs",
    "validate",
    "rendered_text_problems",
    "visible_text",
    "format_default",
    "book_file",
]


@dataclass(frozen=True)
class ParamSpec:
    """What one input of a chapter may be.

    ``kind``: 'real', 'integer', 'choice', 'beta', 'experiment', 'text' or 'any'; ``is_list``: a
    list of such values.  ``low``/``high`` bound reals and integers (``None``: unbounded), strictly
    when ``low_open``/``high_open``.
    """

    kind: str = "any"
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] = ()
    is_list: bool = False
    name: str = ""
    meaning: str = ""
    default: object = None
    default_text: str = ""
    unit: str = ""

    def allowed(self) -> str:
        """The allowed values in words, e.g. '0 < cl < 1' or 'one of: helm, helm-ls'."""
        if self.kind == "choice":
            text = "one of: " + ", ".join(self.choices)
        elif self.kind == "beta":
            text = "|β| < cot θ_W ≈ 1.78; a decimal, or -1/sqrt(3), -sqrt(3)"
        elif self.kind == "experiment":
            text = "an experiment (python -m cevnslib experiments)"
        elif self.kind in ("real", "integer"):
            x = self.name or "x"
            unit = f" {self.unit}" if self.unit else ""
            lo_op = "<" if self.low_open else "≤"
            hi_op = "<" if self.high_open else "≤"
            if self.low is not None and self.high is not None:
                text = f"{_num(self.low)} {lo_op} {x} {hi_op} {_num(self.high)}{unit}"
            elif self.low is not None:
                text = f"{x} {'>' if self.low_open else '≥'} {_num(self.low)}{unit}"
            elif self.high is not None:
                text = f"{x} {hi_op} {_num(self.high)}{unit}"
            else:
                text = "any finite number"
            if self.kind == "integer":
                text = f"integer, {text}"
        elif self.kind == "text":
            text = "text"
        else:
            text = "as in the chapter"
        return f"list of {text}" if self.is_list else text


def _num(x: float) -> str:
    text = str(int(x)) if x == int(x) else f"{x:g}"
    return text.replace("-", "−")


def _experiments() -> tuple[str, ...]:
    from ..experiments import EXPERIMENTS

    return tuple(EXPERIMENTS)


def _choices(module: str, name: str) -> tuple[str, ...]:
    import importlib

    return tuple(getattr(importlib.import_module(f"cevnslib.{module}"), name))


def _real(low=None, high=None, low_open=False, high_open=False, unit="", is_list=False):
    return ParamSpec("real", low, high, low_open, high_open, unit=unit, is_list=is_list)


def _int(low=None, high=None, is_list=False):
    return ParamSpec("integer", low, high, is_list=is_list)


def _known() -> dict[str, ParamSpec]:
    form = _choices("physics.form_factors", "FORM_FACTORS") + _choices(
        "physics.form_factors", "SKIN_FORMS"
    )
    mass = _real(1.0, None, unit="GeV")  # below 1 GeV the Z' is a contact interaction (CLI too)
    choice = lambda c: ParamSpec("choice", choices=tuple(c))  # noqa: E731
    return {
        "cl": _real(0.0, 1.0, True, True),
        "sw2": _real(0.0, 0.25, True, True),
        "sw2_alt": _real(0.0, 0.25, True, True),
        "beta": ParamSpec("beta"),
        "betas": ParamSpec("beta", is_list=True),
        "convention": choice(_choices("stats.bounds", "CONVENTIONS")),
        "form_factor": choice(form),
        "kinematics": choice(_choices("physics.cross_sections", "KINEMATICS")),
        "csi_window": choice(_choices("experiments.detectors", "CSI_WINDOWS")),
        "csi_quenching": choice(_choices("experiments.detectors", "CSI_QUENCHING")),
        "lar_window": choice(_choices("experiments.detectors", "LAR_WINDOWS")),
        "lar_stat": choice(_choices("experiments.registry", "LAR_STATS")),
        "lar_time_window": choice(_choices("experiments.detectors", "LAR_TIME_WINDOWS")),
        "csi_time_window": choice(_choices("experiments.detectors", "CSI_TIME_WINDOWS")),
        "tan_beta_bar": _real(0.0, None, True),
        "tan_beta_bars": _real(0.0, None, True, is_list=True),
        "solar_nc": choice(_choices("experiments.registry", "SOLAR_NC")),
        "experiment": ParamSpec("experiment"),
        "experiments": ParamSpec("experiment", is_list=True),
        "cls_experiment": choice(("lar2020", "csi2017", "csi2021")),
        "toys": _int(10, 100_000),
        "seed": _int(0, 2**32 - 1),
        "beta_points": _int(3, 2000),
        "mzp_points": _int(3, 2000),
        "mzp": mass,
        "mzp_min": mass,
        "mzp_max": mass,
        "mzp_sign": mass,
        "mzp_axial": mass,
        "probe_mzp": mass,
        "mzp_fig": _real(1.0, None, unit="GeV", is_list=True),
        "e_points": _int(10, 100_000),
        "e_fig_mev": _real(0.0, 52.8, True, False, unit="MeV"),  # m_mu/2: the SNS spectrum ends
        "neutron_skin_fm": _real(0.0, 1.0, unit="fm"),
        "sigma_xi": _real(0.0, 1.0, True, True),
        "b_over_s": _real(0.0, None),
        "nodes": _int(1, 64, is_list=True),
        "results_file": ParamSpec("text"),
    }


#: specs of the inputs that several chapters (and the command line) share, by name
KNOWN: dict[str, ParamSpec] = {}


def known() -> dict[str, ParamSpec]:
    """:data:`KNOWN`, filled on first use (it reads the choice lists of the library)."""
    if not KNOWN:
        KNOWN.update(_known())
    return KNOWN


def book_file(relative: str | Path) -> Path:
    """A file of the book's source by its path from the repository root, whatever the working folder.

    The root is the folder holding ``_config.yml`` above this package (an editable install, as the
    book uses), else above the working folder.  Lets a chapter read ``benchmarks/results.json``
    whether papermill runs it from the repository root or from ``chapters/``.

    >>> book_file("benchmarks/results.json").name
    'results.json'
    """
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in (start, *start.parents):
            if (folder / "_config.yml").is_file() and (folder / "cevnslib").is_dir():
                return folder / relative
    raise InputError(f"file = {relative} is not allowed: no book source (_config.yml) found")


# ---------------------------------------------------------------------------------------------
# Values: a safe parser for what a physicist types
# ---------------------------------------------------------------------------------------------

_BINOPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_FUNCS = {"sqrt": math.sqrt}
_NAMES = {"SQRT3": math.sqrt(3.0), "sqrt3": math.sqrt(3.0), "pi": math.pi}


def _eval(node: ast.AST):
    if isinstance(node, ast.Expression):
        return _eval(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool)):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _eval(node.operand)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return -v if isinstance(node.op, ast.USub) else +v
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        a, b = _eval(node.left), _eval(node.right)
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b)):
            if isinstance(node.op, ast.Pow) and abs(b) > 64:
                raise ValueError("exponent too large")
            return _BINOPS[type(node.op)](a, b)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        if node.func.id in _FUNCS and len(node.args) == 1:
            return _FUNCS[node.func.id](_eval(node.args[0]))
    if isinstance(node, ast.Name) and node.id in _NAMES:
        return _NAMES[node.id]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_eval(e) for e in node.elts]
    raise ValueError(f"cannot read {ast.dump(node)[:40]}")


def parse_value(text: str):
    """A number, string or list from what a reader types; β as ``-1/sqrt(3)``, ``-√3``, ``2/sqrt3``.

    Python literals, arithmetic (``+ - * / **``), ``sqrt(...)``, ``√`` and ``sqrt3`` are read; no
    name is looked up and nothing is executed.  Text that is not an expression stays text
    (``helm-ls``); a comma-separated line is a list.

    >>> parse_value("-1/sqrt(3)") == -1 / 3**0.5, parse_value("−√3") == -(3**0.5)
    (True, True)
    >>> parse_value("0.95"), parse_value("1000"), parse_value("helm-ls"), parse_value("2e4")
    (0.95, 1000, 'helm-ls', 20000.0)
    >>> [round(b, 4) for b in parse_value("-sqrt(3), 1/sqrt3")]
    [-1.7321, 0.5774]
    >>> parse_value("__import__('os')")
    "__import__('os')"
    """
    src = str(text).strip()
    expr = src.replace("−", "-").replace("×", "*").replace("^", "**")
    expr = re.sub(r"√\s*\(", "sqrt(", expr)
    expr = re.sub(r"√\s*([0-9.]+)", r"sqrt(\1)", expr)
    try:
        return _eval(ast.parse(expr, mode="eval"))
    except (SyntaxError, ValueError, TypeError, ZeroDivisionError, OverflowError, RecursionError):
        return src


# ---------------------------------------------------------------------------------------------
# Specs: the parameters cell
# ---------------------------------------------------------------------------------------------

_CMP = r"(<=|≤|<|>=|≥|>)"
_NUMBER = r"([-−+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"


def _float(text: str) -> float:
    return float(text.replace("−", "-"))


def parse_spec(text: str) -> ParamSpec:
    """A :class:`ParamSpec` from the ``allowed:`` part of a parameters-cell comment.

    >>> parse_spec("0 < x < 1").allowed()
    '0 < x < 1'
    >>> s = parse_spec("integer, 10 <= x <= 1e5"); (s.kind, s.low, s.high)
    ('integer', 10.0, 100000.0)
    >>> parse_spec("one of helm | helm-ls").choices, parse_spec("list of beta").is_list
    (('helm', 'helm-ls'), True)
    >>> parse_spec("x >= 1").low, parse_spec("x >= 1").high
    (1.0, None)
    """
    t = text.strip().rstrip(".")
    if t.startswith("list of "):
        return replace(parse_spec(t[len("list of ") :]), is_list=True)
    if t.startswith("one of"):
        words = re.split(r"\s*[|,]\s*|\s+or\s+", t[len("one of") :].strip(" :"))
        return ParamSpec("choice", choices=tuple(w.strip("\"' ") for w in words if w.strip()))
    if t in ("beta", "experiment", "text", "any"):
        return ParamSpec(t)
    kind = "real"
    if t.startswith("integer"):
        kind, t = "integer", t[len("integer") :].strip(" ,")
    if not t:
        return ParamSpec(kind)
    both = re.fullmatch(rf"{_NUMBER}\s*{_CMP}\s*\w+\s*{_CMP}\s*{_NUMBER}", t)
    if both:
        lo, op1, op2, hi = both.groups()
        if op1[0] in "<≤" and op2[0] in "<≤":
            return ParamSpec(kind, _float(lo), _float(hi), op1 == "<", op2 == "<")
    one = re.fullmatch(rf"\w+\s*{_CMP}\s*{_NUMBER}", t)
    if one:
        op, v = one.groups()
        if op[0] in ">≥":
            return ParamSpec(kind, low=_float(v), low_open=op == ">")
        return ParamSpec(kind, high=_float(v), high_open=op == "<")
    raise InputError(f"allowed = {text!r} is not a spec this module reads (see its docstring)")


def format_default(source: str) -> str:
    """The default as a reader writes it: ``-SQRT3`` -> '−√3', ``-(3**0.5)`` -> '−√3'.

    >>> format_default("-SQRT3"), format_default("[-(3**0.5), 3**-0.5]"), format_default('"helm"')
    ('−√3', '[−√3, 1/√3]', 'helm')
    >>> format_default("20e3"), format_default("list(model331.BENCHMARK_BETAS.values())")
    ('20000', '−√3, −1/√3, +1/√3, +√3 (the benchmarks)')

    """
    s = source.strip()
    if re.fullmatch(r"list\((?:\w+\.)?BENCHMARK_BETAS\.values\(\)\)", s):
        return "−√3, −1/√3, +1/√3, +√3 (the benchmarks)"
    if re.fullmatch(r"[-+]?\d+(\.\d*)?[eE][-+]?\d+", s):
        s = f"{float(s):g}"  # no E-notation for a reader: 20e3 -> 20000
    s = re.sub(r"\(3\s*\*\*\s*0\.5\)|3\s*\*\*\s*0\.5|SQRT3", "√3", s)
    s = re.sub(r"\(3\s*\*\*\s*-0\.5\)|3\s*\*\*\s*-0\.5", "1/√3", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s*/\s*", "/", s).replace("[ ", "[").replace(", ]", "]")
    if re.fullmatch(r"\"[^\"]*\"|'[^']*'", s):
        s = s[1:-1]
    s = s.replace('"', "").replace("'", "")
    return re.sub(r"(^|[\[\s,(])-", r"\1−", s)


def _cell_lines(source: str) -> list[tuple[list[str], str, str]]:
    """(names, default source, comment) of each assignment of a parameters cell."""
    tree = ast.parse(source)
    lines = source.splitlines()
    out = []
    for node in tree.body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names: list[str] = []
        for t in targets:
            if isinstance(t, ast.Name):
                names.append(t.id)
            elif isinstance(t, ast.Tuple):
                names += [e.id for e in t.elts if isinstance(e, ast.Name)]
        text = "\n".join(lines[node.lineno - 1 : node.end_lineno])
        comment = " ".join(
            m.group(1).strip() for m in re.finditer(r"#\s*(.*)$", text, flags=re.MULTILINE)
        )
        above = []
        for line in reversed(lines[: node.lineno - 1]):  # comment lines right above it
            if not line.strip().startswith("#"):
                break
            above.insert(0, line.strip().lstrip("#").strip())
        if not comment and above:
            comment = " ".join(above)
        value_src = ast.get_source_segment(source, node.value) or ""
        value_src = re.sub(r"#.*$", "", value_src, flags=re.MULTILINE)
        if isinstance(node.value, ast.Tuple) and len(names) == len(node.value.elts) > 1:
            for n, e in zip(names, node.value.elts, strict=True):
                out.append(([n], ast.get_source_segment(source, e) or "", comment))
        else:
            out.append((names, value_src, comment))
    return out


def _narrow(spec: ParamSpec, comment: str) -> ParamSpec:
    if spec.kind != "choice":
        return spec
    named = tuple(
        c for c in spec.choices if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", comment)
    )
    return replace(spec, choices=named) if len(named) >= 2 else spec


def parameters_source(notebook: str | Path) -> str | None:
    """Source of the cell tagged ``parameters`` of ``notebook`` (None without one)."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            src = cell.get("source", "")
            return "".join(src) if isinstance(src, list) else src
    return None


def parameter_specs(notebook: str | Path) -> dict[str, ParamSpec] | None:
    """name -> :class:`ParamSpec` of every input in ``notebook``'s parameters cell (None: no cell)."""
    source = parameters_source(notebook)
    if source is None:
        return None
    specs: dict[str, ParamSpec] = {}
    for names, value_src, comment in _cell_lines(source):
        meaning, _, allowed = comment.partition("allowed:")
        meaning = meaning.strip().rstrip(";,").strip()
        if meaning.startswith("Inputs of this chapter") or meaning.startswith("parameters:"):
            meaning = ""
        try:
            default = ast.literal_eval(value_src)
        except (ValueError, SyntaxError):
            default = parse_value(value_src)
            if isinstance(default, str) and default == value_src.strip():
                default = None  # an expression of the chapter's own names
        for name in names:
            spec = parse_spec(allowed) if allowed.strip() else known().get(name, ParamSpec())
            if not allowed.strip():
                spec = _narrow(spec, comment)
            specs[name] = replace(
                spec,
                name=name,
                meaning=meaning,
                default=default,
                default_text=format_default(value_src),
            )
    return specs


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def _check_one(spec: ParamSpec, value, context: Mapping[str, object], label: str):
    bad = f"{label} = {value!r} is not allowed: must be {spec.allowed().removeprefix('list of ')}"
    if spec.kind in ("real", "integer", "beta"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(bad)
        if not math.isfinite(value):
            raise InputError(bad)
        if spec.kind == "integer":
            if value != int(value):
                raise InputError(bad)
            value = int(value)
        elif spec.kind == "real":
            value = float(value)
        if spec.kind == "beta":
            sw2 = context.get("sw2", 0.23857)
            cot = math.sqrt((1.0 - sw2) / sw2) if isinstance(sw2, float) and 0 < sw2 < 1 else 1.78
            if not abs(value) < cot:
                raise InputError(
                    f"{label} = {value!r} is not allowed: must satisfy |β| < cot θ_W = {cot:.4f} "
                    f"(s_W² = {sw2:g}), so that f(β) > 0; type decimals or -1/sqrt(3), -sqrt(3)"
                )
            return float(value)
        lo_bad = spec.low is not None and (value <= spec.low if spec.low_open else value < spec.low)
        hi_bad = spec.high is not None and (
            value >= spec.high if spec.high_open else value > spec.high
        )
        if lo_bad or hi_bad:
            raise InputError(bad + (f" {spec.unit}" if spec.unit else ""))
        return value
    if spec.kind == "choice":
        if value not in spec.choices:
            raise InputError(bad)
        return value
    if spec.kind == "experiment":
        if value not in _experiments():
            raise InputError(bad)
        return value
    if spec.kind == "text" and not isinstance(value, str):
        raise InputError(bad)
    return value


def validate(specs: Mapping[str, ParamSpec], typed: Mapping[str, object]) -> dict[str, object]:
    """Values for papermill from the reader's ``typed`` values (text or numbers), or :class:`InputError`.

    Text is read by :func:`parse_value`; every value is checked against its :class:`ParamSpec`.
    A name the parameters cell does not assign is refused (papermill would inject it at the top,
    where the chapter's own assignment overwrites it).  β is checked at the rerun's s_W².

    >>> specs = {"cl": parse_spec("0 < x < 1"), "betas": parse_spec("list of beta")}
    >>> validate(specs, {"cl": "0.95", "betas": "-sqrt(3), 1/sqrt(3)"})["cl"]
    0.95
    >>> validate(specs, {"cl": "1.5"})
    Traceback (most recent call last):
    ...
    cevnslib.errors.InputError: cl = 1.5 is not allowed: must be 0 < cl < 1
    """
    unknown = sorted(set(typed) - set(specs))
    if unknown:
        raise InputError(
            f"parameter {', '.join(unknown)} is not allowed: this chapter's inputs are "
            f"{', '.join(specs) or 'none'}"
        )
    values = {k: parse_value(v) if isinstance(v, str) else v for k, v in typed.items()}
    context = {k: s.default for k, s in specs.items()}
    context.update(values)
    out: dict[str, object] = {}
    for name in sorted(values, key=lambda n: n != "sw2"):  # sw2 first: it bounds beta
        spec, value = specs[name], values[name]
        spec = replace(spec, name=spec.name or name)
        if spec.is_list:
            if isinstance(value, str):  # words: "csi2017, lar2020" or "[csi2017, lar2020]"
                parts = value.strip().removeprefix("[").removesuffix("]").split(",")
                value = [parse_value(p) for p in parts if p.strip()]
            items = value if isinstance(value, list) else [value]
            if not items:
                raise InputError(f"{name} = [] is not allowed: must be a non-empty list")
            out[name] = [_check_one(spec, v, context, f"{name}[{i}]") for i, v in enumerate(items)]
        else:
            if isinstance(value, list):
                raise InputError(f"{name} = {value!r} is not allowed: must be one value")
            out[name] = _check_one(spec, value, context, name)
    return out


# ---------------------------------------------------------------------------------------------
# The rendered text of a rerun
# ---------------------------------------------------------------------------------------------


def visible_text(page_html: str) -> str:
    """The text a reader sees in the main part of a book page (no scripts, styles, code or sidebars)."""
    body = page_html
    m = re.search(r"<main\b.*?</main>", body, flags=re.S)
    if m:
        body = m.group(0)
    body = re.sub(r"<(script|style|pre|nav|header|footer)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r'<div class="(?:cell_input|highlight)[^"]*".*?</div>', " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body)).strip()


_NAN_INF = re.compile(
    r"(?<![\w.])(?:nan|NaN|inf|-inf|Infinity|−inf|∞ TeV)(?![\w])|(?<![\d.])0\.0+ ?%"
)
_CL_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s?%\s?(?:CL|C\.L\.|confidence)")


_INTERVAL = re.compile(
    r"\b(inside|within|outside)\b[^.\[]{0,60}\[\s*([-−]?\d+(?:\.\d+)?)\s*,\s*([-−]?\d+(?:\.\d+)?)\s*\]\s*TeV"
)
_TEV = re.compile(r"(?<![\d.\[,–-])(\d+(?:\.\d+)?)\s*TeV")


def _interval_problems(text: str) -> list[Problem]:
    """'1.18 TeV … inside [2, 3.1] TeV': a number said to be inside (outside) an interval that it is
    not (is).  The numbers are the TeV values of the sentence and the one before it, outside
    parentheses (bands) and brackets."""
    out = []
    for m in _INTERVAL.finditer(text):
        lo, hi = (float(g.replace("−", "-")) for g in m.group(2, 3))
        head = text[max(0, m.start() - 400) : m.start()]
        ends = [b.end() for b in re.finditer(r"[.!?]\s+(?=[A-Z#])", head)]
        start = max(0, m.start() - 400) + (ends[-2] if len(ends) >= 2 else 0)
        before = re.sub(r"\([^()]*\)|\[[^\]]*\]", " ", text[start : m.start()])
        values = [float(v) for v in _TEV.findall(before)]
        inside = [lo <= v <= hi for v in values]
        if not values:
            continue
        if (m.group(1) in ("inside", "within") and not all(inside)) or (
            m.group(1) == "outside" and any(inside)
        ):
            out.append(Problem(f"'{m.group(1)}' an interval it is not", _ctx(text, m, 160)))
    return out


@dataclass
class Problem:
    """One thing a rerun page says that its inputs make untrue."""

    rule: str
    context: str
    extra: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.rule}: …{self.context}…"


def _ctx(text: str, m: re.Match, width: int = 60) -> str:
    return text[max(0, m.start() - width) : m.end() + width]


def rendered_text_problems(
    text: str,
    parameters: Mapping[str, object],
    default_only: Iterable[str] = (),
    quoted_cl: Iterable[str] = (
        "paper",
        "published",
        "COHERENT's",
        "quoted",
        "as printed",
        "stored",
    ),
) -> list[Problem]:
    """What a rerun page (its :func:`visible_text`) says that is not true for ``parameters``.

    * ``nan``, ``inf`` or ``0.0%`` shown to a reader;
    * a confidence level ``N% CL`` that is not ``parameters['cl']`` (when a ``cl`` was given),
      unless the sentence quotes someone else's bound or a stored result at its own level (a word
      of ``quoted_cl`` in the 80 characters before it: "the paper's 90% CL bound", "the stored
      thresholds, computed at 90% CL") or the level is computed ("excluded at 97.1% CL");
    * a number said to lie inside (outside) an interval ``[a, b] TeV`` that it does not (does);
    * a sentence of ``default_only`` (text only true at the defaults) present.

    >>> [p.rule for p in rendered_text_problems("M > 0.92 TeV at 90% CL; nan %", {"cl": 0.95})]
    ['nan/inf', 'CL differs from the parameter']
    >>> rendered_text_problems("the paper's 1.4 TeV at 90% CL; ours 1.2 TeV at 95% CL", {"cl": 0.95})
    []
    >>> [p.rule for p in rendered_text_problems("It reaches 0.26 TeV, inside [2, 3.1] TeV.", {})]
    ["'inside' an interval it is not"]
    """
    problems = [Problem("nan/inf", _ctx(text, m)) for m in _NAN_INF.finditer(text)]
    cl = parameters.get("cl")
    if isinstance(cl, (int, float)):
        for m in _CL_TEXT.finditer(text):
            if abs(float(m.group(1)) - 100 * cl) < 1e-6:
                continue
            before = text[max(0, m.start() - 80) : m.start()]
            if any(q in before for q in quoted_cl):
                continue
            if "." in m.group(1) and re.search(r"(excluded|disfavoured|rejected) at\s*$", before):
                continue  # a computed level ("excluded at 97.1% CL"), not the chosen CL
            problems.append(Problem("CL differs from the parameter", _ctx(text, m)))
    problems += _interval_problems(text)
    norm = re.sub(r"\s+", " ", text)
    for sentence in default_only:
        s = re.sub(r"\s+", " ", sentence).strip()
        if s and s in norm:
            i = norm.index(s)
            problems.append(Problem("default-only sentence", norm[max(0, i - 20) : i + len(s)]))
    return problems
