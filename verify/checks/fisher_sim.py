"""Statistical and per-draw checks of the Fisher claims against simulated networks (F1b, F3–F9, F11).

Per-draw identities (EXACT) run on tiny random networks drawn by Hypothesis from the claim's domain, in
float64, with tolerances from round-off (or finite-difference) error analysis written beside each check.
Large-width claims (ASYMP) run the spec §2.2 width sweep: per-seed ratios sim/theory, their seed means
with standard errors, a weighted fit of the derived finite-width bias (intercept interval, goodness of fit)
and a weighted power law of the RMS error whose exponent interval must contain the stated rate
(``asymptotic_sweep``; levels in ``verify.stats``).
"""
from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp
from hypothesis import assume as hyp_assume

from sloppy_verifier.theory.fisher import quantities as q
from sloppy_verifier.theory.fisher.claims import (
    ACT, A_SLOPE, ALPHA_OUT, B_S_PRED, CONFIG, DEPTH, INPUTS, OUTPUTS, SB, SEED, SW, V_D, V_O, V_X, WIDTH, Fmat,
    Fs_jac, Fs_layer, b_lam, bias_s, cx, d1, d2, eta_c, fr, frF, frFs, fsq, gbar, hessE, lamF, lamFs, rank as rank_sym,
    res_next, res_pred, tr_layers, trFc, trFs)
from sloppy_verifier.theory.quantity import expand

from .. import stats
from ..backend import get_backend
from ..check import interval_relation, mean_se, property_search, reference_value, relation
from ..distributed import shared_map
from ..evidence import Evidence, float64_tier, point_text
from ..hp.fisher import order_parameters
from ..mpeval import mp_value
from ..point import Point, named
from ..simulate import deep_linear, dynamics, fim
from ..simulate.network import NetSpec, backward, forward, sample

#: acceptance in standard errors for Monte-Carlo means of many networks: the normal critical value at
#: ``stats.TEST_LEVEL`` (3.89; the spec's k = 3 per test, corrected for the catalogue's ~100 tests, see verify.stats)
Z = stats.critical()
FLOAT_RTOL = "1e-10"         # float64 identities: spec table "Kinds" (O(100) ulp of accumulated round-off)

# spec §2.2 sweep configurations: (activation, a, sigma_w2, sigma_b2, alphas, C, T)
CONFIGS = {
    "A": ("tanh", None, "3", "0.64", (1, 1, 1), 10, 100),
    "B": ("relu", None, "2", "0.1", (1, 1, 1), 10, 100),
    "C": ("erf", None, "2", "0.2", (0.5, 1, 2, 1), 3, 40),
    "D": ("leaky_relu", "0.2", "1.5", "0.05", (1, 1, 1, 1), 5, 50),
    # F6b centred cases (odd phi, no bias)
    "tanh0": ("tanh", None, "2", "0", (1, 1, 1), 5, 20),
    "erf0": ("erf", None, "1.5", "0", (1, 1, 1), 5, 20),
    "linear0": ("linear", None, "1", "0", (1, 1, 1), 5, 20),
    # F9b protocol (T = 20, C = 2)
    "A20": ("tanh", None, "3", "0.64", (1, 1, 1), 2, 20),
    "B20": ("relu", None, "2", "0.1", (1, 1, 1), 2, 20),
}


#: the spec §2.2 sweep (the other configurations serve F6b and F9b only: F5b presupposes kappa_2 > 0)
SWEEP = ("A", "B", "C", "D")


def _configs(ctx) -> tuple:
    return SWEEP[:1] if ctx.profile.name == "quick" else SWEEP


def _spec(act, a, w2, b2) -> NetSpec:
    return NetSpec(act, float(sp.Rational(w2)), float(sp.Rational(b2)), None if a is None else float(sp.Rational(a)))


@functools.lru_cache(maxsize=None)
def _theory(cfg: str) -> Point:
    act, a, w2, b2, alphas, C, T = CONFIGS[cfg]
    op = order_parameters(act, w2, b2, [sp.Rational(x) for x in map(str, alphas)], a=a, dps=30)
    return Point({q.kappa1: op.kappa1, q.kappa2: op.kappa2, q.alpha: op.alpha, q.C: C, q.T: T})


def level(quantity, cfg: str, dps: int = 20, env=None):
    """A quantity's SymPy definition (``theory.fisher``; the quantities it uses substituted) at a configuration's
    order parameters and ``env``, in mp at ``dps`` digits: the checks evaluate the theory's formula, never a copy."""
    return mp_value(expand(quantity.definition, quantity.uses), _theory(cfg) | (env or {}), dps)


def _widths(cfg: str, M: int) -> tuple:
    return tuple(max(1, round(x * M)) for x in CONFIGS[cfg][4])


@functools.lru_cache(maxsize=4096)
def _network_stats(cfg: str, M: int, seed: int, backend) -> dict:
    """F* statistics of one network of a sweep (cached: several claims read the same sweep): a read-only Point of
    ``fim.fim_statistics``' fields, ``psd``, and by their quantities ``lambda_max^c`` and the parameter count ``P``."""
    act, a, w2, b2, alphas, C, T = CONFIGS[cfg]
    widths = _widths(cfg, M)
    net, X = sample(_spec(act, a, w2, b2), widths, C, T, seed, backend)
    Fs = fim.dual_gram(net, X)
    P = fim.param_count(widths, C)
    th = _theory(cfg)
    st = fim.fim_statistics(Fs, P, C, T, alpha=float(th[q.alpha]), M=M)
    return Point(st) | {"psd": bool(st["eigenvalues"][-1] >= -1e-12 * st["eigenvalues"][0]),
                        q.lambda_max_c: float(backend.to_host(net.xp.linalg.eigvalsh(fim.centred(Fs, C, T)))[-1]),
                        q.P: P}


@functools.lru_cache(maxsize=4096)
def _linear_stats(cfg: str, M: int, seed: int) -> dict:
    """F* statistics of one draw of the exact deep-linear law (``simulate.deep_linear``) of a sweep configuration."""
    act, a, w2, b2, alphas, C, T = CONFIGS[cfg]
    widths = _widths(cfg, M)
    Fs = deep_linear.dual_gram(widths, C, T, float(sp.Rational(w2)), np.random.default_rng(seed))
    P = fim.param_count(widths, C)
    st = fim.fim_statistics(Fs, P, C, T, alpha=float(_theory(cfg)[q.alpha]), M=M)
    return Point(st) | {q.P: P}


#: configurations with C T <= 200 cost little per network, so they always sweep the spec's widths
SMALL_WIDTHS = (250, 500, 1000, 2000)
#: bias-free linear configurations are swept through their exact law, whose cost does not grow with the width:
#: widths where F6b's edge correction c_1/sqrt(M) (c_1 ~ 12) is 0.3 down to 0.02 (the quick profile: first four)
EXACT_LINEAR, LINEAR_WIDTHS = ("linear0",), (2000, 8000, 32000, 128000, 512000)


def _sweep(ctx, cfg: str) -> dict:
    """{M: [stats per seed]} with the spec §2.2 seeds ``1000 M + s`` (offset by ``10^7 ctx.seed``)."""
    C, T = CONFIGS[cfg][5], CONFIGS[cfg][6]
    widths = ctx.profile.widths if C * T > 200 or ctx.profile.name == "thorough" else SMALL_WIDTHS
    if cfg in EXACT_LINEAR:
        widths = LINEAR_WIDTHS[:4] if ctx.profile.name == "quick" else LINEAR_WIDTHS
    seeds = {M: [10**7 * ctx.seed + 1000 * M + s for s in range(ctx.profile.seeds)] for M in widths}
    if cfg in EXACT_LINEAR:
        return {M: [_linear_stats(cfg, M, s) for s in ss] for M, ss in seeds.items()}
    ctx.progress(f"      config {cfg}: widths {widths}, {ctx.profile.seeds} networks each")
    # several claims read these networks: on a cluster they are units of their own (computed once), largest first
    calls = [(cfg, M, s, ctx.backend.name) for M, ss in seeds.items() for s in ss]
    done = iter(shared_map(_network_unit, calls, [M * M for _, M, _, _ in calls]))
    return {M: [next(done) for _ in ss] for M, ss in seeds.items()}


def _network_unit(cfg: str, M: int, seed: int, backend_name: str) -> dict:
    """``_network_stats`` by backend name (a shared unit of ``_sweep``: it pickles)."""
    return _network_stats(cfg, M, seed, get_backend(backend_name))


#: Finite-width bias shapes of a seed mean, ``E r = 1 + sum_j b_j g_j(M)`` (derivations beside each):
#: - "none": unbiased at the resolution of the sweep (the goodness of fit polices it);
#: - "1/M": expectations of kernel entries and of smooth spectral sums (trace, Frobenius norm, the sum of the top
#:   C eigenvalues, hence the bulk mean) have 1/M expansions at finite width; the O(sqrt(M)) fluctuations enter
#:   them at second order only (the top-C sum is Ky Fan's maximum of a C-frame trace, stationary at the outlier
#:   frame);
#: - "1/sqrtM": an extreme eigenvalue of a degenerate block: lambda_max of I_C (x) (outlier) split by O(M^-1/2)
#:   cross entries is 1 + lambda_1(E)/sqrt(M) + O(1/M) with E the limiting Gaussian fluctuation, E lambda_1(E) > 0;
#: - "edge": the top of a fully degenerate spectrum (F6b, F9b: all CT, or C(T-1), eigenvalues at one level):
#:   r = 1 + c_1/sqrt(M) + c_2/M + O(M^-3/2) with c_1 ~ 10 at CT = 100, so both terms are fitted.
BIAS = {"none": (), "1/M": (lambda m: 1 / m,), "1/sqrtM": (lambda m: m**-0.5,),
        "edge": (lambda m: m**-0.5, lambda m: 1 / m)}


def _rate_exponent(claim) -> float:
    base, e = sp.Pow(claim.rate, 1).as_base_exp()
    if base != claim.large or not e.is_number:
        raise ValueError(f"{claim.id}: the width sweep tests a power rate of {claim.large}, not {claim.rate}")
    return float(e)


def asymptotic_sweep(claim, ctx, measured, lhs_of, *, bias="none", configs=None) -> list[Evidence]:
    """ASYMP check on the spec §2.2 sweep: per-seed ratio ``r = x/f`` of the measured quantity ``x = lhs_of(seed,
    M)`` (``measured``: the statement's Symbol) to the statement's reference scale ``f`` at the order parameters
    (``reference_value``: the rhs of ``Eq(x, f)``), 16 seeds per width, at least four widths.  The limit is judged
    by the whole statement on the intercept's interval times ``f`` at the widest width (``interval_relation``; for
    ``Eq(x, f)``: 1 inside the interval of ``a``); where ``f = 0`` the statement must hold at the limit ``x = 0``.

    Acceptance rule (levels and their multiplicity in ``verify.stats``):

    - *limit*, per configuration: the seed means of ``r`` (errors: their standard errors, 15 dof) are fitted by
      ``a + sum_j b_j g_j(M)`` with the derived bias shapes ``BIAS[bias]``; ``violated`` iff 1 lies outside the
      Satterthwaite-t interval of ``a``, ``inconclusive`` iff the model fails its goodness of fit (unless the
      general expansion ``a + b_1/sqrt(M) + b_2/M`` still puts 1 outside its interval: ``violated``);
    - *rate*, pooled over configurations: the RMS over seeds of ``r - 1`` (of ``|lhs|`` when rhs = 0, where
      the limit is the decay itself) fitted by ``c_cfg M^e`` (one exponent, a constant per configuration,
      errors from the pooled relative variance of the squared deviations); ``violated`` iff the stated exponent
      of ``claim.rate`` lies outside the interval of ``e`` and no subleading correction to the stated rate
      explains the gap (``stats.rate_verdict``; relative correction M^-1/2 for edge and sqrt(M)-bias claims, whose
      RMS is bias-dominated, 1/M otherwise).

    Error analysis: the seed means are exact averages of independent networks, so their standard errors are
    the only noise; the bias shapes are leading terms of derived expansions, and a misfit shows as chi^2, not
    as a shifted intercept read as a violation.  Power (tests/test_stats.py, tests/test_planted_stats.py): a
    constant off by 5 % and the rate M^-1/2 changed to M^-1/4 or M^-1 are caught in the standard profile.
    """
    stated = _rate_exponent(claim)
    statement = claim.closed_form()     # the quantities' definitions substituted: evaluated at the order parameters
    evidence, series, rms_fits = [], [], []
    for cfg in configs or _configs(ctx):
        th = _theory(cfg)
        rows, devs = [], []
        for M, seeds in _sweep(ctx, cfg).items():
            env = th | {q.M: M, q.P: seeds[0][q.P]}
            rhs = float(reference_value(statement, measured, env, 20))
            vals = np.array([lhs_of(s, M) for s in seeds])
            r = vals / rhs if rhs != 0 else np.abs(vals)
            m, se = stats.mean_se(r)
            rows.append(Point({WIDTH: M, "mean": m, "se": se, "rhs": rhs}))
            devs.append(r - 1 if rhs != 0 else r)
        ms = [x[WIDTH] for x in rows]
        rms, rms_se, rms_dof = stats.rms_points(devs)
        series.append((ms, rms, rms_se, rms_dof))
        own = stats.power_law([series[-1]])
        rms_fits.append({"label": f"config {cfg}", "x": ms, "y": rms, "se": rms_se, "fitted_exponent": own["e"],
                         "exponent_ci": list(own.ci("e"))})
        if rows[0]["rhs"] == 0:
            if not relation(statement, env | {measured: 0}, 20, "0")["ok"]:
                evidence.append(Evidence("statistical", "violated", f"config {cfg}: the statement fails at the "
                                         f"limit {measured} = 0 of the sweep", worst_case=named({CONFIG: cfg}),
                                         tolerance="exact at the limit 0"))
            continue
        ref = rows[-1]["rhs"]     # the intercept, in units of the widest width's scale
        status, why, fit = stats.limit_verdict(
            ms, [x["mean"] for x in rows], [x["se"] for x in rows], ctx.profile.seeds - 1, BIAS[bias],
            lambda lo, hi: interval_relation(statement, measured, lo * ref, hi * ref, env, 20))
        lo, hi = fit.ci("a")
        spectrum = {"spectrum": _spectrum(cfg, M, seeds[0])} if claim.id in SPECTRUM else {}   # largest width
        evidence.append(Evidence(
            "statistical", status,
            f"config {cfg}: extrapolated ratio {fit['a']:.4f} +- {fit.stderr('a'):.4f}, interval [{lo:.4f}, {hi:.4f}] "
            f"(bias model {bias}, chi2/dof {fit.chi2_dof:.2f}, p = {fit.p_value:.2g}): {why}",
            worst_case=named({CONFIG: cfg, "largest_width": rows[-1]}),
            tightness={"measure": "extrapolated sim/theory", "extreme": fit["a"], "at": named({CONFIG: cfg}),
                       "samples": rows, "relative_half_width": (hi - lo) / 2},
            tolerance=f"the statement holds on the {1 - fit.level:.4%} t interval of the intercept of a + bias({bias}); "
                      f"goodness of fit p >= {stats.GOF_LEVEL:g}",
            data={"rows": rows, "seeds": ctx.profile.seeds, "widths": ms,
                  "extrapolation": stats.fit_record(fit, ms, [x["mean"] for x in rows], [x["se"] for x in rows],
                                                    model="general" if "general expansion" in why else bias)}
            | spectrum))
    status, why, pooled = stats.rate_verdict(series, stated, 0.5 if bias in ("edge", "1/sqrtM") else 1.0)
    lo, hi = pooled.ci("e")
    cfgs = [s["label"] for s in rms_fits]
    start = np.cumsum([0] + [len(x) for x, *_ in series])
    fits = [stats.fit_record(pooled, x, y, se) | {"exponent": pooled["e"], "exponent_ci": [lo, hi],
                                                  "constant": math.exp(pooled[f"log_c{k}"]),
                                                  "constant_ci": [math.exp(v) for v in pooled.ci(f"log_c{k}")],
                                                  "residuals": [float(v) for v in pooled.residuals[start[k]:start[k + 1]]],
                                                  "label": cfgs[k]}
            for k, (x, y, se, _) in enumerate(series)]
    what = "RMS over seeds of sim/theory - 1" if evidence else "RMS over seeds of |lhs|"
    evidence.append(Evidence(
        "statistical", status,
        f"{what}: exponent {pooled['e']:+.3f} +- {pooled.stderr('e'):.3f}, interval [{lo:+.3f}, {hi:+.3f}] over "
        f"{len(series)} configuration(s) (chi2/dof {pooled.chi2_dof:.2f}, p = {pooled.p_value:.2g}); stated "
        f"{stated:+.2f}: {why}",
        worst_case={"exponent": pooled["e"], "interval": [lo, hi], "stated": stated},
        tightness={"measure": "fitted rate exponent", "extreme": pooled["e"], "fitted_exponent": pooled["e"],
                   "stated_exponent": stated},
        tolerance=f"stated exponent inside the {1 - pooled.level:.4%} t interval of the pooled power law (fit p >= "
                  f"{stats.GOF_LEVEL:g}), or the stated rate with a subleading correction fits (p >= {stats.TEST_LEVEL:g})",
        data={"fit": fits[0] if len(fits) == 1 else {**fits[0], "series": fits},
              "loglog": {"x_label": "width M", "y_label": what, "stated_exponent": stated, "series": rms_fits}}))
    return evidence


#: claims whose evidence carries one network's spectrum beside the F5b levels (the report's spectrum figure)
SPECTRUM = ("fisher.lambda_max_limit", "fisher.bulk_level")


def _spectrum(cfg: str, M: int, st: dict) -> dict:
    """The eigenvalues of one network's F* (6 digits) and the F5b predictions: C outliers at M times the outlier
    level ``q.OUTLIER``, the other CT - C at M times the bulk level ``q.BULK``."""
    th = _theory(cfg)
    return named({CONFIG: cfg, WIDTH: M, q.C: th[q.C], q.T: th[q.T],
                  "eigenvalues": [float(f"{x:.6g}") for x in st["eigenvalues"]],
                  "outlier_predicted": M * float(level(q.OUTLIER, cfg)),
                  "bulk_predicted": M * float(level(q.BULK, cfg))})


# ---------------------------------------------------------------- ASYMP claims on the §2.2 sweep
#: claim -> (measured symbol, its value per network, bias model); the acceptance rule and its error analysis are
#: asymptotic_sweep's
_ASYMP = {
    "fisher.ntk_diagonal": (d1, lambda s, M: s["diag_mean"], "none"),
    "fisher.ntk_offdiagonal": (d2, lambda s, M: s["offdiag_mean"], "none"),
    "fisher.ntk_cross_outputs": (cx, lambda s, M: s["cross_rms_sqrtM"] / math.sqrt(M), "none"),
    "fisher.mean_eigenvalue_limit": (q.m_lambda, lambda s, M: s["m"], "none"),
    "fisher.second_moment_limit": (q.s_lambda, lambda s, M: s["s"], "1/M"),
    "fisher.lambda_max_limit": (q.lambda_max, lambda s, M: s[q.lambda_max], "1/sqrtM"),
    "fisher.outlier_rayleigh": (q.lambda_out, lambda s, M: s["outlier_rq"], "none"),
    # bulk mean = (tr F* - top-C sum)/(C(T-1)): both sums are smooth spectral functionals with 1/M expansions
    # (BIAS "1/M"); lambda_max's O(M^-1/2) excess is a splitting inside the top-C block and cancels in its sum
    "fisher.bulk_level": (q.bulk_mean, lambda s, M: s["bulk_mean"], "1/M"),
    "fisher.eta_c_limit": (eta_c, lambda s, M: 2 / s[q.lambda_max], "1/sqrtM"),
}


def _rank(claim, ctx):
    """Every sweep network: PSD (no eigenvalue below -1e-12 lambda_max) and its rank, the number of eigenvalues
    of F* above 1e-9 lambda_max, satisfies the whole statement exactly (spec F5 verification: rank F = C T)."""
    bad, n = [], 0
    for cfg in _configs(ctx):
        C, T = CONFIGS[cfg][5], CONFIGS[cfg][6]
        for M, seeds in _sweep(ctx, cfg).items():
            for i, s in enumerate(seeds):
                n += 1
                r = relation(claim.statement, {rank_sym: s["nonzero"], q.C: C, q.T: T}, 15, "0")
                if not r["ok"] or not s["psd"]:
                    bad.append(named({CONFIG: cfg, WIDTH: M, SEED: i, "nonzero": s["nonzero"], q.C: C, q.T: T}))
    return [Evidence("statistical", "violated" if bad else "holds",
                     f"{n} networks: the nonzero count satisfies the statement in all" if not bad else
                     f"statement fails in {len(bad)}/{n} networks, first {bad[0]}",
                     worst_case=bad[0] if bad else None,
                     tolerance="eigenvalues above 1e-9 lambda_max count as nonzero", data={"networks": n})]


def _asymp_check(measured, lhs_of, bias, configs=None):
    """The sweep check of an ASYMP claim: ``asymptotic_sweep`` of the measured statistic ``lhs_of``."""
    def run(claim, ctx):
        return asymptotic_sweep(claim, ctx, measured, lhs_of, bias=bias,
                                configs=None if configs is None else configs[:1 if ctx.profile.name == "quick" else None])
    return run



def _lambda_max_bias(claim, ctx):
    """Fit E[lambda_max]/lambda_lim = a + b/sqrt(M) at C = 10 (config A, seed means, 15 dof each): the statement
    is evaluated at both ends of the t interval of b (``verify.stats`` level): holds if both satisfy it, violated
    if neither, inconclusive otherwise or when the model fails its goodness of fit."""
    rows = []
    for M, seeds in _sweep(ctx, "A").items():
        lim = M * float(level(q.OUTLIER, "A"))
        m, se = mean_se([s[q.lambda_max] / lim for s in seeds])
        rows.append(Point({WIDTH: M, "mean": m, "se": se, "sqrtM_bias": math.sqrt(M) * (m - 1)}))
    xs, ys, ses = [r[WIDTH] for r in rows], [r["mean"] for r in rows], [r["se"] for r in rows]
    fit = stats.extrapolate(xs, ys, ses, ctx.profile.seeds - 1, BIAS["1/sqrtM"])
    b, (lo, hi) = fit["b1"], fit.ci("b1")
    ends = [relation(claim.statement, {b_lam: v}, 20, "1e-12")["ok"] for v in (lo, hi)]
    status = "holds" if all(ends) else ("violated" if not any(ends) else "inconclusive")
    if fit.p_value < stats.GOF_LEVEL:
        status = "inconclusive"
    return [Evidence("statistical", status,
                     f"config A (C = 10): sqrt(M) bias coefficient b = {b:.2f} +- {fit.stderr('b1'):.2f}, interval "
                     f"[{lo:.2f}, {hi:.2f}] (spec: 1.6-3.0), intercept {fit['a']:.3f} +- {fit.stderr('a'):.3f}, "
                     f"chi2/dof {fit.chi2_dof:.2f} (p = {fit.p_value:.2g})",
                     worst_case={"b": b, "se_b": fit.stderr("b1"), "interval": [lo, hi]},
                     tolerance=f"both ends of the {1 - fit.level:.4%} t interval of b must satisfy the statement; "
                               f"goodness of fit p >= {stats.GOF_LEVEL:g}",
                     data={"rows": rows, "extrapolation": stats.fit_record(fit, xs, ys, ses, model="1/sqrtM")})]


def _bounds_env(net, X):
    Fs = fim.dual_gram(net, X)
    e = np.linalg.eigvalsh(Fs)
    hyp_assume(e[-1] > 0)   # the claim's hypothesis F != 0 (s/m is undefined for a dead network, e.g. tiny ReLU)
    P = fim.param_count(net.widths, net.C)
    return {q.s_lambda: float(np.sum(e * e)) / P, q.m_lambda: float(np.sum(e)) / P, q.lambda_max: float(e[-1]),
            q.P: P, q.C: net.C, q.T: X.shape[0]}


def _eigen_bounds(claim, ctx):
    """The four PSD bounds: a Hypothesis search over tiny networks steered toward the tightest case, and every
    sweep network (float64 round-off: relative 1e-10)."""
    worst, n, fails, lo, hi = None, 0, [], [], []
    for cfg in _configs(ctx):
        C, T = CONFIGS[cfg][5], CONFIGS[cfg][6]
        for M, seeds in _sweep(ctx, cfg).items():
            for i, s in enumerate(seeds):
                env = {q.s_lambda: s["s"], q.m_lambda: s["m"], q.lambda_max: s[q.lambda_max], q.P: s[q.P],
                       q.C: C, q.T: T}
                r = relation(claim.statement, env, 20, FLOAT_RTOL)
                n += 1
                lo.append(s["s"] / s["m"] / s[q.lambda_max])
                hi.append(math.sqrt(s[q.P] * s["s"]) / s[q.lambda_max])
                if worst is None or r["score"] > worst[1]["score"]:
                    worst = (named({CONFIG: cfg, WIDTH: M, SEED: i}), r)
                if not r["ok"]:
                    fails.append(named({CONFIG: cfg, WIDTH: M, SEED: i}))
    search = property_search(claim, ctx, lambda p, dps: _bounds_env(*_tiny(p, ctx.backend)), rtol=FLOAT_RTOL,
                             label="tiny networks: ")
    return [search, Evidence("statistical", "violated" if fails else "holds",
                     f"{n} networks; rho_lo = (s/m)/lambda_max in [{min(lo):.3f}, {max(lo):.3f}], "
                     f"rho_hi = sqrt(Ps)/lambda_max in [{min(hi):.3f}, {max(hi):.3f}]"
                     + (f"; violated at {point_text(fails[0])}" if fails else ""),
                     worst_case=(fails[0] if fails else worst[0]),
                     tightness={"measure": "rho_lo, rho_hi", "extreme": max(lo), "rho_hi_min": min(hi)},
                     tolerance=f"relative {FLOAT_RTOL} (float64 round-off)", data={"networks": n})]


def _second_moment_bias(claim, ctx):
    """Measured M(E s/s_inf - 1) (fit a + b/M, coefficient b) against the first-order prediction from the
    measured entry variances (F4c); compared within the t critical value (``verify.stats`` level) of the combined
    standard error: the statement must hold for some b in ``b -+ crit hypot(se_b, se_pred)``
    (``interval_relation``: its relation and both sides decide; for ``Eq(b, pred)`` this is ``|z| <= crit``)."""
    out = []
    for cfg in _configs(ctx):
        s_inf = float(level(q.S_INF, cfg))
        rows, preds = [], []
        for M, seeds in _sweep(ctx, cfg).items():
            m, se = mean_se([s["s"] / s_inf for s in seeds])
            rows.append(Point({WIDTH: M, "mean": m, "se": se}))
            vo = np.mean([s["offdiag_std_sqrtM"] ** 2 for s in seeds])
            vx = np.mean([s["cross_rms_sqrtM"] ** 2 for s in seeds])
            vd = np.mean([s["diag_std_sqrtM"] ** 2 for s in seeds])
            env = {V_O: vo, V_D: vd, V_X: vx, ALPHA_OUT: CONFIGS[cfg][4][-1]}
            preds.append(float(level(B_S_PRED, cfg, env=env)))
        xs, ys, ses = [r[WIDTH] for r in rows], [r["mean"] for r in rows], [r["se"] for r in rows]
        fit = stats.extrapolate(xs, ys, ses, ctx.profile.seeds - 1, BIAS["1/M"])
        b, se_b = fit["b1"], fit.stderr("b1")
        pred, se_pred = mean_se(preds)
        env = {bias_s: b, B_S_PRED: pred}
        r = relation(claim.statement, env, 20, "0")
        z = (b - float(r["rhs"])) / math.hypot(se_b, se_pred)
        crit = stats.critical(min(fit.nu[1], len(preds) * (ctx.profile.seeds - 1)))
        half = crit * math.hypot(se_b, se_pred)
        ok = interval_relation(claim.statement, bias_s, b - half, b + half, {B_S_PRED: pred}, 20)
        status = "holds" if ok else "violated"
        if fit.p_value < stats.GOF_LEVEL:
            status = "inconclusive"
        out.append(Evidence("statistical", status,
                            f"config {cfg}: measured bias coefficient {b:.1f} +- {se_b:.1f}, first-order prediction "
                            f"{float(r['rhs']):.1f} +- {se_pred:.1f} (z = {z:+.1f}); fit a + b/M chi2/dof "
                            f"{fit.chi2_dof:.2f} (p = {fit.p_value:.2g})",
                            worst_case=named({CONFIG: cfg, "measured": b, "predicted": float(r["rhs"])}),
                            tightness={"measure": "half-width of the interval of b / |prediction|",
                                       "relative_half_width": half / abs(pred) if pred else None},
                            tolerance=f"|z| <= {crit:.2f} (combined s.e., t at level {stats.TEST_LEVEL:g}); goodness of "
                                      f"fit p >= {stats.GOF_LEVEL:g}",
                            data={"rows": rows, "extrapolation": stats.fit_record(fit, xs, ys, ses, model="1/M")}))
    return out


# ---------------------------------------------------------------- per-draw identities on tiny networks
def _tiny(p: Point, backend):
    """A tiny network from a point of the TINY domain (widths all M, seed from the point)."""
    spec = NetSpec(p[ACT], float(p[SW]), float(p.get(SB, 0)), float(p[A_SLOPE]) if p[ACT] == "leaky_relu" else None)
    return sample(spec, (p[WIDTH],) * p[DEPTH], p[OUTPUTS], p[INPUTS], p[SEED], backend)


def _tiny_check(env_of, rtol=FLOAT_RTOL, why=""):
    """The float64 property search of a per-draw identity on tiny networks, values from ``env_of``."""
    def run(claim, ctx):
        ev = float64_tier(property_search(claim, ctx, lambda p, dps: env_of(*_tiny(p, ctx.backend), p), rtol=rtol))
        ev.tolerance += f"; {why}" if why else ""
        return [ev]
    return run


def _J(net, X):
    return fim.explicit_jacobian(net, X)


def _trace_env(net, X, p):
    J = _J(net, X)
    T = X.shape[0]
    return {q.trF: float(np.trace(J.T @ J)) / T, trFs: float(np.trace(fim.dual_gram(net, X)))}


def _frob_env(net, X, p):
    J = _J(net, X)
    F = J.T @ J / X.shape[0]
    Fs = fim.dual_gram(net, X)
    return {frF: float(np.sum(F * F)), frFs: float(np.sum(Fs * Fs))}


def _spectrum_env(net, X, p):
    """The worst-matching index of the sorted nonzero spectra of F (P x P) and F*."""
    J = _J(net, X)
    T = X.shape[0]
    eF = np.sort(np.linalg.eigvalsh(J.T @ J / T))[::-1]
    eS = np.sort(np.linalg.eigvalsh(fim.dual_gram(net, X)))[::-1]
    n = min(len(eS), len(eF))
    i = int(np.argmax(np.abs(eF[:n] - eS[:n])))
    scale = max(1.0, float(eF[0]))
    return {lamF: eF[i] / scale, lamFs: eS[i] / scale}


def _dual_gram_fd_env(net, X, p):
    J = fim.finite_difference_jacobian(net, X, 1e-5)
    Fs = fim.dual_gram(net, X)
    Fj = J @ J.T / X.shape[0]
    i = np.unravel_index(np.argmax(np.abs(Fs - Fj)), Fs.shape)
    scale = max(1.0, float(np.max(np.abs(Fs))))
    return {Fs_layer: Fs[i] / scale, Fs_jac: Fj[i] / scale}


def _layer_trace_env(net, X, p):
    fwd = forward(net, X)
    D = backward(net, fwd)
    C, T = net.C, X.shape[0]
    tot = 0.0
    for l in range(1, net.L + 1):
        d2 = np.sum(np.asarray(D[l - 1]) ** 2, axis=1).reshape(C, T)
        h2 = np.sum(np.asarray(fwd.H[l - 1]) ** 2, axis=1)
        tot += float(np.sum(d2 * h2[None, :])) / T
    J = _J(net, X)
    return {q.trF: float(np.trace(J.T @ J)) / T, tr_layers: tot}


def _mean_sub_env(net, X, p):
    C, T = net.C, X.shape[0]
    J = _J(net, X)
    Jr = J.reshape(C, T, -1)
    g = Jr.mean(axis=1)                                         # gbar_k, C x P
    Fs = fim.dual_gram(net, X)
    return {trFc: float(np.trace(fim.centred(Fs, C, T))), q.trF: float(np.trace(J.T @ J)) / T,
            gbar: float(np.sum(g * g))}


def _fisher_rao_env(net, X, p):
    E, f = fim.euler_products(net, X)
    th = np.concatenate([np.ravel(np.asarray(w)) for w in net.W])
    J = _J(net, X)
    return {fr: float(np.sum((J @ th) ** 2)) / X.shape[0], fsq: float(np.sum(np.asarray(f) ** 2)) / X.shape[0],
            q.L: net.L}


def _linearised_env(net, X, p):
    """One GD step of the network linearised at theta_0, in parameter space, against the dual update."""
    T = X.shape[0]
    J = _J(net, X)
    Fs = fim.dual_gram(net, X)
    rng = np.random.default_rng(p[SEED])
    r0 = rng.standard_normal(J.shape[0])
    eta = 0.5 / max(1e-12, float(np.linalg.eigvalsh(Fs).max()))
    r1 = r0 - eta * J @ (J.T @ r0) / T                     # f_lin(theta_1) - y with theta_1 = theta_0 - eta J^T r0 / T
    i = int(np.argmax(np.abs(r1 - (r0 - eta * Fs @ r0))))
    return {res_next: r1[i], res_pred: (r0 - eta * Fs @ r0)[i]}


FD_EPS = 1e-4


def _hessian_env(net, X, p):
    """F7c in float64: the Richardson value ``(4 D(eps/2) − D(eps))/3`` of the central-difference Hessians of
    ``dynamics.hessian_fd`` against ``F = JᵀJ/T``, at the entry of largest difference, scaled by ``max(1, max|F|)``."""
    H = (4 * dynamics.hessian_fd(net, X, None, FD_EPS / 2) - dynamics.hessian_fd(net, X, None, FD_EPS)) / 3
    J = _J(net, X)
    F = J.T @ J / X.shape[0]
    i = np.unravel_index(np.argmax(np.abs(H - F)), F.shape)
    scale = max(1.0, float(np.abs(F).max()))
    return {hessE: H[i] / scale, Fmat: F[i] / scale}


#: the point of the F7c report (issue 15): float64 central differences at eps = 1e-4 gave lhs 1.00000106 vs 1
F7C_REPORTED = Point({ACT: "erf", SW: sp.Rational(21, 8), SB: 0, DEPTH: 4, WIDTH: 3, OUTPUTS: 1, INPUTS: 3, SEED: 2})


def hessian_mp_evidence(claim, ctx, points: dict, dps_list) -> Evidence:
    """F7c at named points in mp (``verify.hp.hessian``): the Richardson Hessian of ``E`` at the mp zero-loss point
    against the mp ``F``, at the entry where they differ most relative to the error bound.  Accepted when the
    claim's statement holds within ``10^-(dps-10)`` plus the Hessian's error bound (relative to ``max(1, max|F|)``);
    every discretisation (step, targets, arithmetic) is re-derived at each precision."""
    from ..hp.hessian import MPNetwork
    rows, fails = [], []
    for name, p in points.items():
        net, X = _tiny(p, ctx.backend)
        for dps in dps_list:
            m = MPNetwork(net, X, dps)
            F, (H, bound) = m.fisher(), m.hessian()
            mc = m.ctx
            scale = max(mc.one, max(abs(v) for v in F.ravel()))
            gap = [abs(h - f) / (b + mc.mpf(10) ** -(dps - 10)) for h, f, b in zip(H.ravel(), F.ravel(), bound.ravel())]
            i = int(np.argmax(np.array([float(g) for g in gap])))
            tol = bound.ravel()[i] / scale + mc.mpf(10) ** -(dps - 10)
            r = relation(claim.statement, {hessE: H.ravel()[i] / scale, Fmat: F.ravel()[i] / scale}, dps, tol)
            diff = max(abs(h - f) for h, f in zip(H.ravel(), F.ravel())) / scale
            row = Point({"case": name, "parameters": p, "dps": dps, q.P: int(m.theta.size),
                         "lhs": mc.nstr(r["lhs"], 20), "rhs": mc.nstr(r["rhs"], 20), "max|H-F|/scale": mc.nstr(diff, 5),
                         "bound/scale": mc.nstr(max(bound.ravel()) / scale, 5)})
            rows.append(row)
            if not r["ok"]:
                fails.append(row)
    tol = ("|lhs - rhs| <= Richardson error bound (|D(h) - D(h/2)|, the third-derivative term, plus rounding; "
           "h = 10^-(dps/4)) + 10^-(dps-10), relative to max(1, max|F|)")
    if fails:
        f = fails[0]
        return Evidence("high_precision", "violated", f"mp Hessian at {point_text(f['case'])} (dps {f['dps']}, P = {f[q.P]}): "
                        f"lhs={f['lhs']} rhs={f['rhs']} beyond the error bound {f['bound/scale']}",
                        worst_case=f, tolerance=tol, data={"rows": rows})
    return Evidence("high_precision", "holds", f"mp Hessian (Richardson central differences of the mp gradient at the "
                    f"mp zero-loss point) equals F at {len(points)} point(s), dps {', '.join(map(str, dps_list))}: "
                    f"max|H-F| = {max((r['max|H-F|/scale'] for r in rows), key=float)} "
                    f"(bound {max((r['bound/scale'] for r in rows), key=float)})",
                    worst_case=rows[-1], tolerance=tol, data={"rows": rows})


def _hessian_zero_loss(claim, ctx):
    """A float64 search (Richardson central differences); its counterexample, if any, is re-derived in mp at
    ``ctx.dps2``: a discrepancy the mp Hessian does not reproduce is a numerical artefact of the float64 differences
    (inconclusive, with both values), never a violation.  The reported point and the search's tightest point are
    always evaluated in mp as well."""
    ev = float64_tier(property_search(claim, ctx, lambda p, dps: _hessian_env(*_tiny(p, ctx.backend), p), rtol="1e-6"))
    ev.tolerance = ("relative 1e-6; Richardson value of central differences at eps = 1e-4 and 5e-5: truncation "
                    "O(eps^4 d^5 grad E) ~ 1e-17 |d^5 grad E|, round-off ~ 3e-16 max|grad E|/eps ~ 1e-11, relative to "
                    "max|F| >= 1; a violation is confirmed only by the mp Hessian")
    if ev.status == "violated":
        at = ev.data["minimal_counterexample"]
        mp_ev = hessian_mp_evidence(claim, ctx, {"float64 counterexample": at}, (ctx.dps2,))
        if mp_ev.status == "holds":
            ev.status = "inconclusive"
            ev.summary = (f"float64 finite-difference discrepancy at {', '.join(f'{k}={v}' for k, v in at.items())} "
                          f"(lhs {ev.worst_case['lhs']} vs rhs {ev.worst_case['rhs']}) vanishes when the Hessian is "
                          f"re-derived in mp at dps {ctx.dps2} (max|H-F| = {mp_ev.data['rows'][0]['max|H-F|/scale']}): "
                          "a numerical artefact of the float64 differences")
            ev.worst_case |= {"confirmed": False, "mp": mp_ev.data["rows"][0]}
        return [ev, mp_ev]
    tight = ev.tightness["at"]
    return [ev, hessian_mp_evidence(claim, ctx, {"issue 15 report": F7C_REPORTED}, (ctx.dps, ctx.dps2)),
            hessian_mp_evidence(claim, ctx, {"float64 tightest": tight}, (ctx.dps,))]


#: claim id -> check, for the claims of this module (``verify.checks.CHECKS`` joins the modules)
CHECKS = {
    "fisher.rank": _rank,
    "fisher.lambda_max_bias": _lambda_max_bias,
    "fisher.eigenvalue_bounds": _eigen_bounds,
    "fisher.second_moment_bias": _second_moment_bias,
    "fisher.hessian_zero_loss": _hessian_zero_loss,
    **{cid: _asymp_check(measured, lhs_of, bias) for cid, (measured, lhs_of, bias) in _ASYMP.items()},
    "fisher.mean_subtraction_limit": _asymp_check(q.lambda_max_c, lambda s, M: s[q.lambda_max_c], "edge", ("A20", "B20")),
    "fisher.trace_duality": _tiny_check(_trace_env),
    "fisher.frobenius_duality": _tiny_check(_frob_env),
    "fisher.spectrum_duality": _tiny_check(_spectrum_env),
    "fisher.mean_subtraction_identity": _tiny_check(_mean_sub_env),
    "fisher.layer_trace": _tiny_check(_layer_trace_env),
    "fisher.fisher_rao_identity": _tiny_check(_fisher_rao_env),
    "fisher.gd_linearised": _tiny_check(_linearised_env),
    "fisher.dual_gram_identity": _tiny_check(
        _dual_gram_fd_env, rtol="1e-8",
        why="central differences at eps = 1e-5: truncation O(eps^2) ~ 1e-10, round-off ~ 1e-16/eps ~ 1e-11, "
            "relative to max|F*| >= 1"),
}
