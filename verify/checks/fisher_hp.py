"""High-precision checks of the Fisher claims that live on the order-parameter recursion and the
Gaussian kernels (F1a, F1c, F2, F6a, F6c, F10b–d): golden values, property searches, closed forms
against independent quadrature routes."""
from __future__ import annotations

import sympy as sp

from sloppy_verifier.theory.fisher import quantities as q
from sloppy_verifier.theory.fisher.kernels import chi_homogeneous
from sloppy_verifier.theory.fisher.claims import (ACT, A_SLOPE, ALPHAS, CORR, DEPTH, ORDER_INDEX, Q02, S11, S12, S22,
                                                  SB, SW, K2_UNIT, Kdp, Kh, Kh7, Kp, Vdp, Vp, alph, alpha_L, chi1_crit,
                                                  chi_L, i_, kap, kernel_lemma, qhat, qhat_L, qtilde, ratio_S, S_L,
                                                  S_next)

from ..check import point_evidence, property_search, relation, strict_at_limit
from ..evidence import Evidence
from ..golden import load, matches
from ..hp.criticality import chi1
from ..hp.fisher import order_parameters
from ..hp.gauss import kernels, reference_K
from ..mpeval import context, mp_value, to_mpf
from ..point import Point


def _op(p: Point, dps: int, alphas=None):
    """Order parameters for a parameter point drawn from a claim's domain."""
    return order_parameters(p[ACT], p[SW], p.get(SB, 0), p[ALPHAS] if alphas is None else alphas,
                            a=p.get(A_SLOPE) if p[ACT] == "leaky_relu" else None, qhat0=(1, p.get(Q02, 0)), dps=dps)


def _with_tanh(claim, ctx, evaluate, *, fixed=None, assume=None, **kw) -> list[Evidence]:
    """Property search over the closed-form activations, then a (costlier) tanh sub-search whose depth is
    capped by the profile (the evidence says so)."""
    acts = claim.param(ACT.name).domain.options
    closed = [a for a in acts if a != "tanh"]
    out = []
    if closed:
        out.append(property_search(claim, ctx, evaluate, fixed=fixed,
                                   assume=lambda p: p[ACT] != "tanh" and (assume is None or assume(p)),
                                   label="closed forms: ", **kw))
    if "tanh" in acts:
        cap = ctx.profile.tanh_max_L
        ev = property_search(claim, ctx, evaluate, fixed=(fixed or {}) | {ACT: "tanh"},
                             assume=lambda p: p.get(DEPTH, 2) <= cap and (assume is None or assume(p)),
                             examples=ctx.profile.tanh_examples, label=f"tanh (L <= {cap}): ", **kw)
        ev.data["tanh_depth_cap"] = cap
        out.append(ev)
    return out


# ---------------------------------------------------------------- F1a: reference cases R1–R10
def _kappa_from_statement(statement, op, alphas, i: int, dps: int) -> dict:
    """The whole relation ``kappa_i = sum_l alpha_{l-1} qtilde_{i,l} qhat_{i,l-1} / alpha`` at the recursion's layer
    quantities, its left side being the recursion's own kappa_i: ``verify.check.relation``'s record (lhs, rhs, ok)."""
    L = len(alphas)
    rel = statement.subs({i_: i, q.L: L}).doit()
    lists = {qhat.label: (op.qhat1, op.qhat2), qtilde.label: (op.qtilde1, op.qtilde2)}
    env, repl = {q.alpha: op.alpha}, {}
    for n, idx in enumerate(sorted(rel.atoms(sp.Indexed), key=sp.default_sort_key)):
        sym = sp.Symbol(f"_x{n}")
        repl[idx] = sym
        if idx.base == alph:
            env[sym.name] = to_mpf(context(dps), alphas[int(idx.indices[0])])
        elif idx.base == kap:
            env[sym.name] = getattr(op, f"kappa{int(idx.indices[0])}")
        else:
            which, layer = int(idx.indices[0]), int(idx.indices[1])
            seq = lists[idx.base.label][which - 1]
            env[sym.name] = seq[layer - 1] if idx.base == qtilde else seq[layer]
    return relation(rel.xreplace(repl), env, dps)


def _order_parameters(claim, ctx):
    cases = load("fisher_reference.json")["cases"]
    worst, failures, n = None, [], 0
    for name, c in cases.items():
        c = Point(c)
        for dps in (ctx.dps, ctx.dps2):
            op = order_parameters(c[ACT], c[SW], c[SB], c[ALPHAS], a=c[A_SLOPE], dps=dps)
            rels = {i: _kappa_from_statement(claim.statement, op, c[ALPHAS], i, dps) for i in (1, 2)}
            for i, r in rels.items():   # the definition itself, both sides: recursion kappa_i against the sum
                if not r["ok"]:
                    failures.append({"case": name, "quantity": f"kappa{i} = sum (the statement)", "dps": dps,
                                     "value": context(dps).nstr(r["lhs"], 35), "published": context(dps).nstr(r["rhs"], 35),
                                     "rule": "relative 10^-(dps-10)"})
            checks = [(f"kappa{i}", r["rhs"], c[f"kappa{i}_printed"]) for i, r in rels.items()]
            checks.append(("alpha", op.alpha, c[q.alpha] + " (exact)"))
            if dps == ctx.dps:  # intermediate order parameters, published to 10-12 digits
                for key in ("qhat1", "qhat2", "qtilde1", "qtilde2"):
                    checks += [(f"{key}[{j}]", v, g) for j, (v, g) in enumerate(zip(getattr(op, key), c[key]))]
            for what, value, printed in checks:
                ok, rule, err = matches(value, printed, dps)
                n += 1
                rel = float(err) / max(abs(float(value)), 1e-300)
                if worst is None or rel > worst["relative_error"]:
                    worst = {"case": name, "quantity": what, "dps": dps, "value": context(dps).nstr(value, 35),
                             "published": printed, "rule": rule, "relative_error": rel}
                if not ok:
                    failures.append({"case": name, "quantity": what, "dps": dps,
                                     "value": context(dps).nstr(value, 35), "published": printed, "rule": rule})
    if failures:
        f = failures[0]
        return [Evidence("high_precision", "violated",
                         f"{f['case']} {f['quantity']} at dps {f['dps']}: {f['value']} vs published {f['published']}",
                         worst_case=f, tolerance="half a unit in the last published digit; exact values at dps-10",
                         data={"failures": failures[:20], "compared": n})]
    return [Evidence("high_precision", "holds",
                     f"R1-R10: {n} published values reproduced at dps {ctx.dps} and {ctx.dps2}",
                     worst_case=worst, tolerance="half a unit in the last published digit; exact values at dps-10",
                     data={"compared": n})]


# ---------------------------------------------------------------- F1c, F6a, F6c
def _kappas(p, dps):
    op = _op(p, dps)
    return {q.kappa1: op.kappa1, q.kappa2: op.kappa2}


def kernel_lemma_evidence(claim, ctx) -> Evidence:
    """F1c's certified tier: the layer lemma (``theory.fisher.claims.kernel_lemma``) certified by ball arithmetic
    for each closed-form activation of the claim, at the profile's box budget (``user_claims.certified_tier``).
    A record of coverage, never a proof of F1c: tanh has no closed form, and the induction from the lemma to
    kappa_1, kappa_2 is the derivation's step.  The per-activation certificates are under ``data["lemma"]``."""
    acts = tuple(a for a in claim.param(ACT.name).domain.options if a != "tanh")
    rows = {act: _lemma_certificate(act, ctx) for act in acts}
    said = {"proved": "proved", "violated": "VIOLATED (certified counterexample)"}
    parts = "; ".join(f"{a}: {said.get(r['status'], r['summary'])}" for a, r in rows.items())
    bad = [a for a, r in rows.items() if r["status"] == "violated"]
    return Evidence("certified", "inconclusive",
                    f"layer lemma 0 <= K_g(s, s, cs) <= V_g(s), g = phi, phi', 0 <= c <= 1 (implies F1c by induction): "
                    f"{parts}; tanh: no closed form, not certified", worst_case=rows[bad[0]]["worst_case"] if bad else None,
                    tolerance="none: Arb ball arithmetic on the closed-form kernels (F2); coverage only: the claim's "
                              "verdict rests on its check", data={"lemma": rows, "violated": bad})


#: the lemma does not depend on the statement checked (mutants of F1c share it): one certificate per profile
_LEMMA: dict = {}


def _lemma_certificate(act: str, ctx) -> dict:
    from ..user_claims import certified_tier
    key = (act, ctx.profile.name)
    if key not in _LEMMA:
        (ev,) = certified_tier(kernel_lemma(act), ctx)
        _LEMMA[key] = {"status": ev.status, "summary": ev.summary.split(": ", 1)[-1], "worst_case": ev.worst_case,
                       "certificate": ev.data}
    return _LEMMA[key]


def _kappa_order(claim, ctx):
    return _with_tanh(claim, ctx, _kappas) + [kernel_lemma_evidence(claim, ctx)]


def _centred_kappa2(claim, ctx):
    return _with_tanh(claim, ctx, lambda p, dps: _kappas(p | {SB: 0, Q02: 0}, dps))


def _not_centred(p) -> bool:
    """The F6c hypotheses: a bias, an input overlap, or an activation with nonzero Gaussian mean."""
    return (p[SB] > 0 or p[Q02] > 0 or p[ACT] == "relu" or (p[ACT] == "leaky_relu" and p[A_SLOPE] != 1))


def _centred_counter(claim, ctx):
    return _with_tanh(claim, ctx, _kappas, assume=_not_centred)


# ---------------------------------------------------------------- F2: kernels against independent routes
def _kernel_env(p, dps, activation):
    """The quadrature values of the kernels at the claim's parameters (``s_12`` from its quantity ``S12``; the
    closed form of the statement substitutes ``s_12`` and ``s`` itself)."""
    ctx = context(dps + 10)
    s11, s22 = to_mpf(ctx, p[S11]), to_mpf(ctx, p[S22])
    s12 = mp_value(S12.definition, p, dps + 10)
    a = p.get(A_SLOPE)
    K, Kd = reference_K(activation, a, s11, s22, s12, dps)
    V, Vd = reference_K(activation, a, s11, s11, s11, dps)      # c = 1: the 1-D expectations
    return {Kp: K, Kdp: Kd, Vp: V, Vdp: Vd, S11: s11, S22: s22, CORR: p[CORR], A_SLOPE: 0 if a is None else a}


def _kernel_check(act):
    """F2's check for ``act``: the closed-form kernels against quadrature."""
    def _kernel(claim, ctx):
        # quadrature reference: mpmath tanh-sinh converges to the working precision; guard 10 digits
        return [property_search(claim, ctx, lambda p, dps: _kernel_env(p, dps, act),
                                statement=claim.closed_form(), rtol=context(ctx.dps).mpf(10) ** -(ctx.dps - 15),
                                examples=ctx.profile.quadrature_examples)]
    return _kernel


def _kernels_tanh(claim, ctx):
    def env(p, dps):
        k = kernels("tanh", None, dps)
        w = context(dps + 10)
        s11, s22 = to_mpf(w, p[S11]), to_mpf(w, p[S22])
        s12 = mp_value(S12.definition, p, dps + 10)
        if p[CORR] == 0:
            return {Kh: 0, Kh7: 0}
        coarse, fine = k.two_d(s11, s22, s12, 1.0), k.two_d(s11, s22, s12, 0.7)
        return {Kh: coarse[0] + coarse[1], Kh7: fine[0] + fine[1]}
    return [property_search(claim, ctx, env, examples=max(3, ctx.profile.tanh_examples),
                            rtol=context(ctx.dps).mpf(10) ** -ctx.dps,
                            label="K_phi + K_phi' at h vs 0.7h: ")]


# ---------------------------------------------------------------- F2: depth formulas
def _depth_env(activation, sigma_w2):
    def env(p, dps):
        op = order_parameters(activation, sigma_w2, p[SB], [1] * p[DEPTH], dps=dps)
        return {q.kappa1: op.kappa1, q.kappa2: op.kappa2, DEPTH: p[DEPTH], SB: p[SB]}
    return env


def _relu_depth(claim, ctx):
    return [property_search(claim, ctx, _depth_env("relu", 2))]


def _linear_kappas(claim, ctx):
    return [property_search(claim, ctx, _depth_env("linear", 1))]


def _relu_R1(claim, ctx):
    return [point_evidence(claim, ctx, {"R1": {}},
                           lambda p, dps: {q.kappa2: order_parameters("relu", 2, 0, [1, 1, 1], dps=dps).kappa2})]


_AB = {"relu": (0, 1), "linear": (1, 1)}


def _bias_free(claim, ctx):
    def env(p, dps):
        a, b = _AB.get(p[ACT], (p[A_SLOPE], 1))
        chi = chi_homogeneous(sp.Rational(p[SW]), sp.Rational(a), b)
        unit = sp.Rational(p[SW]) / chi                          # sigma_w^2 with chi = 1
        k2 = _op(p | {SB: 0}, dps).kappa2
        k2u = _op(p | {SB: 0, SW: str(unit)}, dps).kappa2
        return {q.kappa2: k2, K2_UNIT: k2u, q.chi: str(chi), DEPTH: p[DEPTH]}
    return [property_search(claim, ctx, env)]


# ---------------------------------------------------------------- F10
#: spec F10b, printed to 15 digits: (sigma_b^2, critical sigma_w^2)
CRITICAL = {"tanh sigma_b2=0.05": ("tanh", "0.05", "1.76095463960674"),
            "tanh sigma_b2=0.3": ("tanh", "0.3", "2.50512718967976"),
            "tanh sigma_b2=0.64": ("tanh", "0.64", "3.03584854935141"),
            "tanh sigma_b2=0": ("tanh", "0", "1"),
            "relu sigma_b2=0": ("relu", "0", "2")}   # ReLU: chi_1 = sigma_w^2/2 at every q (F10b)


def _order_to_chaos(claim, ctx):
    """chi_1(q*) at the published critical sigma_w^2 must equal the stated value.  The critical points are
    published to 15 significant digits and d chi_1/d sigma_w^2 = O(1) there, so the tolerance is 1e-13."""
    def env(p, dps):
        act, b2, w2 = CRITICAL[p["case"]]
        return {chi1_crit.name: chi1(act, w2, b2, dps=dps)[1]}
    return [point_evidence(claim, ctx, {k: {"case": k} for k in CRITICAL}, env, rtol="1e-13")]


def _depth_recursion(claim, ctx):
    def env(p, dps):
        L, i = p[DEPTH], p[ORDER_INDEX]
        low, high = _op(p, dps, p[ALPHAS][:L]), _op(p, dps, p[ALPHAS][:L + 1])
        pick = lambda op, name: getattr(op, f"{name}{i}")
        return {S_next: high.alpha * pick(high, "kappa"), S_L: low.alpha * pick(low, "kappa"),
                chi_L: pick(high, "chi")[L - 1], alpha_L: to_mpf(context(dps), p[ALPHAS][L]),
                qhat_L: pick(high, "qhat")[L]}
    return _with_tanh(claim, ctx, env)


def _chaotic_growth(claim, ctx):
    """S_1(L+1)/S_1(L) against chi_1(q*) on the chaotic side (spec F10d: tanh(4, .05) gives 1.34244840281 at
    L = 30 against chi_1 = 1.34240241445).  The approach is geometric in L (the layer quantities converge
    geometrically to the fixed point, and S_1 grows like chi_1^L), so the ratios at L = 10, 20, 30 (quick
    profile: 6, 12, 18) are Aitken-extrapolated.  A sequence converging to the stated limit has raw errors decreasing in L and an
    extrapolation that lands closer to the limit than the last iterate (by at least a factor 2; two geometric
    rates mix here, so Aitken is not exact).  Ordered-side limits (S_1 converges, the ratio tends to 1,
    kappa_2/kappa_1 -> 1) are recorded beside it."""
    dps = 15
    rows = []
    for w2, b2 in (("4", "0.05"), ("2.5", "0.05"), ("1.2", "0.3")):
        q_star, chi = chi1("tanh", w2, b2, dps=dps)
        ratios = []
        for L in ((6, 12, 18) if ctx.profile.name == "quick" else (10, 20, 30)):
            a = order_parameters("tanh", w2, b2, [1] * L, dps=dps)
            b = order_parameters("tanh", w2, b2, [1] * (L + 1), dps=dps)
            ratios.append((b.alpha * b.kappa1) / (a.alpha * a.kappa1))
        r0, r1, r2 = ratios
        denom = r2 - 2 * r1 + r0
        limit = r2 - (r2 - r1) ** 2 / denom if denom != 0 else r2
        err = lambda ratio: _rel_err(relation(claim.statement, {ratio_S: ratio, q.chi1_star: chi}, dps))  # noqa: E731
        rows.append(Point({SW: w2, SB: b2, "chi1": float(chi), "side": "chaotic" if chi > 1 else "ordered",
                           "ratios": [float(r) for r in ratios], "aitken_limit": float(limit),
                           "rel_error_limit": err(limit), "raw_errors": [err(r) for r in ratios],
                           "kappa2_over_kappa1": float(b.kappa2 / b.kappa1)}))
    chaotic = [r for r in rows if r["side"] == "chaotic"]
    strict = strict_at_limit(claim.statement)    # the ratio converges to chi_1: a strict relation fails there
    ok = strict is None and all(r["raw_errors"][2] < r["raw_errors"][1] < r["raw_errors"][0]
                                and r["rel_error_limit"] < r["raw_errors"][2] / 2 for r in chaotic)
    return [Evidence("high_precision", "holds" if ok else "violated",
                     (f"{sp.sstr(strict)} fails in the limit, where lhs = rhs: " if strict is not None else "")
                     + "; ".join(f"tanh({r[SW]},{r[SB]}) {r['side']}: last ratio "
                               f"{r['ratios'][2]:.8f}, extrapolated {r['aitken_limit']:.8f}, chi_1 = "
                               f"{r['chi1']:.8f}, kappa2/kappa1 = {r['kappa2_over_kappa1']:.2e}" for r in rows),
                     tolerance="chaotic side: raw error decreasing in L; Aitken limit at least 2x closer than the last iterate",
                     worst_case=max(chaotic, key=lambda r: r["rel_error_limit"]), data={"rows": rows})]


def _rel_err(r: dict) -> float:
    """|lhs/rhs - 1| of a ``relation`` record (both sides of the statement evaluated)."""
    return float(abs(r["lhs"] / r["rhs"] - 1))


def _relu_critical_kappa2(depths, dps: int) -> dict:
    """``{L: kappa_2(L)}`` of ReLU(2, 0) at equal widths, in one pass of the F10c recursion ``S_2(L+1) =
    chi_2^(L) S_2(L) + qhat_2^L``, ``kappa_2 = S_2/(L - 1)`` (the forward quantities do not depend on L)."""
    ctx, k = context(dps), kernels("relu", None, dps)
    two, qh1, qh2 = ctx.mpf(2), ctx.mpf(1), ctx.mpf(0)
    S, out = qh2, {}
    for L in range(1, max(depths) + 1):
        if L in depths:
            out[L] = S / (L - 1)
        a1, a2 = two * qh1, two * qh2
        S, qh1, qh2 = two * k.Kd(a1, a1, a2) * S + k.K(a1, a1, a2), k.V(a1), k.K(a1, a1, a2)
    return out


def _limit_fit(gaps: dict, L: int):
    """``c`` of the model ``gap(L) = c + (a ln L + b)/L`` solved at the depths ``L/4, L/2, L``."""
    ctx = context(30)
    Ls = (L // 4, L // 2, L)
    A = ctx.matrix([[1, ctx.log(n) / n, ctx.mpf(1) / n] for n in Ls])
    return ctx.lu_solve(A, ctx.matrix([gaps[n] for n in Ls]))[0]


#: the smallest shrink factor per doubling of the fitted limit's steps that the a-posteriori bound rests on
MIN_SHRINK = 2


def _limit_of_gap(gaps: dict, L: int) -> dict:
    """The gap's limit from ``_limit_fit`` at ``L``, ``L/2``, ``L/4`` (depths ``L/16 .. L``) and its verdict.

    Model: ``c(L) = c_oo + O(ln^2 L/L^2)``, so the steps ``d_1 = c(L) - c(L/2)``, ``d_2 = c(L/2) - c(L/4)`` shrink
    by ``q = |d_2/d_1| ~ 4`` per doubling.  Goodness of fit: the model describes the gap only if ``q >= 2``
    (measured: ``q = 3.2, 3.6, 3.8`` at ``L = 1000, 2000, 4000``); a gap that decays slower than ``1/L`` (e.g.
    ``L^-1/2``: ``q -> sqrt 2``) fails it, and then no limit is read off: ``inconclusive``.  Given ``q >= 2``
    from here on, ``|c(L) - c_oo| <= |d_1| (1/2 + 1/4 + ...) = |d_1|``, so ``c_oo = 0`` is refuted when
    ``|c(L)| > |d_1|`` and supported when ``|c(L)| <= |d_1|``."""
    c, c_half, c_quarter = (_limit_fit(gaps, L // f) for f in (1, 2, 4))
    d1, d2 = c - c_half, c_half - c_quarter
    shrink = abs(d2 / d1) if d1 else float("inf")
    verdict = "inconclusive" if shrink < MIN_SHRINK else "holds" if abs(c) <= abs(d1) else "violated"
    return {"verdict": verdict, "limit": c, "c_half": c_half, "bound": abs(d1), "shrink": shrink}


def _relu_critical(claim, ctx):
    """kappa_2(L) of ReLU(2, 0) against the conjectured limit, extrapolated with the gap's rate.

    Rate (spec F10d heuristic, one order further): theta_l = 3 pi/l + O(ln l/l^2), so qtilde_2^l = prod_{k >= l}
    (1 - theta_k/pi) = (l/L)^3 (1 + O(ln l/l)) and qhat_2^{l-1} = 1 - O(1/l^2); summed, S_2 = L/4 + a ln L + O(1)
    and gap = kappa_2 - 1/4 = (a ln L + b)/L + r(L), r = O(ln^2 L/L^2) (measured: gap L grows by 0.26 per doubling,
    a ~ 3/8).  The limit c of the three-term model solved at L/4, L/2, L carries the error O(ln^2 L/L^2), so its
    steps fall by a factor ~4 per doubling; ``_limit_of_gap`` tests that (goodness of fit: >= 2, else
    inconclusive) and bounds |c(L) - c_oo| by |c(L) - c(L/2)|.  A statement whose gap tends to c != 0 (e.g.
    11/10 kappa_2 = 1/4, c = 1/40) fails it: the model fits (its steps are the claim's times 11/10) and c stays
    at 1/40."""
    L_max = 1000 if ctx.profile.name == "quick" else 4000
    shown = tuple(L for L in (3, 10, 30, 100, 300, 1000, 3000) if L <= L_max)
    k2s = _relu_critical_kappa2(set(shown) | {L_max // d for d in (1, 2, 4, 8, 16)}, 30)
    gaps = {}
    for L, k2 in k2s.items():
        r = relation(claim.statement, {q.kappa2: k2}, 30)
        gaps[L] = r["lhs"] - r["rhs"]
    lim = _limit_of_gap(gaps, L_max)
    rows = [Point({DEPTH: L, "kappa2": float(k2s[L]), "gap": float(gaps[L])}) for L in shown]
    extrapolated = Point({DEPTH: L_max, "limit_gap": float(lim["limit"]),
                          "limit_gap_half_depth": float(lim["c_half"]),
                          "bound": float(lim["bound"]), "shrink_per_doubling": float(lim["shrink"])})
    strict = strict_at_limit(claim.statement)    # a gap tending to 0 shows the limit: a strict relation fails there
    strict_fails = strict is not None and lim["verdict"] == "holds"
    fit = (f"extrapolated (L/4, L/2, L = {L_max}) limit of the gap {float(lim['limit']):+.2e}, a-posteriori bound "
           f"{float(lim['bound']):.2e}, its steps shrink {float(lim['shrink']):.2f}x per doubling")
    if lim["verdict"] == "inconclusive":
        fit += f" (< {MIN_SHRINK}: the model c + (a ln L + b)/L does not fit the gap; no limit read off)"
    return [Evidence("high_precision", "violated" if strict_fails else lim["verdict"],
                     (f"{sp.sstr(strict)} fails in the limit, where lhs = rhs: " if strict_fails else "")
                     + "kappa_2 - limit: " + ", ".join(f"{r['gap']:+.5f} (L={r[DEPTH]})" for r in rows) + "; " + fit,
                     tolerance="CONJ, evidence only: the gap's limit c fitted to c + (a ln L + b)/L at L/4, L/2, L "
                               f"must satisfy |c(L)| <= |c(L) - c(L/2)|, given that the fit's steps shrink >= "
                               f"{MIN_SHRINK}x per doubling (remainder O(ln^2 L/L^2); else inconclusive)",
                     worst_case=extrapolated, data={"rows": rows, "extrapolation": extrapolated})]


#: claim id -> check, for the claims of this module (``verify.checks.CHECKS`` joins the modules)
CHECKS = {
    "fisher.kernels_relu": _kernel_check("relu"),
    "fisher.kernels_leaky_relu": _kernel_check("leaky_relu"),
    "fisher.kernels_linear": _kernel_check("linear"),
    "fisher.kernels_erf": _kernel_check("erf"),
    "fisher.order_parameters": _order_parameters,
    "fisher.kappa_order": _kappa_order,
    "fisher.centred_kappa2": _centred_kappa2,
    "fisher.centred_counterconditions": _centred_counter,
    "fisher.kernels_tanh": _kernels_tanh,
    "fisher.relu_depth_kappa1": _relu_depth,
    "fisher.linear_kappas": _linear_kappas,
    "fisher.relu_kappa2_closed_form": _relu_R1,
    "fisher.bias_free_scaling": _bias_free,
    "fisher.order_to_chaos": _order_to_chaos,
    "fisher.depth_recursion": _depth_recursion,
    "fisher.depth_chaotic_growth": _chaotic_growth,
    "fisher.relu_critical_kappa2": _relu_critical,
}
