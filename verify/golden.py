"""Golden values shipped with the package (``verify/data``), compared digit by digit as published.

A published string is matched to its last printed digit: ``|x - g| <= 0.5 ulp(g)``.  Strings marked
``(exact)`` or ``(= p/q)`` are exact and are matched at the working precision instead.
"""
from __future__ import annotations

import functools
import json
import re
from decimal import Decimal
from fractions import Fraction
from importlib import resources

from .mpeval import context


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    return json.loads(resources.files("sloppy_verifier.verify.data").joinpath(name).read_text(encoding="utf-8"))


def _exact(printed: str) -> Fraction | None:
    m = re.search(r"\(=\s*([^,)]+)", printed)
    if m:
        num, _, den = m.group(1).partition("/")
        return Fraction(num.strip()) / Fraction(den.strip() or 1)
    if "exact" in printed:
        return Fraction(printed.split()[0])
    return None


def matches(value, printed: str, dps: int) -> tuple[bool, str, object]:
    """Does ``value`` (mpf) reproduce the published ``printed`` string?  Returns ``(ok, rule, error)``."""
    ctx = context(dps)
    exact = _exact(printed)
    if exact is not None:
        err = abs(value - ctx.mpf(exact.numerator) / exact.denominator)
        tol = ctx.mpf(10) ** (-(dps - 10)) * max(1, abs(value))
        return err <= tol, f"exact {exact}", err
    d = Decimal(printed.split()[0])
    ulp = ctx.mpf(10) ** d.as_tuple().exponent
    err = abs(value - ctx.mpf(str(d)))
    digits = len(d.as_tuple().digits)
    return err <= ulp / 2, f"{digits} published digits", err
