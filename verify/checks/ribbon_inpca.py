"""Checks of the inPCA claims S8–S13 (spec/sloppiness.md §2.C) and the goldens G1, G2, G3 (§3).

Float64 checks evaluate the claim's own statement (lambdified, vectorised over eigenvalue / entry index) on
configurations drawn with a seeded NumPy generator from the claim's domain, with the spec's tolerances:
eigenvalues ``1e-10·|μ_1|`` absolute, inequalities ``lhs ≤ rhs(1 + 1e-12) + 1e-12·scale``, ``ES_k`` ``1e-7``.
Error analysis: every float64 quantity here is a sum/eigen-decomposition of O(m²) terms whose round-off is
``≤ m·u·‖W‖ ≈ 1e-14‖W‖`` for ``m ≤ 40``; the tolerances leave ≥ 100× headroom and are ≥ 1e6× below the
size of any planted error.  Scalar closed forms (S9 Bernoulli gap, S10) run at high precision through
``property_search``; goldens at dps 30 and 50 (agreement to the 30 printed digits, hence ≥ 25).
"""
from __future__ import annotations

from decimal import Decimal

import numpy as np
import sympy as sp

from sloppy_verifier.theory.ribbon.distances import D_B_BERNOULLI
from sloppy_verifier.theory.ribbon import dynamics as dyn
from sloppy_verifier.theory.ribbon.inpca import (BDIFF2, C_S8, D_IJ, DELTA_R, DELTA_SIZE, DELTA_W, E_K, EPSILON, ERR2,
                                                 ES_K, ES_K_MOVED, FAMILY, HEAD1, HEAD2, KIND, LOGIT_A, LOGIT_B, M_S8,
                                                 MODEL, MU_0, MU_I, MU_MIN, MU_MINUS, MU_NEW_I, MU_NEW_I1, MU_PLUS,
                                                 N_S8, PMP_IJ, R_K, R_K1, R_RANK, R_SCALED, RANK, REF_SCALE, S_I,
                                                 SCALE, SEED, SIG, TR_W, W_FRO, W_II, W_IJ, W_JJ, WF2_Q, mu_1)

from ..check import property_search
from ..evidence import Evidence
from ..golden import load, matches
from ..mpeval import context
from ..point import Point
from ..ribbon.bhattacharyya import distance_matrix, logsumexp
from ..ribbon.inpca import double_centre, inpca, stress
from ..ribbon.inpca_mp import d_bernoulli, distance_matrix_mp, inpca_mp
from ..vectorised import float_cases, value as float_value

U = np.finfo(float).eps


# ---------------------------------------------------------------- float64 evaluation of a statement
TOL = "float64: eigenvalues 1e-10·|mu_1|, inequalities 1e-12 relative, ES 1e-7 (spec numerical conventions)"


def float_search(claim, ctx, draw, evaluate, *, label="") -> Evidence:
    """``ctx.profile.examples`` seeded draws; ``evaluate(params) -> [(env, atol, note)]``, judged by
    ``verify.vectorised.float_cases`` (the first violation with its parameters, re-drawn deterministically from
    ``seed``; the lowest normalised slack is the tightness)."""
    rng = np.random.default_rng(ctx.seed)
    return float_cases(claim, [draw(rng) for _ in range(ctx.profile.examples)], evaluate, tol=TOL, label=label)


def _draw(spec: dict):
    """Parameter sampler, ``{Param: how}``: ``(lo, hi)`` ints uniform, ``(lo, hi, 'log')`` log-uniform, a list =
    choice; then ``SEED``."""
    def draw(rng):
        out = {}
        for k, v in spec.items():
            if isinstance(v, list):
                out[k] = v[int(rng.integers(len(v)))]
            elif len(v) == 3:
                out[k] = float(np.exp(rng.uniform(np.log(v[0]), np.log(v[1]))))
            else:
                out[k] = int(rng.integers(v[0], v[1] + 1))
        out[SEED] = int(rng.integers(10**6))
        return out
    return draw


# ---------------------------------------------------------------- S8, S13: Gaussian inPCA
GAUSS_DRAW = _draw({M_S8: (2, 40), N_S8: (1, 50), C_S8: (1, 4), SCALE: (1e-2, 10, "log"), SIG: (1e-2, 1e2, "log")})


def _gauss(p):
    rng = np.random.default_rng(p[SEED])
    Z = p[SCALE] * rng.standard_normal((p[M_S8], p[N_S8], p[C_S8])) + 5 * p[SCALE] * rng.standard_normal()
    r = inpca(distance_matrix(Z, "gaussian", np, sigma=p[SIG]), np)
    return Z, r


def _s8_eigs(claim, ctx):
    def ev(p):
        Z, r = _gauss(p)
        flat = Z.reshape(p[M_S8], -1)
        s = np.linalg.svd(flat - flat.mean(0), compute_uv=False)
        s = np.concatenate([s, np.zeros(p[M_S8] - s.size)])
        return [({MU_I: r.mu, S_I: s, SIG: p[SIG], N_S8: p[N_S8]}, 1e-10 * abs(r.mu[0]), "all i")]
    return [float_search(claim, ctx, GAUSS_DRAW, ev), _goldens(claim, ctx, ("G1", "G3"))]


def _s8_psd(claim, ctx):
    def ev(p):
        r = _gauss(p)[1]
        return [({MU_MIN: r.mu.min(), mu_1: r.mu[0]}, 1e-10 * abs(r.mu[0]), "smallest eigenvalue")]
    return [float_search(claim, ctx, GAUSS_DRAW, ev)]


def _s8_rank(claim, ctx):
    def ev(p):
        r = _gauss(p)[1]
        rank = int(np.sum(np.abs(r.mu) > 1e-10 * abs(r.mu[0])))
        return [({RANK: rank, M_S8: p[M_S8], N_S8: p[N_S8], C_S8: p[C_S8]}, 0.5, "numerical rank")]
    return [float_search(claim, ctx, GAUSS_DRAW, ev)]


def _s8_es(claim, ctx):
    def ev(p):
        Z, r = _gauss(p)
        rng = np.random.default_rng(p[SEED] + 1)
        moved = Z + 10 * p[SCALE] * rng.standard_normal(Z.shape[1:])[None]
        gamma = float(np.exp(rng.uniform(np.log(0.1), np.log(10))))
        r2 = inpca(distance_matrix(moved, "gaussian", np, sigma=p[SIG] * gamma), np)
        k = np.arange(1, min(5, p[M_S8]) + 1)
        return [({ES_K: r.explained[k], ES_K_MOVED: r2.explained[k]}, 1e-7, f"k = 1..{k[-1]}, gamma={gamma:.3g}")]
    return [float_search(claim, ctx, GAUSS_DRAW, ev)]


def _trajectory_logits(rng, T, N):
    """One GD trajectory per mode (S1): z_{t,n} = sqrt(λ_n)(w*_n + r_n^t (w0_n − w*_n)), t = 0..T."""
    lam = np.sort(rng.uniform(0.01, 1, N))[::-1]
    r = 1 - rng.uniform(0.1, 1.9) / lam[0] * lam
    w_star, w0 = rng.standard_normal(N), rng.standard_normal(N)
    t = np.arange(T + 1)[:, None]
    return (np.sqrt(lam) * (w_star + r[None] ** t * (w0 - w_star)))[:, :, None]


def _s13(claim, ctx):
    def ev(p):
        rng = np.random.default_rng(p[SEED])
        Z = (_trajectory_logits(rng, p[M_S8], p[N_S8]) if p[FAMILY] == "trajectory"
             else rng.standard_normal((p[M_S8] + 1, p[N_S8], 1)))
        before = np.sort(np.linalg.eigvalsh(double_centre(distance_matrix(Z[:-1], "gaussian", np), np)))[::-1]
        after = np.sort(np.linalg.eigvalsh(double_centre(distance_matrix(Z, "gaussian", np), np)))[::-1]
        return [({MU_NEW_I: after[:-1], MU_I: before, MU_NEW_I1: after[1:]}, 1e-10 * after[0], "all i")]
    return [float_search(claim, ctx, _draw({M_S8: (2, 30), N_S8: (1, 10), FAMILY: ["cloud", "trajectory"]}), ev)]


# ---------------------------------------------------------------- S9
def _s9_scalar(claim, ctx):
    def ev(p, dps):
        c = context(dps)
        a, b = p[LOGIT_A], p[LOGIT_B]
        return {D_B_BERNOULLI: d_bernoulli(c, c.mpf(a.numerator) / a.denominator, c.mpf(b.numerator) / b.denominator),
                LOGIT_A: a, LOGIT_B: b}
    return [property_search(claim, ctx, ev)]


def _log_partition(z, model):
    """F of S9 per sample: Gaussian ‖z‖²/2 (σ = 1), Bernoulli log(1 + e^z), softmax LSE."""
    if model == "gaussian":
        return 0.5 * np.sum(z * z, axis=-1)
    if model == "bernoulli":
        return np.logaddexp(0, z[..., 0])
    return logsumexp(z, np)


def _s9_matrix(claim, ctx):
    def ev(p):
        rng, model = np.random.default_rng(p[SEED]), p[MODEL]
        C = 1 if model == "bernoulli" else p[C_S8]
        Z = 3 * rng.standard_normal((p[M_S8], p[N_S8], C))
        W = double_centre(distance_matrix(Z, model, np), np)
        M = np.mean(_log_partition((Z[:, None] + Z[None, :]) / 2, model), axis=2)
        PMP = M - M.mean(1)[:, None] - M.mean(0)[None, :] + M.mean()
        return [({W_IJ: W, PMP_IJ: PMP}, 1e-10 * max(1.0, np.abs(M).max()), model)]
    return [float_search(claim, ctx, _draw({MODEL: ["gaussian", "bernoulli", "softmax"], M_S8: (2, 15),
                                            N_S8: (1, 10), C_S8: (2, 5)}), ev)]


# ---------------------------------------------------------------- S10
def _three(a, dps):
    """mp eigenvalues of the 3-model Bernoulli inPCA at logits (−a, 0, a), matched to the eigenvectors
    (1,0,−1), (1,−2,1), 1 by overlap."""
    mu, vecs, _, _ = inpca_mp(distance_matrix_mp([[[-a]], [[0]], [[a]]], "bernoulli", dps), dps)
    dirs = {MU_PLUS: (1, 0, -1), MU_MINUS: (1, -2, 1), MU_0: (1, 1, 1)}
    return {q: mu[max(range(3), key=lambda i: abs(sum(x * y for x, y in zip(vecs[i], d))))]
            for q, d in dirs.items()} | {LOGIT_A: a}


def _s10_eigs(claim, ctx):
    return [property_search(claim, ctx, lambda p, dps: _three(p[LOGIT_A], dps)), _goldens(claim, ctx, ("G2a", "G2b"))]


def _s10_timelike(claim, ctx):
    return [property_search(claim, ctx, lambda p, dps: _three(p[LOGIT_A], dps))]


# ---------------------------------------------------------------- S11
def _s11(claim, ctx):
    def ev(p):
        rng, n_ = np.random.default_rng(p[SEED]), p[N_S8]
        zbar = p[REF_SCALE] * rng.standard_normal(n_)
        dev = rng.uniform(-1, 1, (p[M_S8], n_))
        Z = zbar + p[EPSILON] * dev / np.abs(dev).max()
        W = double_centre(distance_matrix(Z[:, :, None], "bernoulli", np), np)
        v = 0.25 / np.cosh(zbar / 2) ** 2
        Dlin = np.einsum("ijn,n->ij", (Z[:, None] - Z[None]) ** 2, v) / (8 * n_)
        dW = np.linalg.norm(W - double_centre(Dlin, np), 2)
        env = {DELTA_W: dW, M_S8: p[M_S8], EPSILON: p[EPSILON]}
        bound = float(_bound(claim.statement, env))
        return [(env, 1e-12 * bound + 64 * U * n_ * (1 + 3 * p[REF_SCALE]), "spectral norm")]
    return [float_search(claim, ctx, _draw({M_S8: (2, 25), N_S8: (1, 20), REF_SCALE: [0.5, 2, 5],
                                            EPSILON: (1e-3, 3, "log")}), ev)]


def _bound(statement, env):
    """The bounding side's float64 value (array-valued where ``env`` is), both sides evaluated: ``b`` of
    ``a <= b`` / ``b >= a`` (the round-off budget of a float64 bound scales with it)."""
    lhs, rhs = (float_value(side, env) for side in statement.args)
    return rhs if isinstance(statement, (sp.LessThan, sp.StrictLessThan)) else lhs


# ---------------------------------------------------------------- S12
S12_DRAW = _draw({M_S8: (2, 30), KIND: ["symmetric", "psd", "low_rank", "gaussian_inpca", "bernoulli_inpca"]})


def _test_D(p):
    """A symmetric zero-diagonal D of the requested family, and W = −½ΠDΠ."""
    rng, m = np.random.default_rng(p[SEED]), p[M_S8]
    if p[KIND] == "symmetric":
        A = rng.standard_normal((m, m))
        D = A + A.T
        np.fill_diagonal(D, 0)
    else:
        dim = {"psd": 5, "low_rank": 2}.get(p[KIND], 8)
        model = "bernoulli" if p[KIND] == "bernoulli_inpca" else "gaussian"
        D = distance_matrix(3 * rng.standard_normal((m, dim, 1)), model, np)
    return D, double_centre(D, np)


def _test_W(p):
    return (_test_D(p)[1] if p[KIND] != "symmetric"
            else (lambda A: A + A.T)(np.random.default_rng(p[SEED]).standard_normal((p[M_S8], p[M_S8]))))


def _eig_abs(W):
    mu, V = np.linalg.eigh(W)
    o = np.argsort(-np.abs(mu), kind="stable")
    return mu[o], V[:, o]


def _truncation(mu, V, k):
    return (V[:, :k] * mu[:k]) @ V[:, :k].T


def _s12_ey(claim, ctx):
    def ev(p):
        W = _test_W(p)
        mu, V = _eig_abs(W)
        R, _ = stress(mu, np)
        E = np.array([np.linalg.norm(W - _truncation(mu, V, k)) for k in range(p[M_S8] + 1)])
        return [({R_K: R, E_K: E, W_FRO: np.linalg.norm(W)}, 1e-10 * R + 1e-13, "k = 0..m")]
    return [float_search(claim, ctx, S12_DRAW, ev)]


def _s12_mono(claim, ctx):
    def ev(p):
        R, _ = stress(_eig_abs(_test_W(p))[0], np)
        return [({R_K: R[:-1], R_K1: R[1:]}, 1e-12, "k = 0..m-1")]
    return [float_search(claim, ctx, S12_DRAW, ev)]


def _s12_rank(claim, ctx):
    def ev(p):
        mu = _eig_abs(_test_W(p))[0]
        R, _ = stress(mu, np)
        rank = int(np.sum(np.abs(mu) > 1e-10 * abs(mu[0])))
        return [({R_RANK: R[rank]}, 1e-7, f"rank {rank}")]
    return [float_search(claim, ctx, S12_DRAW, ev)]


def _s12_scale(claim, ctx):
    def ev(p):
        W = _test_W(p)
        c = float(np.random.default_rng(p[SEED]).choice([-1, 1]) * 10 ** np.random.default_rng(p[SEED]).uniform(-3, 3))
        R, _ = stress(_eig_abs(W)[0], np)
        Rc, _ = stress(_eig_abs(c * W)[0], np)
        return [({R_K: R, R_SCALED: Rc}, 1e-10 * R + 1e-13, f"c = {c:.3g}")]
    return [float_search(claim, ctx, S12_DRAW, ev)]


def _s12_pert(claim, ctx):
    def ev(p):
        W = _test_W(p)
        rng = np.random.default_rng(p[SEED] + 7)
        E = rng.standard_normal(W.shape)
        E = E + E.T
        size = float(10 ** rng.uniform(-6, 0))
        E *= size * np.linalg.norm(W) / np.linalg.norm(E) * 0.999
        R, _ = stress(_eig_abs(W)[0], np)
        R2, _ = stress(_eig_abs(W + E)[0], np)
        env = {DELTA_R: np.abs(R2 - R), DELTA_SIZE: np.linalg.norm(E), W_FRO: np.linalg.norm(W)}
        bound = _bound(claim.statement, env)
        return [(env, 1e-12 * (1 + bound) + 1e-13, f"delta/|W| = {size:.3g}")]
    return [float_search(claim, ctx, S12_DRAW, ev)]


def _s12_centre(claim, ctx):
    def ev(p):
        D, W = _test_D(p)
        d = np.diag(W)
        return [({D_IJ: D, W_II: d[:, None], W_JJ: d[None, :], W_IJ: W}, 1e-12 * np.abs(D).max(), "all i, j")]
    return [float_search(claim, ctx, S12_DRAW, ev)]


def _s12_identity(claim, ctx):
    def ev(p):
        D, W = _test_D(p)
        mu, V = _eig_abs(W)
        rows = {q: [] for q in (ERR2, TR_W, HEAD1, BDIFF2, WF2_Q, HEAD2)}
        for k in range(p[M_S8] + 1):
            Wk = _truncation(mu, V, k)
            bk = np.diag(Wk)
            Dk = bk[:, None] + bk[None, :] - 2 * Wk
            for q, val in ((ERR2, np.sum((D - Dk) ** 2)), (TR_W, np.trace(W)), (HEAD1, mu[:k].sum()),
                           (BDIFF2, np.sum((np.diag(W) - bk) ** 2)), (WF2_Q, np.sum(W * W)),
                           (HEAD2, np.sum(mu[:k] ** 2))):
                rows[q].append(val)
        env = {q: np.array(v) for q, v in rows.items()} | {M_S8: p[M_S8]}
        return [(env, 1e-11 * max(1.0, np.sum(D * D)), "k = 0..m")]
    return [float_search(claim, ctx, S12_DRAW, ev)]


# ---------------------------------------------------------------- goldens G1, G2, G3 (spec §3)
def golden_logits(case: dict):
    """Logits (m, N, 1) of a reference case, exact SymPy numbers: printed logits, or per-mode GD for each
    initialisation (S1, diagonal X with x_n > 0, so u_n = e_n and λ_n = x_n²/N): ``z_{t,n} = x_n w*_n + ζ_t α_n``,
    ``α_n = w0_n − w*_n``, ``ζ_t`` theory's ``LOGIT_MODE`` ``(1 − ηλ_n)^t sqrt(N λ_n)``; the case's fields are read
    through a Point (``eta``: S1's symbol)."""
    case = Point(case)
    if "X_diag" not in case:   # printed logits: one per model, or one vector (N samples) per model
        return [[[sp.Rational(v)] for v in (z if isinstance(z, list) else [z])] for z in case["logits"]]
    x = [sp.sympify(v) for v in case["X_diag"]]
    n_ = len(x)
    ws = [sp.Rational(v) for v in case["w_star"]]
    mode = dyn.LOGIT_MODE.subs({dyn.eta: sp.Rational(case[dyn.eta]), dyn.N: n_})
    out = []
    for w0 in case["w0"]:
        for t in case["checkpoints"]:
            out.append([[sp.nsimplify(x[n] * ws[n] + mode.subs({dyn.lam: x[n] ** 2 / n_, dyn.t: t})
                                      * (sp.Rational(w0[n]) - ws[n]))] for n in range(n_)])
    return out


def _agrees(value, printed: str, dps: int):
    """Spec §3 rule: the 30 printed digits at dps >= 50, agreement to 25 significant digits at dps 30 (the last
    digits of a dps-30 computation carry its round-off)."""
    if dps >= 50 or "(" in printed:
        return matches(value, printed, dps)
    c = context(dps)
    half_ulp = c.mpf(10) ** Decimal(printed.split()[0]).as_tuple().exponent / 2
    err = abs(value - c.mpf(printed.split()[0]))
    return err <= max(c.mpf(10) ** -25 * abs(value), half_ulp), "25 significant digits", err


def _goldens(claim, ctx, names, source: str = "ribbon_reference.json") -> Evidence:
    cases = load(source)["cases"]
    failures, compared, worst = [], 0, 0.0
    for name in names:
        c = Point(cases[name])   # fields read by the claims' objects where they are parameters (model, sigma)
        Z = golden_logits(c)
        if "logits" in c and "X_diag" in c:  # G2b: the printed logits must be what GD produces
            if [z[0][0] for z in Z] != [sp.Rational(v) for v in c["logits"]]:
                failures.append({"case": name, "quantity": "GD logits", "value": str(Z), "published": c["logits"]})
        for dps in (30, 50):
            mu, _, R, ES = inpca_mp(distance_matrix_mp(Z, c[MODEL], dps, sigma=sp.Rational(c.get(SIG, 1))), dps)
            items = [(f"mu_{i + 1}", mu[i], g) for i, g in enumerate(c["mu"])]
            items += [(f"ES_{k}", ES[int(k)], g) for k, g in c["ES"].items()]
            items += [(f"R_{k}", R[int(k)], g) for k, g in c.get("R", {}).items()]
            items += [(f"mu_{i + 1} closed form", mu[i], f"0 (= {sp.N(sp.sympify(g), dps + 5)})")
                      for i, g in enumerate(c.get("mu_exact", []))]
            for what, value, printed in items:
                ok, rule, err = _agrees(value, printed, dps)
                compared += 1
                worst = max(worst, float(err) / max(abs(float(value)), 1e-300) if value else float(err))
                if not ok:
                    failures.append({"case": name, "quantity": what, "dps": dps,
                                     "value": context(dps).nstr(value, 35), "published": printed, "rule": rule})
    tol = ("dps 50: half a unit in the last printed digit (30 digits); dps 30: 25 significant digits (spec §3); "
           "zeros and closed forms at 10^-(dps-10)")
    if failures:
        f = failures[0]
        return Evidence("high_precision", "violated", f"golden {f['case']} {f['quantity']}: {f.get('value')} vs "
                        f"{f['published']}", worst_case=f, tolerance=tol, data={"failures": failures[:20]})
    return Evidence("high_precision", "holds", f"goldens {', '.join(names)}: {compared} printed values reproduced at "
                    f"dps 30 and 50", worst_case={"max_relative_error": worst}, tolerance=tol,
                    data={"compared": compared})


#: claim id -> check, for the claims of this module (``verify.checks.CHECKS`` joins the modules)
CHECKS = {
    "ribbon.inpca_gaussian_eigenvalues": _s8_eigs,
    "ribbon.inpca_gaussian_psd": _s8_psd,
    "ribbon.inpca_gaussian_rank": _s8_rank,
    "ribbon.inpca_gaussian_es_invariance": _s8_es,
    "ribbon.inpca_monotone_extension": _s13,
    "ribbon.jensen_gap_bernoulli": _s9_scalar,
    "ribbon.inpca_jensen_gap": _s9_matrix,
    "ribbon.bernoulli_three_logits_eigenvalues": _s10_eigs,
    "ribbon.bernoulli_timelike": _s10_timelike,
    "ribbon.bernoulli_small_separation": _s11,
    "ribbon.residual_stress_eckart_young": _s12_ey,
    "ribbon.residual_stress_monotone": _s12_mono,
    "ribbon.residual_stress_rank": _s12_rank,
    "ribbon.residual_stress_scale": _s12_scale,
    "ribbon.residual_stress_perturbation": _s12_pert,
    "ribbon.explained_distance_centring": _s12_centre,
    "ribbon.explained_distance_identity": _s12_identity,
}
