"""Turning claims into evidence: the generic checkers every claim uses.

- ``symbolic_evidence``: SymPy verdict on each ALGEBRA derivation step.
- ``relation``: both sides of a claim's statement at given values, with the acceptance rule.
- ``property_search``: Hypothesis draws parameters from the claim's domain, the statement is evaluated
  at high precision, ``hypothesis.target`` steers toward the tightest case, and a failure shrinks to a
  minimal counterexample that is re-evaluated at a second precision.
- ``mean_se`` / ``loglog_slope``: re-exported from ``verify.stats``, the statistics of simulation checks.
"""
from __future__ import annotations

import warnings
from typing import Callable

import sympy as sp
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings, target
from hypothesis import assume as hyp_assume
from hypothesis.errors import HypothesisDeprecationWarning

from sloppy_verifier.theory.claim import Claim, Declarations, Kind, StepCheck, step_holds

from .arith import FLOAT64, mp
from .context import Context
from .evidence import Evidence, point_text
from .mpeval import NotReal, context, mp_value
from .point import Point, name_of, named
from .stats import loglog_slope, mean_se  # noqa: F401  (re-exported: the statistics of simulation checks)
from .strategies import parameter_strategy


def _pin_hypothesis_constants() -> None:
    """Hypothesis (>= 6.131) mixes literals read from the source of every *local* module (one not under site-packages)
    loaded so far into its draws: the same seed then drew differently for an editable and a wheel install, and as
    more modules were imported.  Draws must depend on the run's seed and the claim only, so that pool is kept empty
    (Hypothesis's own global constants stay)."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:     # pragma: no cover - a Hypothesis without the feature
        return
    if hasattr(providers, "_get_local_constants"):
        empty = type(providers._local_constants)()
        providers._get_local_constants = lambda: empty
        if hasattr(providers, "CONSTANTS_CACHE"):
            providers.CONSTANTS_CACHE.cache.clear()


_pin_hypothesis_constants()

#: Guard digits for a high-precision identity: values come from recursions of depth <= 50 and
#: closed forms whose round-off grows by far less than 10^10, so agreement to dps - 10 digits is
#: required; a genuine violation differs at O(1) relative size.
GUARD_DIGITS = 10


#: the checks ``check`` declares (claim id -> check)
DECLARED = Declarations(dict)


def check(*claim_ids: str):
    """Users' claims files: declare the decorated function as the check of the given claim ids (``sloppy --claims
    FILE`` collects it).  The spec's checks are the explicit ``CHECKS`` mappings of ``verify.checks``."""
    def deco(fn):
        if DECLARED.current is not None:
            for cid in claim_ids:
                if DECLARED.current.setdefault(cid, fn) is not fn:
                    raise ValueError(f"two checks for {cid}")
        return fn
    return deco


# ---------------------------------------------------------------- symbolic tier
def symbolic_evidence(claim: Claim, steps=None) -> Evidence:
    """Every ALGEBRA step of the derivation must simplify to a tautology."""
    steps = claim.steps if steps is None else steps
    rows, status = [], "proved"
    for i, st_ in enumerate(steps):
        ok = step_holds(st_)
        mark = {True: "proved", False: "refuted", None: "undecided"}[ok] if st_.check is StepCheck.ALGEBRA \
            else st_.check.value
        rows.append({"step": i + 1, "status": mark, "expr": sp.sstr(st_.expr), "why": st_.justification})
        if mark == "refuted":
            status = "violated"
        elif mark == "undecided" and status != "violated":
            status = "inconclusive"
    algebra = sum(r["status"] in ("proved", "refuted", "undecided") for r in rows)
    bad = [r for r in rows if r["status"] in ("refuted", "undecided")]
    summary = (f"{algebra} algebra step(s) checked by SymPy" if not bad else
               f"step {bad[0]['step']} {bad[0]['status']}: {bad[0]['expr']}")
    return Evidence("symbolic", status, summary, worst_case=({"step": bad[0]} if bad else None),
                    tolerance="exact (SymPy simplification to 0); a step it cannot reduce is refuted by exact-point "
                              "probes at 60 digits (theory.step._probe)", data={"steps": rows})


# ---------------------------------------------------------------- relations at high precision
_FLIP = {sp.Ge: sp.Le, sp.Gt: sp.Lt}


#: what a part's ``ratio`` measures (``relation``): a bound's tightness, an (in)equation's relative error
BOUND_MEASURE = "rhs/lhs (bound over actual)"
ERROR_MEASURE = "relative error |lhs-rhs|/max(1,|rhs|)"


def relation(statement, env: dict, dps: int, rtol=None) -> dict:
    """Evaluate a claim's relation at ``dps`` digits.

    ``Eq``: ok iff |lhs - rhs| <= rtol * max(1, |rhs|) (default rtol = 10^-(dps - GUARD_DIGITS)).
    ``Le/Lt`` (``Ge/Gt`` are flipped): ``slack = rhs - lhs`` must be >= -rtol * scale, strictly > 0 for
    ``Lt`` beyond the tolerance; a side that is not real there (``mpeval.NotReal``) makes the bound false.
    ``Ne``: ok iff the relative difference exceeds rtol (the negation of Eq's rule).
    ``ratio`` = rhs/lhs for bounds (tightness), relative error for Eq and Ne, named by ``measure``.  ``And``: every
    part holds, ``Or``: some part holds; either reports the deciding part (its ratio and measure).
    ``normalised_slack`` = slack/(|lhs| + |rhs|) for bounds, -|lhs - rhs|/(|lhs| + |rhs|) for Eq, the minimum
    over the parts of an And (maximum for Or); None where both sides vanish (the degenerate 0/0 point), one is
    infinite, or for Ne.
    """
    ctx = context(dps)
    rtol = ctx.mpf(10) ** (-(dps - GUARD_DIGITS)) if rtol is None else ctx.mpf(rtol)
    env = named(env)
    if isinstance(statement, (sp.And, sp.Or)):
        parts = [relation(r, env, dps, rtol) for r in statement.args]
        good = [r for r in parts if r["ok"]]
        bad = [r for r in parts if not r["ok"]]
        nss = [r["normalised_slack"] for r in parts if r.get("normalised_slack") is not None]
        if isinstance(statement, sp.And):  # report the failing part, else the part closest to failing
            return (dict(bad[0]) if bad else dict(max(parts, key=lambda r: r["score"]))) | \
                {"normalised_slack": min(nss) if nss else None}
        return dict(min(good or bad, key=lambda r: r["score"])) | \
            {"normalised_slack": max(nss) if nss else None}    # Or: the part closest to holding
    rel = statement
    if type(rel) in _FLIP:
        rel = _FLIP[type(rel)](rel.rhs, rel.lhs)
    if not isinstance(rel, (sp.Equality, sp.Unequality, sp.LessThan, sp.StrictLessThan)):
        raise TypeError(f"unsupported relation {type(statement).__name__}")
    lhs, rhs = _side(rel.lhs, env, dps), _side(rel.rhs, env, dps)
    if isinstance(rel, (sp.LessThan, sp.StrictLessThan)) and (_complex(lhs) or _complex(rhs)):
        # an order between non-real numbers is no statement: the bound is false here (e.g. sqrt of a negative)
        return {"lhs": lhs, "rhs": rhs, "ok": False, "margin": ctx.nan, "score": 1e300, "ratio": ctx.nan,
                "measure": BOUND_MEASURE, "normalised_slack": None}
    scale = max(ctx.mpf(1), abs(lhs), abs(rhs))
    size = abs(lhs) + abs(rhs)
    size = size if size and ctx.isfinite(size) else None
    if isinstance(rel, sp.Equality):
        err = abs(lhs - rhs) / max(ctx.mpf(1), abs(rhs))
        return {"lhs": lhs, "rhs": rhs, "ok": err <= rtol, "margin": err, "score": float(err),
                "ratio": err, "measure": ERROR_MEASURE,
                "normalised_slack": -abs(lhs - rhs) / size if size else None}
    if isinstance(rel, sp.Unequality):
        err = abs(lhs - rhs) / max(ctx.mpf(1), abs(rhs))
        return {"lhs": lhs, "rhs": rhs, "ok": err > rtol, "margin": err, "score": float(-err), "ratio": err,
                "measure": ERROR_MEASURE, "normalised_slack": None}
    slack = rhs - lhs                                                   # Le or Lt
    ok = slack >= -rtol * scale if isinstance(rel, sp.LessThan) else slack > rtol * scale
    ratio = rhs / lhs if lhs != 0 else (ctx.inf if rhs > 0 else ctx.mpf(1))
    return {"lhs": lhs, "rhs": rhs, "ok": ok, "margin": slack, "score": float(-slack / scale),
            "ratio": ratio, "measure": BOUND_MEASURE, "normalised_slack": slack / size if size else None}


def _side(expr, env, dps):
    """A side of a relation at ``env``: an mpf, or the mpc it evaluated to where it is not real."""
    try:
        return mp_value(expr, env, dps)
    except NotReal as exc:
        return exc.value


def _complex(x) -> bool:
    return hasattr(x, "_mpc_")


def interval_relation(statement, measured, lo, hi, env: dict, dps: int) -> bool:
    """Whether the statement holds for a measured quantity (symbol ``measured``) known only to lie in ``[lo, hi]``
    (a confidence interval or a bracket), with ``d = lhs - rhs`` monotone in it, read as ``relation`` reads a
    tolerance: ``Eq`` holds iff ``d`` vanishes in the interval (opposite signs at its ends), ``Ne`` iff it does not,
    ``Le``/``Ge`` iff the bound holds at some end (within the interval), ``Lt``/``Gt`` iff at both (beyond it);
    ``And``: every part, ``Or``: some part.  For ``Eq(x, f)`` this is ``|mean - f| <= crit se`` when
    ``[lo, hi] = mean -+ crit se``; the statement's relation and both sides decide, never its right side alone."""
    if isinstance(statement, (sp.And, sp.Or)):
        oks = [interval_relation(r, measured, lo, hi, env, dps) for r in statement.args]
        return all(oks) if isinstance(statement, sp.And) else any(oks)
    ends = [relation(statement, named(env) | {name_of(measured): v}, dps, "0") for v in (lo, hi)]
    if isinstance(statement, (sp.Equality, sp.Unequality)):
        d0, d1 = (r["lhs"] - r["rhs"] for r in ends)
        return (d0 * d1 <= 0) == isinstance(statement, sp.Equality)
    if isinstance(statement, (sp.LessThan, sp.GreaterThan)):
        return ends[0]["ok"] or ends[1]["ok"]
    return ends[0]["ok"] and ends[1]["ok"]


def strict_at_limit(statement):
    """The first strict part (``<``, ``>``) of an asymptotic statement, or None.  An ASYMP check that shows
    ``|lhs - rhs| -> 0`` shows ``lim lhs = lim rhs``: there ``<=``/``>=``/``=`` hold and a strict part fails."""
    parts = statement.args if isinstance(statement, sp.And) else (statement,)
    return next((q for q in parts if isinstance(q, (sp.StrictLessThan, sp.StrictGreaterThan))), None)


def reference_value(statement, measured, env: dict, dps: int):
    """The value of the measured quantity at which the statement's first relation is an equality, by one secant
    step of ``d = rhs - lhs`` between ``measured = 0`` and ``1`` (exact where ``d`` is affine in it: ``f`` for
    ``Eq(x, f)``, ``f/2`` for ``Eq(2x, f)``); 1 where the relation does not involve it.  The unit in which a
    check reports its measurement (sim/stated ratios); it scales, never decides."""
    rel = statement.args[0] if isinstance(statement, (sp.And, sp.Or)) else statement
    d0, d1 = (mp_value(rel.rhs - rel.lhs, named(env) | {name_of(measured): v}, dps) for v in (0, 1))
    return d0 / (d0 - d1) if d0 != d1 else context(dps).mpf(1)


def _fmt(x, digits=20):
    return context(max(digits, 15)).nstr(x, digits) if not isinstance(x, (str, int)) else x


class _Violation(Exception):
    pass


def property_search(claim: Claim, ctx: Context, evaluate: Callable[[dict, int], dict], *,
                    fixed: dict | None = None, assume: Callable[[dict], bool] | None = None, rtol=None,
                    examples: int | None = None, statement=None, label: str = "", shrink: bool = True) -> Evidence:
    """High-precision property test of ``statement`` (default: the claim's) over the claim's domain.

    ``evaluate(params, dps)`` returns the values of the statement's symbols; ``fixed`` pins parameters
    and ``assume`` restricts the domain to the claim's hypotheses.  Hypothesis (seeded by the run's seed only)
    shrinks a violation to a minimal counterexample, which is confirmed at ``ctx.dps2``; a violation that
    vanishes at the higher precision is reported inconclusive (a precision artefact), never as holding.  The
    evidence counts distinct parameter points; the tightest case is the lowest normalised slack (``relation``);
    degenerate points, where both sides vanish (0/0), are listed apart (``tightness["degenerate"]``).
    ``shrink=False`` reports the first violation found unshrunk (where a certified counterexample already stands).
    """
    statement = claim.statement if statement is None else statement
    strat = parameter_strategy(claim.parameters, fixed)
    log = {"n": 0, "worst": None, "fail": None, "samples": [], "seen": set(), "tight": None, "degenerate": []}

    @settings(max_examples=examples or ctx.profile.examples, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet, print_blob=False,
              phases=[Phase.explicit, Phase.generate, Phase.target] + ([Phase.shrink] if shrink else []))
    @seed(ctx.seed)
    @given(strat)
    def prop(params):
        params = Point(params)
        if assume is not None:
            hyp_assume(assume(params))
        r = relation(statement, evaluate(params, ctx.dps), ctx.dps, rtol)
        log["n"] += 1
        log["seen"].add(_point_key(params))
        ns = r["normalised_slack"]
        if len(log["samples"]) < 200:
            log["samples"].append({"at": params, "ratio": _fmt(r["ratio"], 12), "normalised_slack": _ns(r)})
        if log["worst"] is None or r["score"] > log["worst"][1]["score"]:
            log["worst"] = (params, r)
        if ns is not None and (log["tight"] is None or ns < log["tight"][1]["normalised_slack"]):
            log["tight"] = (params, r)
        elif ns is None and len(log["degenerate"]) < 5 and params not in log["degenerate"]:
            log["degenerate"].append(params)
        target(r["score"], label="closeness to violation")
        if not r["ok"]:
            log["fail"] = (params, r)
            raise _Violation

    try:
        prop()
    except _Violation:
        pass
    tol = (f"relative {sp.Integer(10)**-(ctx.dps - GUARD_DIGITS)} (dps {ctx.dps} less {GUARD_DIGITS} guard digits)"
           if rtol is None else f"relative {rtol}")
    samples = log["samples"]
    counted = f"{len(log['seen'])} distinct points ({log['n']} draws)"
    data = {"examples": log["n"], "distinct_points": len(log["seen"])}
    if log["fail"] is not None:
        params, r = log["fail"]
        measure = r["measure"]        # the deciding part's (an And of an equation and a bound: either kind)
        with warnings.catch_warnings():   # an evaluate that calls hypothesis.assume on this (already accepted)
            warnings.simplefilter("ignore", HypothesisDeprecationWarning)   # example, now outside the test
            again = relation(statement, evaluate(params, ctx.dps2), ctx.dps2, rtol)
        status = "violated" if not again["ok"] else "inconclusive"
        wc = _case(params, r) | {"confirmed_at_dps": ctx.dps2, "confirmed": not again["ok"]}
        summary = (f"{label}violated at {point_text(params)}: lhs={_fmt(r['lhs'], 12)} rhs={_fmt(r['rhs'], 12)}"
                   if status == "violated" else
                   f"{label}apparent violation at {point_text(params)} vanished at dps {ctx.dps2}")
        return Evidence("high_precision", status, summary + f" (search of {counted})", worst_case=wc,
                        tightness={"measure": measure, "extreme": _fmt(r["ratio"]), "at": params,
                                   "normalised_slack": _ns(r), "samples": samples},
                        tolerance=tol, data=data | {"minimal_counterexample": params})
    params, r = log["tight"] or log["worst"]   # all points degenerate (0/0): the highest score stands in
    ns, measure = r["normalised_slack"], r["measure"]
    where = (f"normalised slack {_fmt(ns, 6)}, " if ns is not None else "degenerate (both sides 0), ") + \
        f"{measure} = {_fmt(r['ratio'], 8)}"
    return Evidence("high_precision", "holds",
                    f"{label}held on {counted}; tightest at {point_text(params)}: {where}",
                    worst_case=_case(params, r),
                    tightness={"measure": measure, "extreme": _fmt(r["ratio"]), "at": params,
                               "normalised_slack": _ns(r), "degenerate": log["degenerate"], "samples": samples},
                    tolerance=tol, data=data)


def float64_search(claim: Claim, ctx: Context, evaluate: Callable[[dict, object], dict], *, rtol,
                   statement=None, label: str = "", **kw) -> Evidence:
    """``property_search`` of values computed in float64, ``evaluate(params, nx)`` with ``nx = verify.arith.FLOAT64``
    judged at ``rtol`` (the check's float64 error analysis): tier ``float64``.

    A float64 violation is not confirmed by running the same float64 code again: the minimal counterexample is
    re-derived by ``evaluate(params, verify.arith.mp(dps))``, every sum, eigensolver and root recomputed in mpmath
    (float64 draws entering exactly), at ``ctx.dps`` and ``ctx.dps2``, and judged at the mp tolerance
    ``10^-(dps - GUARD_DIGITS)``.  Reproduced at both precisions: ``violated``, tier ``high_precision``.  Otherwise
    the discrepancy is a float64 artefact: ``inconclusive`` (tier ``float64``) with both evaluations, never
    ``violated``.
    """
    ev = property_search(claim, ctx, lambda p, dps: evaluate(p, FLOAT64), rtol=rtol, statement=statement,
                         label=label, **kw)
    ev.tier = "float64"
    if ev.status != "violated":
        return ev
    statement = claim.statement if statement is None else statement
    params = ev.data["minimal_counterexample"]
    rows = []
    for dps in (ctx.dps, ctx.dps2):
        try:
            with warnings.catch_warnings():   # an evaluate that calls hypothesis.assume on this accepted example
                warnings.simplefilter("ignore", HypothesisDeprecationWarning)
                values = evaluate(params, mp(dps))
            r = relation(statement, values, dps)
            rows.append({"dps": dps, "lhs": r["lhs"], "rhs": r["rhs"], "ok": bool(r["ok"])})
        except (ValueError, ArithmeticError) as exc:   # e.g. an mp root that does not exist at this point
            rows.append({"dps": dps, "error": f"{type(exc).__name__}: {exc}", "ok": None})
    confirmed = all(r["ok"] is False for r in rows)
    mp_part = "; ".join(f"dps {r['dps']}: " + (f"lhs={_fmt(r['lhs'], 12)} rhs={_fmt(r['rhs'], 12)}" if "lhs" in r
                                                 else r["error"]) for r in rows)
    ev.worst_case = {k: v for k, v in ev.worst_case.items() if k != "confirmed_at_dps"} | {
        "confirmed": confirmed, "mp": [r | {k: _fmt(r[k], 25) for k in ("lhs", "rhs") if k in r} for r in rows]}
    if confirmed:
        ev.tier = "high_precision"
        ev.summary += f"; re-derived in mp ({mp_part})"
        return ev
    ev.status = "inconclusive"
    ev.summary = (f"{label}float64 violation at {point_text(params)} not reproduced when re-derived in mp ({mp_part}): "
                  "a float64 artefact")
    return ev


def _ns(r: dict):
    return None if r["normalised_slack"] is None else _fmt(r["normalised_slack"], 12)


def _point_key(params: dict):
    """A hashable identity of a parameter point (values are numbers, strings or tuples of them)."""
    try:
        key = tuple(sorted(params.items()))
        hash(key)
        return key
    except TypeError:
        return repr(sorted(params.items()))


def _case(params, r) -> dict:
    return {"parameters": params, "lhs": _fmt(r["lhs"], 25), "rhs": _fmt(r["rhs"], 25), "margin": _fmt(r["margin"], 6)}


def gating(claim: Claim) -> bool:
    return Kind(claim.kind).gating


def point_evidence(claim: Claim, ctx: Context, cases: dict, evaluate: Callable[[dict, int], dict], *,
                   statement=None, rtol=None, label: str = "") -> Evidence:
    """The statement at named fixed points (reference cases), evaluated at ``ctx.dps`` and ``ctx.dps2``; the
    lowest normalised slack over the cases is recorded as the tightness (the scale of ``sloppy mutate``)."""
    statement = claim.statement if statement is None else statement
    worst, failures, tight = None, [], None
    for name, params in cases.items():
        params = Point(params)
        for dps in (ctx.dps, ctx.dps2):
            r = relation(statement, evaluate(params, dps), dps, rtol)
            if worst is None or r["score"] > worst[2]["score"]:
                worst = (name, params, r)
            if not r["ok"]:
                failures.append((name, params, r, dps))
            if r["normalised_slack"] is not None and (tight is None or r["normalised_slack"] < tight[1]):
                tight = (name, r["normalised_slack"])
    tol = f"relative 10^-(dps-{GUARD_DIGITS})" if rtol is None else f"relative {rtol}"
    if failures:
        name, params, r, dps = failures[0]
        return Evidence("high_precision", "violated",
                        f"{label}{name} at dps {dps}: lhs={_fmt(r['lhs'], 15)} rhs={_fmt(r['rhs'], 15)}",
                        worst_case=_case(params, r) | {"case": name, "dps": dps}, tolerance=tol,
                        data={"failing_cases": sorted({f[0] for f in failures})})
    name, params, r = worst
    return Evidence("high_precision", "holds",
                    f"{label}{len(cases)} case(s) at dps {ctx.dps} and {ctx.dps2}; worst {name}: error {_fmt(r['margin'], 3)}",
                    worst_case=_case(params, r) | {"case": name}, tolerance=tol,
                    tightness=None if tight is None else {"measure": "normalised slack at the tightest case",
                                                          "normalised_slack": _fmt(tight[1], 12), "at": tight[0]})
