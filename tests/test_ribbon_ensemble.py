"""Claims S14–S20 of spec/sloppiness.md (section 2.D) under the quick profile at dps 30: every one holds."""
import pytest

from sloppy_verifier.theory import select
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


def test_inpca_gram_is_the_double_centred_distance_matrix():
    """S15's W = -Pi D Pi / 2 from blocked squared distances: the blocks change nothing, and the centring by means
    agrees with the product by Pi = I - 11^T/m to round-off, in float64 and in mp."""
    import numpy as np
    import sympy as sp

    from sloppy_verifier.verify.arith import FLOAT64, mp
    from sloppy_verifier.verify.checks.ribbon_ensemble import _sq_distances
    from sloppy_verifier.verify.ribbon.hankel import centred
    rng = np.random.default_rng(1)
    for nx, (m, N, C), tol in ((FLOAT64, (301, 7, 2), 1e-13), (mp(30), (6, 3, 2), 1e-27)):
        Z, prec = nx.array(100 * rng.standard_normal((m, N, C))), nx.array(rng.uniform(0.5, 2, N))
        full = np.einsum("ijnc,n->ij", (Z[:, None] - Z[None, :]) ** 2, prec)
        D = _sq_distances(Z, prec, block=3 * N * C * m)
        assert (D == full).all() and (D == D.T).all()
        P = nx.array(np.eye(m)) - nx.num(sp.Rational(1, m))
        err = np.max(np.abs(centred(D) - P @ D @ P)) / np.max(np.abs(D))
        assert err < tol, err
