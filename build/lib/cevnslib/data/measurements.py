"""Small published measurements shipped with the package (not COHERENT releases).

``lep2/sigma_ratios.csv``: the combined LEP-II cross sections sigma(e+e- -> mu+mu-) and
sigma(e+e- -> tau+tau-) over the SM at 12 energies, 130-207 GeV (ALEPH, DELPHI, L3, OPAL and the LEP
EW working group, Phys. Rept. 532 (2013) 119, arXiv:1302.3415, Table 3.4); see ``lep2/README.md``
for the transcription used and what is not included (asymmetries, correlations, Bhabha).

>>> d = load_lep2()
>>> len(d["sqrt_s"]), sorted(set(d["final_state"].tolist()))
(24, ['mumu', 'tautau'])
"""

from __future__ import annotations

import csv
import pathlib

import numpy as np

__all__ = ["LEP2_FILE", "load_lep2"]

LEP2_FILE = pathlib.Path(__file__).parent / "lep2" / "sigma_ratios.csv"


def load_lep2() -> dict[str, np.ndarray]:
    """The 24 LEP-II ratios: {'sqrt_s' [GeV], 'final_state', 'ratio', 'stat', 'syst', 'sigma'}.

    ``sigma`` is stat and syst in quadrature (the file gives no correlations between energies).
    """
    with LEP2_FILE.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {
        "sqrt_s": np.array([float(r["sqrt_s_gev"]) for r in rows]),
        "final_state": np.array([r["final_state"] for r in rows]),
        "ratio": np.array([float(r["ratio_to_sm"]) for r in rows]),
        "stat": np.array([float(r["stat"]) for r in rows]),
        "syst": np.array([float(r["syst"]) for r in rows]),
    }
    out["sigma"] = np.hypot(out["stat"], out["syst"])
    return out
