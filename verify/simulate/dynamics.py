"""Gradient descent near the learning-rate threshold ``eta_c = 2/lambda_max`` (spec/fisher.md F7).

Loss ``E(theta) = (1/2T) sum_t |f(t) - y(t)|^2``; residuals ``r = f - y`` are ``CT`` vectors, ``k``-major.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from sloppy_verifier.verify.simulate.network import Network, forward, params, with_params


def linearised_gd(Fstar, r0, eta: float, steps: int, T: int) -> tuple[np.ndarray, object]:
    """GD on the network linearised at ``theta_0`` (F7b): ``r_{n+1} = (I - eta F*) r_n``.

    Returns the losses ``E_n = |r_n|^2/(2T)``, ``n = 0..steps`` (host array), and ``r_steps``.
    """
    r = r0
    losses = [float(r @ r) / (2 * T)]
    for _ in range(steps):
        r = r - eta * (Fstar @ r)
        losses.append(float(r @ r) / (2 * T))
    return np.array(losses), r


def loss_and_grad(net: Network, X, Y) -> tuple[float, list]:
    """``E`` and ``grad_{W^l} E = G_l^T H_{l-1}`` by backprop of the residual.

    ``G_L = (F - Y)/T`` (``T x C``) and ``G_l = (G_{l+1} W^{l+1}) . phi'(U_l)``; ``Y`` is ``T x C``.
    """
    fwd = forward(net, X)
    R = fwd.U[-1] - Y
    T = X.shape[0]
    G, grads = R / T, [None] * net.L
    dphi = net.act.dphi
    for l in range(net.L, 0, -1):
        grads[l - 1] = G.T @ fwd.H[l - 1]
        if l > 1:
            G = (G @ net.W[l - 1]) * dphi(fwd.U[l - 2])
    return float((R * R).sum()) / (2 * T), grads


def network_gd(net: Network, X, Y, eta: float, steps: int) -> tuple[np.ndarray, Network]:
    """Full-batch GD on the weights, ``W^l <- W^l - eta grad_{W^l} E`` (biases frozen; F7e).

    Returns the loss before each step and after the last (``steps + 1`` values, host array) and the final
    network.  A non-finite loss (divergence) stops the run; the remaining entries are ``inf``.
    """
    losses = np.full(steps + 1, np.inf)
    for n in range(steps + 1):
        E, grads = loss_and_grad(net, X, Y)
        if not np.isfinite(E):
            break
        losses[n] = E
        if n < steps:
            net = replace(net, W=tuple(W - eta * g for W, g in zip(net.W, grads)))
    return losses, net


def hessian_fd(net: Network, X, Y=None, eps: float = 1e-5):
    """``P x P`` Hessian of ``E`` by central differences of the backprop gradient, symmetrised (F7c).

    ``Y=None`` takes ``Y := f(theta_0)``, a zero-loss point, where ``grad^2 E = F = J^T J / T`` exactly.
    Error ``O(eps^2)`` plus roundoff ``O(eps_mach/eps)``.  Tiny networks only.
    """
    xp = net.xp
    if Y is None:
        Y = forward(net, X).U[-1]
    theta = params(net)

    def grad(th):
        return xp.concatenate([g.reshape(-1) for g in loss_and_grad(with_params(net, th), X, Y)[1]])

    cols = []
    for i in range(theta.size):
        e = xp.zeros_like(theta)
        e[i] = eps
        cols.append((grad(theta + e) - grad(theta - e)) / (2 * eps))
    Hs = xp.stack(cols, axis=1)
    return (Hs + Hs.T) / 2
