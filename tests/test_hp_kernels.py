"""``verify.hp.gauss``: closed forms against the independent reference route (spec F2 Verification (ii)),
tanh trapezoid certification and cross-check against nested tanh-sinh, local precision only."""
import mpmath
import pytest
import sympy as sp

from sloppy_verifier.theory.fisher import kernels as tk
from sloppy_verifier.verify.hp.gauss import ClosedKernels, TanhKernels, UncertifiedError, kernels, reference_K
from sloppy_verifier.verify.mpeval import context, mp_function

POINTS = [("2", "2", "0.7"), ("1.3", "0.4", "0.5"), ("0.8", "2.5", "-1.1"), ("3", "3", "2.9999")]
SLOPES = ["0", "0.1", "-0.3", "1"]                  # AB-ReLU a (b = 1): relu ... linear
CASES = [("leaky_relu", a) for a in SLOPES] + [("erf", None)]
TOL = mpmath.mpf("1e-35")


def _grid():
    """Every (activation, point); one point per activation runs by default, the rest are slow."""
    return [pytest.param(act, a, pt, id=f"{act}{a or ''}-{pt}",
                         marks=[] if (i + j) % len(POINTS) == 0 else [pytest.mark.slow])
            for i, (act, a) in enumerate(CASES) for j, pt in enumerate(POINTS)]


@pytest.mark.parametrize("act,a,pt", _grid())
def test_closed_form_matches_reference(act, a, pt):
    k = kernels(act, a, 40)
    K, Kd = reference_K(act, a, *pt, dps=40)
    assert abs(k.K(*pt) - K) < TOL
    assert abs(k.Kd(*pt) - Kd) < TOL


def test_named_activations_are_the_ab_relu_endpoints():
    pt = POINTS[0]
    for name, a in (("relu", "0"), ("linear", "1")):
        assert kernels(name, None, 40).K(*pt) == kernels("leaky_relu", a, 40).K(*pt)


def test_planted_wrong_closed_form_is_detected():
    """ReLU K with its 2*pi replaced by 3*pi (pi -> 3 pi/2): the reference route must reject it."""
    good = tk.closed_form("relu")
    bad = tk.KernelForms(**{**good.__dict__, "K": good.K.subs(sp.pi, sp.Rational(3, 2) * sp.pi)})
    assert bad.K != good.K
    pt = POINTS[0]
    K, _ = reference_K("relu", None, *pt, dps=40)
    assert abs(ClosedKernels(good, 40).K(*pt) - K) < TOL
    assert abs(ClosedKernels(bad, 40).K(*pt) - K) > mpmath.mpf("1e-3")


def test_tanh_h_vs_07h():
    """The certified value agrees with a run at half the step to 1e-dps; an impossible target raises."""
    k = TanhKernels(30)
    w = k._w
    for pt in [(w.mpf(2), w.mpf(2), w.mpf("0.7")), (w.mpf("0.8"), w.mpf("2.5"), w.mpf("-1.1"))]:
        fine, half = k.two_d(*pt, 0.7), k.two_d(*pt, 0.5)
        for x, y in zip(fine, half):
            assert abs(x - y) < mpmath.mpf("1e-30")
    k._h = lambda smax, factor: w.mpf(0.6 * factor)    # steps far too coarse for 30 digits
    with pytest.raises(UncertifiedError):
        k._certified(k.two_d, w.mpf(2), w.mpf(2), w.mpf("0.7"))


@pytest.mark.parametrize("s", ["0.3", "2.5", "7"])
def test_tanh_1d_against_tanh_sinh(s):
    ctx, k = context(50), kernels("tanh", None, 40)
    E = lambda f: ctx.quad(lambda z: ctx.npdf(z) * f(ctx.sqrt(ctx.mpf(s)) * z), [-ctx.inf, 0, ctx.inf])
    assert abs(k.V(s) - E(lambda x: ctx.tanh(x) ** 2)) < TOL
    assert abs(k.Vd(s) - E(lambda x: ctx.sech(x) ** 4)) < TOL


@pytest.mark.slow
def test_tanh_against_nested_tanh_sinh():
    """One 2-D point against nested adaptive tanh-sinh (~2 min at dps 20: the nested route is slow)."""
    pt = ("2", "2", "0.7")
    K, Kd = reference_K("tanh", None, *pt, dps=20)
    k = kernels("tanh", None, 25)
    assert abs(k.K(*pt) - K) < mpmath.mpf("1e-19")
    assert abs(k.Kd(*pt) - Kd) < mpmath.mpf("1e-19")


def test_tanh_degenerate_correlations():
    """c = 0 (K = 0, Kd factorises), c = 1 (K = V), c = -1 (K = -V), and symmetry in (s11, s22)."""
    k = kernels("tanh", None, 30)
    assert k.K(2, 2, 0) == 0
    ctx = context(40)
    m = lambda s: ctx.quad(lambda z: ctx.npdf(z) * ctx.sech(ctx.sqrt(s) * z) ** 2, [-ctx.inf, 0, ctx.inf])
    assert abs(k.Kd(2, 3, 0) - m(2) * m(3)) < mpmath.mpf("1e-30")
    assert k.K(2, 2, 2) == k.V(2)
    assert k.K(2, 2, -2) == -k.V(2)
    assert k.Kd(2, 2, 2) == k.Vd(2)
    assert abs(k.K("0.8", "2.5", "-1.1") - k.K("2.5", "0.8", "-1.1")) < mpmath.mpf("1e-30")


def test_results_live_in_the_local_context_and_global_precision_is_untouched():
    before = mpmath.mp.dps
    for act in ("relu", "erf", "tanh"):
        v = kernels(act, None, 45).K("1.3", "0.4", "0.5")
        assert v.context is context(45)
    reference_K("erf", None, "1.3", "0.4", "0.5", dps=45)
    assert mpmath.mp.dps == before


# ---------------------------------------------------------------- correlations within 1e-8 .. 1e-30 of +-1
NEAR = ["1e-8", "1e-30"]


def _taylor_at_one(f, s, delta, dps=70, terms=9):
    """Independent route, equal variances ``s``: Price's theorem ``d^n K/dc^n = s^n E[f^{(n)}(u) f^{(n)}(v)]`` taken
    at ``c = 1`` (``u = v``), so ``K(1 - δ) = Σ_n (−δ s)^n / n! E[f^{(n)}(sqrt(s) z)²]`` (remainder ~ δ^terms);
    derivatives by SymPy, expectations by tanh-sinh quadrature."""
    m = context(dps)
    x = sp.Symbol("x")
    total = m.zero
    for n in range(terms):
        g = mp_function((x,), sp.diff(f(x), x, n), dps)                # in the local context, not global mp
        e = m.quad(lambda z: m.npdf(z) * g(m.sqrt(s) * z) ** 2, [-m.inf, 0, m.inf])
        total += (-delta * s) ** n / m.factorial(n) * e
    return total


@pytest.mark.parametrize("delta", NEAR)
def test_tanh_near_plus_and_minus_one(delta):
    """tanh at c = ±(1 − δ) against the Taylor series at c = 1 (independent of the kernel code) at 50 digits;
    before issue 15 the lattice rule refused |c| within ~2.5e-7 of 1."""
    m = context(60)
    s, d = m.mpf("1.7"), m.mpf(delta)
    k = kernels("tanh", None, 50)
    K = _taylor_at_one(sp.tanh, s, d)
    Kd = _taylor_at_one(lambda x: sp.sech(x) ** 2, s, d)
    tol = m.mpf(10) ** -48
    assert abs(k.K(s, s, (1 - d) * s) - K) < tol and abs(k.Kd(s, s, (1 - d) * s) - Kd) < tol
    assert abs(k.K(s, s, -(1 - d) * s) + K) < tol and abs(k.Kd(s, s, -(1 - d) * s) - Kd) < tol   # tanh odd


def test_tanh_series_and_lattice_agree_where_both_apply():
    """Unequal variances at 1 - |c| = 1e-5 (both rules valid): the series and the lattice agree to 45 digits."""
    k = kernels("tanh", None, 50)
    w = k._w
    s11, s22 = w.mpf("0.9"), w.mpf("2.3")
    s12 = (1 - w.mpf("1e-5")) * w.sqrt(s11 * s22)
    series, lattice = k._certified(k.near_one, s11, s22, s12), k._certified(k.two_d, s11, s22, s12)
    assert all(abs(a - b) < w.mpf(10) ** -45 for a, b in zip(series, lattice))


@pytest.mark.parametrize("delta", NEAR)
def test_closed_forms_near_one(delta):
    """relu and erf at c = 1 − δ against their arc-cosine / arcsine closed forms typed here (50 digits)."""
    m = context(70)
    s, d = m.mpf("1.3"), m.mpf(delta)
    c = 1 - d
    relu = kernels("relu", None, 50)
    assert abs(relu.K(s, s, c * s) - s / (2 * m.pi) * (m.sqrt(1 - c * c) + (m.pi - m.acos(c)) * c)) < m.mpf(10) ** -48
    assert abs(relu.Kd(s, s, c * s) - (m.pi - m.acos(c)) / (2 * m.pi)) < m.mpf(10) ** -48
    erf = kernels("erf", None, 50)
    assert abs(erf.K(s, s, c * s) - 2 / m.pi * m.asin(2 * c * s / (1 + 2 * s))) < m.mpf(10) ** -48
    assert abs(erf.Kd(s, s, c * s) - 4 / (m.pi * m.sqrt((1 + 2 * s) ** 2 - (2 * c * s) ** 2))) < m.mpf(10) ** -48


def test_f10c_is_decided_at_depth_30_for_tanh():
    """F10c (depth recursion) for tanh on the ordered side at L = 30, where the correlation reaches 1 - 1e-10
    (issue 15: 'c = 0.99999996 too close to 0 or ±1 for the lattice rule' made it inconclusive)."""
    from dataclasses import replace

    from sloppy_verifier.theory import Choice, Param, select
    from sloppy_verifier.verify.checks import run_check
    from sloppy_verifier.verify.context import PROFILES, Context
    from sloppy_verifier.verify.hp.fisher import order_parameters

    op = order_parameters("tanh", "0.8", "0.5", [1] * 31, dps=30)
    assert 1 - op.q2[-1] / op.q1[-1] < 1e-9
    claim = select(["fisher.depth_recursion"])[0]
    point = {"activation": "tanh", "a": 0, "sigma_w2": sp.Rational(4, 5), "sigma_b2": sp.Rational(1, 2), "L": 30,
             "alphas": (1,) * 31, "i": 2}
    pinned = claim.variant(parameters=tuple(Param(p.name, Choice((point[p.name],))) for p in claim.parameters))
    ctx = Context(profile=replace(PROFILES["quick"], tanh_max_L=30, tanh_examples=1), seed=0, dps=30,
                  progress=lambda msg: None)
    ev = [e for e in run_check(pinned, ctx) if e.tier != "symbolic"]
    assert [e.status for e in ev] == ["holds"] and ev[0].summary.startswith("tanh (L <= 30): held"), ev[0].summary
    assert "L = 30" in ev[0].summary
