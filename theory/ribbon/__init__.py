"""Hyper-ribbons of GD-trained linear models (spec/sloppiness.md): claims S1–S34 and conjectures K0–K4."""
from . import (distances, dynamics, ensemble, inpca, hankel, certificates, phase, bernoulli_boundary,  # noqa: F401
               kernels, sgd)
