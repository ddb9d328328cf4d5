"""A claim's statement judged on float64 arrays: the vectorised twin of ``verify.check.relation``.

``judge(statement, env, atol)`` evaluates both sides of every relation (lambdified once per expression) on the
arrays in ``env`` and returns the worst violation score (``> 0``: violated; ``|lhs − rhs| − atol`` for ``=``,
``lhs − rhs ∓ atol`` for ``≤``/``<``) with the lowest normalised slack ``(rhs − lhs)/(|lhs| + |rhs|)``.
``atol`` is a number, an array, or a function of the relation (a per-part tolerance of an ``And``).
``closeness(statement, env, floor)`` is the elementwise measure a check picks its tightest index by.
``float_cases`` turns the judgements of a list of cases into one evidence record, the tier the caller's numbers
come from (``float64``, or ``statistical`` for simulations).
"""
from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from .evidence import Evidence, point_text
from .point import Point, named


@functools.lru_cache(maxsize=256)
def np_fn(expr):
    """``(symbols sorted by name, NumPy function of them)`` of a SymPy expression."""
    syms = tuple(sorted(expr.free_symbols, key=lambda s: s.name))
    return syms, sp.lambdify(syms, expr, "numpy")


def value(expr, env):
    """``expr`` on the (array) values of ``env`` (keyed by object or name), broadcast to the shape of its inputs."""
    env = named(env)
    syms, f = np_fn(sp.sympify(expr))
    return np.broadcast_to(np.asarray(f(*(env[s.name] for s in syms)), dtype=float),
                           np.broadcast_shapes(*(np.shape(env[s.name]) for s in syms)) if syms else ())


def sides(rel, env):
    """``(rel, lhs, rhs)`` of one relation on the (array) values of ``env``, ``≥``/``>`` flipped into ``≤``/``<``,
    the sides broadcast together."""
    if isinstance(rel, (sp.GreaterThan, sp.StrictGreaterThan)):
        rel = (sp.Le if isinstance(rel, sp.GreaterThan) else sp.Lt)(rel.rhs, rel.lhs)
    lhs, rhs = np.broadcast_arrays(value(rel.lhs, env), value(rel.rhs, env))
    return rel, lhs, rhs


def closeness(statement, env: dict, floor=0.0):
    """Elementwise closeness of ``statement`` to failing, the measure that picks the index to judge:
    ``|lhs − rhs|`` for ``=``, ``(lhs − rhs)/max(|rhs|, floor)`` for bounds (sides below ``floor`` are round-off,
    their relative gap no datum), the maximum over the parts of an ``And``, NaN as ``+∞``; broadcast to the shape
    of the statement's inputs."""
    env = named(env)
    out = None
    for part in (statement.args if isinstance(statement, sp.And) else (statement,)):
        rel, lhs, rhs = sides(part, env)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = (np.abs(lhs - rhs) if isinstance(rel, sp.Equality)
                 else (lhs - rhs) / np.maximum(np.abs(rhs), max(float(floor), 1e-300)))
        s = np.where(np.isnan(s), np.inf, s)
        out = s if out is None else np.maximum(out, s)
    return np.broadcast_to(out, np.broadcast_shapes(out.shape, *(np.shape(env[x.name]) for x in statement.free_symbols)))


def judge(statement, env: dict, atol) -> tuple[float, dict]:
    """Worst violation score of ``statement`` over the (array) values in ``env``: score > 0 means violated
    (``|lhs − rhs| > atol`` for Eq; ``rhs − lhs < −atol`` for ≤/≥, ``≤ atol`` for </>); every part of an ``And``
    judged, the worst reported, the normalised slack the lowest over the parts."""
    if isinstance(statement, sp.And):
        parts = [judge(r, env, atol) for r in statement.args]
        nss = [i["normalised_slack"] for _, i in parts if i["normalised_slack"] is not None]
        s, info = max(parts, key=lambda t: t[0])
        return s, info | {"normalised_slack": min(nss) if nss else None}
    tol = atol(statement) if callable(atol) else atol
    rel, lhs, rhs = sides(statement, env)
    tol = np.broadcast_to(tol, lhs.shape)
    if isinstance(rel, sp.Equality):
        score = np.abs(lhs - rhs) - tol
    elif isinstance(rel, sp.LessThan):
        score = (lhs - rhs) - tol
    else:
        score = (lhs - rhs) + tol
    score = np.where(np.isnan(score), np.inf, score)
    i = int(np.argmax(score)) if score.size else 0
    s = float(score.reshape(-1)[i]) if score.size else -np.inf
    with np.errstate(divide="ignore", invalid="ignore"):    # relation's measure; 0/0 (both sides 0) is no datum
        gap = -np.abs(lhs - rhs) if isinstance(rel, sp.Equality) else rhs - lhs
        ns = (gap / (np.abs(lhs) + np.abs(rhs))).astype(float)
    ns = ns[np.isfinite(ns)]
    return s, {"index": i, "lhs": float(lhs.reshape(-1)[i]), "rhs": float(rhs.reshape(-1)[i]),
               "tolerance": float(tol.reshape(-1)[i]), "relation": str(rel),
               "normalised_slack": float(ns.min()) if ns.size else None}


def float_cases(claim, cases, evaluate, *, tier="float64", tol="", label="", extra=None) -> Evidence:
    """Evidence of ``claim.statement`` judged on every ``(env, atol, note)`` that ``evaluate(case)`` returns, for
    every case: the worst case is reported (the first violation with its parameters), the lowest normalised slack
    over every evaluation is the tightness (the scale of ``sloppy mutate``)."""
    worst, n, tight = None, 0, None
    for case in map(Point, cases):
        for env, atol, note in evaluate(case):
            s, info = judge(claim.statement, env, atol)
            n += 1
            if worst is None or s > worst[0]:
                worst = (s, case, info, note)
            ns = info.pop("normalised_slack")
            if ns is not None and (tight is None or ns < tight["normalised_slack"]):
                tight = {"measure": "lowest normalised slack (rhs - lhs)/(|lhs| + |rhs|)", "normalised_slack": ns,
                         "at": case, "where": note}
    s, case, info, note = worst
    wc = {"parameters": case, "where": note} | info
    data = {"evaluations": n} | (extra or {})
    if s > 0:
        return Evidence(tier, "violated", f"{label}violated at {point_text(case)} ({note}): lhs={info['lhs']:.12g} "
                        f"rhs={info['rhs']:.12g}", worst_case=wc, tolerance=tol, data=data)
    return Evidence(tier, "holds", f"{label}held on {n} {'float64 ' * (tier == 'float64')}evaluations; worst margin "
                    f"{-s:.3g} at {point_text(case)} ({note})", worst_case=wc, tolerance=tol, data=data,
                    tightness=tight)
