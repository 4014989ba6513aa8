"""tables.mzp_for_events: inverts the event number N(M_Z') of Eq. 59 (Binh2021 Table 3)."""

import numpy as np
import pytest

from cevnslib.book.tables import mzp_for_events
from cevnslib.errors import InputError
from cevnslib.experiments.registry import Settings, get_experiment
from cevnslib.physics.model331 import SQRT3

CSI = get_experiment("csi2017")
EFF_ONLY = Settings(csi_window="efficiency-only")
PAPER_TABLE3_ROW2 = [411, 27, 134, 181, 179]  # Binh2021 Table 3, row 2


@pytest.mark.parametrize("mzp", [500.0, 1000.0, 3000.0])
def test_inverts_n_model_constructive(mzp):
    n = float(CSI.n_model(-SQRT3, mzp, EFF_ONLY))
    roots = mzp_for_events(CSI, -SQRT3, n, EFF_ONLY)
    assert roots == pytest.approx((mzp,), rel=1e-8)


def test_destructive_sign_gives_two_solutions_around_the_minimum():
    s = EFF_ONLY.with_(zp_sign=-1)
    n = float(CSI.n_model(-SQRT3, 2000.0, s))
    roots = mzp_for_events(CSI, -SQRT3, n, s)
    assert len(roots) == 2
    assert roots[1] == pytest.approx(2000.0, rel=1e-8)
    assert roots[0] < 1000.0
    np.testing.assert_allclose(CSI.n_model(-SQRT3, np.array(roots), s), n, rtol=1e-9)


def test_no_solution_below_the_sm_for_constructive_interference():
    n_sm = float(CSI.n_sm(EFF_ONLY))
    assert mzp_for_events(CSI, -SQRT3, 0.9 * n_sm, EFF_ONLY) == ()


def test_paper_row2_entries_read_as_masses_near_the_inferred_labels():
    """Binh2021 Table 3 row 2 with the destructive sign: 27 and 134 events sit near 1 and 2 TeV."""
    s = EFF_ONLY.with_(zp_sign=-1)
    low = [mzp_for_events(CSI, -SQRT3, n, s) for n in PAPER_TABLE3_ROW2[1:3]]
    assert low[0][1] == pytest.approx(1000.0, rel=0.1)
    assert low[1][1] == pytest.approx(2000.0, rel=0.1)


def test_rejects_non_positive_event_numbers():
    with pytest.raises(InputError):
        mzp_for_events(CSI, -SQRT3, -1.0)
