"""Claims S3–S7 of spec/sloppiness.md (§2.B): Bhattacharyya distances between model predictions.

Statements are written between *measured* symbols (``d_B``: the divergence from its definition
``-log ∫ sqrt(p q)``; Taylor coefficients ``c_k`` of ``d_B`` along a line; log-partitions ``LSE_*``) and the
closed forms under test, so a changed constant, dropped term or flipped inequality in a statement is caught
numerically.  The closed forms are derived in SymPy (lazy derivations: the series work takes ~2 s).
All formulas are the project's own ([P]), not the paper's.
"""
from __future__ import annotations

import functools
from dataclasses import replace

import sympy as sp

from ..claim import Choice, Claim, Interval, IntRange, Kind, Param, Provenance, Sequence, Step, StepCheck, Tag
from ..quantity import Quantity, measured

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational
SPEC = "spec/sloppiness.md"


def _prov(section: str) -> Provenance:
    return Provenance(tags=(Tag.P,), source=f"{SPEC} {section}; Mao et al. arXiv:2505.08915",
                      note="Project formulation [P]: derived for this project, not attributed to the paper "
                           "(its body text was not available).")


# ---------------------------------------------------------------- measured and model symbols (no assumptions)
d_B, D, sigma, N, Delta2, ZF2 = sp.symbols(r"d_B D sigma N \|\Delta\mu\|^2 \|Z_i-Z_j\|_F^2")
BCJ, SdB = sp.symbols(r"BC_{joint} \Sigma_nd_B")
a, b, m, delta, v = sp.symbols(r"a b m delta v")
c1, c2, c3, c4, c5, c6 = sp.symbols("c_1:7")
LSE_a, LSE_b, LSE_m, Qm, kappa4, Ldelta = sp.symbols(r"LSE_a LSE_b LSE_m Q_m \kappa_4 L_delta")

# ---------------------------------------------------------------- quantities
def _sigmoid(z):
    return 1 / (1 + sp.exp(-z))


def _taylor(line, t, order: int) -> list:
    """``(1/k!) d^k line/dt^k`` at ``t = 0`` for ``k = 1..order``, by SymPy's ``diff``."""
    out = []
    for k in range(1, order + 1):
        line = line.diff(t)
        out.append(line.subs(t, 0) / sp.factorial(k))
    return out


_MP = "sloppy_verifier.verify.ribbon.bhattacharyya_mp."
_CHK = "sloppy_verifier.verify.checks.ribbon_distances."

#: S3: the two Gaussian laws and their means' gap
D_B_GAUSS = measured(d_B, "d_B", "Bhattacharyya distance between N(mu_1, sigma^2 I) and N(mu_2, sigma^2 I)",
                     r"-\log \int_{\mathbb{R}^C} \sqrt{p_1(y)\, p_2(y)}\, dy,\ p_i = \mathcal{N}(\mu_i, \sigma^2 I_C)",
                     _MP + "gaussian_db", rel="=")
DELTA2 = measured(Delta2, r"\|\Delta\mu\|^{2}", "squared Euclidean distance between the two means",
                  r"\sum_{c=1}^{C} {(\mu_{1,c} - \mu_{2,c})}^2", _CHK + "_gaussian_env", rel="=")
#: S3 intensive form: N samples, the logits Z_i, Z_j drawn from the seed (rows z_{i,n})
D_INT = measured(D, "D", "intensive distance: mean over the samples of d_B between the Gaussian output laws",
                 r"\frac{1}{N} \sum_{n=1}^{N} d_B(\mathcal{N}(z_{i,n}, \sigma^2 I_C), "
                 r"\mathcal{N}(z_{j,n}, \sigma^2 I_C)),\ "
                 r"z_{i,n} = {(Z_{i,nc})}_{c \le C}", _CHK + "_gaussian_intensive_env", rel="=")
ZF2_Q = measured(ZF2, r"\|Z_{i}-Z_{j}\|_{F}^{2}", "squared Frobenius distance between the two logit matrices",
                 r"\sum_{n=1}^{N} \sum_{c=1}^{C} {(Z_{i,nc} - Z_{j,nc})}^2", _CHK + "_gaussian_intensive_env",
                 rel="=")
#: S4: per-sample laws p_i(. | x_n), Bernoulli(sigmoid(z_{i,n})) or softmax(z_{i,n}), logits drawn from the seed
BCJ_Q = measured(BCJ, "BC_{joint}", "Bhattacharyya coefficient of the two product laws over the N samples",
                 r"\sum_{y \in \mathcal{Y}^N} \prod_{n=1}^{N} \sqrt{p_i(y_n \mid x_n)\, p_j(y_n \mid x_n)}",
                 _MP + "joint_bc", rel="=")
SDB_Q = measured(SdB, r"\Sigma_{n}d_{B}", "sum over the samples of the per-sample Bhattacharyya distances",
                 r"\sum_{n=1}^{N} d_B(p_i(\cdot \mid x_n), p_j(\cdot \mid x_n))", _CHK + "_product_env", rel="=")

#: S5-S6: d_B from its defining sum over the two outcomes, with p(-a) for 1 - p(a)
D_B_BERNOULLI = Quantity(
    "d_B", "d_B", "Bhattacharyya distance between Bernoulli(sigmoid(a)) and Bernoulli(sigmoid(b))",
    definition=-sp.log(sp.sqrt(_sigmoid(a) * _sigmoid(b)) + sp.sqrt(_sigmoid(-a) * _sigmoid(-b))))
#: S6 ranges over the midpoint and difference of the logits
A_MID = Quantity("a", "a", "first logit, a = m + delta/2", definition=m + delta / 2)
B_MID = Quantity("b", "b", "second logit, b = m - delta/2", definition=m - delta / 2)
V_MID = Quantity("v", "v", "Bernoulli variance at the midpoint logit, v = p_m (1 - p_m)",
                 definition=_sigmoid(m) * _sigmoid(-m))
S6_QUANTITIES = (D_B_BERNOULLI, A_MID, B_MID, V_MID)


def _bernoulli_coefficients() -> tuple:
    """``c_k = (1/k!) d^k/d delta^k d_B(m + delta/2, m - delta/2)`` at ``delta = 0``, ``k = 1..6``, by SymPy's
    ``diff`` of the defining sum ``D_B_BERNOULLI`` (logits taken real: c_6 has about 470 operations, six times
    fewer than with plain symbols; given back plain).  Built on import (about 1 s): a claim's quantities are a tuple."""
    mr, t = sp.symbols("m t", real=True)
    line = D_B_BERNOULLI.definition.xreplace({a: mr + t / 2, b: mr - t / 2})
    return tuple(Quantity(f"c_{k}", f"c_{k}", f"Taylor coefficient of delta^{k} of d_B(m + delta/2, m - delta/2)",
                          definition=e.xreplace({mr: m}),
                          typeset=rf"c_{k} = \frac{{1}}{{{k}!}}\, \frac{{d^{k}}}{{d\delta^{k}}}\, "
                          r"d_B(m + \delta/2, m - \delta/2) \text{ at } \delta = 0")
                 for k, e in enumerate(_taylor(line, t, 6), 1))


S6_COEFFICIENTS = _bernoulli_coefficients()

#: S7 at any C: the logits a, b in R^C drawn from the seed, m = (a + b)/2, delta = a - b, p_m = softmax(m)
_SOFTMAX_DB = (r"-\log \sum_{c=1}^{C} \sqrt{\operatorname{softmax}{(a)}_c \operatorname{softmax}{(b)}_c}")
D_B_SOFTMAX = measured(d_B, "d_B", "Bhattacharyya distance between softmax(a) and softmax(b)",
                       _SOFTMAX_DB, _MP + "categorical_db", rel="=")
LSES = tuple(measured(f"LSE_{x}", rf"\mathrm{{LSE}}_{x}", f"log-partition of the {what}",
                      rf"\log \sum_{{c=1}}^{{C}} e^{{{z}}}", _MP + "lse", rel="=")
             for x, z, what in (("a", "a_c", "logits a"), ("b", "b_c", "logits b"),
                                ("m", "(a_c + b_c)/2", "midpoint logits m = (a + b)/2")))
_MD = r",\ m = (a + b)/2,\ \delta = a - b"
_P_M = r",\ p_m = \operatorname{softmax}(m)" + _MD
Q_M = measured("Q_m", "Q_m", "quadratic form of the logit difference in the softmax covariance at the midpoint logits",
               r"\delta^{\top} (\operatorname{diag} p_m - p_m p_m^{\top})\, \delta" + _P_M,
               _CHK + "_midpoint_stats", rel="=")
KAPPA_4 = measured(r"\kappa_4", r"\kappa_4", "fourth cumulant mu_4 - 3 mu_2^2 of h = delta/2 under p_m",
                   r"\mu_4 - 3 \mu_2^2,\ \mu_j = \sum_{c=1}^{C} p_{m,c} {(h_c - \bar h)}^j,\ "
                   r"\bar h = \sum_{c=1}^{C} p_{m,c} h_c,\ h = \delta/2" + _P_M, _CHK + "_midpoint_stats", rel="=")
L_DELTA = measured("L_delta", r"L_\delta", "range max_c delta_c - min_c delta_c of the logit difference",
                   r"\max_c \delta_c - \min_c \delta_c,\ \delta = a - b", _CHK + "_midpoint_stats", rel="=")
S7_COEFFICIENTS = tuple(
    measured(f"c_{k}", f"c_{k}", f"Taylor coefficient of t^{k} of d_B(m + t delta/2, m - t delta/2)",
             rf"\frac{{1}}{{{k}!}}\, \frac{{d^{k}}}{{dt^{k}}}\, d_B(\operatorname{{softmax}}(m + t\delta/2), "
             rf"\operatorname{{softmax}}(m - t\delta/2)) \text{{ at }} t = 0" + _MD, _MP + "line_coefficients", rel="=")
    for k in range(1, 5))

# ---------------------------------------------------------------- parameters
#: one object per parameter name; a claim with a narrower domain takes ``replace(P, domain=...)`` of it, so a check
#: binds every claim's ``C`` (say) by the one ``CLASSES`` (points are keyed by name)
SIGMA = Param("sigma", Interval(R_(1, 100), 100), "Gaussian output noise sigma")
CLASSES = Param("C", IntRange(1, 5), "output dimension")
MU1 = Param("mu1", Sequence(Interval(-10, 10), "C"), "mean mu_1")
MU2 = Param("mu2", Sequence(Interval(-10, 10), "C"), "mean mu_2")
SAMPLES = Param("N", IntRange(1, 4), "samples")
SEED = Param("seed", IntRange(0, 10**6), "draw of the logits")
SCALE = Param("scale", Interval(R_(1, 100), 10), "logit scale")
OUTPUT = Param("output", Choice(("bernoulli", "categorical")), "output model")
LOGIT = Param("a", Interval(-600, 600), "logit a (spec: N(0, s^2), s up to 300)")
LOGIT_B = Param("b", Interval(-600, 600), "logit b")
MID = Param("m", Interval(-50, 50), "midpoint logit m = (a+b)/2")
DELTA = Param("delta", Interval(-100, 100), "logit difference delta = a - b")
LOG10_S = Param("log10_s", Interval(-4, 1), "b = a + N(0, s^2 I), s = 10^log10_s in [1e-4, 10]")
SOFTMAX = (replace(CLASSES, domain=IntRange(2, 8), description="classes"),
           replace(SEED, description="draw of a and of the direction"),
           replace(SCALE, domain=Interval(0, 100), description="a ~ N(0, scale^2 I) (spec: 3; larger = huge-logit "
                                                                 "sub-domain)"),
           LOG10_S)


# ---------------------------------------------------------------- S7 at a fixed number of classes
def _softmax(z) -> list:
    """``softmax(z)_c = exp(z_c) / sum_j exp(z_j)``, written ``1 / sum_j exp(z_j - z_c)`` (at C = 2: the sigmoid)."""
    return [1 / sum(sp.exp(zj - zc) for zj in z) for zc in z]


def _lse(z):
    return sp.log(sum(sp.exp(zc) for zc in z))


def _mid_diff(C: int) -> tuple:
    """The midpoint and difference logits ``m, delta`` at ``C`` classes, ``m_1 = delta_1 = 0``."""
    return ((sp.Integer(0), *sp.symbols(f"m_2:{C + 1}")), (sp.Integer(0), *sp.symbols(f"delta_2:{C + 1}")))


def _logits(m, delta) -> tuple:
    """``a = m + delta/2`` and ``b = m - delta/2``."""
    return [x + y / 2 for x, y in zip(m, delta)], [x - y / 2 for x, y in zip(m, delta)]


def _bhattacharyya(m, delta):
    """``d_B`` from its defining sum ``-log sum_c sqrt(softmax(a)_c softmax(b)_c)``."""
    a, b = _logits(m, delta)
    return -sp.log(sum(sp.sqrt(p * q) for p, q in zip(_softmax(a), _softmax(b))))


@functools.lru_cache(maxsize=None)
def _softmax_quantities(C: int) -> tuple:
    """The parameters and quantities of S7 at ``C`` classes (see :func:`softmax_at`)."""
    m, delta = _mid_diff(C)
    params = tuple(Param(x.name, dom, f"{what} of class {c} (class 1: 0)") for c in range(2, C + 1)
                   for x, dom, what in ((m[c - 1], MID.domain, "midpoint logit m_c = (a_c + b_c)/2"),
                                        (delta[c - 1], DELTA.domain, "logit difference delta_c = a_c - b_c")))
    a, b = _logits(m, delta)
    p = tuple(Quantity(f"p_m_{c}", f"p_{{m,{c}}}", f"softmax(m)_{c}: class {c} at the midpoint logits",
                       definition=e) for c, e in enumerate(_softmax(m), 1))
    P, D = sp.Matrix([q.symbol for q in p]), sp.Matrix(delta)
    h = D / 2
    mean = (P.T * h)[0]
    mu = lambda k: sum(q.symbol * (x - mean) ** k for q, x in zip(p, h))   # central moments of h under p_m
    return params, (
        replace(D_B_SOFTMAX, definition=_bhattacharyya(m, delta)),
        *(replace(q, definition=_lse(z)) for q, z in zip(LSES, (a, b, m))),
        *p,
        replace(Q_M, definition=(D.T * (sp.diag(*P) - P * P.T) * D)[0], uses=p),
        replace(KAPPA_4, definition=mu(4) - 3 * mu(2) ** 2, uses=p),
        replace(L_DELTA, definition=sp.Max(*delta) - sp.Min(*delta)),
    )


@functools.lru_cache(maxsize=None)
def _taylor_quantities(C: int) -> tuple:
    """``c_k = (1/k!) d^k/dt^k d_B(m + t delta/2, m - t delta/2)`` at ``t = 0``, ``k = 1..4``, by SymPy's ``diff``
    of the defining sum (symbols taken real, so ``sqrt(exp(x)^2) = exp(x)``; given back plain)."""
    m, delta = _mid_diff(C)
    t = sp.Symbol("t", real=True)
    real = {x: sp.Symbol(x.name, real=True) for x in (*m[1:], *delta[1:])}
    line = _bhattacharyya([x.xreplace(real) for x in m], [t * y.xreplace(real) for y in delta])
    back = {v: k for k, v in real.items()}
    return tuple(replace(q, definition=e.xreplace(back)) for q, e in zip(S7_COEFFICIENTS, _taylor(line, t, 4)))


def softmax_at(claim: Claim, C: int) -> Claim:
    """An S7 ``claim`` restated at ``C`` classes in closed form (same id and statement).  Softmax is invariant
    under a common shift of the logits, so ``a = m + delta/2``, ``b = m - delta/2`` with ``m_1 = delta_1 = 0``; the
    parameters are ``m_2..m_C`` in [-50, 50] and ``delta_2..delta_C`` in [-100, 100] (the S6 domains), and the
    statement's symbols are quantities defined from their definitions: ``d_B`` by its defining sum (never through
    ``LSE``), ``LSE_a``, ``LSE_b``, ``LSE_m``, ``p_m = softmax(m)``, ``Q_m``, ``kappa_4``, ``L_delta`` and the
    Taylor coefficients ``c_k`` (derived only for the statements that use them: SymPy takes seconds)."""
    params, qs = _softmax_quantities(C)
    if claim.statement.has(c1):
        qs += _taylor_quantities(C)
    return claim.variant(title=f"{claim.title} (C = {C})", parameters=params, quantities=qs, reductions=None)


def softmax_reductions(claim: Claim) -> tuple:
    """``claim`` at two and three classes (:func:`softmax_at`), labelled ``"C = 2"`` and ``"C = 3"``."""
    return tuple((f"C = {C}", softmax_at(claim, C)) for C in (2, 3))


# ---------------------------------------------------------------- derivations (SymPy; built on first use)
def _gaussian_steps():
    y, u, m1, m2 = sp.symbols("y u mu_1 mu_2", real=True)
    s = sp.Symbol("sigma", positive=True)
    dens = lambda mu: sp.exp(-(y - mu) ** 2 / (2 * s ** 2)) / sp.sqrt(2 * sp.pi * s ** 2)
    mbar, gap = (m1 + m2) / 2, (m1 - m2) ** 2
    unit = sp.integrate(sp.exp(-u ** 2 / (2 * s ** 2)) / sp.sqrt(2 * sp.pi * s ** 2), (u, -sp.oo, sp.oo))
    return (
        Step(sp.Eq(sp.sqrt(dens(m1) * dens(m2)),
                   sp.exp(-((y - m1) ** 2 + (y - m2) ** 2) / (4 * s ** 2)) / sp.sqrt(2 * sp.pi * s ** 2)),
             "sqrt of the product of the two 1-D densities"),
        Step(sp.Eq((y - m1) ** 2 + (y - m2) ** 2, 2 * (y - mbar) ** 2 + gap / 2), "complete the square"),
        Step(sp.Eq(unit, 1), "the remaining Gaussian integral (u = y - mu_bar) is 1: sympy.integrate"),
        Step(sp.Eq(-sp.log(sp.exp(-gap / (8 * s ** 2)) * unit), gap / (8 * s ** 2)),
             "-log BC for one coordinate"),
        Step(sp.true, "N(mu, sigma^2 I_C) is the product of its C coordinate densities, so BC is the product "
                      "and d_B the sum over coordinates", StepCheck.DEFINITION),
    )


def _product_steps():
    p1, p2, q1, q2, r1, r2, s1, s2 = sp.symbols("p_1 p_2 q_1 q_2 r_1 r_2 s_1 s_2", positive=True)
    # two samples, binary outcomes: P(y1, y2) = p_{y1} q_{y2}, P'(y1, y2) = r_{y1} s_{y2}
    joint = sum(sp.sqrt(x * y * z * w) for x, z in ((p1, r1), (p2, r2)) for y, w in ((q1, s1), (q2, s2)))
    bc1, bc2 = sp.sqrt(p1 * r1) + sp.sqrt(p2 * r2), sp.sqrt(q1 * s1) + sp.sqrt(q2 * s2)
    return (
        Step(sp.Eq(joint, bc1 * bc2), "Fubini: the joint BC of product laws factorises (N = 2, binary outcomes)"),
        Step(sp.Eq(-sp.log(bc1 * bc2) / 2, (-sp.log(bc1) - sp.log(bc2)) / 2),
             "-(1/N) log of the product = mean of the per-sample d_B"),
        Step(sp.true, "induction on N (Fubini for any finite product)", StepCheck.DEFINITION),
    )


def _sig(x):
    return 1 / (1 + sp.exp(-x))


def _logcosh_steps():
    x, y = sp.symbols("a b", real=True)
    cx, cy, E = sp.cosh(x / 2), sp.cosh(y / 2), sp.exp
    return (
        Step(sp.Eq(_sig(x), (E(x / 2) / (2 * cx)).rewrite(E)), "p(a) = e^{a/2} / (2 cosh(a/2))"),
        Step(sp.Eq(_sig(x) * _sig(y), (E((x + y) / 2) / (4 * cx * cy)).rewrite(E)), "p(a) p(b)"),
        Step(sp.Eq(_sig(-x) * _sig(-y), (E(-(x + y) / 2) / (4 * cx * cy)).rewrite(E)),
             "p(-a) p(-b) = (1-p(a))(1-p(b))"),
        Step(sp.Eq(sp.sqrt(E((x + y) / 2) / (4 * cx * cy)) + sp.sqrt(E(-(x + y) / 2) / (4 * cx * cy)),
                   sp.cosh((x + y) / 4) / sp.sqrt(cx * cy)),
             "square roots of the positive products; (e^u + e^{-u})/2 = cosh u"),
        Step(sp.Eq(-sp.log(sp.cosh((x + y) / 4) / sp.sqrt(cx * cy)),
                   sp.log(cx) / 2 + sp.log(cy) / 2 - sp.log(sp.cosh((x + y) / 4))), "take -log"),
    )


BERNOULLI_COEFFS = {2: v / 8, 4: v * (1 - 6 * v) / 384, 6: v * (1 - 30 * v + 120 * v ** 2) / 46080}


def _series_steps():
    mm, dd = sp.symbols("m delta", real=True)
    f = lambda x: sp.log(sp.cosh(x / 2))
    g = f(mm + dd / 2) / 2 + f(mm - dd / 2) / 2 - f(mm)
    ser = sp.series(g, dd, 0, 8).removeO()
    vm = _sig(mm) * (1 - _sig(mm))
    steps = [Step(sp.Eq(_sig(mm) * (1 - _sig(mm)), sp.diff(f(mm), mm, 2).rewrite(sp.exp)),
                  "f = log cosh(x/2): f'' = p(1-p) = v")]
    for k in range(8):
        stated = BERNOULLI_COEFFS.get(k, sp.Integer(0)).subs(v, vm)
        steps.append(Step(sp.Eq(ser.coeff(dd, k).rewrite(sp.exp), stated),
                          f"coefficient of delta^{k} of sympy.series(d_B(m + delta/2, m - delta/2)) vs the statement"))
    steps.append(Step(sp.true, "radius |delta| < 2 sqrt(m^2 + pi^2): log cosh(x/2) is analytic except at "
                               "x = i pi (2j+1) (not checked numerically)", StepCheck.CITED))
    return tuple(steps)


def _softmax_steps():
    xs, ys = sp.symbols("a_1:4", real=True), sp.symbols("b_1:4", real=True)
    x, y = sp.symbols("a b", real=True)
    Z = lambda zs: sum(sp.exp(z) for z in zs)
    lse = lambda zs: sp.log(Z(zs))
    mid = [(x + y) / 2 for x, y in zip(xs, ys)]
    root_sum = sum(sp.exp((x + y) / 2) for x, y in zip(xs, ys)) / sp.sqrt(Z(xs) * Z(ys))
    return (
        Step(sp.Eq(sum(sp.sqrt(sp.exp(x) / Z(xs) * sp.exp(y) / Z(ys)) for x, y in zip(xs, ys)), root_sum),
             "sqrt(softmax(a)_c softmax(b)_c) = exp((a_c+b_c)/2 - LSE(a)/2 - LSE(b)/2)  (C = 3)"),
        Step(sp.Eq(-sp.log(root_sum), lse(xs) / 2 + lse(ys) / 2 - lse(mid)), "take -log: a Jensen gap of LSE"),
        Step(sp.Eq(1 + sp.exp(x), (2 * sp.exp(x / 2) * sp.cosh(x / 2)).rewrite(sp.exp)),
             "C = 2, logits (0, x): LSE = log(1 + e^x) = x/2 + log(2 cosh(x/2))"),
        Step(sp.Eq(sum(w * (z / 2 + sp.log(2 * sp.cosh(z / 2)))
                       for w, z in ((R_(1, 2), x), (R_(1, 2), y), (-1, (x + y) / 2))),
                   LOGCOSH.subs({a: x, b: y})),
             "the C = 2 case with logits (0, a), (0, b) is S5"),
    )


def _cumulant_steps():
    t = sp.Symbol("t", real=True)
    steps = []
    for C, orders in ((3, (1, 2, 3)), (2, (4,))):
        ms, hs = sp.symbols(f"m_1:{C + 1}", real=True), sp.symbols(f"h_1:{C + 1}", real=True)
        K = lambda s_: sp.log(sum(sp.exp(x + s_ * h) for x, h in zip(ms, hs)))
        gap = K(t) / 2 + K(-t) / 2 - K(0)   # d_B(m + t h, m - t h), h = delta / 2
        Zm = sum(sp.exp(x) for x in ms)
        p = [sp.exp(x) / Zm for x in ms]
        mean = sum(pi * h for pi, h in zip(p, hs))
        mom = lambda k: sum(pi * (h - mean) ** k for pi, h in zip(p, hs))
        target = {1: 0, 2: mom(2), 3: 0, 4: mom(4) - 3 * mom(2) ** 2}
        for k in orders:
            steps.append(Step(sp.Eq(sp.diff(gap, t, k).subs(t, 0), target[k]),
                              f"d^{k}/dt^{k} of the even part of the CGF of h under p_m at t = 0 "
                              f"= {'kappa_' + str(k) + '(h)' if k % 2 == 0 else '0'}  (C = {C})"))
    steps.append(Step(sp.true, "kappa_2(h)/2! = delta^T (diag p_m - p_m p_m^T) delta / 8 since h = delta/2",
                      StepCheck.DEFINITION))
    return tuple(steps)


def _bernoulli_bound_steps(order: int):
    """Taylor in h = delta/2: g is even, g(0) = g'(0) = 0, g^(k)(h) = [f^(k)(m+h) + f^(k)(m-h)]/2."""
    mm, hh, vv, dd, p_, x = sp.symbols("m h v delta p x", real=True)
    f = lambda y: sp.log(sp.cosh(y / 2))
    g = f(mm + hh) / 2 + f(mm - hh) / 2 - f(mm)
    fk = lambda y: sp.diff(f(x), x, order).subs(x, y)
    if order == 2:
        sup = [Step(sp.Eq(R_(1, 4) - p_ * (1 - p_), (1 - 2 * p_) ** 2 / 4),
                    "1/4 - v = (1-2p)^2/4 >= 0: f'' = v <= 1/4")]
        const = Step(sp.Eq(R_(1, 4) * (dd / 2) ** 2 / 2, dd ** 2 / 32), "g(h) <= sup g'' h^2/2 = (1/4)(delta/2)^2/2")
    else:
        sup = [Step(sp.Eq(R_(1, 8) + vv * (1 - 6 * vv), 6 * (R_(1, 4) - vv) * (vv + R_(1, 12))),
                    "v(1-6v) >= -1/8 on v in [0, 1/4] (f'''' = v(1-6v): S6 series steps)"),
               Step(sp.Eq(R_(1, 8) - vv * (1 - 6 * vv), 6 * (vv - R_(1, 12)) ** 2 + R_(1, 12)),
                    "v(1-6v) <= 1/8, hence |f''''| <= 1/8")]
        const = Step(sp.Eq(R_(1, 8) * (dd / 2) ** 4 / 24, dd ** 4 / 3072),
                     "|g - v h^2/2| <= sup|g''''| h^4/4! = (1/8)(delta/2)^4/24 (g''(0) = f''(m) = v)")
    return (Step(sp.Eq(sp.diff(g, hh, order), (fk(mm + hh) + fk(mm - hh)) / 2),
                 f"g(h) = f(m + h)/2 + f(m - h)/2 - f(m), f(x) = log cosh(x/2), h = delta/2: g^({order})(h) is the average of "
                 f"f^({order}) at m +- h"),
            *sup, const,
            Step(sp.true, "Taylor's theorem with Lagrange remainder; the odd derivatives of the even g vanish at 0",
                 StepCheck.CITED))


def _softmax_bound_steps(order: int):
    """K(s) = LSE(m + s h) - LSE(m): K^(n)(s) is the n-th cumulant of the tilted law, range L = L_delta/2."""
    L, mu2, dd = sp.symbols("L mu_2 L_delta", positive=True)
    if order == 2:
        bound = [Step(sp.true, "K(s) = LSE(m + s h) - LSE(m), h = delta/2: K'' is the variance of h under the tilted softmax law, of range "
                                "L = L_delta/2; Popoviciu: Var <= L^2/4 for a law supported on an interval of length L",
                      StepCheck.CITED)]
        const = Step(sp.Eq((L ** 2 / 4 / 2).subs(L, dd / 2), dd ** 2 / 32), "d_B <= sup K''/2 = L^2/8 = L_delta^2/32")
    else:
        bound = [Step(sp.true, "K(s) = LSE(m + s h) - LSE(m), h = delta/2: K'''' = kappa_4 = mu_4 - 3 mu_2^2 (central moments of h under the "
                               "tilted softmax law, of range L = L_delta/2) >= -2 mu_2^2 (mu_4 >= mu_2^2) >= -L^4/8 (Popoviciu); "
                               "mu_4 <= L^2 mu_2", StepCheck.CITED),
                 Step(sp.Eq(L ** 4 / 12 - (L ** 2 * mu2 - 3 * mu2 ** 2), 3 * (mu2 - L ** 2 / 6) ** 2),
                      "L^2 mu_2 - 3 mu_2^2 <= L^4/12 <= L^4/8: |kappa_4| <= L^4/8")]
        const = Step(sp.Eq((L ** 4 / 8 / 24).subs(L, dd / 2), dd ** 4 / 3072),
                     "|d_B - K''(0)/2| <= sup|K''''|/4! = L^4/192 = L_delta^4/3072")
    return (*bound, const, Step(sp.true, "Taylor to order 4 of the even part K(1)/2 + K(-1)/2 - K(0)",
                                StepCheck.CITED))


# ================================================================ S3
CLAIMS.append(Claim(
    id="ribbon.gaussian_bhattacharyya", tag="S3", kind=Kind.EXACT,
    title="Gaussian output: d_B(N(mu_1, sigma^2 I), N(mu_2, sigma^2 I)) = |mu_1 - mu_2|^2 / (8 sigma^2)",
    statement=sp.Eq(d_B, Delta2 / (8 * sigma ** 2)),
    parameters=(SIGMA, CLASSES, MU1, MU2),
    derivation=_gaussian_steps, provenance=_prov("S3"), quantities=(D_B_GAUSS, DELTA2),
))
CLAIMS.append(Claim(
    id="ribbon.gaussian_intensive", tag="S3", kind=Kind.EXACT,
    title="Gaussian output: D_ij = |Z_i - Z_j|_F^2 / (8 sigma^2 N)",
    statement=sp.Eq(D, ZF2 / (8 * sigma ** 2 * N)),
    parameters=(SIGMA, SAMPLES, replace(CLASSES, domain=IntRange(1, 3), description="outputs"), SEED, SCALE),
    derivation=_gaussian_steps, provenance=_prov("S3, §1.5"), quantities=(D_INT, ZF2_Q),
))

# ================================================================ S4
CLAIMS.append(Claim(
    id="ribbon.intensive_product", tag="S4", kind=Kind.EXACT,
    title="intensive distance: -(1/N) log BC(joint product laws) = (1/N) sum_n d_B(per sample)",
    statement=sp.Eq(-sp.log(BCJ) / N, SdB / N),
    parameters=(OUTPUT, replace(SAMPLES, domain=IntRange(1, 6)),
                replace(CLASSES, domain=IntRange(2, 3), description="classes (categorical)"), SEED,
                replace(SCALE, domain=Interval(R_(1, 1000), 30))),
    derivation=_product_steps, provenance=_prov("S4"), quantities=(BCJ_Q, SDB_Q),
))

# ================================================================ S5
LOGCOSH = (sp.log(sp.cosh(a / 2)) / 2 + sp.log(sp.cosh(b / 2)) / 2 - sp.log(sp.cosh((a + b) / 4)))
CLAIMS.append(Claim(
    id="ribbon.bernoulli_logcosh", tag="S5", kind=Kind.EXACT,
    title="Bernoulli output: d_B(a, b) = (1/2) log cosh(a/2) + (1/2) log cosh(b/2) - log cosh((a+b)/4)",
    statement=sp.Eq(d_B, LOGCOSH), parameters=(LOGIT, LOGIT_B),
    assumptions=("p = sigmoid; the reference is the defining sum with p(-a), never 1 - p(a)",),
    derivation=_logcosh_steps, provenance=_prov("S5"), quantities=(D_B_BERNOULLI,),
))

# ================================================================ S6
CLAIMS.append(Claim(
    id="ribbon.bernoulli_midpoint_series", tag="S6", kind=Kind.EXACT,
    title="Bernoulli: d_B = v delta^2/8 + v(1-6v) delta^4/384 + v(1-30v+120v^2) delta^6/46080 + O(delta^8), "
          "odd coefficients 0",
    statement=sp.And(sp.Eq(c1, 0), sp.Eq(c2, BERNOULLI_COEFFS[2]), sp.Eq(c3, 0), sp.Eq(c4, BERNOULLI_COEFFS[4]),
                     sp.Eq(c5, 0), sp.Eq(c6, BERNOULLI_COEFFS[6])),
    parameters=(MID,),
    assumptions=("c_k = Taylor coefficient of delta -> d_B(m + delta/2, m - delta/2) at delta = 0",
                 "v = p_m (1 - p_m), p_m = sigmoid(m)"),
    derivation=_series_steps, provenance=_prov("S6"), quantities=(*S6_COEFFICIENTS, V_MID),
))
CLAIMS.append(Claim(
    id="ribbon.bernoulli_quadratic_bound", tag="S6", kind=Kind.INEQ,
    title="Bernoulli: 0 <= d_B <= delta^2 / 32",
    statement=sp.And(sp.Le(0, d_B), sp.Le(d_B, delta ** 2 / 32)), parameters=(MID, DELTA),
    derivation=lambda: _bernoulli_bound_steps(2), provenance=_prov("S6"), quantities=S6_QUANTITIES,
))
CLAIMS.append(Claim(
    id="ribbon.bernoulli_remainder_bound", tag="S6", kind=Kind.INEQ,
    title="Bernoulli: |d_B - v delta^2 / 8| <= delta^4 / 3072",
    statement=sp.Le(sp.Abs(d_B - v * delta ** 2 / 8), delta ** 4 / 3072), parameters=(MID, DELTA),
    assumptions=("v = p_m (1 - p_m), p_m = sigmoid((a+b)/2)",),
    derivation=lambda: _bernoulli_bound_steps(4), provenance=_prov("S6"), quantities=S6_QUANTITIES,
))

# ================================================================ S7
CLAIMS.append(Claim(
    id="ribbon.softmax_jensen", tag="S7", kind=Kind.EXACT,
    title="softmax output: d_B = LSE(a)/2 + LSE(b)/2 - LSE((a+b)/2)",
    statement=sp.Eq(d_B, LSE_a / 2 + LSE_b / 2 - LSE_m), parameters=SOFTMAX,
    derivation=_softmax_steps, reductions=softmax_reductions, provenance=_prov("S7"),
    quantities=(D_B_SOFTMAX, *LSES),
))
CLAIMS.append(Claim(
    id="ribbon.softmax_cumulant_series", tag="S7", kind=Kind.EXACT,
    title="softmax: d_B = sum_j kappa_2j(h)/(2j)!: quadratic term delta^T (diag p_m - p_m p_m^T) delta / 8, "
          "quartic kappa_4(h)/24, odd terms 0",
    statement=sp.And(sp.Eq(c1, 0), sp.Eq(c2, Qm / 8), sp.Eq(c3, 0), sp.Eq(c4, kappa4 / 24)),
    parameters=SOFTMAX,
    assumptions=("c_k = Taylor coefficient of t -> d_B(m + t delta/2, m - t delta/2) at t = 0",
                 "Q_m = delta^T (diag p_m - p_m p_m^T) delta, kappa_4 = 4th cumulant of h = delta/2 under p_m"),
    derivation=_cumulant_steps, reductions=softmax_reductions, provenance=_prov("S7"),
    quantities=(*S7_COEFFICIENTS, Q_M, KAPPA_4),
))
CLAIMS.append(Claim(
    id="ribbon.softmax_quadratic_bound", tag="S7", kind=Kind.INEQ,
    title="softmax: 0 <= d_B <= L_delta^2 / 32, L_delta = max delta - min delta",
    statement=sp.And(sp.Le(0, d_B), sp.Le(d_B, Ldelta ** 2 / 32)), parameters=SOFTMAX,
    derivation=lambda: _softmax_bound_steps(2), reductions=softmax_reductions, provenance=_prov("S7"),
    quantities=(D_B_SOFTMAX, L_DELTA),
))
CLAIMS.append(Claim(
    id="ribbon.softmax_remainder_bound", tag="S7", kind=Kind.INEQ,
    title="softmax: |d_B - delta^T (diag p_m - p_m p_m^T) delta / 8| <= L_delta^4 / 3072",
    statement=sp.Le(sp.Abs(d_B - Qm / 8), Ldelta ** 4 / 3072), parameters=SOFTMAX,
    derivation=lambda: _softmax_bound_steps(4), reductions=softmax_reductions, provenance=_prov("S7"),
    quantities=(D_B_SOFTMAX, Q_M, L_DELTA),
))
CLAIMS = tuple(CLAIMS)
