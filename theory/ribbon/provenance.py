"""Provenance and claim construction shared by the hyper-ribbon claim modules (spec/sloppiness.md, all tag [P])."""
from __future__ import annotations

from ..claim import Claim, Provenance, Tag

PAPER = "Mao et al., arXiv:2505.08915 (abstract only)"
NOTE = "Project formulation: derived for this project, not attributed to the paper."


def spec_provenance(tag: str, note: str = NOTE, cited: str = "") -> Provenance:
    """``[P] spec/sloppiness.md <tag> (project formulation)``, citing ``cited`` (an external source) when given."""
    return Provenance(tags=(Tag.P,), source=f"spec/sloppiness.md {tag} (project formulation); "
                      + (f"cites {cited}" if cited else PAPER), note=note)


def spec_claim(prov: Provenance | None = None, **kw) -> Claim:
    """A claim of the spec with its provenance (default: from its tag)."""
    return Claim(provenance=prov or spec_provenance(kw["tag"]), **kw)
