"""Hyper-ribbon claims: distances (spec/sloppiness.md).  Filled in by its owner."""
