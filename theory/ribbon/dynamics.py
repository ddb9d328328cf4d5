"""Hyper-ribbon claims S1–S2 (spec/sloppiness.md §2.A): exact GD trajectories per eigenmode and the
gradient-flow limit.

Setting (spec §1.2): ``L(W) = |XW - Y|_F^2 / 2N``, ``W_{t+1} = W_t - eta X^T (X W_t - Y) / N``,
``Sigma = X^T X / N = sum_k lambda_k v_k v_k^T``, ``X v_k = sqrt(N lambda_k) u_k``, ``W* = X^+ Y``,
``alpha_k = v_k^T (W_0 - W*)`` (one entry per output column), ``r_k = 1 - eta lambda_k``.

Statements are per mode and per output column: the left-hand side is what a check measures on an iterated GD
run (or an eigen-projection of it), the right-hand side carries the formula, so a changed constant or a dropped
factor in the statement is caught by the check.
"""
from __future__ import annotations

import sympy as sp

from ..claim import Choice, Claim, Interval, IntRange, Kind, Param, Provenance, Step, StepCheck, Tag
from ..quantity import Quantity

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R = sp.Rational


def _prov(tag: str) -> Provenance:
    return Provenance(tags=(Tag.P,), source=f"spec/sloppiness.md {tag} (project formulation); "
                      "context: Mao et al. arXiv:2505.08915",
                      note="Project formulation [P]: derived for this project, not attributed to the paper.")


# ---------------------------------------------------------------- symbols (names are the checks' env keys)
eta, lam, t, alpha, N = sp.symbols(r"eta lambda_k t alpha_k N")
w_mode = sp.Symbol(r"v_k^T(W_t-W^*)")            # mode amplitude of the GD weight error
z_mode = sp.Symbol(r"u_k^T(Z_t-Y)")              # mode amplitude of the GD logit residual (lambda_k > 0)
kappa = sp.Symbol("kappa_j")                     # eigenvalue of X X^T / N (0 on the complement of range X)
xi_t, xi_0 = sp.symbols(r"u_j^T(Z_t-Y) u_j^T(Z_0-Y)")
off_t, off_y = sp.symbols(r"[(I-XX^+)(Z_t-Y)]_{nc} [(I-XX^+)Y]_{nc}")
x = sp.Symbol("x")                               # x = eta lambda
z_gd, z_gf = sp.symbols(r"u_k^TZ_t^{GD} u_k^TZ^{GF}(\eta{}t)")
lam_s, tau = sp.symbols(r"lambda tau")
inv_eta = sp.Symbol(r"\eta^{-1}")

r_k = 1 - eta * lam
#: the logit-mode amplitude per unit alpha_k (S1): u_k^T(Z_t - Y) = LOGIT_MODE alpha_k
LOGIT_MODE = r_k ** t * sp.sqrt(N * lam)

# ---------------------------------------------------------------- parameter domains (spec S1 "Tests")
SAMPLES = Param("N", IntRange(1, 40), "samples")
DIM = Param("d", IntRange(1, 30), "input dimension (modes beyond rank N have lambda_k = 0)")
OUTPUTS = Param("C", IntRange(1, 4), "outputs")
SPECTRUM = Param("spectrum", Choice(("geometric", "power", "near_degenerate")),
                 "lambda_k family; near_degenerate: geometric pairs split by a relative gap 1e-9")
LOG10_SPREAD = Param("log10_spread", Interval(-6, 0), "log10(lambda_d / lambda_1), lambda_1 = 1")
ETA_LAM1 = Param("eta_lam1", Choice((R(1, 10), R(1), R(19, 10), R(1999, 1000), R(5, 2))), "eta lambda_1")
STEPS = Param("T", IntRange(1, 10**4), "the step t compared")
TARGET = Param("target", Choice(("realisable", "general")), "Y = X W_teacher, or a generic Y outside range X")
SEED = Param("seed", IntRange(0, 2**20), "draw of X's bases, teacher / Y, W_0")
LOG10_ETA_LAM1 = Param("log10_eta_lam1", Interval(-4, 0), "log10(eta lambda_1): x_k = eta lambda_k in (0, 1]")
GD_DOMAIN = (SAMPLES, DIM, OUTPUTS, SPECTRUM, LOG10_SPREAD, ETA_LAM1, STEPS, TARGET, SEED)
GF_DOMAIN = tuple(p for p in GD_DOMAIN if p is not ETA_LAM1) + (LOG10_ETA_LAM1,)
#: S2's scalar bound and limit
LOG10_X = Param("log10_x", Interval(-8, 0), "x = 10^log10_x")
T_INT = Param("t", IntRange(0, 10**8))
LAMBDA = Param("lambda", Interval(R(1, 100), 10))
TAU = Param("tau", Interval(0, 10))

# ---------------------------------------------------------------- quantities (issue 10): the statements' symbols
_CHK = "sloppy_verifier.verify.checks.ribbon_dynamics."
#: GD iterates and the least-squares solution (spec §1.2)
_GD = r"W_{t+1} = W_t - \eta X^{\top} (X W_t - Y)/N,\ W^* = X^{+} Y"
#: eta and t of the S1 domain (lambda_1 = 1): closed forms in the parameters
ETA_GD = Quantity("eta", r"\eta", "learning rate, in units where lambda_1 = 1", definition=ETA_LAM1.symbol)
T_STEP = Quantity("t", "t", "the step compared", definition=STEPS.symbol)
#: eta of the S2 domain, on a log scale (lambda_1 = 1)
ETA_GF = Quantity("eta", r"\eta", "learning rate set by its decimal logarithm, in units where lambda_1 = 1",
                  definition=10 ** LOG10_ETA_LAM1.symbol)
LAMBDA_K = Quantity(lam.name, r"\lambda_k", "eigenvalue of the input covariance along mode k",
                    typeset=r"\lambda_k = v_k^{\top} \Sigma v_k,\ \Sigma = X^{\top} X/N = "
                    r"\sum_{j=1}^{d} \lambda_j v_j v_j^{\top}", estimator=_CHK + "_lams")
ALPHA_K = Quantity(alpha.name, r"\alpha_k", "mode amplitude of the initial weight error, one entry per output column",
                   typeset=r"\alpha_k = v_k^{\top} (W_0 - W^*),\ W^* = X^{+} Y",
                   estimator=_CHK + "_weight_envs (also _logit_envs, _flow_envs)")
W_MODE = Quantity(w_mode.name, r"v_k^{\top}(W_t - W^*)", "mode amplitude of the weight error of GD after t steps",
                  typeset=r"v_k^{\top}(W_t - W^*) = v_k^{\top} W_t - v_k^{\top} X^{+} Y,\ " + _GD,
                  estimator=_CHK + "_weight_envs")
Z_MODE = Quantity(z_mode.name, r"u_k^{\top}(Z_t - Y)", "mode amplitude of the logit residual of GD after t steps",
                  typeset=r"u_k^{\top}(Z_t - Y) = {(X v_k)}^{\top} (X W_t - Y)/\sqrt{N \lambda_k},\ " + _GD,
                  estimator=_CHK + "_logit_envs")
KAPPA_J = Quantity(kappa.name, r"\kappa_j", "eigenvalue of X X^T / N, zero on the complement of range X",
                   typeset=r"\kappa_j = u_j^{\top} X X^{\top} u_j / N,\ X X^{\top}/N = "
                   r"\sum_{j=1}^{N} \kappa_j u_j u_j^{\top}", estimator=_CHK + "_recursion_envs")
XI_T = Quantity(xi_t.name, r"u_j^{\top}(Z_t - Y)",
                "logit residual of GD after t steps along an eigenvector u_j of X X^T / N",
                typeset=r"u_j^{\top}(Z_t - Y) = u_j^{\top} (X W_t - Y),\ " + _GD,
                estimator=_CHK + "_recursion_envs")
XI_0 = Quantity(xi_0.name, r"u_j^{\top}(Z_0 - Y)", "initial logit residual along an eigenvector u_j of X X^T / N",
                typeset=r"u_j^{\top}(Z_0 - Y) = u_j^{\top} (X W_0 - Y)", estimator=_CHK + "_recursion_envs")
OFF_T = Quantity(off_t.name, r"{[(I - X X^{+})(Z_t - Y)]}_{nc}",
                 "entry (n, c) of the part of the logit residual outside range X after t steps",
                 typeset=r"{[(I - X X^{+})(Z_t - Y)]}_{nc} = e_n^{\top} (I - X X^{+})(X W_t - Y)\, e_c,\ " + _GD,
                 estimator=_CHK + "_offset_envs")
OFF_Y = Quantity(off_y.name, r"{[(I - X X^{+}) Y]}_{nc}", "entry (n, c) of the part of the target outside range X",
                 typeset=r"{[(I - X X^{+}) Y]}_{nc} = e_n^{\top} (I - X X^{+}) Y e_c",
                 estimator=_CHK + "_offset_envs")
Z_GD = Quantity(z_gd.name, r"u_k^{\top} Z_t^{GD}", "mode k of the GD logits after t steps",
                typeset=r"u_k^{\top} Z_t^{GD} = u_k^{\top} X W_t,\ u_k = X v_k/\sqrt{N \lambda_k},\ " + _GD,
                estimator=_CHK + "_flow_envs")
Z_GF = Quantity(z_gf.name, r"u_k^{\top} Z^{GF}(\eta t)", "mode k of the gradient-flow logits at time eta t",
                typeset=r"u_k^{\top} Z^{GF}(\eta t) = u_k^{\top} X W^{GF}(\eta t),\ "
                r"W^{GF}(\tau) = W^* + e^{-\Sigma \tau}(W_0 - W^*)",
                estimator=_CHK + "_flow_envs (matrix exponential in _mp_run_cached)")
#: S2's limit: eta is the variable sent to zero (the claim's large parameter is its inverse)
ETA_LIMIT = Quantity("eta", r"\eta", "learning rate, sent to zero at fixed tau",
                     typeset=r"\eta \to 0", estimator=_CHK + "_gf_limit (eta = tau/(m + 1/2), m = 10^2 .. 10^7)")
INV_ETA = Quantity(inv_eta.name, r"\eta^{-1}", "inverse learning rate, the large parameter of the limit",
                   definition=1 / eta, uses=(ETA_LIMIT,))

# ---------------------------------------------------------------- derivations (built lazily: SymPy work)
#: the printed forms of the matrix steps (the steps themselves check generic 3 x 2 entries)
_d, _C = sp.symbols("d C")
_X, _Xp = sp.MatrixSymbol("X", N, _d), sp.MatrixSymbol("X^+", _d, N)
_W, _W0, _Ws = (sp.MatrixSymbol(n, _d, _C) for n in ("W_t", "W_0", "W^*"))
_Y, _Sig = sp.MatrixSymbol("Y", N, _C), sp.MatrixSymbol("Sigma", _d, _d)
_V1 = sp.MatrixSymbol("v_1", _d, 1)
_P_OUT = sp.Identity(N) - _X * _Xp                  # I - XX^+, the projection on the complement of range X


def _gd_display(W):
    """``W - eta X^T (X W - Y)/N`` in matrix symbols."""
    return W - eta * _X.T * (_X * W - _Y) / N


def _generic(name: str, rows: int, cols: int) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}{i}{j}"))


def _x3():
    """A generic 3 x 2 ``X`` and ``n``, the cross product of its columns: ``X^T n = 0``, so ``n`` spans the
    complement of range X and ``(I - XX^+) = n n^T / ||n||^2``."""
    X = _generic("x", 3, 2)
    return X, X[:, 0].cross(X[:, 1])


def _gd_step(X, W, Y):
    return W - eta * X.T * (X * W - Y) / N


def _weight_steps():
    X, n = _x3()
    W, Ws, W0 = _generic("w", 2, 1), _generic("s", 2, 1), _generic("o", 2, 1)
    Y = X * Ws + sp.Symbol("c") * n                     # any target: range part + orthogonal part
    w0, ws = sp.symbols("w_0 w^*")
    w = lambda tt: ws + (1 - eta * lam) ** tt * (w0 - ws)  # noqa: E731
    p, q, s = sp.symbols("p q s")
    Sig = sp.Matrix([[p, q], [q, s]])
    I2 = sp.eye(2)
    it, rec = W0, []
    for k in range(1, 4):
        it = it - eta * Sig * (it - Ws)
        rec.append(sp.Eq(it, Ws + (I2 - eta * Sig) ** k * (W0 - Ws)))
    l1, l2 = sp.symbols("lambda_1 lambda_2")
    v1, v2 = sp.Matrix([R(3, 5), R(4, 5)]), sp.Matrix([R(-4, 5), R(3, 5)])
    S2 = l1 * v1 * v1.T + l2 * v2 * v2.T
    return [
        Step(sp.Eq(X.T * (X * W - Y) / N, (X.T * X / N) * (W - Ws)),
             "gradient: X^T (I - XX^+) Y = 0, so grad L = Sigma (W - W*) for any Y (generic 3 x 2 X)",
             display=sp.Eq(_X.T * (_X * _W - _Y) / N, (_X.T * _X / N) * (_W - _Ws))),
        Step(sp.Eq(w(t + 1) - ws, (1 - eta * lam) * (w(t) - ws)),
             "scalar mode: w_t = w* + (1 - eta lambda)^t (w_0 - w*) solves w_{t+1} - w* = w_t - w* - eta lambda "
             "(w_t - w*) (symbolic t)"),
        *[Step(e, f"W_t = W* + (I - eta Sigma)^t (W_0 - W*), generic symmetric 2 x 2 Sigma, t = {k + 1}",
               display=sp.Eq(sp.MatrixSymbol(f"W_{k + 1}", _d, _C),
                             _Ws + (sp.Identity(_d) - eta * _Sig) ** (k + 1) * (_W0 - _Ws)))
          for k, e in enumerate(rec)],
        Step(sp.Eq((I2 - eta * S2) ** 3 * v1, (1 - eta * l1) ** 3 * v1),
             "(I - eta Sigma)^t v_k = r_k^t v_k (2 x 2, t = 3): the weight error is sum_k r_k^t v_k alpha_k",
             display=sp.Eq((sp.Identity(_d) - eta * _Sig) ** 3 * _V1, (1 - eta * l1) ** 3 * _V1)),
    ]


def _logit_steps():
    X, n = _x3()
    W, Ws = _generic("w", 2, 1), _generic("s", 2, 1)
    Y = X * Ws + sp.Symbol("c") * n
    z = lambda tt: (1 - eta * lam) ** tt * sp.sqrt(N * lam) * alpha  # noqa: E731
    return [
        Step(sp.Eq(X * W - Y, X * (W - Ws) - sp.Symbol("c") * n),
             "Z_t - Y = X (W_t - W*) - (I - XX^+) Y with W* = X^+ Y (generic 3 x 2 X)",
             display=sp.Eq(_X * _W - _Y, _X * (_W - _Ws) - _P_OUT * _Y)),
        Step(sp.true, "X v_k = sqrt(N lambda_k) u_k with u_k orthonormal; u_k^T (I - XX^+) = 0", StepCheck.DEFINITION),
        Step(sp.Eq(z(t + 1), (1 - eta * lam) * z(t)),
             "u_k^T(Z_t - Y) = r_k^t sqrt(N lambda_k) alpha_k solves u_k^T(Z_{t+1} - Y) = r_k u_k^T(Z_t - Y)"),
    ]


def _recursion_steps():
    X, Wg, Yg = _generic("x", 3, 2), _generic("w", 2, 1), _generic("y", 3, 1)
    xi = lambda tt: (1 - eta * kappa) ** tt * xi_0  # noqa: E731
    return [
        Step(sp.Eq(X * _gd_step(X, Wg, Yg) - Yg, (sp.eye(3) - eta * X * X.T / N) * (X * Wg - Yg)),
             "Z_{t+1} - Y = (I - eta XX^T/N)(Z_t - Y) for arbitrary Y (generic 3 x 2 X, 3 x 1 Y)",
             display=sp.Eq(_X * _gd_display(_W) - _Y, (sp.Identity(N) - eta * _X * _X.T / N) * (_X * _W - _Y))),
        Step(sp.Eq(xi(t + 1), (1 - eta * kappa) * xi(t)),
             "per eigenpair (kappa_j, u_j) of XX^T/N: u_j^T(Z_t - Y) = (1 - eta kappa_j)^t u_j^T(Z_0 - Y), symbolic t"),
    ]


def _offset_steps():
    X, n = _x3()
    W, W0, Yg = _generic("w", 2, 1), _generic("o", 2, 1), _generic("y", 3, 1)
    return [
        Step(sp.Eq(n.T * X, sp.zeros(1, 2)), "n = x_1 × x_2 is orthogonal to range X: (I - X X^+) X = 0",
             display=sp.Eq(_P_OUT * _X, sp.ZeroMatrix(N, _d))),
        Step(sp.Eq(n.T * (X * _gd_step(X, W, Yg) - Yg), n.T * (X * W - Yg)),
             "n^T(Z_{t+1} - Y) = n^T(Z_t - Y), and I - XX^+ = n n^T/||n||^2: the complement is a frozen r = 1 mode",
             display=sp.Eq(_P_OUT * (_X * _gd_display(_W) - _Y), _P_OUT * (_X * _W - _Y))),
        Step(sp.Eq(n.T * (X * W0 - Yg), -n.T * Yg), "(I - XX^+)(Z_0 - Y) = -(I - XX^+) Y, independent of W_0",
             display=sp.Eq(_P_OUT * (_X * _W0 - _Y), -_P_OUT * _Y)),
    ]


def _scalar_bound_steps():
    a, b, u = sp.symbols("a b u")
    tele = [Step(sp.Eq(a ** k - b ** k, (a - b) * sum(a ** (k - 1 - j) * b ** j for j in range(k))),
                 f"a^t - b^t = (a - b) sum_(j<t) a^(t-1-j) b^j, t = {k}") for k in (1, 2, 3, 5)]
    g = x ** 2 / 2 - sp.exp(-x) + 1 - x
    return [
        Step(sp.true, "0 <= b = 1 - x <= a = e^{-x} for x in [0, 1]: convexity of e^{-x}", StepCheck.NUMERIC),
        *tele,
        Step(sp.Eq(sp.diff(g, x), x + sp.exp(-x) - 1),
             "a - b <= x^2/2: g = x^2/2 - (e^{-x} - (1 - x)) has g(0) = 0 and g' = x + e^{-x} - 1 >= 0"),
        Step(sp.Eq(t * (x ** 2 / 2) * sp.exp(-x * (t - 1)), (x / 2) * sp.exp(x) * (x * t) * sp.exp(-x * t)),
             "a^t - b^t <= t (a - b) a^(t-1) <= t (x^2/2) e^{-x(t-1)} = (x/2) e^x (xt) e^{-xt}"),
        Step(sp.Eq(sp.diff(u * sp.exp(-u), u).subs(u, 1), 0), "u e^{-u} is maximal at u = 1"),
        Step(sp.Eq((x / 2) * sp.exp(x) * (u * sp.exp(-u)).subs(u, 1), x / 2 * sp.exp(x - 1)),
             "hence the bound (x/2) e^{x-1}"),
        Step(sp.Eq(sp.series(sp.exp(-x * t) - (1 - x) ** t, x, 0, 3).removeO(), t * x ** 2 / 2),
             "sharpness: e^{-xt} - (1-x)^t = t x^2/2 + O(x^3): at t ~ 1/x the bound is attained as x -> 0"),
    ]


def _mode_bound_steps():
    w0, ws = sp.symbols("w_0 w^*")
    wgf = ws + sp.exp(-lam * tau) * (w0 - ws)
    amp = sp.sqrt(N * lam) * alpha
    return [
        Step(sp.Eq(sp.diff(wgf, tau), -lam * (wgf - ws)), "W^GF(tau) = W* + e^{-Sigma tau}(W_0 - W*) solves dW/dtau = -Sigma(W - W*)"),
        Step(sp.Eq(amp * (1 - eta * lam) ** t - amp * sp.exp(-lam * eta * t),
                   (amp * ((1 - x) ** t - sp.exp(-x * t))).subs(x, eta * lam)),
             "u_k^T(Z_t^GD - Z^GF(eta t)) = sqrt(N lambda_k) alpha_k ((1 - x_k)^t - e^{-x_k t}), x_k = eta lambda_k (S1)"),
        Step(sp.true, "apply the scalar bound 0 <= e^{-xt} - (1-x)^t <= (x/2) e^{x-1} per mode", StepCheck.NUMERIC),
    ]


def _limit_steps():
    h, th = sp.symbols("h theta")
    return [
        Step(sp.Eq(sp.limit((1 - h * lam_s) ** (tau / h), h, 0), sp.exp(-lam_s * tau)),
             "(1 - eta lambda)^{tau/eta} -> e^{-lambda tau} as eta -> 0"),
        Step(sp.Eq(sp.limit((1 - h * lam_s) ** (-th), h, 0), 1),
             "the floor changes the exponent by theta = tau/eta - floor(tau/eta) in [0, 1): factor -> 1"),
        Step(sp.true, "error O(eta): S2's bound plus lambda eta from the floor", StepCheck.NUMERIC),
    ]


# ---------------------------------------------------------------- S1
CLAIMS.append(Claim(
    id="ribbon.gd_weight_modes", tag="S1", kind=Kind.EXACT,
    title="W_t - W* = sum_k r_k^t v_k alpha_k: each mode of the weight error contracts by r_k = 1 - eta lambda_k",
    statement=sp.Eq(w_mode, r_k ** t * alpha), parameters=GD_DOMAIN,
    assumptions=("any X, Y, W_0 and eta > 0 (no stability needed); W* = X^+ Y; C > 1 column by column",
                 "modes with lambda_k = 0 (rank X < d) have r_k = 1"),
    derivation=_weight_steps, provenance=_prov("S1"), quantities=(W_MODE, ALPHA_K, ETA_GD, LAMBDA_K, T_STEP),
))
CLAIMS.append(Claim(
    id="ribbon.gd_logit_modes", tag="S1", kind=Kind.EXACT,
    title="u_k^T (Z_t - Y) = r_k^t sqrt(N lambda_k) alpha_k for every mode with lambda_k > 0, any target Y",
    statement=sp.Eq(z_mode, LOGIT_MODE * alpha), parameters=GD_DOMAIN,
    assumptions=("u_k = X v_k / sqrt(N lambda_k), lambda_k > 0; W* = X^+ Y",),
    derivation=_logit_steps, provenance=_prov("S1"), quantities=(Z_MODE, ALPHA_K, ETA_GD, LAMBDA_K, T_STEP),
))
CLAIMS.append(Claim(
    id="ribbon.gd_logit_recursion", tag="S1", kind=Kind.EXACT,
    title="Z_t - Y = (I - eta XX^T/N)^t (Z_0 - Y) for an arbitrary target: per eigenpair of XX^T/N, "
          "u_j^T(Z_t - Y) = (1 - eta kappa_j)^t u_j^T(Z_0 - Y)",
    statement=sp.Eq(xi_t, (1 - eta * kappa) ** t * xi_0), parameters=GD_DOMAIN,
    assumptions=("(kappa_j, u_j), j = 1..N: eigenpairs of XX^T/N, kappa_j = 0 on the complement of range X",),
    derivation=_recursion_steps, provenance=_prov("S1"), quantities=(XI_T, XI_0, KAPPA_J, ETA_GD, T_STEP),
))
CLAIMS.append(Claim(
    id="ribbon.gd_frozen_offset", tag="S1", kind=Kind.EXACT,
    title="(I - XX^+)(Z_t - Y) = -(I - XX^+) Y: a frozen offset, independent of t and of W_0",
    statement=sp.Eq(off_t, -off_y), parameters=GD_DOMAIN,
    assumptions=("nonzero only for targets outside range X",),
    derivation=_offset_steps, provenance=_prov("S1"), quantities=(OFF_T, OFF_Y),
))

# ---------------------------------------------------------------- S2
gap = sp.exp(-x * t) - (1 - x) ** t
#: S2 ranges over log10_x: the substitution x = 10^log10_x is part of the claim
X_STEP = Quantity("x", "x", "step size times eigenvalue, x = eta lambda, on a log scale",
                  definition=10 ** LOG10_X.symbol)
CLAIMS.append(Claim(
    id="ribbon.gf_scalar_bound", tag="S2", kind=Kind.INEQ,
    title="0 <= e^{-xt} - (1-x)^t <= (x/2) e^{x-1} for x in [0, 1] and integer t >= 0",
    statement=sp.And(sp.Le(0, gap), sp.Le(gap, x / 2 * sp.exp(x - 1))),
    parameters=(LOG10_X, T_INT),
    assumptions=("x = 10^log10_x in (0, 1] (x = 0 is the trivial 0 <= 0 <= 0)",),
    derivation=_scalar_bound_steps, provenance=_prov("S2"), quantities=(X_STEP,),
))
CLAIMS.append(Claim(
    id="ribbon.gf_mode_bound", tag="S2", kind=Kind.INEQ,
    title="|u_k^T(Z_t^GD - Z^GF(eta t))| <= sqrt(N lambda_k) |alpha_k| (eta lambda_k / 2) e^{eta lambda_k - 1}",
    statement=sp.Le(sp.Abs(z_gd - z_gf), sp.sqrt(N * lam) * sp.Abs(alpha) * eta * lam / 2 * sp.exp(eta * lam - 1)),
    parameters=GF_DOMAIN,
    assumptions=("eta lambda_1 <= 1 (monotone regime); C > 1: per output column, which implies the row-norm form",
                 "Z^GF(tau) = X W^GF(tau), W^GF(tau) = W* + e^{-Sigma tau}(W_0 - W*)"),
    derivation=_mode_bound_steps, provenance=_prov("S2"), quantities=(Z_GD, Z_GF, ALPHA_K, ETA_GF, LAMBDA_K),
))
CLAIMS.append(Claim(
    id="ribbon.gf_limit", tag="S2", kind=Kind.ASYMP,
    title="(1 - eta lambda)^floor(tau/eta) -> e^{-lambda tau} as eta -> 0 at fixed tau, error O(eta)",
    statement=sp.Eq((1 - eta * lam_s) ** sp.floor(tau / eta), sp.exp(-lam_s * tau)),
    parameters=(LAMBDA, TAU),
    large=inv_eta, rate=1 / inv_eta,
    derivation=_limit_steps, provenance=_prov("S2"), quantities=(ETA_LIMIT, INV_ETA),
))
CLAIMS = tuple(CLAIMS)
