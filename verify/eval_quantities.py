"""``sloppy eval``: the table of evaluable quantities (the Fisher ones, then the hyper-ribbon ones) and their
evaluation."""
from __future__ import annotations

from .quantities import FISHER_QUANTITIES, GUARD, UsageError, parse_params
from .ribbon.quantities import QUANTITIES as RIBBON_QUANTITIES

#: name -> quantity, in ``sloppy eval``'s order
QUANTITIES = {q.name: q for q in FISHER_QUANTITIES + RIBBON_QUANTITIES}


def evaluate(name: str, pairs: list[str], dps: int):
    """Parse, check and evaluate quantity ``name``; returns ``(params, value)`` with ``dps`` correct digits."""
    if name not in QUANTITIES:
        raise UsageError(f"unknown quantity {name!r}; choose from {', '.join(QUANTITIES)}")
    q = QUANTITIES[name]
    params = parse_params(q, pairs)
    return params, q.compute(params, dps + GUARD)
