"""Claims S31–S34 of spec/sloppiness.md (section 2.I) under the quick profile, the SGD numerics
(``verify.ribbon.sgd``) and the golden case G5."""
from fractions import Fraction

import numpy as np
import pytest

from sloppy_verifier.theory import select
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.ribbon import sgd
from sloppy_verifier.verify.runner import run_claims

CLAIMS = select(["S31", "S32", "S33", "S34"])
G5 = dict(X=[[1, 1], [1, -1]], y=[0, 0], w0=[1, 0], eta=Fraction(1, 4))


@pytest.fixture(scope="module")
def records():
    ctx = Context(profile=PROFILES["quick"], seed=0, dps=30, progress=lambda msg: None)
    return {r["id"]: r for r in run_claims(CLAIMS, ctx)}


def test_selection_is_the_sgd_section():
    assert {c.tag for c in CLAIMS} == {"S31", "S32", "S33", "S34"} and len(CLAIMS) == 7


@pytest.mark.parametrize("cid", [c.id for c in CLAIMS])
def test_verdict_matches_spec(records, cid):
    r = records[cid]
    assert r["verdict"] in ("proved", "holds"), [e["summary"] for e in r["evidence"]]
    assert r["gating"]


def test_g5_by_enumeration_and_recursion():
    means, seconds = sgd.enumerate_moments(G5["X"], G5["y"], G5["w0"], G5["eta"], 1, "with", 3)
    assert [m[0] for m in means] == [Fraction(3, 4) ** t for t in range(4)]
    assert [seconds[t][0][0] for t in (1, 2, 3)] == [Fraction(9, 16), Fraction(41, 128), Fraction(189, 1024)]
    assert [seconds[t][1][1] for t in (1, 2, 3)] == [Fraction(1, 16), Fraction(9, 128), Fraction(61, 1024)]
    X = np.array([[Fraction(v) for v in r] for r in G5["X"]], dtype=object)
    P, ebar, Cov, D = sgd.second_moments(X, np.array([Fraction(1), Fraction(0)], dtype=object), G5["eta"], 1,
                                         Fraction(1), 3)
    assert list(D[1:]) == [Fraction(1, 16), Fraction(19, 256), Fraction(271, 4096)]
    assert all(P[t][i][j] == seconds[t][i][j] for t in range(4) for i in range(2) for j in range(2))


def test_reshuffling_breaks_the_mean():
    """Two steps of a reshuffled epoch on G5's data: mean 1/2 instead of GD's 9/16 (open question 10)."""
    means, _ = sgd.enumerate_moments(G5["X"], G5["y"], G5["w0"], G5["eta"], 1, "reshuffle", 2)
    assert means[2] == [Fraction(1, 2), 0]


def test_recursion_equals_enumeration_without_replacement():
    rng = np.random.default_rng(3)
    X = [[int(v) for v in r] for r in rng.integers(-3, 4, (4, 2))]
    ws, w0, eta = [1, -2], [0, 1], Fraction(1, 7)
    y = [sum(a * c for a, c in zip(r, ws)) for r in X]
    means, seconds = sgd.enumerate_moments(X, y, w0, eta, 2, "without", 3)
    Xo = np.array([[Fraction(v) for v in r] for r in X], dtype=object)
    e0 = np.array([Fraction(a - c) for a, c in zip(w0, ws)], dtype=object)
    P, ebar, _, _ = sgd.second_moments(Xo, e0, eta, 2, sgd.noise_factor(4, 2, "without"), 3)
    for t in range(4):
        m = np.array(means[t], dtype=object) - np.array(ws, dtype=object)
        assert list(m) == list(ebar[t])
        S = np.array(seconds[t], dtype=object)
        wsv = np.array(ws, dtype=object)
        assert (S - np.outer(means[t], wsv) - np.outer(wsv, means[t]) + np.outer(wsv, wsv) == P[t]).all()


def test_full_batch_without_replacement_is_gd():
    assert sgd.noise_factor(5, 5, "without") == 0
    rng = np.random.default_rng(0)
    X, _ = sgd.decaying_design(rng, 6, 3, 1.0)
    y = X @ np.ones(3)
    W = sgd.simulate(X, y, np.zeros((4, 3)), 0.3, 6, "without", 5, rng)
    assert W.shape == (6, 4, 3) and np.allclose(W[:, 0], W[:, 3], atol=1e-14)


def test_simulated_mean_matches_gd_numpy():
    rng = np.random.default_rng(1)
    X, lam = sgd.decaying_design(rng, 8, 3, 0.5)
    w0 = np.array([1.0, -1.0, 0.5])
    W = sgd.simulate(X, np.zeros(8), np.tile(w0, (20000, 1)), 0.4, 2, "with", 4, rng)
    Sig = X.T @ X / 8
    gd = np.linalg.matrix_power(np.eye(3) - 0.4 * Sig, 4) @ w0
    se = W[4].std(0) / np.sqrt(20000)
    assert np.all(np.abs(W[4].mean(0) - gd) < 5 * se + 1e-12)


def test_bad_scheme_is_one_line_error():
    with pytest.raises(ValueError, match="scheme must be"):
        sgd.noise_factor(3, 1, "replacement")
    with pytest.raises(ValueError, match="scheme must be"):
        sgd.draw_batches(np.random.default_rng(0), 3, 1, "reshuffle", 2)
