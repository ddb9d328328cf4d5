"""The ``divided`` argument: a slack divided by one of its own positive terms, its univariate sums enclosed by
monotonicity.

Write the slack as ``s = sum_k c_k T_k`` (the arguments of its ``Add``, ``c_k`` rational).  For one term
``P = T_j``, ``s = P Q`` with ``Q = sum_k c_k exp(log T_k - log P)`` where the logarithms are expanded by SymPy
(``log(a b) = log a + log b``, ``log(a^b) = b log a``, ``log(e^u) = u``, symbols real) and each exponent's common
factors are taken out (``t log(1 - x) + x t = t (x + log(1 - x))``).  The expansion holds wherever every logarithm's
argument is positive; finite balls of ``log P`` and ``Q`` show they are (Arb's ``log`` of a ball reaching ``<= 0`` is
``nan``), and then ``P = e^(log P) > 0``.  So on a box where ``Q >= 0`` (``> 0``), ``s = P Q >= 0`` (``> 0``).

Dividing removes the cancellation between two nearly equal terms (``e^{-xt} - (1-x)^t = e^{-xt}(1 - e^{-t c})``,
``c = -x - log(1 - x)``), which no enclosure of ``s`` itself resolves when both are ``~ 1`` and ``c ~ x^2/2``.
What is left is the cancellation inside a sum of one variable, such as ``c``: every maximal sub-expression of
``Q`` in one variable that contains a sum (a *block*; the one-variable arguments of a larger sum are grouped into
one) is enclosed over the box's side ``[a, b]`` of its variable by ``hull(u(a), u(b))`` when ``u'`` has one sign on
``[a, b]`` (the ball of ``u'`` factored by SymPy, or its sign form, :mod:`.signform`): ``u`` is monotone there;
otherwise by its ball.  ``Q`` is bounded below by its ball, else by its mean-value form ``Q(c) + grad Q(B).(x - c)``
(``grad Q`` from SymPy, its blocks enclosed likewise; ``c_j`` at the end of ``B_j`` where ``dQ/dx_j`` has one sign,
the midpoint otherwise; ``Q(c)`` at 256 bits).  It is tried only for slacks with two or more exponential terms
(a factor ``e^u`` or ``b^u``, ``u`` symbolic) and at most MAX_TERMS terms.

Integer parameters are enclosed on the real hull of their range, a superset: where the relaxed statement is false
(``e^{-t} - 0^t`` for real ``t`` in ``(0, 1)``) no box is certified and the search splits down to single integers.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from .balls import NotCertifiable, ball, box_lower, compile_program, hull, lo_prod, lower
from .signform import MAX_OPS, sign_form

MAX_TERMS = 8        # slacks with more terms are not divided (one quotient per term)
POINT_PREC = 256     # bits for a block's values at the ends of its side and for ``Q(c)``


@dataclass(frozen=True)
class Block:
    """A one-variable sum ``u(x_var)``: programs of ``u``, of ``u'``, of ``u'``'s factors and of its sign form
    (or None)."""

    var: int
    value: object        # Program of (u,)
    slope: object        # Program of (du,)
    factors: tuple       # (Program, kinds) of du's factors, see _factor_sign
    form: object         # Program of (R, even factors...) of du, or None


@dataclass(frozen=True)
class Quotient:
    """``Q = s / P`` for the divisor ``P = T_term``: programs of ``log P`` and of ``Q`` (blocks as symbols)."""

    term: int
    divisor: object      # Program of log P (expanded)
    quotient: object
    grad: object         # Program of grad Q (blocks as symbols)
    grad_factors: tuple  # per component, (Program, kinds) of its factors (see _factor_sign)
    blocks: tuple
    log_divisor: object = None   # log P and Q as SymPy expressions (for :mod:`.onesided`)
    expr: object = None


def _real(syms):
    return {s: sp.Symbol(s.name, real=True) for s in syms}


def _log(term, real):
    """``log`` of a term (no numeric coefficient) expanded with real symbols, in the original symbols."""
    back = {v: k for k, v in real.items()}
    return sp.expand_log(sp.log(term.xreplace(real)), force=True).xreplace(back)


#: numbers beyond this many bits are not given to ``factor``: it writes ``exp(2^1000 x)`` as ``exp(x)^(2^1000)`` and
#: builds a dense polynomial of that degree (measured: 18 GB before it was stopped)
MAX_FACTOR_BITS = 64


def _small_numbers(e) -> bool:
    return all(max(abs(r.p), r.q).bit_length() <= MAX_FACTOR_BITS for r in e.atoms(sp.Rational))


def _compact(e):
    """``e`` as one fraction of products where SymPy factors it (so its ball has no cancellation), else as is."""
    if sp.count_ops(e) > MAX_OPS or not _small_numbers(e):
        return e
    try:
        return sp.factor(sp.together(e))
    except Exception:  # noqa: BLE001 - SymPy failing to factor leaves the expression as it is
        return e


def _blocks(e, syms, found: dict):
    """``e`` with each maximal one-variable sub-expression containing a sum replaced by a block symbol
    (``found``: block expression -> symbol); one-variable arguments of a larger sum grouped first."""
    fs = e.free_symbols & set(syms)
    if not fs or e.is_Atom:
        return e
    if len(fs) == 1 and e.has(sp.Add):
        if e not in found:
            found[e] = sp.Dummy(f"block{len(found)}")
        return found[e]
    args = list(e.args)
    if isinstance(e, sp.Add):
        groups: dict = {}
        rest = []
        for a in args:
            afs = a.free_symbols & set(syms)
            (groups.setdefault(next(iter(afs)), []) if len(afs) == 1 else rest).append(a)
        args = rest + [sp.Add(*g) for _, g in sorted(groups.items(), key=lambda kv: kv[0].name)]
        return sp.Add(*[_blocks(a, syms, found) for a in args])
    return e.func(*[_blocks(a, syms, found) for a in args])


def _exponential(term) -> bool:
    """Whether a term has a factor ``exp(u)`` or ``b^u`` with a symbolic exponent: division by such terms and
    the expansion of their logarithms is what this argument is for (otherwise it is not tried)."""
    return any(isinstance(f, sp.exp) or (isinstance(f, sp.Pow) and f.exp.free_symbols)
               for f in sp.Mul.make_args(term))


def _factors(e, names) -> tuple:
    """``e = prod f_i``: a program of the f_i (of the base for an integer power, of the argument for ``exp``) and
    each one's kind: 0 for ``exp(u)`` (``> 0`` where ``u`` is finite), the exponent for an integer power, 1 else."""
    kinds, exprs = [], []
    for f in sp.Mul.make_args(e):
        if isinstance(f, sp.exp):
            kinds.append(0)
            exprs.append(f.args[0])
        elif isinstance(f, sp.Pow) and f.exp.is_Integer:
            kinds.append(int(f.exp))
            exprs.append(f.base)
        else:
            kinds.append(1)
            exprs.append(f)
    return compile_program(tuple(exprs), names), tuple(kinds)


def _factor_sign(factors, balls, run) -> int | None:
    """The sign (+1: ``>= 0``, -1: ``<= 0``) of a product on the box from its factors' balls: ``exp`` and even
    powers are ``>= 0``, an odd power has its base's sign (a product of balls is not used: a ball of ``[0, h]``
    rounds below 0).  The caller has the product finite on the box."""
    prog, kinds = factors
    vals, smooth = run(prog, balls)
    if not smooth or not all(v.is_finite() for v in vals):
        return None
    sign = 1
    for v, k in zip(vals, kinds):
        if k % 2 == 0:
            continue
        f = 1 if v >= 0 else (-1 if v <= 0 else None)
        if f is None:
            return None
        sign *= f
    return sign


def _block(u, syms) -> Block:
    v = next(iter(u.free_symbols & set(syms)))
    du = _compact(sp.diff(u, v))
    f = sign_form(du)
    form = None
    if f is not None:
        try:
            form = compile_program((f[0],) + f[1] + f[2], tuple(syms))
        except NotCertifiable:
            form = None
    return Block(list(syms).index(v), compile_program((u,), tuple(syms)),
                 compile_program((du,), tuple(syms)), _factors(du, tuple(syms)), form)


def quotients(slack, syms) -> list[Quotient]:
    """The quotients ``s / T_j`` of a slack of 2..MAX_TERMS terms, two or more of them exponential, one per
    term that depends on a parameter."""
    terms = sp.Add.make_args(slack)
    if (not 2 <= len(terms) <= MAX_TERMS or sum(map(_exponential, terms)) < 2 or sp.count_ops(slack) > MAX_OPS
            or not _small_numbers(slack)):     # SymPy's factoring of the blocks would explode (MAX_FACTOR_BITS)
        return []
    real = _real(syms)
    split = [t.as_coeff_Mul() for t in terms]
    out = []
    for j, (_, pj) in enumerate(split):
        if not pj.free_symbols & set(syms):
            continue
        try:
            lp = _log(pj, real)
            q = sp.Add(*[c if k == j else c * sp.exp(sp.factor_terms(sp.expand(_log(p, real) - lp)))
                         for k, (c, p) in enumerate(split)])
            if q.has(sp.I, sp.zoo, sp.nan, sp.oo):
                continue
            found: dict = {}
            outer = _blocks(q, syms, found)
            grad = tuple(_blocks(sp.diff(q, v), syms, found) for v in syms)
            names = tuple(syms) + tuple(found.values())
            out.append(Quotient(j, compile_program((lp,), tuple(syms)), compile_program((outer,), names),
                                compile_program(grad, names), tuple(_factors(g, names) for g in grad),
                                tuple(_block(u, syms) for u in found), lp, q))
        except NotCertifiable:
            continue
        except Exception:  # noqa: BLE001 - SymPy failing to expand or differentiate decides nothing
            continue
    return out


def _slope_sign(b: Block, balls, run) -> int | None:
    """+1 / -1 when ``u`` is non-decreasing / non-increasing on the box (``u'`` finite and signed), else None."""
    (d,), smooth = run(b.slope, balls)
    if not smooth or not d.is_finite():
        return None
    if d >= 0:
        return 1
    if d <= 0:
        return -1
    sign = _factor_sign(b.factors, balls, run)
    if sign is not None or b.form is None:
        return sign
    vals, smooth = run(b.form, balls)
    if not smooth or not all(v.is_finite() for v in vals):
        return None
    return 1 if vals[0] >= 0 else (-1 if vals[0] <= 0 else None)


def enclose_block(b: Block, box, balls, run):
    """A ball containing ``u`` over the box: the hull of its end values when it is monotone, else its ball."""
    (whole,), smooth = run(b.value, balls)
    lo, hi = box[b.var]
    if lo == hi or not whole.is_finite() or not smooth or _slope_sign(b, balls, run) is None:
        return whole
    ends = []
    for v in (lo, hi):
        pt = list(balls)
        pt[b.var] = ball(v)
        (u,), _ = run(b.value, pt, POINT_PREC)
        ends.append(u)
    if not all(u.is_finite() for u in ends):
        return whole
    return ends[0].union(ends[1])


def _point(q: Quotient, pt, run):
    """The ball of ``Q`` at the point ``pt`` (rationals), at POINT_PREC."""
    balls = [ball(v) for v in pt]
    extra = [run(b.value, balls, POINT_PREC)[0][0] for b in q.blocks]
    return run(q.quotient, balls + extra, POINT_PREC)[0][0]


def _ball(q: Quotient, box, balls, run):
    """The ball of ``Q`` over the box, its blocks enclosed by :func:`enclose_block`."""
    extra = [enclose_block(b, box, balls, run) for b in q.blocks]
    (v,), smooth = run(q.quotient, list(balls) + extra)
    return v if smooth and v.is_finite() else None, extra


def quotient_bound(q: Quotient, box, balls, run, strict: bool):
    """A lower bound (Fraction) of ``s = P Q`` on the box when ``P > 0`` and ``Q >= 0`` (``> 0``) there, else None.
    ``Q`` is bounded below by its ball; else, with ``grad Q(B)`` enclosed, each side where ``dQ/dx_j`` has one
    sign is pinned to the end where ``Q`` is least (``Q`` is monotone along it), and on that face ``Q`` is bounded
    by its ball or by the mean-value form ``Q(c) + sum_j dQ/dx_j(B) (x_j - c_j)`` over the sides left (``c_j``
    their midpoints)."""
    (lp,), smooth = run(q.divisor, balls)
    if not smooth or not lp.is_finite():         # log P finite: P = e^(log P) > 0 (a ball of P itself spanning
        return None                             # e^-(2 10^7) .. e^-(5 10^6) reaches below 0)
    ok = (lambda v: v > 0) if strict else (lambda v: v >= 0)
    v, extra = _ball(q, box, balls, run)
    if v is None:
        return None
    lq = lower(v)
    if not ok(v):
        g, smooth = run(q.grad, list(balls) + extra)
        if not smooth or not all(gj.is_finite() for gj in g):
            return None
        signs = [1 if gj >= 0 else (-1 if gj <= 0 else _factor_sign(f, list(balls) + extra, run))
                 for gj, f in zip(g, q.grad_factors)]
        face = tuple((lo, lo) if sj == 1 else ((hi, hi) if sj == -1 else (lo, hi)) for (lo, hi), sj in zip(box, signs))
        v = _ball(q, face, [hull(lo, hi) for lo, hi in face], run)[0] if face != box else None
        if v is not None and ok(v):
            lq = lower(v)
        else:
            c = [(lo + hi) / 2 for lo, hi in face]
            lq = box_lower([lo_prod(gj, lo - cj, hi - cj) for gj, (lo, hi), cj in zip(g, face, c)],
                            _point(q, c, run))
            if lq is None or not ok(lq):
                return None
    lower_p = lower(lp.lower().exp())
    return Fraction(0) if lower_p is None or lq is None else max(lower_p, Fraction(0)) * max(lq, Fraction(0))
