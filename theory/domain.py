"""Parameter domains of claims: real intervals, integer ranges, finite choices and per-layer sequences."""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp


@dataclass(frozen=True)
class Interval:
    """Real interval ``[lo, hi]`` (ends open when ``open_lo``/``open_hi``); bounds are exact rationals."""

    lo: sp.Rational
    hi: sp.Rational
    open_lo: bool = False
    open_hi: bool = False

    def __post_init__(self):
        object.__setattr__(self, "lo", sp.Rational(self.lo))
        object.__setattr__(self, "hi", sp.Rational(self.hi))
        if self.lo > self.hi:
            raise ValueError(f"empty interval [{self.lo}, {self.hi}]")

    def __contains__(self, x) -> bool:
        x = sp.Rational(x) if not isinstance(x, sp.Basic) else x
        lo_ok = x > self.lo if self.open_lo else x >= self.lo
        hi_ok = x < self.hi if self.open_hi else x <= self.hi
        return bool(lo_ok and hi_ok)

    def __str__(self) -> str:
        return f"{'(' if self.open_lo else '['}{self.lo}, {self.hi}{')' if self.open_hi else ']'}"


@dataclass(frozen=True)
class IntRange:
    """Integers ``lo..hi`` inclusive."""

    lo: int
    hi: int

    def __contains__(self, x) -> bool:
        return float(x).is_integer() and self.lo <= int(x) <= self.hi

    def __str__(self) -> str:
        return f"{{{self.lo}..{self.hi}}}"


@dataclass(frozen=True)
class Choice:
    """A finite set of named options (e.g. activations)."""

    options: tuple

    def __contains__(self, x) -> bool:
        return x in self.options

    def __str__(self) -> str:
        return "{" + ", ".join(map(str, self.options)) + "}"


@dataclass(frozen=True)
class Sequence:
    """A list of values from ``element``, one per layer: its length is the value of parameter ``length``
    (``"L"``), optionally plus a constant (``"L+1"``)."""

    element: Interval
    length: str

    def __str__(self) -> str:
        return f"{self.element}^{self.length}"


Domain = Interval | IntRange | Choice | Sequence
