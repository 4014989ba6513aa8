"""Binned combinations of the COHERENT releases: the summed likelihood, the paired toy bands, the
coverage when the SM is true, and the command line (cevnslib.experiments.release_combinations)."""

import json

import numpy as np
import pytest

from cevnslib.cli import main
from cevnslib.errors import InputError
from cevnslib.experiments import likelihoods as L
from cevnslib.experiments import release_combinations as rc_
from cevnslib.physics.model331 import SQRT3
from cevnslib.stats.toys import DEFAULT_CHUNK


@pytest.fixture
def data(release):
    for name in ("csi2017", "lar2020", "csi2021"):
        release(name)


def test_a_single_release_is_its_own_binned_bound(data):
    for name in ("csi2017", "lar2020"):
        assert (
            rc_.combined_binned_bound(name, -SQRT3).mzp_min == L.binned_bound(name, -SQRT3).mzp_min
        )


def test_the_combined_profile_is_the_sum_of_the_members(data):
    betas, mzps = np.array([-SQRT3, 1 / SQRT3]), np.array([300.0, 1000.0, 3000.0])
    comb, sm = rc_.combined_delta_grid("combined-2020", betas, mzps, sm=True)
    parts = [rc_.combined_delta_grid(n, betas, mzps, sm=True) for n in ("csi2017", "lar2020")]
    # each Delta is relative to its own minimum: the differences between masses add up exactly
    d_comb = comb - comb[:, :1]
    d_sum = sum(p[0] - p[0][:, :1] for p in parts)
    np.testing.assert_allclose(d_comb, d_sum, rtol=1e-12, atol=1e-9)
    assert sm.shape == (2,) and np.all(sm >= 0)


def test_a_combination_expects_more_than_each_member(data):
    # Asimov data: every member's q is >= 0 with its minimum at the SM, so the sum excludes at least
    # what each member excludes (the observed bound need not: an excess and a deficit can pull apart)
    for name, mem in rc_.BINNED_COMBINATIONS.items():
        comb = rc_.combined_binned_bound(name, -SQRT3, asimov=True).mzp_min
        for m in mem:
            assert comb >= L.binned_bound(m, -SQRT3, asimov=True).mzp_min - 1e-6, (name, m)


def test_paired_toys_come_from_other_random_streams(data):
    rows, n, _ = rc_.paired_toy_profiles("combined-2020")
    assert len(rows) == 2 and all(r.shape[0] == n for r in rows)
    assert (n // 2) % DEFAULT_CHUNK == 0  # the pairing shift is a whole number of chunks
    # independent pseudo-experiments: the fitted signal strengths are uncorrelated (3 sigma: 3/sqrt(n))
    r = np.corrcoef(rows[0][:, 0], rows[1][:, 0])[0, 1]
    assert abs(r) < 3.0 / np.sqrt(n), r


def test_toy_bands_bracket_the_toys_median(data):
    x = rc_.combined_expected_bound("coherent", -SQRT3)
    toys = rc_.combined_toy_bounds("coherent", -SQRT3)
    assert x.method == "toys" and x.n_toys == toys.size
    lo2, lo1 = x.band_2sigma[0], x.band_1sigma[0]
    hi1, hi2 = x.band_1sigma[1], x.band_2sigma[1]
    assert lo2 <= lo1 <= np.median(toys) <= hi1 <= hi2
    # the Asimov median and the toys' median agree within the 1 sigma band's half-width
    assert abs(x.median - np.median(toys)) < 0.5 * (hi1 - lo1)


def test_coverage_at_the_sm_has_the_boundary_value(data):
    # at beta = -sqrt3 the Z' only raises the signal: asymptotically t = 0 for half the toys and
    # chi2_1 for the rest, so the SM passes 2.706 in (1 + 0.9)/2 = 95% of the toys
    for name in ("csi2017", "lar2020"):
        p, err = rc_.sm_coverage(name, -SQRT3)
        assert abs(p - 0.95) < 3.0 * max(err, 0.005), (name, p, err)
    p90, _ = rc_.sm_coverage("csi2017", -SQRT3, cl=0.9)
    p68, _ = rc_.sm_coverage("csi2017", -SQRT3, cl=0.68)
    assert p68 < p90  # a lower CL covers less


def test_bad_input_is_named():
    with pytest.raises(InputError, match="experiment"):
        rc_.members("combined")  # the counting combination with non-COHERENT members
    with pytest.raises(InputError, match="cl"):
        rc_.combined_binned_bound("coherent", -SQRT3, cl=1.5)
    with pytest.raises(InputError, match="beta"):
        rc_.combined_binned_bound("coherent", [0.1, 0.2])


def _cli(capsys, *argv):
    capsys.readouterr()
    try:
        rc = main(list(argv))
    except SystemExit as exc:
        rc = exc.code
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_cli_binned_combination(capsys, data):
    rc, out, _ = _cli(
        capsys, "bound", "--experiment", "coherent", "--likelihood", "binned", "--beta", "-1.7320508",
        "--json",
    )  # fmt: skip
    assert rc == 0
    d = json.loads(out)
    assert d["likelihood"] == "binned" and d["expected_method"] == "toys"
    assert d["expected_n_toys"] >= 100 and len(d["expected_band_2sigma_gev"]) == 2
    assert set(d["release"]) == {"csi2021", "lar2020"}
    b = rc_.combined_binned_bound("coherent", -1.7320508).mzp_min
    assert d["mzp_min_gev"] == pytest.approx(b, rel=1e-9)
    for extra, word in (
        (("--convention", "fc"), "fc"),
        (("--toys", "200"), "--toys"),
    ):
        rc, out, err = _cli(
            capsys, "bound", "--experiment", "coherent", "--likelihood", "binned", "--beta", "-1.7",
            *extra,
        )  # fmt: skip
        assert rc == 2 and out == "" and len(err.strip().splitlines()) == 1 and word in err
    rc, _, err = _cli(
        capsys, "bound", "--experiment", "combined", "--likelihood", "binned", "--beta", "-1.7"
    )
    assert rc == 2 and "coherent" in err  # the allowed names are listed
