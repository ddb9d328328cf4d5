"""Checks of S23 and S24 (spec/sloppiness.md §2.E): the spectra of one trajectory's Gram ``H`` and its centred
inPCA matrix ``W = ΠHΠ``, their growth in the number of checkpoints and their Pick-matrix limit.

Conventions and error analysis: ``ribbon_hankel``'s docstring (float64 eigenvalues at ``1e-10 μ_1``, floors,
mp re-derivation of a float64 violation); S23(b)'s adversarial search reuses ``ribbon_bt``'s Nelder–Mead.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp
from hypothesis import assume as hyp_assume

from sloppy_verifier.theory.ribbon.hankel import (CHECKPOINTS, DEGEN, DIM, DIM_T, DOMINANT, EIG_INDEX, EPS_P, ETA, GRID,
                                                 K_CBT, K_SUB, KEPT, LAST_STEP, R_K, RANK_K, S23A, S23B, S23E, S24A,
                                                 S24B, S24C, S24C_LIMIT, SEED, SIGMA_P)

from ..arith import FLOAT64, mp
from ..check import float64_search
from ..mpeval import context, mp_value
from ..point import named
from ..ribbon import hankel as hk
from ..ribbon import population as pop
from ..ribbon import trajectory as tr
from ..vectorised import closeness
from .ribbon_bt import _adversarial, _bt_env
from .ribbon_ensemble import _decay_search
from .ribbon_hankel import F64_EIG, _eig, _eig_tol, _floor, _geometric_tail, _modes, _pick, _small, _wdps

MU_H_NEXT, MU_W, MU_H = S23A
MU_W_J1_2K, MU_W_J = S23B
MU_W_SUB, MU_H_FULL, MU_W_SUB_J2K, MU_H_FULL_J = S23E
MU_H_N, MU_H_N1, MU_W_N, MU_W_N1 = S24A
TAIL_H, TAIL_W, PATH = S24B
DEV, H1_NORM, PICK_TAIL = S24C
MU_W_I, PI_I = S24C_LIMIT


# ---------------------------------------------------------------- S23, S24: spectra of one trajectory
def _spectra(w, r, ts, nx=FLOAT64):
    """``(μ(H), μ(W))`` decreasing, divided by ``μ_1(H)``, ``H = G`` (``8σ² = 1``), ``W = ΠHΠ``, in ``nx``."""
    G = hk.gram(w, r, np.asarray(ts))
    h, c = _eig(G, nx), _eig(hk.centred(G), nx)
    return list(h / h[0]), list(c / h[0])


def _traj_spectra(p, nx, dps):
    """S23's spectra: mp (``max(dps, 50)`` digits, floor ``10^-(w-10)``) for ``n ≤ 10``, ``nx`` beyond (float64:
    floor 1e-11)."""
    nx = _small(nx, p[CHECKPOINTS], dps)
    w, r = _modes(p, nx)
    h, c = _spectra(w, r, range(p[CHECKPOINTS]), nx)
    return h, c, _floor(nx, 1e-11), (w, r)


def _s23a(claim, ctx):
    def ev(p, nx):
        h, c, _, _ = _traj_spectra(p, nx, ctx.dps)
        n = p[CHECKPOINTS]
        return _pick(claim.statement, {MU_H_NEXT: h[1:n], MU_W: c[:n - 1], MU_H: h[:n - 1]}, _eig_tol(nx))
    return [float64_search(claim, ctx, ev, rtol=F64_EIG),
            float64_search(claim, ctx, ev, rtol=F64_EIG, fixed={DEGEN: True}, examples=5, label="near-degenerate: ")]


def _centred_bt_pairs(c, n, floor) -> dict:
    """S23(b)'s sides over the pairs ``(j, k)``, ``j + 1 + 2k ≤ n``, with ``μ_{j+1+2k}(W) ≥ floor`` (divided by
    ``μ_j(W)``)."""
    J, K = _bt_env(c, n, floor, shift=1)
    return {MU_W_J1_2K: [c[j + 2 * k] / c[j - 1] for j, k in zip(J, K)], MU_W_J: [1] * len(J), K_CBT: K, CHECKPOINTS: n}


def _centred_bt_env(statement, c, n, floor):
    return _pick(statement, _centred_bt_pairs(c, n, floor))


def _traj_measure(z, n, nx=FLOAT64):
    """The ``n``-atom trajectory measure of ``z``: nodes ``r = tanh z[:n]`` in ``(−1, 1)`` (``r = 1 − ηλ``, any
    stable step), weights ``e^{z[n:]}``; the float64 values entered exactly in ``nx``."""
    return nx.array(np.exp(np.clip(z[n:], -30, 30))), nx.array(np.tanh(z[:n]))


@functools.lru_cache(maxsize=64)
def _cbt_objective(statement, n: int):
    """S23(b)'s Nelder–Mead objective: the largest ``closeness`` of ``statement`` over ``_centred_bt_pairs`` of the
    trajectory measure ``_traj_measure(z, n)`` (float64, floor ``1e-11 μ_1(H)`` as ``_traj_spectra``; ``−∞`` where
    no pair clears it: a score of a bound that holds is ``lhs/rhs − 1 < 0``, so 0 would reward such measures)."""
    def worst(z) -> float:
        c = _spectra(*_traj_measure(z, n), range(n))[1]
        env = _centred_bt_pairs(c, n, 1e-11)
        if not env[K_CBT] or not np.isfinite(c).all():
            return -math.inf
        return float(np.max(closeness(statement, {k: np.asarray(v, dtype=float) for k, v in env.items()})))
    return worst


def _cbt_mp_point(statement, z, n: int, wd: int) -> dict:
    """``_centred_bt_env`` (mp, ``wd`` digits, floor ``10^-(wd-10) μ_1(H)``) of the measure ``_traj_measure(z, n)``."""
    nx = mp(wd)
    c = _spectra(*_traj_measure(z, n, nx), range(n), nx)[1]
    return _centred_bt_env(statement, c, n, _floor(nx, 1e-11))


def _s23b(claim, ctx):
    def ev(p, nx):
        hyp_assume(p[CHECKPOINTS] >= 4)
        _, c, floor, _ = _traj_spectra(p, nx, ctx.dps)
        return _centred_bt_env(claim.statement, c, p[CHECKPOINTS], floor)
    # the random trajectories (geometric spectra, log-normal weights) stay far from where the bound is tightest
    # (max lhs/rhs ~0.004); Nelder-Mead over every stable trajectory measure reaches 0.0118 at n = 40 (k = 1:
    # mu_{j+3}(W)/mu_j(W) = 0.189, the mp value of the optimised measure; n = 10 stops at 0.0035).  One start at
    # n = 40 costs ~2 s (quick, 6000 steps) / ~5 s (400 n steps): 2 / 6 starts
    return [float64_search(claim, ctx, ev, rtol=F64_EIG),
            float64_search(claim, ctx, ev, rtol=F64_EIG, fixed={ETA: sp.Rational(1999, 1000), CHECKPOINTS: 40},
                           examples=5, label="eta lam_1 = 1.999: "),
            _adversarial(claim, ctx, (40,), starts=2 if ctx.profile.name == "quick" else 6, objective=_cbt_objective,
                         point=_cbt_mp_point)]


def _s23c(claim, ctx):
    # a count of eigenvalues above eps mu_1: float64 can only misplace one within ~1e-13 mu_1 of the threshold;
    # a float64 violation is re-derived in mp (float64_search), where that margin is 10^-(dps-2)
    def ev(p, nx):
        _, c, floor, _ = _traj_spectra(p, nx, ctx.dps)
        hyp_assume(p[EPS_P] > floor * 10)
        eps = _small(nx, p[CHECKPOINTS], ctx.dps).num(p[EPS_P])
        return {DIM: sum(1 for x in c if x > eps * c[0]), CHECKPOINTS: p[CHECKPOINTS], EPS_P: p[EPS_P]}
    return [float64_search(claim, ctx, ev, rtol=None)]


def _sums_as_symbols(statement):
    """``statement`` with each ``Sum`` replaced by a symbol, and the map symbol -> Sum (``mp_value`` cannot iterate
    over mp limits: :func:`_sum_value` adds the terms)."""
    sums = {}

    def sub(e):
        sym = sp.Symbol(f"_sum{len(sums)}")
        sums[sym] = e
        return sym
    return statement.replace(lambda e: isinstance(e, sp.Sum), sub), sums


def _sum_value(e: sp.Sum, env: dict, dps: int):
    """A finite ``Sum(f, (i, a, b))`` at ``env``: integer limits, then the terms in mp (one compiled summand)."""
    (var, lo, hi), = e.limits
    a, b = (int(mp_value(x, env, dps)) for x in (lo, hi))
    return context(dps).fsum(mp_value(e.function, env | {var.name: ii}, dps) for ii in range(a, b + 1))


#: R_k is judged only above this (spec "Numerical conventions"): float64 eigenvalues are off by <= n u mu_1, so R_k is
#: off by <= n^(3/2) u ~ 2e-13 (n <= 150) absolutely, and the tolerance 1e-10 (relation's scale max(1, |lhs|, |rhs|):
#: absolute for values < 1) is <= 1e-4 of R_k only for R_k > 1e-6.  Below it R_k is round-off (~1e-13 against a bound
#: ~1e-20 at n = 150, k = 121) that the absolute tolerance accepted whatever the bound said.
R_MIN = 1e-6


def _s23d(claim, ctx):
    stmt, sums = _sums_as_symbols(claim.statement)

    def ev(p, nx):
        n = p[CHECKPOINTS]
        hyp_assume(n >= 2)
        w, r = _modes(p, nx)
        sq = np.array(_spectra(w, r, range(n), nx)[1]) ** 2
        kk = min(p[RANK_K], n - 1)                            # the domain's k, clipped to n - 1
        R = nx.sqrt(np.sum(sq[kk:]) / np.sum(sq))             # R_k's definition: the tail summed directly
        while kk > 1 and not R > R_MIN:                       # R_k is nonincreasing in k
            kk -= 1
            R = nx.sqrt(np.sum(sq[kk:]) / np.sum(sq))
        hyp_assume(R > R_MIN)
        env = named({R_K: R, CHECKPOINTS: n, RANK_K: kk})     # by name: mp_value reads env[symbol.name]
        for sym, e in sums.items():
            env[sym.name] = _sum_value(e, env, ctx.dps if nx is FLOAT64 else nx.dps)
        return env
    # R_k is judged at the largest k' <= min(k, n - 1) with R_k' > R_MIN; a float64 violation is
    # re-derived in mp
    return [float64_search(claim, ctx, ev, statement=stmt, rtol="1e-10"),
            float64_search(claim, ctx, ev, statement=stmt, rtol="1e-10", fixed={CHECKPOINTS: 150}, examples=5, label="n = 150: "),
            float64_search(claim, ctx, ev, statement=stmt, rtol="1e-10", fixed={CHECKPOINTS: 3, RANK_K: 1}, examples=5,
                           label="n = 3, k = 1: ")]


def _s23e(claim, ctx):
    part_i, part_jk = claim.statement.args if isinstance(claim.statement, sp.And) else (claim.statement, None)

    def ev(p, nx):
        w, r = _modes(p | {CHECKPOINTS: p[LAST_STEP] + 1}, nx)
        T, rng = p[LAST_STEP], np.random.default_rng(p[SEED] + 7)
        ts = {"random": lambda: np.unique(rng.integers(0, T + 1, max(2, T // 3))),
              "log": lambda: tr.log_spaced(T, max(2, min(T + 1, 8))),
              "strided": lambda: np.arange(rng.integers(0, 3), T + 1, max(1, T // 7))}[p[GRID]]()
        hyp_assume(len(ts) >= 2)
        G = hk.gram(w, r, np.arange(T + 1))
        h = _eig(G, nx)
        c = list(_eig(hk.centred(G[np.ix_(ts, ts)]), nx) / h[0])      # W_T = Pi G_T Pi, G_T principal submatrix
        h = list(h / h[0])
        env = _pick(part_i, {MU_W_SUB: c, MU_H_FULL: h[:len(c)]}, _eig_tol(nx))
        floor = _floor(nx, 1e-11)
        jk = [(j, k) for j in range(1, len(c)) for k in range(1, len(c)) if j + 2 * k <= len(c) and c[j + 2 * k - 1] > floor]
        hyp_assume(jk)
        env |= _pick(part_jk, {MU_W_SUB_J2K: [c[j + 2 * k - 1] / h[j - 1] for j, k in jk], MU_H_FULL_J: [1] * len(jk),
                               K_SUB: [k for _, k in jk], LAST_STEP: T})
        return env
    return [float64_search(claim, ctx, ev, rtol=F64_EIG)]


def _s23f(claim, ctx):
    # nonzero eig(W) = eig(D_w^1/2 Q^c D_w^1/2) (S17 identity), Q^c in mp (population.time_gram), eigh in float64:
    # counts with eps >= 1e-10 are exact unless an eigenvalue sits within 1e-13 mu_1 of the threshold; a float64
    # violation is re-derived in mp (float64_search: Q^c, the product and eigsy at dps digits).
    def ev(p, nx):
        w, r = _modes(p | {CHECKPOINTS: 2}, nx)
        Qc = pop.time_gram([1 - x for x in r], p[LAST_STEP], 30 if nx is FLOAT64 else nx.dps, relative=False)[2]
        Qc, sw = np.array(Qc, dtype=float if nx is FLOAT64 else object), nx.sqrt(w)
        mu = _eig(sw[:, None] * Qc * sw[None, :], nx)
        return {DIM_T: int(np.sum(mu > nx.num(p[EPS_P]) * mu[0])), LAST_STEP: p[LAST_STEP], EPS_P: p[EPS_P]}
    return [float64_search(claim, ctx, ev, rtol=None, examples=ctx.profile.examples // 2)]


def _s24a(claim, ctx):
    def ev(p, nx):
        w, r = _modes(p, nx)
        n = p[CHECKPOINTS]
        g = hk.gram(w, r, np.arange(n + 1))
        top = _eig(g, nx)[0]
        h0, h1 = _eig(g[:n, :n], nx) / top, _eig(g, nx) / top
        c0, c1 = _eig(hk.centred(g[:n, :n]), nx) / top, _eig(hk.centred(g), nx) / top
        return _pick(claim.statement, {MU_H_N: list(h0), MU_H_N1: list(h1[:n]), MU_W_N: list(c0),
                                       MU_W_N1: list(c1[:n])}, _eig_tol(nx))
    return [float64_search(claim, ctx, ev, rtol=F64_EIG)]


def _s24b(claim, ctx):
    def ev(p, nx):
        w, r = _modes(p, nx)
        n, s2 = p[CHECKPOINTS], 8 * nx.num(p[SIGMA_P]) ** 2
        m = p[KEPT] % (n + 1)                                 # the domain's m folded into 0..n
        if p[DOMINANT]:
            w = w * nx.num(sp.Rational(1, 10**9))
            w[int(np.argmax(r))] = 1
        G = hk.gram(w, r, np.arange(n)) / s2
        h, c = _eig(G, nx), _eig(hk.centred(G), nx)
        # the path sum term by term, sum_k w_k sum_{t=m}^{n-1} r_k^2t: the closed geometric form
        # (r^2m - r^2n)/(1 - r^2) loses ~eps/(1 - r^2) relative when a mode has r_k -> 1 (1 - r^2 ~ 1e-7 at
        # c = 1, d = 18), which made the m = 0 trace identity fail by 1e-9 in float64
        path = np.sum(w[:, None] * r[:, None] ** (2 * np.arange(m, n))[None, :])
        u = h[0]
        return {TAIL_H: np.sum(h[m:]) / u, TAIL_W: np.sum(c[m:]) / u, PATH: path / u, SIGMA_P: p[SIGMA_P]}
    return [float64_search(claim, ctx, ev, rtol=F64_EIG),
            float64_search(claim, ctx, ev, rtol=F64_EIG, fixed={DOMINANT: True}, examples=8, label="one dominant mode: "),
            float64_search(claim, ctx, ev, rtol=F64_EIG, fixed={KEPT: 0}, examples=5, label="m = 0 (equality, trace): ")]


def _saturation_values(p, nx):
    """S24(c)'s quantities: the Pick spectrum and that of ``W_n`` by eigen-solves, the tail by theory's
    ``GEOMETRIC_TAIL``; all over ``π_1``."""
    w, r = _modes(p, nx)
    n, s2 = p[CHECKPOINTS], 8 * nx.num(p[SIGMA_P]) ** 2
    sw = nx.sqrt(w)
    P = sw[:, None] * sw[None, :] / (1 - r[:, None] * r[None, :]) / s2
    pi = _eig(P, nx)
    H = hk.gram(w, r, np.arange(n)) / s2
    mu = _eig(hk.centred(H), nx)
    q = min(n, len(pi))
    u = pi[0]
    return {DEV: np.max(np.abs(mu[:q] - pi[:q])) / u, H1_NORM: nx.norm(H.sum(1)) / u,
            CHECKPOINTS: n, PICK_TAIL: _geometric_tail(w, r, n) / u, SIGMA_P: p[SIGMA_P]}


def _s24c(claim, ctx):
    return [float64_search(claim, ctx, _saturation_values, rtol=F64_EIG)]


def _s24c_limit(claim, ctx):
    # mode space (S17 identity): mu_i(W_n) = eig(D_w^1/2 Q^c_n D_w^1/2), pi_i = eig(Pick), mp at max(dps, 50)
    def values(p, n, prec):
        w, r = _modes(p | {DEGEN: False})
        m = context(prec)
        sw = m.diag([m.sqrt(m.mpf(v)) for v in w])
        Qc = m.matrix(pop.time_gram([1 - m.mpf(x) for x in r], n - 1, prec, relative=False)[2])
        i = min(p[EIG_INDEX], len(w)) - 1
        return {MU_W_I: hk.eig_desc_mp(sw * Qc * sw, prec)[i], PI_I: hk.eig_desc_mp(hk.pick_mp(w, r, prec), prec)[i],
                CHECKPOINTS: n}

    def larges(p):
        w, r = _modes(p | {DEGEN: False})
        relax = 1 / min(1 - abs(x) for x in r)
        return [int(20 * relax) * f for f in (1, 4, 16)]
    return [_decay_search(claim, ctx, values, larges, lambda p, dps: _wdps(dps), min(ctx.profile.examples, 6))]


#: claim id -> check, for the claims of this module (``verify.checks.CHECKS`` joins the modules)
CHECKS = {
    "ribbon.centring_interlaces": _s23a,
    "ribbon.centred_bt": _s23b,
    "ribbon.eps_dimension": _s23c,
    "ribbon.residual_stress_bt": _s23d,
    "ribbon.checkpoint_subset": _s23e,
    "ribbon.dimension_growth": _s23f,
    "ribbon.monotone_growth": _s24a,
    "ribbon.time_truncation": _s24b,
    "ribbon.saturation": _s24c,
    "ribbon.saturation_limit": _s24c_limit,
}
