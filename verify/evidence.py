"""Evidence records: what a check found, in a form the report reads back (spec ARCHITECTURE "Evidence").

Tiers: ``symbolic`` (SymPy proof), ``high_precision`` (mpmath at a stated precision, every discretisation re-derived
there), ``float64`` (computed in float64 only: scans, eigensolvers, finite differences), ``certified`` (Arb balls,
branch and bound: verify.certify), ``statistical``
(simulation over seeds and widths).  Statuses: ``proved``, ``holds``, ``violated``, ``inconclusive``.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

TIERS = ("symbolic", "high_precision", "float64", "statistical", "certified")
STATUSES = ("proved", "holds", "violated", "inconclusive")


@dataclass
class Evidence:
    """One tier's finding for one claim.

    ``worst_case``: the parameters where the claim came closest to failing (or the minimal
    counterexample when it failed) with both sides and the margin.  ``tightness``: for bounds, the
    ratio bound/actual at its extreme over the domain; for asymptotics, the fitted rate beside the
    stated one.  ``tolerance``: the acceptance rule and where it comes from.
    """

    tier: str
    status: str
    summary: str
    worst_case: dict | None = None
    tightness: dict | None = None
    tolerance: str = ""
    data: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.tier not in TIERS:
            raise ValueError(f"unknown tier {self.tier!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    def to_json(self) -> dict:
        return _jsonable(asdict(self))


def point_text(point) -> str:
    """A parameter point as a summary prints it, ``m = 37, N = 15, alphas = (1/4, 7/2)``: no Python repr of a
    dict, tuple or ``Fraction``."""
    if isinstance(point, dict):
        return ", ".join(f"{k} = {point_text(v)}" for k, v in point.items())
    if isinstance(point, (tuple, list)):
        return "(" + ", ".join(point_text(v) for v in point) + ")"
    return str(point)       # a Fraction prints as 181/620


def _precision(m: re.Match) -> str:
    return f"working precision {m[1]}{m[2] or ''} digits"


def _percent(m: re.Match) -> str:
    return f"{m[1]}{'.' + m[2] if m[2] else ''}%"


def _elided(m: re.Match) -> str:
    items = [v.strip() for v in m[1].split(",")]
    return f"({', '.join(items[:3])}, \u2026, {items[-1]}; {len(items)} entries)"


#: the checks' shorthand in the words of a printed summary, applied in order (the document defines the terms)
PRINT_WORDS = (
    (re.compile(r"relative error \|lhs-rhs\|/max\(1,\|rhs\|\)"), "relative error"),
    (re.compile(r"rhs/lhs \(bound over actual\)"), "bound over actual"),
    (re.compile(r"\bgoldens\b"), "reference values"),
    (re.compile(r"\bgolden\b"), "reference value"),
    (re.compile(r"\bdps (\d+)((?:,| and) \d+)?"), _precision),            # dps 50 and 60: the mpmath digits
    (re.compile(r"\bdps (raised by|>=|<=) (\d+)"), r"working precision \1 \2 digits"),
    (re.compile(r"\bdps\b"), "working precision"),
    (re.compile(r"\|_inf\b"), "|_oo"),                                      # the maximum norm |y|_oo
    (re.compile(r"\bmp\b"), "mpmath"),
    (re.compile(r"(?<![\w.])[+]inf\b"), "infinity"),
    (re.compile(r"(?<![\w.])-inf\b"), "minus infinity"),
    (re.compile(r"(\d+)\.(\d*?)0*\s?%"), _percent),                         # 99.9900% is 99.99%
)
TUPLE_SHOWN = 8     # a tuple of more numbers prints its first three, its last and its length
_LONG_TUPLE = re.compile(r"\(((?:\s*-?[\d./e+]+\s*,){%d,}\s*-?[\d./e+]+\s*)\)" % TUPLE_SHOWN)
LONG = 200          # characters: a longer summary is printed as items, split at its top-level "; "


def print_items(summary: str) -> list[str]:
    """A summary as printed for a reader: the shorthand in words (PRINT_WORDS), tuples of more than TUPLE_SHOWN
    numbers elided, and, when longer than LONG characters, split into items at each "; " outside brackets."""
    for pattern, words in PRINT_WORDS:
        summary = pattern.sub(words, summary)
    summary = _LONG_TUPLE.sub(_elided, summary)
    if len(summary) <= LONG:
        return [summary]
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(summary):
        depth += (ch in "([{") - (ch in ")]}")
        if depth == 0 and summary.startswith("; ", i):
            parts.append(summary[start:i])
            start = i + 2
    return parts + [summary[start:]]


def float64_tier(ev: Evidence) -> Evidence:
    """``ev`` relabelled ``float64``: for a generic search (``property_search``) whose values are float64."""
    ev.tier = "float64"
    return ev


def verdict(evidence: list[Evidence]) -> str:
    """A claim's verdict.

    ``violated`` beats everything.  A ``certified`` record that ``proved`` the statement over its whole domain
    (ball arithmetic, rigorous) makes the claim ``proved``; a partial certificate (``certified`` and
    ``inconclusive``: the coverage) is information, never a proof and never a doubt.  Otherwise inconclusive beats
    holds, and ``proved`` needs every tier proved.
    """
    counted = [e for e in evidence if not (e.tier == "certified" and e.status == "inconclusive")]
    statuses = {e.status for e in counted}
    if not evidence:
        return "inconclusive"
    if "violated" in statuses:
        return "violated"
    if any(e.tier == "certified" and e.status == "proved" for e in counted):
        return "proved"
    if "inconclusive" in statuses or not statuses:
        return "inconclusive"
    return "proved" if statuses == {"proved"} else "holds"


def _jsonable(x):
    """Numbers of any precision become strings (full digits kept); containers recurse."""
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if x is None or isinstance(x, (bool, int, str)):
        return x
    if isinstance(x, float):
        return x if x == x and abs(x) != float("inf") else str(x)
    return str(x)
