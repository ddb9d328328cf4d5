"""S1–S2 verdicts (every claim holds under the quick profile) and unit tests of the trajectory generator
``verify.ribbon.trajectory`` (closed form == step-by-step GD, exact Sigma, deterministic seeds, chunking)."""
import numpy as np
import pytest

from sloppy_verifier.theory import Kind, select
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.ribbon import trajectory as tr
from sloppy_verifier.verify.runner import run_claims

CLAIMS = select(["S1", "S2"])


@pytest.fixture(scope="module")
def records():
    ctx = Context(profile=PROFILES["quick"], seed=0, dps=30, progress=lambda msg: None)
    return {r["id"]: r for r in run_claims(CLAIMS, ctx)}


def test_claims_registered():
    assert {c.id for c in CLAIMS} == {
        "ribbon.gd_weight_modes", "ribbon.gd_logit_modes", "ribbon.gd_logit_recursion", "ribbon.gd_frozen_offset",
        "ribbon.gf_scalar_bound", "ribbon.gf_mode_bound", "ribbon.gf_limit"}
    kinds = {c.id: c.kind for c in CLAIMS}
    assert kinds["ribbon.gf_scalar_bound"] is Kind.INEQ and kinds["ribbon.gf_limit"] is Kind.ASYMP
    assert all(kinds[c] is Kind.EXACT for c in ("ribbon.gd_weight_modes", "ribbon.gd_frozen_offset"))


@pytest.mark.parametrize("cid", [c.id for c in CLAIMS])
def test_verdict_holds(records, cid):
    r = records[cid]
    assert r["verdict"] in ("proved", "holds"), [e["summary"] for e in r["evidence"]]
    assert r["gating"]


# ---------------------------------------------------------------- generator
def _instance(seed=0, N=12, d=7, C=3, c=0.8, general=True):
    rng = np.random.default_rng(seed)
    lams = tr.spectrum("geometric", d, c=c)
    if N < d:
        lams[N:] = 0
    X, V = tr.design(lams, N, rng, np, with_basis=True)
    Y = rng.standard_normal((N, C)) if general else X @ tr.teacher(V, np.ones((d, C)))
    W0s = tr.initialisations(5, d, C, 0.7, rng)
    return lams, X, V, Y, W0s


@pytest.mark.parametrize("eta", [0.1, 1.0, 1.9, 1.999, 2.5])
@pytest.mark.parametrize("shape", [(12, 7, 3, True), (4, 9, 2, True), (9, 9, 1, False), (1, 1, 1, True)])
def test_closed_form_equals_steps(eta, shape):
    N, d, C, general = shape
    _, X, _, Y, W0s = _instance(N=N, d=d, C=C, general=general)
    ts = tr.log_spaced(150, 12)
    a, b = tr.gd_closed_form(X, Y, W0s, eta, ts), tr.gd_steps(X, Y, W0s, eta, ts)
    assert a.shape == (5, 12, N, C)
    # round-off: <= t (N + d) eps of the run's scale per step count (t <= 150), far below 1e-10
    assert np.max(np.abs(a - b)) <= 1e-10 * np.max(np.abs(b))


def test_sigma_exact_and_teacher_amplitudes():
    lams, X, V, _, _ = _instance(N=20, d=6)
    N = X.shape[0]
    assert np.max(np.abs(X.T @ X / N - V @ np.diag(lams) @ V.T)) <= 1e-14
    assert np.allclose(np.linalg.eigvalsh(X.T @ X / N)[::-1], lams, rtol=0, atol=1e-14)
    beta = np.arange(1.0, 13.0).reshape(6, 2)
    assert np.allclose(V.T @ tr.teacher(V, beta), beta, atol=1e-13)


def test_seeds_are_deterministic():
    a, b = _instance(seed=3), _instance(seed=3)
    for x, y in zip(a, b):
        assert np.array_equal(x, y)
    assert not np.array_equal(_instance(seed=4)[1], a[1])


def test_chunking_does_not_change_results(monkeypatch):
    _, X, _, Y, W0s = _instance()
    ts = tr.uniform(20)
    full_cf, full_gd = tr.gd_closed_form(X, Y, W0s, 1.0, ts), tr.gd_steps(X, Y, W0s, 1.0, ts)
    monkeypatch.setattr(tr, "CHUNK_ELEMENTS", 1)
    assert np.array_equal(tr.gd_closed_form(X, Y, W0s, 1.0, ts), full_cf)
    assert np.array_equal(tr.gd_steps(X, Y, W0s, 1.0, ts), full_gd)


def test_checkpoints_spectra_and_rho():
    assert list(tr.uniform(3)) == [0, 1, 2, 3]
    for T, n in ((10, 11), (10_000, 20), (5, 2), (100, 7)):
        ts = tr.log_spaced(T, n)
        assert len(ts) == n and ts[0] == 0 and ts[-1] == T and np.all(np.diff(ts) > 0)
    with pytest.raises(ValueError):
        tr.log_spaced(3, 5)
    assert np.allclose(tr.spectrum("geometric", 3, c=np.log(2)), [1, 0.5, 0.25])
    assert np.allclose(tr.spectrum("power", 3, a=2, lam1=4), [4, 1, 4 / 9])
    lams = tr.spectrum("power", 5, a=1)
    assert tr.sigma0_for_rho(lams, np.ones(5), 4.0) == pytest.approx(0.25)        # rho = 1/sigma_0 (C = 1)
    beta = np.arange(10.0).reshape(5, 2)
    s0 = tr.sigma0_for_rho(lams, beta, 0.3, C=2)
    rho2 = np.sum(lams * np.sum(beta**2, axis=1)) / (2 * s0**2 * np.sum(lams))
    assert rho2 == pytest.approx(0.09)


def test_frozen_offset_in_closed_form():
    """A target orthogonal to range X is never fitted: Z_t - Y keeps -(I - XX^+) Y at every t."""
    _, X, _, _, W0s = _instance(N=10, d=4)
    rng = np.random.default_rng(1)
    Yperp = (np.eye(10) - X @ np.linalg.pinv(X)) @ rng.standard_normal((10, 3))
    Z = tr.gd_closed_form(X, Yperp, W0s, 1.0, tr.uniform(5))
    P = np.eye(10) - X @ np.linalg.pinv(X)
    assert np.allclose(np.einsum("nm,atmc->atnc", P, Z - Yperp), -Yperp, atol=1e-12)
