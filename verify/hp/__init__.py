"""High-precision (mpmath, local contexts only) layer for the Fisher theory (spec/fisher.md §2.1, F1, F2, F10).

``gauss``: Gaussian kernels ``V, Vd, K, Kd`` (closed forms compiled from ``theory.fisher.kernels``; tanh by
a certified lattice trapezoid rule) and the independent reference route ``reference_K``.
``fisher``: the F1a order parameters and ``kappa_1, kappa_2, alpha``.
``criticality``: fixed point ``q*``, ``chi_1`` and the order-to-chaos line (F10a/b).
"""
