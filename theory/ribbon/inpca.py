"""Hyper-ribbon claims: inpca (spec/sloppiness.md).  Filled in by its owner."""
