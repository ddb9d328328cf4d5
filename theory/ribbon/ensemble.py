"""Hyper-ribbon claims: ensemble (spec/sloppiness.md).  Filled in by its owner."""
