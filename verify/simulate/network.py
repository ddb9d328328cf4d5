"""Random fully connected networks in standard parameterization (spec/fisher.md §1.1, §2.2).

Conventions (``L`` weight layers, widths ``M_0..M_{L-1}``, ``M_L = C`` outputs):

- ``W^l`` is ``M_l x M_{l-1}`` with i.i.d. ``N(0, sigma_w^2/M_{l-1})`` entries; biases ``b^l`` are i.i.d.
  ``N(0, sigma_b^2)`` and frozen (not parameters).
- ``u^l = W^l h^{l-1} + b^l`` for ``l = 1..L``, ``h^l = phi(u^l)`` for ``l < L``, ``h^0 = x``, ``f = u^L``.
  Following §1.1 literally, the linear output layer also carries a bias ``b^L``.  It shifts ``f`` only:
  ``grad_theta f`` and hence ``F`` and ``F*`` do not depend on it (it does enter ``f`` in F7 and F8a).
- Row-stacked arrays over the ``T`` inputs: ``H_l`` and ``U_l`` are ``T x M_l`` (row ``t`` is ``h^l(t)``).
- Backward signals ``delta^l_k(t) = d f_k(t) / d u^l`` stacked as ``Delta_l`` (``CT x M_l``, rows ``(k, t)``,
  ``k``-major):  ``Delta_L = I_C (x) 1_T`` and ``Delta_l = (Delta_{l+1} W^{l+1}) . (1_C (x) phi'(U_l))``.

Seed protocol (§2.2): one stream ``numpy.random.default_rng(seed)`` draws, on the host, the inputs ``X``
(``T x M_0``), then ``W^1..W^L``, then ``b^1..b^L``; the arrays are then moved to the backend, so NumPy and
CuPy see the same network.  The sweep seed for network ``s`` at width ``M`` is ``1000*M + s``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator

import numpy as np

from sloppy_verifier.verify.backend import Backend, get_backend

ACTIVATIONS = ("relu", "leaky_relu", "linear", "erf", "tanh")


@dataclass(frozen=True)
class NetSpec:
    """Activation name, ``sigma_w^2``, ``sigma_b^2`` and the negative slope ``a`` (leaky ReLU only)."""

    activation: str
    sigma_w2: float
    sigma_b2: float = 0.0
    a: float | None = None


@dataclass(frozen=True)
class Activation:
    """``phi`` and ``phi'`` as elementwise functions on backend arrays."""

    name: str
    phi: Callable
    dphi: Callable


def activation(name: str, backend: Backend, a: float | None = None) -> Activation:
    """``relu = max(u,0)``, ``leaky_relu = u (u>0), a u (u<=0)``, ``linear = u``, ``erf(u)``, ``tanh(u)``.

    Derivatives: ``1{u>0}``, ``1 or a``, ``1``, ``2/sqrt(pi) exp(-u^2)``, ``1 - tanh(u)^2`` (the kink gets the
    left value; it has probability zero).
    """
    xp = backend.xp
    if name == "relu":
        return Activation(name, lambda u: xp.maximum(u, 0.0), lambda u: (u > 0).astype(xp.float64))
    if name == "leaky_relu":
        if a is None:
            raise ValueError("leaky_relu needs its negative slope a")
        return Activation(name, lambda u: xp.where(u > 0, u, a * u), lambda u: xp.where(u > 0, 1.0, a))
    if name == "linear":
        return Activation(name, lambda u: u, xp.ones_like)
    if name == "erf":
        c = 2.0 / np.sqrt(np.pi)
        return Activation(name, backend.erf, lambda u: c * xp.exp(-u * u))
    if name == "tanh":
        return Activation(name, xp.tanh, lambda u: 1.0 - xp.tanh(u) ** 2)
    raise ValueError(f"unknown activation {name!r}; choose from {', '.join(ACTIVATIONS)}")


@dataclass(frozen=True)
class Network:
    """Weights ``W = (W^1..W^L)`` and frozen biases ``b = (b^1..b^L)`` on ``backend``."""

    spec: NetSpec
    W: tuple
    b: tuple
    backend: Backend

    @property
    def xp(self):
        return self.backend.xp

    @property
    def L(self) -> int:
        return len(self.W)

    @property
    def C(self) -> int:
        return self.W[-1].shape[0]

    @property
    def widths(self) -> tuple[int, ...]:
        """``(M_0, ..., M_{L-1})``."""
        return tuple(w.shape[1] for w in self.W)

    @property
    def act(self) -> Activation:
        return activation(self.spec.activation, self.backend, self.spec.a)


@dataclass(frozen=True)
class Forward:
    """``U[l-1] = U_l`` (``l = 1..L``, ``U_L = f``, ``T x C``) and ``H[l] = H_l`` (``l = 0..L-1``, ``H_0 = X``)."""

    U: list
    H: list


def draw(rng: np.random.Generator, spec: NetSpec, widths, C: int, T: int, mu: float = 0.0,
         batch: tuple = ()) -> tuple[np.ndarray, list, list]:
    """Host draw in the §2.2 order: ``X ~ N(mu, I)``, then ``W^1..W^L``, then ``b^1..b^L``.

    ``batch`` prepends leading axes (stacked networks for Monte Carlo).
    """
    sizes = tuple(widths) + (C,)
    X = rng.standard_normal(batch + (T, sizes[0])) + mu
    W = [rng.standard_normal(batch + (sizes[l], sizes[l - 1])) * np.sqrt(spec.sigma_w2 / sizes[l - 1])
         for l in range(1, len(sizes))]
    b = [rng.standard_normal(batch + (sizes[l],)) * np.sqrt(spec.sigma_b2) for l in range(1, len(sizes))]
    return X, W, b


def sample(spec: NetSpec, widths, C: int, T: int, seed: int, backend: Backend | None = None,
           mu: float = 0.0) -> tuple[Network, object]:
    """A network and its inputs ``X`` (``T x M_0``, rows ``x(t) ~ N(mu 1, I)``) from ``default_rng(seed)``."""
    backend = backend or get_backend("numpy")
    if len(widths) < 2:
        raise ValueError("need L >= 2 weight layers: widths = (M_0, ..., M_{L-1})")
    X, W, b = draw(np.random.default_rng(seed), spec, widths, C, T, mu)
    to = backend.asarray
    return Network(spec, tuple(map(to, W)), tuple(map(to, b)), backend), to(X)


def forward(net: Network, X) -> Forward:
    """``U_l = H_{l-1} W^{l T} + 1 b^{l T}``, ``H_l = phi(U_l)``."""
    act, H, U = net.act, [X], []
    for l, (W, b) in enumerate(zip(net.W, net.b), start=1):
        U.append(H[-1] @ W.T + b)
        if l < net.L:
            H.append(act.phi(U[-1]))
    return Forward(U, H)


def output(net: Network, X):
    """``f`` as a ``CT`` vector, ``k``-major (the row order of ``J`` and ``F*``)."""
    return forward(net, X).U[-1].T.reshape(-1)


def iter_backward(net: Network, fwd: Forward) -> Iterator[tuple[int, object]]:
    """Yield ``(l, Delta_l)`` for ``l = L, ..., 1``, keeping only two ``Delta`` in memory.

    ``Delta_L = I_C (x) 1_T`` and ``Delta_l = (Delta_{l+1} W^{l+1}) . (1_C (x) phi'(U_l))``.
    """
    xp, C, T = net.xp, net.C, fwd.H[0].shape[0]
    dphi = net.act.dphi
    D = xp.repeat(xp.eye(C, dtype=xp.float64), T, axis=0)
    yield net.L, D
    for l in range(net.L - 1, 0, -1):
        D = ((D @ net.W[l]).reshape(C, T, -1) * dphi(fwd.U[l - 1])[None]).reshape(C * T, -1)
        yield l, D


def backward(net: Network, fwd: Forward) -> list:
    """``[Delta_1, ..., Delta_L]`` (all ``CT`` signals at once)."""
    return [D for _, D in sorted(iter_backward(net, fwd), key=lambda p: p[0])]


def params(net: Network):
    """``theta``: ``W^1..W^L`` flattened row-major and concatenated (the column order of ``J``)."""
    return net.xp.concatenate([W.reshape(-1) for W in net.W])


def with_params(net: Network, theta) -> Network:
    """The same network with weights read from the flat vector ``theta`` (biases unchanged)."""
    W, i = [], 0
    for w in net.W:
        W.append(theta[i:i + w.size].reshape(w.shape))
        i += w.size
    return replace(net, W=tuple(W))
