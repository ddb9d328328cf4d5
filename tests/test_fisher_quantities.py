"""Fisher quantities (issue 10): the F4b/F5b levels are declared once in theory.fisher.quantities, the
statements are closed forms in the order parameters, and the checks evaluate those definitions (never a copy)."""
import random
from pathlib import Path

import pytest
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.theory.fisher import quantities as q
from sloppy_verifier.verify.checks import fisher_sim
from sloppy_verifier.verify.point import Point

ROOT = Path(__file__).resolve().parents[1]
ORDER = {q.kappa1, q.kappa2, q.alpha}


@pytest.mark.parametrize("cid, measured, rhs", [
    ("fisher.second_moment_limit", q.s_lambda, q.alpha * q.C * ((1 - 1 / q.T) * q.kappa2**2 + q.kappa1**2 / q.T)),
    ("fisher.lambda_max_limit", q.lambda_max, q.M * q.alpha * ((1 - 1 / q.T) * q.kappa2 + q.kappa1 / q.T)),
    ("fisher.outlier_rayleigh", q.lambda_out, q.M * q.alpha * ((1 - 1 / q.T) * q.kappa2 + q.kappa1 / q.T)),
    ("fisher.bulk_level", q.bulk_mean, q.M * q.alpha * (q.kappa1 - q.kappa2) / q.T),
    ("fisher.mean_subtraction_limit", q.lambda_max_c, q.M * q.alpha * (q.kappa1 - q.kappa2) / q.T),
])
def test_levels_expand_to_the_spec_formulas(cid, measured, rhs):
    c = select([cid])[0]
    closed = c.closed_form()
    assert closed.lhs == measured and sp.simplify(closed.rhs - rhs) == 0
    assert closed.free_symbols <= ORDER | {measured, q.C, q.T, q.M}
    assert c.statement != closed            # the statement names the level, the closed form substitutes it


def _exact_theory(rng):
    r = lambda: sp.Rational(rng.randint(1, 999), rng.randint(1, 999))
    return Point({q.kappa1: r(), q.kappa2: r(), q.alpha: r(), q.C: rng.randint(1, 9), q.T: rng.randint(2, 99)})


@pytest.mark.parametrize("seed", range(5))
def test_checks_evaluate_the_definitions(monkeypatch, seed):
    """The spectrum predictions and levels of the F5b/F4b checks equal the quantities' definitions at random exact
    order parameters: a check that retyped (or mistyped) a formula would differ."""
    rng = random.Random(seed)
    th = _exact_theory(rng)
    monkeypatch.setattr(fisher_sim, "_theory", lambda cfg: th)
    subs = {sp.Symbol(k): v for k, v in th.items()}
    exact = lambda quantity: quantity.definition.xreplace(subs)
    M = rng.randint(100, 5000)
    sp_ = fisher_sim._spectrum("A", M, {"eigenvalues": []})
    assert sp_["outlier_predicted"] == pytest.approx(float(M * exact(q.OUTLIER)), rel=1e-14)
    assert sp_["bulk_predicted"] == pytest.approx(float(M * exact(q.BULK)), rel=1e-14)
    assert abs(fisher_sim.level(q.S_INF, "A", 40) - exact(q.S_INF)) <= 1e-35 * abs(exact(q.S_INF))
    from sloppy_verifier.theory.fisher.claims import ALPHA_OUT, B_S_PRED, V_D, V_O, V_X
    from sloppy_verifier.theory.quantity import expand
    env = {V_O: sp.Rational(37, 100), V_D: sp.Rational(1, 3), V_X: sp.Rational(33, 1000), ALPHA_OUT: 2}
    pred = expand(B_S_PRED.symbol, (B_S_PRED,)).xreplace(subs | {k.symbol: v for k, v in env.items()})
    assert abs(fisher_sim.level(B_S_PRED, "A", 40, env) - pred) <= 1e-35 * max(1, abs(pred))
    wrong = th[q.alpha] * th[q.C] * (th[q.kappa2] ** 2 + th[q.kappa1] ** 2 / th[q.T])
    assert abs(fisher_sim.level(q.S_INF, "A", 40) - wrong) > 1e-6 * abs(wrong)    # the comparison can fail


def test_verify_does_not_retype_the_levels():
    """No copy of the F4b/F4c/F5b formulas in verify/: the (1 - 1/T) weighting and the kappa_1 - kappa_2 gap."""
    hits = []
    for path in (ROOT / "verify").rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#")[0]
            if any(pat in code.replace(" ", "") for pat in ("(1-1/T)", "k1-k2", "kappa1-kappa2", "kappa_1-kappa_2", "k2**2", "k1**2")):
                hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not hits, hits


def test_one_spelling_of_the_network_parameters():
    """The theory's symbols are the claims' Param names (sigma_w2, sigma_b2), the names sloppy eval reads."""
    from sloppy_verifier.verify.quantities import FISHER_KEYS
    c = select(["fisher.fisher_rao_expectation"])[0]
    assert q.sigma_w2.name == c.param("sigma_w2").name == "sigma_w2" and "sigma_w2" in FISHER_KEYS
    assert q.sigma_b2.name == "sigma_b2" and "sigma_b2" in FISHER_KEYS
    assert "sigma_w2" not in select(["fisher.fisher_rao_expectation"])[0].undefined_symbols()


CLOSED_ACTS = ("relu", "leaky_relu", "linear", "erf")


@pytest.mark.parametrize("act", CLOSED_ACTS)
def test_f1c_lemma_closed_form_is_closed(act):
    from sloppy_verifier.theory.fisher.claims import kernel_lemma
    lemma = kernel_lemma(act)
    names = {p.name for p in lemma.parameters}
    assert {s.name for s in lemma.closed_form().free_symbols} <= names and not lemma.undefined_symbols()


@pytest.mark.parametrize("act", CLOSED_ACTS)
def test_f2_closed_form_substitutes_the_covariance(act):
    """F2: s_12 and s are defined in the parameters; the kernels K_g, V_g are Gaussian expectations (typeset, with
    their quadrature estimator), the only symbols of the closed form besides the parameters."""
    c = select([f"fisher.kernels_{act}"])[0]
    free = {s.name for s in c.closed_form().free_symbols} - {p.name for p in c.parameters}
    assert free == {r"K_\phi", r"K_{\phi'}", r"V_\phi", r"V_{\phi'}"} and not c.undefined_symbols()


def test_f1c_lemma_certificate_catches_a_wrong_kernel():
    """A wrong derivative kernel (K' of ReLU doubled) breaks K' <= V' near c = 1: a certified counterexample."""
    from planted import QUICK
    from sloppy_verifier.theory.fisher.claims import Kdp, kernel_lemma
    from sloppy_verifier.verify.user_claims import certified_tier
    lemma = kernel_lemma("relu")
    wrong = lemma.variant(statement=lemma.statement.xreplace({Kdp: 2 * Kdp}))
    (ev,) = certified_tier(wrong, QUICK)
    assert ev.status == "violated" and ev.worst_case, ev.summary
    (ok,) = certified_tier(kernel_lemma("linear"), QUICK)
    assert ok.status == "proved", ok.summary
