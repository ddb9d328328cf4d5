"""Claims S14–S20 of spec/sloppiness.md (section 2.D) under the quick profile at dps 30: every one holds."""
import pytest

from sloppy_verifier.theory.claim import select
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.runner import run_claims

CLAIMS = select(["S14", "S15", "S16", "S17", "S18", "S19", "S20"])


@pytest.fixture(scope="module")
def records():
    ctx = Context(profile=PROFILES["quick"], seed=0, dps=30, progress=lambda msg: None)
    return {r["id"]: r for r in run_claims(CLAIMS, ctx)}


def test_selection_is_the_ensemble_section():
    assert CLAIMS and all(c.id.startswith("ribbon.") for c in CLAIMS)


@pytest.mark.parametrize("cid", [c.id for c in CLAIMS])
def test_verdict_matches_spec(records, cid):
    r = records[cid]
    assert r["verdict"] in ("proved", "holds"), [e["summary"] for e in r["evidence"]]
    assert r["gating"]
