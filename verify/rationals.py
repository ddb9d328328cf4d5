"""Simple rationals: the point a counterexample or a tight point is reported at."""
from __future__ import annotations

from fractions import Fraction


def simplest_between(a: Fraction, b: Fraction) -> Fraction:
    """The rational of least denominator (then least |numerator|) in the closed interval [a, b] (Stern-Brocot:
    the continued fractions of the two ends agree up to the first term where they differ)."""
    if a > b:
        a, b = b, a
    if a <= 0 <= b:
        return Fraction(0)
    if b < 0:
        return -simplest_between(-b, -a)
    fl = a.numerator // a.denominator
    if fl == a or fl + 1 <= b:
        return Fraction(fl) if fl == a else Fraction(fl + 1)
    return fl + 1 / simplest_between(1 / (b - fl), 1 / (a - fl))


def snapped(x: Fraction, lo: Fraction, hi: Fraction, rel: Fraction = Fraction(1, 10**6)) -> Fraction:
    """The simplest rational within ``rel`` of the width of ``[lo, hi]`` around ``x``, kept inside ``[lo, hi]``:
    a float search's point near 0 (4e-11 in [-20, 20]) becomes 0, where exact arguments can be made."""
    r = rel * ((hi - lo) or 1)
    return simplest_between(max(lo, x - r), min(hi, x + r))
