"""Derivation steps: a SymPy expression with its justification, and SymPy's verdict on the algebra ones."""
from __future__ import annotations

import enum
import functools
from dataclasses import dataclass

import sympy as sp


class StepCheck(str, enum.Enum):
    """How a derivation step is established."""

    ALGEBRA = "algebra"    # SymPy must reduce ``expr`` (an Eq) to a tautology
    DEFINITION = "definition"  # introduces notation: nothing to prove
    NUMERIC = "numeric"    # needs numbers: established by the claim's numerical evidence
    CITED = "cited"        # taken from the literature, named in the justification


@dataclass(frozen=True)
class Step:
    """One derivation step: a SymPy expression (usually an ``Eq``) and why it holds.  ``display``, when given, is
    the same identity in matrix symbols, printed in place of ``expr`` (whose explicit generic entries SymPy checks
    and which no reader could read: a 3 x 2 product written entry by entry)."""

    expr: sp.Basic
    justification: str
    check: StepCheck = StepCheck.ALGEBRA
    display: sp.Basic | None = None

    @property
    def shown(self) -> sp.Basic:
        """The expression printed for this step."""
        return self.expr if self.display is None else self.display


@functools.lru_cache(maxsize=4096)
def step_holds(step: Step) -> bool | None:
    """SymPy verdict on an ALGEBRA step: True proved, False refuted, None undecided or not algebra."""
    if step.check is not StepCheck.ALGEBRA:
        return None
    e = step.expr
    if e is sp.true:
        return True
    if e is sp.false:
        return False
    if isinstance(e, sp.Equality) and getattr(e.lhs, "is_Matrix", False):
        verdicts = [step_holds(Step(sp.Eq(x, y, evaluate=False), step.justification))
                    for x, y in zip(e.lhs, e.rhs)]
        return False if False in verdicts else (None if None in verdicts else True)
    if isinstance(e, sp.Equality):
        diff = sp.simplify(e.lhs - e.rhs)
        if diff != 0 and not diff.is_number:
            diff = sp.simplify(sp.expand(sp.expand_log(sp.powsimp(diff, force=True), force=True)))
        if diff == 0:
            return True
        if diff.is_number:  # SymPy may fail to reduce a true constant identity: refute only a clear nonzero
            return False if abs(sp.N(diff, 50)) > sp.Float(10) ** -40 else None
        return _probe(e.lhs, e.rhs)
    return None


#: generic exact rationals in [2/9, 9/2] and integers 2..5 (for summation limits and indices), cycled per symbol
_RATIONALS = tuple(sp.Rational(p, q) for p, q in ((3, 7), (5, 4), (7, 3), (11, 13), (13, 5), (2, 9), (17, 11), (9, 2)))
_PROBES = 4


def _probe(lhs, rhs) -> bool | None:
    """Refute an equality SymPy could not simplify to 0 by evaluating both sides at ``_PROBES`` exact points.

    Symbol ``j`` takes ``_RATIONALS[(3j + 5k) % 8]`` at point ``k`` (a positive integer where it bounds a sum or
    product, indexes a sequence or is declared integer); an undefined function ``f_j`` (an arbitrary kernel)
    stands for the generic analytic ``exp((x_1 + ... + x_n)/(j + 2)) + 1/(j + 3)``: a step that holds for every
    function holds for it.  Each side is evaluated by SymPy's ``evalf`` to 60 significant digits, so an identity
    leaves ``|lhs - rhs| <= 2 10^-59 max(1, |lhs|, |rhs|)``; a gap above ``10^-40`` of that scale (19
    digits of margin) is a nonzero value.  A step carries no domain, and a true identity may fail outside its
    parameters' (``sqrt(s11 s22 - s12^2)`` beyond Cauchy-Schwarz): the step is refuted (False) only when every
    point where both sides are finite reals (at least two) gives a nonzero value, else it stays undecided (None).
    """
    funcs = sorted({a.func for side in (lhs, rhs) for a in side.atoms(sp.core.function.AppliedUndef)}, key=str)
    j_of = {f: j for j, f in enumerate(funcs)}
    generic = lambda e: sp.exp(sp.Add(*e.args) / (j_of[e.func] + 2)) + sp.Rational(1, j_of[e.func] + 3)  # noqa: E731
    lhs, rhs = (side.replace(lambda e: e.func in j_of, generic) for side in (lhs, rhs))
    syms = sorted(lhs.free_symbols | rhs.free_symbols, key=sp.default_sort_key)
    ints = {x for x in syms if x.is_integer}
    for a in (lhs + rhs).atoms(sp.Sum, sp.Product, sp.Indexed):
        ints |= {x for lim in getattr(a, "limits", ()) for x in sp.Tuple(*lim[1:]).free_symbols}
        ints |= {x for i in getattr(a, "indices", ()) for x in sp.sympify(i).free_symbols}
    nonzero = []
    for k in range(_PROBES):
        at = {x: (2 + (j + k) % 4 if x in ints else _RATIONALS[(3 * j + 5 * k) % len(_RATIONALS)])
              for j, x in enumerate(syms)}
        try:
            a, b = (sp.N(side.subs(at).doit(), 60) for side in (lhs, rhs))
        except (ArithmeticError, TypeError, ValueError, NotImplementedError):
            continue
        if not (a.is_extended_real and b.is_extended_real and a.is_finite and b.is_finite and a.is_Number and b.is_Number):
            continue
        nonzero.append(abs(a - b) > sp.Float(10, 60) ** -40 * max(1, abs(a), abs(b)))
    return False if len(nonzero) >= 2 and all(nonzero) else None
