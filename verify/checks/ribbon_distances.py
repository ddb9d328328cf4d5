"""High-precision checks of the distance claims S3–S7 (spec/sloppiness.md §2.B).

Every check evaluates the claim's own statement against reference values computed from the *definition*
``d_B = -log ∫ sqrt(p q)`` (``verify.ribbon.bhattacharyya_mp``), never from the closed forms.

Error analysis (tolerances).  The reference ``d_B`` is correct to ``dps`` significant digits (precision
escalation covers the ``1 - BC`` cancellation); ``relation`` compares at ``dps`` with relative tolerance
``10^-(dps-10)`` on the scale ``max(1, |lhs|, |rhs|)``.  That scale makes a comparison *absolute* when the
values are small, so three normalisations keep every comparison relative (each maps the claim's statement,
so a planted wrong statement stays wrong):

* bounds are divided by a positive power of the perturbation (``δ²``, ``δ⁴``, ``L_δ²``, ``L_δ⁴``): the
  compared quantity is then ``O(1)``, and ``hypothesis.target`` steers to the largest ratio lhs/rhs (the
  tight corner ``m = 0, δ → 0``, resp. two equiprobable classes);
* Taylor coefficients ``c_k`` are divided by ``v`` (Bernoulli) or ``L_δ^k`` (softmax);
* the exact closed forms (S5, S7 Jensen) are also compared as ``lhs/rhs = 1`` on the adversarial sub-domains
  (tiny, near-equal and huge logits), evaluated with ``2 max|z| / ln 10 + 10`` extra digits — the log-cosh / LSE
  closed forms lose that many to cancellation (``d_B ~ e^{-|z|}`` while their terms are ``O(|z|)``) — and the
  tolerance ``10^-(dps-10)`` of the base precision.
Rounding the ``dps``-digit reference before the division costs ``10^-dps`` relative: far inside the tolerance.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import sympy as sp

from sloppy_verifier.theory.claim import Interval, Param
from sloppy_verifier.theory.ribbon.distances import (BCJ_Q, CLASSES, D_B_BERNOULLI, D_B_GAUSS, D_B_SOFTMAX, D_INT,
                                                    DELTA, DELTA2, KAPPA_4, L_DELTA, LOG10_S, LOGIT, LOGIT_B, LSES, MID,
                                                    MU1, MU2, OUTPUT, Q_M, S6_COEFFICIENTS, S7_COEFFICIENTS, SAMPLES,
                                                    SCALE, SDB_Q, SEED, SIGMA, V_MID, ZF2_Q, Ldelta, delta)

from ..check import GUARD_DIGITS, point_evidence, property_search
from ..evidence import Evidence
from ..golden import matches
from ..mpeval import context, to_mpf
from ..point import named
from ..ribbon.bhattacharyya_mp import (bernoulli_db, categorical_db, gaussian_db, joint_bc, line_coefficients, lse,
                                       precision_for_logits)

R_ = sp.Rational


# ---------------------------------------------------------------- statement normalisations
def _parts(statement):
    return statement.args if isinstance(statement, sp.And) else (statement,)


def _scaled(statement, scale):
    """Each relation divided by the positive ``scale`` (an expression, or a function of the part)."""
    f = scale if callable(scale) else (lambda _: scale)
    out = [type(r)(r.lhs / f(r), r.rhs / f(r)) for r in _parts(statement)]
    return sp.And(*out) if len(out) > 1 else out[0]


def _relative(statement):
    """Each relation divided by ``|rhs|`` (nonzero on the domain): the same relations, compared relatively."""
    return _scaled(statement, lambda r: sp.Abs(r.rhs))


def _base_rtol(ctx) -> str:
    return f"1e-{ctx.dps - GUARD_DIGITS}"


def _raised(ctx, zmax: float):
    return replace(ctx, dps=ctx.dps + precision_for_logits(zmax))


def _until_violated(searches) -> list:
    """Run the searches (thunks) in order, stopping at the first violation: its counterexample is the finding."""
    out = []
    for run in searches:
        out.append(run())
        if out[-1].status == "violated":
            break
    return out


def _few(n: int) -> int:
    """Examples for an adversarial sub-domain: a third of the main search's (at least 3)."""
    return max(3, n // 3)


def _sub(claim, domains: dict):
    """The claim restricted to a sub-domain (same statement, narrower parameter intervals; ``{Param: domain}``)."""
    domains = named(domains)
    return claim.variant(parameters=tuple(replace(p, domain=domains.get(p.name, p.domain)) for p in claim.parameters))


# ---------------------------------------------------------------- S3
def _gaussian_env(p, dps):
    gap = sum((R_(x) - R_(y)) ** 2 for x, y in zip(p[MU1], p[MU2]))
    return {D_B_GAUSS: gaussian_db(p[MU1], p[MU2], p[SIGMA], dps), DELTA2: gap, SIGMA: p[SIGMA]}


GAUSS_CASES = {
    "tiny sigma, far means (d_B ~ 1e6)": {SIGMA: R_(1, 100), CLASSES: 3, MU1: (10, -10, 3), MU2: (-10, 10, 0)},
    "huge sigma, close means (d_B ~ 1e-13)": {SIGMA: 100, CLASSES: 1, MU1: (1,), MU2: (R_(10001, 10000),)},
    "C = 5": {SIGMA: R_(7, 10), CLASSES: 5, MU1: (1, 2, 3, 4, 5), MU2: (0, 0, 0, 0, 0)},
}


def _gaussian(claim, ctx):
    return _until_violated([
        lambda: point_evidence(claim, ctx, GAUSS_CASES, _gaussian_env, label="reference cases: "),
        lambda: property_search(claim, ctx, _gaussian_env, examples=ctx.profile.quadrature_examples,
                                label="quadrature vs closed form: ")])


def _logits(p, shape):
    return float(p[SCALE]) * np.random.default_rng(p[SEED]).standard_normal((2,) + shape)


def _gaussian_intensive_env(p, dps):
    zi, zj = _logits(p, (p[SAMPLES], p[CLASSES]))
    total = sum(gaussian_db(list(x), list(y), p[SIGMA], dps) for x, y in zip(zi, zj))
    c = context(dps + 10)
    frob = c.fsum((to_mpf(c, x) - to_mpf(c, y)) ** 2 for x, y in zip(zi.ravel(), zj.ravel()))
    return {D_INT: total / p[SAMPLES], ZF2_Q: frob, SIGMA: p[SIGMA], SAMPLES: p[SAMPLES]}


def _gaussian_intensive(claim, ctx):
    return [property_search(claim, ctx, _gaussian_intensive_env, examples=ctx.profile.quadrature_examples,
                            label="per-sample quadrature: ")]


# ---------------------------------------------------------------- S4
def _product_env(p, dps):
    kind = p[OUTPUT]
    zi, zj = _logits(p, (p[SAMPLES],) if kind == "bernoulli" else (p[SAMPLES], p[CLASSES]))
    db = bernoulli_db if kind == "bernoulli" else categorical_db
    zi, zj = zi.tolist(), zj.tolist()
    return {BCJ_Q: joint_bc(zi, zj, kind, dps), SDB_Q: sum(db(x, y, dps) for x, y in zip(zi, zj)),
            SAMPLES: p[SAMPLES]}


def _intensive_product(claim, ctx):
    return [property_search(claim, ctx, _product_env, label="joint enumeration: ")]


# ---------------------------------------------------------------- S5
def _logcosh_env(p, dps):
    a, b = R_(p[LOGIT]), R_(p[LOGIT_B]) if LOGIT_B in p else R_(p[LOGIT]) + R_(p[NEAR_GAP])
    return {LOGIT: a, LOGIT_B: b, D_B_BERNOULLI: bernoulli_db(a, b, dps)}


#: S5's sub-domain of near-equal large logits, ``b = a + e``
NEAR_GAP = Param("e", Interval(-1, 1), "b = a + e")
#: spec S5 "stable evaluation": d_B at a = -374.6, b = -94.2, as printed (spec erratum: it printed ~6.3e-42 before)
S5_EXAMPLE = {LOGIT: R_(-3746, 10), LOGIT_B: R_(-942, 10), D_B_BERNOULLI: "6.14369728855e-42"}


def _s5_printed(ctx, printed: str = S5_EXAMPLE[D_B_BERNOULLI]) -> Evidence:
    """The spec's printed ``d_B`` of the S5 example, against the definition (``bernoulli_db``, not the closed form)
    at ``ctx.dps`` and ``ctx.dps2``: to half a unit of its last printed digit (``verify.golden.matches``)."""
    a, b = S5_EXAMPLE[LOGIT], S5_EXAMPLE[LOGIT_B]
    vals = {dps: bernoulli_db(a, b, dps) for dps in (ctx.dps, ctx.dps2)}
    bad = [dps for dps, v in vals.items() if not matches(v, printed, dps)[0]]
    v = context(15).nstr(vals[ctx.dps], 15)
    return Evidence("high_precision", "violated" if bad else "holds",
                    f"spec S5 example a = -374.6, b = -94.2: d_B = {v} from the definition; printed {printed}"
                    + (f" does not match at dps {bad[0]}" if bad else " reproduced"),
                    worst_case=named({LOGIT: str(a), LOGIT_B: str(b), D_B_BERNOULLI: v}) | {"published": printed},
                    tolerance="half a unit of the last printed digit")


def _logcosh(claim, ctx):
    rel, rtol = _relative(claim.statement), _base_rtol(ctx)
    differ = lambda p: p[LOGIT] != p.get(LOGIT_B, p[LOGIT] + p.get(NEAR_GAP, 0))
    near = claim.variant(parameters=(replace(LOGIT, domain=Interval(20, 300), description="large logit"), NEAR_GAP))
    spec_case = {"spec S5 example": {k: S5_EXAMPLE[k] for k in (LOGIT, LOGIT_B)}}
    few = _few(ctx.profile.examples)
    return _until_violated([
        lambda: property_search(claim, ctx, _logcosh_env, label="full domain: "),
        lambda: property_search(_sub(claim, {LOGIT: Interval(-10, 10), LOGIT_B: Interval(-10, 10)}), _raised(ctx, 10), _logcosh_env,
                                statement=rel, rtol=rtol, assume=differ, examples=few,
                                label="|a|,|b| <= 10, relative: "),
        lambda: property_search(_sub(claim, {LOGIT: Interval(R_(-1, 1000), R_(1, 1000)),
                                     LOGIT_B: Interval(R_(-1, 1000), R_(1, 1000))}),
                                _raised(ctx, 1), _logcosh_env, statement=rel, rtol=rtol, assume=differ,
                                examples=few, label="tiny logits, relative: "),
        lambda: property_search(near, _raised(ctx, 301), _logcosh_env, statement=rel, rtol=rtol, assume=differ,
                                examples=few, label="near-equal large logits, relative: "),
        lambda: point_evidence(claim, _raised(ctx, 375), spec_case, _logcosh_env, statement=rel, rtol=rtol,
                               label="spec example (d_B ~ 6e-42), relative: "),
        lambda: _s5_printed(ctx),
    ])


# ---------------------------------------------------------------- S6
def _sigmoid_v(m, dps):
    c = context(dps + 10)
    p = 1 / (1 + c.exp(-to_mpf(c, m)))
    return p * (1 / (1 + c.exp(to_mpf(c, m))))      # p(m) p(-m), never p (1 - p)


def _series_env(p, dps):
    cs = line_coefficients(bernoulli_db, p[MID], 1, 6, dps)
    return {q: cs[k] for k, q in enumerate(S6_COEFFICIENTS, 1)} | {V_MID: _sigmoid_v(p[MID], dps)}


def _series(claim, ctx):
    st = _scaled(claim.statement, V_MID.symbol)
    return _until_violated([
        lambda: property_search(claim, ctx, _series_env, statement=st, label="Taylor coefficients / v: "),
        lambda: property_search(_sub(claim, {MID: Interval(-3, 3)}), ctx, _series_env, statement=st,
                                examples=_few(ctx.profile.examples), label="|m| <= 3: ")])


def _bernoulli_env(p, dps):
    m, d = R_(p[MID]), R_(p[DELTA])
    return {D_B_BERNOULLI: bernoulli_db(m + d / 2, m - d / 2, dps), DELTA: d, V_MID: _sigmoid_v(m, dps)}


def _bernoulli_bound(claim, ctx, power):
    nonzero = lambda p: p[DELTA] != 0
    tight = _sub(claim, {MID: Interval(R_(-1, 10), R_(1, 10)), DELTA: Interval(R_(-1, 10), R_(1, 10))})
    huge = _sub(claim, {MID: Interval(20, 50)})
    searches = []
    for part in _parts(_scaled(claim.statement, delta ** power)):   # each inequality steered to its own extreme
        kw = dict(statement=part, assume=nonzero)
        searches += [
            lambda kw=kw, part=part: property_search(claim, ctx, _bernoulli_env,
                                                     label=f"{part} (over delta^{power}): ", **kw),
            lambda kw=kw: property_search(tight, ctx, _bernoulli_env, label="near m = 0, delta = 0: ", **kw),
            lambda kw=kw: property_search(huge, ctx, _bernoulli_env, examples=_few(ctx.profile.examples),
                                          label="huge logits: ", **kw)]
    return _until_violated(searches)


def _bernoulli_quadratic(claim, ctx):
    return _bernoulli_bound(claim, ctx, 2)


def _bernoulli_remainder(claim, ctx):
    return _bernoulli_bound(claim, ctx, 4)


# ---------------------------------------------------------------- S7
def _softmax_pair(p):
    rng = np.random.default_rng(p[SEED])
    a = float(p[SCALE]) * rng.standard_normal(p[CLASSES])
    return a.tolist(), (a + 10.0 ** float(p[LOG10_S]) * rng.standard_normal(p[CLASSES])).tolist()


def _midpoint_stats(a, b, dps):
    """``Q_m = δ^T(diag p_m − p_m p_m^T)δ``, ``κ_4`` of ``h = δ/2`` under ``p_m = softmax((a+b)/2)``, ``L_δ`` (by
    quantity); also the midpoint and ``δ`` themselves (``"midpoint"``, ``"difference"``)."""
    c = context(dps + 10)
    a, b = [to_mpf(c, x) for x in a], [to_mpf(c, x) for x in b]
    mid, d = [(x + y) / 2 for x, y in zip(a, b)], [x - y for x, y in zip(a, b)]
    top = max(mid)
    w = [c.exp(x - top) for x in mid]
    pm = [x / c.fsum(w) for x in w]
    h = [x / 2 for x in d]
    mean = c.fsum(p * x for p, x in zip(pm, h))
    mom = lambda k: c.fsum(p * (x - mean) ** k for p, x in zip(pm, h))
    return {Q_M: 4 * mom(2), KAPPA_4: mom(4) - 3 * mom(2) ** 2, L_DELTA: max(d) - min(d),
            "midpoint": mid, "difference": d}


def _jensen_env(p, dps):
    a, b = _softmax_pair(p)
    st = _midpoint_stats(a, b, dps)
    return {D_B_SOFTMAX: categorical_db(a, b, dps)} | {q: lse(z, dps) for q, z in zip(LSES, (a, b, st["midpoint"]))}


def _softmax_env(p, dps):
    a, b = _softmax_pair(p)
    st = _midpoint_stats(a, b, dps)
    return {D_B_SOFTMAX: categorical_db(a, b, dps), Q_M: st[Q_M], L_DELTA: st[L_DELTA]}


def _cumulant_env(p, dps):
    a, b = _softmax_pair(p)
    st = _midpoint_stats(a, b, dps)
    cs = line_coefficients(categorical_db, st["midpoint"], st["difference"], 4, dps)
    return {q: cs[k] for k, q in enumerate(S7_COEFFICIENTS, 1)} | {x: st[x] for x in (Q_M, KAPPA_4, L_DELTA)}


def _softmax_searches(claim, ctx, env, statement, relative=None, examples=None) -> list:
    """The spec's domain (a ~ N(0, 9 I)) and the adversarial sub-domains: near-equal logits, many classes,
    two near-equiprobable classes, huge logits (thunks for ``_until_violated``).  ``relative``: the statement
    used with raised precision on the huge-logit sub-domain (the closed form cancels there)."""
    n = examples or ctx.profile.examples
    kw, sub = dict(statement=statement, examples=n), dict(statement=statement, examples=_few(n))
    huge = _sub(claim, {SCALE: Interval(10, 100)})
    return [
        lambda: property_search(claim, ctx, env, fixed={SCALE: 3}, label="spec domain: ", **kw),
        lambda: property_search(_sub(claim, {LOG10_S: Interval(-4, -2)}), ctx, env, fixed={SCALE: 3},
                                label="near-equal logits: ", **sub),
        lambda: property_search(claim, ctx, env, fixed={SCALE: 3, CLASSES: 8}, label="C = 8: ", **sub),
        lambda: property_search(_sub(claim, {SCALE: Interval(0, R_(1, 100))}), ctx, env, fixed={CLASSES: 2},
                                label="two near-equiprobable classes: ", **kw),
        (lambda: property_search(huge, ctx, env, label="huge logits: ", **sub)) if relative is None else
        (lambda: property_search(huge, _raised(ctx, 700), env, statement=relative, rtol=_base_rtol(ctx),
                                 examples=_few(n), label="huge logits, relative: ")),
    ]


def _softmax_jensen(claim, ctx):
    return _until_violated(_softmax_searches(claim, ctx, _jensen_env, claim.statement,
                                             relative=_relative(claim.statement)))


def _softmax_cumulants(claim, ctx):
    order = lambda r: Ldelta ** int(str(r.lhs).split("_")[1])
    return _until_violated(_softmax_searches(claim, ctx, _cumulant_env, _scaled(claim.statement, order),
                                             examples=ctx.profile.quadrature_examples))


def _softmax_bound(claim, ctx, power):
    return _until_violated([run for part in _parts(_scaled(claim.statement, Ldelta ** power))  # each to its extreme
                            for run in _softmax_searches(claim, ctx, _softmax_env, part)])


def _softmax_quadratic(claim, ctx):
    return _softmax_bound(claim, ctx, 2)


def _softmax_remainder(claim, ctx):
    return _softmax_bound(claim, ctx, 4)


#: claim id -> check, for the claims of this module (``verify.checks.CHECKS`` joins the modules)
CHECKS = {
    "ribbon.gaussian_bhattacharyya": _gaussian,
    "ribbon.gaussian_intensive": _gaussian_intensive,
    "ribbon.intensive_product": _intensive_product,
    "ribbon.bernoulli_logcosh": _logcosh,
    "ribbon.bernoulli_midpoint_series": _series,
    "ribbon.bernoulli_quadratic_bound": _bernoulli_quadratic,
    "ribbon.bernoulli_remainder_bound": _bernoulli_remainder,
    "ribbon.softmax_jensen": _softmax_jensen,
    "ribbon.softmax_cumulant_series": _softmax_cumulants,
    "ribbon.softmax_quadratic_bound": _softmax_quadratic,
    "ribbon.softmax_remainder_bound": _softmax_remainder,
}
