"""Hyper-ribbons of GD-trained linear models (spec/sloppiness.md): claims S1–S20 (part 1)."""
from . import distances, dynamics, ensemble, inpca  # noqa: F401  (register the claims)
