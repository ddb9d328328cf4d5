"""Hyper-ribbons of GD-trained linear models (spec/sloppiness.md): claims S1–S34 and conjectures K0–K4."""
