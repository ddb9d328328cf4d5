"""SymPy expressions enclosed in Arb balls (python-flint ``arb``).

A ball ``[m +/- r]`` stands for the real interval ``[m - r, m + r]``; every operation returns a ball that
contains the image of its arguments' balls (Arb's guarantee for its own functions, and ours for the
operations written here by their endpoints):

* rationals ``p/q`` become the ball of ``fmpq(p, q)`` at the working precision (exact when dyadic);
* ``b**n`` for an integer ``n >= 0`` from the endpoints ``lo, hi`` of ``b``: ``x**n`` is monotone for odd
  ``n``, and for even ``n`` its range is ``[0, max(|lo|, |hi|)**n]`` when ``b`` straddles 0 (so ``x**2`` of a
  ball around 0 is never negative); ``b**-n = 1/b**n`` (undefined when ``b`` touches 0);
* ``a * b`` from the endpoints (the interval product) when a factor holds 0 or is wide (radius above
  ``2^-10`` of its midpoint): a ball product of ``[1, 3]`` and ``[10, 20]`` reaches below 0;
* ``b**e`` for a rational ``e`` with ``b >= 0``: monotone in ``b``, ``0**e = 0`` for ``e > 0``; real
  exponents ``b**e = exp(e log b)`` with ``b > 0``;
* ``polygamma(n, x)`` (the derivatives of ``loggamma``) on ``x > 0`` from the endpoints (it is monotone there);
* ``Abs``, ``Min``, ``Max``, ``sign``, ``Heaviside`` from the endpoints (the hull of the endpoint images);
* ``Piecewise``: each condition is decided over the ball (three-valued: true, false, unknown); the result is
  the hull of the branches that may be selected (first true condition, every unknown one before it).

A domain violation (``log`` of a ball touching ``<= 0``, ``sqrt`` of a negative part, ``asin`` outside
``[-1, 1]``, a pole) gives Arb's ``nan`` ball, which decides nothing: such a box stays undecided, it never
crashes and never proves.  A function outside the supported set raises :class:`NotCertifiable`.
Precision is set locally (:func:`precision`) and restored; nothing global is left changed.
"""
from __future__ import annotations

import contextlib
import functools
from fractions import Fraction

import sympy as sp
from flint import acb, arb, ctx, fmpq


class NotCertifiable(Exception):
    """An expression with a function (or symbol) the ball evaluator does not enclose."""

    def __init__(self, name: str):
        super().__init__(f"not certifiable: {name}")
        self.name = name


@contextlib.contextmanager
def precision(prec: int):
    """Arb's working precision set to ``prec`` bits inside the block, restored after."""
    saved = ctx.prec
    ctx.prec = int(prec)
    try:
        yield
    finally:
        ctx.prec = saved


def ball(q) -> arb:
    """The ball of the rational ``q`` (exact when dyadic)."""
    if not isinstance(q, Fraction):
        q = Fraction(q)
    return arb(q.numerator) if q.denominator == 1 else arb(fmpq(q.numerator, q.denominator))


def hull(lo, hi) -> arb:
    """A ball containing the interval ``[lo, hi]`` of rationals."""
    return ball(lo) if lo == hi else ball(lo).union(ball(hi))


def to_fraction(a: arb) -> Fraction:
    """An exact (finite, dyadic) arb point as a Fraction."""
    man, exp = a.mid().man_exp()
    return Fraction(int(man)) * Fraction(2) ** int(exp)


#: binary exponents past this are not turned into Fractions (``2^(2^40)`` has a 2^40-bit numerator): see _clamped
MAX_EXP_BITS = 1 << 12


def _moderate(a: arb) -> bool:
    man, exp = a.mid().man_exp()
    return abs(int(exp)) + int(man).bit_length() <= MAX_EXP_BITS


def _clamped(point: arb, down: bool) -> Fraction | None:
    """A Fraction ``<= point`` (``down``) or ``>= point`` of an exact arb point, for one of astronomic size
    replaced by ``+-2^MAX_EXP_BITS`` (huge) or ``0``/``+-2^-MAX_EXP_BITS`` (tiny), or None when no such bound
    exists in that range (a huge negative point bounded below, a huge positive one bounded above)."""
    if _moderate(point):
        return to_fraction(point)
    _, exp = point.mid().man_exp()
    sign = 1 if point > 0 else -1
    if int(exp) > 0:            # |point| > 2^MAX_EXP_BITS
        return Fraction(sign) * 2 ** MAX_EXP_BITS if (sign > 0) == down else None
    tiny = Fraction(sign, 2 ** MAX_EXP_BITS)   # 0 < |point| < 2^-MAX_EXP_BITS
    return (min if down else max)(Fraction(0), tiny)


def lower(b: arb) -> Fraction | None:
    """The exact lower end ``mid - rad`` of ``b`` (None when ``b`` is not finite); exact in rationals, so
    independent of the working precision (``arb.lower()`` rounds to it) -- except for a ball of astronomic
    magnitude, bounded by ``_clamped`` (None where it is hugely negative)."""
    if not b.is_finite():
        return None
    if _moderate(b.mid()) and _moderate(b.rad()):
        return to_fraction(b.mid()) - to_fraction(b.rad())
    return _clamped(b.lower(), True)


def upper(b: arb) -> Fraction | None:
    """The exact upper end ``mid + rad`` of ``b`` (None when ``b`` is not finite; astronomic: ``_clamped``)."""
    if not b.is_finite():
        return None
    if _moderate(b.mid()) and _moderate(b.rad()):
        return to_fraction(b.mid()) + to_fraction(b.rad())
    return _clamped(b.upper(), False)


# ---------------------------------------------------------------- operations by endpoints
def _point_pow(v: arb, n: int) -> arb:
    out, base = arb(1), v
    while n:
        if n & 1:
            out *= base
        base *= base
        n >>= 1
    return out


def ipow(b: arb, n: int) -> arb:
    """Enclosure of ``x**n`` over ``b`` for an integer ``n``."""
    if n < 0:
        return 1 / ipow(b, -n)
    if n == 0:
        return arb(1)
    if not b.is_finite():
        return arb.nan()
    if b.is_exact():
        return _point_pow(b, n)
    lo, hi = b.lower(), b.upper()
    if n % 2:
        return _point_pow(lo, n).union(_point_pow(hi, n))
    if lo >= 0:
        return _point_pow(lo, n).union(_point_pow(hi, n))
    if hi <= 0:
        return _point_pow(hi, n).union(_point_pow(lo, n))
    return arb(0).union(_point_pow(hi if hi >= -lo else -lo, n))


def clip(b: arb, lo: int | None, hi: int | None) -> arb:
    """``b`` cut to the real domain ``[lo, hi]`` of a function continuous up to its ends, when ``b`` leaves
    it by no more than ``DIP`` of its width (rounding of the ball's radius, or the overestimate of a product
    of balls touching the end); nan when it leaves by more.  So a box inside a region where the function is
    undefined gives nan (never proves), while a box reaching the domain's end exactly stays decidable."""
    if not b.is_finite():
        return b
    blo, bhi = b.lower(), b.upper()
    tol = (bhi - blo) * DIP
    if (lo is not None and blo < lo) or (hi is not None and bhi > hi):
        if (lo is not None and (bhi < lo or blo < lo - tol)) or (hi is not None and (blo > hi or bhi > hi + tol)):
            return arb.nan()
        blo = blo if lo is None or blo >= lo else arb(lo)
        bhi = bhi if hi is None or bhi <= hi else arb(hi)
        return blo.union(bhi)
    return b


def _monotone_clipped(f):
    """``f`` on ``[-1, 1]`` (asin, acos) from its values at the clipped ends: the hull of a union would
    round past the domain's end again."""
    def g(b: arb) -> arb:
        c = clip(b, -1, 1)
        if not c.is_finite():
            return c
        lo = b.lower() if b.lower() >= -1 else arb(-1)
        hi = b.upper() if b.upper() <= 1 else arb(1)
        return f(lo).union(f(hi))
    return g


DIP = arb(2) ** -16


#: a ball whose radius exceeds this fraction of its midpoint's magnitude is *wide*
WIDE = arb(2) ** -10


def _wide(a: arb) -> bool:
    return bool(a.rad() > abs(a.mid()) * WIDE)


def mul(a: arb, b: arb) -> arb:
    """``a * b``; when a factor holds 0 or is wide, from the endpoints (the interval product), which a ball
    product overestimates: ``[0, d] * [u, v]`` stays ``>= 0`` up to rounding, and ``[1, 3] * [10, 20]`` is
    ``[10, 60]`` (the ball product reaches below 0)."""
    if a.is_exact() or b.is_exact() or not (a.contains(0) or b.contains(0) or _wide(a) or _wide(b)):
        return a * b
    if not (a.is_finite() and b.is_finite()):
        return arb.nan()
    ends = [u * v for u in (a.lower(), a.upper()) for v in (b.lower(), b.upper())]
    lo = functools.reduce(lambda u, v: u if u.lower() < v.lower() else v, ends).lower()
    hi = functools.reduce(lambda u, v: u if u.upper() > v.upper() else v, ends).upper()
    return lo.union(hi)


def rpow(b: arb, e: Fraction) -> arb:
    """Enclosure of ``x**e`` over ``b >= 0`` for a non-integer rational ``e``."""
    b = clip(b, 0, None)
    if not b.is_finite():
        return b
    eb = ball(e)
    if b > 0:
        return b ** eb
    if e < 0:
        return arb.nan()
    hi = b.upper()
    return arb(0).union(hi ** eb) if hi > 0 else arb(0)


def real_pow(b: arb, e: arb) -> arb:
    """``b**e`` for a variable exponent: an exact integer ``e`` (an integer parameter's point) by
    :func:`ipow`; ``exp(e log b)`` for ``b > 0``; for ``b`` reaching 0 and ``e > 0`` the hull of 0 and
    ``hi**e`` at both ends of ``e`` (``b**e`` increases in ``b``, is monotone in ``e``)."""
    if e.is_exact() and e.is_integer():
        return ipow(b, int(e.unique_fmpz()))
    if b > 0:
        return mul(e, b.log()).exp()
    c = clip(b, 0, None)
    if not c.is_finite() or not e > 0:
        return arb.nan()
    hi = c.upper()
    if not hi > 0:
        return arb(0)
    return arb(0).union((e.lower() * hi.log()).exp()).union((e.upper() * hi.log()).exp())


def _abs(b: arb) -> arb:
    if not b.is_finite():
        return arb.nan()
    lo, hi = b.lower(), b.upper()
    if lo >= 0:
        return b
    if hi <= 0:
        return -b
    return arb(0).union(hi if hi >= -lo else -lo)


def _extreme(args, smallest: bool) -> arb:
    if not all(a.is_finite() for a in args):
        return arb.nan()
    pick = (lambda u, v: u if u < v else v) if smallest else (lambda u, v: u if u > v else v)
    lo, hi = functools.reduce(pick, [a.lower() for a in args]), functools.reduce(pick, [a.upper() for a in args])
    return lo.union(hi)


def _sign(b: arb) -> arb:
    if not b.is_finite():
        return arb.nan()
    if b > 0:
        return arb(1)
    if b < 0:
        return arb(-1)
    if b.is_zero():
        return arb(0)
    return arb(0).union(arb(1) if b.upper() > 0 else arb(0)).union(arb(-1) if b.lower() < 0 else arb(0))


def _heaviside(b: arb, h0=None) -> arb:
    """Heaviside step with value ``h0`` at 0 (SymPy's default 1/2); the hull ``[0, 1]`` on a straddling ball."""
    if b.is_finite() and b.is_zero():
        return arb(1) / 2 if h0 is None else h0
    return (_sign(b) + 1) / 2


def decide(d: arb, strict: bool):
    """Three-valued ``d > 0`` (strict) or ``d >= 0``: True, False, or None (undecided, nan included)."""
    if strict:
        return True if d > 0 else (False if d <= 0 else None)
    return True if d >= 0 else (False if d < 0 else None)


def _eq(d: arb):
    if d.is_zero():
        return True
    return False if (d > 0 or d < 0) else None


def _and(*xs):
    return False if False in xs else (None if None in xs else True)


def _or(*xs):
    return True if True in xs else (None if None in xs else False)


def _not(x):
    return None if x is None else not x


# ---------------------------------------------------------------- singular products at 0: u^a log u, 1/log u
class XLogX(sp.Function):
    """``u**a * log(u)`` continued by its limit 0 at ``u = 0`` (``a > 0``)."""

    nargs = 2


class InvLog(sp.Function):
    """``1/log(u)`` continued by its limit 0 at ``u = 0``."""

    nargs = 1


def _xlogx(u: arb, a: arb) -> arb:
    """``u^a log u`` over ``u >= 0``: 0 at 0, decreasing up to ``t = e^(-1/a)`` where it is ``-1/(a e)``,
    increasing after; the hull of the values at the ends and, when ``t`` may lie in the ball, at ``t``."""
    b = clip(u, 0, None)
    if not b.is_finite():
        return b
    if b > 0:
        return (a * b.log()).exp() * b.log()
    hi = b.upper()
    if not hi > 0:
        return arb(0)
    out = arb(0).union((a * hi.log()).exp() * hi.log())
    if not hi < (-1 / a).exp():
        out = out.union(-1 / (a * arb.const_e()))
    return out


def _invlog(u: arb) -> arb:
    """``1/log u``; on ``[0, hi]`` with ``hi < 1`` it lies in ``[1/log hi, 0]`` (log u runs from -oo)."""
    b = clip(u, 0, None)
    if not b.is_finite():
        return b
    if b > 0:
        return 1 / b.log()
    hi = b.upper()
    return arb(0).union(1 / hi.log()) if hi > 0 and hi < 1 else arb.nan()


class Narrowest(sp.Function):
    """Several expressions equal wherever the first is defined, enclosed by the narrowest finite ball."""


def _narrowest(*balls: arb) -> arb:
    finite = [b for b in balls if b.is_finite()]
    return min(finite, key=lambda b: b.rad()) if finite else arb.nan()


def _log_alternatives(base, n: int) -> list:
    """``1/base^n`` for ``base = c log u + w`` (``c`` a rational, one term per logarithm of ``base``) written
    ``InvLog(u e^(w/c))^n / c^n``: where ``u > 0``, ``c log u + w = c log(u e^(w/c))``, and ``InvLog`` takes its
    limit as ``u -> 0`` (``1/(log y - log x) = -InvLog(x/y)``, finite as ``x -> 0``)."""
    out = []
    for term in base.args:
        c, f = term.as_coeff_Mul()
        if isinstance(f, sp.log) and c.is_Rational:
            v = sp.expand_power_exp(sp.exp((base - term) / c)) * f.args[0]
            out.append(InvLog(v) ** n / c ** n)
    return out


def _polygamma(n: arb, b: arb) -> arb:
    """``psi_n(x)`` for an integer ``n >= 0``; on ``x > 0`` it is monotone (``psi_0`` increasing, ``psi_n``
    of sign ``(-1)^(n+1)`` with ``|psi_n|`` decreasing), so there the hull of its values at the ends;
    elsewhere Arb's evaluation of the ball (``nan`` at the poles)."""
    if not (n.is_exact() and n.is_integer() and n >= 0):
        return arb.nan()
    k = int(n.unique_fmpz())

    def f(v):
        return v.digamma() if k == 0 else acb(v).polygamma(k).real

    if b > 0:
        return f(b.lower()).union(f(b.upper()))
    return f(b)


def _power_of(f):
    """(base, exponent) of a factor ``base**e`` with ``e`` a positive rational (``e = 1`` for a bare base)."""
    if isinstance(f, sp.Pow) and f.exp.is_Rational and f.exp > 0:
        return f.base, f.exp
    return (None, None) if f.is_number else (f, sp.Integer(1))


def rewrite_singular(e):
    """``u^a log(u w)`` becomes ``XLogX(u, a) + u^a log w`` (where ``u, w > 0`` they are equal; at ``u = 0``
    it is the limit) and ``1/log u`` becomes ``InvLog(u)``, so boxes reaching ``u = 0`` are enclosed; a reciprocal
    power of a sum with logarithms is also enclosed through each of them (``_log_alternatives``)."""
    if not e.args or not e.has(sp.log):
        return e
    e = e.func(*[rewrite_singular(a) for a in e.args])
    if isinstance(e, sp.Pow) and isinstance(e.base, sp.log) and e.exp.is_Integer and e.exp < 0:
        return InvLog(e.base.args[0]) ** (-e.exp)
    if isinstance(e, sp.Pow) and isinstance(e.base, sp.Add) and e.exp.is_Integer and e.exp < 0:
        alternatives = _log_alternatives(e.base, int(-e.exp))
        return Narrowest(e, *alternatives) if alternatives else e
    if not isinstance(e, sp.Mul):
        return e
    factors = list(e.args)
    for i, f in enumerate(factors):
        if not isinstance(f, sp.log):
            continue
        v = f.args[0]
        for j, g in enumerate(factors):
            u, a = _power_of(g) if j != i else (None, None)
            if u is None:
                continue
            rest = sp.Mul(*[h for k, h in enumerate(factors) if k not in (i, j)])
            if v == u:
                return rest * XLogX(u, a)
            if isinstance(v, sp.Mul):
                for h in v.args:
                    ub, b = _power_of(h)
                    if ub == u:
                        w = v / h
                        return rest * (b * XLogX(u, a) + g * sp.log(w))
    return e


_FUNCS = {
    sp.exp: arb.exp, sp.log: arb.log, sp.sin: arb.sin, sp.cos: arb.cos, sp.tan: arb.tan,
    sp.cot: arb.cot, sp.sec: arb.sec, sp.csc: arb.csc,
    sp.atan: arb.atan, sp.asin: _monotone_clipped(arb.asin), sp.acos: _monotone_clipped(arb.acos),
    sp.sinh: arb.sinh, sp.cosh: arb.cosh,
    sp.tanh: arb.tanh, sp.asinh: arb.asinh, sp.acosh: arb.acosh, sp.atanh: arb.atanh,
    sp.erf: arb.erf, sp.erfc: arb.erfc, sp.loggamma: arb.lgamma, sp.gamma: arb.gamma, sp.polygamma: _polygamma,
    sp.Abs: _abs, sp.sign: _sign, sp.Heaviside: _heaviside, XLogX: _xlogx, InvLog: _invlog, Narrowest: _narrowest,
    sp.atan2: lambda y, x: arb.atan2(y, x),
}
_CONSTS = {sp.pi: arb.pi, sp.E: arb.const_e, sp.EulerGamma: arb.const_euler, sp.Catalan: arb.const_catalan,
           sp.GoldenRatio: lambda: (1 + arb(5).sqrt()) / 2}
_REL = {sp.StrictGreaterThan: (False, True), sp.GreaterThan: (False, False),
        sp.StrictLessThan: (True, True), sp.LessThan: (True, False)}


# ---------------------------------------------------------------- compiled straight-line programs
class Program:
    """Expressions compiled once into a straight-line program over balls.

    ``run(balls)`` evaluates every output at the current precision; it returns the output balls and
    ``smooth``: False when a ``Piecewise`` condition was undecided on the box (its value is then the hull
    of several branches and derivative-based enclosures must not be used there).
    """

    def __init__(self, exprs, symbols):
        self.symbols = tuple(symbols)
        self._slots: dict = {s: i for i, s in enumerate(self.symbols)}
        self._code: list = []      # (kind, payload, arg slots)
        self._consts: dict = {}     # precision -> the constants' balls, by instruction
        self.outputs = [self._emit(rewrite_singular(sp.sympify(e))) for e in exprs]

    def _emit(self, e) -> int:
        if e in self._slots:
            return self._slots[e]
        if isinstance(e, sp.Symbol):
            raise NotCertifiable(f"free symbol {e.name}")
        if e.is_Rational or isinstance(e, sp.Float):
            instr = ("const", Fraction(int(sp.Rational(e).p), int(sp.Rational(e).q)), ())
        elif e in _CONSTS:
            instr = ("call0", _CONSTS[e], ())
        elif e is sp.true or e is sp.false:
            instr = ("bool", bool(e), ())
        elif isinstance(e, sp.Add):
            instr = ("add", None, tuple(self._emit(a) for a in e.args))
        elif isinstance(e, sp.Mul):
            instr = ("mul", None, tuple(self._emit(a) for a in e.args))
        elif isinstance(e, sp.Pow):
            b, x = e.args
            if x.is_Integer:
                instr = ("ipow", int(x), (self._emit(b),))
            elif x.is_Rational:
                instr = ("rpow", Fraction(int(x.p), int(x.q)), (self._emit(b),))
            elif b is sp.E:
                instr = ("call", arb.exp, (self._emit(x),))
            else:
                instr = ("call", real_pow, (self._emit(b), self._emit(x)))
        elif isinstance(e, sp.Piecewise):
            instr = ("piecewise", None, tuple(self._emit(a) for pair in e.args for a in pair))
        elif type(e) in _REL:
            less, strict = _REL[type(e)]
            a, b = (e.rhs, e.lhs) if less else (e.lhs, e.rhs)     # condition: a - b > 0 (or >= 0)
            instr = ("rel", strict, (self._emit(a - b),))
        elif isinstance(e, (sp.Eq, sp.Ne)):
            instr = ("eq" if isinstance(e, sp.Eq) else "ne", None, (self._emit(e.lhs - e.rhs),))
        elif isinstance(e, (sp.And, sp.Or, sp.Not)):
            fn = {sp.And: _and, sp.Or: _or, sp.Not: _not}[type(e)]
            instr = ("logic", fn, tuple(self._emit(a) for a in e.args))
        elif isinstance(e, (sp.Min, sp.Max)):
            instr = ("extreme", isinstance(e, sp.Min), tuple(self._emit(a) for a in e.args))
        elif e.func in _FUNCS:
            instr = ("call", _FUNCS[e.func], tuple(self._emit(a) for a in e.args))
        else:
            raise NotCertifiable(getattr(e.func, "__name__", type(e).__name__))
        self._code.append(instr)
        slot = len(self._slots)
        self._slots[e] = slot
        return slot

    def _constants(self) -> list:
        """The constants' balls at the current precision (computed once per precision)."""
        prec = ctx.prec
        if prec not in self._consts:
            self._consts[prec] = [ball(payload) if kind == "const" else (payload() if kind == "call0" else None)
                                  for kind, payload, _ in self._code]
        return self._consts[prec]

    def run(self, balls):
        vals = list(balls)
        smooth = True
        consts = self._constants()
        for n, (kind, payload, args) in enumerate(self._code):
            if kind == "const" or kind == "call0":
                vals.append(consts[n])
                continue
            a = [vals[i] for i in args]
            try:
                if kind == "add":
                    v = a[0]
                    for t in a[1:]:
                        v = v + t
                elif kind == "mul":
                    v = a[0]
                    for t in a[1:]:
                        v = mul(v, t)
                elif kind == "call":
                    v = payload(*a)
                elif kind == "ipow":
                    v = ipow(a[0], payload)
                elif kind == "rpow":
                    v = rpow(a[0], payload)
                elif kind == "rel":
                    v = decide(a[0], payload)
                elif kind == "eq":
                    v = _eq(a[0])
                elif kind == "ne":
                    v = _not(_eq(a[0]))
                elif kind == "logic":
                    v = payload(*a)
                elif kind == "bool":
                    v = payload
                elif kind == "extreme":
                    v = _extreme(a, payload)
                else:  # piecewise
                    v, certain = _piecewise(a)
                    smooth = smooth and certain
            except (ZeroDivisionError, ValueError, ArithmeticError):
                v = arb.nan()
            vals.append(v)
        return [vals[i] for i in self.outputs], smooth


def _piecewise(a):
    chosen, certain = [], True
    for k in range(0, len(a), 2):
        value, cond = a[k], a[k + 1]
        if cond is False:
            continue
        chosen.append(value)
        if cond is True:
            break
        certain = False
    else:
        if not chosen or not certain:   # no condition surely true: the expression may be undefined
            return arb.nan(), False
    if not all(isinstance(v, arb) for v in chosen):
        return arb.nan(), False
    return functools.reduce(arb.union, chosen), certain


@functools.lru_cache(maxsize=1024)
def compile_program(exprs: tuple, symbols: tuple) -> Program:
    """A cached :class:`Program` for ``exprs`` in the variables ``symbols`` (raises NotCertifiable)."""
    return Program(exprs, symbols)


def enclose(expr, env: dict, prec: int = 128) -> arb:
    """A ball containing the values of ``expr`` when each free symbol ranges over its ball in ``env``."""
    expr = sp.sympify(expr)
    symbols = tuple(sorted(env, key=lambda s: s.name))
    with precision(prec):
        (out,), _ = compile_program((expr,), symbols).run([env[s] for s in symbols])
    return out


def lo_prod(g, dl: Fraction, du: Fraction):
    """An exact arb point ``<= g * d`` for every ``g`` in the ball and ``d`` in ``[dl, du]``."""
    if dl == du == 0:
        return ball(0)
    if not g.is_finite():
        return None
    cands = [(e * ball(d)).lower() for e in (g.lower(), g.upper()) for d in (dl, du)]
    m = cands[0]
    for c in cands[1:]:
        if c < m:
            m = c
    return m


def box_lower(terms, base):
    """Lower end of ``base + sum(terms)`` (terms are exact lower points), None if any is missing."""
    if base is None or any(t is None for t in terms):
        return None
    total = base
    for t in terms:
        total = total + t
    return lower(total)
