"""Two number systems for one piece of array code: float64 (NumPy) and mpmath at a stated precision (NumPy object
arrays of mpf).  A float64 check written against ``nx`` is re-derived in mp by passing ``mp(dps)``: every sum,
eigensolver and root is then computed at ``dps`` digits, and float64 draws enter exactly (a float64 is an mpf).

Exact parameters (ints, Fractions, SymPy rationals) go through ``nx.num``; float64 arrays through ``nx.array``.
"""
from __future__ import annotations

import functools
import math

import numpy as np
from scipy.optimize import brentq

from .mpeval import context, to_mpf


class Float64:
    """NumPy float64; eigenvalues in decreasing order."""

    name = "float64"

    @staticmethod
    def num(q):
        return float(q)

    @staticmethod
    def array(v):
        return np.asarray(v, dtype=float)

    sqrt = staticmethod(np.sqrt)
    exp = staticmethod(np.exp)

    @staticmethod
    def fsum(v) -> float:
        """Correctly rounded sum (``math.fsum``)."""
        return math.fsum(np.ravel(v))

    @staticmethod
    def norm(v) -> float:
        return float(np.linalg.norm(v))

    @staticmethod
    def eigh(A):
        w, V = np.linalg.eigh(A)
        return w[::-1], V[:, ::-1]

    @staticmethod
    def eigvalsh(A):
        return np.linalg.eigvalsh(A)[::-1]

    @staticmethod
    def qr(A):
        """Reduced QR (Householder, LAPACK)."""
        return np.linalg.qr(A)

    @staticmethod
    def root(f, lo, hi):
        """Root of ``f`` on ``[lo, hi]`` (a sign change) by Brent, to relative 1e-15."""
        return brentq(f, lo, hi, xtol=1e-300, rtol=1e-15, maxiter=500)


class MP:
    """mpmath at ``dps`` digits (a local context); arrays are NumPy object arrays of mpf."""

    def __init__(self, dps: int):
        self.dps = dps
        self.name = f"mp{dps}"
        self.ctx = context(dps)
        self._sqrt = np.vectorize(self.ctx.sqrt, otypes=[object])
        self._exp = np.vectorize(self.ctx.exp, otypes=[object])
        self._mpf = np.vectorize(lambda t: self.ctx.mpf(float(t)), otypes=[object])

    def num(self, q):
        return to_mpf(self.ctx, q)

    def array(self, v):
        return self._mpf(np.asarray(v, dtype=float))

    def sqrt(self, v):
        return self.ctx.sqrt(v) if np.ndim(v) == 0 else self._sqrt(v)

    def exp(self, v):
        return self.ctx.exp(v) if np.ndim(v) == 0 else self._exp(v)

    def fsum(self, v):
        return self.ctx.fsum(np.ravel(v))

    def norm(self, v):
        return self.ctx.sqrt(self.ctx.fsum(t * t for t in np.ravel(v)))

    def eigh(self, A):
        """``eigsy``: eigenvalues decreasing, eigenvectors as columns."""
        E, Q = self.ctx.eigsy(self.ctx.matrix(np.asarray(A).tolist()))
        n = len(E)
        order = sorted(range(n), key=lambda i: E[i], reverse=True)
        return (np.array([E[i] for i in order], dtype=object),
                np.array([[Q[r, i] for i in order] for r in range(n)], dtype=object))

    def eigvalsh(self, A):
        E = self.ctx.eigsy(self.ctx.matrix(np.asarray(A).tolist()), eigvals_only=True)
        return np.array(sorted(E, reverse=True), dtype=object)

    def qr(self, A):
        """Reduced QR (Householder) at ``dps`` digits."""
        Q, R = self.ctx.qr(self.ctx.matrix(np.asarray(A).tolist()), mode="skinny")
        return np.array(Q.tolist(), dtype=object), np.array(R.tolist(), dtype=object)

    def root(self, f, lo, hi):
        """Root of ``f`` on ``[lo, hi]`` (a sign change) by Anderson–Björck (bracketing) at ``dps`` digits."""
        return self.ctx.findroot(f, (self.ctx.mpf(lo), self.ctx.mpf(hi)), solver="anderson", maxsteps=400)


FLOAT64 = Float64()


@functools.lru_cache(maxsize=8)
def mp(dps: int) -> MP:
    """The mp number system at ``dps`` digits (one per precision, so caches keyed on it are shared)."""
    return MP(dps)
