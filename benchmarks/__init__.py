import verify  # noqa: F401  (sets one OpenBLAS thread per caller before NumPy loads, as the verifier runs)
