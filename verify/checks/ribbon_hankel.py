"""Checks of S21 (spec/sloppiness.md §2.E), and the conventions the checks of S22–S24 and K0 share
(``ribbon_bt``: S22, K0, G7(a); ``ribbon_centred``: S23, S24).

Every check computes the quantities of a claim over all indices (eigenvalue index ``i``, pairs ``(j, k)``, Gram
entries), picks the index where the claim's *own* statement is tightest (:func:`_pick`, float64 ratios of its two
sides) and hands that point to ``property_search`` (Hypothesis over the claim's domain, ``target`` toward the
tightest case, shrinking, the relation evaluated in mp), so a mutated statement is judged where it fails.

Error analysis (tolerances, next to each use below):

* S21 Grams come from GD iterated step by step in float64.  Each step adds ``≲ (N + d) u`` relative to the
  initial residual and ``|r_k| < 1`` does not amplify it, so after ``t ≤ 10⁴`` steps an entry of ``G/G_00`` is off
  by ``≲ 2 t (N + d) u ≈ 1e-10``; accepted at ``1e-9`` (relative to ``G_00``), 10⁸ below a planted 10 % change.
* float64 spectra (spec "Numerical conventions"): eigenvalues are within ``n u ‖H‖ ≲ 1e-13 μ_1`` (Weyl, backward-
  stable ``eigh``), so identities/inequalities between eigenvalues use ``1e-10 μ_1`` (values divided by ``μ_1``,
  ``rtol = 1e-10``); ratios of small eigenvalues are only used above a floor (``1e-12 σ_1`` S22, ``1e-11 μ_1`` S23),
  where their relative error is ``≤ 1e-4``, far below the bounds' observed slack (≥ 10×).
* mp spectra at ``w = max(dps, 50)`` digits: ``eigsy`` is backward stable, so eigenvalues carry absolute error
  ``≲ 10^{-w} σ_1``; indices below ``10^{-(w-10)} σ_1`` (``1e-40 σ_1`` at ``w = 50``) are ignored (spec S22).
* float64 searches (S21, S23(a,b,e), S24) are written against a number system ``nx`` (``verify.arith``): a float64
  violation is re-derived with ``nx`` = mpmath before it may be reported (``verify.check.float64_search``): the
  same instance, float64 draws entered exactly, and every power, product, sum, QR (S21's design) and ``eigsy`` at
  the run's precisions, judged at ``10^-(dps-10)``.  Values are O(1) (divided by ``μ_1``/``G_00``) and carry
  ``≲ n² 10^-dps`` there (``n ≤ 150``), well inside it; not reproduced = a float64 artefact, ``inconclusive``.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp
from hypothesis import assume as hyp_assume

from sloppy_verifier.theory.ribbon.hankel import (CHECKPOINTS, DEGEN, ETA, GEOMETRIC_TAIL, LAST_STEP, MODES, N_EXTRA,
                                                 RATE, S21_GRAM, S21_HANKEL, S21_MODES, S21_PICK, S21_PSD, S21_STRIDED,
                                                 SEED, START, STRIDE, ZEROS, rk, wk)

from ..arith import FLOAT64, mp
from ..check import float64_search, relation
from ..evidence import Evidence, point_text
from ..ribbon import hankel as hk
from ..ribbon import trajectory as tr
from ..vectorised import closeness, np_fn as _np_fn

F64_EIG = "1e-10"  # eigenvalue identities/inequalities in float64, values divided by mu_1 (spec convention)

G_SIM, G_MOMENT, G_VANDERMONDE = S21_GRAM
G_T_TP, G_T1_TP1 = S21_HANKEL
MU_MIN, RANK, NODES = S21_PSD
MU_G, MU_K = S21_MODES
G_STRIDED, G_MEASURE = S21_STRIDED
LMIN_STEP, LMIN_PICK, TR_PICK_GAP, TAIL_TRACE = S21_PICK


# ---------------------------------------------------------------- picking the tightest index
def _pick(statement, env: dict, tol=0.0) -> dict:
    """``env`` with each list/array replaced by its element at the index where ``statement`` is tightest
    (``verify.vectorised.closeness``, sides floored at ``tol``: the absolute tolerance the relation is judged at;
    without it an index where both sides are round-off, ``1e-17`` against ``1e-16``, outranks a real 10 % gap).

    Lists may hold mp numbers (kept exactly; their float images pick the index).  No index: Hypothesis rejects the
    example (an instance without a valid pair, e.g. everything below the floor)."""
    arrays = {k for k, v in env.items() if isinstance(v, (list, np.ndarray))}
    hyp_assume(all(len(env[k]) > 0 for k in arrays))
    fenv = {k: (np.array([float(x) for x in v]) if k in arrays else float(v)) for k, v in env.items()}
    idx = int(np.argmax(closeness(statement, fenv, tol))) if arrays else 0
    return {k: (v[idx] if k in arrays else v) for k, v in env.items()}


def _cases(claim, ctx, envs: dict, label: str, rtol=None, statement=None, tier="high_precision") -> Evidence:
    """The statement at fixed reference points ``{name: env}`` (values already at the right precision: ``tier``
    names it)."""
    statement = claim.statement if statement is None else statement
    rows, bad = [], []
    for name, env in envs.items():
        r = relation(statement, env, ctx.dps, rtol)
        ratio = float(1 / r["ratio"]) if r["ratio"] != 0 else math.inf
        rows.append({"case": name, "lhs_over_rhs": ratio, "lhs": str(r["lhs"]), "rhs": str(r["rhs"])})
        if not r["ok"]:
            bad.append(rows[-1])
    worst = max(rows, key=lambda x: x["lhs_over_rhs"])
    tight = {"measure": "max lhs/rhs", "extreme": worst["lhs_over_rhs"], "at": worst["case"]}
    tol = f"relative {rtol}" if rtol else f"relative 10^-(dps-10) at dps {ctx.dps}"
    if bad:
        return Evidence(tier, "violated", f"{label}violated at {point_text(bad[0]['case'])}: lhs={bad[0]['lhs'][:15]} "
                        f"rhs={bad[0]['rhs'][:15]}", worst_case=bad[0], tightness=tight, tolerance=tol,
                        data={"cases": rows})
    return Evidence(tier, "holds", f"{label}{len(rows)} case(s); max lhs/rhs = {worst['lhs_over_rhs']:.4g} "
                    f"({worst['case']})", worst_case=worst, tightness=tight, tolerance=tol, data={"cases": rows})


def _wdps(dps: int) -> int:
    return max(int(dps), 50)


def _eig(A, nx):
    """Eigenvalues of the symmetric part of ``A``, decreasing, in the number system ``nx``."""
    return nx.eigvalsh((A + A.T) / 2)


def _small(nx, n: int, dps: int):
    """The number system of a size-``n`` instance: mp at ``max(dps, 50)`` digits for ``n ≤ 10`` (at the
    re-derivation's own precision when ``nx`` is mp), ``nx`` beyond."""
    return nx if n > 10 else mp(_wdps(dps if nx is FLOAT64 else nx.dps))


def _floor(nx, f64):
    """Eigenvalues below ``floor · μ_1`` are round-off: ``f64`` in float64, ``10^-(dps-10)`` in mp."""
    return f64 if nx is FLOAT64 else nx.ctx.mpf(10) ** (-(nx.dps - 10))


def _eig_tol(nx) -> float:
    """The absolute tolerance eigenvalues divided by ``μ_1`` are judged at in ``nx``: ``F64_EIG`` in float64,
    ``10^-(dps-10)`` when ``float64_search`` re-derives in mp (its ``_pick`` floor)."""
    return float(_floor(nx, float(F64_EIG)))


# ---------------------------------------------------------------- S21: one simulated run
def _run(p, ts, nx=FLOAT64):
    """A GD run of S21's domain iterated step by step in ``nx`` (design orthonormalised, teacher and steps; the
    float64 draws entered exactly): ``(G_sim/G_00, w, r)`` at checkpoints ``ts``."""
    rng = np.random.default_rng(p[SEED])
    d = p[MODES]
    lam = np.sort(rng.uniform(0.05, 1.0, d))[::-1]
    lam[0] = 1.0
    if p[DEGEN]:
        lam = np.sort(1 + 1e-9 * rng.standard_normal(d))[::-1]
        lam[1:2] = lam[0]                                   # an exact tie: two modes share one node
    lam = nx.array(lam)
    X, V = tr.design(lam, d + p[N_EXTRA], rng, with_basis=True, nx=nx)
    eta = nx.num(p[ETA]) / lam.max()
    Wstar = tr.teacher(V, rng.standard_normal(d))
    alpha = rng.standard_normal(d)
    alpha[rng.permutation(d)[:min(p[ZEROS], d - 1)]] = 0.0
    alpha = nx.array(alpha)
    W0 = Wstar + V @ alpha[:, None]                          # alpha_k = v_k^T (W_0 - W*)
    Y = X @ Wstar
    E = tr.gd_steps(X, Y, W0[None], eta, ts)[0, :, :, 0] - Y[:, 0][None]
    w, r = lam * alpha ** 2, 1 - eta * lam
    return E @ E.T / X.shape[0] / w.sum(), w / w.sum(), r


def _subset(rng, T, size=40):
    return np.unique(np.concatenate([[0, T], rng.integers(0, T + 1, size - 2)])) if T + 1 > size else np.arange(T + 1)


S21_TOL = "1e-9"  # relative to G_00: 2 t (N + d) u <= 2e4 * 22 * 1.1e-16 = 5e-11 after t <= 1e4 GD steps
# A float64 violation is re-derived with the whole run in mp (float64_search): design, teacher and t <= 1e4 GD
# steps at dps digits carry ~ 2 t (N + d) 10^-dps <= 10^(6-dps) relative, inside the mp tolerance 10^-(dps-10).


def _s21_gram(claim, ctx):
    def ev(p, nx):
        ts = _subset(np.random.default_rng(p[SEED] + 1), p[LAST_STEP])
        G, w, r = _run(p, ts, nx)
        mom = (w[None, :] * r[None, :] ** np.arange(2 * ts.max() + 1)[:, None]).sum(1)   # m_p = sum_k w_k r_k^p
        M = mom[ts[:, None] + ts[None, :]]
        V = hk.gram(w, r, ts)
        idx = [(a, b) for a in range(len(ts)) for b in range(a, len(ts))]
        return _pick(claim.statement, {G_SIM: [G[a, b] for a, b in idx], G_MOMENT: [M[a, b] for a, b in idx],
                                       G_VANDERMONDE: [V[a, b] for a, b in idx]})
    return [float64_search(claim, ctx, ev, rtol=S21_TOL),
            float64_search(claim, ctx, ev, rtol=S21_TOL, fixed={ETA: sp.Rational(1999, 1000), LAST_STEP: 10**4},
                           examples=2, label="eta lam_1 = 1.999, T = 1e4: ")]


def _s21_hankel(claim, ctx):
    def ev(p, nx):
        ts = np.arange(p[START], p[START] + p[CHECKPOINTS])
        G = _run(p, ts, nx)[0]
        idx = [(a, b) for a in range(p[CHECKPOINTS] - 1) for b in range(1, p[CHECKPOINTS])]
        return _pick(claim.statement, {G_T_TP: [G[a, b] for a, b in idx], G_T1_TP1: [G[a + 1, b - 1] for a, b in idx]})
    return [float64_search(claim, ctx, ev, rtol=S21_TOL)]


def _gram_spectrum(p, nx, dps, big: bool):
    """``(μ(G)/μ_1, μ(K)/μ_1 zero-padded, floor, (w, r))``, ``K = D_w^{1/2} Φᵀ Φ D_w^{1/2}``: mp for ``n ≤ 10``,
    ``nx`` beyond (the quick profile stops at ``n = 100``: a dense 1000 × 1000 ``eigh`` costs seconds on a shared
    2-core host).  The measure ``(w, r)`` of the run's float64 draws enters exactly."""
    n = p[CHECKPOINTS]
    hyp_assume(n <= 100 or big)
    nx = _small(nx, n, dps)
    _, w, r = _run(p, [0])
    w, r = nx.array(w), nx.array(r)
    muG = list(_eig(hk.gram(w, r, np.arange(n)), nx))
    Phi, sw = r[None, :] ** np.arange(n)[:, None], nx.sqrt(w)
    muK = list(_eig(sw[:, None] * (Phi.T @ Phi) * sw[None, :], nx))
    floor = _floor(nx, float(F64_EIG))
    size = max(len(muG), len(muK))
    muG, muK = [x / muG[0] for x in muG], [x / muG[0] for x in muK]
    return muG + [0] * (size - len(muG)), muK + [0] * (size - len(muK)), floor, (w, r)


def _s21_psd(claim, ctx):
    def ev(p, nx):
        muG, _, floor, (w, r) = _gram_spectrum(p, nx, ctx.dps, ctx.profile.name != "quick")
        nodes = len({float(x) for x, wk in zip(r, w) if wk > 0})
        n = p[CHECKPOINTS]
        return {MU_MIN: muG[n - 1] if n <= len(muG) else 0, RANK: sum(1 for x in muG if x > floor), NODES: nodes,
                CHECKPOINTS: n}
    # tolerance: mu_min >= -1e-10 mu_1 (float64, n >= 100) / -10^-(dps-10) mu_1 (mp): round-off of eigh / eigsy
    return [float64_search(claim, ctx, ev, rtol=F64_EIG),
            float64_search(claim, ctx, ev, rtol=F64_EIG, fixed={DEGEN: True, ZEROS: 3, CHECKPOINTS: 10},
                           examples=5, label="tied nodes, zero weights: ")]


def _s21_modes(claim, ctx):
    def ev(p, nx):
        muG, muK, _, _ = _gram_spectrum(p, nx, ctx.dps, ctx.profile.name != "quick")
        return _pick(claim.statement, {MU_G: muG, MU_K: muK})
    return [float64_search(claim, ctx, ev, rtol=F64_EIG)]


def _s21_strided(claim, ctx):
    def ev(p, nx):
        t0, n = p[START], p[CHECKPOINTS]
        ts = t0 + p[STRIDE] * np.arange(n)
        G, w, r = _run(p, ts, nx)
        M = hk.gram(w * r ** (2 * t0), r ** p[STRIDE], np.arange(n))
        idx = [(a, b) for a in range(n) for b in range(a, n)]
        return _pick(claim.statement, {G_STRIDED: [G[a, b] for a, b in idx], G_MEASURE: [M[a, b] for a, b in idx]})
    return [float64_search(claim, ctx, ev, rtol=S21_TOL)]


# ---------------------------------------------------------------- S23/S24 trajectories
def _modes(p, nx=FLOAT64):
    """``(w, r)`` of S24's domain in ``nx`` (the float64 draws ``ξ`` entered exactly): ``λ_k = e^{−c(k−1)}`` (or
    ``1 + 10^-9 ξ``), ``w_k = λ_k e^{2ξ'}``, η = ηλ_1/λ_1."""
    hyp_assume(float(p[RATE]) * p[MODES] <= 25)
    rng = np.random.default_rng(p[SEED])
    d = p[MODES]
    lam = nx.exp(-nx.num(p[RATE]) * nx.array(np.arange(d)))
    if p[DEGEN]:
        lam = np.sort(1 + nx.num(sp.Rational(1, 10**9)) * nx.array(rng.standard_normal(d)))[::-1]
    w = lam * nx.exp(2 * nx.array(rng.standard_normal(d)))
    return w / w.sum(), 1 - nx.num(p[ETA]) / lam.max() * lam


def _geometric_tail(w, r, n: int):
    """``Σ_k`` of theory's ``GEOMETRIC_TAIL`` at the modes ``(w, r)`` (lambdified once; elementwise, so float64 or
    mp arrays)."""
    syms, f = _np_fn(GEOMETRIC_TAIL)
    return np.sum(f(*({wk: w, rk: r, CHECKPOINTS.symbol: n}[x] for x in syms)))


def _pick_values(p, nx):
    """S21's Pick-limit quantities: ``K_n`` by direct sums over ``t < n`` (``ΦᵀΦ``, the definition) and ``P`` by its
    entries ``√(w_k w_l)/(1 − r_k r_l)``: two routes; the tail trace is theory's ``GEOMETRIC_TAIL``."""
    w, r = _modes(p, nx)
    sw = nx.sqrt(w)
    P = sw[:, None] * sw[None, :] / (1 - r[:, None] * r[None, :])
    Phi = r[None, :] ** np.arange(p[CHECKPOINTS] + 1)[:, None]
    K = [sw[:, None] * (F.T @ F) * sw[None, :] for F in (Phi[:-1], Phi)]
    top = _eig(P, nx)[0]
    return {LMIN_STEP: _eig(K[1] - K[0], nx)[-1] / top, LMIN_PICK: _eig(P - K[0], nx)[-1] / top,
            TR_PICK_GAP: np.trace(P - K[0]) / top, TAIL_TRACE: _geometric_tail(w, r, p[CHECKPOINTS]) / top}


def _s21_pick(claim, ctx):
    # float64: lambda_min >= -1e-10 lambda_1(P) (eigh and the subtraction P - K_n are off by <= 30 d u ||P||).  A
    # float64 violation is re-derived in mp (float64_search): off by <= 30 d 10^-dps ||P||, inside 10^-(dps-10).
    # eta lam_1 = 1 makes r_1 = 0 exactly (in float64 and mp): row 1 of P - K_n = sum_{t>=n} rho_t rho_t^T vanishes,
    # so lmin_pick = 0 and the bound lmin_pick >= 0 is attained.  The random search shrinks toward eta lam_1 = 1/2,
    # where lmin_pick > 0, and would not tell ">= 0" from "> 0" without this edge.
    return [float64_search(claim, ctx, _pick_values, rtol=F64_EIG),
            float64_search(claim, ctx, _pick_values, rtol=F64_EIG, fixed={ETA: 1}, examples=5,
                           label="eta lam_1 = 1 (r_1 = 0, lmin_pick = 0 attained): ")]


#: claim id -> check, for the claims of this module (``verify.checks.CHECKS`` joins the modules)
CHECKS = {
    "ribbon.trajectory_gram": _s21_gram,
    "ribbon.gram_hankel": _s21_hankel,
    "ribbon.gram_psd_rank": _s21_psd,
    "ribbon.gram_mode_spectrum": _s21_modes,
    "ribbon.gram_strided": _s21_strided,
    "ribbon.pick_limit": _s21_pick,
}
