"""Fisher information of wide random networks (spec/fisher.md): kernels, order parameters, claims F1–F11."""
