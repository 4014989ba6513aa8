"""The book's figure style: one palette with fixed meanings, distinct for a deuteranope; math labels."""

import itertools
import math

import matplotlib as mpl
import pandas as pd
import pytest

from cevnslib.book import plotting
from cevnslib.book.plotting import markdown_table
from cevnslib.errors import InputError
from cevnslib.experiments import EXPERIMENTS
from cevnslib.physics import BENCHMARK_BETAS

#: CIELAB distance every pair of colours with a meaning keeps, for normal and deuteranopic vision
MIN_DISTANCE = 15.0
#: every coloured line must stand out against the white page
MIN_DISTANCE_FROM_WHITE = 25.0
OTHER_CONSTRAINTS = ("csi2017", "lar2020", "csi2021", "pandax-b8", "lep2", "lhc", "apv", "fcnc")


def test_every_benchmark_beta_has_a_colour_and_label():
    keys = set(BENCHMARK_BETAS) | {"-2/sqrt3", "+2/sqrt3"}
    assert keys == set(plotting.BETA_COLOURS) == set(plotting.BETA_LABELS)


def test_every_experiment_has_a_colour_and_label():
    keys = set(EXPERIMENTS) | set(OTHER_CONSTRAINTS)
    assert keys <= set(plotting.EXPERIMENT_COLOURS)
    assert set(plotting.EXPERIMENT_COLOURS) == set(plotting.EXPERIMENT_LABELS)


@pytest.mark.parametrize("palette", ["BETA_COLOURS", "EXPERIMENT_COLOURS"])
def test_one_colour_one_meaning(palette):
    colours = [mpl.colors.to_hex(c) for c in getattr(plotting, palette).values()]
    assert len(set(colours)) == len(colours)


@pytest.mark.parametrize("vision", ["normal", "deuteranopia"])
@pytest.mark.parametrize("palette", ["BETA_COLOURS", "EXPERIMENT_COLOURS"])
def test_palette_distinct(palette, vision):
    colours = getattr(plotting, palette)
    worst = min(
        (plotting.colour_distance(colours[a], colours[b], vision), a, b)
        for a, b in itertools.combinations(colours, 2)
    )
    assert worst[0] >= MIN_DISTANCE, f"{worst[1]} and {worst[2]} look alike ({vision})"
    for key, c in colours.items():
        assert plotting.colour_distance(c, "#ffffff", vision) >= MIN_DISTANCE_FROM_WHITE, key


def test_deuteranopia_simulation_merges_red_and_green():
    """The Machado et al. (2009) matrix must make pure red and green much closer (test can fail)."""
    normal = plotting.colour_distance("#ff0000", "#00ff00")
    deut = plotting.colour_distance("#ff0000", "#00ff00", "deuteranopia")
    assert deut < 0.5 * normal
    # blue against yellow survives deuteranopia
    assert plotting.colour_distance("#0000ff", "#ffff00", "deuteranopia") > 50
    with pytest.raises(InputError, match="vision"):
        plotting.colour_distance("#000000", "#ffffff", "tritan")


def test_labels_are_math_without_ascii_tex():
    for label in plotting.BETA_LABELS.values():
        assert label.startswith("$") and label.endswith("$") and plotting.ascii_tex(label) == []
    for label in plotting.EXPERIMENT_LABELS.values():
        assert plotting.ascii_tex(label) == []


@pytest.mark.parametrize("text", ["beta = sqrt3", "s_W^2 = 0.23", "chi^2 / dof", "1.0 +- 0.2"])
def test_ascii_tex_is_found(text):
    assert plotting.ascii_tex(text)


def test_use_style_loads_the_style_file():
    mpl.rcParams["axes.spines.top"] = True
    plotting.use_style(retina=False)
    assert mpl.rcParams["axes.spines.top"] is False
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][0].lower() in ("#0072b2", "0072b2")


def test_legend_outside_axes():
    import matplotlib.figure

    fig = matplotlib.figure.Figure()
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], label="a")
    leg = plotting.legend_outside(ax)
    assert leg.get_bbox_to_anchor() is not None and leg._loc == 2  # upper left of the anchor
    with pytest.raises(InputError, match="where"):
        plotting.legend_outside(ax, "inside")


def test_table_caption_math_and_pm():
    df = pd.DataFrame({r"$M_{Z'}$ [GeV]": [1234.5], "value": ["1.0 +- 0.2"]})
    html = plotting.table(df, "demo", caption=r"Bounds at $\beta = \sqrt{3}$").data
    assert "<caption>Bounds at \\(\\beta = \\sqrt{3}\\)</caption>" in html
    assert "\\(M_{Z'}\\) [GeV]" in html and "1.0 ± 0.2" in html and "$" not in html
    assert plotting.table(df, "demo", caption="x").data == html.replace(
        "Bounds at \\(\\beta = \\sqrt{3}\\)", "x"
    )


def test_table_refuses_ascii_tex():
    with pytest.raises(InputError, match="chi"):
        plotting.table(pd.DataFrame({"chi^2": [1.0]}), "bad", check=True)
    with pytest.raises(InputError, match="sqrt3"):
        plotting.table(pd.DataFrame({"a": [1.0]}), "bad", caption="beta = sqrt3", check=True)


def test_table_without_math_is_unchanged_html():
    """Tables with no math keep the bytes they had before captions existed (nbval-stable)."""
    df = pd.DataFrame({"a [GeV]": [1.25], "b": ["x"]})
    html = plotting.table(df, "plain").data
    assert html == df.style.set_uuid("plain").hide(axis="index").format(precision=1).to_html()


def test_scorecard_texts_are_math_not_ascii_tex():
    """Every text of the scorecard reaches a page: no ASCII TeX (sqrt3, s_W^2, chi^2, +-) left."""
    from cevnslib.book.scorecard import scorecard

    for row in scorecard():
        for text in (row.where, row.claim, row.paper, row.book, row.why):
            assert plotting.ascii_tex(text) == [], text
            assert text.count("$") % 2 == 0, text


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
    from cevnslib.book.plotting import BETA_COLOURS, BETA_LABELS, beta_colour, beta_key, beta_label

    for n, key in ((-3, "-sqrt3"), (-2, "-2/sqrt3"), (-1, "-1/sqrt3"), (1, "+1/sqrt3"),
                   (2, "+2/sqrt3"), (3, "+sqrt3")):  # fmt: skip
        assert beta_key(n / 3**0.5) == key
        assert beta_label(n / 3**0.5) == BETA_LABELS[key]
        assert beta_colour(n / 3**0.5) == BETA_COLOURS[key]
    assert beta_key(0.3) is None
    assert beta_colour(0.3) == "0.4"
    assert beta_label(0.3) == r"$\beta = 0.3$"


#: WCAG 2 non-text contrast: a line or marker needs 3:1 against the white page
MIN_CONTRAST = 3.0


@pytest.mark.parametrize("palette", ["BETA_COLOURS", "EXPERIMENT_COLOURS"])
def test_palette_contrast_on_white(palette):
    low = {
        k: round(plotting.contrast_ratio(c), 2)
        for k, c in getattr(plotting, palette).items()
        if plotting.contrast_ratio(c) < MIN_CONTRAST
    }
    assert not low, f"below {MIN_CONTRAST}:1 on white: {low}"


def test_cycle_contrast_on_white():
    mpl.style.use(plotting.STYLE_FILE)
    for c in mpl.rcParams["axes.prop_cycle"].by_key()["color"]:
        c = c if c.startswith("#") else f"#{c}"
        assert plotting.contrast_ratio(c) >= MIN_CONTRAST, c


def test_contrast_ratio_is_wcag():
    """Published WCAG values: black/white 21:1, #767676 on white 4.54:1, white on white 1:1."""
    assert plotting.contrast_ratio("#000000") == pytest.approx(21.0)
    assert plotting.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)
    assert plotting.contrast_ratio("#ffffff") == pytest.approx(1.0)
    # the old light colours fail (the test can fail)
    assert plotting.contrast_ratio("#F0E442") < MIN_CONTRAST
    assert plotting.contrast_ratio("#92C5DE") < MIN_CONTRAST


def test_one_font_for_text_and_maths():
    """Maths in figures is set in the text font's own mathtext set (DejaVu Sans), not Computer Modern."""
    mpl.style.use(plotting.STYLE_FILE)
    assert mpl.rcParams["mathtext.fontset"] == "dejavusans"
    assert mpl.rcParams["font.sans-serif"][0] == "DejaVu Sans"
    assert mpl.rcParams["font.family"] == ["sans-serif"]


def test_smallest_figure_text_is_10pt():
    """tools/browser_check.py --strict assumes 10 pt as the smallest text (>= 9 px on screen)."""
    mpl.style.use(plotting.STYLE_FILE)
    sizes = [mpl.rcParams[k] for k in ("font.size", "legend.fontsize", "axes.labelsize")]
    assert min(s for s in sizes if isinstance(s, float)) >= 10
