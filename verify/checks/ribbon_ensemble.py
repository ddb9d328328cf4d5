"""Checks of S14–S20 (spec/sloppiness.md §2.D).

Error analysis.  mp evaluations carry ``dps`` digits; the relation's default tolerance keeps 10 guard digits.
S15 compares a float64 inPCA of ``m = Mn`` simulated models with the mode matrix: eigenvalue round-off is
``≲ m ε ‖W‖ ≈ 1e-13 μ_1`` (Weyl), so the spec's ``1e-8 μ_1`` leaves five orders of margin.  A float64 violation is
re-derived in mp (``verify.check.float64_search``): the same draws, the design re-orthonormalised (QR), GD, the
distances, the double centring and ``eigsy`` at ``dps`` digits, judged at ``10^-(dps-10)``.  S17(a) is a Monte
Carlo mean: accepted within 4 standard errors (entries are independent sums of Gaussian quadratics).
"""
from __future__ import annotations

import math
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import sympy as sp

from sloppy_verifier.theory.ribbon import ensemble as ens

from ..arith import FLOAT64
from ..check import (GUARD_DIGITS, float64_search, interval_relation, loglog_slope, mean_se, point_evidence,
                     property_search, reference_value, relation, strict_at_limit)
from ..evidence import Evidence
from ..mpeval import context, mp_value, to_mpf
from ..point import Point, named
from ..ribbon import population as pop
from ..ribbon.hankel import centred
from ..ribbon.trajectory import orthonormal
from ..vectorised import value


def _lam(p, dps):
    return pop.spectrum("geometric", p[ens.RATE], p[ens.MODES], dps)


# ---------------------------------------------------------------- S14
def _width_box(claim, ctx):
    def ev(p, dps):
        m = context(dps)
        r, alpha = 1 - to_mpf(m, p[ens.ETA_LAM]), to_mpf(m, p[ens.FRACTION]) * to_mpf(m, p[ens.BOX])
        res = alpha
        for _ in range(min(p[ens.STEP], 2000)):  # the residual recursion e_{t+1} = r e_t (a long t only shrinks it)
            res = r * res
        return {ens.P_BOX: m.sqrt(p[ens.SAMPLES] * to_mpf(m, p[ens.LAMBDA])) * abs(res),
                ens.SAMPLES: p[ens.SAMPLES], ens.LAMBDA: p[ens.LAMBDA], ens.BOX: p[ens.BOX]}
    return [property_search(claim, ctx, ev),
            property_search(claim, ctx, ev, fixed={ens.ETA_LAM: 2, ens.FRACTION: 1},
                            label="eta lam = 2, |alpha| = A: ")]


def _width_ratios(claim, ctx):
    # The widths' ratios are the quantities' definitions (theory) evaluated at dps digits; the statement's
    # right-hand sides are the claim.
    def ev(p, dps):
        return {q: mp_value(q.definition, p, dps) for q in (ens.W_GEO, ens.W_POW)} | \
            {x: p[x] for x in (ens.RATE, ens.POWER, ens.RANK)}
    return [property_search(claim, ctx, ev)]


# ---------------------------------------------------------------- S15 / S16 instances
MP_MODELS = 100   # largest ensemble (m = M n models) re-derived in mp: an m x m eigsy, ~5 s at m = 100


def _sq_distances(Z, prec, block: int = 2 ** 22):
    """``Σ_{n,c} prec_n (Z_inc − Z_jnc)²`` for models ``Z`` ``(m, N, C)``, by blocks of rows (about ``block``
    differences at a time, not all ``m² N C``)."""
    rows = max(1, block // Z[0].size // len(Z))
    return np.concatenate([np.einsum("ijnc,n->ij", (Z[a:a + rows, None] - Z[None, :]) ** 2, prec)
                           for a in range(0, len(Z), rows)])


def _instance(p, nx=FLOAT64):
    """A random ensemble of S15's domain: ``(W of the Psi route, mode-matrix parts A, B)`` in the number system
    ``nx``: in mp the float64 draws enter exactly and the design is re-orthonormalised, GD iterated and every
    distance, centring and ``eigh`` computed at ``dps`` digits (up to ``MP_MODELS`` models)."""
    rng = np.random.default_rng(p[ens.SEED])
    d, M, C = p[ens.MODES], p[ens.RUNS], p.get(ens.OUTPUTS, 1)
    N = d + p[ens.N_EXTRA]
    lam = np.sort(rng.uniform(0.05, 1.0, d))[::-1]
    lam[0] = 1.0
    if p[ens.DEGENERATE]:
        lam = lam[0] * (1 + 1e-9 * rng.standard_normal(d))
        lam = np.sort(lam)[::-1]
    lam = nx.array(lam)
    U, V = orthonormal(rng, N, d, nx), orthonormal(rng, d, d, nx)
    X = nx.sqrt(nx.num(N)) * (U * nx.sqrt(lam)[None, :]) @ V.T
    eta = nx.num(p[ens.ETA_LAM1]) / lam.max()
    Wstar = nx.num(p[ens.TEACHER]) * nx.array(rng.standard_normal((d, C)))
    W0 = nx.num(p[ens.INIT]) * nx.array(rng.standard_normal((M, d, C)))
    T = p[ens.LAST_T]
    ts = np.arange(T + 1) if p[ens.GRID] == "uniform" else np.unique(np.round(np.geomspace(1, T + 1, 8)).astype(int) - 1)
    if nx is not FLOAT64 and M * len(ts) > MP_MODELS:
        raise ValueError(f"{M * len(ts)} models exceed the {MP_MODELS} re-derived in mp")
    sigma = nx.num(sp.Rational(1, 2))
    prec = nx.array(np.ones(N)) / sigma ** 2 if p[ens.FORM] != "metric" else nx.array(rng.uniform(0.5, 2.0, N))
    Y, Z = X @ Wstar, []
    for a in range(M):
        Wt, t = W0[a].copy(), 0
        for tt in ts:
            while t < tt:
                Wt = Wt - eta * X.T @ (X @ Wt - Y) / N
                t += 1
            Z.append(X @ Wt)
    Z = np.array(Z)                                     # (m, N, C)
    D = _sq_distances(Z, prec) / (8 * N)
    # W = -Pi D Pi / 2 through row/column means (D is exactly symmetric): O(m^2) instead of two m^3 products with
    # Pi = I - 11^T/m, and a smaller round-off, <= (log2 m + 3) u max|D| per entry against ~ 2 m u max|D|
    W = -centred(D) / 2
    # mode matrix
    r = 1 - eta * lam
    Phi = r[None, :] ** ts[:, None]                     # (n, d)
    n = len(ts)
    Q = Phi.T @ Phi
    rbar = Phi.mean(0)
    Qc = Q - n * np.outer(rbar, rbar)
    alpha = np.einsum("dk,adc->akc", V, W0 - Wstar)     # (M, d, C), mode coordinates
    abar = alpha.mean(0)
    G = np.einsum("akc,ald->kcld", alpha - abar, alpha - abar).reshape(d * C, d * C)
    ab = abar.reshape(d * C)
    J = np.ones((C, C))
    Qm, Qcm = np.kron(Q, J), np.kron(Qc, J)
    Gam = (np.kron(V.T @ X.T @ (prec[:, None] * X) @ V / N, np.eye(C)) if p[ens.FORM] == "metric"
           else np.kron(np.diag(lam) / sigma ** 2, np.eye(C)))
    wg, vg = nx.eigh((Gam + Gam.T) / 2)
    half = (vg * nx.sqrt(np.maximum(wg, 0))[None, :]) @ vg.T
    A = half @ (Qm * G) @ half / 8
    B = half @ (M * np.outer(ab, ab) * Qcm) @ half / 8
    return W, A, B


def _sorted(w, size):
    w = np.sort(np.abs(w))[::-1]
    return np.pad(w, (0, max(0, size - len(w))))[:size]


def _identity_values(p, nx):
    W, A, B = _instance(p, nx)
    S = A + B
    muW, muS = nx.eigvalsh((W + W.T) / 2), nx.eigvalsh((S + S.T) / 2)
    size = max(len(muW), len(muS))
    sW, sS = _sorted(muW, size), _sorted(muS, size)
    u = sW[0] if sW[0] > 0 else 1
    return {ens.MU1_W: sW[0] / u, ens.MU1_S: sS[0] / u, ens.TR_W: np.trace(W) / u, ens.TR_A: np.trace(A) / u,
            ens.TR_B: np.trace(B) / u, ens.FRO_W: nx.sqrt(np.sum(W * W)) / u, ens.FRO_S: nx.sqrt(np.sum(S * S)) / u,
            ens.GAP_S15: np.max(np.abs(sW - sS)) / u}


def _identity(claim, ctx):
    # A float64 violation is re-derived in mp (float64_search; up to MP_MODELS models, beyond: inconclusive):
    # O(1) values (divided by mu_1) off by ~ m (T + d) 10^-dps there, inside the mp tolerance 10^-(dps-10).
    ev = float64_search(claim, ctx, _identity_values, rtol="1e-8")
    ev.tolerance += " of mu_1 (float64 inPCA of the simulated models, spec S15)"
    return [ev]


def _s16_values(p, dps):
    """S16's quantities for the PSD matrix ``S`` of a random S15 instance, evaluated in mp."""
    _, A, B = _instance(p | {ens.FORM: "plain"})
    m = context(dps)
    Sm = m.matrix((A + B).tolist())
    return _s16_of((Sm + Sm.T) / 2, p[ens.RANK], m)


def _s16_identity(p, dps):
    """S16's quantities for ``S = I_d`` (exact)."""
    return _s16_of(context(dps).eye(p[ens.MODES]), p[ens.RANK], context(dps))


def _s16_of(Sm, k, m):
    """S16's quantities of the symmetric mp matrix ``Sm``, ``k`` clipped to its size."""
    d, k = Sm.rows, min(k, Sm.rows)
    mu = sorted(m.eigsy(Sm, eigvals_only=True), key=abs, reverse=True)
    E = sorted((Sm[i, i] for i in range(d)), reverse=True)
    J = sorted(range(d), key=lambda i: -Sm[i, i])[:k]
    fro2 = m.fsum(Sm[i, j] ** 2 for i in range(d) for j in range(d))
    return {ens.HEAD_MU: m.fsum(mu[:k]), ens.HEAD_E: m.fsum(E[:k]), ens.TAIL_MU: m.fsum(mu[k:]),
            ens.TAIL_E: m.fsum(E[k:]), ens.HEAD_MU2: m.fsum(v ** 2 for v in mu[:k]),
            ens.HEAD_E2: m.fsum(v ** 2 for v in E[:k]),
            ens.R_K: m.sqrt(m.fsum(v ** 2 for v in mu[k:]) / m.fsum(v ** 2 for v in mu)),
            ens.TAIL_ESUM: m.fsum(E[k:]), ens.NORM_E: m.sqrt(m.fsum(v ** 2 for v in E)),
            ens.FRO_JJ2: m.fsum(Sm[i, j] ** 2 for i in J for j in J), ens.FRO_S2: fro2}


def _s16(claim, ctx):
    # S is built in float64 then held exactly: the inequalities are about that exact matrix (eigenvalues at dps).
    # (a)-(d) hold for any PSD S; S15's ensembles never make S flat (S = C o Q, a Schur product of an init
    # covariance of rank <= M <= 8 and an ill-conditioned time Gram: R_1 <= 0.77 seen over S15's domain), so the
    # sharp cases are added as reference points: S = I_d, where (a), (b), (d) hold with equality (S diagonal), (c)
    # too at d = 2, k = 1 (R_1 = E_[2]/||E|| = 1/sqrt 2), and (c)'s cap is nearly reached at d = 12 (R_1 =
    # sqrt(11/12), the bound min(1, 11/sqrt 12) = 1).  Exact in mp (eigsy of a diagonal matrix).
    sharp = {f"S = I_{d}, k = {k}": {ens.MODES: d, ens.RANK: k} for d in (2, 3, 6, 12) for k in range(1, d + 1)}
    return [property_search(claim, ctx, _s16_values),
            property_search(claim, ctx, _s16_values, fixed={ens.INIT: 100, ens.TEACHER: 100 / 100},
                            label="cloud-dominated: "),
            point_evidence(claim, ctx, sharp, _s16_identity, label="S = I_d (any PSD S; (a), (b), (d) attained): ")]


def _s16_n2(claim, ctx):
    # The quantities by an independent route: eigsy of the 2 x 2 matrix at dps digits (not the quadratic's roots).
    def ev(p, dps):
        m = context(dps)
        qv, rv = to_mpf(m, p[ens.DIAGONAL_Q]), to_mpf(m, p[ens.CORRELATION])
        off = rv * m.sqrt(qv)
        S = m.matrix([[1, off], [off, qv]])
        mu2, mu1 = sorted(m.eigsy(S, eigvals_only=True))
        return {ens.MU_1: mu1, ens.MU_2: mu2, ens.R_1: abs(mu2) / m.sqrt(mu1 ** 2 + mu2 ** 2),
                ens.FRO2: m.fsum(S[i, j] ** 2 for i in range(2) for j in range(2)), ens.DIAGONAL_Q: p[ens.DIAGONAL_Q]}
    return [property_search(claim, ctx, ev),
            property_search(claim, ctx, ev, fixed={ens.CORRELATION: 0}, label="diagonal S: ")]


# ---------------------------------------------------------------- S17
def _pop(p, dps):
    lam = _lam(p, dps)
    m = context(dps)
    return lam, m, to_mpf(m, p[ens.ETA_LAM1])


def _rho(claim, ctx):
    def ev(p, dps):
        lam, m, eta = _pop(p, dps)
        a, _ = pop.population_matrices(lam, [1] * p[ens.MODES], eta, p[ens.LAST_T], dps)
        Q, _, _ = pop.time_gram([eta * v for v in lam], p[ens.LAST_T], dps)
        k = p[ens.SEED] % p[ens.MODES]
        s2 = tr = m.fsum(lam)       # isotropic teacher: ||s||^2 = sum_k lam_k beta_k^2 = tr Sigma
        sigma0_sq = mp_value(ens.SIGMA0_SQ.definition, named({ens.S2_NORM: s2, ens.TR_SIGMA: tr, ens.RHO: p[ens.RHO]}),
                             dps)
        return {ens.SIGMA0_SQ: sigma0_sq, ens.LAM_MODE: lam[k], ens.Q_KK: Q[k][k],
                ens.RHO: p[ens.RHO], ens.A_PRIME: a[k]}
    return [property_search(claim, ctx, ev)]


def _B_and_H(p, dps, beta):
    """``(ctx, B, Π_n H_s Π_n, Σ_k s_k² Q_kk)`` for the S17 population instance ``p`` (mp, ``dps`` digits)."""
    lam, m, eta = _pop(p, dps)
    _, B = pop.population_matrices(lam, beta, eta, p[ens.LAST_T], dps)
    Q, _, _ = pop.time_gram([eta * v for v in lam], p[ens.LAST_T], dps)
    n = p[ens.LAST_T] + 1
    s2 = [l * to_mpf(m, b) ** 2 for l, b in zip(lam, beta)]
    r = [1 - eta * l for l in lam]
    H = m.matrix(n, n)
    for t in range(n):
        for t2 in range(t, n):
            H[t, t2] = H[t2, t] = m.fsum(s * ri ** (t + t2) for s, ri in zip(s2, r))
    Pi = m.eye(n) - m.ones(n, n) / n
    return m, m.matrix(B), Pi * H * Pi, m.fsum(s * Q[k][k] for k, s in enumerate(s2))


def _spec(m, A):
    return sorted((abs(v) for v in m.eigsy((A + A.T) / 2, eigvals_only=True)), reverse=True)


def _signal(claim, ctx):
    # Scale.  Every value is divided by ``u = Σ_k s_k² Q_kk`` (the trace of ``D_s Q D_s``, the size of the terms
    # that cancel in ``Q^c = Q − n r̄ r̄ᵀ``), never by ``μ_1(B)``: at ``T = 0`` (``n = 1``) ``B`` and ``Π H Π`` are
    # exactly zero (``Q^c = 0``, ``Π_1 = 0``) and ``μ_1``-normalised round-off would read as an O(1) gap.  The
    # relation's tolerance (``10^-(dps-10)`` of ``max(1, |rhs|)``) is thus an absolute one of ``10^-(dps-10) u``,
    # ten digits above the ``O(d n) 10^-dps u`` round-off of ``Q^c`` and of the eigenvalues (Weyl).
    def ev(p, dps):
        rng = np.random.default_rng(p[ens.SEED])
        beta = [int(v) for v in rng.choice([-1, 1], p[ens.MODES]) * rng.integers(1, 4, p[ens.MODES])]
        m, B, PHP, u = _B_and_H(p, dps, beta)
        hankel = claim.id == "ribbon.signal_hankel"
        other = PHP if hankel else _B_and_H(p, dps, [abs(b) for b in beta])[1]
        sB, sO = _spec(m, B), _spec(m, other)
        size = max(len(sB), len(sO))
        sB, sO = sB + [m.zero] * (size - len(sB)), sO + [m.zero] * (size - len(sO))
        return {ens.MU1_B: sB[0] / u, ens.MU1_H: sO[0] / u, ens.MU1_B_ABS: sO[0] / u,
                ens.TR_B17: m.fsum(B[i, i] for i in range(B.rows)) / u,
                ens.TR_PHP: m.fsum(PHP[i, i] for i in range(PHP.rows)) / u,
                ens.GAP_HANKEL if hankel else ens.GAP_SIGN: max(abs(x - y) for x, y in zip(sB, sO)) / u}
    return [property_search(claim, ctx, ev, examples=min(ctx.profile.examples, 15))]


def _mc_instance(M, seed, reps, beta=1.0):
    """``reps`` float64 realisations of S (S15) for d = 6, geometric spectrum, rho = 1, uniform T = 5, target
    ``beta`` times the ones vector (then sigma_0 = beta), and the instance's mode data (attributes ``lam``, ``s``,
    ``sig0``, ``Q``, ``Qc``, ``sigma``)."""
    rng = np.random.default_rng(seed)
    d, T, eta, sigma = 6, 5, 1.0, 0.5
    lam = np.exp(-0.5 * np.arange(d))
    beta = np.full(d, float(beta))
    s = np.sqrt(lam) * beta
    sig0 = np.sqrt(np.sum(s ** 2) / np.sum(lam))
    r = 1 - eta * lam
    Phi = r[None, :] ** np.arange(T + 1)[:, None]
    n = T + 1
    Q = Phi.T @ Phi
    Qc = Q - n * np.outer(Phi.mean(0), Phi.mean(0))
    alpha = sig0 * rng.standard_normal((reps, M, d)) - beta     # alpha = b - beta, b ~ N(0, sigma0^2)
    abar = alpha.mean(1)
    dev = alpha - abar[:, None]
    G = np.einsum("rak,ral->rkl", dev, dev)
    Sr = np.sqrt(lam)[None, :, None] * (Q * G + M * np.einsum("rk,rl->rkl", abar, abar) * Qc) * np.sqrt(lam)[None, None, :]
    return Sr / (8 * sigma ** 2), SimpleNamespace(lam=lam, s=s, sig0=sig0, Q=Q, Qc=Qc, sigma=sigma)


def _expectation(claim, ctx):
    M = 4
    Sr, c = _mc_instance(M, ctx.seed, ctx.profile.mc_networks)
    worst, bad = None, []
    for kk in range(6):
        for ll in range(6):
            vals = Sr[:, kk, ll]
            mean, se = mean_se(vals) if len(vals) < 5000 else (float(vals.mean()), float(vals.std(ddof=1) / np.sqrt(len(vals))))
            env = {ens.E_KK: mean, ens.E_KL: mean, ens.SIGMA_0: c.sig0, ens.LAM_MODE: c.lam[kk], ens.RUNS: M,
                   ens.Q_KK: c.Q[kk, kk], ens.QC_KK: c.Qc[kk, kk], ens.QC_KL: c.Qc[kk, ll], ens.S_K: c.s[kk],
                   ens.S_L: c.s[ll], ens.SIGMA_OUT: c.sigma}
            want, other = (ens.E_KK, ens.E_KL) if kk == ll else (ens.E_KL, ens.E_KK)
            parts = [r for r in (claim.statement.args if isinstance(claim.statement, sp.And) else (claim.statement,))
                     if other.symbol not in r.free_symbols]     # the parts that speak of this entry
            pred = float(reference_value(parts[0], want, env, 30)) if parts else math.nan
            z = abs(mean - pred) / se if se > 0 else (0.0 if mean == pred else np.inf)
            if worst is None or z > worst[0]:
                worst = (z, kk, ll, mean, pred, se)
            if not parts or not all(interval_relation(r, want, mean - 4 * se, mean + 4 * se, env, 30) for r in parts):
                bad.append((kk, ll))
    z, kk, ll, mean, pred, se = worst
    status = "violated" if bad else "holds"
    return [Evidence("statistical", status,
                     f"{ctx.profile.mc_networks} Monte-Carlo ensembles (d = 6, M = 4): worst entry ({kk},{ll}) "
                     f"{mean:.6g} vs {pred:.6g}, {z:.2f} s.e.",
                     worst_case={"entry": (kk, ll), "mc": mean, "formula": pred, "se": se, "z": z},
                     tolerance="4 standard errors", data={"failing_entries": bad})]


#: seeds per ensemble size of the S17 check; beta = 2 makes sigma_0 = 2 (at sigma_0 = 1 a wrong power of sigma_0
#: is invisible)
LIMIT_SEEDS, LIMIT_BETA = 10, 2.0


def _limit(claim, ctx):
    """Max entry error of S/M against the statement's limit (both sides evaluated on all 36 entries at once), mean
    over seeds at the claim's M (10 ... 10^4); its log-log slope must show the rate M^-1/2.  The error at the largest M,
    relative to the largest |rhs| entry, is the check's resolution of the limit (recorded for ``sloppy mutate``)."""
    rows, scale = [], None
    for M in claim.param(ens.RUNS.name).domain.options:
        errs = []
        for sd in range(LIMIT_SEEDS):
            Sr, c = _mc_instance(M, ctx.seed * 1000 + sd + M, 1, LIMIT_BETA)
            kk, ll = np.meshgrid(np.arange(6), np.arange(6), indexing="ij")
            env = {ens.SIGMA_0: c.sig0, ens.LAM_MODE: c.lam[kk], ens.Q_KK: c.Q[kk, kk], ens.DELTA_KL: (kk == ll) * 1.0,
                   ens.S_K: c.s[kk], ens.S_L: c.s[ll], ens.QC_KL: c.Qc, ens.SIGMA_OUT: c.sigma,
                   ens.SINF_KL: Sr[0] / M}
            lhs, rhs = value(claim.statement.lhs, env), value(claim.statement.rhs, env)
            errs.append(float(np.max(np.abs(lhs - rhs))))       # the statement's lhs - rhs at S/M
            scale = float(np.max(np.abs(rhs)))
        rows.append((M, float(np.mean(errs)), float(np.std(errs))))
    slope = loglog_slope([r[0] for r in rows], [r[1] for r in rows])
    strict = isinstance(claim.statement, (sp.StrictLessThan, sp.StrictGreaterThan))   # fails where lim lhs = rhs
    ok = -0.8 < slope < -0.3 and not strict
    return [Evidence("statistical", "holds" if ok else "violated",
                     ("a strict relation fails in the limit, where lhs = rhs: " if strict else "")
                     + "max entry error of S/M vs S_inf/(8 sigma^2): " + ", ".join(f"M={M}: {m:.3g}±{s:.2g}" for M, m, s in rows)
                     + f"; fitted exponent {slope:.2f} (rate M^-1/2)",
                     worst_case={"rows": rows, "slope": slope}, tolerance="fitted exponent in (-0.8, -0.3)",
                     tightness={"measure": "max entry error at the largest M / max |rhs| entry",
                                "relative_half_width": rows[-1][1] / scale if scale else None},
                     data={"loglog": {"x_label": "ensemble size M",
                                      "y_label": f"max entry error of S/M, mean over {LIMIT_SEEDS} seeds",
                                      "stated_exponent": -0.5,
                                      "series": [{"label": "d = 6, T = 5", "x": [r[0] for r in rows],
                                                  "y": [r[1] for r in rows], "yerr": [r[2] for r in rows],
                                                  "fitted_exponent": slope}]}})]


# ---------------------------------------------------------------- S18
#: the frozen-mode sub-domain of S18 (``n x ≪ 1``), where the closed form of ``Q^c`` cancels
FROZEN = {ens.ETA_LAM_K: sp.Rational(1, 10**9), ens.ETA_LAM_L: sp.Rational(1, 10**7)}


def _closed(claim, ctx):
    # The closed forms are evaluated from the statement; the direct sums run at ``dps + 10 + 2 log10(1/(n x))``
    # digits.  Where ``n x ≪ 1`` the closed form of ``Q^c`` loses ``2 log10(1/(n x))`` digits to cancellation
    # (S18 "stable evaluation"), so the relation is evaluated at ``dps`` raised by that amount at the worst point
    # of the frozen-mode sub-domain, ``n = 1``, ``x = min(x_k, x_l) = 1e-9`` (18 digits), with the tolerance of
    # ``dps`` (``10^-(dps-10)`` of ``max(1, |rhs|)``).  Its round-off, ``≈ n 10^-(dps+18) / x`` (``1 − r_k`` from the
    # rounded ``r_k = 1 − x_k``, ``n ≤ 10^4 + 1``), is then ``≤ 10^-(dps+5)`` there and inside the tolerance for every
    # ``x ≥ 10^-24`` of the random search, which runs at the same raised precision.
    def ev(p, dps):
        n = p[ens.CHECKPOINTS]
        extra = 10 + 2 * max(0, int(-np.log10(float(n * p[ens.ETA_LAM_K] * p[ens.ETA_LAM_L]) ** 0.5 + 1e-300)))
        m = context(dps + extra)
        xk_, xl_ = to_mpf(m, p[ens.ETA_LAM_K]), to_mpf(m, p[ens.ETA_LAM_L])
        rk_, rl_ = 1 - xk_, 1 - xl_
        pk, pl, Q, nk, nl = m.one, m.one, m.zero, m.zero, m.zero
        pkl = []
        for _ in range(n):
            Q += pk * pl
            nk += pk
            nl += pl
            pkl.append((pk, pl))
            pk, pl = pk * rk_, pl * rl_
        Qc = m.fsum((u - nk / n) * (v - nl / n) for u, v in pkl)
        lam = ens.LAM_K.definition.subs({ens.xk: p[ens.ETA_LAM_K], ens.eta: p[ens.ETA]})   # exact rational
        e = to_mpf(m, lam) * m.fsum((u * u) for u, _ in pkl)
        return {ens.Q_DIRECT: Q, ens.NR_DIRECT: nk, ens.QC_DIRECT: Qc, ens.E_DIRECT: e, ens.LAM_K: lam,
                ens.CHECKPOINTS: n} | {x: p[x] for x in (ens.ETA_LAM_K, ens.ETA_LAM_L, ens.ETA)}
    raised = 2 * math.ceil(math.log10(1 / min(FROZEN.values())))
    hi, rtol = replace(ctx, dps=ctx.dps + raised), sp.Integer(10) ** -(ctx.dps - GUARD_DIGITS)
    return [property_search(claim, hi, ev, rtol=rtol, examples=min(ctx.profile.examples, 15),
                            label=f"dps raised by {raised}: "),
            property_search(claim, hi, ev, fixed=FROZEN, rtol=rtol, examples=5,
                            label=f"frozen modes (n x << 1, cancellation; dps raised by {raised}): ")]


def _harm(m, upto, a):
    return m.fsum(m.mpf(i) ** (-2 * a) for i in range(1, upto + 1))


def _t0(claim, ctx):
    def ev(p, dps):
        m = context(dps)
        d, k = p[ens.MODES], min(p[ens.RANK], p[ens.MODES])
        a = to_mpf(m, p[ens.POWER])
        geo = pop.cloud_es(pop.spectrum("geometric", p[ens.RATE], d, dps + 10), p[ens.ETA_LAM1], 0, k, dps)
        pw = pop.cloud_es(pop.spectrum("power", p[ens.POWER], d, dps + 10), p[ens.ETA_LAM1], 0, k, dps)
        return {ens.ES_T0_GEO: geo, ens.ES_T0_POW: pw, ens.H_D: _harm(m, d, a), ens.H_K: _harm(m, k, a),
                ens.RATE: p[ens.RATE], ens.RANK: k, ens.MODES: d}
    return [property_search(claim, ctx, ev, assume=lambda p: p[ens.RANK] <= p[ens.MODES])]


def _flat(claim, ctx):
    def ev(p, dps):
        lam, eta, n = p[ens.LAMBDA], p[ens.ETA], p[ens.CHECKPOINTS]
        e0 = pop.cloud_energies([lam], eta, n - 1, dps + 10)[0]
        e1 = pop.cloud_energies([lam], eta, n, dps + 10)[0]
        return {ens.E_N: e0, ens.E_N1: e1, ens.ETA: eta, ens.LAMBDA: lam}
    return [property_search(claim, ctx, ev)]


# ---------------------------------------------------------------- S19
def _fib(j):
    a, b = 0, 1
    for _ in range(j):
        a, b = b, a + b
    return a


def _s19(claim, ctx):
    def ev(p, dps):
        val = p[ens.RATE] if p[ens.SPECTRUM] == "geometric" else p[ens.POWER]
        lam = pop.spectrum(p[ens.SPECTRUM], val, p[ens.MODES], dps + 10)
        k, j = min(p[ens.RANK], p[ens.MODES]), p[ens.FIB_STEP]
        T0, T1 = _fib(j + 1), _fib(j + 2)
        T0 = 0 if j == 0 else T0
        return {ens.ES_EARLIER: pop.cloud_es(lam, p[ens.ETA_LAM1], T0, k, dps),
                ens.ES_LATER: pop.cloud_es(lam, p[ens.ETA_LAM1], T1, k, dps)}
    return [property_search(claim, ctx, ev),
            property_search(claim, ctx, ev, fixed={ens.ETA_LAM1: 1}, label="eta lambda_1 = 1: ")]


# ---------------------------------------------------------------- S20
def _ca0(claim, ctx):
    def ev(p, dps):
        return {ens.C_A0: pop.c_A(0, p[ens.RANK], p[ens.TAU], 10 ** 6, dps), ens.RANK: p[ens.RANK], ens.TAU: p[ens.TAU]}
    return [property_search(claim, ctx, ev, examples=min(ctx.profile.examples, 8))]


def _ca(claim, ctx):
    rows, taus, Ts = [], claim.param(ens.TAU.name).domain.options, claim.param(ens.LAST_T.name).domain.options
    for k in (1, 2, 3):
        for tau in taus:
            errs = []
            for T in Ts:
                cA = pop.c_A(T, k, tau, 20000, 20)
                r = relation(claim.statement, {ens.C_A: cA, ens.LAST_T: T, ens.RANK: k, ens.TAU: tau}, 20, rtol="1")
                errs.append((T, float(abs(r["lhs"] - r["rhs"]))))
            rows.append(Point({ens.RANK: k, ens.TAU: str(tau), "errors": errs}))
    bad = [r for r in rows if not (r["errors"][-1][1] < 1e-3 and r["errors"][-1][1] <= r["errors"][0][1])]
    worst = max(rows, key=lambda r: r["errors"][-1][1])
    strict = strict_at_limit(claim.statement)
    return [Evidence("statistical", "violated" if bad or strict is not None else "holds",
                     (f"{sp.sstr(strict)} fails in the limit, where lhs = rhs: " if strict is not None and not bad else "")
                     + f"|c_A(T) - prediction| at T = 1e2, 1e4, 1e6, worst (k={worst[ens.RANK]}, tau={worst[ens.TAU]}): "
                     + ", ".join(f"{e:.2e}" for _, e in worst["errors"]),
                     worst_case=worst, tolerance="error decreasing in T and < 1e-3 at T = 1e6 (o(1) limit)",
                     data={"points": named({ens.RANK: [1, 2, 3], ens.TAU: [str(t) for t in taus], ens.LAST_T: list(Ts),
                                            ens.MODES: 20000}),
                           "rows": rows, "failing": bad,
                           "loglog": {"x_label": "steps T", "y_label": "|c_A(T) - prediction|", "stated_exponent": None,
                                      "series": [{"label": f"k = {r[ens.RANK]}, tau = {r[ens.TAU]}",
                                                  "x": [e[0] for e in r["errors"]],
                                                  "y": [e[1] for e in r["errors"]]} for r in rows]}})]


# ---------------------------------------------------------------- S18 limits (asymptotic: error decay vs the rate)
SLOPE = sp.Symbol("decay_slope")
DECAY = sp.Ge(SLOPE, sp.Rational(19, 20))


def _decay(claim, values, larges, w, seen):
    """``evaluate`` for :data:`DECAY`: the least-squares slope of ``log |lhs − rhs|`` (each part of the claim's
    own statement) against ``log rate`` over the sweep ``larges``; an O(rate) error has slope ``≥ 1`` (up to the
    next-order correction, ≤ 5 % on the swept ranges), a wrong limit leaves a constant error (slope ≈ 0).
    ``seen[repr(p)]`` keeps the rates and errors of the slowest part (the report plots the tightest example's)."""
    def ev(p, dps):
        parts = claim.statement.args if isinstance(claim.statement, sp.And) else (claim.statement,)
        prec = w(p, dps)
        envs = [named(values(p, L, prec)) for L in larges(p)]      # by name: mp_value reads env[symbol.name]
        rates = [mp_value(claim.rate, env, prec) for env in envs]
        floor = context(prec).mpf(10) ** (-(prec - 5))
        slopes = []
        for part in parts:
            errs = [max(abs(mp_value(part.lhs, env, prec) - mp_value(part.rhs, env, prec)), floor) for env in envs]
            slopes.append((loglog_slope(rates, errs), errs))
        slope, errs = min(slopes, key=lambda se: se[0])
        seen[repr(p)] = (rates, errs, slope)
        return {SLOPE: slope}
    return ev


def _decay_search(claim, ctx, values, larges, w, examples, **kw):
    """The decay search, then the relation of each part at the limit: a decaying ``|lhs - rhs|`` shows
    ``lim lhs = rhs``, so a strict part (``<``, ``>``) is violated there and ``<=``/``>=`` hold."""
    seen = {}
    ev = property_search(claim, ctx, _decay(claim, values, larges, w, seen), statement=DECAY, examples=examples, **kw)
    ev.tolerance = "fitted slope of log|error| vs log(rate) >= 0.95 (error decays at least at the stated rate)"
    strict = strict_at_limit(claim.statement)
    if ev.status == "holds" and strict is not None:
        ev.status = "violated"
        ev.summary = f"{sp.sstr(strict)} fails in the limit, where lhs = rhs: " + ev.summary
    worst = seen.get(repr((ev.worst_case or {}).get("parameters")))
    if worst is not None:
        rates, errs, slope = worst
        ev.data["loglog"] = {"x_label": f"stated rate {claim.rate}", "y_label": "|lhs - rhs| at the tightest example",
                             "stated_exponent": 1.0,
                             "series": [{"label": kw.get("label", "full domain").strip(": "), "x": [float(r) for r in rates],
                                         "y": [float(e) for e in errs], "fitted_exponent": float(slope)}]}
    return ev


def _geo_limit(claim, ctx):
    # err ≈ q^(2d−k)/2 at d = k + L/(2c), L = 10, 20, 40: resolved with 10 digits to spare at dps + (ck + 2cd)/ln 10
    larges = lambda p: [p[ens.RANK] + math.ceil(L / (2 * float(p[ens.RATE]))) for L in (10, 20, 40)]  # noqa: E731
    w = lambda p, dps: dps + 10 + math.ceil((float(p[ens.RATE]) * p[ens.RANK]  # noqa: E731
                                             + 2 * float(p[ens.RATE]) * larges(p)[-1]) / 2.3)

    def values(p, d, prec):
        lam = pop.spectrum("geometric", p[ens.RATE], d, prec)
        return {ens.ES_D_GEO: pop.es_diagonal(lam, p[ens.RANK], prec), ens.RATE: p[ens.RATE], ens.RANK: p[ens.RANK],
                ens.D_LARGE: d}
    ex = min(ctx.profile.examples, 10)
    return [_decay_search(claim, ctx, values, larges, w, ex),
            _decay_search(claim, ctx, values, larges, w, 3, fixed={ens.RATE: sp.Rational(1, 100)},
                          label="near-flat c = 0.01: "),
            _decay_search(claim, ctx, values, larges, w, 3, fixed={ens.RATE: 3, ens.RANK: 50},
                          label="c = 3, k = 50 (ES ≈ 1): ")]


#: the sweep of ``d`` for the power-law limit
POWER_D = (1000, 3000, 10000)


def _power_values(p, d, prec):
    """ES_d by its definition (ES_k of diag(j^-a), tail summed directly), not by S18's closed form in H_d, H_k."""
    m = context(prec)
    a, k = to_mpf(m, p[ens.POWER]), p[ens.RANK]
    return {ens.ES_D_POW: pop.es_diagonal(pop.spectrum("power", p[ens.POWER], d, prec), k, prec),
            ens.ZETA_2A: m.zeta(2 * a), ens.ZETA_2A_K1: m.zeta(2 * a, k + 1), ens.POWER: p[ens.POWER], ens.D_LARGE: d}


def _power_limit(claim, ctx):
    # err ~ d^(1−2a) >= 10^-24 at d = 1e4: 10 + 4(2a − 1) extra digits resolve it
    w = lambda p, dps: dps + 10 + math.ceil(4 * (2 * float(p[ens.POWER]) - 1))  # noqa: E731
    larges = lambda p: list(POWER_D)  # noqa: E731
    return [_decay_search(claim, ctx, _power_values, larges, w, min(ctx.profile.examples, 6)),
            _decay_search(claim, ctx, _power_values, larges, w, 2, fixed={ens.POWER: sp.Rational(3, 5)},
                          label="slowest decay a = 0.6: ")]


def _power_tail(claim, ctx):
    def values(p, k, prec):
        m = context(prec)
        s = 2 * to_mpf(m, p[ens.POWER])
        return {ens.R_INF: m.sqrt(m.zeta(s, k + 1) / m.zeta(s)), ens.ZETA_2A: m.zeta(s), ens.POWER: p[ens.POWER],
                ens.K_LARGE: k}
    larges = lambda p: [p[ens.FIRST_K], 10 * p[ens.FIRST_K], 100 * p[ens.FIRST_K]]  # noqa: E731
    w = lambda p, dps: dps + 10  # noqa: E731  (relative error ≥ 1/(4 k) ≥ 1e-6: resolved at dps + 10)
    return [_decay_search(claim, ctx, values, larges, w, min(ctx.profile.examples, 12)),
            _decay_search(claim, ctx, values, larges, w, 3, fixed={ens.FIRST_K: 100, ens.POWER: sp.Rational(7, 2)},
                          label="steepest a = 3.5, k0 = 100: ")]


def _frozen(claim, ctx):
    # x = ε u, ε = nx/n · {1, 1/4, 1/16}.  The direct sum loses log10(1/(n x)) digits per factor; the error is a
    # fraction ≈ n x of Q^c: 2 log10(16/(n x_min)) + 10 extra digits resolve it with 5 to spare.
    def values(p, s, prec):
        m = context(prec)
        n_ = p[ens.CHECKPOINTS]
        eps = m.mpf(10) ** (-to_mpf(m, p[ens.DIGITS])) / n_ / s
        x1, x2 = eps * to_mpf(m, p[ens.U_K]), eps * to_mpf(m, p[ens.U_L])
        r1, r2, a1, a2, rows = 1 - x1, 1 - x2, m.one, m.one, []
        for _ in range(n_):
            rows.append((a1, a2))
            a1, a2 = a1 * r1, a2 * r2
        m1, m2 = m.fsum(u for u, _ in rows) / n_, m.fsum(v for _, v in rows) / n_
        return {ens.QC_DIRECT: m.fsum((u - m1) * (v - m2) for u, v in rows), ens.X_K: x1, ens.X_L: x2,
                ens.CHECKPOINTS: n_}
    larges = lambda p: [1, 4, 16]  # noqa: E731
    w = lambda p, dps: dps + 10 + 2 * math.ceil(math.log10(16 * 100) + float(p[ens.DIGITS]))  # noqa: E731
    return [_decay_search(claim, ctx, values, larges, w, min(ctx.profile.examples, 10)),
            _decay_search(claim, ctx, values, larges, w, 3, fixed={ens.CHECKPOINTS: 3, ens.DIGITS: 3},
                          label="n = 3, n x = 1e-3: ")]


def _flow(claim, ctx):
    # eta = tau/T, T = T0 ceil(tau max(1, tau)) {1, 4, 16}: eta lam (1 + lam tau) <= 1e-2, so the O(eta^2) term is
    # <= 1 % of the O(eta) one.  Discrete values from the (verified) closed forms of S18 at dps + 10.
    def values(p, T, prec):
        m = context(prec)
        tau_ = to_mpf(m, p[ens.FLOW_TIME])
        eta_ = tau_ / T
        lam2 = [to_mpf(m, p[ens.LAMBDA_K]), to_mpf(m, p[ens.LAMBDA_L])]
        Q, _, Qc = pop.time_gram([eta_ * v for v in lam2], T, prec)
        return {ens.ETA_E: eta_ * lam2[0] * Q[0][0], ens.ETA_Q: eta_ * Q[0][1], ens.ETA_QC: eta_ * Qc[0][1],
                ens.ETA_FLOW: eta_} | {x: p[x] for x in (ens.LAMBDA_K, ens.LAMBDA_L, ens.FLOW_TIME)}

    def larges(p):
        tau_ = float(p[ens.FLOW_TIME])
        return [p[ens.FLOW_T0] * math.ceil(tau_ * max(1.0, tau_)) * s for s in (1, 4, 16)]
    w = lambda p, dps: dps + 10  # noqa: E731
    return [_decay_search(claim, ctx, values, larges, w, min(ctx.profile.examples, 10)),
            _decay_search(claim, ctx, values, larges, w, 3, fixed={ens.FLOW_TIME: 100, ens.LAMBDA_K: 1},
                          label="tau = 100, lam_k = 1: ")]


#: claim id -> check, for the claims of this module (``verify.checks.CHECKS`` joins the modules)
CHECKS = {
    "ribbon.width_box": _width_box,
    "ribbon.width_ratios": _width_ratios,
    "ribbon.ensemble_identity": _identity,
    "ribbon.ensemble_identity_multi": _identity,
    "ribbon.ensemble_identity_metric": _identity,
    "ribbon.schur_horn": _s16,
    "ribbon.ky_fan_squares": _s16,
    "ribbon.mode_truncation": _s16,
    "ribbon.block_truncation": _s16,
    "ribbon.spectral_bounds_n2": _s16_n2,
    "ribbon.rho_scaling": _rho,
    "ribbon.signal_hankel": _signal,
    "ribbon.sign_invariance": _signal,
    "ribbon.ensemble_expectation": _expectation,
    "ribbon.population_limit": _limit,
    "ribbon.mode_closed_forms": _closed,
    "ribbon.t0_explained_stress": _t0,
    "ribbon.long_time_flattening": _flat,
    "ribbon.time_flattening": _s19,
    "ribbon.ca_zero": _ca0,
    "ribbon.ca_asymptotic": _ca,
    "ribbon.t0_geometric_limit": _geo_limit,
    "ribbon.t0_power_limit": _power_limit,
    "ribbon.t0_power_tail": _power_tail,
    "ribbon.frozen_series": _frozen,
    "ribbon.gradient_flow_scaling": _flow,
}
