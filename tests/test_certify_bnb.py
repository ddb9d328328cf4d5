"""Certified branch and bound (verify.certify.bnb): proofs of classical inequalities, including isolated
tight points, removable singularities, 0 log 0 and integer parameters; certified counterexamples for
their one-constant typos; honest partial coverage where a tight curve defeats the local arguments."""
import time
from fractions import Fraction

import pytest
import sympy as sp

from sloppy_verifier.theory.claim import Claim, Interval, IntRange, Kind, Param, Provenance, Tag
from sloppy_verifier.verify.certify import certified_evidence, certify
from sloppy_verifier.verify.certify.balls import ball, precision
from sloppy_verifier.verify.certify.bnb import Engine, certify_point, simplest_between

R = sp.Rational
x, y, p, q, lam, n, h, th = sp.symbols("x y p q lam n h theta")


def claim(cid, statement, params, assumptions=()):
    return Claim(id=f"user.{cid}", tag="U1", title=cid, kind=Kind.INEQ, statement=statement,
                 provenance=Provenance((Tag.USER,), "test"), parameters=tuple(params),
                 assumptions=tuple(assumptions))


def X(lo, hi, **kw):
    return [Param("x", Interval(lo, hi, **kw))]


KL = p * sp.log(p / q) + (1 - p) * sp.log((1 - p) / (1 - q))
OPEN_SQUARE = [Param("p", Interval(0, 1, open_lo=True, open_hi=True)),
               Param("q", Interval(0, 1, open_lo=True, open_hi=True))]
PQ = [Param("p", Interval(0, 1, open_lo=True, open_hi=True)), Param("q", Interval(R(1, 100), R(99, 100)))]
HOEFF = sp.log(1 - p + p * sp.exp(lam))
PL = [Param("p", Interval(0, 1)), Param("lam", Interval(-3, 3))]
XY = [Param("x", Interval(0, 5)), Param("y", Interval(0, 5))]
ARCCOS = (sp.sin(th) + (sp.pi - th) * sp.cos(th)) / sp.pi         # arc-cosine kernel of degree 1
TH = [Param("theta", Interval(0, 3))]
XN = [Param("x", Interval(-1, 3)), Param("n", IntRange(1, 20))]
HN = [Param("h", Interval(0, 1)), Param("n", IntRange(0, 50))]
BS = sp.tan(sp.pi * x / 2) * (1 - x ** 2)                       # Becker-Stark with x = 2 t/pi

PROVED = [  # (id, statement, params, assumptions, seconds allowed on a busy 2-core machine)
    ("sin_cubic", sp.sin(x) >= x - x ** 3 / 6, X(0, 4), (), 3),
    ("log1p", sp.log(1 + x) <= x, X(0, 10), (), 3),
    ("exp_tangent", sp.exp(x) >= 1 + x, X(-5, 5), (), 3),
    ("tanh", sp.tanh(x) <= x, X(0, 5), (), 3),
    ("log_mean", (x - 1) / sp.log(x) <= (x + 1) / 2, X(0, 10, open_lo=True), (sp.Ne(x, 1),), 3),
    ("xlogx", x * sp.log(x) >= x - 1, X(0, 3, open_lo=True), (), 3),
    ("pow2", 2 ** n >= n ** 2, [Param("n", IntRange(4, 60))], (), 3),
    ("sin_le_x_strict", sp.sin(x) < x, X(0, 4, open_lo=True), (), 3),
    ("sin_sum_corner", sp.sin(x + y) <= x + y, [Param("x", Interval(0, 1)), Param("y", Interval(0, 1))], (), 3),
    ("exp_antidiagonal", sp.exp(x + y) >= 1 + x + y, [Param("x", Interval(-1, 1)), Param("y", Interval(-1, 1))],
     (), 3),
    ("arccos_kernel", ARCCOS >= sp.cos(th), TH, (), 3),
    ("bernoulli_mixed", (1 + x) ** n >= 1 + n * x, XN, (), 5),
    ("sin_sum_strict_open", sp.sin(x + y) < x + y, [Param("x", Interval(0, 1, open_lo=True)),
                                                     Param("y", Interval(0, 1, open_lo=True))], (), 3),
    ("amgm_strict", sp.sqrt(x * y) < (x + y) / 2, [Param("x", Interval(1, 5)), Param("y", Interval(1, 5))],
     (sp.Lt(x, y),), 3),
    ("log_product_cross", sp.log(1 + x * y) <= x * y, [Param("x", Interval(0, 2)), Param("y", Interval(0, 2))],
     (), 3),                                 # s = 0 on both axes, to second order: the mixed partial decides
    ("pinsker", KL >= 2 * (p - q) ** 2, PQ, (), 10),    # s = 0 on p = q; d^2 s/dp^2 = (2p - 1)^2/(p (1 - p))
    ("hoeffding", HOEFF <= lam * p + lam ** 2 / 8, PL, (), 10),   # s = 0 on lam = 0; s_lam,lam a square
    # the open square: at the corners (0, 0), (1, 1) d^2 s/dp^2 = 1/p + 1/(1-p) - 4 has a finite lower bound only
    ("pinsker_corner", KL >= 2 * (p - q) ** 2, OPEN_SQUARE, (), 10),
    ("amgm", sp.sqrt(x * y) <= (x + y) / 2, XY, (sp.Lt(x, y),), 10),   # sqrt at the corner: scaling
    # tan's pole at the open end x = 1 times a root there: with tan = sin/cos, a removable singularity
    ("becker_stark_upper", BS <= sp.pi * x / 2, X(0, 1, open_hi=True), (), 3),
    ("becker_stark_lower", BS >= 4 * x / sp.pi, X(0, 1, open_hi=True), (), 3),      # tight at the pole
    ("asin_ratio", sp.asin(x) <= x / sp.sqrt(1 - x ** 2), X(0, 1, open_hi=True), (), 3),  # s' = x^2/(1-x^2)^(3/2)
    ("log_mean_am", (y - x) / (sp.log(y) - sp.log(x)) <= (x + y) / 2,       # 1/(log y - log x) as x -> 0
     [Param("x", Interval(0, 4, open_lo=True)), Param("y", Interval(0, 4, open_lo=True))], (sp.Lt(x, y),), 5),
    # x != y: both sides of the removable line x = y; F and G vanish to odd orders 3 and 1, so s = F/G keeps its
    # sign across the line
    ("exp_log_mean", (sp.exp(x) - sp.exp(y)) / (x - y) >= sp.exp((x + y) / 2),
     [Param("x", Interval(-2, 2)), Param("y", Interval(-2, 2))], (sp.Ne(x, y),), 10),
    # s = 0 on both edges x = 0, y = 0 to first order; the mixed partial sin(x + y) is 0 at the corner, where its
    # ball reaches below 0 and its mean-value form from the corner does not
    ("sin_subadditive", sp.sin(x + y) <= sp.sin(x) + sp.sin(y),
     [Param("x", Interval(0, R(3, 2))), Param("y", Interval(0, R(3, 2)))], (), 5),
]

VIOLATED = [  # one-constant typos: (id, statement, params, assumptions)
    ("sin_cubic_7", sp.sin(x) >= x - x ** 3 / 7, X(0, 4), ()),
    ("log1p_9", sp.log(1 + x) <= R(9, 10) * x, X(0, 10), ()),
    ("exp_11", sp.exp(x) >= 1 + R(11, 10) * x, X(-5, 5), ()),
    ("tanh_9", sp.tanh(x) <= R(9, 10) * x, X(0, 5), ()),
    ("log_mean_21", (x - 1) / sp.log(x) <= (x + 1) * R(10, 21), X(0, 10, open_lo=True), (sp.Ne(x, 1),)),
    ("xlogx_11", x * sp.log(x) >= R(11, 10) * (x - 1), X(0, 3, open_lo=True), ()),
    ("hoeffding_9", HOEFF <= lam * p + lam ** 2 / 9, PL, ()),
    ("pinsker_21", KL >= R(21, 10) * (p - q) ** 2, PQ, ()),
    ("amgm_9", sp.sqrt(x * y) <= R(9, 10) * (x + y) / 2, XY, (sp.Lt(x, y),)),
    ("pow2_from_1", 2 ** n >= n ** 2, [Param("n", IntRange(1, 60))], ()),
    ("sin_le_x_closed", sp.sin(x) < x, X(0, 4), ()),     # strict, and equal at x = 0
    ("arccos_kernel_21", ARCCOS <= (1 + sp.cos(th)) * R(10, 21), TH, ()),
    ("gd_flow_11", (1 - h) ** n <= sp.exp(-R(11, 10) * n * h), HN, ()),
    ("bernoulli_mixed_100", (1 + x) ** n >= 1 + n * x + x ** 2 / 100, XN, ()),
    ("sin_sum_strict_closed", sp.sin(x + y) < x + y, [Param("x", Interval(0, 1)), Param("y", Interval(0, 1))],
     ()),                                               # equal at the corner (0, 0), which is in the domain
    ("becker_stark_lower_4001", BS >= R(4001, 4000) * 4 * x / sp.pi, X(0, 1, open_hi=True), ()),
]

KL_SQ = KL.subs({p: p ** 2, q: q ** 2}, simultaneous=True)
PARTIAL = [  # true, tight along a curve up to a singular corner: honest coverage, never violated
    # Pinsker at (p^2, q^2): near the corners the singular operands (1 - p^2, p^2/q^2) are not affine in one
    # parameter, so no one-sided enclosure is claimed (the open square's Pinsker itself is proved: pinsker_corner)
    ("pinsker_squared_corner", KL_SQ >= 2 * (p ** 2 - q ** 2) ** 2, OPEN_SQUARE, (), None),
]


@pytest.mark.parametrize("cid, st, params, hyps, limit", PROVED, ids=[c[0] for c in PROVED])
def test_proved(cid, st, params, hyps, limit):
    t = time.perf_counter()
    r = certify(claim(cid, st, params, hyps), time_budget=limit)
    assert r.status == "proved", r.summary
    assert r.coverage == 1 and r.counterexample is None
    assert time.perf_counter() - t < limit
    assert r.summary.startswith("proved over the whole domain")
    ev = certified_evidence(claim(cid, st, params, hyps), r)
    assert ev.tier == "certified" and ev.status == "proved" and ev.data["coverage"] == "1"


def test_isolated_tight_points_are_decided_by_exact_local_arguments():
    r = certify(claim("sin_cubic", sp.sin(x) >= x - x ** 3 / 6, X(0, 4), ()), time_budget=3)
    methods = {b["method"] for b in r.certificate["boxes"]}
    assert "tight-point k=5" in methods           # s = ... = s''''(0) = 0, s^(5) = cos > 0 near 0
    r = certify(claim("log_mean", (x - 1) / sp.log(x) <= (x + 1) / 2, X(0, 10, open_lo=True),
                      (sp.Ne(x, 1),)), time_budget=3)
    assert any(m.startswith("singular-point k=3/1") for m in {b["method"] for b in r.certificate["boxes"]})


@pytest.mark.parametrize("cid, st, params, hyps", VIOLATED, ids=[c[0] for c in VIOLATED])
def test_violated_with_certified_counterexample(cid, st, params, hyps):
    c = claim(cid, st, params, hyps)
    t = time.perf_counter()
    r = certify(c, time_budget=5)
    assert r.status == "violated", r.summary
    assert time.perf_counter() - t < 5
    point = tuple(r.counterexample[d.name] for d in Engine(c).dims)
    assert all(v.denominator <= 10 ** 6 for v in point)          # shrunk to a simple rational
    with precision(256):
        assert certify_point(Engine(c), point) is not None
    assert r.summary.startswith("violated at ")
    assert certified_evidence(c, r).status == "violated"


def test_integer_counterexample_is_an_integer_and_strict_zero_counts():
    r = certify(claim("pow2_from_1", 2 ** n >= n ** 2, [Param("n", IntRange(1, 60))]), time_budget=3)
    assert r.counterexample == {"n": Fraction(3)}
    r = certify(claim("sin_le_x_closed", sp.sin(x) < x, X(0, 4)), time_budget=3)
    assert r.counterexample == {"x": Fraction(0)}


@pytest.mark.parametrize("cid, st, params, hyps, near", PARTIAL, ids=[c[0] for c in PARTIAL])
def test_partial_coverage_is_honest(cid, st, params, hyps, near):
    r = certify(claim(cid, st, params, hyps), time_budget=60, max_boxes=1000)    # box-limited: deterministic
    assert r.status == "partial" and r.counterexample is None
    assert Fraction(8, 10) < r.coverage < 1
    assert "undecided" in r.summary and r.summary.startswith("certified on ")
    ev = certified_evidence(claim(cid, st, params, hyps), r)
    assert ev.status == "inconclusive"
    und = [b for b in r.certificate["boxes"] if b["status"] == "undecided"]
    assert und and r.certificate["undecided_summary"].startswith(f"{len(und)} boxes ")
    if near:
        assert r.certificate["undecided_summary"] == f"{len(und)} boxes {near}"


def test_unsupported_function_is_not_certifiable_without_a_crash():
    r = certify(claim("bessel", sp.besselj(0, x) <= 1, X(0, 3)))
    assert r.status == "not_certifiable" and r.summary == "not certifiable: besselj"
    assert certified_evidence(claim("bessel", sp.besselj(0, x) <= 1, X(0, 3)), r).status == "inconclusive"


def test_equality_is_proved_only_as_an_identity():
    """An equality is proved when SymPy shows it identically 0 (its ball finite on the box), else only refutable."""
    r = certify(claim("eq_true", sp.Eq(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1), X(0, 1)), time_budget=0.5)
    assert r.status == "proved" and r.certificate["boxes"][0]["method"] == "identity"
    r = certify(claim("eq_unshown", sp.Eq(sp.atan(x) + sp.atan(1 / x), sp.pi / 2), X(1, 2)), time_budget=0.5)
    assert r.status == "partial" and "only refutable" in r.summary      # true, but not shown by SymPy
    r = certify(claim("eq_false", sp.Eq(sp.sin(2 * x), 2 * sp.sin(x)), X(0, 1)), time_budget=2)
    assert r.status == "violated"


def test_assumption_excludes_boxes_from_the_domain_volume():
    c = claim("half", x * y <= 25 + (y - x) ** 3, [Param("x", Interval(0, 4)), Param("y", Interval(0, 4))],
              (sp.Le(x, y),))
    r = certify(c, time_budget=3)
    assert r.status == "proved"
    assert any(b["status"] == "excluded" for b in r.certificate["boxes"])
    r = certify(claim("half_false", y <= x, XY, (sp.Lt(x, y),)), time_budget=3)
    assert r.status == "violated"
    assert r.counterexample["x"] < r.counterexample["y"]


def test_deterministic_and_rational_denominators():
    c = claim("odd_ends", sp.exp(x) >= 1 + x, X(R(-7, 3), R(11, 13)))
    a, b = certify(c, time_budget=3), certify(c, time_budget=3)
    strip = lambda d: {k: v for k, v in d.items() if k != "seconds"}      # noqa: E731
    assert a.status == "proved" and strip(a.certificate) == strip(b.certificate)


def test_simplest_rational():
    assert simplest_between(Fraction(3, 10), Fraction(4, 10)) == Fraction(1, 3)
    assert simplest_between(Fraction(-5, 2), Fraction(-2)) == -2
    assert simplest_between(Fraction(1, 1000), Fraction(19, 10000)) == Fraction(1, 527)
    with precision(64):
        assert ball(Fraction(1, 3)).contains(ball(Fraction(1, 3)).mid())


def test_recorded_bounds_round_down():
    from sloppy_verifier.verify.certify.bnb import floor_str, fraction_str
    for q in (Fraction(1, 3), Fraction(-1, 3), Fraction(1, 800), Fraction(-999999999, 10 ** 9), Fraction(12345678)):
        assert Fraction(floor_str(q)) <= q < Fraction(floor_str(q)) + abs(q) / 10 ** 4
    assert fraction_str(Fraction(999987, 10 ** 6)) == "0.9999870" and fraction_str(Fraction(2, 3)) == "0.6666666"


GD_WIDE = [Param("x", Interval(R(1, 10 ** 6), R(1, 2))), Param("n", IntRange(0, 10 ** 6))]


def test_divided_decides_nearly_equal_exponentials():
    """(1 - x)^n <= e^{-n x} for x down to 10^-6 and n up to 10^6: the sides agree to relative n x^2/2, which no
    enclosure of their difference resolves on a box of wide n; divided by e^{-n x} the slack is
    1 - e^{n (x + log(1 - x))} with the sum x + log(1 - x) enclosed by monotonicity (its derivative factored)."""
    c = claim("gd_flow_wide", (1 - x) ** n <= sp.exp(-n * x), GD_WIDE)
    r = certify(c, time_budget=60, max_boxes=3000)
    assert r.status == "proved", r.summary
    assert any(b["method"].startswith("divided by term") for b in r.certificate["boxes"])
    from sloppy_verifier.verify.certify import replay
    assert replay(r.certificate, c)[0]


@pytest.mark.parametrize("rhs", [sp.exp(-R(11, 10) * n * x), sp.exp(-n * x) / (1 + x ** 2)], ids=["rate", "factor"])
def test_divided_planted_variants_are_violated(rhs):
    """A rate 11/10 and a factor 1/(1 + x^2): false where n x^2 is small; refuted at a certified point."""
    r = certify(claim("gd_flow_wide_wrong", (1 - x) ** n <= rhs, GD_WIDE), time_budget=60, max_boxes=3000)
    assert r.status == "violated" and r.counterexample is not None, r.summary


def test_identical_vanishing_is_not_attempted_on_huge_symbolic_powers():
    """A plane n = 10^4 of an integer parameter puts (1 - e l)^(2 10^4) into the tight-line analysis; it is
    numerically 0 at the screen's interior points, and SymPy's cancel would expand it (minutes, per plane):
    past SYMBOLIC_DEGREE it is 'not shown' at once, while a small identity is still shown."""
    e, lam = sp.symbols("e lam")
    eng = Engine(claim("deg", sp.Le(0, e * lam), [Param("e", Interval(sp.Rational(1, 10), 1)),
                                                  Param("lam", Interval(0, 1))]))
    t0 = time.perf_counter()
    assert eng._vanishes((1 - e * lam) ** 20000 * (e + 1) / 7) is False
    assert time.perf_counter() - t0 < 5
    assert eng._vanishes((1 - e * lam) ** 2 - 1 + 2 * e * lam - e ** 2 * lam ** 2) is True


def test_a_plane_leaving_the_domain_is_no_crash():
    """The antidiagonal x = -y of x in [0, 1], y in [-1, 1] is screened at y = 3/7, off the domain, where
    Max(sqrt(x), y) has the non-real argument sqrt(-3/7) and SymPy raises: that point decides nothing (it crashed
    the run as 'internal error ValueError ... is not comparable')."""
    xy = [Param("x", Interval(0, 1)), Param("y", Interval(-1, 1))]
    r = certify(claim("maxroot", sp.Ge(sp.Max(sp.sqrt(x), y), sp.sqrt(x)), xy), time_budget=1)
    assert r.status == "partial" and r.counterexample is None, r.summary
