"""Theory of sloppiness as data: SymPy claims, quantities and derivations (pure SymPy, no I/O).

Public API for users' own claims: ``Claim``, ``Kind``, ``Param``, ``Interval``, ``IntRange``, ``Choice``,
``Sequence``, ``Step``, ``StepCheck``, ``Provenance``, ``Tag``, ``Quantity``, ``register``, ``catalogue``, ``select``.
"""
from .claim import Choice, Claim, Interval, IntRange, Kind, Param, Provenance, Sequence, Step, StepCheck, Tag, register
from .quantity import Quantity
from .spec import catalogue, select

__all__ = ["Choice", "Claim", "Interval", "IntRange", "Kind", "Param", "Provenance", "Quantity", "Sequence", "Step",
           "StepCheck", "Tag", "catalogue", "register", "select"]
