"""Checks of S31–S34 (spec/sloppiness.md §2.I) and the golden case G5 (§3).

Error analysis.
* Exact enumeration (S31, S32, reshuffling, G5): integer data, rational ``η``; every moment is an exact
  ``Fraction`` (``verify.ribbon.sgd.enumerate_moments``), so both sides of an identity are exact rationals and
  their only error is the one rounding into the ``dps``-digit context of ``relation`` (plus, for S31's mode
  form, ``eigsy`` at ``dps`` digits, error ``≲ d 10^-dps``).  The relation's ``10^-(dps-10)`` tolerance keeps ten
  guard digits; a wrong statement is off at ``O(1)`` relative size.  Stricter than the spec's float64 ``1e-12``.
* Simulated ensembles (S31, S32 full domain, S34 expectation): ``R`` independent runs, each component compared
  within ``z·SE`` (standard error of the run mean), ``z`` the two-sided Bonferroni quantile for a family-wise
  false-alarm rate ``1e-3`` over every compared component, plus a float64 round-off floor
  (``1e-10`` of the component's scale: ``T ≤ 30`` steps of ``O(b d)``-term sums, ``≲ 1e-13`` relative).
* S33 runs the S32 recursion in float64 (``H ≤ 1000`` steps of a contraction: relative round-off ``≲ H d u``),
  accepted by the spec's rule ``lhs ≤ rhs (1 + 1e-12) + 1e-12 scale`` (the bound is loose: ratio ≤ 0.23).
* S34 (deterministic bounds on simulated ensembles): inPCA eigenvalues in float64 carry an absolute error
  ``ε ≤ 1e-10 μ_1`` (spec convention), so ``sqrt μ`` is known to ``sqrt ε`` (``sqrt`` is not Lipschitz at 0):
  tolerance ``2 sqrt(ε)`` on ``|Δ sqrt μ_i|``; ``R_k`` to ``1e-10`` absolute (tail sums, spec);
  ``δ = ‖W' − W‖_F`` to ``64 m u (‖W'‖_F + ‖W‖_F)``; norms otherwise to ``1e-12`` relative.
"""
from __future__ import annotations

import math
from fractions import Fraction
from statistics import NormalDist

import numpy as np
import sympy as sp

from sloppy_verifier.theory.claim import Choice, Interval, IntRange
from sloppy_verifier.theory.ribbon.sgd import D_BOUND, ETA_S34, ETA_TRACE, ETA_TUBE, GAMMA, L_BOUND

from ..check import property_search, relation
from ..evidence import Evidence, point_text
from ..golden import load, matches
from ..mpeval import context, mp_value
from ..ribbon import sgd
from ..ribbon.bhattacharyya import distance_matrix
from ..ribbon.inpca import inpca
from ..ribbon.trajectory import gd_closed_form
from .. import vectorised
from ..vectorised import float_cases

U = np.finfo(float).eps
ALPHA = 1e-3      # family-wise false-alarm rate of a statistical check


# ---------------------------------------------------------------- helpers
def _f64(expr, **env) -> float:
    """A theory expression (``GAMMA``, ``ETA_TUBE``, ``D_BOUND``, ...) in float64 at the named values."""
    return float(vectorised.value(expr, env))


def _z(k: int) -> float:
    """Two-sided Bonferroni quantile for ``k`` comparisons at family-wise rate ``ALPHA``."""
    return NormalDist().inv_cdf(1 - ALPHA / (2 * max(k, 1)))


def _fmt(x, digits=12):
    return context(20).nstr(x, digits) if not isinstance(x, (int, str)) else x


def exact_scan(claim, ctx, cases, evaluate, *, statement=None, label="") -> Evidence:
    """Evaluate ``statement`` (default: the claim's) on every env ``evaluate(case, dps)`` returns, for every case
    (smallest first), at ``ctx.dps``; the first violation is re-evaluated at ``ctx.dps2`` and reported with its
    case (violated if it persists, inconclusive if it was a precision artefact)."""
    statement = claim.statement if statement is None else statement
    worst, n = None, 0
    for case in cases:
        for env in evaluate(case, ctx.dps):
            r = relation(statement, env, ctx.dps)
            n += 1
            if worst is None or r["score"] > worst[2]["score"]:
                worst = (case, env, r)
            if not r["ok"]:
                confirmed = any(not relation(statement, e2, ctx.dps2)["ok"] for e2 in evaluate(case, ctx.dps2))
                wc = {"parameters": case, "lhs": _fmt(r["lhs"], 25), "rhs": _fmt(r["rhs"], 25),
                      "at": {k: str(v) for k, v in env.items()}, "confirmed_at_dps": ctx.dps2}
                return Evidence("high_precision", "violated" if confirmed else "inconclusive",
                                f"{label}violated at {point_text(case)}: lhs={_fmt(r['lhs'])} rhs={_fmt(r['rhs'])}"
                                if confirmed else f"{label}apparent violation at {point_text(case)} vanished at dps {ctx.dps2}",
                                worst_case=wc, tolerance=f"relative 10^-(dps-10), dps {ctx.dps}",
                                data={"evaluations": n})
    case, env, r = worst
    return Evidence("high_precision", "holds",
                    f"{label}held on {n} exact evaluations over {len(cases)} case(s); worst {_fmt(r['margin'], 3)} "
                    f"at {point_text(case)}", worst_case={"parameters": case, "lhs": _fmt(r["lhs"], 25), "rhs": _fmt(r["rhs"], 25)},
                    tolerance=f"relative 10^-(dps-10), dps {ctx.dps} (exact rationals)", data={"evaluations": n})


def _draw(params, rng, **fixed):
    """One draw from the claim's parameter domains (``b`` uniform in ``1..N``; intervals uniform)."""
    out = {}
    for p in params:
        if p.name in fixed:
            out[p.name] = fixed[p.name]
        elif isinstance(p.domain, IntRange):
            out[p.name] = int(rng.integers(p.domain.lo, p.domain.hi + 1))
        elif isinstance(p.domain, Interval):
            out[p.name] = float(rng.uniform(float(p.domain.lo), float(p.domain.hi)))
        elif isinstance(p.domain, Choice):
            out[p.name] = p.domain.options[int(rng.integers(len(p.domain.options)))]
    if "b" in out and "b" not in fixed:
        out["b"] = int(rng.integers(1, out["N"] + 1))
    return out


# ---------------------------------------------------------------- exact instances
def _exact_instance(p):
    """Integer data ``X`` (entries in -3..3), teacher, start, targets (``y = X w*``, plus integer noise when
    ``noisy``) and ``η = eta_trace / tr Σ`` (exact)."""
    rng = np.random.default_rng(p["seed"])
    N, d = p["N"], p["d"]
    X = rng.integers(-3, 4, (N, d))
    X[0, 0] = X[0, 0] or 1                                      # tr Sigma > 0
    ws, w0 = rng.integers(-2, 3, d), rng.integers(-2, 3, d)
    y = X @ ws + (rng.integers(-2, 3, N) if p.get("target") == "noisy" else 0)
    eta = Fraction(str(ETA_TRACE.definition.subs({"eta_trace": sp.Rational(Fraction(p["eta_trace"])),
                                                   "tr_Sigma": sp.Rational(int(np.sum(X * X)), N)})))
    return [[int(v) for v in row] for row in X], [int(v) for v in y], [int(v) for v in ws], [int(v) for v in w0], eta


def _obj(rows):
    return np.array([[Fraction(v) for v in r] for r in rows], dtype=object)


def _mp_modes(X, y, dps):
    """Eigenpairs of Σ at ``dps`` digits and the mode amplitudes ``β_k = v_kᵀ w*`` of the least-squares
    solution (``v_kᵀ Xᵀy/(N λ_k)``; 0 on modes with ``λ_k = 0``, where both sides of S31 are ``v_kᵀ w_0``)."""
    m = context(dps)
    N, d = len(X), len(X[0])
    Sig = m.matrix(d, d)
    for i in range(d):
        for j in range(d):
            Sig[i, j] = m.mpf(sum(r[i] * r[j] for r in X)) / N
    lam, V = m.eigsy(Sig)
    c = [m.mpf(sum(r[i] * yn for r, yn in zip(X, y))) / N for i in range(d)]
    zero = m.mpf(10) ** (-(dps // 2)) * max(m.one, max(abs(v) for v in lam))
    beta = [m.fsum(V[i, k] * c[i] for i in range(d)) / lam[k] if abs(lam[k]) > zero else m.zero for k in range(d)]
    return m, lam, V, beta


def _proj(m, V, k, w):
    return m.fsum(V[i, k] * m.mpf(w[i]) for i in range(len(w)))


def _to_mpf(m, f):
    f = Fraction(f)
    return m.mpf(f.numerator) / f.denominator


# ---------------------------------------------------------------- S31
def _mean_exact(p, dps):
    X, y, _, w0, eta = _exact_instance(p)
    means, _ = sgd.enumerate_moments(X, y, w0, eta, p["b"], p["scheme"], p["t"])
    m, lam, V, beta = _mp_modes(X, y, dps)
    envs = []
    for t, mean in enumerate(means):
        for k in range(len(w0)):
            mk = _proj(m, V, k, [_to_mpf(m, v) for v in mean]) - beta[k]
            envs.append({"m_k": mk, "lam_k": lam[k], "alpha_k": _proj(m, V, k, w0) - beta[k], "eta": eta, "t": t})
    return envs


def _enum_cases(ctx, targets, T=3):
    """The spec's enumeration domain, every cell: N = 3, d = 1..3, b in {1, 2} x both schemes and b = N without
    replacement (GD), each target kind; ``η tr Σ`` in (0, 4] (beyond stability: the identities are exact)."""
    reps = max(1, ctx.profile.examples // 25)
    rng = np.random.default_rng(ctx.seed)
    cells = [(1, "with"), (1, "without"), (2, "with"), (2, "without"), (3, "without")]
    return [{"N": 3, "d": d, "b": b, "scheme": s, "target": tg, "t": T,
             "eta_trace": Fraction(int(rng.integers(1, 65)), 16), "seed": int(rng.integers(10**6))}
            for d in (1, 2, 3) for b, s in cells for tg in targets for _ in range(reps)]


def _mc_instance(p, ctx, T):
    """A simulated ensemble on the full domain: host arrays ``X``, ``y``, ``w0``, teacher ``ws`` (``y = X ws`` when
    realisable), weights ``W`` ``(T+1, R, d)`` of ``R`` independent runs, ``eta = eta_frac · 2/(λ_1 + R_x²/b)``,
    and the eigenpairs ``lam, V`` of Σ."""
    rng = np.random.default_rng(p["seed"])
    xp = ctx.xp
    X, _ = sgd.decaying_design(rng, p["N"], p["d"], p["u"], xp)
    Xh = ctx.backend.to_host(X)
    lam, V = np.linalg.eigh(Xh.T @ Xh / p["N"])
    Rx2 = float(np.max(np.sum(Xh * Xh, axis=1)))
    eta = _f64(ETA_TUBE.definition, eta_frac=p["eta_frac"], lam1=lam[-1], Rx2=Rx2, b=p["b"])
    ws, w0 = rng.standard_normal(p["d"]), rng.standard_normal(p["d"])
    y = Xh @ ws + (0.5 * rng.standard_normal(p["N"]) if p.get("target") == "noisy" else 0)
    runs = max(200, ctx.profile.mc_networks // 10)
    W = sgd.simulate(X, xp.asarray(y), xp.asarray(np.tile(w0, (runs, 1))), eta, p["b"], p["scheme"], T, rng, xp)
    return {"X": Xh, "y": y, "w0": w0, "ws": ws, "W": ctx.backend.to_host(W), "eta": eta, "lam": lam, "V": V}


def _mc_draws(claim, ctx, T, **fixed):
    """Parameter draws of the full domain (``η`` a fraction of S33's ``η_max``) and their simulated ensembles."""
    rng = np.random.default_rng(ctx.seed + 1)
    dom = [q for q in claim.parameters if q.name in ("N", "d", "b", "scheme", "target", "seed")]
    draws = [_draw(dom, rng, **fixed) | {"eta_frac": float(rng.uniform(0.05, 0.95)), "u": float(rng.uniform(0, 2))}
             for _ in range(max(3, ctx.profile.examples // 5))]
    return draws, {p["seed"]: _mc_instance(p, ctx, T) for p in draws}


def _s31(claim, ctx):
    cases = _enum_cases(ctx, ("realisable", "noisy"))
    T = 10
    draws, sims = _mc_draws(claim, ctx, T)
    z = _z(sum(T * p["d"] for p in draws))

    def ev(p):
        s = sims[p["seed"]]
        X, y, w0, lam, V = s["X"], s["y"], s["w0"], s["lam"], s["V"]
        pos = lam > 1e-12 * lam.max()                                   # modes with lam_k = 0 keep v_k^T w_0
        beta = np.where(pos, (V.T @ (X.T @ y / p["N"])) / np.where(pos, lam, 1), 0.0)
        proj = s["W"] @ V                                               # (T+1, R, d) mode coordinates
        mk = proj.mean(1) - beta
        se = proj.std(1, ddof=1) / math.sqrt(proj.shape[1])
        t = np.arange(T + 1)[:, None]
        alpha = V.T @ w0 - beta
        atol = z * se + 1e-10 * (1 + np.abs(alpha).max())
        return [({"m_k": mk, "lam_k": lam[None, :], "alpha_k": alpha[None, :], "eta": s["eta"], "t": t},
                 lambda r: atol, f"all modes, t = 0..{T}")]

    return [exact_scan(claim, ctx, cases, _mean_exact, label="exact enumeration (N = 3, b <= 2 and b = N, t <= 3): "),
            float_cases(claim, draws, ev, tier="statistical", label="simulated SGD ensembles, full domain: ",
                       tol=f"|mean - closed form| <= z SE + 1e-10 scale, z = {z:.2f} (Bonferroni, rate {ALPHA})"),
            _g5(claim, ctx, ("ebar",))]


# ---------------------------------------------------------------- reshuffling (S31 remark, open question 10)
def _reshuffle_values(p):
    X, y, ws, w0, eta = _exact_instance(p)
    means, _ = sgd.enumerate_moments(X, y, w0, eta, 1, "reshuffle", 2)
    Xo, N = _obj(X), len(X)
    e0 = np.array([Fraction(a - c) for a, c in zip(w0, ws)], dtype=object)
    _, ebar, _, _ = sgd.second_moments(Xo, e0, eta, 1, Fraction(0), 2)          # R^t e_0 (noise-free recursion)
    Sig = Xo.T @ Xo / N
    A = [np.outer(x, x) for x in Xo]
    h = sum(((a - Sig) @ (a - Sig) @ e0 for a in A), np.zeros(len(w0), dtype=int).astype(object)) / N
    g = [Fraction(mv) - Fraction(c) - gd for mv, c, gd in zip(means[2], ws, ebar[2])]
    return g, list(h), eta, N


def _reshuffle(claim, ctx):
    reps = max(1, ctx.profile.examples // 25)
    rng = np.random.default_rng(ctx.seed)
    cases = [{"N": N, "d": d, "eta_trace": Fraction(int(rng.integers(1, 65)), 16), "seed": int(rng.integers(10**6))}
             for N in (2, 3, 4) for d in (1, 2, 3) for _ in range(reps)]

    def ev(p, dps):
        g, h, eta, N = _reshuffle_values(p)
        return [{"g_i": gi, "h_i": hi, "eta": eta, "N": N} for gi, hi in zip(g, h)]

    # the witness that reshuffling breaks S31: G5's data, where the exact gap is (-1/16, 0)
    g5 = {"N": 2, "d": 2, "eta_trace": Fraction(1, 2), "seed": None}
    X, y, w0, eta = [[1, 1], [1, -1]], [0, 0], [1, 0], Fraction(1, 4)
    means, _ = sgd.enumerate_moments(X, y, w0, eta, 1, "reshuffle", 2)
    gd, _ = sgd.enumerate_moments(X, y, w0, eta, 2, "without", 2)       # b = N: the GD iterates
    gap = [mv - g for mv, g in zip(means[2], gd[2])]
    witness = relation(sp.Gt(sp.Symbol("gap_sq"), 0), {"gap_sq": sum(v * v for v in gap)}, ctx.dps)
    wit = Evidence("high_precision", "holds" if witness["ok"] else "violated",
                   f"witness (G5 data, b = 1, t = 2): reshuffled E[e_2] - R^2 e_0 = ({', '.join(map(str, gap))}) != 0",
                   worst_case={"parameters": g5, "gap": [str(v) for v in gap]}, tolerance="exact rationals")
    return [exact_scan(claim, ctx, cases, ev, label="exact enumeration of all N! epochs: "), wit]


# ---------------------------------------------------------------- S32
def _moments_exact(p):
    """Exact ``P_t``, ``C_t = E[(w_t − w_t^GD)(w_t − w_t^GD)ᵀ]`` (t = 0..3) by enumeration, GD iterates exact."""
    X, y, ws, w0, eta = _exact_instance(p)
    means, seconds = sgd.enumerate_moments(X, y, w0, eta, p["b"], p["scheme"], p["t"])
    gd, _ = sgd.enumerate_moments(X, y, w0, eta, len(X), "without", p["t"])      # b = N: the GD iterates
    Ps, Cs = [], []
    for m, s, g in zip(means, seconds, gd):
        m, s, g = np.array(m, dtype=object), np.array(s, dtype=object), np.array(g, dtype=object)
        wsv = np.array([Fraction(v) for v in ws], dtype=object)
        Ps.append(s - np.outer(m, wsv) - np.outer(wsv, m) + np.outer(wsv, wsv))
        Cs.append(s - np.outer(m, g) - np.outer(g, m) + np.outer(g, g))
    return _obj(X), Ps, Cs, eta


def _second_exact(p, dps):
    Xo, Ps, Cs, eta = _moments_exact(p)
    N, d = Xo.shape
    Sig = Xo.T @ Xo / N
    R = np.eye(d, dtype=int).astype(object) - eta * Sig
    envs = []
    for t in range(len(Ps) - 1):
        NP = sgd.noise_operator(Xo, Ps[t], Sig)
        RPR, RCR = R @ Ps[t] @ R, R @ Cs[t] @ R
        for i in range(d):
            for j in range(i, d):
                envs.append({"P_next": Ps[t + 1][i, j], "RPR": RPR[i, j], "C_next": Cs[t + 1][i, j],
                             "RCR": RCR[i, j], "N_P": NP[i, j], "eta": eta, "b": p["b"], "N": N,
                             "omega": int(p["scheme"] == "without")})
    return envs


def _s32(claim, ctx):
    cases = _enum_cases(ctx, ("realisable",))
    T = 10
    draws, sims = _mc_draws(claim, ctx, T)
    z = _z(sum(T * p["d"] * (p["d"] + 1) for p in draws))

    def ev(p):
        s = sims[p["seed"]]
        X, N, eta = s["X"], p["N"], s["eta"]
        f = float(sgd.noise_factor(N, p["b"], p["scheme"]))
        P, ebar, Cov, _ = sgd.second_moments(X, s["w0"] - s["ws"], eta, p["b"], f, T)
        Sig = X.T @ X / N
        Rm = np.eye(p["d"]) - eta * Sig
        E = s["W"][1:] - s["ws"]                                         # e_t, t = 1..T: (T, R, d)
        dev = E - ebar[1:, None]                                         # w_t^SGD - w_t^GD (GD error R^t e_0, S1)
        prodP, prodC = E[..., :, None] * E[..., None, :], dev[..., :, None] * dev[..., None, :]
        se = lambda x: x.std(1, ddof=1) / math.sqrt(x.shape[1])          # noqa: E731
        floor = 1e-10 * (1 + np.abs(P).max())
        atolP, atolC = z * se(prodP) + floor, z * se(prodC) + floor
        env = {"P_next": prodP.mean(1), "RPR": Rm @ P[:-1] @ Rm, "C_next": prodC.mean(1),
               "RCR": Rm @ Cov[:-1] @ Rm, "N_P": sgd.noise_operator(X, P[:-1], Sig), "eta": eta, "b": p["b"],
               "N": N, "omega": int(p["scheme"] == "without")}
        return [(env, lambda r: atolP if sp.Symbol("P_next") in r.free_symbols else atolC, f"all entries, t = 1..{T}")]

    return [exact_scan(claim, ctx, cases, _second_exact, label="exact enumeration (N = 3, b <= 2 and b = N, t <= 3): "),
            float_cases(claim, draws, ev, tier="statistical", label="simulated SGD ensembles, full domain: ",
                       tol=f"|MC moment - recursion| <= z SE + 1e-10 scale, z = {z:.2f} (Bonferroni, rate {ALPHA})"),
            _g5(claim, ctx, ("P", "D"))]


# ---------------------------------------------------------------- G5
def _g5_values(number):
    """G5's quantities from the S32 recursion with entries converted by ``number`` (exact or mpf)."""
    c = load("ribbon_g5.json")
    X = np.array([[number(v) for v in r] for r in c["X"]], dtype=object)
    e0 = np.array([number(v) for v in c["e0"]], dtype=object)
    eta, b = number(c["eta"]), c["b"]
    P, ebar, _, D = sgd.second_moments(X, e0, eta, b, number(1), 3)
    Rx2 = max(sum(v * v for v in r) for r in X)
    lam1 = number(1)                                        # Σ = XᵀX/2 = I
    env = {"eta": eta, "lam1": lam1, "Rx2": Rx2, "b": b, "E0": sum(v * v for v in e0)}
    return c, P, ebar, D, env


def _g5(claim, ctx, which) -> Evidence:
    """G5: exact agreement (recursion and enumeration in rationals) and agreement at dps 30 and 50 (recursion in
    mpmath) with the printed rationals; S33's gamma and bound evaluated from the S33 statement."""
    tube, gamma = D_BOUND, GAMMA.definition
    c, Pf, ebf, Df, envf = _g5_values(Fraction)
    X = [[int(v) for v in r] for r in c["X"]]
    means, seconds = sgd.enumerate_moments(X, [0, 0], [int(v) for v in c["e0"]], Fraction(c["eta"]), c["b"],
                                           c["scheme"], 3)
    failures, compared = [], 0

    def items(P, eb, D, env, enum):
        out = []
        if "ebar" in which:
            for t in range(4):
                for i in range(2):
                    want = Fraction(c["ebar_ratio"]) ** t * Fraction(c["e0"][i])
                    out.append((f"ebar_{t}[{i}]", eb[t][i], want))
                    if enum:
                        out.append((f"E[e_{t}][{i}] (enumeration)", means[t][i], want))
        if "P" in which:
            for t, rows in c["P"].items():
                for i in range(2):
                    for j in range(2):
                        out.append((f"P_{t}[{i},{j}]", P[int(t)][i, j], Fraction(rows[i][j])))
                        if enum:
                            out.append((f"P_{t}[{i},{j}] (enumeration)", seconds[int(t)][i][j], Fraction(rows[i][j])))
        if "D" in which:
            out += [(f"D_{t}", D[int(t)], Fraction(v)) for t, v in c["D"].items()]
        if "bound" in which:
            out += [("Rx2", env["Rx2"], Fraction(c["Rx2"])), ("gamma", env["gamma"], Fraction(c["gamma"])),
                    ("bound", env["bound"], Fraction(c["bound"]))]
        return out

    for dps in (None, 30, 50):
        if dps is None:
            P, eb, D, env = Pf, ebf, Df, dict(envf)
            subs = {sp.Symbol(k): sp.Rational(Fraction(v).numerator, Fraction(v).denominator) for k, v in env.items()}
            env["gamma"], env["bound"] = (Fraction(str(sp.nsimplify(e.xreplace(subs)))) for e in (gamma, tube))
        else:
            m = context(dps)
            _, P, eb, D, env = _g5_values(lambda v, m=m: _to_mpf(m, Fraction(v)))
            env["gamma"], env["bound"] = mp_value(gamma, env, dps), mp_value(tube, env, dps)
        for what, value, want in items(P, eb, D, env, dps is None):
            compared += 1
            ok = (Fraction(value) == want) if dps is None else matches(value, f"{want} (exact)", dps)[0]
            if not ok:
                failures.append({"quantity": what, "dps": dps or "exact", "value": str(value), "published": str(want)})
    tol = "exact rationals (enumeration and recursion); dps 30 and 50: 10^-(dps-10) relative (spec §3)"
    if failures:
        f = failures[0]
        return Evidence("high_precision", "violated", f"golden G5 {f['quantity']} ({f['dps']}): {f['value']} vs "
                        f"{f['published']}", worst_case=f, tolerance=tol, data={"failures": failures[:20]})
    return Evidence("high_precision", "holds", f"golden G5 ({', '.join(which)}): {compared} printed values reproduced "
                    "exactly and at dps 30 and 50", worst_case={"compared": compared}, tolerance=tol)


# ---------------------------------------------------------------- S33
def _tube_values(p, log=None):
    """S33's quantities for one instance: decaying spectrum, with replacement, the S32 recursion in float64 to the
    horizon ``H``; ``e_0`` random, scaled so that the D-bound equals 1 (both sides are quadratic in ``e_0``)."""
    rng = np.random.default_rng(p["seed"])
    N, d, b = p["N"], p["d"], min(p["b"], p["N"])
    X, _ = sgd.decaying_design(rng, N, d, float(p["u"]))
    lam1 = float(np.linalg.eigvalsh(X.T @ X / N)[-1])
    Rx2 = float(np.max(np.sum(X * X, axis=1)))
    eta = _f64(ETA_TUBE.definition, eta_frac=float(p["eta_frac"]), lam1=lam1, Rx2=Rx2, b=b)
    e0 = rng.standard_normal(d)
    e0 *= math.sqrt(1 / _f64(D_BOUND, eta=eta, lam1=lam1, Rx2=Rx2, b=b, E0=1.0)) / np.linalg.norm(e0)  # linear in E0
    P, _, _, D = sgd.second_moments(X, e0, eta, b, 1.0, p["H"])
    Sig = X.T @ X / N
    L = float(np.sum(np.einsum("ij,tji->t", Sig, P[:-1])))
    env = {"D_sup": float(D.max()), "L_sum": L, "lam1": lam1, "Rx2": Rx2, "E0": float(e0 @ e0), "eta": eta, "b": b}
    if log is not None:
        log.append((env["D_sup"] / _f64(D_BOUND, **env), L / _f64(L_BOUND, **env)))
    return env


def _ratios(log):
    d, l_ = np.array([r[0] for r in log]), np.array([r[1] for r in log])
    return {"sup_t D_t / bound": {"max": float(d.max()), "median": float(np.median(d)), "n": len(d)},
            "sum_t tr(Sigma P_t) / bound": {"max": float(l_.max()), "median": float(np.median(l_))}}


def _s33(claim, ctx):
    spec = "spec: sup_t D_t/bound max 0.227, median 0.0131 over 500 random instances"
    targeted, uniform = [], []
    ev = property_search(claim, ctx, lambda p, dps: _tube_values(p, targeted), rtol="1e-12",
                         label="Hypothesis, target sup_t D_t/bound: ")
    ev.tightness = (ev.tightness or {}) | _ratios(targeted) | {"spec": spec}
    ev.summary += f"; sup_t D_t/bound max {_ratios(targeted)['sup_t D_t / bound']['max']:.3g}"
    ev.tolerance += " (spec: lhs <= rhs (1 + 1e-12) + 1e-12 scale)"

    def ev_uniform(p):
        env = _tube_values(p, uniform)
        scale = 1 + _f64(L_BOUND, **env)
        return [(env, lambda r: 1e-12 * scale, f"t <= H = {p['H']}")]
    rng = np.random.default_rng(ctx.seed + 4)
    draws = [_draw(claim.parameters, rng) for _ in range(ctx.profile.examples)]
    uni = float_cases(claim, draws, ev_uniform, label="uniform random instances: ",
                     tol="lhs <= rhs (1 + 1e-12) + 1e-12 scale (spec)")
    ratios = _ratios(uniform)
    uni.tightness = ratios | {"spec": spec}
    uni.summary += (f"; sup_t D_t/bound max {ratios['sup_t D_t / bound']['max']:.3g}, "
                    f"median {ratios['sup_t D_t / bound']['median']:.3g}")
    return [ev, uni, _g5(claim, ctx, ("D", "bound"))]


# ---------------------------------------------------------------- S34
def _ensembles(p, ctx):
    """GD and SGD logits of the same M = 3 initialisations at t = 0..30, ``η = 1/(2λ_1)`` (``ETA_S34``); host arrays."""
    xp, to_host = ctx.xp, ctx.backend.to_host
    rng = np.random.default_rng(p["seed"])
    N, d, b, M, T = p["N"], p["d"], min(p["b"], p["N"]), 3, 30
    X, _ = sgd.decaying_design(rng, N, d, float(rng.uniform(0, 2)), xp)
    lam1 = float(xp.linalg.eigvalsh(X.T @ X / N)[-1])
    eta = _f64(ETA_S34.definition, lam1=lam1)
    ws = xp.asarray(rng.standard_normal(d) * math.exp(rng.uniform(-1, 1)))
    W0 = xp.asarray(rng.standard_normal((M, d)) * math.exp(rng.uniform(-1, 1)))
    y = X @ ws
    Zgd = gd_closed_form(X, y[:, None], W0[:, :, None], eta, np.arange(T + 1), xp)[..., 0]   # (M, T+1, N)
    Wsgd = sgd.simulate(X, y, W0, eta, b, p["scheme"], T, rng, xp)                           # (T+1, M, d)
    Zsgd = xp.einsum("tad,nd->atn", Wsgd, X)
    return to_host(Zgd.reshape(M * (T + 1), N)), to_host(Zsgd.reshape(M * (T + 1), N))


def _inpca(Z, sigma, xp):
    return inpca(distance_matrix(xp.asarray(Z[:, :, None]), "gaussian", xp, sigma=sigma), xp)


def _s34_draws(claim, ctx):
    rng = np.random.default_rng(ctx.seed + 2)
    return [_draw(claim.parameters, rng) for _ in range(ctx.profile.examples)]


def _spectral(A):
    return float(np.linalg.norm(A - A.mean(0), 2))


def _s34_width(claim, ctx):
    def ev(p):
        Zg, Zs = _ensembles(p, ctx)
        g, s = _inpca(Zg, p["sigma"], ctx.xp), _inpca(Zs, p["sigma"], ctx.xp)
        mug, mus = ctx.backend.to_host(g.mu), ctx.backend.to_host(s.mu)
        dsq = np.abs(np.sqrt(np.clip(mus, 0, None)) - np.sqrt(np.clip(mug, 0, None)))
        Delta = Zs - Zg
        env = {"dsqrt_mu": dsq, "PiDelta_2": _spectral(Delta), "Delta_F": float(np.linalg.norm(Delta)),
               "sigma": p["sigma"], "N": p["N"]}
        eps = 1e-10 * max(abs(mug[0]), abs(mus[0]))
        atol = lambda r: (2 * math.sqrt(eps) if sp.Symbol("dsqrt_mu") in r.free_symbols  # noqa: E731
                          else 1e-12 * env["Delta_F"])
        return [(env, atol, "all i")]
    log = []

    def ev_logged(p):
        out = ev(p)
        env = out[0][0]
        if env["Delta_F"] > 1e-300:
            log.append(float(env["dsqrt_mu"].max() / (env["Delta_F"] / math.sqrt(8 * p["sigma"] ** 2 * p["N"]))))
        return out
    # b >= N without replacement: every step takes the whole batch, so SGD is GD and both sides are 0 in exact
    # arithmetic; float64 gives Delta_F ~ 1e-13 against |d sqrt mu| ~ 1e-8 (eigenvalue round-off), both inside the
    # tolerances.  Those pairs are judged but are no datum of the slack (their normalised slack is noise, -1).
    draws = _s34_draws(claim, ctx)
    is_gd = lambda p: p["scheme"] == "without" and p["b"] >= p["N"]   # noqa: E731
    tol = "|d sqrt mu| to 2 sqrt(1e-10 mu_1) (eigenvalue round-off); norms 1e-12 relative"
    out = []
    resolved = [p for p in draws if not is_gd(p)]
    if resolved:
        out.append(float_cases(claim, resolved, ev_logged, label="simulated SGD/GD ensemble pairs: ", tol=tol))
        out[0].tightness = (out[0].tightness or {}) | {
            "ratio": "max_i |d sqrt mu_i| / (|Delta|_F/sqrt(8 sigma^2 N)) (pairs with SGD != GD)",
            "max": max(log, default=float("nan")), "pairs": len(log), "spec": "observed <= 0.69 (100 pairs)"}
    if len(resolved) < len(draws):
        out.append(float_cases(claim, [p for p in draws if is_gd(p)], ev, tol=tol,
                               label="pairs with SGD = GD (b >= N without replacement; both sides round-off): "))
        out[-1].tightness = {"measure": "none: both sides are round-off (SGD = GD in exact arithmetic)"}
    return out


def _s34_stress(claim, ctx):
    def ev(p):
        Zg, Zs = _ensembles(p, ctx)
        h = ctx.backend.to_host
        g, s = _inpca(Zg, p["sigma"], ctx.xp), _inpca(Zs, p["sigma"], ctx.xp)
        Wg, Ws = h(g.W), h(s.W)
        WF, m = float(np.linalg.norm(Wg)), Wg.shape[0]
        Delta = Zs - Zg
        env = {"dR_k": np.abs(h(s.residual) - h(g.residual))[1:], "W_F": WF, "delta": float(np.linalg.norm(Ws - Wg)),
               "PiZ_2": _spectral(Zg), "Delta_F": float(np.linalg.norm(Delta)), "sigma": p["sigma"], "N": p["N"]}
        floor = 64 * m * U * (WF + float(np.linalg.norm(Ws)))
        atol = lambda r: (2e-10 * WF + floor if sp.Symbol("dR_k") in r.free_symbols  # noqa: E731
                          else floor + 1e-12 * env["delta"])
        return [(env, atol, "all k")]
    return [float_cases(claim, _s34_draws(claim, ctx), ev, label="simulated SGD/GD ensemble pairs: ",
                       tol="R_k to 1e-10 (tail sums); delta to 64 m u (|W'|_F + |W|_F); else 1e-12 relative")]


def _s34_tube(claim, ctx):
    xp, h = ctx.xp, ctx.backend.to_host
    rng = np.random.default_rng(ctx.seed + 3)
    draws = [_draw(claim.parameters, rng) for _ in range(max(3, ctx.profile.seeds // 4))]
    runs, M, T = max(200, ctx.profile.mc_networks // 10), 3, 30
    z = _z(len(draws))

    def ev(p):
        r = np.random.default_rng(p["seed"])
        N, d, b = p["N"], p["d"], p["b"]
        X, _ = sgd.decaying_design(r, N, d, float(r.uniform(0, 2)), xp)
        Xh = h(X)
        lam1 = float(np.linalg.eigvalsh(Xh.T @ Xh / N)[-1])
        Rx2, eta = float(np.max(np.sum(Xh * Xh, axis=1))), _f64(ETA_S34.definition, lam1=lam1)
        ws, W0 = r.standard_normal(d), r.standard_normal((M, d))
        y = xp.asarray(Xh @ ws)
        Wsgd = sgd.simulate(X, y, xp.asarray(np.tile(W0, (runs, 1))), eta, b, "with", T, r, xp)   # (T+1, runs M, d)
        Zgd = gd_closed_form(X, y[:, None], xp.asarray(W0[:, :, None]), eta, np.arange(T + 1), xp)[..., 0]
        Zs = xp.einsum("trd,nd->rtn", Wsgd, X).reshape(runs, M, T + 1, N)
        dev2 = h(((Zs - Zgd[None]) ** 2).sum(axis=(1, 2, 3)))                                      # |Delta|_F^2
        _, _, _, D = sgd.second_moments(Xh, W0 - ws, eta, b, 1.0, T)                             # (T+1, M)
        env = {"E_Delta2": float(dev2.mean()), "D_sum": float(D.sum()), "N": N, "b": b, "eta": eta, "lam1": lam1,
               "Rx2": Rx2, "n": T + 1, "E0_sum": float(np.sum((W0 - ws) ** 2))}
        se = float(dev2.std(ddof=1) / math.sqrt(runs))
        atol = lambda rel: (z * se + 1e-10 * env["E_Delta2"] if isinstance(rel, sp.Equality)   # noqa: E731
                            else 1e-12 * float(vectorised.value(rel.rhs, env)))                  # the bound's scale
        return [(env, atol, f"{runs} runs x {M} initialisations, gamma = {_f64(GAMMA.definition, **env):.3g}")]
    return [float_cases(claim, draws, ev, tier="statistical", label="simulated SGD ensembles vs S32 recursion: ",
                       tol=f"E|Delta|_F^2 within z SE (z = {z:.2f}, Bonferroni rate {ALPHA}); bound 1e-12 relative")]


#: claim id -> check, for the claims of this module (``verify.checks.CHECKS`` joins the modules)
CHECKS = {
    "ribbon.sgd_mean": _s31,
    "ribbon.sgd_reshuffle_mean": _reshuffle,
    "ribbon.sgd_second_moment": _s32,
    "ribbon.sgd_tube": _s33,
    "ribbon.sgd_width_stability": _s34_width,
    "ribbon.sgd_stress_stability": _s34_stress,
    "ribbon.sgd_ensemble_tube": _s34_tube,
}
