"""One-sided enclosures: bounds over a box of an expression that is unbounded on one side near a face.

The ball of ``1/p + 1/(1 - p) - 4`` over ``p`` in ``[0, h]`` is not finite, yet every value is at least
``1/h + 1/(1 - 0) - 4``.  :func:`bounds` encloses an expression by a pair ``(lo, hi)`` of exact arb points or
``None`` for ``-oo`` (``lo``) and ``+oo`` (``hi``), by the rules of extended interval arithmetic:

* a sum adds the ends (an infinite end stays infinite on its side);
* a product takes the least and the greatest product of ends, with ``0 * oo = 0`` (the hull of the products of
  real numbers in the factors, which never reach an infinite end);
* the singular operations, ``x^n`` (``n < 0`` an integer), ``x^e`` (``e < 0`` rational), ``log x`` and ``b^x``
  written ``exp(x log b)``, give an infinite end only where their operand ``u`` has range ``[0, h]`` and ``u``
  is affine in one parameter ``x_j`` with rational coefficients (``u = c (x_j - r)``): then ``u`` is 0 only on
  the face ``x_j = r`` of the box, and ``1/u`` is ``>= 1/h`` off it (likewise ``u^e >= h^e``, ``log u <= log h``);
  an operand whose range straddles 0 (a pole inside the box) gives no enclosure;
* ``0^x`` (a base that is the number 0, after a face's substitution) is 0 where ``x > 0``: for ``x`` affine with
  range ``[0, h]`` it is 0 off the face ``x = 0`` (where ``0^0 = 1``);
* ``exp`` is increasing with limits ``0`` and ``+oo``; ``log`` with limits ``-oo`` and ``+oo``; every other
  function, and every operation on finite ranges, is Arb's ball of the operands' hulls (:mod:`.balls`).

Ends are rounded outwards (each is the lower or upper end of an Arb ball of the exact operation).  The result,
with the list ``faces`` of the pairs ``(j, r)`` where an infinite end was produced, bounds the expression at every
point of the box off those faces; the caller shows that the points it needs are off them (a face outside the
domain, an open end; or the faces checked on their own, :func:`holds`).  None when no such enclosure is found (a pole inside the box, a function of an unbounded
range that is not listed, a ``nan`` ball).
"""
from __future__ import annotations

from fractions import Fraction

import sympy as sp
from flint import arb

from .balls import _CONSTS, _FUNCS, NotCertifiable, ball, compile_program, ipow, precision, rpow


class _Undecided(Exception):
    pass


def bounds(expr, syms, box):
    """``((lo, hi), faces)`` enclosing ``expr`` over ``box`` (Fraction pairs of ``syms``) off the ``faces``
    ``(j, r)`` (the planes ``x_j = r``), or None; at the current Arb precision."""
    faces: list = []
    try:
        return _eval(sp.sympify(expr), dict(zip(syms, range(len(syms)))), box, faces, {}), faces
    except (_Undecided, NotCertifiable, ZeroDivisionError, ValueError, ArithmeticError):
        return None


def _finite(b: arb):
    if not b.is_finite():
        raise _Undecided
    return b.lower(), b.upper()


def _ball(r) -> arb:
    lo, hi = r
    if lo is None or hi is None:
        raise _Undecided
    return lo.union(hi)


def _eval(e, slots, box, faces, memo):
    if e in memo:
        return memo[e]
    if e in slots:
        lo, hi = box[slots[e]]
        out = ball(lo).lower(), ball(hi).upper()      # exact for dyadic ends (0, 1): a face is touched exactly
    elif e.is_Rational:
        out = _finite(ball(Fraction(int(e.p), int(e.q))))
    elif e in _CONSTS:
        out = _finite(_CONSTS[e]())
    elif isinstance(e, sp.Add):
        out = _eval(e.args[0], slots, box, faces, memo)
        for a in e.args[1:]:
            out = _add(out, _eval(a, slots, box, faces, memo))
    elif isinstance(e, sp.Mul):
        out = _eval(e.args[0], slots, box, faces, memo)
        for a in e.args[1:]:
            out = _mul(out, _eval(a, slots, box, faces, memo))
    elif isinstance(e, sp.Pow) and e.base is sp.E:
        out = _exp(_eval(e.exp, slots, box, faces, memo))
    elif isinstance(e, sp.Pow) and e.exp.is_Rational:
        out = _pow(e.base, e.exp, _eval(e.base, slots, box, faces, memo), slots, faces)
    elif isinstance(e, sp.Pow) and e.base.is_zero:      # 0^x: 0 for x > 0 (1 at x = 0: off a face)
        x = _eval(e.exp, slots, box, faces, memo)
        if not (x[0] is not None and x[0] > 0 or _touching(e.exp, x, slots, faces)):
            raise _Undecided
        out = arb(0), arb(0)
    elif isinstance(e, sp.Pow):          # b^x = exp(x log b)
        out = _exp(_mul(_eval(e.exp, slots, box, faces, memo), _log(e.base, slots, box, faces, memo)))
    elif isinstance(e, sp.exp):
        out = _exp(_eval(e.args[0], slots, box, faces, memo))
    elif isinstance(e, sp.log):
        out = _log(e.args[0], slots, box, faces, memo)
    elif e.func in _FUNCS:
        out = _finite(_FUNCS[e.func](*[_ball(_eval(a, slots, box, faces, memo)) for a in e.args]))
    else:
        raise NotCertifiable(getattr(e.func, "__name__", type(e).__name__))
    memo[e] = out
    return out


def _add(a, b):
    lo = None if a[0] is None or b[0] is None else (a[0] + b[0]).lower()
    hi = None if a[1] is None or b[1] is None else (a[1] + b[1]).upper()
    return lo, hi


def _ends(a):
    """The two ends of a range as ``(arb point, 0)`` or ``(None, -1 / +1)`` for ``-oo`` / ``+oo``."""
    return [(a[0], 0) if a[0] is not None else (None, -1), (a[1], 0) if a[1] is not None else (None, 1)]


def _mul(a, b):
    los, his, inf = [], [], set()
    for u, su in _ends(a):
        for v, sv in _ends(b):
            if u is not None and v is not None:
                p = u * v
                los.append(p.lower())
                his.append(p.upper())
            elif (u is not None and u.is_zero()) or (v is not None and v.is_zero()):
                los.append(arb(0))       # 0 * oo = 0: no real product in the factors exceeds the others
                his.append(arb(0))
            else:
                inf.add((su or _sgn(u)) * (sv or _sgn(v)))
    lo = None if -1 in inf else _extreme(los, lambda x, m: x < m)
    hi = None if 1 in inf else _extreme(his, lambda x, m: x > m)
    return lo, hi


def _sgn(u: arb) -> int:
    return 1 if u > 0 else -1           # an exact nonzero point


def _extreme(xs, better):
    m = xs[0]
    for x in xs[1:]:
        m = x if better(x, m) else m
    return m


def _exp(a):
    lo = arb(0) if a[0] is None else a[0].exp().lower()
    hi = None if a[1] is None else a[1].exp().upper()
    return lo, hi


def _touching(u, r, slots, faces) -> bool:
    """Whether the operand ``u`` of range ``r`` is ``>= 0`` and touches 0 only on a face of the box: ``u`` affine
    in one parameter; the face is recorded.  False when its range is away from 0 (no infinite end needed);
    raises where ``u`` may be 0 inside the box or negative."""
    lo, hi = r
    if lo is not None and lo > 0:
        return False
    if lo is None or lo < 0 or hi is None or not hi > 0:
        raise _Undecided
    free = [s for s in u.free_symbols if s in slots]
    if len(free) != 1 or u.free_symbols != set(free):
        raise _Undecided
    x = free[0]
    poly = sp.Poly(u, x) if u.is_polynomial(x) else None
    if poly is None or poly.degree() != 1 or not all(c.is_Rational for c in poly.all_coeffs()):
        raise _Undecided
    c1, c0 = poly.all_coeffs()
    root = -c0 / c1
    faces.append((slots[x], Fraction(int(root.p), int(root.q))))
    return True


def _neg(r):
    return (None if r[1] is None else -r[1]), (None if r[0] is None else -r[0])


def _pow(base, n, r, slots, faces):
    if n < 0 and n.is_Integer and r[1] is not None and r[1] <= 0:     # u <= 0: u^n = (-1)^n (-u)^n
        out = _pow(-base, n, _neg(r), slots, faces)
        return _neg(out) if n % 2 else out
    if n >= 0 or not _touching(base, r, slots, faces):
        b = _ball(r)
        return _finite(ipow(b, int(n)) if n.is_Integer else rpow(b, Fraction(int(n.p), int(n.q))))
    # u^n, n < 0, decreasing on (0, hi]: at least hi^n there, unbounded above
    hi = r[1]
    return (ipow(hi, int(n)) if n.is_Integer else hi ** ball(Fraction(int(n.p), int(n.q)))).lower(), None


def _log(u, slots, box, faces, memo):
    """``log u``; for a product ``u = c prod f_k^(e_k)``, ``log|c| + sum e_k log|f_k|`` where every ``f_k`` has one
    sign on the box and the signs make ``u > 0`` (an even count of negative factors, those with integer
    exponents), so each ``log|f_k|`` may touch its own face."""
    if isinstance(u, sp.Mul):
        out, negative = (arb(0), arb(0)), False
        for f in u.args:
            b, e = f.as_base_exp()
            if not e.is_Rational:
                raise _Undecided
            r = _eval(b, slots, box, faces, memo)
            if r[1] is not None and r[1] <= 0 and not (r[0] is not None and r[0].is_zero()):
                if not e.is_Integer:
                    raise _Undecided
                negative ^= bool(e % 2)
                b, r = -b, _neg(r)
            out = _add(out, _mul(_finite(ball(Fraction(int(e.p), int(e.q)))), _log1(b, r, slots, faces)))
        if negative:
            raise _Undecided
        return out
    return _log1(u, _eval(u, slots, box, faces, memo), slots, faces)


def _log1(u, r, slots, faces):
    if not _touching(u, r, slots, faces):
        if r[1] is None:
            return r[0].log().lower(), None
        return _finite(_ball(r).log())
    return None, r[1].log().upper()


def signed(lo, strict: bool) -> bool:
    """Whether a lower end shows ``> 0`` (strict) or ``>= 0``."""
    return lo is not None and (lo > 0 if strict else lo >= 0)


def holds(expr, syms, box, dims, strict: bool) -> bool:
    """Whether ``expr >= 0`` (``> 0``) at every point of ``box`` in the domain (``dims``, each with
    ``contains``): by its one-sided enclosure off its faces, and on the faces (:func:`faces_hold`); a box of
    one point by the exact value (SymPy's, so ``0^0 = 1``), signed by its ball at 256 bits."""
    if all(lo == hi for lo, hi in box):
        v = sp.sympify(expr).xreplace({s: sp.Rational(lo.numerator, lo.denominator) for s, (lo, _) in zip(syms, box)})
        if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I) or v.free_symbols:
            return False
        if v == 0:
            return not strict
        with precision(256):
            (b,), _ = compile_program((v,), ()).run([])
        return bool(b > 0)
    got = bounds(expr, syms, box)
    return got is not None and signed(got[0][0], strict) and faces_hold(expr, syms, box, dims, got[1], strict)


def faces_hold(expr, syms, box, dims, faces, strict: bool) -> bool:
    """Whether ``expr >= 0`` (``> 0``) on the faces ``(j, r)`` that meet the box inside the domain (where an
    enclosure that holds off them says nothing): ``expr`` with ``x_j = r`` substituted exactly (SymPy), on the
    box with side ``j`` pinned to ``r``, by :func:`holds`; the substituted expression no longer depends on
    ``x_j``, so the recursion ends (at most one level per parameter)."""
    for j, r in sorted(set(faces)):
        if box[j][0] <= r <= box[j][1] and dims[j].contains(r):
            face = list(box)
            face[j] = (r, r)
            if not holds(sp.sympify(expr).subs(syms[j], sp.Rational(r.numerator, r.denominator)), syms, face, dims,
                         strict):
                return False
    return True
