"""Hyper-ribbon claims: dynamics (spec/sloppiness.md).  Filled in by its owner."""
