"""Quantities: the named objects a claim's statement is written in.

A :class:`Quantity` has a plain identifier (the name of its SymPy symbol, the key checks bind it by), its own
LaTeX symbol, a one-line description and a definition: either ``definition``, a SymPy expression in parameters
and in the quantities listed in ``uses``, or -- where no closed form exists -- ``typeset``, the definition in
LaTeX, together with ``estimator``, the dotted name of the function in ``verify`` that measures it.  A defined
quantity may also carry ``typeset``: the form printed in its "where" clause when the SymPy one is too long to read
(a Taylor coefficient printed as the derivative it is, not as its expansion).

``expand(expr, quantities)`` substitutes every defined quantity (and, recursively, those its definition uses)
until only parameters and undefined quantities remain.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp


@dataclass(frozen=True)
class Quantity:
    """A named quantity: ``name`` (identifier), ``latex`` (its symbol), ``description`` (one line), and a
    definition: ``definition`` (SymPy, in parameters and ``uses``) or ``typeset`` + ``estimator``."""

    name: str
    latex: str
    description: str
    definition: sp.Basic | None = None
    uses: tuple = ()
    typeset: str = ""
    estimator: str = ""

    def __post_init__(self):
        if self.definition is None and not (self.typeset and self.estimator):
            raise ValueError(f"quantity {self.name}: give a SymPy definition, or a typeset one and its estimator")
        if self.definition is not None:
            if any(isinstance(a, sp.Float) for a in sp.preorder_traversal(self.definition)):
                raise ValueError(f"quantity {self.name}: definition holds a float; use exact rationals")
            if self.symbol in self.definition.free_symbols:
                raise ValueError(f"quantity {self.name}: definition refers to itself")

    @property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.name)

    @property
    def closed(self) -> bool:
        """Whether the quantity has a SymPy definition."""
        return self.definition is not None


def measured(name, latex: str, description: str, typeset: str, estimator: str, rel: str | None = None) -> Quantity:
    """A quantity a check measures (``name``: its identifier or its symbol): its definition typeset, either whole
    (starting with the symbol) or, given ``rel``, as ``latex rel typeset``, and the function that measures it."""
    return Quantity(getattr(name, "name", name), latex, description,
                    typeset=typeset if rel is None else f"{latex} {rel} {typeset}", estimator=estimator)


def closure(quantities) -> dict:
    """Every quantity reachable from ``quantities`` through ``uses``, by symbol."""
    out: dict = {}
    todo = list(quantities)
    while todo:
        q = todo.pop()
        if q.symbol not in out:
            out[q.symbol] = q
            todo.extend(q.uses)
    return out


def expand(expr: sp.Basic, quantities) -> sp.Basic:
    """``expr`` with every defined quantity of ``closure(quantities)`` replaced by its definition, recursively.
    A quantity is matched by name: a statement's symbol may carry assumptions (``nonnegative=True``) that the
    quantity's plain symbol does not."""
    defs = {s.name: q.definition for s, q in closure(quantities).items() if q.closed}
    for _ in range(len(defs) + 1):
        new = expr.xreplace({s: defs[s.name] for s in expr.free_symbols if s.name in defs})
        if new == expr:
            return expr
        expr = new
    raise ValueError("quantity definitions are cyclic")
