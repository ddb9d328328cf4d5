"""Benchmarks (repository scripts, not part of the installed package).

They run as ``sloppy`` does: one BLAS thread, set here before NumPy loads (``sloppy`` applies the same limit per
command through threadpoolctl; the package itself sets nothing at import).
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
