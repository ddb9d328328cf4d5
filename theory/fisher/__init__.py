"""Fisher information of wide random networks (spec/fisher.md): kernels, order parameters, claims F1–F11."""
from . import claims  # noqa: F401  (registers the claims)
