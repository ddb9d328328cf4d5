"""The homogeneous reduction: a claim in two positive parameters whose every relation is homogeneous is a claim in
their ratio, certified in one dimension.

Let ``x`` on ``X``, ``y`` on ``Y`` (real intervals in ``(0, oo)``: a lower end 0 must be open), and every relation
``a R b`` of the statement and of the assumptions have ``e = a - b`` with ``e(v y, y) = y^d e(v, 1)``
identically for ``v, y > 0`` (SymPy's exact zero of the difference; ``d`` rational, per relation), hence also
``e(x, w x) = x^d e(1, w)`` (both are ``(w x)^d e(1/w, 1)``).  Since ``y^d > 0``, ``a R b`` at ``(x, y)`` is
``a R b`` at ``(x/y, 1)``, so on the half ``S1 = {x <= y}`` of the box the claim is the claim ``C1`` in ``v = x/y``
over the image of ``S1``, and on ``S2 = {y <= x}`` the claim ``C2`` in ``w = y/x`` over the image of ``S2``: both
images lie in ``(0, 1]``.  The image of ``S1`` (convex, so an interval) has the ends ``inf X / sup Y`` (attained
when both ends are closed) and ``min(1, sup X / inf Y)`` (``1``, attained on the diagonal, when the intervals overlap
in more than a point; else the corner, attained when both ends are closed); ``S1`` is dropped when
``inf X >= sup Y`` (then ``S1`` lies on the diagonal, inside ``S2``), and so is a half on which a polynomial
assumption holds nowhere (SymPy's exact solution set over the image is empty; ``x < y`` on ``S2``).  The claim
holds on the box iff the kept halves' claims hold; a violation of ``C1`` at ``v`` is one of the claim at any
``(v y, y)`` of the box.

:func:`certify` proves the claim by proving both halves (a certificate whose one box, the domain, has the method
``homogeneous`` and records each half's ratio, relation degrees, ratio range and certificate, all re-derived from the
claim and the certificates replayed by :func:`check`); a violation of a half seeds the plain two-dimensional
search with its point mapped back (the certificate is the plain one, its counterexample certified at that point in
``x, y``); otherwise (a half undecided) the plain certificate stands.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from sloppy_verifier.theory.claim import Claim, Interval, Param

from ..rationals import simplest_between
from .bnb import PREC, CertResult, Dim, dims_of, hypotheses, statement_text
from .bnb import _rational as seed_rational
from .bnb import certify as certify_box

METHOD = "homogeneous"


@dataclass(frozen=True)
class Half:
    """``S1`` (``ratio = (x, y)``: ``v = x/y``) or ``S2`` (``(y, x)``), its claim in the ratio and its image."""

    num: str
    den: str
    claim: Claim
    dim: Dim
    degrees: tuple[Fraction, ...]


def _degree(e, x, y) -> Fraction | None:
    """The rational ``d`` with ``e(v y, y) = y^d e(v, 1)`` identically for ``v, y > 0``, else None: ``d`` is read
    off numerically (``y = 2``), tried at ``y = 3`` and only then proved by SymPy (the exact zero of the difference).
    The swapped identity ``e(x, w x) = x^d e(1, w)`` follows: both sides are ``(w x)^d e(1/w, 1)``."""
    pv, py = sp.Symbol("v", positive=True), sp.Symbol("y", positive=True)
    scaled, unit = e.xreplace({x: pv * py, y: py}), e.xreplace({x: pv, y: 1})
    try:
        for v0 in (sp.Rational(3, 7), sp.Rational(5, 11)):
            a, b = (complex(sp.N(scaled.xreplace({pv: v0, py: k}), 30)) for k in (2, 3))
            c = complex(sp.N(unit.xreplace({pv: v0}), 30))
            if abs(a) > 1e-12 and abs(c) > 1e-12 and abs(a.imag) + abs(c.imag) < 1e-20 and a.real * c.real > 0:
                d = Fraction(math.log2(a.real / c.real)).limit_denominator(24)
                if abs(b - 3 ** float(d) * c) > 1e-9 * abs(b):
                    return None
                if sp.simplify(scaled - py ** sp.Rational(d.numerator, d.denominator) * unit) == 0:
                    return d
                return None
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return None


def _relations(claim: Claim) -> list:
    """Every relation of the statement and of the assumptions (the atoms of ``And``/``Or``/``Not``)."""
    out = []
    for h in (claim.statement, *hypotheses(claim)):
        out += [a for a in sp.preorder_traversal(h) if isinstance(a, sp.core.relational.Relational)]
    return out


def _image(xd: Dim, yd: Dim) -> tuple | None:
    """``(lo, hi, open_lo, open_hi)`` of the image of ``{x <= y}`` of the box under ``x/y``, None when that half
    lies on the diagonal inside the other (or is empty)."""
    if xd.lo >= yd.hi:
        return None
    lo, open_lo = xd.lo / yd.hi, xd.open_lo or yd.open_hi
    if yd.lo > 0 and xd.hi <= yd.lo:
        return lo, xd.hi / yd.lo, open_lo, xd.open_hi or yd.open_lo
    return lo, Fraction(1), open_lo, False


def halves(claim: Claim) -> list[Half] | None:
    """The claims ``C1``, ``C2`` of a homogeneous claim in two positive parameters (module docstring), or None
    when the reduction does not apply."""
    try:
        dims = dims_of(claim)
    except Exception:  # noqa: BLE001 - a domain the box search does not take: no reduction either
        return None
    if len(dims) != 2 or any(d.integer or d.lo < 0 or (d.lo == 0 and not d.open_lo) or d.lo >= d.hi for d in dims):
        return None
    if {s.name for s in claim.statement.free_symbols} != {d.name for d in dims}:
        return None
    syms = {s.name: s for h in (claim.statement, *hypotheses(claim)) for s in h.free_symbols}
    x, y = syms[dims[0].name], syms[dims[1].name]
    rels = _relations(claim)
    degrees = tuple(_degree(r.lhs - r.rhs, x, y) for r in rels)
    if not rels or None in degrees:
        return None
    out = []
    for (a, da), (b, db) in (((x, dims[0]), (y, dims[1])), ((y, dims[1]), (x, dims[0]))):
        img = _image(da, db)
        if img is None:
            continue
        lo, hi, open_lo, open_hi = img
        if lo >= hi:
            return None          # a half of one point: left to the plain search
        name = f"{a.name}_over_{b.name}"
        r = sp.Symbol(name)
        sub = {a: r, b: sp.Integer(1)}
        rng = Interval(sp.Rational(lo.numerator, lo.denominator), sp.Rational(hi.numerator, hi.denominator),
                       open_lo, open_hi)
        hyps = tuple(h.xreplace(sub) for h in hypotheses(claim))
        if _excluded(hyps, r, rng):
            continue
        reduced = claim.variant(statement=claim.statement.xreplace(sub), parameters=(Param(name, rng),),
                                assumptions=hyps)
        out.append(Half(a.name, b.name, reduced, Dim(name, lo, hi, False, open_lo, open_hi), degrees))
    return out


def _excluded(hyps, r, rng: Interval) -> bool:
    """Whether an assumption polynomial in ``r`` holds nowhere on ``rng`` (SymPy's exact solution set is empty):
    the half is then no part of the claim's domain."""
    dom = sp.Interval(rng.lo, rng.hi, rng.open_lo, rng.open_hi)
    for h in hyps:
        if isinstance(h, sp.core.relational.Relational) and (h.lhs - h.rhs).is_polynomial(r):
            try:
                if sp.solveset(h, r, domain=dom) is sp.EmptySet:
                    return True
            except (NotImplementedError, TypeError, ValueError):
                continue
    return False


def _back(half: Half, dims, r: Fraction) -> dict | None:
    """A rational point ``(num, den)`` of the box with ``num/den = r``: ``den`` the simplest rational of the middle
    half of ``Y cap X/r`` (interior points), else its one point, or None."""
    dn = next(d for d in dims if d.name == half.den)
    dm = next(d for d in dims if d.name == half.num)
    lo, hi = max(dn.lo, dm.lo / r), min(dn.hi, dm.hi / r)
    den = simplest_between((3 * lo + hi) / 4, (lo + 3 * hi) / 4) if lo < hi else lo
    if not (dn.contains(den) and dm.contains(r * den)):
        return None
    return {half.num: r * den, half.den: den}


def certify(claim: Claim, *, seed_points=(), time_budget: float = 5.0, max_boxes: int = 200_000,
            prec: int = PREC) -> CertResult:
    """``bnb.certify`` of ``claim``, through the homogeneous reduction where it applies (module docstring): the halves
    share ``max_boxes`` (each gets what the ones before left) and the time; the plain search, where it runs, gets
    ``max_boxes`` again and the time left."""
    hs = halves(claim)
    if not hs:
        return certify_box(claim, seed_points=seed_points, time_budget=time_budget, max_boxes=max_boxes, prec=prec)
    t0 = time.perf_counter()
    results, seeds, left = [], list(seed_points), max_boxes
    for h in hs:
        r = certify_box(h.claim, seed_points=_ratio_seeds(h, seeds),
                        time_budget=max(time_budget - (time.perf_counter() - t0), 0.0), max_boxes=max(left, 1),
                        prec=prec)
        results.append(r)
        left -= r.certificate.get("n_boxes", 0)
        if r.status == "violated":
            point = _back(h, dims_of(claim), r.counterexample[h.dim.name])
            seeds = ([point] if point else []) + seeds
        if r.status != "proved":
            break
    if all(r.status == "proved" for r in results):
        return _proved(claim, hs, results, time.perf_counter() - t0, prec)
    return certify_box(claim, seed_points=seeds, time_budget=max(time_budget - (time.perf_counter() - t0), 0.0),
                       max_boxes=max_boxes, prec=prec)


def _ratio_seeds(half: Half, seeds) -> list[dict]:
    """The seeds of the half ``num <= den`` as points of its ratio (an unusable seed is skipped)."""
    out = []
    for p in seeds:
        try:
            a, b = seed_rational(p[half.num]), seed_rational(p[half.den])
        except (KeyError, TypeError, ValueError, ZeroDivisionError, OverflowError):
            continue
        if 0 < a <= b:
            out.append({half.dim.name: a / b})
    return out


def _record(h: Half, certificate: dict) -> dict:
    """A half's entry of a certificate: its ratio, the relations' degrees, the ratio's range, its certificate."""
    return {"ratio": [h.num, h.den], "degrees": [str(d) for d in h.degrees], "range": _interval(h.dim),
            "certificate": certificate}


def _proved(claim, hs, results, seconds, prec) -> CertResult:
    dims = dims_of(claim)
    data = {"version": 1, "status": "proved", "statement": statement_text(claim),
            "assumptions": [sp.srepr(h) for h in hypotheses(claim)], "prec": prec, "coverage": "1",
            "coverage_exact": "1", "params": [d.name for d in dims], "integer": [False, False],
            "domain": {"lo": [str(d.lo) for d in dims], "hi": [str(d.hi) for d in dims]},
            "boxes": [{"lo": [str(d.lo) for d in dims], "hi": [str(d.hi) for d in dims], "status": "certified",
                       "method": METHOD, "slack_lo": "0"}],
            "homogeneous": [_record(h, r.certificate) for h, r in zip(hs, results)],
            "tight_points": [], "undecided_summary": "", "counterexample": None, "counterexample_slack": None,
            "tightest": None, "not_certifiable": None, "seconds": round(seconds, 3),
            "n_boxes": sum(r.certificate.get("n_boxes", 0) for r in results)}
    ratios = " and ".join(f"{h.num}/{h.den} in {_interval(h.dim)}" for h in hs)
    n = sum(len(r.certificate["boxes"]) for r in results)
    return CertResult("proved", Fraction(1), None, data,
                      f"proved over the whole domain (homogeneous: {ratios}; {n} boxes)")


def _interval(d: Dim) -> str:
    return f"{'(' if d.open_lo else '['}{d.lo}, {d.hi}{')' if d.open_hi else ']'}"


def check(data: dict, claim: Claim, replay_one) -> str:
    """Re-derive the halves of ``claim`` exactly and replay each recorded half certificate against its half's
    claim with ``replay_one(certificate, claim) -> (ok, message)``; raise ValueError naming the failure."""
    hs = halves(claim)
    recorded = data.get("homogeneous")
    if not hs:
        raise ValueError("the claim is not homogeneous in two positive parameters (SymPy): no reduction")
    if not isinstance(recorded, list) or len(recorded) != len(hs):
        raise ValueError(f"{len(hs)} halves re-derived, the certificate records "
                         f"{len(recorded) if isinstance(recorded, list) else 'none'}")
    out = []
    for h, r in zip(hs, recorded):
        derived = _record(h, None)
        for key in ("ratio", "degrees", "range"):
            if not isinstance(r, dict) or r.get(key) != derived[key]:
                raise ValueError(f"half {h.num}/{h.den}: recorded {key} "
                                 f"{r.get(key) if isinstance(r, dict) else r!r}, re-derived {derived[key]}")
        ok, message = replay_one(r.get("certificate"), h.claim)
        if not ok or not message.startswith("replayed: proved"):
            raise ValueError(f"half {h.num}/{h.den}: {message}")
        out.append(f"{h.num}/{h.den} in {_interval(h.dim)}")
    return ", ".join(out)
