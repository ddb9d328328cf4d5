"""SymPy expressions evaluated in local mpmath contexts (never the global ``mp.dps``).

``context(dps)`` returns a private ``MPContext`` at that precision, shared read-only: never change
its ``dps``.  ``mp_function`` compiles an expression against such a context with an explicit name map
(every mpmath function resolved on the local context), so ``erf``, ``atan2`` and rationals are evaluated
at the context's precision.
"""
from __future__ import annotations

import functools
from fractions import Fraction

import mpmath
import sympy as sp
from sympy.printing.pycode import MpmathPrinter

MAX_DPS = 10_000


@functools.lru_cache(maxsize=None)
def context(dps: int) -> mpmath.ctx_mp.MPContext:
    """A private mpmath context at ``dps`` decimal digits."""
    if not 2 <= int(dps) <= MAX_DPS:
        raise ValueError(f"dps must be in 2..{MAX_DPS} (got {dps})")
    ctx = mpmath.MPContext()
    ctx.dps = int(dps)
    return ctx


def _namespace(ctx) -> dict:
    ns = {name: getattr(ctx, name) for name in dir(ctx) if not name.startswith("_")}
    ns["mpmath"] = ctx  # the printer emits ``mpmath.f(...)``: resolve it on the local context
    return ns


@functools.lru_cache(maxsize=4096)
def _compiled(args: tuple, expr: sp.Basic, dps: int):
    return sp.lambdify(args, expr, modules=[_namespace(context(dps))], printer=MpmathPrinter)


def mp_function(args, expr, dps: int):
    """``f(*values) -> mpf``: ``expr`` as a function of the symbols ``args`` at ``dps`` digits."""
    return _compiled(tuple(args), sp.sympify(expr), int(dps))


class NotReal(TypeError):
    """A real expression that evaluated to a non-real number (the square root of a negative, ...): ``value``."""

    def __init__(self, expr, value):
        super().__init__(f"{sp.sstr(expr)} is not real here: {value}")
        self.value = value


def mp_value(expr, env: dict, dps: int):
    """Evaluate ``expr`` with its free symbols replaced by ``env[symbol.name]`` (numbers or strings); a
    :class:`NotReal` (a ``TypeError``) when the value has a nonzero imaginary part."""
    expr = sp.sympify(expr)
    bounds = {s for S in expr.atoms(sp.Sum) for lim in S.limits for e in lim[1:] for s in e.free_symbols}
    if bounds:   # a finite sum's limits are integers: substituted exactly (the compiled range needs Python ints)
        expr = expr.xreplace({s: _integer(s.name, env[s.name]) for s in bounds if s.name in env})
    syms = tuple(sorted(expr.free_symbols, key=lambda x: x.name))
    missing = [x.name for x in syms if x.name not in env]
    if missing:
        raise KeyError(f"no value for {', '.join(missing)}")
    ctx = context(dps)
    value = mp_function(syms, expr, dps)(*(to_mpf(ctx, env[x.name]) for x in syms))
    if hasattr(value, "_mpc_") and value.imag != 0:
        raise NotReal(expr, value)
    return ctx.mpf(value.real if hasattr(value, "_mpc_") else value)


def _integer(name: str, v) -> sp.Integer:
    """``v`` as an exact integer; a ValueError when it is not one."""
    q = (Fraction(int(v)) if v == int(v) else None) if hasattr(v, "_mpf_") else exact(v)
    if q is None or q.denominator != 1:
        raise ValueError(f"the limit {name} = {v} of a sum is not an integer")
    return sp.Integer(q.numerator)


def exact(x) -> Fraction:
    """``x`` as an exact rational: ints, Fractions, Decimals, SymPy rationals and decimal strings exactly
    (``'0.64'`` is 16/25); floats through their shortest repr (``0.1`` is 1/10)."""
    if isinstance(x, sp.Rational):
        return Fraction(int(x.p), int(x.q))
    return Fraction(repr(float(x)) if isinstance(x, float) else x)   # np.float64 included


def to_mpf(ctx, x):
    """A number (mpf of any context, or anything ``exact`` accepts, or a SymPy number) correctly rounded
    into ``ctx``; rationals are converted exactly before the one rounding."""
    if hasattr(x, "_mpf_"):
        return ctx.mpf(x)
    if isinstance(x, sp.Basic) and not x.is_Rational:
        return ctx.mpf(sp.N(x, ctx.dps + 5))
    f = exact(x)
    return ctx.mpf(f.numerator) / f.denominator
