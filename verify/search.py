"""Adversarial search for a counterexample to a closed-form relation over a box of scalar parameters.

The statement is a relation (``Le``/``Lt``/``Ge``/``Gt``/``Eq``, or an ``And`` of them) between SymPy
expressions of the claim's parameters, each ranging over an ``Interval`` (exact rational ends of any
denominator, open or closed) or an ``IntRange``; relational assumptions (``Lt``/``Le``/``Gt``/``Ge``/``Eq``/``Ne``
and ``And``/``Or`` of them) cut the box, sentences are prose and ignored.

**Normalised slack.**  A bound ``a <= b`` (``Ge``/``Gt`` flipped) has slack ``s = b - a`` and normalised slack
``s / (|a| + |b|)``, in [-1, 1]: negative exactly where the bound fails, 0 where it is tight, and meaningful when
one side is 0 (``expr > 0`` has normalised slack 1 wherever ``expr > 0``).  Where both sides vanish (0/0) the
point is *degenerate*: it ranks as 0, is reported apart and never as the tightest case (the limit of the
normalised slack towards it is, and the points just beside it are scanned).  ``Eq`` has normalised slack
``-|a - b| / (|a| + |b|)`` (minus the relative error); an ``And`` the minimum over its parts.

**The search** (every random choice seeded by ``claim_seed`` (``verify.strategies``, re-exported here) of the
run's seed and the claim id, nothing else):

1. a vectorised float64 prescan of the *special points* -- every box corner, every interval end, the points just
   inside each end at ``width * 10^-k`` (k = 1, 2, 3, 4, 6, 8, 10, 12), the middle, the simple points 0 and +-1
   when inside and the points beside them at ``width * 10^-k`` (k = 3, 6, 9, 12), the integers of a small
   ``IntRange`` (every point of an all-integer box of at most 2^16 points) -- and of a scrambled Sobol design;
2. the special points, then growing prefixes of the design (the *levels*), each in turn: its lowest new points
   (float64 violations first, then those tighter than 1e-12) are confirmed (step 3), and from its ``starts``
   lowest new points a local search of the normalised slack runs -- axis scans through the point at widths
   ``width * 10^-{0,2,4,6}``, a local Sobol cloud, then bounded Nelder-Mead in the unit cube -- whose end point
   is confirmed when it is tighter than 1e-12;
3. a candidate is turned into exact rationals -- the simplest rational within ``width * 10^-k`` (k = 3, 6, 9, 12)
   of the float, then the float itself -- inside the box, the assumptions are re-checked exactly, and the
   statement is evaluated by ``verify.check.relation`` at ``dps`` and at ``dps2`` digits.  Only a point
   violated at both precisions, with the violation's size agreeing between two precisions (and a bound's
   slack <= 0), is a counterexample (``_Problem.violated``); a float candidate that does not confirm is
   counted, never reported violated.  The search stops at the first counterexample.

**Monotone in effort.**  A search with ``points = P`` runs the levels ``P/4^j`` (down to 256) in increasing
order; a level's design is a prefix of the next, a point once used is not used again, and the work of a level
depends only on what came before it.  So a search with ``4P`` points repeats every step of the search with ``P``
before doing more, and one with more ``starts`` makes a superset of its local searches: a claim violated with
``P`` points is violated with ``4P``.
"""
from __future__ import annotations

import itertools
import math
import time
import warnings
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import sympy as sp
from scipy.optimize import minimize
from scipy.stats import qmc

from sloppy_verifier.theory.claim import Claim, Interval, IntRange

from .check import relation
from .evidence import Evidence, point_text
from .mpeval import context, exact, mp_value
from .rationals import simplest_between
from .strategies import claim_seed

#: Search sizes per profile.  ``points`` grow by 4 so each profile repeats the lighter one's search.
BUDGETS = {"quick": {"points": 2 ** 12, "starts": 8},
           "standard": {"points": 2 ** 14, "starts": 16},
           "thorough": {"points": 2 ** 16, "starts": 32}}
MIN_LEVEL = 256
EDGE_EXPONENTS = (1, 2, 3, 4, 6, 8, 10, 12)
SIMPLE_EXPONENTS = (3, 6, 9, 12)
RATIONAL_EXPONENTS = (3, 6, 9, 12)
SPECIAL_CANDIDATES = 32    # lowest special points confirmed at high precision
PRESCAN_CANDIDATES = 8     # lowest new design points confirmed per level
TIGHTEST = 5               # reported tightest points (evaluated at dps)
SAMPLES = 200              # prescan points kept for figures
FULL_PRODUCT = 2 ** 14     # largest product of per-axis special values scanned in full
EXHAUSTIVE = 2 ** 16       # an all-integer box this small is enumerated
_BAD = 2.0                 # objective outside the domain (normalised slack is in [-1, 1])
_FLIP = {sp.Ge: sp.Le, sp.Gt: sp.Lt}


class SearchUnsupported(ValueError):
    """The claim is not a relation between expressions of Interval/IntRange parameters (one line)."""


@dataclass
class SearchResult:
    """What :func:`adversarial_search` found.

    ``counterexample``: exact point (name -> Fraction, int for IntRange) violated at ``dps`` and ``dps2``;
    ``relation`` the failing part of the statement and ``lhs``/``rhs`` its two sides as written (mpf at ``dps``).
    ``tightest``: the
    lowest non-degenerate distinct points, each ``{"at": exact point, "normalised_slack": float at dps,
    "lhs", "rhs"}`` (seeds for a certifier).  ``degenerate``: up to 5 float points where both sides vanish.
    ``samples``: up to 200 ``(point of floats, normalised slack, rhs/lhs)`` of the prescan (float64), for figures.
    ``unconfirmed``: float candidates (negative float slack) that held at high precision; ``undefined``: points
    where a side is NaN/inf in float64 (unknown, never a violation).
    """

    status: str
    counterexample: dict | None = None
    relation: object = None
    lhs: object = None
    rhs: object = None
    distinct_points: int = 0
    local_searches: int = 0
    exhaustive: bool = False
    tightest: list = field(default_factory=list)
    degenerate: list = field(default_factory=list)
    samples: list = field(default_factory=list)
    unconfirmed: int = 0
    undefined: int = 0
    dps: int = 50
    dps2: int = 60
    seconds: float = 0.0


# ---------------------------------------------------------------- exact helpers
@dataclass(frozen=True)
class _Axis:
    name: str
    lo: Fraction
    hi: Fraction
    open_lo: bool = False
    open_hi: bool = False
    integer: bool = False

    @property
    def width(self) -> Fraction:
        return self.hi - self.lo

    def inside(self, v: Fraction) -> bool:
        return (v > self.lo if self.open_lo else v >= self.lo) and (v < self.hi if self.open_hi else v <= self.hi)

    def specials(self) -> list[Fraction]:
        """Ends, points just inside the ends, the middle, and 0, +-1 when inside (exact)."""
        if self.integer:
            n = int(self.hi - self.lo) + 1
            if n <= 64:
                return [self.lo + k for k in range(n)]
            lo, hi = int(self.lo), int(self.hi)
            simple = {v for v in (0, 1, -1) if lo <= v <= hi}
            return [Fraction(v) for v in sorted({lo, lo + 1, lo + 2, (lo + hi) // 2, hi - 2, hi - 1, hi} | simple)]
        w = self.width
        simple = [v for v in (Fraction(0), Fraction(1), Fraction(-1)) if self.lo < v < self.hi]
        vals = {self.lo, self.hi, self.lo + w / 2, *simple}
        for k in EDGE_EXPONENTS:
            vals |= {self.lo + w / 10 ** k, self.hi - w / 10 ** k}
        for k in SIMPLE_EXPONENTS:
            vals |= {v + sign * w / 10 ** k for v in simple for sign in (-1, 1)}
        return sorted(v for v in vals if self.inside(v))

    def effective_ends(self) -> list[Fraction]:
        """The corners of the axis: its ends, or the nearest scanned points inside an open end."""
        w = self.width
        if self.integer:
            return sorted({self.lo, self.hi})
        return sorted({self.lo + w / 10 ** 12 if self.open_lo else self.lo,
                       self.hi - w / 10 ** 12 if self.open_hi else self.hi})

    def to_float(self, u):
        lo, w = float(self.lo), float(self.width)
        if self.integer:
            return lo + np.minimum(np.floor(u * (w + 1)), w)
        return lo + u * w

    def rationals(self, x: float):
        """Exact values near the float ``x`` inside the axis: simplest rationals in shrinking windows."""
        if self.integer:
            v = Fraction(min(max(round(x), int(self.lo)), int(self.hi)))
            yield v
            return
        xf, w = exact(x), self.width
        for k in RATIONAL_EXPONENTS:
            r = w / 10 ** k
            a, b = min(max(xf - r, self.lo), self.hi), min(max(xf + r, self.lo), self.hi)
            if self.open_lo and a == self.lo:
                a = self.lo + (b - self.lo) / 1024
            if self.open_hi and b == self.hi:
                b = self.hi - (self.hi - a) / 1024
            if a <= b:
                yield simplest_between(a, b)
        if self.inside(xf):
            yield xf


def _axes(claim: Claim) -> list[_Axis]:
    axes = []
    for p in claim.parameters:
        d = p.domain
        if isinstance(d, Interval):
            ax = _Axis(p.name, exact(d.lo), exact(d.hi), d.open_lo, d.open_hi)
            if ax.lo == ax.hi and (ax.open_lo or ax.open_hi):
                raise SearchUnsupported(f"claim {claim.id}: parameter {p.name} has an empty domain {d}")
            axes.append(ax)
        elif isinstance(d, IntRange):
            axes.append(_Axis(p.name, Fraction(d.lo), Fraction(d.hi), integer=True))
    return axes


def _relations(statement) -> list[tuple[sp.Expr, sp.Expr, str]]:
    """The statement's parts as (a, b, kind): ``a <= b`` ('le'), ``a < b`` ('lt'), ``a = b`` ('eq')."""
    parts = statement.args if isinstance(statement, sp.And) else (statement,)
    out = []
    for rel in parts:
        if type(rel) in _FLIP:
            rel = _FLIP[type(rel)](rel.rhs, rel.lhs)
        kind = {sp.LessThan: "le", sp.StrictLessThan: "lt", sp.Equality: "eq"}.get(type(rel))
        if kind is None:
            raise SearchUnsupported(f"unsupported relation {type(rel).__name__} in the statement")
        out.append((rel.lhs, rel.rhs, kind))
    return out


def _is_hypothesis(a) -> bool:
    if isinstance(a, (sp.And, sp.Or, sp.Not)):
        return all(_is_hypothesis(x) for x in a.args)
    return isinstance(a, sp.core.relational.Relational)


def searchable(claim: Claim) -> bool:
    """Whether :func:`adversarial_search` applies: every free symbol of the statement and of its relational
    assumptions is an Interval/IntRange parameter, and the statement is a relation or an And of relations."""
    try:
        names = {a.name for a in _axes(claim)}
        _relations(claim.statement)
    except SearchUnsupported:
        return False
    hyps = [a for a in claim.assumptions if isinstance(a, sp.Basic) and _is_hypothesis(a)]
    used = set().union(claim.statement.free_symbols, *(h.free_symbols for h in hyps))
    return bool(names) and {s.name for s in used} <= names


# ---------------------------------------------------------------- the search
class _Problem:
    """The claim compiled for float64 (vectorised) and exact evaluation."""

    def __init__(self, claim: Claim, dps: int, dps2: int):
        if not searchable(claim):
            raise SearchUnsupported(f"claim {claim.id}: the adversarial search needs a relation between "
                                    "expressions of Interval/IntRange parameters")
        self.claim, self.dps, self.dps2 = claim, dps, dps2
        self.axes = _axes(claim)
        self.symbols = [sp.Symbol(a.name) for a in self.axes]
        self.parts = [(self._compile(a), self._compile(b), kind) for a, b, kind in _relations(claim.statement)]
        self.hyps = [h for h in claim.assumptions if isinstance(h, sp.Basic) and _is_hypothesis(h)]
        self.hyp_fns = [self._compile(h) for h in self.hyps]
        self.lo, self.hi = (np.array([float(getattr(ax, e)) for ax in self.axes]) for e in ("lo", "hi"))
        self.open_lo, self.open_hi = (np.array([getattr(ax, e) for ax in self.axes]) for e in ("open_lo", "open_hi"))
        self.evaluated: list[np.ndarray] = []   # every valid float point, for the distinct count
        self.undefined = 0

    def _compile(self, expr):
        fn = sp.lambdify(self.symbols, expr, modules=["scipy", "numpy"])

        def f(X):
            return np.broadcast_to(np.asarray(fn(*X.T)), (X.shape[0],))
        return f

    def in_box(self, X) -> np.ndarray:
        above = np.where(self.open_lo, X > self.lo, X >= self.lo)
        below = np.where(self.open_hi, X < self.hi, X <= self.hi)
        return np.all(above & below, axis=1)

    def slack(self, X, record=True):
        """Normalised slack (degenerate 0/0 ranks as 0), the float-violation mask and the degenerate mask;
        points outside the domain or with a NaN/inf side get ``_BAD`` and are not counted."""
        with np.errstate(all="ignore"):      # NaN/inf are handled below (the search silences other warnings)
            valid = self.in_box(X)
            for h in self.hyp_fns:
                valid &= h(X).astype(bool)
            ns = np.full(X.shape[0], np.inf)
            bad = np.zeros(X.shape[0], bool)
            degenerate = np.zeros(X.shape[0], bool)
            defined = np.ones(X.shape[0], bool)
            for fa, fb, kind in self.parts:
                a, b = fa(X), fb(X)
                for v in (a, b):
                    if np.iscomplexobj(v):      # e.g. scipy functions of negative arguments: real only
                        defined &= v.imag == 0
                a, b = np.real(a).astype(float), np.real(b).astype(float)
                defined &= np.isfinite(a) & np.isfinite(b)
                den = np.abs(a) + np.abs(b)
                zero = den == 0
                q = np.where(zero, 1.0, den)
                part = -np.abs(b - a) / q if kind == "eq" else (b - a) / q
                part = np.where(zero, 0.0, part)
                bad_part = {"le": b - a < 0, "lt": b - a <= 0, "eq": np.abs(b - a) > 2.0 ** -40 * den}[kind]
                lower = part < ns
                degenerate = np.where(lower, zero, degenerate | (zero & (part == ns)))
                ns = np.minimum(ns, part)
                bad |= bad_part
        if record:
            self.undefined += int(np.sum(valid & ~defined))
            self.evaluated.append(X[valid & defined])
        ok = valid & defined
        return np.where(ok, ns, _BAD), bad & ok, degenerate & ok

    def assumptions_hold(self, point: dict) -> bool:
        """The relational assumptions at the exact point (SymPy decides comparisons of numbers); an
        assumption SymPy cannot decide there counts as failing, so the point is not used."""
        env = {sp.Symbol(k): sp.Rational(v.numerator, v.denominator) for k, v in point.items()}
        return all(h.subs(env) is sp.true for h in self.hyps)

    def exact_points(self, x) -> list[dict]:
        """Exact points near the float point ``x`` inside the box: per axis the simplest rationals in shrinking
        windows, then the float's own value (an axis with fewer candidates repeats its last)."""
        per_axis = [list(ax.rationals(v)) for ax, v in zip(self.axes, x)]
        points = []
        for k in range(max(map(len, per_axis))):
            point = {ax.name: vals[min(k, len(vals) - 1)] for ax, vals in zip(self.axes, per_axis)}
            if point not in points:
                points.append(point)
        return points

    @staticmethod
    def high_precision(statement, point: dict, dps: int) -> dict | None:
        """``relation`` at the exact point, or None where a side is undefined (complex, division by 0)."""
        try:
            return relation(statement, point, dps)
        except (ArithmeticError, TypeError, ValueError):
            return None

    def confirm(self, x) -> tuple[dict, dict] | None:
        """The first exact point near ``x`` that is a counterexample (:meth:`violated`), with its relation at dps."""
        for point in self.exact_points(x):
            if self.assumptions_hold(point):
                r = self.violated(point)
                if r is not None:
                    return _typed(point, self.axes), r
        return None

    def violated(self, point: dict) -> dict | None:
        """The relation of the first part of the statement that ``point`` violates (at ``dps``), or None.

        A part is violated when it fails (``verify.check.relation``) at ``dps`` and at ``dps2``, its margin
        (slack, or relative error for Eq) agrees to 1/8 of its size at two successive precisions (``dps2``
        doubled up to twice when not: round-off of a cancellation never agrees), and for a bound the agreed
        slack is <= 0 (a strict bound whose slack is positive but below the tolerance still holds there)."""
        parts = self.claim.statement.args if isinstance(self.claim.statement, sp.And) else (self.claim.statement,)
        for part in parts:
            first = self.high_precision(part, point, self.dps)
            if first is None or first["ok"]:
                continue
            prev = first
            for dps in (self.dps2, 2 * self.dps2, 4 * self.dps2):
                r = self.high_precision(part, point, dps)
                if r is None or r["ok"] or not context(dps).isfinite(r["margin"]):
                    break
                if abs(r["margin"] - prev["margin"]) <= abs(r["margin"]) / 8:
                    if isinstance(part, sp.Equality) or r["margin"] <= 0:
                        return first
                    break
                prev = r
        return None


def _failing_sides(statement, point: dict, dps: int):
    """The first part of the statement that fails at ``point``, with its two sides as written, at ``dps``."""
    parts = statement.args if isinstance(statement, sp.And) else (statement,)
    part = next((r for r in parts if not relation(r, point, dps)["ok"]), parts[0])
    return part, mp_value(part.lhs, point, dps), mp_value(part.rhs, point, dps)


def _typed(point: dict, axes) -> dict:
    return {ax.name: (int(point[ax.name]) if ax.integer else point[ax.name]) for ax in axes}


def _special_points(axes) -> np.ndarray:
    per_axis = [ax.specials() for ax in axes]
    if math.prod(len(v) for v in per_axis) <= FULL_PRODUCT:
        rows = itertools.product(*per_axis)
    else:   # corners (with the middle) in full; each axis's special values with the others at their corners
        corners = [ax.effective_ends() + [ax.lo + ax.width / 2] for ax in axes]
        rows = list(itertools.product(*corners)) if math.prod(map(len, corners)) <= FULL_PRODUCT else []
        base = [c[0] for c in corners]
        rows += [tuple(v if i == j else base[i] for i in range(len(axes))) for j, vals in enumerate(per_axis)
                 for v in vals]
    return np.array([[float(v) for v in row] for row in rows], float).reshape(-1, len(axes))


def _new_lowest(X, rank, limit, done: set, tag: str) -> list:
    """Indices of the ``limit`` lowest-ranked finite rows not yet in ``done`` (stable; added to ``done``).
    A point once used is never used again, so a search with more points or starts repeats every step of a
    lighter one (module docstring)."""
    out = []
    for i in np.argsort(rank, kind="stable"):
        if not np.isfinite(rank[i]) or rank[i] >= _BAD or len(out) >= limit:
            break
        key = (tag, X[i].tobytes())
        if key not in done:
            done.add(key)
            out.append(i)
    return out


class _Search:
    def __init__(self, prob: _Problem, seed: int):
        self.prob, self.seed = prob, seed
        self.cont = [j for j, ax in enumerate(prob.axes) if not ax.integer]   # the axes a local search moves
        self.lo, self.hi = prob.lo, prob.hi
        self.done: set = set()
        self.local = 0
        self.unconfirmed = 0
        self.best: list = []        # (ns, x) of local-search ends and candidates, for the tightest report

    def try_confirm(self, x, bad: bool):
        """High-precision confirmation of a float candidate; None when it does not confirm."""
        found = self.prob.confirm(x)
        if found is None and bad:
            self.unconfirmed += 1
        return found

    def local_search(self, x0):
        """Axis scans, a local Sobol cloud, then bounded Nelder-Mead from ``x0``: the end point and its slack."""
        self.local += 1
        best = (self.prob.slack(x0[None, :])[0][0], x0.copy())
        w = self.hi - self.lo
        for j in self.cont:            # 1-D refinement along each continuous axis through the point
            rows, c = [], best[1][j]
            for rho in (1.0, 1e-2, 1e-4, 1e-6):
                t = np.clip(np.linspace(c - rho * w[j], c + rho * w[j], 65), self.lo[j], self.hi[j])
                Y = np.repeat(best[1][None, :], t.size, axis=0)
                Y[:, j] = t
                rows.append(Y)
            best = self._improve(best, rows)
        if len(self.cont) >= 2:        # a local cloud in the continuous axes
            cloud = qmc.Sobol(len(self.cont), scramble=True, seed=self.seed ^ 0x5EED).random(64)
            rows = []
            for rho in (1e-1, 1e-3, 1e-5):
                Y = np.repeat(best[1][None, :], cloud.shape[0], axis=0)
                Y[:, self.cont] = np.clip(best[1][self.cont] + (2 * cloud - 1) * rho * w[self.cont],
                                          self.lo[self.cont], self.hi[self.cont])
                rows.append(Y)
            best = self._improve(best, rows)
        if self.cont and best[0] < _BAD:
            best = self._nelder_mead(best)
        return best

    def _improve(self, best, rows):
        """``best`` (normalised slack, point) replaced by the least-slack point of the stacked ``rows``, if lower."""
        Y = np.concatenate(rows)
        ns = self.prob.slack(Y)[0]
        i = int(np.argmin(ns))
        return (ns[i], Y[i].copy()) if ns[i] < best[0] else best

    def _nelder_mead(self, best):
        cont, w = self.cont, self.hi - self.lo
        base = best[1].copy()
        wc = np.where(w[cont] > 0, w[cont], 1.0)

        def f(u):
            y = base.copy()
            y[cont] = self.lo[cont] + np.clip(u, 0, 1) * w[cont]
            return float(self.prob.slack(y[None, :])[0][0])

        u0 = (base[cont] - self.lo[cont]) / wc
        step = 1e-3
        simplex = np.vstack([u0] + [np.clip(u0 + step * np.eye(len(cont))[i] * (1 if u0[i] < 0.5 else -1), 0, 1)
                                    for i in range(len(cont))])
        res = minimize(f, u0, method="Nelder-Mead", bounds=[(0, 1)] * len(cont),
                       options={"initial_simplex": simplex, "maxfev": 150 * len(cont), "xatol": 1e-13, "fatol": 1e-17})
        if res.fun < best[0]:
            y = base.copy()
            y[cont] = self.lo[cont] + np.clip(res.x, 0, 1) * w[cont]
            return (float(res.fun), y)
        return best


def adversarial_search(claim: Claim, *, seed: int, points: int = BUDGETS["quick"]["points"],
                       starts: int = BUDGETS["quick"]["starts"], dps: int = 50, dps2: int | None = None,
                       ) -> SearchResult:
    """Search the claim's box for a counterexample (module docstring: the method and its guarantees).

    ``seed`` is the run's seed; the search's own seed is ``claim_seed(seed, claim.id)``.  ``points``: size of the
    Sobol design (rounded down to ``MIN_LEVEL * 4^j``); ``starts``: local searches per level; ``dps``/``dps2``
    (default ``dps + 10``): the two precisions a counterexample must fail at.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")      # float64 overflow/invalid: treated as unknown points
        return _adversarial_search(claim, seed, points, starts, dps, dps + 10 if dps2 is None else dps2)


def search_in_context(claim: Claim, ctx) -> SearchResult:
    """:func:`adversarial_search` with a ``verify.context.Context``'s seed, precisions and profile budget
    (``BUDGETS[ctx.profile.name]``)."""
    return adversarial_search(claim, seed=ctx.seed, dps=ctx.dps, dps2=ctx.dps2, **BUDGETS[ctx.profile.name])


def _adversarial_search(claim, seed, points, starts, dps, dps2) -> SearchResult:
    t0 = time.perf_counter()
    prob = _Problem(claim, dps, dps2)
    s = claim_seed(seed, claim.id)
    search = _Search(prob, s)
    d = len(prob.axes)
    special = _special_points(prob.axes)
    result = SearchResult("holds", dps=dps, dps2=dps2)
    n_int = math.prod(int(ax.width) + 1 for ax in prob.axes) if all(ax.integer for ax in prob.axes) else None
    if n_int is not None and n_int <= EXHAUSTIVE:
        design = np.array(list(itertools.product(*(range(int(ax.lo), int(ax.hi) + 1) for ax in prob.axes))),
                          float).reshape(-1, d)
        levels, result.exhaustive = [design.shape[0]], True
    else:
        top = MIN_LEVEL * 4 ** max(0, int(math.floor(math.log(max(points, MIN_LEVEL) / MIN_LEVEL, 4))))
        u = qmc.Sobol(d, scramble=True, seed=s).random(top)
        design = np.column_stack([ax.to_float(u[:, j]) for j, ax in enumerate(prob.axes)])
        levels = [top // 4 ** j for j in range(10) if top // 4 ** j >= MIN_LEVEL][::-1]

    ns_sp, bad_sp, deg_sp = prob.slack(special)
    ns_d, bad_d, deg_d = prob.slack(design)
    X = np.concatenate([special, design])
    ns, bad, deg = (np.concatenate(p) for p in ((ns_sp, ns_d), (bad_sp, bad_d), (deg_sp, deg_d)))
    found = None
    n_sp = special.shape[0]
    groups = [(0, n_sp, SPECIAL_CANDIDATES)] + [(n_sp, n_sp + L, PRESCAN_CANDIDATES) for L in levels]
    for g0, g1, n_cand in groups:     # the special points, then growing prefixes of the design
        Xg, badg = X[g0:g1], bad[g0:g1]
        nsg = np.where(deg[g0:g1] & ~badg, np.inf, ns[g0:g1])     # a degenerate point is no start
        order = np.where(badg, -np.inf, np.where(nsg < 1e-12, nsg, np.inf))   # float violations, then tight
        for i in _new_lowest(Xg, order, n_cand, search.done, "c"):
            found = search.try_confirm(Xg[i], badg[i])
            if found:
                break
        if found:
            break
        for i in _new_lowest(Xg, nsg, starts if search.cont else 0, search.done, "s"):
            end_ns, end_x = search.local_search(Xg[i])
            search.best.append((end_ns, end_x))
            if end_ns < 1e-12:
                found = search.try_confirm(end_x, bool(prob.slack(end_x[None, :], record=False)[1][0]))
                if found:
                    break
        if found:
            break

    result.local_searches, result.unconfirmed, result.undefined = search.local, search.unconfirmed, prob.undefined
    pts = np.concatenate(prob.evaluated) if prob.evaluated else np.zeros((0, d))
    result.distinct_points = int(np.unique(pts, axis=0).shape[0]) if pts.size else 0
    names = [ax.name for ax in prob.axes]
    valid = ns < _BAD
    result.samples = _samples(prob, X[np.flatnonzero(valid)[:SAMPLES]])
    result.degenerate = [{k: float(v) for k, v in zip(names, X[i])} for i in np.flatnonzero(deg)[:5]]
    if found:
        result.status = "violated"
        result.counterexample = found[0]
        result.relation, result.lhs, result.rhs = _failing_sides(claim.statement, found[0], dps)
    elif not valid.any():
        result.status = "inconclusive"
    result.tightest = _tightest(prob, X, ns, deg, special.shape[0], search.best)
    result.seconds = time.perf_counter() - t0
    return result


def _samples(prob: _Problem, X) -> list:
    """``(point, normalised slack, rhs/lhs)`` at the rows of ``X`` (float64; the lowest part of an And, its
    sides as ``a <= b`` or ``a = b``; rhs/lhs None where a = 0)."""
    ns, ratio = np.full(X.shape[0], np.inf), np.full(X.shape[0], np.nan)
    with np.errstate(all="ignore"):
        for fa, fb, kind in prob.parts:
            a, b = (np.real(f(X)).astype(float) for f in (fa, fb))
            part = (-np.abs(b - a) if kind == "eq" else b - a) / (np.abs(a) + np.abs(b))
            lower = part < ns
            ns, ratio = np.where(lower, part, ns), np.where(lower, b / a, ratio)
    names = [ax.name for ax in prob.axes]
    return [({k: float(v) for k, v in zip(names, x)}, float(n), float(r) if np.isfinite(r) else None)
            for x, n, r in zip(X, ns, ratio)]


def _tightest(prob: _Problem, X, ns, deg, n_special: int, ends) -> list:
    """The lowest non-degenerate distinct points, made exact and evaluated at ``prob.dps``: the float64 lowest,
    and the special points beside each degenerate one (within ``width * 10^-3`` on every axis), whose
    normalised slack is the limit at the 0/0 point and which float64 ranks badly (a side rounds to 0)."""
    ok = ns < _BAD
    pool = [X[i] for i in np.argsort(np.where(ok & ~deg, ns, np.inf), kind="stable")[:3 * TIGHTEST]
            if ok[i] and not deg[i]]
    pool += [x for v, x in ends if v < _BAD]
    w = np.array([float(ax.width) or 1.0 for ax in prob.axes])
    sp_X = X[:n_special]
    for i in np.flatnonzero(deg[:n_special])[:4]:
        near = np.all(np.abs(sp_X - sp_X[i]) <= 1e-3 * w, axis=1) & ok[:n_special] & ~deg[:n_special]
        pool += list(sp_X[np.flatnonzero(near)[:16]])
    out, seen = [], set()
    for x in pool:
        point = prob.exact_points(x)[-1]      # the float's own exact value (closest to the found point)
        key = tuple(point.values())
        if key in seen or not prob.assumptions_hold(point):
            continue
        seen.add(key)
        r = prob.high_precision(prob.claim.statement, point, prob.dps)
        if r is not None and r["normalised_slack"] is not None:     # None: degenerate (0/0) or infinite
            out.append({"at": _typed(point, prob.axes), "normalised_slack": float(r["normalised_slack"]),
                        "lhs": r["lhs"], "rhs": r["rhs"]})
    return sorted(out, key=lambda t: t["normalised_slack"])[:TIGHTEST]


# ---------------------------------------------------------------- evidence
def search_evidence(claim: Claim, result: SearchResult) -> Evidence:
    """The search as evidence.  A violation rests on the mpmath evaluation at two precisions: tier
    ``high_precision``.  A 'holds' (or an undefined statement) rests on the float64 scan, whose tightest points
    alone were re-evaluated at ``dps``: tier ``float64``."""
    ctx = context(result.dps)
    scan = (f"float64 scan of {result.distinct_points} distinct points"
            + (" (every integer point)" if result.exhaustive else "") + f" + {result.local_searches} local searches")
    tol = (f"violated only if the relation fails at {result.dps} and {result.dps2} digits "
           f"(verify.check.relation: relative 10^-(dps-10))")
    tight = result.tightest[0] if result.tightest else None
    tightness = {"measure": "normalised slack (b - a)/(|a| + |b|) for a <= b; -|a - b|/(|a| + |b|) for a = b",
                 "normalised_slack": tight["normalised_slack"] if tight else None,
                 "at": tight["at"] if tight else None,
                 "tightest": [{"at": t["at"], "normalised_slack": t["normalised_slack"]} for t in result.tightest],
                 "degenerate": result.degenerate,
                 "extreme": tight["normalised_slack"] if tight else None,
                 "samples": [{"at": p, "normalised_slack": v, "ratio": r} for p, v, r in result.samples]}
    data = {"distinct_points": result.distinct_points, "local_searches": result.local_searches,
            "unconfirmed_float_candidates": result.unconfirmed, "undefined_points": result.undefined,
            "exhaustive": result.exhaustive, "seconds": round(result.seconds, 3),
            "examples": result.distinct_points}
    if result.status == "violated":
        cex = result.counterexample
        data["minimal_counterexample"] = cex
        return Evidence("high_precision", "violated",
                        f"{scan}; counterexample at {point_text(cex)} confirmed at {result.dps} and {result.dps2} digits: "
                        f"{sp.sstr(result.relation)} fails, lhs = {ctx.nstr(result.lhs, 15)}, "
                        f"rhs = {ctx.nstr(result.rhs, 15)}",
                        worst_case={"parameters": cex, "lhs": ctx.nstr(result.lhs, 25),
                                    "rhs": ctx.nstr(result.rhs, 25), "confirmed_at_dps": result.dps2,
                                    "confirmed": True},
                        tightness=tightness, tolerance=tol, data=data)
    if result.status == "inconclusive":
        return Evidence("float64", "inconclusive",
                        f"{scan}: the statement is undefined (NaN/inf) at every point", tolerance=tol, data=data)
    note = (f"; {result.unconfirmed} float64 candidate(s) held at {result.dps} digits" if result.unconfirmed else "")
    where = (f"; tightest at {point_text(tight['at'])} (normalised slack {tight['normalised_slack']:.3g} at "
             f"{result.dps} digits)" if tight else "")
    return Evidence("float64", "holds", f"no violation: {scan}{where}{note}",
                    worst_case=({"parameters": tight["at"], "lhs": ctx.nstr(tight["lhs"], 25),
                                 "rhs": ctx.nstr(tight["rhs"], 25)} if tight else None),
                    tightness=tightness, tolerance=tol, data=data)
