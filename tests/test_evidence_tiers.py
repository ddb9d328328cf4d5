"""Evidence names its number context: records computed in float64 only (scans, eigensolvers, finite differences)
are tier ``float64``, never ``high_precision`` (issue 15); mp records next to them stay ``high_precision``."""
import pytest

from sloppy_verifier.theory import select
from planted import QUICK
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.evidence import TIERS

# claim -> the tiers of its non-symbolic evidence, in order
EXPECTED = {
    "fisher.trace_duality": ["float64"],                        # tiny float64 networks
    "ribbon.ky_fan_split": ["float64"],                         # float64 eigh of the population matrix
    "ribbon.ribbon_certificate": ["float64"],
    "ribbon.signal_face_first_t": ["float64"],                  # float64 signal-face ES scan
    "ribbon.inpca_gaussian_psd": ["float64"],                   # float64 draws
    # mp searches, mp cases, float64 grid, then the certified tier of the closed form (here: not certifiable yet)
    "ribbon.gf_scalar_bound": ["high_precision"] * 3 + ["float64", "certified"],
}


def test_float64_is_a_tier():
    assert {"symbolic", "high_precision", "float64", "statistical"} <= set(TIERS)


@pytest.mark.parametrize("cid", sorted(EXPECTED))
def test_float64_records_are_labelled_float64(cid):
    ev = [e for e in run_check(select([cid])[0], QUICK) if e.tier != "symbolic"]
    assert [e.tier for e in ev] == EXPECTED[cid], [(e.tier, e.summary[:60]) for e in ev]
    assert not any(e.tier == "high_precision" and "float64" in e.summary for e in ev)
