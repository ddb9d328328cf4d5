"""A float64 violation is re-derived in mp before it is reported (verify.check.float64_search): a real violation
stays ``violated`` (tier high_precision), a round-off artefact becomes ``inconclusive`` (tier float64)."""
import numpy as np
import sympy as sp

from planted import QUICK
from test_planted_ribbon_certificates import MUTATIONS
from sloppy_verifier.theory import Claim, IntRange, Kind, Param, Provenance, Tag
from sloppy_verifier.theory import select
from sloppy_verifier.verify.arith import FLOAT64, mp
from sloppy_verifier.verify.check import float64_search
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.evidence import verdict

R = sp.Rational
ratio = sp.Symbol("ratio")


def _claim(statement):
    return Claim(id="user.rank_one", tag="T", title="rank one", kind=Kind.INEQ, statement=statement,
                 provenance=Provenance((Tag.USER,), "test"), parameters=(Param("d", IntRange(3, 12)),))


def _ratio(rank):
    """``|μ_2|/μ_1`` of ``Σ_{r<rank} v_r v_rᵀ / (r+1)``, ``v_r = (j + r)/7``: exactly 0 for rank 1 (round-off in
    float64, ~10^-dps in mp), O(1) for rank 2."""
    def ev(p, nx):
        j = np.arange(1, p["d"] + 1)
        A = sum(np.outer(v, v) / (r + 1) for r, v in ((r, nx.array((j + r) / 7)) for r in range(rank)))
        mu = nx.eigvalsh(A)
        return {"ratio": abs(mu[1]) / mu[0]}
    return ev


def test_number_systems_agree_to_float64_round_off():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    f, m = FLOAT64.eigvalsh(A), mp(30).eigvalsh(A)
    assert abs(f[0] - float(m[0])) < 1e-14 and m[0] > m[1]
    assert abs(m[0] - (5 + mp(30).ctx.sqrt(5)) / 2) < mp(30).ctx.mpf(10) ** -28


def test_round_off_eigenvalue_ratio_is_a_float64_artefact():
    # |mu_2|/mu_1 <= 0 at relative 1e-20: float64 eigvalsh leaves |mu_2| ~ 1e-17 mu_1, mp ~ 10^-dps mu_1
    ev = float64_search(_claim(sp.Le(ratio, 0)), QUICK, _ratio(1), rtol="1e-20")
    assert ev.status == "inconclusive" and ev.tier == "float64", ev.summary
    assert "float64 artefact" in ev.summary and ev.worst_case["confirmed"] is False
    assert all(row["ok"] for row in ev.worst_case["mp"])


def test_real_violation_is_confirmed_in_mp():
    ev = float64_search(_claim(sp.Le(ratio, R(1, 10**4))), QUICK, _ratio(2), rtol="1e-12")
    assert ev.status == "violated" and ev.tier == "high_precision", ev.summary
    assert ev.worst_case["confirmed"] is True and [r["dps"] for r in ev.worst_case["mp"]] == [QUICK.dps, QUICK.dps2]


def test_planted_s26_variant_is_violated_after_mp_confirmation():
    claim = select(["ribbon.weyl_ratio_certificate"])[0]
    evidence = run_check(claim.variant(statement=MUTATIONS[claim.id](claim.statement)), QUICK)
    assert verdict(evidence) == "violated"
    bad = [e for e in evidence if e.status == "violated"]
    assert all(e.tier == "high_precision" and e.worst_case["confirmed"] for e in bad)


def test_grid_check_re_derives_in_mp():
    from sloppy_verifier.verify.checks.ribbon_certificates import _grid_failures
    from sloppy_verifier.verify.point import Point
    p = Point({"d": 5, "spectrum": "geometric", "c": 0.5, "a": 1, "eta_lam1": 1.0, "teacher": "isotropic", "T": 5,
               "seed": 3})
    xs = [1e-3, 1.0, 1e3]
    assert _grid_failures(p, 2, 0.9, xs, FLOAT64, 1e-7) == _grid_failures(p, 2, 0.9, xs, mp(30), 1e-20) == []
    # ES_k >= tau + 1 is impossible: every certified point fails in float64 and in mp alike
    wrong64, wrong_mp = (_grid_failures(p, 2, 0.5, xs, nx, -1) for nx in (FLOAT64, mp(30)))
    assert wrong64 and [f["x"] for f in wrong64] == [f["x"] for f in wrong_mp]


def test_design_is_re_orthonormalised_in_mp():
    from sloppy_verifier.verify.ribbon.trajectory import design
    lam = np.array([1.0, 0.5, 0.25])
    for nx, tol in ((FLOAT64, 1e-13), (mp(30), mp(30).ctx.mpf(10) ** -26)):
        X, V = design(nx.array(lam), 5, np.random.default_rng(3), with_basis=True, nx=nx)
        assert np.max(np.abs(X.T @ X / 5 - (V * nx.array(lam)[None, :]) @ V.T)) < tol


def _artefact(cid, evaluate, statement):
    """A statement of an exact identity held to 1e-22: float64 round-off violates it, the mp re-derivation not."""
    claim = select([cid])[0]
    ev = float64_search(claim.variant(statement=statement), QUICK, evaluate, rtol="1e-22")
    assert ev.status == "inconclusive" and ev.tier == "float64", ev.summary
    assert "float64 artefact" in ev.summary and all(row["ok"] for row in ev.worst_case["mp"])


def test_gd_round_off_in_s21_is_a_float64_artefact():
    from sloppy_verifier.verify.checks.ribbon_hankel import _run

    def ev(p, nx):
        G, w, r = _run(p, [1, 2], nx)
        return {"G_sim": G[0, 1], "G_moment": np.sum(w * r ** 3)}
    _artefact("ribbon.trajectory_gram", ev, sp.Eq(sp.Symbol("G_sim"), sp.Symbol("G_moment")))


def test_inpca_round_off_in_s15_is_a_float64_artefact():
    from sloppy_verifier.verify.checks.ribbon_ensemble import _identity_values
    _artefact("ribbon.ensemble_identity", _identity_values, sp.Eq(sp.Symbol("spectral_gap"), 0))


def test_s22_gd_hankel_violation_is_re_derived_in_mp():
    from test_planted_ribbon_hankel import sub
    from sloppy_verifier.verify.checks.ribbon_bt import _gd_hankels
    claim = select(["ribbon.bt_bound"])[0]
    ev = _gd_hankels(claim.variant(statement=sub(16, R(16, 1000))(claim.statement)), QUICK, (101,))
    assert ev.status == "violated" and ev.tier == "high_precision" and "re-derived in mp" in ev.summary, ev.summary


def test_gd_round_off_in_s1_is_a_float64_artefact():
    from sloppy_verifier.verify.checks.ribbon_dynamics import _weight_envs, _worst_entry
    claim = select(["ribbon.gd_weight_modes"])[0]
    _artefact(claim.id, lambda p, nx: _worst_entry(claim.statement, _weight_envs, p | {"T": min(p["T"], 50)}, nx,
                                                    QUICK.dps), claim.statement)


def test_s15_ensemble_too_large_for_mp_is_not_violated():
    from sloppy_verifier.verify.checks.ribbon_ensemble import MP_MODELS, _identity_values
    claim = select(["ribbon.ensemble_identity"])[0].variant(statement=sp.Eq(sp.Symbol("spectral_gap"), 0))
    ev = float64_search(claim, QUICK, _identity_values, rtol="1e-22", fixed={"M": 8, "T": 50, "grid": "uniform"})
    assert 8 * 51 > MP_MODELS and ev.status == "inconclusive" and ev.tier == "float64", ev.summary
    assert all(row["ok"] is None and "exceed" in row["error"] for row in ev.worst_case["mp"])
