"""Hypothesis strategies generated from a claim's parameter domains.

Real intervals draw exact rationals (``st.fractions``), so a counterexample is an exact point that
reproduces at any precision; integer ranges draw integers; choices sample; per-layer sequences draw
one value per layer with the length given by another parameter.
"""
from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from theory.claim import Choice, Interval, IntRange, Sequence

MAX_DENOMINATOR = 1000


def domain_strategy(domain):
    if isinstance(domain, Interval):
        lo, hi = Fraction(str(domain.lo)), Fraction(str(domain.hi))
        s = st.fractions(lo, hi, max_denominator=MAX_DENOMINATOR)
        if domain.open_lo:
            s = s.filter(lambda x: x > lo)
        if domain.open_hi:
            s = s.filter(lambda x: x < hi)
        return s
    if isinstance(domain, IntRange):
        return st.integers(domain.lo, domain.hi)
    if isinstance(domain, Choice):
        return st.sampled_from(domain.options)
    raise TypeError(f"no scalar strategy for {domain!r}")


def parameter_strategy(parameters, fixed: dict | None = None):
    """Dicts ``{name: value}`` over ``parameters``; ``fixed`` pins some names (a sub-domain)."""
    fixed = dict(fixed or {})
    scalars = {p.name: (st.just(fixed[p.name]) if p.name in fixed else domain_strategy(p.domain))
               for p in parameters if not isinstance(p.domain, Sequence)}
    sequences = [p for p in parameters if isinstance(p.domain, Sequence)]

    @st.composite
    def draw(draw_):
        values = draw_(st.fixed_dictionaries(scalars))
        for p in sequences:
            if p.name in fixed:
                values[p.name] = fixed[p.name]
                continue
            name, _, extra = p.domain.length.partition("+")
            n = int(values[name]) + int(extra or 0)
            values[p.name] = tuple(draw_(st.lists(domain_strategy(p.domain.element), min_size=n, max_size=n)))
        return values

    return draw()
