"""The book's table helper: captioned, numbered Markdown tables with math labels."""

import math

import pandas as pd
import pytest

from cevnslib.book.plotting import markdown_table


def test_markdown_table_is_a_myst_table_directive_with_caption_and_name():
    df = pd.DataFrame({"$\\beta$": ["$-\\sqrt{3}$"], "$M_{Z'}$ [TeV]": [-1.41234], "x": [math.nan]})
    text = markdown_table(df, "Caption with $\\chi^2$.", "tbl-x", floatfmt=".2f").data
    lines = text.splitlines()
    assert lines[0] == ":::{table} Caption with $\\chi^2$."
    assert lines[1] == ":name: tbl-x"
    assert lines[3] == "| $\\beta$ | $M_{Z'}$ [TeV] | x |"
    assert lines[5] == "| $-\\sqrt{3}$ | −1.41 | — |"  # true minus sign, NaN shown as a dash
    assert lines[-1] == ":::"


def test_markdown_table_refuses_a_name_that_is_not_a_table_label():
    with pytest.raises(ValueError, match="name = 'fig-x'"):
        markdown_table(pd.DataFrame({"a": [1]}), "c", "fig-x")


def test_beta_label_and_colour_cover_the_benchmarks_and_any_other_beta():
    from cevnslib.book.plotting import BETA_COLOURS, BETA_LABELS, beta_colour, beta_label
    from cevnslib.physics.model331 import BENCHMARK_BETAS

    for key, b in BENCHMARK_BETAS.items():
        assert beta_label(b) == BETA_LABELS[key]
        assert beta_colour(b) == BETA_COLOURS[key]
    assert beta_label(-2 / 3**0.5) == r"$\beta=-2/\sqrt{3}$"
    assert beta_colour(0.3) == "0.4"
    assert beta_label(0.3) == r"$\beta=0.3$"
