"""Hypothesis strategies generated from a claim's parameter domains.

Real intervals draw exact rationals (``st.fractions``), so a counterexample is an exact point that
reproduces at any precision; integer ranges draw integers; choices sample; per-layer sequences draw
one value per layer with the length given by another parameter.

The resolution of an interval adapts to it: the largest denominator drawn is
``max(MIN_DENOMINATOR, denominators of the ends, ceil(RESOLUTION / width))``, so ends of any denominator are
valid and a box of width w holds of the order of ``RESOLUTION^2 / w`` drawable points (the fractions of
denominator <= D are spaced about 1/D^2 apart), however narrow it is.
"""
from __future__ import annotations

import hashlib
from fractions import Fraction

from hypothesis import strategies as st

from sloppy_verifier.theory.claim import Choice, Interval, IntRange, Sequence

from .point import named


def claim_seed(run_seed: int, claim_id: str) -> int:
    """A 63-bit seed from the run's seed and the claim id only (SHA-256: never ``hash()``, the install path
    or the working directory)."""
    digest = hashlib.sha256(f"sloppy:{int(run_seed)}:{claim_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


MIN_DENOMINATOR = 1000
RESOLUTION = 1000


def max_denominator(lo: Fraction, hi: Fraction) -> int:
    """The largest denominator drawn in [lo, hi] (module docstring)."""
    width = hi - lo
    fine = -(-RESOLUTION * width.denominator // width.numerator) if width else 1
    return max(MIN_DENOMINATOR, lo.denominator, hi.denominator, fine)


def domain_strategy(domain):
    if isinstance(domain, Interval):
        lo, hi = Fraction(str(domain.lo)), Fraction(str(domain.hi))
        if lo == hi and (domain.open_lo or domain.open_hi):
            raise ValueError(f"the interval {domain} is empty")
        s = st.fractions(lo, hi, max_denominator=max_denominator(lo, hi))
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
    """Dicts ``{name: value}`` over ``parameters``; ``fixed`` pins some parameters (a sub-domain; keyed by Param
    or name)."""
    fixed = named(fixed or {})
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
