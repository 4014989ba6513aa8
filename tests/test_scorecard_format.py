"""The scorecard's strings as math, and a symbol for every verdict."""

from cevnslib.book.scorecard import VERDICT_SYMBOLS, VERDICTS, as_math


def test_every_verdict_has_a_symbol():
    assert set(VERDICT_SYMBOLS) == set(VERDICTS)
    assert len(set(VERDICT_SYMBOLS.values())) == len(VERDICTS)


def test_as_math_writes_beta_sqrt3_and_plus_minus_as_math():
    assert as_math("beta = -sqrt3") == r"$\beta = -\sqrt{3}$"
    assert as_math("+2/sqrt3: 125") == r"$\beta = +2/\sqrt{3}$: 125"
    # no garbled sign pair, no '3/sqrt3' for sqrt3 (the benchmark labels)
    assert as_math("beta = +-n/sqrt3") == r"β = $±n/\sqrt{3}$"
    from cevnslib.book.scorecard import BENCHMARK_SET

    assert "-sqrt3" in BENCHMARK_SET and not any("3/" in k for k in BENCHMARK_SET)
    assert as_math(as_math("beta = -sqrt3")) == as_math("beta = -sqrt3")  # idempotent
    assert as_math("173 +- 48") == "173 ± 48"
    assert as_math("M_Z' and Z-Z' mixing for every beta") == r"$M_{Z'}$ and Z–Z′ mixing for every β"


def test_as_math_leaves_no_ascii_tex_in_the_scorecard(releases):
    from cevnslib.book.scorecard import scorecard

    for row in scorecard():
        for text in (row.claim, row.paper, row.book, row.why):
            out = as_math(text)
            for ascii_tex in ("sqrt3", "+-", "M_Z'", "beta ="):
                assert all(ascii_tex not in part for part in out.split("$")[::2])
            for tex in ("s_W^2", "chi^2"):  # only inside math
                assert all(tex not in part for part in out.split("$")[::2])


def test_verdict_markers_need_no_emoji_font():
    """The markers are text glyphs of DejaVu Sans (no emoji font, and they print): not in the emoji
    planes, no variation selectors, and present in the font's character map."""
    from matplotlib import font_manager, ft2font

    path = font_manager.findfont("DejaVu Sans", fallback_to_default=False)
    charmap = ft2font.FT2Font(path).get_charmap()
    for verdict, symbol in VERDICT_SYMBOLS.items():
        assert len(symbol) == 1 and ord(symbol) < 0x1F000, verdict
        assert ord(symbol) in charmap, f"{verdict}: {symbol!r} not in DejaVu Sans"
