"""The Hessian of the loss and the Fisher matrix of a tiny network in mpmath (spec/fisher.md F7c), re-derived from
the float64 network's exact weights: nothing float64 enters but the drawn numbers themselves.

``E(θ) = (1/2T) Σ_t |f(t) − y(t)|²`` with ``y := f(θ_0)`` evaluated in mp (the zero-loss point of the mp network,
not of its float64 rounding).  The gradient is backprop in mp (``G_L = R/T``, ``G_l = (G_{l+1} W^{l+1}) ⊙ φ'(U_l)``,
``∇_{W^l} E = G_lᵀ H_{l−1}``); ``F = JᵀJ/T`` with the Jacobian rows from the same backprop of unit outputs.

**The Hessian** (an independent route to the claim's left side): central differences of the mp gradient,
``D(h)_{·i} = (∇E(θ + h e_i) − ∇E(θ − h e_i))/(2h) = ∇²E_{·i} + (h²/6) ∂_i³∇E + O(h⁴)``, at ``h`` and ``h/2``, and the
Richardson value ``R = (4D(h/2) − D(h))/3 = ∇²E + O(h⁴)``.  Error bound (entrywise):
``|R − ∇²E| ≤ |D(h) − D(h/2)| + 300·10^{−dps} g/h``: the first term is ``(h²/8)|∂³∇E|`` to leading order, which
dominates the ``O(h⁴)`` error of ``R`` unless ``h²|∂⁵∇E| ≳ 60|∂³∇E|`` (the third-derivative term is *in* the bound,
not assumed small); the second is the rounding of the differences: the residual ``f(θ ± h e_i) − y`` cancels, so its
absolute error is ``~10^{−dps}|f|``, carried by backprop into ``∇E`` as ``~10^{−dps} g`` with
``g = 1 + max|Σ_{t,k} |y_k(t)| ∇_θ f_k(t)|/T`` (a factor 100 covers the ``O(L M)`` accumulated roundings), and divided by
``2h/3`` in ``R``.  With ``h = 10^{−dps/3}`` both terms are ``~10^{−2 dps/3}`` relative.
"""
from __future__ import annotations

import numpy as np

from ..mpeval import context


def _activation(name: str, a, ctx):
    """``(φ, φ')`` on mpf; the kink of relu / leaky relu takes the left value, as in the float64 network."""
    if name == "relu":
        return (lambda u: u if u > 0 else ctx.zero), (lambda u: ctx.one if u > 0 else ctx.zero)
    if name == "leaky_relu":
        s = ctx.mpf(a)
        return (lambda u: u if u > 0 else s * u), (lambda u: ctx.one if u > 0 else s)
    if name == "linear":
        return (lambda u: u), (lambda u: ctx.one)
    if name == "erf":
        c = 2 / ctx.sqrt(ctx.pi)
        return ctx.erf, (lambda u: c * ctx.exp(-u * u))
    if name == "tanh":
        return ctx.tanh, (lambda u: 1 - ctx.tanh(u) ** 2)
    raise ValueError(f"unknown activation {name!r}")


class MPNetwork:
    """The float64 network ``net`` with inputs ``X`` converted exactly (every float64 is an mpf) at ``dps``."""

    def __init__(self, net, X, dps: int):
        self.ctx = ctx = context(dps)
        mp = np.vectorize(lambda v: ctx.mpf(float(v)), otypes=[object])
        self.W = [mp(np.asarray(w)) for w in net.W]
        self.b = [mp(np.asarray(v)) for v in net.b]
        self.X = mp(np.asarray(X))
        self.phi, self.dphi = (np.vectorize(f, otypes=[object]) for f in
                               _activation(net.spec.activation, net.spec.a, ctx))
        self.shapes = [w.shape for w in self.W]
        self.theta = np.concatenate([w.reshape(-1) for w in self.W])
        self.Y = self._forward(self.theta)[0][-1]          # the mp zero-loss targets

    def _weights(self, theta):
        out, i = [], 0
        for s in self.shapes:
            out.append(theta[i:i + s[0] * s[1]].reshape(s))
            i += s[0] * s[1]
        return out

    def _forward(self, theta):
        W, H, U = self._weights(theta), [self.X], []
        for l, (w, b) in enumerate(zip(W, self.b), start=1):
            U.append(H[-1] @ w.T + b)
            if l < len(W):
                H.append(self.phi(U[-1]))
        return U, H, W

    def vjp(self, theta, G):
        """``∂/∂θ Σ_{t,k} G_{tk} f_k(t)`` (flat, row-major per layer) by backprop; ``G`` is ``T x C``."""
        U, H, W = self._forward(theta)
        grads = [None] * len(W)
        for l in range(len(W), 0, -1):
            grads[l - 1] = G.T @ H[l - 1]
            if l > 1:
                G = (G @ W[l - 1]) * self.dphi(U[l - 2])
        return np.concatenate([g.reshape(-1) for g in grads])

    def grad(self, theta):
        """``∇E(θ)`` with the mp zero-loss targets ``Y``."""
        R = self._forward(theta)[0][-1] - self.Y
        return self.vjp(theta, R / R.shape[0])

    def fisher(self):
        """``F = JᵀJ/T`` (``P x P``), Jacobian rows ``∇f_k(t)``."""
        T, C = self.Y.shape
        rows = []
        for k in range(C):
            for t in range(T):
                G = np.full((T, C), self.ctx.zero, dtype=object)
                G[t, k] = self.ctx.one
                rows.append(self.vjp(self.theta, G))
        J = np.array(rows, dtype=object)
        return J.T @ J / T

    def hessian(self):
        """``(R, bound)``: the Richardson Hessian of ``E`` at ``θ_0`` and its entrywise error bound (module doc)."""
        ctx, P = self.ctx, self.theta.size
        h = ctx.mpf(10) ** (-(ctx.dps // 3))
        D = {s: np.empty((P, P), dtype=object) for s in (1, 2)}
        for i in range(P):
            for s in (1, 2):
                e = np.full(P, ctx.zero, dtype=object)
                e[i] = h / s
                D[s][:, i] = (self.grad(self.theta + e) - self.grad(self.theta - e)) / (2 * h / s)
        R = (4 * D[2] - D[1]) / 3
        R = (R + R.T) / 2
        T = self.Y.shape[0]
        gscale = max(abs(v) for v in self.vjp(self.theta, abs(self.Y) / T)) + ctx.one
        rounding = 100 * ctx.mpf(10) ** (-ctx.dps) * gscale * 3 / h
        bound = np.vectorize(lambda v: abs(v) + rounding, otypes=[object])(D[1] - D[2])
        return R, np.maximum(bound, bound.T)
