"""Benchmark claims for the adversarial search: classical inequalities (true) and one-constant typos of them.

Each typo comes with the measured fraction of its box (cut by its assumptions) where it fails, from a float64
scan (4·10^6 evenly spaced points in 1-D, 10^7 uniform random points in 2-D; re-measured by the slow test
``test_stated_violation_fractions_match_a_scan``), and the first-order analytic size of the region beside it.
"""
import sympy as sp

from sloppy_verifier.theory import Claim, Interval, Kind, Param, Provenance, Tag

R = sp.Rational
P = Provenance((Tag.USER,), "test")
x, y, p, q, lam, u, t, th = sp.symbols("x y p q lam u t theta")


def claim(cid, statement, *params, assumptions=()):
    return Claim(id=f"user.{cid}", tag="T", title=cid, kind=Kind.INEQ, statement=statement, provenance=P,
                 parameters=tuple(Param(n, d) for n, d in params), assumptions=assumptions)


# ---------------------------------------------------------------- the six classical inequalities
def hoeffding(c, tag=""):
    """Hoeffding's lemma for a Bernoulli(p) variable: log E exp(lam (X - p)) <= lam^2/8."""
    return claim("hoeffding" + tag, sp.Le(sp.log(1 - p + p * sp.exp(lam)) - lam * p, lam ** 2 / c),
                 ("p", Interval(0, 1)), ("lam", Interval(-4, 4)))


def pinsker(c, tag=""):
    """Pinsker for Bernoulli laws: KL(p || q) >= 2 (p - q)^2."""
    return claim("pinsker" + tag, sp.Ge(p * sp.log(p / q) + (1 - p) * sp.log((1 - p) / (1 - q)), c * (p - q) ** 2),
                 ("p", Interval(0, 1, True, True)), ("q", Interval(0, 1, True, True)))


def sine(c, tag=""):
    """sin x >= x - x^3/6 for x >= 0."""
    return claim("sine" + tag, sp.Ge(sp.sin(x), x - x ** 3 / c), ("x", Interval(0, 2)))


def softplus(c, tag=""):
    """Softplus below its quadratic at 0: log(1 + e^x) <= log 2 + x/2 + x^2/8 (softplus'' <= 1/4)."""
    return claim("softplus" + tag, sp.Le(sp.log(1 + sp.exp(x)), sp.log(2) + x / 2 + x ** 2 / c), ("x", Interval(-6, 6)))


def arccos(pi, tag=""):
    """Degree-1 arc-cosine kernel above the cosine: (sin th + (pi - th) cos th)/pi >= cos th on [0, 3]."""
    return claim("arccos" + tag, sp.Ge((sp.sin(th) + (pi - th) * sp.cos(th)) / sp.pi, sp.cos(th)),
                 ("theta", Interval(0, 3)))


def gd_flow(c, tag=""):
    """Gradient descent against gradient flow on a quadratic: (1 - u)^t <= exp(-u t) for u = eta lam in [0, 1]."""
    return claim("gd_flow" + tag, sp.Le((1 - u) ** t, sp.exp(-c * u * t)),
                 ("u", Interval(0, 1)), ("t", Interval(0, 50)))


CLASSICAL = [hoeffding(8), pinsker(2), sine(6), softplus(8), arccos(sp.pi), gd_flow(1)]

#: (typo, measured violation fraction of the box, analytic first-order size)
TYPOS = [
    (hoeffding(R(8008, 1000), "_typo_1e3"), 1.7e-3, "|p - 1/2| < sqrt(eps)/2, lam^2 < 24 eps, eps = 1e-3"),
    (hoeffding(R(80008, 10000), "_typo_1e4"), 1.7e-4, "eps = 1e-4"),
    (pinsker(R(2002, 1000), "_typo_1e3"), 3.3e-3, "|q - 1/2| ~ sqrt(eps)/2, (p - q)^2 < 3 eps/2, eps = 1e-3"),
    (pinsker(R(20002, 10000), "_typo_1e4"), 3.3e-4, "eps = 1e-4"),
    (sine(R(6001, 1000), "_typo"), 2.9e-2, "x < sqrt(120 (1/6 - 1/c)) = 0.058"),
    (softplus(R(800008, 100000), "_typo"), 2.6e-3, "|x| < sqrt(24 eps) = 0.0155, eps = 1e-5"),
    (arccos(R(314159265, 10 ** 8), "_typo"), 7.0e-4, "theta < (3 (pi - c))^(1/3) = 0.0022"),
    (gd_flow(R(20001, 20000), "_typo"), 1.0e-4, "u < 2 (c - 1) = 1e-4"),
]

# ---------------------------------------------------------------- special functions, tight at an end or inside
SPECIAL = [
    claim("exp_tangent", sp.Ge(sp.exp(x), 1 + x), ("x", Interval(-2, 2))),
    claim("log_tangent", sp.Le(sp.log(x), x - 1), ("x", Interval(0, 3, open_lo=True))),
    claim("sin_below", sp.Le(sp.sin(x), x), ("x", Interval(0, R(314, 100)))),
    claim("cos_quadratic", sp.Ge(sp.cos(x), 1 - x ** 2 / 2), ("x", Interval(-3, 3))),
    claim("tan_above", sp.Ge(sp.tan(x), x), ("x", Interval(0, R(3, 2), open_hi=True))),
    claim("am_gm", sp.Le(sp.sqrt(x), (1 + x) / 2), ("x", Interval(0, 4))),
    claim("atan_below", sp.Le(sp.atan(x), x), ("x", Interval(0, 10))),
    claim("asin_above", sp.Ge(sp.asin(x), x), ("x", Interval(0, 1))),
    claim("sinh_cubic", sp.Ge(sp.sinh(x), x + x ** 3 / 6), ("x", Interval(0, 5))),
    claim("cosh_gauss", sp.Le(sp.cosh(x), sp.exp(x ** 2 / 2)), ("x", Interval(-3, 3))),
    claim("tanh_below", sp.Le(sp.tanh(x), x), ("x", Interval(0, 4))),
    claim("log1p_quadratic", sp.Ge(sp.log(1 + x), x - x ** 2 / 2), ("x", Interval(0, 1))),
    claim("log_mean", sp.Le(sp.log(y) - sp.log(x), (y - x) / sp.sqrt(x * y)),
          ("x", Interval(0, 4, open_lo=True)), ("y", Interval(0, 4, open_lo=True)), assumptions=(sp.Lt(x, y),)),
    claim("log_ratio", sp.Le(sp.log(x) / (x - 1), 1 / sp.sqrt(x)), ("x", Interval(0, 3, open_lo=True)),
          assumptions=(sp.Ne(x, 1), "the removable point x = 1 is left out")),
    claim("exp_convex", sp.Le(sp.exp((x + y) / 2), (sp.exp(x) + sp.exp(y)) / 2),
          ("x", Interval(-2, 2)), ("y", Interval(-2, 2))),
]


def typo(cid, change, fraction, size, tag="_typo", pool=SPECIAL):
    """The claim ``cid`` of ``pool`` with ``change`` made: a pair (old, new) of subexpressions, or a map of the
    statement; with its measured violation fraction and analytic region size."""
    c = next(c for c in pool if c.id == f"user.{cid}")
    wrong = change(c.statement) if callable(change) else c.statement.xreplace({change[0]: change[1]})
    assert wrong != c.statement
    return c.variant(id=f"user.{cid}{tag}", statement=wrong), fraction, size


def scale_rhs(k):
    return lambda st: type(st)(st.lhs, k * st.rhs)


SPECIAL_TYPOS = [
    typo("exp_tangent", (1 + x, 1 + R(1001, 1000) * x), 5.0e-4, "0 < x < 2 (c - 1)"),
    typo("log_tangent", scale_rhs(R(999, 1000)), 6.7e-4, "1 < x < 1.002"),
    typo("sin_below", scale_rhs(R(999, 1000)), 2.5e-2, "x < sqrt(0.006)"),
    typo("cos_quadratic", (1 - x ** 2 / 2, 1 - x ** 2 / R(2001, 1000)), 2.6e-2, "|x| < sqrt(24 (1/2 - 1/c))"),
    typo("tan_above", scale_rhs(R(10001, 10000)), 1.15e-2, "x < sqrt(3e-4)"),
    typo("am_gm", scale_rhs(R(99999, 100000)), 4.5e-3, "|sqrt x - 1| < 2 sqrt(2e-5 (1 + x)/2)"),
    typo("atan_below", scale_rhs(1 - R(1, 10 ** 6)), 1.7e-4, "x < sqrt(3e-6)"),
    typo("asin_above", scale_rhs(1 + R(1, 10 ** 5)), 7.7e-3, "x < sqrt(6e-5)"),
    typo("sinh_cubic", (x + x ** 3 / 6, x + x ** 3 / R(5999, 1000)), 1.2e-2, "x^2 < 120 (1/5.999 - 1/6)"),
    typo("cosh_gauss", (sp.exp(x ** 2 / 2), sp.exp(x ** 2 / R(20001, 10000))), 5.8e-3, "x^2 < 12 (1/2 - 1/c)"),
    typo("tanh_below", scale_rhs(1 - R(1, 10 ** 7)), 1.4e-4, "x < sqrt(3e-7)"),
    typo("log1p_quadratic", (x - x ** 2 / 2, x - x ** 2 / R(20001, 10000)), 7.5e-5, "x < 3 (1/2 - 1/c)"),
    typo("log_mean", scale_rhs(1 - R(1, 10 ** 6)), 4.9e-3, "log(y/x) < sqrt(24e-6), by the diagonal", "_typo_1e6"),
    typo("log_mean", scale_rhs(1 - R(1, 10 ** 8)), 5.0e-4, "log(y/x) < sqrt(24e-8)", "_typo_1e8"),
    typo("log_ratio", scale_rhs(1 - R(1, 10 ** 6)), 3.3e-3, "|x - 1| < sqrt(24e-6) = 0.0049", "_typo_1e6"),
    typo("log_ratio", scale_rhs(1 - R(1, 10 ** 8)), 3.3e-4, "|x - 1| < sqrt(24e-8)", "_typo_1e8"),
    typo("exp_convex", scale_rhs(R(99999, 100000)), 4.4e-3, "|x - y| < sqrt(8e-5), beside the diagonal", "_typo_1e5"),
    typo("exp_convex", scale_rhs(1 - R(1, 10 ** 7)), 4.4e-4, "|x - y| < sqrt(8e-7)", "_typo_1e7"),
]
