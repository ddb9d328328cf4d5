"""Certified branch and bound of a claim's inequality over its parameter box (the ``certified`` tier).

The statement is split into parts ``s >= 0`` (``s > 0`` for strict ones), ``s = rhs - lhs`` (sides
swapped for ``Ge``/``Gt``); an ``Eq`` part ``s = 0`` can only be refuted here.  Two rewrites are exact
equivalences: ``|u| <= g`` is the two parts ``g - u`` and ``g + u`` (a small ``u``), and ``f(a) <= f(b)`` for an
increasing ``f`` defined on all reals (``exp``, ``atan``, ``tanh``, ``sinh``, ``asinh``) is ``b - a``.  The box of
the parameters' domains (integer parameters as integer ranges) is partitioned best-first: the largest undecided box and
the undecided box of least slack bound are split in turn, so the whole domain is covered coarse to fine
while the search also dives towards a violation (a box is cut at a tight point's coordinate when one lies
inside it, else at the middle of its relatively widest side).  Rational tight points are sought at the
seeds, at the grid of each side's ends, 0, +-1, 1/2, 2 (and the roots of ``x != c`` assumptions), and at the
simplest rational of the least-slack box at a few checkpoints.  On each box ``B`` the methods, cheapest
first:

* ``ball``: the ball of ``s(B)`` is ``>= 0`` (``> 0``);
* ``mean-value``: ``s(x) in s(c) + sum_i ds/dx_i(B) (x_i - c_i)``, with ``c_i`` at the end of ``B_i`` where
  ``ds/dx_i`` has a fixed sign (monotonicity: the minimum is on that face), the midpoint otherwise;
* ``taylor2``: ``s(x) in s(c) + grad s(c).(x - c) + 1/2 (x - c)^T H(B) (x - c)``;
* ``tight-point k=1``: at a rational ``p`` of ``B`` with ``s(p) = 0`` exactly (SymPy),
  ``s(x) in grad s(B).(x - p)`` (a corner with the gradient pointing inwards);
* ``tight-point k=2`` (n-D): ``s(p) = 0``, ``grad s(p) = 0`` exactly, so ``s(x) = 1/2 (x-p)^T H(xi) (x-p)``;
  ``s >= 0`` on ``B`` when every matrix of the interval Hessian ``H(B)`` is diagonally dominant with a
  non-negative diagonal (hence positive semidefinite);
* ``tight-point k=K`` / ``singular-point k=K/L`` (1-D): ``s = F/G`` (``G = 1`` unless ``s`` is singular at
  ``p``) with ``F^(j)(p) = 0`` for ``j < K`` and ``G^(j)(p) = 0`` for ``j < L`` exactly; by Taylor,
  ``F(x) = F^(K)(xi)/K! (x-p)^K``, so on the side of ``p`` covered by ``B`` the sign of ``F`` is that of
  ``F^(K)(B) (x-p)^K`` when ``0`` is outside ``F^(K)(B)`` (likewise ``G``); equal signs give ``s > 0`` off
  ``p``; at ``p`` itself the value is the limit ``0`` (``K > L``) or ``F^(K)(p)/G^(K)(p) > 0`` (``K = L``),
  so removable singularities (``0/0``) and tight points with vanishing derivatives are both decided
  (``tan = sin/cos`` written out first, so its pole is a root of ``G``: Becker-Stark's ``tan(pi t/2) (1 - t^2)``);
* ``taylor-corner k=K`` (n-D): every partial derivative of order below ``K`` is exactly 0 at ``p``, so
  ``s(x) = sum_{|a|=K} d^a s(xi) (x-p)^a / a!``; each term is ``>= 0`` when the partial's enclosure over
  ``B`` has the sign of ``(x-p)^a``, which is known where ``p`` is an end of ``B``'s side (or the power even);
* ``monotone-end`` (1-D, ``s`` or ``s'`` singular at the end ``p`` of ``B``): ``s' = N/D`` with ``N`` and ``D``
  of one sign off ``p`` (``N^(j)(B)``, ``D^(k)(B)`` at their Taylor orders at ``p``), so ``s`` is monotone on
  ``B`` minus ``p`` and bounded below by its value at the far end, or by its one-sided limit at ``p`` (SymPy);
  where ``D`` has no Taylor order at ``p`` (a root, a logarithm: ``1/sqrt(x) - log(x)/(x - 1)`` at
  ``x -> 0``), the sign of ``s' = c prod f_k^(m_k)`` (SymPy's factorisation) from its factors written
  ``f_k = (x - p)^j g_kj`` exactly, ``g_kj(B)`` of one sign;
* ``sign-form``: ``s = c prod f_k^(m_k)`` exactly (SymPy), the factors of even multiplicity are ``>= 0``, so the
  ball of the product of the odd ones decides (``(x - 1/3)^2 (x + 1)``, ``x^(10^6)``; see ``signform``);
* ``divided by term j``: ``s = T_j Q`` with ``T_j`` one of the slack's terms, ``> 0`` on the box, and ``Q`` the
  sum of the other terms over it, written as exponentials of expanded logarithms with the one-variable sums
  enclosed by monotonicity, so ``Q >= 0`` (its ball, or its mean-value form on the face where it is monotone)
  gives ``s >= 0`` (``e^{-xt} - (1-x)^t = e^{-xt}(1 - e^{-t c(x)})``; see ``divided``);
* ``divided by term j one-sided``: the same with ``log P`` and ``Q`` enclosed one-sidedly (off their faces), and
  ``s`` itself on each face that meets the box in the domain, by exact substitution (``onesided.holds``:
  ``e^{-t} - 0^t`` on ``x = 1``, ``1 - 0^0 = 0`` at ``(1, 0)``);
* ``tight-line k=K`` (2+ parameters): on the plane ``x_v = c``, ``x_v = x_b`` or ``x_v = -x_b``, ``s = F/G``
  where ``F`` and its ``x_v``-derivatives below order ``K`` vanish identically (SymPy), likewise ``G`` below
  ``L`` (``G = 1`` unless ``s`` is singular on the plane); by Taylor in ``x_v`` from the plane,
  ``F = d^K F/dx_v^K (eta) (x_v - plane)^K / K!`` with ``eta`` between, so the sign of that derivative
  over ``B`` widened in ``x_v`` to the plane's values (its ball, its mean-value form, or for a non-strict part
  its sign form: Hoeffding's ``d^2 s/dlam^2 = (1 - 2 sigma)^2 / 4`` vanishes on a curve), with the sign of
  ``(x_v - plane)^K`` (from ``B``, or from the assumptions: ``x_b < x_v`` alone, in a conjunction, or in every
  disjunct not surely false on ``B``), gives the sign of ``F`` off the plane;
  equal signs of ``F`` and ``G`` give ``s >= 0`` (Pinsker's ``p = q``, the logarithmic mean's ``x = y``); when
  ``K - L`` is even the side is not needed (``x != y``: ``(e^x - e^y)/(x - y) >= e^((x + y)/2)``, ``K = 3, L = 1``);
* ``tight-line k=K one-sided``: the same where the ball of ``F^(K)`` (or of ``F``, ``G``) over the widened box
  is not finite, signed by its one-sided enclosure (:mod:`.onesided`: ``1/p >= 1/h`` on ``(0, h]``), which holds
  off faces ``x_j = r``; each face must miss the points the argument needs (``r`` outside ``x_j``'s domain, and
  no plane value in the domain equal to ``r``); valid at any distance from the plane (Pinsker's corners);
* ``tight-cross k=K,L`` (2+ parameters): ``s`` vanishes to order ``K`` in ``x`` on ``x = a`` and to order
  ``L`` in ``y`` on ``y = b``, so ``s = (x-a)^K (y-b)^L / (K! L!) * M`` with ``M`` a weighted mean of
  ``d^K_x d^L_y s`` over the rectangle between ``(a, b)`` and ``(x, y)``: its enclosure over the box widened to
  the planes, or its mean-value form there, decides (``log(1 + xy) <= xy``, ``sin(x + y) <= sin x + sin y``);
* ``scaling`` (2+ parameters, every side ``[0, hi_j]``, slack homogeneous and assumptions scale-invariant by
  SymPy): the corner box ``mu D`` (``mu <= 1/2``) of the domain ``D`` minus 0 is the image under ``x -> x/nu``
  of points of ``D`` outside it, where ``s`` has the same sign; counted only when every other box is
  certified (the logarithmic mean at ``x, y -> 0``);
* a box of one point (integer parameters) is evaluated at high precision, exactly by SymPy when the ball
  holds 0.

Every local argument also needs its expressions finite over the box (Arb's ``nan`` marks a point outside
a function's domain), and none of the derivative ones is used where a ``Piecewise`` condition is undecided.

The exact (SymPy) analysis is bounded deterministically, never by the clock: a rational point is not
substituted where SymPy would build a rational of more than ``EXACT_BITS`` bits (``(1 - 10^-8)^(10^8)``), and
zero tests and identical-vanishing tests take numbers of at most ``EXACT_NODES`` tree nodes; past them the
argument is undecided at that point and the boxes are left to the enclosures.  Counterexamples are also tried
at scale points ``x_j = 1/c`` of huge coefficients ``c x_j`` (``exp(2^1000 x)``), below any box side.

Assumptions (SymPy relations of the parameters) are decided per box with the same balls: a box where one
is surely false is ``excluded`` (not part of the domain's volume); elsewhere the claim is certified on the
whole box, a superset.  A violation is a point, shrunk to the simplest rational near the candidate
(Stern-Brocot), inside the domain, with every assumption certified true there, where the ball of ``s`` is
``< 0`` (``<= 0`` for a strict part; an exact SymPy zero counts for a strict part).  Volumes are exact
rationals (integer dimensions count points).  Nothing is random: the same claim, seeds and ``max_boxes``
give the same partition (the time budget only cuts the search short, never changes a box's verdict).
"""
from __future__ import annotations

import heapq
import itertools
import math
import time
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from sympy.core.evalf import PrecisionExhausted

from sloppy_verifier.theory.claim import Claim, Interval, IntRange

from ..rationals import simplest_between, snapped
from .balls import NotCertifiable, ball, box_lower, compile_program, hull, lo_prod, lower, precision
from .divided import quotient_bound, quotients
from .onesided import bounds, faces_hold, signed
from .signform import factored_sign, factors_at, sign_form

PREC = 96            # bits for boxes
POINT_PREC = 256     # bits for counterexamples and point boxes
MAX_ORDER = 8        # highest derivative order tried at a 1-D tight point
TAYLOR_1D = 4        # highest extra order of the Taylor form of F^(K) about a 1-D tight point
MAX_CORNER = 4       # highest order of the multivariate Taylor argument at a tight point
MIN_REL_WIDTH = Fraction(1, 2 ** 40)   # a real box side below this (relative to the domain) is not split
ANALYSIS_SHARE = 0.5     # of the time budget, the most the tight-point analysis before the search may take
VERSION = 1


@dataclass
class CertResult:
    """Outcome of :func:`certify`: ``status`` in proved, violated, partial, not_certifiable."""

    status: str
    coverage: Fraction
    counterexample: dict | None
    certificate: dict
    summary: str


# ---------------------------------------------------------------- the claim as parts and a box
@dataclass(frozen=True)
class Part:
    """``slack >= 0`` (``> 0`` when strict), or ``slack = 0`` (``equality``: refuted only)."""

    slack: sp.Expr
    strict: bool = False
    equality: bool = False
    label: str = "rhs-lhs"      # what the slack is, in the statement's own terms


#: defined and strictly increasing on the whole real line: ``f(a) <= f(b)`` exactly when ``a <= b``
INCREASING = (sp.exp, sp.atan, sp.tanh, sp.sinh, sp.asinh)
#: the largest ``u`` (tree nodes) whose ``|u| <= g`` is split: the split is exact either way, but it doubles the
#: exact tight-point analysis, whose cost grows with the expression (S6's 72-node series remainder: 24 -> 106 s of
#: its standard-profile certificate for 99.53 -> 99.92 % coverage; MetiTarski's abs problems have u of 2-8 nodes)
SPLIT_NODES = 40


def _parts_below(small, big, strict, label) -> list[Part]:
    """``small <= big`` as parts.  ``f(a) <= f(b)`` for one ``f`` of :data:`INCREASING` is ``a <= b``
    (``exp(x) > exp(xy/(x + y))`` is ``x > xy/(x + y)``, homogeneous); ``|u| <= g`` is exactly ``u <= g`` and
    ``-u <= g``, two smooth parts where ``u`` vanishes (``|log(1 + x) - x| <= x^2`` at ``x = 0``): a point
    violating either violates the claim (for ``u`` of at most :data:`SPLIT_NODES` nodes)."""
    if small.func == big.func and small.func in INCREASING:
        label = f"{label} of {small.func.__name__}'s arguments"
    while small.func == big.func and small.func in INCREASING:
        small, big = small.args[0], big.args[0]
    if isinstance(small, sp.Abs) and _nodes(small.args[0], SPLIT_NODES) <= SPLIT_NODES:
        u = small.args[0]
        return [Part(big - u, strict, label=f"{label} (|u| = u)"), Part(big + u, strict, label=f"{label} (|u| = -u)")]
    return [Part(big - small, strict, label=label)]


def parts_of(statement) -> list[Part]:
    """The statement's parts; raises NotCertifiable for relations other than Le, Lt, Ge, Gt, Eq."""
    rels = statement.args if isinstance(statement, sp.And) else (statement,)
    out = []
    for r in rels:
        if isinstance(r, (sp.LessThan, sp.StrictLessThan)):
            out += _parts_below(r.lhs, r.rhs, isinstance(r, sp.StrictLessThan), "rhs-lhs")
        elif isinstance(r, (sp.GreaterThan, sp.StrictGreaterThan)):
            out += _parts_below(r.rhs, r.lhs, isinstance(r, sp.StrictGreaterThan), "lhs-rhs")
        elif isinstance(r, sp.Equality):
            out.append(Part(r.rhs - r.lhs, equality=True))
        else:
            raise NotCertifiable(type(r).__name__)
    return out


def hypotheses(claim: Claim) -> list:
    """The assumptions given as SymPy relations (or Boolean combinations of them)."""
    return [a for a in claim.assumptions
            if isinstance(a, (sp.core.relational.Relational, sp.And, sp.Or, sp.Not))]


@dataclass(frozen=True)
class Dim:
    name: str
    lo: Fraction
    hi: Fraction
    integer: bool
    open_lo: bool = False
    open_hi: bool = False

    def contains(self, v: Fraction) -> bool:
        if self.integer and v.denominator != 1:
            return False
        return (v > self.lo if self.open_lo else v >= self.lo) and (v < self.hi if self.open_hi else v <= self.hi)


def dims_of(claim: Claim) -> list[Dim]:
    """The claim's parameter box (raises NotCertifiable for a parameter that is not an interval or range)."""
    dims = []
    for p in claim.parameters:
        d = p.domain
        if isinstance(d, Interval):
            dims.append(Dim(p.name, Fraction(int(d.lo.p), int(d.lo.q)), Fraction(int(d.hi.p), int(d.hi.q)),
                            False, d.open_lo, d.open_hi))
        elif isinstance(d, IntRange):
            dims.append(Dim(p.name, Fraction(d.lo), Fraction(d.hi), True))
        else:
            raise NotCertifiable(f"parameter {p.name} with domain {type(d).__name__}")
    return dims


def volume(box, dims) -> Fraction:
    """Lebesgue measure in real dimensions times the count of points in integer ones."""
    v = Fraction(1)
    for (lo, hi), d in zip(box, dims):
        v *= (hi - lo + 1) if d.integer else (hi - lo if hi > lo else 1)
    return v


def balls_of(box) -> list:
    return [hull(lo, hi) for lo, hi in box]


def fstr(q: Fraction) -> str:
    return str(q)


def floor_str(q: Fraction, digits: int = 6) -> str:
    """A decimal string ``<= q`` with ``digits`` significant digits (exact rational semantics)."""
    if q == 0:
        return "0"
    # log10 |q| from the bit lengths (a float of q overflows for huge or tiny q), within 1 of the truth
    e = math.floor((abs(q.numerator).bit_length() - q.denominator.bit_length()) * math.log10(2)) - digits + 1
    m = math.floor(q / Fraction(10) ** e)
    while abs(m) >= 10 ** digits or abs(m) < 10 ** (digits - 1):
        e += 1 if abs(m) >= 10 ** digits else -1
        m = math.floor(q / Fraction(10) ** e)
    sign, m = ("-" if m < 0 else ""), str(abs(m))
    return f"{sign}{m[0]}.{m[1:]}e{e + len(m) - 1}" if len(m) > 1 else f"{sign}{m}e{e}"


def fraction_str(q: Fraction, digits: int = 7) -> str:
    """A fraction in ``[0, 1]`` as a plain decimal ``<= q`` with ``digits`` decimals ("0.9999782")."""
    m = math.floor(q * 10 ** digits)
    return f"{m // 10 ** digits}.{m % 10 ** digits:0{digits}d}"


# ---------------------------------------------------------------- exact facts at rational points
def rdiff(e, *args):
    """``sp.diff`` with the symbols taken real (so ``d|x|/dx = sign(x)``), then given back."""
    real = {s: sp.Symbol(s.name, real=True) for s in e.free_symbols if isinstance(s, sp.Symbol) and not s.is_real}
    back = {v: k for k, v in real.items()}
    return sp.diff(e.xreplace(real), *[real.get(a, a) if isinstance(a, sp.Symbol) else a for a in args]
                   ).xreplace(back)


#: Deterministic bounds of the exact (SymPy) analysis, so that no claim needs a special case and none hangs: a
#: number past them is undecided at that point (the boxes there are left to the enclosures), never waited for.
EXACT_BITS = 1 << 15     # bits of an exact rational SymPy may build when a point is substituted (p^n: |n| bits(p))
EXACT_EXPONENT = 1 << 12  # largest |numerator| of a rational exponent of a number that is not a rational
EXACT_NODES = 600        # expression-tree nodes of a number the exact zero test (evalf, rewrites) may take
SYMBOLIC_DEGREE = 64     # largest integer exponent of a symbolic base SymPy may simplify (expand, cancel): a plane
                         # x = 10^4 puts (1 - eta lam)^(2 10^4) into the slack, and cancel expands it


class _TooBig(Exception):
    """Exact evaluation past EXACT_BITS / EXACT_EXPONENT."""


class _OutOfTime(Exception):
    """The time budget ran out at a step of the exact analysis (:meth:`Engine.tick`): the work in progress, and
    every box not yet decided, stays undecided."""


def _bits(q: Fraction) -> int:
    return abs(q.numerator).bit_length() + q.denominator.bit_length()


def _exact_value(e, values: dict):
    """The exact rational value of ``e`` with the symbols at ``values`` (Fractions), None when it is not a
    rational built by SymPy's automatic evaluation (a root, ``exp``, ...); raises _TooBig when building it,
    or a power of a number inside, would take more than EXACT_BITS bits (``(1 - 10^-8)^(10^8)``)."""
    if e.is_Symbol:
        return values.get(e)
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    args = [_exact_value(a, values) for a in e.args]
    if e.is_Pow:
        b, n = args
        if n is None:
            return None
        if b is None:
            if abs(n.numerator) > EXACT_EXPONENT and not e.base.free_symbols - values.keys():
                raise _TooBig
            return None
        if b in (0, 1, -1):
            return b ** n.numerator if n.denominator == 1 and (b or n >= 0) else None
        if abs(n.numerator) * _bits(b) > EXACT_BITS:
            raise _TooBig
        return b ** n.numerator if n.denominator == 1 else None
    if (e.is_Add or e.is_Mul) and all(a is not None for a in args):
        out = sum(args, Fraction(0)) if e.is_Add else math.prod(args, start=Fraction(1))
        if _bits(out) > EXACT_BITS:
            raise _TooBig
        return out
    return None


def at(e, subs: dict):
    """``e`` with ``subs`` (symbol -> SymPy rational) substituted exactly, or None when SymPy's exact evaluation
    there would pass the EXACT_BITS / EXACT_EXPONENT bounds (checked first, on the tree: nothing is built), or when
    ``e`` is not real there: SymPy refuses a ``Min``/``Max`` of a non-real argument (``Max(sqrt(x), y)`` at
    ``x = -3/7``, a point off the domain that a plane ``x = -y`` reaches) with a ValueError, as it refuses to order
    one (TypeError).  None decides nothing: the exact arguments at that point are not used."""
    try:
        _exact_value(e, {k: Fraction(int(v.p), int(v.q)) for k, v in subs.items()})
        return e.subs(subs)
    except (_TooBig, TypeError, ValueError):
        return None


def _nodes(e, limit: int) -> int:
    """The number of nodes of ``e``'s tree, counted up to ``limit + 1``."""
    n = 0
    for _ in sp.preorder_traversal(e):
        n += 1
        if n > limit:
            break
    return n


def _is_zero(v) -> bool | None:
    """Exact zero test of a SymPy number: True/False, None when undecided, undefined, or past the bounds
    (``v`` None: not substituted, past EXACT_BITS; more than EXACT_NODES nodes)."""
    if v is None or _nodes(v, EXACT_NODES) > EXACT_NODES:
        return None
    if v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not v.is_number:
        return None
    if v == 0:
        return True
    try:
        # evalf with strict=True returns 30 correct significant digits or raises: a nonzero result is a nonzero
        # number however small (a tiny slack at a non-tight seed point is not a zero).  It only steers which
        # argument is tried, never proves.
        try:
            if v.evalf(30, strict=True, maxn=400) != 0:
                return False
        except PrecisionExhausted:
            pass
        return True if _exact_zero(v) else None    # a zero is only ever SymPy's exact one
    except Exception:  # noqa: BLE001 - SymPy failing on a number decides nothing
        return None


#: ``sp.simplify`` is tried only on numbers this small (count_ops): on large ones it can run for minutes (its trig
#: and factor passes), which no time budget interrupts; the bounded rewrites below come first.
SIMPLIFY_OPS = 60


def _exact_zero(v) -> bool:
    """Whether SymPy's exact rewrites turn ``v`` into 0: bounded ones first (expansion, cancellation, logarithms and
    powers expanded, radicals rationalised), ``simplify`` only for small expressions.  False means not shown."""
    for rewrite in (sp.expand, sp.cancel, lambda e: sp.expand(sp.expand_log(sp.powsimp(e))), sp.radsimp):
        if rewrite(v) == 0:
            return True
    return sp.count_ops(v) <= SIMPLIFY_OPS and sp.simplify(v) == 0


def _order(expr, x, p, start: int = 0) -> int | None:
    """The smallest ``k >= start`` with ``expr^(k)(p) != 0`` (all lower ones exactly 0), None if undecided."""
    d = rdiff(expr, x, start) if start else expr
    for k in range(start, MAX_ORDER + 1):
        z = _is_zero(at(d, {x: p}))
        if z is None:
            return None
        if not z:
            return k
        d = rdiff(d, x)
    return None


#: tan, cot, sec, csc and their hyperbolic kin written with sine and cosine: their poles become a denominator's roots
_QUOTIENTS = {sp.tan: lambda a: sp.sin(a) / sp.cos(a), sp.cot: lambda a: sp.cos(a) / sp.sin(a),
              sp.sec: lambda a: 1 / sp.cos(a), sp.csc: lambda a: 1 / sp.sin(a),
              sp.tanh: lambda a: sp.sinh(a) / sp.cosh(a), sp.coth: lambda a: sp.cosh(a) / sp.sinh(a)}


def as_quotient(e):
    """``(F, G)`` with ``e = F/G`` (``together``), ``tan = sin/cos`` and its kin written out first: the poles of
    ``tan(pi t/2)`` at ``t = 1`` become the root of ``G = cos(pi t/2)`` there, with a Taylor order."""
    for f, q in _QUOTIENTS.items():
        e = e.replace(f, q)
    return sp.fraction(sp.together(e))


@dataclass(frozen=True)
class Tight:
    """A rational point of part ``part`` where an exact local argument applies.

    ``kind`` "k1" (``s(p) = 0``), "k2" (``s(p) = 0``, ``grad s(p) = 0``), "1d" (``s = F/G`` with vanishing
    orders ``kf``, ``kg``, ``F``/``G`` given).
    """

    part: int
    point: tuple       # Fractions in dimension order ("line": empty)
    kind: str
    kf: int = 0
    kg: int = 0
    num: sp.Expr | tuple | None = None    # "corner": the partials of order kf, in combinations order
    den: sp.Expr | None = None
    var: int | None = None       # "line": the slack vanishes to order kf in x_var on x_var = x_base (or = value)
    base: int | None = None
    value: Fraction | None = None
    limits: tuple = ()           # "mono": lim s at p from above, from below (SymPy values or None)
    flip: int = 1                # "line" x_var = flip * x_base
    value2: Fraction | None = None   # "cross": the planes x_var = value (order kf), x_base = value2 (order kg)

    def to_json(self, names) -> dict:
        out = {"part": self.part, "kind": self.kind, "kf": self.kf, "kg": self.kg}
        if self.kind == "line":
            out.update(var=names[self.var], base=None if self.base is None else names[self.base],
                       value=None if self.value is None else fstr(self.value), flip=self.flip)
        elif self.kind == "cross":
            out.update(var=names[self.var], base=names[self.base], value=fstr(self.value), value2=fstr(self.value2))
        elif self.kind == "edge":
            out.update(var=names[self.var], value=fstr(self.value))
        else:
            out["point"] = {n: fstr(v) for n, v in zip(names, self.point)}
        return out

    def touches(self, box) -> bool:
        """Whether the point (or the line, within one box width) lies near the box."""
        if self.kind == "edge":
            return self.value in box[self.var]
        if self.kind == "cross":
            return all(box[j][0] - (box[j][1] - box[j][0]) <= v <= box[j][1] + (box[j][1] - box[j][0])
                       for j, v in ((self.var, self.value), (self.base, self.value2)))
        if self.kind == "1d":       # Taylor from p also serves a box within its width of p
            return all(lo - (hi - lo) <= v <= hi + (hi - lo) for (lo, hi), v in zip(box, self.point))
        if self.kind != "line":
            return all(lo <= v <= hi for (lo, hi), v in zip(box, self.point))
        lo, hi = box[self.var]
        a, b = self.plane(box)
        w = max(hi - lo, b - a)
        return a - w <= hi and lo <= b + w

    def plane(self, box):
        """The range of the plane's ``x_var`` value over the box."""
        if self.base is None:
            return self.value, self.value
        a, b = box[self.base]
        return (a, b) if self.flip > 0 else (-b, -a)


MAX_CONST_DIGITS = 4000   # the certificate stores the statement as text; Python prints ints to 4300 digits


def _check_constants(e) -> None:
    """Raises NotCertifiable for a rational constant of more than MAX_CONST_DIGITS digits (``2^(10^6)``
    written out): its text does not fit the certificate, and SymPy's exact steps on it do not finish."""
    for a in sp.preorder_traversal(e):
        if a.is_Rational and max(abs(int(a.p)), int(a.q)).bit_length() * math.log10(2) > MAX_CONST_DIGITS:
            raise NotCertifiable(f"a constant of about {int(max(abs(int(a.p)), int(a.q)).bit_length() * math.log10(2))}"
                                 f" digits (at most {MAX_CONST_DIGITS}; write it as an unevaluated power)")


SCALE_DEGREES = (0, 1, 2, -1)


def _homogeneous(e, syms, lam) -> bool:
    """``e(lam x) = lam^d e(x)`` identically for ``x > 0``, ``lam > 0`` and some ``d`` in SCALE_DEGREES (SymPy)."""
    pos = {v: sp.Symbol(v.name, positive=True) for v in syms}
    e = e.xreplace(pos)
    scaled = e.xreplace({w: lam * w for w in pos.values()})
    point = {w: sp.Rational(k + 2, 2 * k + 5) for k, w in enumerate(pos.values())}
    point[lam] = sp.Rational(3, 7)
    try:
        for d in SCALE_DEGREES:
            diff = scaled - lam ** d * e
            if abs(complex(sp.N(diff.xreplace(point), 30))) < 1e-20 and sp.simplify(diff) == 0:
                return True      # a numeric screen at one point, then SymPy's exact zero
    except Exception:  # noqa: BLE001 - SymPy failing to evaluate or simplify decides nothing
        return False
    return False


def _scale_invariant(eng) -> bool:
    """Whether the claim is invariant under ``x -> lam x`` (``lam > 0``): 2+ real parameters, all active
    ones on ``[0, hi]`` (open or closed at 0, closed at ``hi``), every slack homogeneous (so its sign is
    invariant) and every assumption a combination of relations ``a R b`` with ``a - b`` homogeneous."""
    dims = [eng.dims[j] for j in eng.active]
    if len(dims) < 2 or any(d.integer or d.lo != 0 or d.open_hi for d in dims):
        return False
    syms = [eng.syms[j] for j in eng.active]
    lam = sp.Symbol("lambda_scale", positive=True)

    def atoms_ok(h):
        if isinstance(h, (sp.And, sp.Or, sp.Not)):
            return all(atoms_ok(a) for a in h.args)
        return isinstance(h, sp.core.relational.Relational) and _homogeneous(h.lhs - h.rhs, syms, lam)

    return (all(_homogeneous(p.slack, syms, lam) for p in eng.parts if not p.equality)
            and not any(p.equality for p in eng.parts) and all(atoms_ok(h) for h in eng.hyps))


def _origin_ok(eng) -> bool:
    """The origin, which scaling does not reach, is outside the domain, fails an assumption, or is
    certified by its own point evaluation."""
    if eng.origin_ok is None:
        origin = tuple(Fraction(0) if j in eng.active else d.lo for j, d in enumerate(eng.dims))
        inside, hyp = eng.point_facts(origin)
        eng.origin_ok = not inside or hyp is False or point_lower(eng, origin) is not None
    return eng.origin_ok


def scaled_corner(box, eng) -> bool:
    """``box = mu * D`` for the domain box ``D = prod [0, hi_j]`` and some ``mu <= 1/2`` (inactive sides as in
    ``D``): for a scale-invariant claim (``eng.scaling``) each ``x`` of it other than 0 has the sign of
    ``nu x``, ``nu = min_j hi_j / x_j >= 2``, a point of ``D`` on a face ``x_j = hi_j``, outside the box
    (and the origin is decided apart)."""
    if not eng.scaling or not _origin_ok(eng):
        return False
    mus = set()
    for j, ((lo, hi), d) in enumerate(zip(box, eng.dims)):
        if j in eng.active:
            if lo != 0:
                return False
            mus.add(hi / d.hi)
        elif (lo, hi) != (d.lo, d.hi):
            return False
    return len(mus) == 1 and 0 < mus.pop() <= Fraction(1, 2)


# ---------------------------------------------------------------- the engine: compiled programs per claim
def expand_sums(e):
    """``e`` with every ``Sum`` whose bounds are integers expanded (``doit``): a finite sum of terms.  A ``Sum`` with
    a symbolic bound raises ``NotCertifiable("Sum with symbolic bounds")``."""
    sums = [s for s in sp.preorder_traversal(e) if isinstance(s, sp.Sum)]
    if not sums:
        return e
    if any(not b.is_Integer for s in sums for _, lo, hi in s.limits for b in (lo, hi)):
        raise NotCertifiable("Sum with symbolic bounds")
    return e.replace(lambda x: isinstance(x, sp.Sum), lambda x: x.doit())


class Engine:
    """Compiled ball programs of a claim's parts, their derivatives and its assumptions."""

    def __init__(self, claim: Claim, prec: int = PREC, deadline: float = math.inf):
        self.deadline = deadline
        claim = claim.variant(statement=expand_sums(claim.statement))
        self.claim = claim
        self.prec = prec
        self.dims = dims_of(claim)
        self.syms = tuple(sp.Symbol(d.name) for d in self.dims)
        self.parts = parts_of(claim.statement)
        self.hyps = hypotheses(claim)
        for e in (claim.statement, *self.hyps):
            _check_constants(e)
        names = {d.name for d in self.dims}
        free = set().union(*(p.slack.free_symbols for p in self.parts), *(h.free_symbols for h in self.hyps))
        extra = sorted(s.name for s in free if s.name not in names)
        if extra:
            raise NotCertifiable(f"free symbol {extra[0]}")
        self.active = [i for i, s in enumerate(self.syms) if s in free]
        self.tick()
        self.scaling = _scale_invariant(self)
        self.origin_ok = None
        self.p0 = compile_program(tuple(p.slack for p in self.parts), self.syms)
        self.hp = compile_program(tuple(self.hyps), self.syms) if self.hyps else None
        self._derived: dict = {}
        self._partials: dict = {}
        self._forms: dict = {}
        self._quotients: dict = {}
        self._identities: dict = {}
        self._lines: dict = {}
        self.tight: list[Tight] = []

    def tick(self) -> None:
        """Raise _OutOfTime past the deadline: called between the steps of the exact analysis, none of which
        is interrupted, so the budget binds up to one step (SymPy calls are bounded by EXACT_NODES and kin)."""
        if time.perf_counter() > self.deadline:
            raise _OutOfTime

    def quotients(self, i: int) -> list:
        """The quotients of part ``i``'s slack by each of its terms (:mod:`.divided`), built on first use."""
        if i not in self._quotients:
            self._quotients[i] = [] if self.parts[i].equality else quotients(self.parts[i].slack, self.syms)
        return self._quotients[i]

    # derivative programs, compiled on first use (None when a derivative is not enclosable)
    def program(self, key):
        if key not in self._derived:
            self.tick()
            kind, i = key[0], key[1]
            try:
                if kind == "grad":
                    exprs = tuple(self.derivative(i, v) for v in self.syms)
                elif kind == "hess":
                    exprs = tuple(self.derivative(i, v, u) for v in self.syms for u in self.syms)
                elif kind == "line":  # ("line", part, tight index): d^kf F / dx_var^kf, d^kg G / dx_var^kg
                    t = self.tight[key[2]]
                    exprs = (self.line_derivative(key[2], 0), self.line_derivative(key[2], 1), t.num, t.den)
                elif kind == "lgrad":  # ("lgrad", part, tight index, 0 | 1): the gradient of d^kf F or d^kg G
                    d = self.line_derivative(key[2], key[3])
                    exprs = tuple(rdiff(d, v) for v in self.syms)
                elif kind == "cross":  # d^kf/dx_var^kf d^kg/dx_base^kg s
                    exprs = (self.tight[key[2]].num,)
                elif kind == "cgrad":  # the gradient of that mixed partial
                    exprs = tuple(rdiff(self.tight[key[2]].num, v) for v in self.syms)
                elif kind == "corner":  # every partial derivative of order k, in combinations order
                    exprs = self.tight[key[2]].num
                elif kind == "edge":  # the quotients g_kj of the factors of ds/dx_var
                    exprs = sum(self.tight[key[2]].num, ())
                elif kind == "mono":  # N^(kN), D^(kD) of s' = N/D; or (kD = -1) the quotients g_kj of its factors
                    t = self.tight[key[2]]
                    x = self.syms[self.active[0]]
                    exprs = (sum(t.num, ()) if t.kg < 0 else (rdiff(t.num, x, t.kf), rdiff(t.den, x, t.kg)))
                else:  # ("1d", part, tight index): F, G, then F^(kf + m), G^(kg + m) for m <= TAYLOR_1D
                    t = self.tight[key[2]]
                    x = self.syms[self.active[0]]
                    exprs = [t.num, t.den]
                    df, dg = rdiff(t.num, x, t.kf), rdiff(t.den, x, t.kg)
                    for _ in range(TAYLOR_1D + 1):
                        exprs += [df, dg]
                        df, dg = rdiff(df, x), rdiff(dg, x)
                    exprs = tuple(exprs)
                self._derived[key] = compile_program(exprs, self.syms)
            except NotCertifiable:
                self._derived[key] = None
        return self._derived[key]

    def derivative(self, i: int, *xs):
        """The partial derivative of part ``i``'s slack in ``xs`` (in that order), built on first use."""
        if (i, xs) not in self._partials:
            self.tick()
            self._partials[i, xs] = rdiff(self.derivative(i, *xs[:-1]), xs[-1]) if xs else self.parts[i].slack
        return self._partials[i, xs]

    def line_derivative(self, t_index: int, which: int):
        """``d^kf F/dx_var^kf`` (``which = 0``) or ``d^kg G/dx_var^kg`` (1) of the tight line ``t_index``."""
        if (t_index, which) not in self._lines:
            t = self.tight[t_index]
            self._lines[t_index, which] = (rdiff(t.num, self.syms[t.var], t.kf) if which == 0
                                           else rdiff(t.den, self.syms[t.var], t.kg))
        return self._lines[t_index, which]

    def form(self, key, make):
        """The compiled sign form of the expression ``make()`` (:mod:`.signform`), cached under ``key``:
        (program of ``(R, even numerator factors, even denominator factors)``, number of even numerator
        factors), or None."""
        if key not in self._forms:
            self.tick()
            f = sign_form(make())
            try:
                self._forms[key] = None if f is None else (
                    compile_program((f[0],) + f[1] + f[2], self.syms), len(f[1]))
            except NotCertifiable:
                self._forms[key] = None
        return self._forms[key]

    def run(self, prog, balls, prec=None):
        with precision(prec or self.prec):
            return prog.run(balls)

    # assumptions
    def hyp_status(self, balls, prec=None):
        """True (all surely hold), False (one surely fails), None (undecided)."""
        if self.hp is None:
            return True
        vals, _ = self.run(self.hp, balls, prec)
        return False if False in vals else (None if None in vals else True)

    def point_facts(self, point) -> tuple:
        """(inside the domain, assumptions: True/False/None) at a rational point, exactly where needed."""
        inside = all(d.contains(v) for d, v in zip(self.dims, point))
        if not self.hyps:
            return inside, True
        st = self.hyp_status([ball(v) for v in point], POINT_PREC)
        if st is None:
            vals = [at(h, self.exact_subs(point)) for h in self.hyps]
            st = None if None in vals else (
                True if all(v is sp.true for v in vals) else (False if sp.false in vals else None))
        return inside, st

    # ------------------------------------------------------------ tight points
    def analyse(self, point, i: int) -> list:
        """The exact local arguments (Tight records) available for part ``i`` at the rational ``point``."""
        part = self.parts[i]
        if part.equality:
            return []
        subs = self.exact_subs(point)
        v = at(part.slack, subs)
        z = _is_zero(v) if v is not None and v.is_number else None
        if z is False:
            return []
        if len(self.active) == 1:
            x = self.syms[self.active[0]]
            p = subs[x]
            out = []
            num, den = (part.slack, sp.Integer(1)) if z else as_quotient(part.slack)
            kf, kg = _order(num, x, p), _order(den, x, p)
            if kf is not None and kg is not None and (z or kg > 0) and kf >= kg:
                out.append(Tight(i, tuple(point), "1d", kf, kg, num, den))
            else:
                out += self._monotone_end(i, point, x, p)
            return out
        if not z:
            return []
        grad = [_is_zero(at(self.derivative(i, s), subs)) for s in self.syms]
        k1 = Tight(i, tuple(point), "k1")
        if not all(g is True for g in grad):
            return [k1]
        out = [k1, Tight(i, tuple(point), "k2")]
        corner = self._corner_order(part.slack, subs)
        return out + [Tight(i, tuple(point), "corner", corner[0], num=corner[1])] if corner else out

    def _corner_order(self, s, subs):
        """``(k, partials of order k)``: ``k`` (2..MAX_CORNER) the order of the first partial derivatives of
        ``s`` not all exactly 0 at the point, every lower one being exactly 0 there (SymPy; the gradient is
        known to vanish); None otherwise."""
        act = [self.syms[j] for j in self.active]
        ders = {(): s}
        for k in range(1, MAX_CORNER + 1):
            zs = []
            for combo in itertools.combinations_with_replacement(act, k):
                self.tick()
                ders[combo] = rdiff(ders[combo[:-1]], combo[-1])
                zs.append(_is_zero(at(ders[combo], subs)) if k > 1 else True)
                if zs[-1] is None:
                    return None
            if not all(zs):
                return k, tuple(ders[c] for c in itertools.combinations_with_replacement(act, k))
        return None

    def _monotone_end(self, i, point, x, p) -> list:
        """``s' = N/D`` with ``D``'s vanishing order ``kD`` at ``p``, and the one-sided limits of ``s`` at
        ``p`` (SymPy): the data of the ``monotone-end`` argument at a point where ``s`` or ``s'`` is singular."""
        s = self.parts[i].slack
        num, den = as_quotient(rdiff(s, x))
        kd = _order(den, x, p)
        factors = None
        if kd is None:        # a root or logarithm at p: the signs of the factors of s' instead
            factors, kd = factors_at(num, den, x, p), -1
            if factors is None:
                return []
        d = self.dims[self.active[0]]
        lims = []
        for side, ok in (("+", p < d.hi), ("-", p > d.lo)):
            try:
                lims.append(sp.limit(s, x, p, side) if ok else None)
            except Exception:  # noqa: BLE001 - SymPy failing on a limit decides nothing
                lims.append(None)
        kn = 0
        if factors is not None:
            num, den = factors
        else:     # N vanishing to order kn at p as well: the sign of N^(kn)(B) (x - p)^kn
            kn = _order(num, x, p) or 0
        return [Tight(i, tuple(point), "mono", kn, kd, num, den, limits=tuple(lims))]

    def analyse_line(self, i: int, var: int, base: int | None, value: Fraction | None,
                     flip: int = 1) -> Tight | None:
        """The line argument for part ``i`` on the plane ``x_var = flip * x_base`` (or ``= value``):
        ``s = F/G`` (``G = 1`` unless ``s`` is singular on the plane) where ``F`` and its ``x_var``-derivatives
        below order ``kf`` vanish identically on the plane, ``G`` likewise below ``kg`` (SymPy, symbols
        carrying their domains' signs)."""
        part = self.parts[i]
        if part.equality:
            return None
        x = self.syms[var]
        target = (flip * self.syms[base] if base is not None
                  else sp.Rational(value.numerator, value.denominator))
        if not part.slack.subs(x, target).has(sp.nan, sp.zoo):
            k = self._line_order(part.slack, x, target)
            return Tight(i, (), "line", k, 0, sp.Integer(1) * part.slack, sp.Integer(1), var=var, base=base,
                         value=value, flip=flip) if k else None
        num, den = sp.fraction(sp.together(part.slack))
        kf, kg = self._line_order(num, x, target), self._line_order(den, x, target)
        if kf and kg and kf >= kg:
            return Tight(i, (), "line", kf, kg, num, den, var=var, base=base, value=value, flip=flip)
        return None

    def _line_order(self, e, x, target) -> int | None:
        """The smallest ``k <= 4`` with ``d^k e/dx^k`` not identically 0 on ``x = target``."""
        for k in range(0, 5):
            self.tick()
            on = e.subs(x, target)
            if on.has(sp.nan, sp.zoo):
                return None
            if not self._vanishes(on):
                return k
            e = rdiff(e, x)
        return None

    def _vanishes(self, e) -> bool:
        """``e == 0`` identically on the box: a numeric screen at interior points, then SymPy."""
        if _nodes(e, EXACT_NODES) > EXACT_NODES or any(   # past the exact analysis' size bounds: not shown
                p.exp.is_Integer and abs(p.exp) > SYMBOLIC_DEGREE and not p.base.is_number for p in e.atoms(sp.Pow)):
            return False
        free = sorted(e.free_symbols, key=lambda s: s.name)
        idx = {s: self.syms.index(s) for s in free}
        for t in (Fraction(1, 3), Fraction(5, 7)):
            subs = {s: sp.Rational(*(lambda q: (q.numerator, q.denominator))(
                self.dims[idx[s]].lo + t * (self.dims[idx[s]].hi - self.dims[idx[s]].lo))) for s in free}
            v = at(e, subs)
            try:
                if v is None or abs(complex(sp.N(v, 30))) > 1e-20:
                    return False
            except (TypeError, ValueError):
                return False
        try:
            return sp.simplify(e.xreplace(self.signed(e))) == 0
        except Exception:  # noqa: BLE001 - SymPy failing to simplify decides nothing
            return False

    def signed(self, e) -> dict:
        """``e``'s parameter symbols replaced by symbols carrying their domain's sign (real, positive, ...)."""
        out = {}
        for s in e.free_symbols:
            d = self.dims[self.syms.index(s)]
            kw = {"positive": True} if d.lo > 0 else ({"nonnegative": True} if d.lo >= 0 else
                                                      ({"negative": True} if d.hi < 0 else {"real": True}))
            out[s] = sp.Symbol(s.name, **kw)
        return out

    def identity(self, i: int) -> bool:
        """Whether SymPy shows the equality part ``i``'s slack identically 0 for real parameters of its domain's
        signs: bounded rewrites (``_exact_zero``), also after rewriting trigonometric and hyperbolic functions as
        exponentials and combining logarithms (``logcombine``: only where SymPy knows the arguments positive).  Deterministic; it holds wherever both sides are defined, which a finite ball shows."""
        if i not in self._identities:
            self.tick()
            e = self.parts[i].slack
            e = e.xreplace(self.signed(e))
            ok = False
            if _nodes(e, EXACT_NODES) <= EXACT_NODES and not any(
                    p.exp.is_Integer and abs(p.exp) > SYMBOLIC_DEGREE for p in e.atoms(sp.Pow)):
                try:
                    ok = _exact_zero(e) or _exact_zero(e.rewrite(sp.exp)) or _exact_zero(sp.logcombine(e.rewrite(sp.exp)))
                except Exception:  # noqa: BLE001 - SymPy failing to rewrite decides nothing
                    ok = False
            self._identities[i] = ok
        return self._identities[i]

    def find_lines(self, per_dim, diagonals: bool = True) -> None:
        """Tight lines of 2+ parameter claims: axis planes at the candidate values, diagonals, antidiagonals."""
        if len(self.active) < 2:
            return
        for i in range(len(self.parts)):
            for j in self.active:
                for a in per_dim[j]:
                    t = self.analyse_line(i, j, None, a)
                    if t is not None:
                        self._add(t)
                for b in (self.active if diagonals else ()):
                    for flip in (1, -1):
                        lo, hi = (self.dims[b].lo, self.dims[b].hi) if flip > 0 else (-self.dims[b].hi,
                                                                                        -self.dims[b].lo)
                        if b != j and lo < self.dims[j].hi and self.dims[j].lo < hi:
                            t = self.analyse_line(i, j, b, None, flip)
                            if t is not None:
                                self._add(t)

    def find_edges(self) -> None:
        """Open ends ``x_j = e`` of 2+ parameter domains: the ``monotone-edge`` argument's data."""
        if len(self.active) < 2:
            return
        for i in range(len(self.parts)):
            for j in self.active:
                d = self.dims[j]
                for e, is_open in ((d.lo, d.open_lo), (d.hi, d.open_hi)):
                    t = self.analyse_edge(i, j, e) if is_open else None
                    if t is not None:
                        self._add(t)

    def analyse_edge(self, i: int, var: int, value: Fraction) -> Tight | None:
        """``ds/dx_var = c prod f_k^(m_k)`` (SymPy) with the quotients ``f_k / (x_var - value)^j`` exact."""
        if self.parts[i].equality:
            return None
        x = self.syms[var]
        self.tick()
        num, den = sp.fraction(sp.together(rdiff(self.parts[i].slack, x)))
        f = factors_at(num, den, x, sp.Rational(value.numerator, value.denominator))
        return None if f is None else Tight(i, (), "edge", 0, -1, f[0], f[1], var=var, value=value)

    def find_crosses(self) -> None:
        """Pairs of axis tight planes of one part in two parameters: the ``cross`` argument."""
        axis = [t for t in self.tight if t.kind == "line" and t.base is None and t.kg == 0]
        for t in axis:
            for u in axis:
                if u.part == t.part and u.var > t.var:
                    c = self.analyse_cross(t.part, t.var, t.value, u.var, u.value)
                    if c is not None:
                        self._add(c)

    def analyse_cross(self, i: int, var: int, a: Fraction, base: int, b: Fraction) -> Tight | None:
        """``s`` vanishes identically on ``x_var = a`` to order ``kf`` in ``x_var`` and on ``x_base = b`` to
        order ``kg`` in ``x_base`` (both by :meth:`analyse_line`)."""
        t, u = self.analyse_line(i, var, None, a), self.analyse_line(i, base, None, b)
        if t is None or u is None or t.kg or u.kg:
            return None
        self.tick()
        mixed = rdiff(rdiff(self.parts[i].slack, self.syms[var], t.kf), self.syms[base], u.kf)
        return Tight(i, (), "cross", t.kf, u.kf, mixed, var=var, base=base, value=a, value2=b)

    def exact_subs(self, point) -> dict:
        return {s: sp.Rational(v.numerator, v.denominator) for s, v in zip(self.syms, point)}

    def find_tight(self, candidates):
        """Record the exact local arguments available at the candidate points; a strict part that is 0 at a
        domain point satisfying the assumptions is a violation: returned as (point, part) or None."""
        seen = set()
        for point in candidates:
            point = tuple(point)
            if point in seen:
                continue
            seen.add(point)
            for i, part in enumerate(self.parts):
                self.tick()
                for t in self.analyse(point, i):
                    if part.strict and t.kind in ("k1", "k2", "1d") and t.kg == 0:   # s(p) = 0 exactly
                        inside, hyp = self.point_facts(point)
                        if inside and hyp is True:
                            return point, i
                    self._add(t)
        return None

    def _add(self, t: Tight) -> None:
        key = (t.part, t.point, t.kind, t.var, t.base, t.value, t.flip)
        if all((u.part, u.point, u.kind, u.var, u.base, u.value, u.flip) != key for u in self.tight):
            self.tight.append(t)


# ---------------------------------------------------------------- enclosures on one box
def _sq_range(dl: Fraction, du: Fraction):
    vals = (dl * dl, du * du)
    return (Fraction(0) if dl <= 0 <= du else min(vals)), max(vals)


def _ok(lb, strict: bool) -> bool:
    return lb is not None and (lb > 0 if strict else lb >= 0)


class BoxEval:
    """The methods on one box, sharing the ball evaluations they need."""

    def __init__(self, eng: Engine, box):
        self.eng, self.box = eng, box
        self.balls = balls_of(box)
        self.s, self.smooth = eng.run(eng.p0, self.balls)
        self._grad: dict = {}

    def grad(self, i):
        if i not in self._grad:
            prog = self.eng.program(("grad", i))
            self._grad[i] = None if prog is None or not self.smooth else self.eng.run(prog, self.balls)[0]
        return self._grad[i]

    def point(self, pt):
        return self.eng.run(self.eng.p0, [ball(v) for v in pt])[0]

    def ball_lb(self, i):
        return lower(self.s[i])

    def mean_value(self, i):
        g = self.grad(i)
        if g is None:
            return None
        c = []
        for (lo, hi), gj in zip(self.box, g):
            c.append(lo if gj >= 0 else (hi if gj <= 0 else (lo + hi) / 2))
        sc = self.point(c)[i]
        terms = [lo_prod(gj, lo - cj, hi - cj) for (lo, hi), gj, cj in zip(self.box, g, c)]
        return box_lower(terms, sc)

    def taylor2(self, i):
        gp, hp = self.eng.program(("grad", i)), self.eng.program(("hess", i))
        if gp is None or hp is None or not self.smooth:
            return None
        c = [(lo + hi) / 2 for lo, hi in self.box]
        cb = [ball(v) for v in c]
        gc = self.eng.run(gp, cb)[0]
        h = self.eng.run(hp, self.balls)[0]
        sc = self.eng.run(self.eng.p0, cb)[0][i]
        d = [(lo - cj, hi - cj) for (lo, hi), cj in zip(self.box, c)]
        n = len(d)
        terms = [lo_prod(gj, dl, du) for gj, (dl, du) in zip(gc, d)]
        for j in range(n):
            for k in range(j, n):
                if j == k:
                    lo2, hi2 = _sq_range(*d[j])
                    t = lo_prod(h[j * n + j] / 2, lo2, hi2)
                else:
                    prods = [a * b for a in d[j] for b in d[k]]
                    t = lo_prod(h[j * n + k], min(prods), max(prods))
                terms.append(t)
        return box_lower(terms, sc)

    def form_sign(self, key, make, balls):
        """``(sign, strict)`` of the expression ``make()`` over ``balls`` from its sign form (:mod:`.signform`):
        sign ``+1`` when it is ``>= 0`` there, ``-1`` when ``<= 0``; strict when no even numerator factor
        vanishes, so it is ``!= 0``; None when undecided.  The caller has it finite on the box."""
        f = self.eng.form(key, make)
        if f is None:
            return None
        prog, n_even = f
        vals, smooth = self.eng.run(prog, balls)
        if not smooth or not all(v.is_finite() for v in vals):
            return None
        r = vals[0]
        sign = 1 if r >= 0 else (-1 if r <= 0 else None)
        if sign is None:
            return None
        return sign, bool((r > 0 or r < 0) and not any(v.contains(0) for v in vals[1:1 + n_even]))

    def _line_derivative_sign(self, i, t_index, which, d, wide, wide_box, strict, one_sided=False):
        """Sign of the line derivative ``D`` (``which``: 0 for ``F``'s, 1 for ``G``'s) over the widened box,
        whose ball is ``d``: from ``d``; else from the mean-value form ``D(c) + grad D(B).(x - c)`` at the
        centre ``c``; else (``F``'s, for a non-strict part, where ``D >= 0`` suffices) from ``D``'s sign form.
        With ``one_sided``, only from ``D``'s one-sided enclosure (:func:`_one_sided_sign`), where ``d`` is not
        finite."""
        if one_sided:
            return None if d.is_finite() else _one_sided_sign(self.eng, t_index, which, wide_box)
        sign = _sign(d, 0, 1)
        if sign is not None:
            return sign
        eng = self.eng
        gp = eng.program(("lgrad", i, t_index, which))
        if gp is not None:
            c = [(lo + hi) / 2 for lo, hi in wide_box]
            dc = eng.run(eng.program(("line", i, t_index)), [ball(v) for v in c])[0][which]
            g, smooth = eng.run(gp, wide)
            if smooth:
                spans = [(lo - cj, hi - cj) for (lo, hi), cj in zip(wide_box, c)]
                lo = box_lower([lo_prod(gj, a, b) for gj, (a, b) in zip(g, spans)], dc)
                neg = box_lower([lo_prod(-gj, a, b) for gj, (a, b) in zip(g, spans)], -dc)
                if lo is not None and lo > 0:
                    return 1
                if neg is not None and neg > 0:
                    return -1
        if strict or which:        # G must not vanish: only its strict sign serves
            return None
        r = self.form_sign(("lform", i, t_index, which), lambda: eng.line_derivative(t_index, which), wide)
        return None if r is None else r[0]

    def _line(self, i, t_index: int, strict: bool, one_sided: bool = False) -> bool:
        """``F = d^kf F/dx_var^kf (eta) (x_var - plane)^kf / kf!`` with ``eta`` between the plane and ``x_var``
        (likewise ``G``): the derivatives enclosed over the box widened in ``x_var`` to the plane's values
        give the signs of ``F`` and ``G`` off the plane; equal signs give ``s = F/G >= 0``.  ``one_sided``: a
        derivative whose ball is not finite is signed by its one-sided enclosure instead."""
        eng = self.eng
        t = eng.tight[t_index]
        prog = eng.program(("line", i, t_index))
        if prog is None:
            return False
        lo, hi = self.box[t.var]
        a, b = t.plane(self.box)
        sgn, excluded = _line_sign(eng, t, self.box)
        meets = not (lo > b or hi < a)
        if strict and t.kf > t.kg and meets and not excluded:   # s = 0 (or -> 0) on the plane
            return False
        wide = list(self.balls)
        wide[t.var] = hull(min(lo, a), max(hi, b))
        (df, dg, f, g), smooth = eng.run(prog, wide)
        wide_box = list(self.box)
        wide_box[t.var] = (min(lo, a), max(hi, b))
        if not (smooth and all(v.is_finite() or (one_sided and _one_sided(eng, t_index, e, wide_box) is not None)
                               for v, e in ((f, t.num), (g, t.den)))):   # F, G defined along every segment
            return False
        if t.kg == 0 and lo == hi == a == b:     # the box lies in the plane, where s = 0 identically
            return not strict
        if one_sided and df.is_finite() and dg.is_finite():     # the plain argument's case
            return False
        sf = self._line_derivative_sign(i, t_index, 0, df, wide, wide_box, strict, one_sided and not df.is_finite())
        sg = self._line_derivative_sign(i, t_index, 1, dg, wide, wide_box, strict,
                                        one_sided and not dg.is_finite()) if sf is not None else None
        if (t.kf - t.kg) % 2 == 0:     # sign(F/G) = sf sg sign(x_var - plane)^(kf + kg) = sf sg on either side
            return sf is not None and sf == sg
        if sgn is None:
            return False
        return sf is not None and sg is not None and sf * sgn ** t.kf == sg * sgn ** t.kg

    def tight(self, i, t_index: int, one_sided: bool = False):
        """Whether the exact local argument at tight point ``t_index`` certifies part ``i`` on this box
        (``one_sided``: the tight-line argument with one-sided enclosures, at any distance from the line)."""
        eng = self.eng
        t = eng.tight[t_index]
        if one_sided:
            return t.kind == "line" and self.smooth and self._line(i, t_index, eng.parts[i].strict, True)
        if not t.touches(self.box) or not self.smooth:
            return False
        strict = eng.parts[i].strict
        if t.kind == "line":
            return self._line(i, t_index, strict)
        if t.kind == "cross":
            return self._cross(i, t_index, strict)
        if t.kind == "edge":
            return self._edge(i, t_index, strict)
        if strict:      # s(p) = 0: a strict part needs p outside the domain, and s > 0 off p
            inside, hyp = eng.point_facts(t.point) if t.kind in ("k1", "k2", "corner") else (False, None)
            if inside and hyp is not False:
                return False
        if t.kind == "k1":
            g = self.grad(i)
            if g is None:
                return False
            d = [(lo - pj, hi - pj) for (lo, hi), pj in zip(self.box, t.point)]
            terms = [lo_prod(gj, dl, du) for gj, (dl, du) in zip(g, d)]
            if strict:   # each term >= 0 and > 0 where x_j != p_j: the gradient strictly signed
                return all(t_ is not None and t_ >= 0 for t_ in terms) and all(
                    (dl, du) == (0, 0) or (gj > 0 if dl >= 0 else gj < 0) for gj, (dl, du) in zip(g, d))
            return _ok(box_lower(terms, ball(0)), False)
        if t.kind == "k2":
            hp = eng.program(("hess", i))
            if hp is None:
                return False
            h, _ = eng.run(hp, self.balls)
            n = len(self.box)
            for j in range(n):
                off = ball(0)
                for k in range(n):
                    if k != j:
                        hjk = h[j * n + k]
                        if not hjk.is_finite():
                            return False
                        off = off + hjk.abs_upper()
                hjj = h[j * n + j]      # diagonal dominance: PSD; strict dominance: definite
                if not (hjj.is_finite() and (hjj.lower() > off.upper() if strict else hjj.lower() >= off.upper())):
                    return False
            return True
        if t.kind == "mono":
            return self._monotone_end(i, t_index, strict)
        if t.kind == "corner":
            return self._corner(i, t_index, strict)
        # 1-D: sign of F and G on the side of p covered by the box
        prog = eng.program(("1d", i, t_index))
        if prog is None:
            return False
        j = eng.active[0]
        lo, hi = self.box[j]
        p = t.point[j]
        if lo < p < hi and (t.kf % 2 or t.kg % 2):
            return False
        side = 1 if p <= lo else -1
        wide = list(self.balls)
        wide[j] = hull(min(lo, p), max(hi, p))
        vals, _ = eng.run(prog, wide)
        if not (vals[0].is_finite() and vals[1].is_finite()):     # F, G defined between p and the box
            return False
        at_p = eng.run(prog, [ball(v) for v in t.point])[0]
        sf = _taylor_sign(vals[2::2], at_p[2::2], wide[j] - ball(p), t.kf, side)
        sg = _taylor_sign(vals[3::2], at_p[3::2], wide[j] - ball(p), t.kg, side)
        if sf is None or sg is None or sf != sg:
            return False
        if t.kf > t.kg and strict and lo <= p <= hi:   # s -> 0 at p: only a non-strict part holds there
            inside, hyp = eng.point_facts(t.point)
            return not inside or hyp is False
        return True


    def _cross(self, i, t_index: int, strict: bool) -> bool:
        """With ``s`` vanishing to order ``K`` in ``x`` on ``x = a`` and to order ``L`` in ``y`` on ``y = b``:
        ``s(x, y) = int_a^x int_b^y (x-u)^(K-1) (y-v)^(L-1) / ((K-1)! (L-1)!) d^K_x d^L_y s(u, v) dv du``,
        so ``s = (x-a)^K (y-b)^L / (K! L!) * M`` with ``M`` a weighted mean of the mixed partial over the
        rectangle between ``(a, b)`` and ``(x, y)``: its enclosure over the box widened to the planes, with
        the sign of ``(x-a)^K (y-b)^L`` on the box, decides."""
        eng = self.eng
        t = eng.tight[t_index]
        prog = eng.program(("cross", i, t_index))
        if prog is None:
            return False
        wide, wide_box = list(self.balls), list(self.box)
        sign = 1
        for j, v, k in ((t.var, t.value, t.kf), (t.base, t.value2, t.kg)):
            lo, hi = self.box[j]
            d = eng.dims[j]
            if strict and lo <= v <= hi and not ((v == d.lo and d.open_lo) or (v == d.hi and d.open_hi)):
                return False       # s = 0 on a plane inside the domain: a strict part fails there
            if k % 2:
                if lo >= v:
                    pass
                elif hi <= v:
                    sign = -sign
                else:
                    return False
            wide[j], wide_box[j] = hull(min(lo, v), max(hi, v)), (min(lo, v), max(hi, v))
        (m,), smooth = eng.run(prog, wide)
        if not smooth or not m.is_finite():
            return False
        if bool(m > 0 if strict else m >= 0) if sign > 0 else bool(m < 0 if strict else m <= 0):
            return True
        return self._cross_mean_value(i, t_index, wide, wide_box, sign, strict)

    def _cross_mean_value(self, i, t_index: int, wide, wide_box, sign: int, strict: bool) -> bool:
        """The mixed partial ``m`` of the cross argument signed by its mean-value form over the widened box
        ``W``: ``m(x) in m(c) + grad m(W).(x - c)``, ``c_j`` at the end of ``W_j`` where ``dm/dx_j`` has a fixed
        sign (the face where ``m`` is least, for ``sign > 0``), so ``m = sin(x + y) >= 0`` on ``[0, h]^2``,
        whose ball reaches below 0 by ``h``."""
        eng = self.eng
        gp = eng.program(("cgrad", i, t_index))
        if gp is None:
            return False
        g, smooth = eng.run(gp, wide)
        if not smooth:
            return False
        g = [sign * gj for gj in g]                      # bound sign * m from below
        c = [lo if gj >= 0 else (hi if gj <= 0 else (lo + hi) / 2) for (lo, hi), gj in zip(wide_box, g)]
        mc = sign * eng.run(eng.program(("cross", i, t_index)), [ball(v) for v in c])[0][0]
        lb = box_lower([lo_prod(gj, lo - cj, hi - cj) for (lo, hi), gj, cj in zip(wide_box, g, c)], mc)
        return _ok(lb, strict)

    def _edge(self, i, t_index: int, strict: bool) -> bool:
        """At the open end ``x_v = e`` of the domain, a side of the box: ``ds/dx_v`` has one sign on the box
        off that face (signs of its exact factors, as ``monotone-end``); decreasing away from the face,
        ``s`` is bounded below by its ball on the opposite face ``x_v = far end``."""
        eng = self.eng
        t = eng.tight[t_index]
        lo, hi = self.box[t.var]
        prog = eng.program(("edge", i, t_index))
        if prog is None or lo == hi:
            return False
        side = 1 if t.value == lo else -1
        vals, smooth = eng.run(prog, self.balls)
        sign = factored_sign(vals, t.num, t.den, side) if smooth else None
        if sign is None or sign * side > 0:
            return False
        far = list(self.balls)
        far[t.var] = ball(hi if side > 0 else lo)
        return _ok(lower(eng.run(eng.p0, far)[0][i]), strict)

    def _corner(self, i, t_index: int, strict: bool) -> bool:
        """Taylor at ``p`` with every partial of order below ``k`` exactly 0 there:
        ``s(x) = sum_{|a| = k} d^a s(xi) (x - p)^a / a!``; each term is ``>= 0`` when the partial's
        enclosure over the box has the sign of ``(x - p)^a``, known where ``p_j`` is an end of ``B_j``
        (or the power of ``x_j - p_j`` is even); strictly signed pure partials ``d^k s/dx_j^k`` make the sum
        ``> 0`` off ``p`` (a strict part)."""
        eng = self.eng
        t = eng.tight[t_index]
        prog = eng.program(("corner", i, t_index))
        if prog is None:
            return False
        sides = {}
        for j in eng.active:
            lo, hi = self.box[j]
            sides[j] = 1 if t.point[j] == lo else (-1 if t.point[j] == hi else None)
        ders, _ = eng.run(prog, self.balls)
        combos = itertools.combinations_with_replacement(eng.active, t.kf)
        for d, combo in zip(ders, combos):
            sign = 1
            for j in set(combo):
                if combo.count(j) % 2:
                    if sides[j] is None:
                        return False
                    sign *= sides[j]
            pure = len(set(combo)) == 1 and self.box[combo[0]][0] < self.box[combo[0]][1]
            positive = (d > 0 if sign > 0 else d < 0) if strict and pure else (d >= 0 if sign > 0 else d <= 0)
            if not d.is_finite() or not positive:
                return False
        return True

    def _monotone_end(self, i, t_index: int, strict: bool) -> bool:
        """``s' = N/D`` of one sign on the box off ``p`` (``N(B)`` excludes 0; ``D`` by its Taylor order at
        ``p``): ``s`` is monotone there, so it is bounded below by its value at the far end (decreasing
        away from ``p``) or by its limit at ``p`` (increasing away from ``p``)."""
        eng = self.eng
        t = eng.tight[t_index]
        prog = eng.program(("mono", i, t_index))
        j = eng.active[0]
        lo, hi = self.box[j]
        p = t.point[j]
        if prog is None or not (p == lo or p == hi) or lo == hi:
            return False
        side = 1 if p == lo else -1
        vals, _ = eng.run(prog, self.balls)
        if t.kg < 0:
            away = factored_sign(vals, t.num, t.den, side)
            if away is None:
                return False
            away *= side
        else:
            sn, sd = _sign(vals[0], t.kf, side), _sign(vals[1], t.kg, side)
            if sn is None or sd is None:
                return False
            away = sn * sd * side
        if away < 0:              # decreasing away from p: the far end bounds s below
            far = list(c for c, _ in self.box) if side < 0 else list(c for _, c in self.box)
            return _ok(lower(self.point(far)[i]), strict)
        lim = t.limits[0 if side > 0 else 1]
        if lim is None:
            return False
        try:
            return ((lim > 0) if strict else (lim >= 0)) is sp.true
        except TypeError:                  # a complex or undefined limit decides nothing
            return False


def _one_sided_sign(eng: Engine, t_index: int, which: int, wide_box):
    """Strict sign of the line derivative ``D`` over the widened box from its one-sided enclosure
    (:mod:`.onesided`), or None.  The enclosure holds off the faces ``x_j = r`` where a singular operand
    touches 0; the Taylor argument needs ``D`` at the points between a point ``x`` of the domain and the plane
    along ``x_var``, so every face must miss them: ``r`` outside ``x_j``'s domain (so ``x_j != r`` at ``x``; for
    ``j = var`` the points strictly between lie inside the widened side, at whose end the face is), and for
    ``j = var`` no plane value at a point of the domain equals ``r``."""
    got = _one_sided(eng, t_index, eng.line_derivative(t_index, which), wide_box)
    if got is None:
        return None
    lo, hi = got
    return 1 if lo is not None and lo > 0 else (-1 if hi is not None and hi < 0 else None)


def _one_sided(eng: Engine, t_index: int, e, wide_box):
    """The one-sided enclosure ``(lo, hi)`` of ``e`` over the widened box of tight line ``t_index``, when each of
    its faces misses the points the Taylor argument needs (see :func:`_one_sided_sign`); else None."""
    t = eng.tight[t_index]
    got = bounds(e, eng.syms, wide_box)
    if got is None:
        return None
    for j, r in got[1]:
        if eng.dims[j].contains(r):
            return None
        if j == t.var and (r == t.value if t.base is None else eng.dims[t.base].contains(t.flip * r)):
            return None
    return got[0]


def _line_sign(eng: Engine, t: Tight, box):
    """(sign of ``x_var - plane`` on the box, or on the assumptions' part of it, or None if it changes;
    whether the plane itself is outside the domain: an open end, or removed by a strict assumption)."""
    lo, hi = box[t.var]
    a, b = t.plane(box)
    sign = 1 if lo >= b else (-1 if hi <= a else None)
    if t.base is None:
        d = eng.dims[t.var]
        return sign, (t.value == d.lo and d.open_lo) or (t.value == d.hi and d.open_hi)
    if t.flip > 0:
        balls = balls_of(box)
        for h in eng.hyps:
            implied = _implied_order(eng, h, eng.syms[t.base], eng.syms[t.var], balls)
            if implied is not None:
                return implied
    return sign, False


def _implied_order(eng: Engine, h, x, y, balls):
    """(sign of ``y - x``, strict) that the assumption ``h`` forces on the box: a relation between ``x`` and
    ``y`` (``x = y``: sign 0, either side); a conjunction through any conjunct; a disjunction when all its
    disjuncts that are not surely false on the box (balls) force the same sign or 0 (strict when all are
    strict); else None."""
    if isinstance(h, (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan)) \
            and {h.lhs, h.rhs} == {x, y}:
        greater = h.rhs if isinstance(h, (sp.StrictLessThan, sp.LessThan)) else h.lhs
        return (1 if greater == y else -1), isinstance(h, (sp.StrictLessThan, sp.StrictGreaterThan))
    if isinstance(h, sp.Eq) and {h.lhs, h.rhs} == {x, y}:
        return 0, False                  # on the plane itself: compatible with either side
    if isinstance(h, sp.And):
        return next((r for r in (_implied_order(eng, a, x, y, balls) for a in h.args) if r is not None), None)
    if isinstance(h, sp.Or):
        try:
            live = [a for a in h.args if eng.run(compile_program((a,), eng.syms), balls)[0][0] is not False]
        except NotCertifiable:
            return None
        got = [_implied_order(eng, a, x, y, balls) for a in live]
        signs = {g[0] for g in got if g is not None} - {0}
        if got and None not in got and len(signs) == 1:
            return signs.pop(), all(g[1] for g in got)
    return None


def _taylor_sign(over, at_p, d, k: int, side: int):
    """Sign of ``F(x) = F^(k)(xi) (x - p)^k / k!`` on ``side`` of ``p``, ``xi`` between ``p`` and ``x``: from the
    first of the enclosures ``sum_{j<m} F^(k+j)(p) d^j/j! + F^(k+m)(H) d^m/m!`` of ``F^(k)(H)`` (``m = 0, 1, ...``;
    ``H`` the hull of ``p`` and the box, ``d = H - p``; Taylor's theorem for ``F^(k)`` about ``p``) that excludes 0:
    the exact coefficients at ``p`` leave only the remainder's overestimate, times ``d^m``."""
    head = ball(0)
    for m, (rest, coef) in enumerate(zip(over, at_p)):
        sign = _sign(head + rest * d ** m / math.factorial(m), k, side)
        if sign is not None:
            return sign
        head = head + coef * d ** m / math.factorial(m)
    return None


def _sign(b, k: int, side: int):
    """Sign of ``b (x - p)^k`` for ``x`` on ``side`` of ``p`` (None when ``b`` holds 0)."""
    if not b.is_finite():
        return None
    s = 1 if b > 0 else (-1 if b < 0 else None)
    return None if s is None else s * (side ** k)


METHODS = ("ball", "mean-value", "taylor2")
ONE_SIDED = " one-sided"     # suffix of the tight-line argument signed by one-sided enclosures


def certify_part(ev: BoxEval, i: int, tight_ids, only: str | None = None, bounds: list | None = None):
    """(method, lower bound as Fraction or None, tight index or None) certifying part ``i`` on the box, or
    None.  ``only`` restricts to one recorded method (replay); the lower bounds found go to ``bounds``."""
    if ev.eng.parts[i].equality:      # an equality: only an identity proves it (its ball shows it defined)
        ok = only in (None, "identity") and ev.s[i].is_finite() and ev.eng.identity(i)
        return ("identity", Fraction(0), None) if ok else None
    strict = ev.eng.parts[i].strict
    for name, fn in (("ball", ev.ball_lb), ("mean-value", ev.mean_value), ("taylor2", ev.taylor2)):
        if only is not None and only != name:
            continue
        lb = fn(i)
        if _ok(lb, strict):
            return name, lb, None
        if bounds is not None and lb is not None:
            bounds.append(lb)
    if only in (None, "sign-form") and ev.smooth and ev.s[i].is_finite():
        r = ev.form_sign(("form", i), lambda: ev.eng.parts[i].slack, ev.balls)
        if r is not None and r[0] > 0 and (r[1] or not strict):
            return "sign-form", Fraction(0), None
    for ti in tight_ids:
        t = ev.eng.tight[ti]
        name = method_name(t)
        if (only is None or only == name) and t.part == i and ev.tight(i, ti):
            return name, Fraction(0), ti
    for ti in (tight_ids if only is not None else range(len(ev.eng.tight))):    # one-sided: any distance
        t = ev.eng.tight[ti]
        name = method_name(t) + ONE_SIDED
        if t.kind == "line" and t.part == i and only in (None, name) and ev.tight(i, ti, one_sided=True):
            return name, Fraction(0), ti
    for q in (ev.eng.quotients(i) if only is None or only.endswith(ONE_SIDED) else ()):
        name = f"divided by term {q.term}{ONE_SIDED}"
        if only in (None, name) and _divided_one_sided(ev, i, q, strict):
            return name, Fraction(0), None
    if only is None or only.startswith("divided"):
        for q in ev.eng.quotients(i):
            name = f"divided by term {q.term}"
            lb = quotient_bound(q, ev.box, ev.balls, ev.eng.run, strict) if only in (None, name) else None
            if lb is not None:
                return name, lb, None
    return None


def _divided_one_sided(ev: BoxEval, i: int, q, strict: bool) -> bool:
    """The ``divided`` argument with one-sided enclosures: off their faces, ``log P`` is finite (so ``P > 0``)
    and ``Q >= 0`` (``> 0``), so ``s = P Q`` is; on the faces that meet the box in the domain, ``s`` itself
    (:func:`.onesided.faces_hold`: ``e^(-t) - 0^t`` on ``u = 1`` of ``e^(-ut) - (1-u)^t``)."""
    eng = ev.eng
    if q.expr is None:
        return False
    lp = bounds(q.log_divisor, eng.syms, ev.box)
    qb = bounds(q.expr, eng.syms, ev.box) if lp is not None else None
    return qb is not None and signed(qb[0][0], strict) and faces_hold(
        eng.parts[i].slack, eng.syms, ev.box, eng.dims, lp[1] + qb[1], strict)


def method_name(t: Tight) -> str:
    if t.kind == "line":
        return f"tight-line k={t.kf}"
    if t.kind == "mono":
        return "monotone-end"
    if t.kind == "corner":
        return f"taylor-corner k={t.kf}"
    if t.kind == "cross":
        return f"tight-cross k={t.kf},{t.kg}"
    if t.kind == "edge":
        return "monotone-edge"
    if t.kind == "k1":
        return "tight-point k=1"
    if t.kind == "k2":
        return "tight-point k=2"
    return f"tight-point k={t.kf}" if t.kg == 0 else f"singular-point k={t.kf}/{t.kg}"


def point_lower(eng: Engine, pt):
    """A certified lower bound of every part's slack at the point ``pt`` (exact SymPy zero when the ball
    holds 0), or None when some part is not certified there."""
    vals = eng.run(eng.p0, [ball(v) for v in pt], POINT_PREC)[0]
    lbs = []
    for part, v in zip(eng.parts, vals):
        lb = lower(v)
        if part.equality:
            return None
        if _ok(lb, part.strict):
            lbs.append(lb)
        elif not part.strict and v.is_finite() and v.contains(0) and _is_zero(at(part.slack, eng.exact_subs(pt))):
            lbs.append(Fraction(0))
        else:
            return None
    return min(lbs)


# ---------------------------------------------------------------- counterexamples
def certify_point(eng: Engine, point, prec: int = POINT_PREC):
    """(part, slack ball) when ``point`` is a certified violation, else None."""
    inside, hyp = eng.point_facts(point)
    if not inside or hyp is not True:
        return None
    vals = eng.run(eng.p0, [ball(v) for v in point], prec)[0]
    for i, (part, v) in enumerate(zip(eng.parts, vals)):
        if not v.is_finite():
            continue
        if part.equality:
            if v > 0 or v < 0:
                return i, v
        elif v < 0 or (part.strict and v <= 0):
            return i, v
        elif part.strict and v.contains(0) and _is_zero(at(part.slack, eng.exact_subs(point))) is True:
            return i, v
    return None


def shrink(eng: Engine, point, widths):
    """The simplest rational point near ``point`` that is a certified violation (or None)."""
    dims = eng.dims
    for k in range(1, 40):
        cand = []
        for d, v, w in zip(dims, point, widths):
            r = w / Fraction(2) ** k
            a, b = max(d.lo, v - r), min(d.hi, v + r)
            if d.integer:
                q = Fraction(round(v))
                q = min(max(q, d.lo), d.hi)
            else:
                q = simplest_between(a, b) if a <= b else v
            cand.append(q)
        hit = certify_point(eng, tuple(cand))
        if hit is not None:
            return tuple(cand), hit
    return None


# ---------------------------------------------------------------- the search
def _split(box, eng: Engine, dom_w):
    """Two children of ``box``: the active dimension of largest relative width, cut at a tight point's
    coordinate when one lies inside, else at the midpoint (integers: between two integers)."""
    best, jbest = None, None
    for j in eng.active:
        lo, hi = box[j]
        if hi == lo:
            continue
        rel = (hi - lo) / dom_w[j]
        if not eng.dims[j].integer and rel < MIN_REL_WIDTH:
            continue
        if best is None or rel > best:
            best, jbest = rel, j
    if jbest is None:
        return None
    j = jbest
    lo, hi = box[j]
    d = eng.dims[j]
    cut = None
    for t in eng.tight:
        if t.point and t.touches(box) and lo < t.point[j] < hi:
            cut = t.point[j]
            break
    if d.integer:
        m = Fraction(math.floor((lo + hi) / 2)) if cut is None else Fraction(math.floor(cut))
        m = min(max(m, lo), hi - 1)
        left, right = (lo, m), (m + 1, hi)
    else:
        m = (lo + hi) / 2 if cut is None else cut
        left, right = (lo, m), (m, hi)
    return box[:j] + (left,) + box[j + 1:], box[:j] + (right,) + box[j + 1:]


def _candidates(eng: Engine, seed_points):
    """Rational points tried as tight points (seeds, then the grid of per-dimension values: the ends, 0,
    +-1, 1/2, 2 and the roots of univariate linear Ne/Eq assumptions), and those values per dimension."""
    per_dim = []
    for j, d in enumerate(eng.dims):
        vals = {d.lo, d.hi}
        vals |= {Fraction(v) for v in (0, 1, -1, Fraction(1, 2), 2) if d.lo <= v <= d.hi}
        x = eng.syms[j]
        for h in eng.hyps:
            if isinstance(h, (sp.Ne, sp.Eq)) and (h.lhs - h.rhs).free_symbols == {x}:
                e = h.lhs - h.rhs
                if sp.degree(e, x) == 1:
                    r = sp.solve(e, x)[0]
                    if r.is_Rational and d.lo <= r <= d.hi:
                        vals.add(Fraction(int(r.p), int(r.q)))
        per_dim.append(sorted(vals) if j in eng.active else [d.lo])
    pts = []
    for seed in seed_points:
        try:
            pts.append(tuple(_rational(seed[d.name]) if d.name in seed else d.lo for d in eng.dims))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            continue                          # an unusable seed (nan, text) is skipped, never fatal
    pts += _scale_points(eng)
    grid = [()]
    for vals in per_dim:
        grid = [g + (v,) for g in grid for v in vals]
        if len(grid) > 400:
            grid = grid[:400]
    return pts + grid, per_dim


SCALE_BITS = 40     # a coefficient past 2^SCALE_BITS acts below the smallest box side (MIN_REL_WIDTH)


def _scale_points(eng: Engine) -> list:
    """Points at the scale where a product ``c x_j`` with a huge rational ``|c| >= 2^SCALE_BITS`` changes
    (``x_j = +-1/c, +-2/c`` from the lower end, the other coordinates at their lower ends): no box is split
    that fine, so ``exp(2^1000 x) <= 2`` on ``[0, 1]`` is refuted only at such a point."""
    pts = []
    for part in eng.parts:
        for node in sp.preorder_traversal(part.slack):
            if not node.is_Mul:
                continue
            syms = [a for a in node.args if a in eng.syms]
            rest = [a for a in node.args if a not in eng.syms]
            if len(syms) != 1 or not all(a.is_number for a in rest):
                continue
            try:
                c = _exact_value(sp.Mul(*rest), {})
            except _TooBig:
                continue
            if c is None or abs(c) < 2 ** SCALE_BITS:
                continue
            j = eng.syms.index(syms[0])
            d = eng.dims[j]
            for k in (1, 2, -1, -2):
                v = d.lo + k / abs(c) if k > 0 else d.hi + k / abs(c)
                if d.contains(v):
                    pts.append(tuple(v if i == j else e.lo for i, e in enumerate(eng.dims)))
    return pts


def _discover(eng: Engine, live: dict, heap_low: list):
    """New tight points (and axis planes) at the simplest rational point of the undecided box of least
    slack: a tight point the candidates missed shows as boxes piling up there.  Returns a strict-zero
    violation (point, part, ball) when one is found, else None."""
    entries = [e for e in heap_low if e[1] in live]
    if not entries:
        return None
    box = live[min(entries)[1]]
    q = tuple(simplest_between(lo, hi) for lo, hi in box)
    hit = eng.find_tight([q])
    if hit is not None:
        return hit[0], hit[1], eng.run(eng.p0, [ball(v) for v in hit[0]], POINT_PREC)[0][hit[1]]
    eng.find_lines([[v] for v in q], diagonals=False)
    return None


def _rational(v) -> Fraction:
    """A seed coordinate as a Fraction: Fractions and ints as they are, SymPy rationals and decimal strings
    exactly, floats through their shortest repr."""
    if isinstance(v, (Fraction, int)):
        return Fraction(v)
    if isinstance(v, float):
        return Fraction(repr(v))
    return Fraction(str(v))


def _float(q: Fraction) -> float:
    """``q`` as a float, +-inf past the float range (a mean-value bound of a slack with ``t`` up to ``10^8``)."""
    try:
        return float(q)
    except OverflowError:
        return math.inf if q > 0 else -math.inf


def _center(box, dims):
    return tuple(Fraction(math.floor((lo + hi) / 2)) if d.integer else (lo + hi) / 2
                 for (lo, hi), d in zip(box, dims))


def _score(vals, parts) -> float:
    best = math.inf
    for v, p in zip(vals, parts):
        if v.is_finite():
            m = float(v.mid())
            best = min(best, -abs(m) if p.equality else m)
    return best


def certify(claim: Claim, *, seed_points=(), time_budget: float = 5.0, max_boxes: int = 200_000,
            prec: int = PREC) -> CertResult:
    """Certify ``claim`` over its parameter box within ``time_budget`` seconds and ``max_boxes`` boxes;
    ``seed_points`` (dicts name -> rational) are tried first as counterexamples and tight points.  See the
    module docstring for the methods."""
    with precision(prec):
        try:
            return _certify(claim, seed_points, time_budget, max_boxes, prec)
        except RecursionError:
            return _not_certifiable(claim, "expression too deep", time.perf_counter())
        except Exception as exc:  # noqa: BLE001 - labelled, never a proof: a user's claim must not crash the run
            return _not_certifiable(claim, f"internal error {type(exc).__name__}: {exc}", time.perf_counter())


def _certify(claim, seed_points, time_budget, max_boxes, prec) -> CertResult:
    t0 = time.perf_counter()
    try:
        eng = Engine(claim, prec, t0 + ANALYSIS_SHARE * time_budget)
    except NotCertifiable as exc:
        return _not_certifiable(claim, exc.name, t0)
    except _OutOfTime:
        return _not_certifiable(claim, f"the analysis' share of the time budget ({ANALYSIS_SHARE * time_budget:g} s) spent building the "
                                        "enclosures", t0)
    dims = eng.dims
    root = tuple((d.lo, d.hi) for d in dims)
    dom_w = [(d.hi - d.lo) or Fraction(1) for d in dims]
    total = volume(root, dims)
    leaves: list[dict] = []
    certified_vol, excluded_vol = Fraction(0), Fraction(0)
    counterexample = None
    out_of_time = False

    try:
        cands, per_dim = _candidates(eng, seed_points)
        # exact (SymPy) arguments only at simple rationals: a float search's seed 4e-11 stands for 0, and SymPy's
        # exact powers at points of huge denominators ((1 - u)^t at t = p/q) do not finish
        hit = eng.find_tight([tuple(snapped(v, d.lo, d.hi) for v, d in zip(pt, dims)) for pt in cands])
        eng.find_lines(per_dim)
        eng.find_crosses()
        eng.find_edges()
        if hit is not None:
            counterexample = (hit[0], hit[1], eng.run(eng.p0, [ball(v) for v in hit[0]], POINT_PREC)[0][hit[1]])
        else:
            for pt in cands:
                h = certify_point(eng, pt)
                if h is not None:
                    counterexample = (pt, h[0], h[1])
                    break
    except NotCertifiable as exc:
        return _not_certifiable(claim, exc.name, t0)
    except _OutOfTime:
        out_of_time = True            # the local arguments found so far stand; the search gets the rest
    eng.deadline = t0 + time_budget

    live: dict = {}
    tightest = [math.inf, None]          # least centre slack seen, and where
    heap_vol, heap_low = [], []
    seq = 0
    n_boxes = 0

    scaled = []      # leaves certified by scaling: conditional on every other leaf being certified

    def process(box):
        nonlocal seq, certified_vol, excluded_vol, counterexample, n_boxes
        n_boxes += 1
        if scaled_corner(box, eng):
            scaled.append(len(leaves))
            certified_vol += volume(box, dims)
            leaves.append(_leaf(box, "certified", "scaling", Fraction(0)))
            return
        hyp = eng.hyp_status(balls_of(box))
        if hyp is False:
            excluded_vol += volume(box, dims)
            leaves.append(_leaf(box, "excluded", "assumption"))
            return
        ev = BoxEval(eng, box)
        near = [ti for ti, t in enumerate(eng.tight) if t.touches(box)]
        done, bounds = [], []
        for i, part in enumerate(eng.parts):
            r = certify_part(ev, i, near, bounds=bounds)
            if r is None:
                break
            done.append(r)
        if len(done) == len(eng.parts):
            certified_vol += volume(box, dims)
            leaves.append(_leaf(box, "certified", "; ".join(r[0] for r in done),
                                min(r[1] for r in done), [r[2] for r in done]))
            return
        c = _center(box, dims)
        cv = ev.point(c)
        sc = _score(cv, eng.parts)
        if sc < tightest[0]:
            tightest[:] = [sc, c]
        if counterexample is None and any(v.is_finite() and (v < 0 or (p.equality and not v.contains(0)))
                                          for v, p in zip(cv, eng.parts)):
            found = shrink(eng, c, [hi - lo for lo, hi in box])
            if found is not None:
                counterexample = (found[0], found[1][0], found[1][1])
        if all(lo == hi for lo, hi in box):
            _point_leaf(box)
            return
        seq += 1
        live[seq] = box
        heapq.heappush(heap_vol, (-volume(box, dims), seq))
        key = _float(max(bounds)) if bounds else min(_score(cv, eng.parts), 0.0)
        heapq.heappush(heap_low, (key, seq))

    def _point_leaf(box):
        nonlocal certified_vol, counterexample
        pt = tuple(lo for lo, _ in box)
        hit = certify_point(eng, pt)
        if hit is not None:
            counterexample = counterexample or (pt, hit[0], hit[1])
            leaves.append(_leaf(box, "violated", "point"))
            return
        lb = point_lower(eng, pt)
        if lb is None:
            leaves.append(_leaf(box, "undecided", ""))
        else:
            certified_vol += volume(box, dims)
            leaves.append(_leaf(box, "certified", "point", lb))

    pending = [root] if counterexample is None else []   # boxes to process; on _OutOfTime, undecided
    if counterexample is not None:
        leaves.append(_leaf(root, "undecided", ""))
    try:
        while pending:
            process(pending[0])
            pending.pop(0)
        turn = 0
        checkpoints = [200, 1000, 5000, 20000]
        while live and counterexample is None:
            if checkpoints and n_boxes >= checkpoints[0]:
                checkpoints.pop(0)
                counterexample = counterexample or _discover(eng, live, heap_low)
                if counterexample is not None:
                    break
            if time.perf_counter() - t0 > time_budget or n_boxes >= max_boxes:
                break
            heap = heap_vol if turn % 2 == 0 else heap_low
            turn += 1
            while heap and heap[0][1] not in live:
                heapq.heappop(heap)
            if not heap:
                continue
            box = live.pop(heapq.heappop(heap)[1])
            kids = _split(box, eng, dom_w)
            if kids is None:
                leaves.append(_leaf(box, "undecided", ""))
                continue
            pending = list(kids)
            while pending:
                if counterexample is None:
                    process(pending[0])
                else:                       # a violation stops the search: the rest stays undecided
                    leaves.append(_leaf(pending[0], "undecided", ""))
                pending.pop(0)
    except NotCertifiable as exc:
        return _not_certifiable(claim, exc.name, t0)
    except _OutOfTime:
        out_of_time = True
        leaves += [_leaf(box, "undecided", "") for box in pending]
    for k in sorted(live):
        leaves.append(_leaf(live[k], "undecided", ""))
    if any(leaf["status"] in ("undecided", "violated") for leaf in leaves):
        for k in scaled:                # its image under scaling is not all certified
            box = tuple((Fraction(a), Fraction(b)) for a, b in zip(leaves[k]["lo"], leaves[k]["hi"]))
            leaves[k] = _leaf(box, "undecided", "")
            certified_vol -= volume(box, dims)
    seconds = time.perf_counter() - t0
    eng.deadline = math.inf           # the labelling's identity tests (equality parts) are the result's own
    return _result(eng, leaves, total, certified_vol, excluded_vol, counterexample, seconds, n_boxes,
                   claim, prec, tightest[1], out_of_time)


# ---------------------------------------------------------------- results and certificates
def _leaf(box, status, method, lb=None, tight=None) -> dict:
    leaf = {"lo": [fstr(lo) for lo, _ in box], "hi": [fstr(hi) for _, hi in box], "status": status,
            "method": method}
    if lb is not None:
        leaf["slack_lo"] = floor_str(lb)
    if tight is not None and any(t is not None for t in tight):
        leaf["tight"] = tight if len(tight) > 1 else tight[0]
    return leaf


def statement_text(claim: Claim) -> str:
    """The statement's exact text (``srepr``); a placeholder when a constant is too long to print."""
    try:
        return sp.srepr(claim.statement)
    except ValueError:
        return f"<a statement with a constant of more than {MAX_CONST_DIGITS} digits>"


def assumptions_text(claim: Claim) -> list:
    return [sp.srepr(h) for h in hypotheses(claim)]


def _where(eng: Engine, boxes) -> str:
    """Where the undecided boxes lie: "near x = 0, y = 1/2" (their hull is small in those coordinates),
    "along q = p" (all touch one tight line), or "spread over the domain"."""
    tuples = [tuple((Fraction(a), Fraction(b)) for a, b in zip(e["lo"], e["hi"])) for e in boxes]
    parts = []
    for j in eng.active:
        d = eng.dims[j]
        a = min(b[j][0] for b in tuples)
        b = max(b[j][1] for b in tuples)
        if (b - a) * 10 <= (d.hi - d.lo):
            parts.append(f"{d.name} = {simplest_between(a, b)}")
    if len(parts) == len(eng.active):
        return "near " + ", ".join(parts)
    names = [d.name for d in eng.dims]
    for t in eng.tight:
        if t.kind == "line" and all(t.touches(b) for b in tuples):
            rhs = (fstr(t.value) if t.base is None else ("" if t.flip > 0 else "-") + names[t.base])
            return f"along {names[t.var]} = {rhs}"
    return "near " + ", ".join(parts) if parts else "spread over the domain"


def _result(eng, leaves, total, cert_vol, excl_vol, cex, seconds, n_boxes, claim, prec, tight_c,
            out_of_time=False) -> CertResult:
    names = [d.name for d in eng.dims]
    domain_vol = total - excl_vol
    coverage = cert_vol / domain_vol if domain_vol else Fraction(1)
    undecided = [b for b in leaves if b["status"] == "undecided"]
    has_eq = any(p.equality and not eng.identity(i) for i, p in enumerate(eng.parts))
    if cex is not None:
        status = "violated"
    elif not undecided and not has_eq:
        status = "proved"
    else:
        status = "partial"
    data = {
        "version": VERSION,
        "status": status,
        "statement": statement_text(claim),
        "assumptions": assumptions_text(claim),
        "prec": prec,
        "coverage": fraction_str(coverage) if coverage != 1 else "1",
        "coverage_exact": fstr(coverage),
        "params": names,
        "integer": [d.integer for d in eng.dims],
        "domain": {"lo": [fstr(d.lo) for d in eng.dims], "hi": [fstr(d.hi) for d in eng.dims]},
        "boxes": leaves,
        "tight_points": [t.to_json(names) for t in eng.tight],
        "undecided_summary": (f"{len(undecided)} boxes {_where(eng, undecided)}" if undecided else ""),
        "counterexample": None, "counterexample_slack": None,
        "tightest": None,
        "not_certifiable": None,
        "seconds": round(seconds, 3),
        "n_boxes": n_boxes,
    }
    point = None
    if cex is not None:
        pt, part, v = cex
        point = dict(zip(names, pt))
        data["counterexample"] = {n: fstr(q) for n, q in point.items()}
        data["counterexample_part"] = part
        data["counterexample_slack"] = f"[{float(v.mid()):.6g} +/- {float(v.rad()):.1e}]"
        where = ", ".join(f"{n}={fstr(q)}" for n, q in point.items())
        label = eng.parts[part].label
        if len(eng.parts) > 1:
            label = f"part {part + 1}: {label}"
        summary = f"violated at {where}: {label} in {data['counterexample_slack']}"
    elif status == "proved":
        summary = f"proved over the whole domain ({len(leaves)} boxes)"   # the time is in data["seconds"]
    else:
        summary = f"certified on {_percent_down(coverage)} % of the domain's volume"
        if has_eq:
            summary += " (an equality SymPy does not show identically 0 is only refutable here)"
        if undecided:
            summary += f"; undecided: {data['undecided_summary']}"
        if out_of_time:
            summary += " (the exact analysis was cut short by the time budget)"
    zero = [t.point for t in eng.tight if t.kind in ("k1", "1d") and t.kg == 0]   # s(p) = 0 exactly
    tight_c = zero[0] if zero else tight_c
    if tight_c is not None:
        data["tightest"] = {n: fstr(v) for n, v in zip(names, tight_c)}
    return CertResult(status, coverage, point, data, summary)


def _not_certifiable(claim, name, t0) -> CertResult:
    data = {"version": VERSION, "status": "not_certifiable", "statement": statement_text(claim),
            "coverage": "0", "params": [p.name for p in claim.parameters], "boxes": [],
            "counterexample": None, "counterexample_slack": None, "tightest": None,
            "not_certifiable": name, "seconds": round(time.perf_counter() - t0, 3), "n_boxes": 0}
    return CertResult("not_certifiable", Fraction(0), None, data, f"not certifiable: {name}")


# ---------------------------------------------------------------- evidence
_EVIDENCE_STATUS = {"proved": "proved", "violated": "violated", "partial": "inconclusive",
                    "not_certifiable": "inconclusive"}


def certified_evidence(claim: Claim, result: CertResult):
    """The ``certified`` tier's evidence record of ``result`` (data: the certificate, CERT_FORMAT)."""
    from sloppy_verifier.verify.evidence import Evidence
    worst = None
    if result.counterexample is not None:
        worst = {"params": {k: str(v) for k, v in result.counterexample.items()},
                 "slack": result.certificate.get("counterexample_slack")}
    return Evidence(tier="certified", status=_EVIDENCE_STATUS[result.status], summary=result.summary,
                    worst_case=worst,
                    tolerance="none: Arb ball arithmetic (rigorous enclosures); a box counts only when every "
                              "part's enclosure is certified, a counterexample only when its ball is negative",
                    data=result.certificate)


def _percent_down(coverage: Fraction) -> str:
    """``coverage`` as a percentage rounded down, with digits enough that a partial certificate never reads 100."""
    digits = 4
    while True:
        scaled = math.floor(coverage * 100 * 10**digits)
        if coverage == 1 or scaled < 100 * 10**digits:
            return f"{scaled // 10**digits}.{scaled % 10**digits:0{digits}d}"
        digits += 2
