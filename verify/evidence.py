"""Evidence records: what a check found, in a form the report reads back (spec ARCHITECTURE "Evidence").

Tiers: ``symbolic`` (SymPy proof), ``high_precision`` (mpmath at a stated precision, every discretisation re-derived
there), ``float64`` (computed in float64 only: scans, eigensolvers, finite differences), ``certified`` (Arb balls,
branch and bound: verify.certify), ``statistical``
(simulation over seeds and widths).  Statuses: ``proved``, ``holds``, ``violated``, ``inconclusive``.
"""
from __future__ import annotations

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
