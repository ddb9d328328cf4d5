"""S7 at a fixed number of classes (``theory.ribbon.distances.softmax_at``): the quantities' closed forms against
mpmath from the logits, and the certified tier of the reductions (planted-wrong constant caught, true bounds not)."""
import mpmath
import pytest
import sympy as sp
from planted import QUICK

from sloppy_verifier.theory import select
from sloppy_verifier.theory.quantity import expand
from sloppy_verifier.theory.ribbon.distances import softmax_at
from sloppy_verifier.verify.user_claims import certified_tier

R = sp.Rational
M, DELTA = (0, R(1, 3), R(-2, 5)), (0, R(3, 4), R(-1, 2))   # class 1 is 0 (shift invariance)


def _reference(C: int) -> dict:
    """The S7 quantities at C classes by mpmath, from the logits a = m + delta/2, b = m - delta/2."""
    mp = mpmath.MPContext()
    mp.dps = 40
    m, d = [mp.mpf(x.p) / x.q if x else mp.mpf(0) for x in M[:C]], [mp.mpf(x.p) / x.q if x else mp.mpf(0)
                                                                       for x in DELTA[:C]]
    lse = lambda z: mp.log(mp.fsum(mp.exp(x) for x in z))
    soft = lambda z: [mp.exp(x - lse(z)) for x in z]
    dB = lambda t: -mp.log(mp.fsum(mp.sqrt(p * q) for p, q in zip(soft([x + t * y / 2 for x, y in zip(m, d)]),
                                                                  soft([x - t * y / 2 for x, y in zip(m, d)]))))
    p, h = soft(m), [y / 2 for y in d]
    mean = mp.fsum(pc * hc for pc, hc in zip(p, h))
    mu = lambda k: mp.fsum(pc * (hc - mean) ** k for pc, hc in zip(p, h))
    ref = {"d_B": dB(1), "LSE_a": lse([x + y / 2 for x, y in zip(m, d)]), "LSE_b": lse([x - y / 2 for x, y in zip(m, d)]),
           "LSE_m": lse(m), "Q_m": 4 * mu(2), r"\kappa_4": mu(4) - 3 * mu(2) ** 2, "L_delta": max(d) - min(d)}
    ref.update({f"c_{k}": mp.diff(dB, 0, k) / mp.factorial(k) for k in range(1, 5)})
    return ref


@pytest.mark.parametrize("C", [2, 3])
def test_the_fixed_c_quantities_are_their_definitions(C):
    claim = select(["ribbon.softmax_cumulant_series"])[0]
    reduced = softmax_at(claim, C)
    assert reduced.id == claim.id and not reduced.undefined_symbols()
    assert [p.name for p in reduced.parameters] == [n for c in range(2, C + 1) for n in (f"m_{c}", f"delta_{c}")]
    at = {sp.Symbol(f"{n}_{c}"): v[c - 1] for c in range(2, C + 1) for n, v in (("m", M), ("delta", DELTA))}
    ref = _reference(C)
    quantities = {q.name: q for q in reduced.quantities}
    for name, want in ref.items():
        got = sp.N(expand(quantities[name].symbol, reduced.quantities).xreplace(at), 30)
        assert abs(got - sp.Float(mpmath.nstr(want, 35), 35)) < 1e-20, (name, got, want)


def test_a_wrong_constant_at_two_classes_is_violated_by_the_certificate():
    """d_B ~ delta^2/32 at m = 0, so d_B <= L_delta^2/40 fails at C = 2: a certified counterexample."""
    c = select(["ribbon.softmax_quadratic_bound"])[0]
    L = sp.Symbol("L_delta")
    wrong = c.variant(statement=c.statement.xreplace({L ** 2 / 32: L ** 2 / 40}))
    (ev,) = certified_tier(wrong, QUICK)      # quick: C = 2 only
    assert ev.tier == "certified" and ev.status == "violated" and ev.worst_case, ev.summary
    assert ev.summary.startswith("C = 2: violated at ")


@pytest.mark.parametrize("cid", ["ribbon.softmax_quadratic_bound", "ribbon.softmax_remainder_bound"])
def test_the_true_bounds_at_two_classes_are_not_violated(cid):
    (ev,) = certified_tier(select([cid])[0], QUICK)
    assert ev.tier == "certified" and ev.status == "inconclusive" and ev.summary.startswith("C = 2: certified on ")
    assert ev.data["coverage"] != "0", ev.summary
