"""Monte-Carlo and dynamics checks of the Fisher claims: finite-width expectations (F3c, F3d, F8b),
the tanh/erf O(1/M) trace bias (F3e), isotropic perturbations (F8c), the Fisher-Rao ratio (F8d), the
centred spectrum (F6b), the learning-rate threshold (F7a, F7e) and mean subtraction at T = M (F9c)."""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from .. import stats
from sloppy_verifier.theory.fisher import quantities as q
from sloppy_verifier.theory.fisher.kernels import chi_homogeneous
from sloppy_verifier.theory.fisher.claims import (ACT, CONFIG, DEPTH, SB, SEED, SW, WIDTH, E_fr, E_trF,
                                                  eta_c as eta_c_sym, eta_star, epsilon, fr_ratio, qf, spread, sumM)

from ..check import interval_relation, mean_se, reference_value, relation
from ..evidence import Evidence, point_text
from ..mpeval import exact
from ..point import Point, named
from ..hp.fisher import order_parameters
from ..simulate import dynamics, fim
from ..backend import get_backend
from ..simulate.network import NetSpec, activation, draw, sample
from ..distributed import shared_map
from .fisher_sim import BIAS, CONFIGS, Z, _spec, asymptotic_sweep

_AB = {"relu": (0, 1), "leaky_relu": (None, 1), "linear": (1, 1)}


def _chi(act, a, w2) -> float:
    """``chi`` of the AB-ReLU family (``theory.fisher.kernels.chi_homogeneous``) at exact inputs."""
    a_ = a if act == "leaky_relu" else _AB[act][0]
    return float(chi_homogeneous(exact(w2), exact(a_), 1))


def _mc_grid(acts, depths, widths):
    """(activation, a, sigma_w2, L, M) cells."""
    return [(act, 0.2 if act == "leaky_relu" else None, w2, L, M)
            for act in acts for (w2, L) in depths for M in widths]


def _summary(vals) -> tuple:
    """``(mean, standard error, n)`` of per-network values."""
    return (*mean_se(vals), int(np.size(vals)))


def _z_row(claim, measured, summary, env, cell: dict) -> Point:
    """One Monte-Carlo cell (``cell``: its parameters, by object): the mean and standard error (``summary =
    _summary(vals)``) of the per-network values of the ``measured`` quantity, reported in units of the statement's
    reference scale (sim/stated ratios); ``ok`` iff the whole statement holds somewhere in ``mean -+ Z se``
    (``interval_relation``: for ``Eq(x, f)`` exactly ``|z| <= Z``)."""
    m, se, n = summary
    ref = float(reference_value(claim.statement, measured, env, 20)) or 1.0
    ok = interval_relation(claim.statement, measured, m - Z * se, m + Z * se, env, 20)
    return Point(cell) | {"mean": m / ref, "se": se / ref, "z": (m - ref) / se, "ok": bool(ok), "n": n,
                   "ref": ref}


def _z_evidence(rows, what, tol=f"the statement holds within mean -+ {Z:.2f} se per cell (Monte-Carlo standard "
                                f"error; normal at level {stats.TEST_LEVEL:g})") -> Evidence:
    worst = max(rows, key=lambda r: abs(r["z"]))
    bad = [r for r in rows if not r["ok"]]
    n = sorted({r["n"] for r in rows})
    return Evidence("statistical", "violated" if bad else "holds",
                    f"{len(rows)} cells of {n[0]}" + (f"-{n[-1]}" if len(n) > 1 else "") + f" networks; worst {what} "
                    f"ratio {worst['mean']:.4f} +- {worst['se']:.4f} (z = {worst['z']:+.1f}) at {_cell(worst)}",
                    worst_case=worst, tightness={"measure": "sim/stated", "extreme": worst["mean"], "samples": rows},
                    tolerance=tol, data={"rows": rows})


def _cell(r):
    return ", ".join(f"{k.name}={r[k]}" for k in (ACT, SW, SB, DEPTH, WIDTH) if k in r)


def _fisher_rao_rb(spec: NetSpec, widths, C: int, T: int, n: int, seed: int, batch: int = 4096) -> np.ndarray:
    """Rao-Blackwellised ``theta^T F theta / xnorm`` per network: its exact expectation over the last layer.

    ``theta . grad f_k(t) = d/de f_k((1+e) theta) = W^L_k . v(t)`` with ``v = h^{L-1} + dh^{L-1}`` and ``dh``
    the tangent of the hidden layers along ``W^l -> (1+e) W^l`` (``du^l = (h^{l-1} + dh^{l-1}) W^lT``,
    ``dh^l = phi'(u^l) du^l``); ``W^L`` (``N(0, sigma_w^2/M_{L-1})``) is independent of ``v``, so
    ``E_{W^L} theta^T F theta = C sigma_w^2 / M_{L-1} (1/T) sum_t |v(t)|^2`` exactly, for any activation and biases.
    It removes the last layer's share of the variance (the per-network output offset that keeps
    ``theta^T F theta`` from self-averaging, spec F8b).  Same stream as ``fim.batched_trace_mc`` (host NumPy).
    """
    act = activation(spec.activation, get_backend("numpy"), spec.a)
    rng = np.random.default_rng(seed)
    out = []
    for start in range(0, n, batch):
        B = min(batch, n - start)
        X, W, b = draw(rng, spec, widths, C, T, batch=(B,))
        H, dH = X, np.zeros_like(X)
        for l in range(len(W) - 1):
            Wt = np.swapaxes(W[l], 1, 2)
            U = H @ Wt + b[l][:, None, :]
            dU = (H + dH) @ Wt
            H, dH = act.phi(U), act.dphi(U) * dU
        v2 = np.square(H + dH).sum(axis=(1, 2)) / T
        xnorm = (X * X).sum(axis=(1, 2)) / (T * X.shape[2])
        out.append(C * spec.sigma_w2 / widths[-1] * v2 / xnorm)
    return np.concatenate(out)


#: networks in the pilot run that sizes each Monte-Carlo cell, and the most a cell may draw
PILOT, MC_CAP = 4096, 4_000_000


def _sized(rel_se, estimate, pilot=PILOT):
    """Per-network values from ``estimate(n)`` (a deterministic stream, so the first ``pilot`` values repeat),
    with ``n`` the size that makes the relative standard error ``rel_se``:
    ``n = (std/mean / mc_rel_se)^2`` from the pilot (at least ``pilot``, at most ``MC_CAP``)."""
    vals = estimate(pilot)
    rel = float(np.std(vals, ddof=1) / abs(np.mean(vals)))
    n = int(min(MC_CAP, max(pilot, math.ceil(1.1 * (rel / rel_se) ** 2))))
    return estimate(n) if n > pilot else vals


#: per-network estimators of the homogeneous cells, conditioned on X: tr F (F11b in stacked matmuls, divided by
#: (1/T) sum_t |x_t|^2 / M_0) and the Rao-Blackwellised theta^T F theta (``_fisher_rao_rb``); C = 2, T = 3
ESTIMATORS = {
    "trF_cond": lambda spec, widths, n, seed, backend: fim.batched_trace_mc(spec, widths, 2, 3, n, seed, backend)["trF_cond"],
    "fisher_rao": lambda spec, widths, n, seed, backend: _fisher_rao_rb(spec, widths, 2, 3, n, seed),
}


def _cell_unit(estimator: str, act, a, w2, L, M, seed: int, rel_se: float, backend_name: str) -> tuple:
    """One homogeneous cell (widths ``(M,)*(L-1) + (2M,)``) sized to ``rel_se``: ``(_summary, relative std)`` of
    its per-network values.  The cells of a claim are independent units (``shared_map``): deterministic in the
    arguments, the seed among them."""
    widths = (M,) * (L - 1) + (2 * M,)
    spec, backend = NetSpec(act, w2, 0.0, a), get_backend(backend_name)
    vals = _sized(rel_se, lambda n: ESTIMATORS[estimator](spec, widths, n, seed, backend))
    return _summary(vals), float(np.std(vals) / abs(np.mean(vals)))


def _homogeneous_mc(claim, ctx, measured, estimator, env_of, acts=("relu", "leaky_relu", "linear")):
    """Per-network values (conditioned on X) of the simulated quantity (symbol ``measured``, ``ESTIMATORS``),
    in cells sized to the profile's relative standard error, against the whole statement (``_z_row``); cell ``i``
    draws from seed ``10^7 seed + i`` (one unit per cell on a cluster).  ``env_of(act, a, w2, L, widths)`` -> the
    statement's other symbols.

    Error analysis: each cell's mean of ``n`` i.i.d. networks has standard error ``std/sqrt(n)`` (``n`` >= 4096,
    so the normal critical value ``Z`` applies); the cells are sized so that se <= ``mc_rel_se`` (the pilot's
    std estimate is good to ~2 %, and the 10 % margin covers it).  The claim is violated iff, in some cell, the
    statement fails on ``mean -+ Z se`` (for its Eq: iff ``|z| > Z``).  ``MC_CAP`` binds only in the thorough profile's widest-spread cells (ReLU, L = 5, M = 4: se
    ~0.0012-0.0015 for a 0.001 target; recorded per row).  Old fixed size (200 000 networks per cell, standard): worst-cell se 0.005 (F3c) and 0.009 (F8b).
    """
    grid = _mc_grid(acts, ((2.0, 3), (1.5, 2), (1.0, 5)), (4, 8, 16, 64))
    calls = [(estimator, act, a, w2, L, M, 10**7 * ctx.seed + i, ctx.profile.mc_rel_se, ctx.backend.name)
             for i, (act, a, w2, L, M) in enumerate(grid)]
    rows = []
    for (act, a, w2, L, M), (summary, rel_std) in zip(grid, shared_map(_cell_unit, calls, [L * M for *_, L, M in grid])):
        rows.append(_z_row(claim, measured, summary, env_of(act, a, w2, L, (M,) * (L - 1) + (2 * M,)),
                           {ACT: act, SW: w2, DEPTH: L, WIDTH: M, "rel_std": rel_std,
                            "target_se": ctx.profile.mc_rel_se}))
    return rows


def _f3c(claim, ctx):
    """E[tr F | X] over networks (tr F by F11b in stacked matmuls, conditioned on X by dividing by
    (1/T) sum_t |x_t|^2 / M_0), in 36 cells (ReLU, leaky, linear; three depths; M = 4, 8, 16, 64), each sized to the
    profile's ``mc_rel_se``: |z| <= ``Z`` in every cell."""
    env = lambda act, a, w2, L, widths: {q.C: 2, q.chi: _chi(act, a, w2), q.L: L, sumM: sum(widths), q.xbar2: 1}
    return [_z_evidence(_homogeneous_mc(claim, ctx, E_trF, "trF_cond", env), "E[tr F|X]/stated")]


def _f8b(claim, ctx):
    """E[theta^T F theta | X] by the Rao-Blackwellised estimator ``_fisher_rao_rb`` (exact over the last layer,
    no Euler identity used), in the F3c cells sized to ``mc_rel_se``: |z| <= ``Z`` in every cell."""
    env = lambda act, a, w2, L, widths: {q.C: 2, q.chi: _chi(act, a, w2), q.L: L, q.sigma_w2: w2, q.xbar2: 1}
    return [_z_evidence(_homogeneous_mc(claim, ctx, E_fr, "fisher_rao", env), "E[theta^T F theta|X]/stated")]


def _trace_vs_kappa(claim, ctx, act, w2, b2, L, widths, seed, n):
    """E[tr F] over n networks against the whole statement (``_z_row``) with the exact width ratios' order
    parameters; also the cell's statement environment (``env``)."""
    M = widths[0]
    alphas = [sp.Rational(w, M) for w in widths]
    op = order_parameters(act, str(w2), str(b2), alphas, dps=20)
    sims = fim.batched_trace_mc(NetSpec(act, w2, b2), widths, 2, 3, n, seed, ctx.backend)
    env = {q.C: 2, q.alpha: op.alpha, q.kappa1: op.kappa1, q.kappa2: op.kappa2, q.M: M, q.L: L}
    return _z_row(claim, E_trF, _summary(sims["trF"]), env, {ACT: act, SW: w2, SB: b2, DEPTH: L, WIDTH: M}) \
        | {"env": {k: float(v) for k, v in named(env).items()}}


def _f3d(claim, ctx):
    rows = []
    cells = [(w2, b2, L, M) for w2 in (1.0, 2.0) for b2 in (1.0, 4.0) for L in (3, 4, 5) for M in (2, 8)]
    if ctx.profile.name == "quick":
        cells = [c for c in cells if c[0] == 2.0 and c[1] == 1.0]
    for i, (w2, b2, L, M) in enumerate(cells):
        rows.append(_trace_vs_kappa(claim, ctx, "relu", w2, b2, L, (M,) * L, 10**7 * ctx.seed + 500 + i,
                                    ctx.profile.mc_networks))
    return [_z_evidence(rows, "E[tr F]/(C alpha kappa_1 M)")]


def _f3e(claim, ctx):
    """Means of E[tr F]/(C alpha kappa_1 M) over n networks at M = 4..32, fitted by a + c/M (the spec's O(1/M)
    bias; tanh(2, .3): M(r - 1) ~ -0.2).  Rule (``verify.stats`` levels): violated iff 1 lies outside the t interval
    of a; inconclusive iff the fit fails its goodness of fit or the interval of c contains 0 (c != 0 not shown)."""
    out = []
    for act in ("tanh", "erf"):
        rows = [_trace_vs_kappa(claim, ctx, act, 2.0, 0.3, 3, (M, M, 2 * M), 10**7 * ctx.seed + 900 + M,
                                ctx.profile.mc_networks // 4) for M in (4, 8, 16, 32)]
        xs, ys, ses = [r[WIDTH] for r in rows], [r["mean"] for r in rows], [r["se"] for r in rows]
        fit = stats.extrapolate(xs, ys, ses, rows[0]["n"] - 1, BIAS["1/M"])
        env, ref = rows[-1]["env"], rows[-1]["ref"]     # the intercept, in units of the widest cell's scale
        status, why = stats.judge(fit, "a", lambda lo, hi: interval_relation(claim.statement, E_trF, lo * ref,
                                                                             hi * ref, env, 20))
        lo, hi = fit.ci("b1")
        if status == "holds" and lo <= 0 <= hi:
            status, why = "inconclusive", f"c_phi's interval [{lo:.3f}, {hi:.3f}] contains 0"
        out.append(Evidence("statistical", status,
                            f"{act}, sigma_w^2 = 2, sigma_b^2 = 0.3: intercept {fit['a']:.4f} +- {fit.stderr('a'):.4f}, 1/M coefficient "
                            f"c_phi = {fit['b1']:+.3f} +- {fit.stderr('b1'):.3f} (chi2/dof {fit.chi2_dof:.2f}): {why}",
                            worst_case=rows[0], tightness={"measure": "c_phi", "extreme": fit["b1"], "samples": rows},
                            tolerance=f"the statement holds on the {1 - fit.level:.4%} t interval of a, 0 outside that of c_phi; "
                                      f"goodness of fit p >= {stats.GOF_LEVEL:g}",
                            data={"rows": rows, "extrapolation": stats.fit_record(fit, xs, ys, ses, model="1/M")}))
    return out


def _f8c(claim, ctx):
    """Mean of Delta^T F Delta over Gaussian draws (Delta ~ N(0, eps^2 I), contracted without forming F) against
    the statement at eps and tr F of the same network: |z| <= ``Z`` (the normal critical value at
    ``stats.TEST_LEVEL``; 2000-20000 draws, so the mean is normal to well within that)."""
    rows = []
    draws = 2000 if ctx.profile.name == "quick" else 20000
    for i, (act, M) in enumerate((("tanh", 30), ("relu", 30), ("erf", 60))):
        net, X = sample(NetSpec(act, 3.0, 0.64), (M, M, M), 3, 5, 10**7 * ctx.seed + 77 + i, ctx.backend)
        eps = 0.1
        vals = fim.isotropic_perturbation(net, X, eps, draws, np.random.default_rng(10**7 * ctx.seed + i))
        trF = float(net.xp.trace(fim.dual_gram(net, X)))
        rows.append(_z_row(claim, qf, _summary(vals), {epsilon: eps, q.trF: trF}, {ACT: act, WIDTH: M}))
    return [_z_evidence(rows, "E[Delta^T F Delta]/stated")]


def _f8d(claim, ctx):
    """E[theta^T F theta] / (E[m_lambda] E|theta|^2) over networks (E|theta|^2 = sigma_w^2 sum_l M_l exactly), at
    four or more widths, fitted by a + b/M: violated iff the statement's value lies outside the t interval of a
    (``verify.stats`` level; the ratio's s.e. by the delta method), inconclusive iff the fit fails its goodness of fit."""
    out = []
    for act in ("relu", "leaky_relu"):
        a_ = 0.3 if act == "leaky_relu" else None
        rows = []
        for M in ((8, 16, 32, 64) if ctx.profile.name == "quick" else (16, 32, 64, 128, 256)):
            L, C, T, w2 = 3, 4, 3, 2.0
            widths = (M,) * L
            n = max(500, ctx.profile.mc_networks // max(1, M // 4) ** 2 * 4)
            sims = fim.batched_trace_mc(NetSpec(act, w2, 0.0, a_), widths, C, T, n, 10**7 * ctx.seed + 31 * M, ctx.backend)
            P = fim.param_count(widths, C)
            theta2 = w2 * (sum(widths[1:]) + C)
            num, se_num = mean_se(sims["fisher_rao"])
            den, se_den = mean_se(sims["trF"] / P * theta2)
            ratio = num / den
            se = ratio * math.hypot(se_num / num, se_den / den)
            rows.append(Point({ACT: act, WIDTH: M, "ratio": ratio, "se": se, "n": n}))
        xs, ys, ses = [r[WIDTH] for r in rows], [r["ratio"] for r in rows], [r["se"] for r in rows]
        fit = stats.extrapolate(xs, ys, ses, min(r["n"] for r in rows) - 1, BIAS["1/M"])
        status, why = stats.judge(fit, "a", lambda lo, hi: interval_relation(claim.statement, fr_ratio, lo, hi,
                                                                             {q.L: 3}, 20))
        out.append(Evidence("statistical", status,
                            f"{act}: extrapolated E theta^T F theta / (m |theta|^2) = {fit['a']:.3f} +- {fit.stderr('a'):.3f} "
                            f"(chi2/dof {fit.chi2_dof:.2f}): {why}",
                            worst_case=rows[-1],
                            tolerance=f"the statement holds on the {1 - fit.level:.4%} t interval of a; goodness of fit "
                                      f"p >= {stats.GOF_LEVEL:g}",
                            data={"rows": rows, "extrapolation": stats.fit_record(fit, xs, ys, ses, model="1/M")}))
    return out


def _f6b(claim, ctx):
    """F6b on the width sweep with the "edge" bias model (a + c_1/sqrt(M) + c_2/M).  The linear configuration runs
    through its exact law at widths 2000..512000 (``fisher_sim.EXACT_LINEAR``), where the extrapolation is short;
    tanh and erf at the spec widths, where c_1 ~ 11 makes the intercept's interval wide (honest, not tight).
    The spec-width fit of the edge as sqrt(r) = a (1 + beta/sqrt(M)) was biased (linear: 0.936 +- 0.014 on
    250..2000, against the exact law's limit 1)."""
    cfgs = ("linear0",) if ctx.profile.name == "quick" else ("tanh0", "erf0", "linear0")
    return asymptotic_sweep(claim, ctx, q.lambda_max, lambda s, M: s[q.lambda_max.name], bias="edge", configs=cfgs)


STEPS = 800


def _eta_c(lam: float) -> float:
    """F7a's threshold ``theory.fisher.quantities.eta_c_gd`` (2/lambda_max) at ``lambda_max = lam``."""
    return float(q.eta_c_gd.subs(q.lambda_max, lam))


def _f7a(claim, ctx):
    """Linearised GD with each network's own F* brackets its threshold: with eta_0 = 2/lambda_max (where the top
    mode's factor |1 - eta lambda_max| crosses 1), the loss must not increase at 0.99 eta_0 and must grow at
    1.01 eta_0, so eta_c lies in [0.99, 1.01] eta_0; the whole statement must then hold on that bracket
    (``interval_relation``: an equality attained in it, a strict bound beyond it)."""
    rows = []
    cfg = "A"
    M = ctx.profile.widths[0]
    C, T = CONFIGS[cfg][5], CONFIGS[cfg][6]
    for s in range(2):
        act, a, w2, b2, alphas, _, _ = CONFIGS[cfg]
        net, X = sample(_spec(act, a, w2, b2), (M,) * 3, C, T, 10**7 * ctx.seed + 1000 * M + s, ctx.backend)
        Fs = fim.dual_gram(net, X)
        lam = float(net.xp.linalg.eigvalsh(Fs)[-1])
        eta0 = _eta_c(lam)
        r0 = net.backend.asarray(np.random.default_rng(s).standard_normal(C * T))
        with np.errstate(over="ignore", invalid="ignore"):     # the loss above the threshold may overflow
            below, _ = dynamics.linearised_gd(Fs, r0, 0.99 * eta0, STEPS, T)
            above, _ = dynamics.linearised_gd(Fs, r0, 1.01 * eta0, STEPS, T)
        rows.append(Point({SEED: s, q.lambda_max: lam, "loss_ratio_0.99": float(below[-1] / below[0]),
                           "loss_ratio_1.01": float(above[-1] / above[0]),
                           "monotone_0.99": bool(np.all(np.diff(below) <= 1e-12 * below[0])),
                           "statement": bool(interval_relation(claim.statement, eta_c_sym, 0.99 * eta0, 1.01 * eta0,
                                                               {q.lambda_max: lam}, 20))}))
    ok = all(r["monotone_0.99"] and r["loss_ratio_0.99"] < 1 and r["loss_ratio_1.01"] > 1e3 and r["statement"]
             for r in rows)
    return [Evidence("statistical", "holds" if ok else "violated",
                     "; ".join(f"seed {r[SEED]}: loss x{r['loss_ratio_0.99']:.1e} at 0.99 eta_0, "
                               f"x{r['loss_ratio_1.01']:.1e} at 1.01 eta_0, statement "
                               + ("holds" if r["statement"] else "fails") + " on the bracket" for r in rows),
                     worst_case=rows[0], tolerance=f"{STEPS} steps: monotone and shrinking below, growth > 1e3 above "
                                                   "(the top mode grows by 1.02^n at 1.01 eta_0)",
                     data=named({"rows": rows, WIDTH: M, CONFIG: cfg}))]


ETA_STAR_WIDTH = 1e-3   # the bracket of eta*/eta_c after bisection: 0.1 % of eta_c, 1/45 of the 0.045 gap between
# the statement's bounds and their 10 % mutants; the decision at each rate is exact (float64 losses compared as
# computed), so the width is the only uncertainty.


def _f7e(claim, ctx):
    """Full-batch GD of the network from initialisation on a grid of eta/eta_c^emp, in the spec's setting
    (F7e: config A geometry, M = 500, targets N(0, 0.25)); monotonicity is read over the first 20 steps."""
    M = 500
    grid = (0.5, 0.9, 0.95, 1.05, 1.2, 1.5, 2, 3, 6)
    act, a, w2, b2, alphas, C, T = CONFIGS["A"]
    net, X = sample(_spec(act, a, w2, b2), (M,) * 3, C, T, 10**7 * ctx.seed + 1, ctx.backend)
    eta_c = _eta_c(float(net.xp.linalg.eigvalsh(fim.dual_gram(net, X))[-1]))
    Y = net.backend.asarray(np.random.default_rng(2).standard_normal((T, C)) * 0.5)
    rows = []
    for g in grid:
        losses, _ = dynamics.network_gd(net, X, Y, g * eta_c, 20 if ctx.profile.name == "quick" else 300)
        rows.append({"eta_over_eta_c": g, "monotone_20": bool(np.all(np.diff(losses[:21]) <= 0)),
                     "peak_10": float(np.max(losses[:11]) / losses[0]), "final": float(losses[-1])})
    # eta* lies in [lo, hi): monotone at the largest monotone grid rate lo, not at the next grid rate hi.  The grid
    # alone leaves a bracket up to 0.15 wide, and judging its lower end as if it were eta* let a statement about
    # the unmeasured rest of the bracket pass (eta* < 12/11 at lo = 1.05, though eta* = 1.097); the bracket is
    # bisected to ETA_STAR_WIDTH (20 steps per rate, the monotonicity window) and the statement judged on it.
    mono = [r["eta_over_eta_c"] for r in rows if r["monotone_20"]]
    lo = max(mono) if mono else 0.0
    hi = min((g for g in grid if g > lo), default=lo)
    while hi - lo > ETA_STAR_WIDTH:
        mid = (lo + hi) / 2
        losses, _ = dynamics.network_gd(net, X, Y, mid * eta_c, 20)
        lo, hi = (mid, hi) if np.all(np.diff(losses) <= 0) else (lo, mid)
    ok = interval_relation(claim.statement, eta_star, lo, hi, {}, 20)
    return [Evidence("statistical", "holds" if ok else "violated",
                     f"largest monotone rate: {lo:.5g} <= eta*/eta_c < {hi:.5g} (grid {point_text(grid)}, bisected); diverged at "
                     + (", ".join(str(x["eta_over_eta_c"]) for x in rows if not math.isfinite(x["final"])) or "none"),
                     worst_case={"eta_star": [lo, hi]}, tolerance="recorded (EMPIRICAL)",
                     data=named({"rows": rows, WIDTH: M}))]


def _f9c(claim, ctx):
    widths = (64, 125, 250) if ctx.profile.name == "quick" else (125, 250, 500, 1000)
    rows = []
    for M in widths:
        vals = []
        for s in range(4):
            net, X = sample(NetSpec("tanh", 3.0, 0.64), (M,) * 3, 2, M, 10**7 * ctx.seed + 1000 * M + s, ctx.backend)
            Fs = fim.dual_gram(net, X)
            vals.append(float(net.xp.linalg.eigvalsh(fim.centred(Fs, 2, M))[-1]))
        rows.append(Point({WIDTH: M, q.T: M, "lambda_max_c": float(np.mean(vals))}))
    lam = [r["lambda_max_c"] for r in rows]
    ratio = max(lam) / min(lam)
    r = relation(claim.statement, {spread: ratio}, 20, "0")
    return [Evidence("statistical", "holds" if r["ok"] else "violated",
                     "lambda_max(F_c) at T = M: " + ", ".join(f"{x['lambda_max_c']:.2f} (M={x[WIDTH]})" for x in rows)
                     + f"; max/min = {ratio:.3f}", worst_case=rows[-1], tolerance="recorded (EMPIRICAL)",
                     data={"rows": rows})]


#: claim id -> check, for the claims of this module (``verify.checks.CHECKS`` joins the modules)
CHECKS = {
    "fisher.trace_expectation_homogeneous": _f3c,
    "fisher.fisher_rao_expectation": _f8b,
    "fisher.trace_expectation_relu_bias": _f3d,
    "fisher.trace_bias_nonhomogeneous": _f3e,
    "fisher.isotropic_perturbation": _f8c,
    "fisher.fisher_rao_ratio": _f8d,
    "fisher.centred_spectrum": _f6b,
    "fisher.gd_threshold": _f7a,
    "fisher.catapult": _f7e,
    "fisher.mean_subtraction_t_propto_m": _f9c,
}
