"""F7c (at a zero-loss point the Hessian of E equals F) at the point of issue 15, where float64 central differences
at eps = 1e-4 read 1.00000106 vs 1: the mp Hessian re-derives every discretisation, a float64 discrepancy that the
mp Hessian does not reproduce is an artefact (inconclusive), and planted wrong variants are still violated."""
import numpy as np
import sympy as sp

from sloppy_verifier.theory import Choice, Param, select
from sloppy_verifier.theory.fisher.claims import Fmat, hessE
from planted import QUICK
from sloppy_verifier.verify.checks import fisher_sim as fs
from sloppy_verifier.verify.simulate import dynamics

CLAIM = select(["fisher.hessian_zero_loss"])[0]
P0 = fs.F7C_REPORTED


def _pinned(claim):
    """The claim with its domain reduced to the reported point."""
    return claim.variant(parameters=tuple(Param(p.name, Choice((P0.get(p.name, "0.5" if p.name == "a" else 0),)))
                                          for p in claim.parameters))


def _plain_fd_env(net, X, p):
    """The pre-fix float64 route: one central difference at eps = 1e-4."""
    H = dynamics.hessian_fd(net, X, None, 1e-4)
    J = fs._J(net, X)
    F = J.T @ J / X.shape[0]
    i = np.unravel_index(np.argmax(np.abs(H - F)), F.shape)
    scale = max(1.0, float(np.abs(F).max()))
    return {hessE: H[i] / scale, Fmat: F[i] / scale}


def test_reported_point_mp_hessian_equals_F():
    ev = fs.hessian_mp_evidence(CLAIM, QUICK, {"reported": P0}, (30, 60))
    assert ev.status == "holds" and ev.tier == "high_precision"
    assert all(float(r["max|H-F|/scale"]) < 1e-20 for r in ev.data["rows"])
    old = _plain_fd_env(*fs._tiny(P0, QUICK.backend), P0)
    assert abs(old[hessE] - old[Fmat]) > 1e-6                        # the reported float64 discrepancy
    new = fs._hessian_env(*fs._tiny(P0, QUICK.backend), P0)
    assert abs(new[hessE] - new[Fmat]) < 1e-9                        # Richardson removes the eps^2 term


def test_plain_fd_discrepancy_is_an_artefact_not_a_violation(monkeypatch):
    monkeypatch.setattr(fs, "_hessian_env", _plain_fd_env)
    ev = fs._hessian_zero_loss(_pinned(CLAIM), QUICK)
    assert ev[0].tier == "float64" and ev[0].status == "inconclusive" and "artefact" in ev[0].summary
    assert ev[1].status == "holds"


def test_planted_wrong_hessian_is_violated_in_mp():
    for k in (2, sp.Rational(101, 100)):
        bad = _pinned(CLAIM).variant(statement=sp.Eq(CLAIM.statement.lhs, k * CLAIM.statement.rhs))
        ev = fs._hessian_zero_loss(bad, QUICK)
        assert [e.status for e in ev] == ["violated", "violated"], [e.summary for e in ev]


def test_f7c_holds_with_mp_evidence():
    ev = fs._hessian_zero_loss(CLAIM, QUICK)
    assert [e.status for e in ev] == ["holds"] * 3 and [e.tier for e in ev] == ["float64"] + ["high_precision"] * 2
