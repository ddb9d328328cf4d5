"""The spec's catalogue: the claim modules of spec/fisher.md and spec/sloppiness.md, in catalogue order.

Each claim module lists its claims in ``CLAIMS``; the catalogue is their concatenation in the order of ``MODULES``.
What is in it does not depend on which modules were imported before.
"""
from __future__ import annotations

import re

from .claim import Claim
from .fisher import claims as fisher_claims
from .ribbon import (bernoulli_boundary, certificates, distances, dynamics, ensemble, hankel, inpca, kernels, phase,
                     sgd)

#: the claim modules, in catalogue order
MODULES = (fisher_claims, distances, dynamics, ensemble, inpca, hankel, certificates, phase, bernoulli_boundary,
           kernels, sgd)


def catalogue() -> list[Claim]:
    """Every claim of the spec, module by module in ``MODULES`` order; ids are unique."""
    claims = [c for m in MODULES for c in m.CLAIMS]
    seen: dict[str, Claim] = {}
    for c in claims:
        if seen.setdefault(c.id, c) is not c:
            raise ValueError(f"duplicate claim id {c.id!r}")
    return claims


def _tag_matches(pattern: str, tag: str) -> bool:
    # "F1" matches F1, F1a, F1c but not F10; "F" matches every F-tag; "F10d" matches itself.
    if pattern[-1].isdigit():
        tail = r"[a-z]*"
    else:
        tail = "" if any(ch.isdigit() for ch in pattern) else r"\d+[a-z]*"
    return re.fullmatch(re.escape(pattern) + tail, tag, flags=re.IGNORECASE) is not None


def select(patterns, claims=None) -> list[Claim]:
    """Claims matching any pattern: an exact id, an id prefix (``fisher.``), or a tag / tag prefix (``F3``, ``F3b``, ``F``).

    Raises ``LookupError`` naming the first pattern that matches nothing.
    """
    claims = catalogue() if claims is None else claims
    if not patterns:
        return list(claims)
    chosen: dict[str, Claim] = {}
    for p in patterns:
        hits = [c for c in claims
                if c.id == p or c.id.startswith(p.rstrip(".") + ".") or _tag_matches(p, c.tag)]
        if not hits:
            raise LookupError(p)
        for c in hits:
            chosen.setdefault(c.id, c)
    return [c for c in claims if c.id in chosen]
