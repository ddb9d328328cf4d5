"""Mean-field order parameters (spec/fisher.md F1a) written once, generic in the arithmetic.

``order_parameters`` runs on SymPy expressions (kernels from ``theory.fisher.kernels``) and, unchanged,
on mpmath numbers (kernels from ``verify.hp``): it only adds, multiplies and calls the kernels.

Forward, l = 1..L-1:  q^l_i = sigma_w^2 qhat^{l-1}_i + sigma_b^2,
                       qhat^l_1 = V(q^l_1),  qhat^l_2 = K(q^l_1, q^l_1, q^l_2).
Backward, qtilde^L = 1:  qtilde^l_i = chi^{(l)}_i qtilde^{l+1}_i,
                       chi^{(l)}_1 = sigma_w^2 V'(q^l_1),  chi^{(l)}_2 = sigma_w^2 K'(q^l_1, q^l_1, q^l_2).
alpha = sum_{l=1}^{L-1} alpha_l alpha_{l-1};  kappa_i = sum_{l=1}^{L} alpha_{l-1} qtilde^l_i qhat^{l-1}_i / alpha.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OrderParameters:
    """Lists run over l = 0..L-1 (qhat), l = 1..L-1 (q, chi) and l = 1..L (qtilde)."""

    qhat1: tuple
    qhat2: tuple
    q1: tuple
    q2: tuple
    chi1: tuple
    chi2: tuple
    qtilde1: tuple
    qtilde2: tuple
    alpha: object
    kappa1: object
    kappa2: object

    @property
    def S1(self):
        """``S_1 = alpha kappa_1`` (F10c)."""
        return self.alpha * self.kappa1

    @property
    def S2(self):
        return self.alpha * self.kappa2


def alpha_of(alphas):
    """``alpha = sum_{l=1}^{L-1} alpha_l alpha_{l-1}`` (spec §1.2): the output layer is excluded."""
    return sum(alphas[l] * alphas[l - 1] for l in range(1, len(alphas)))


def order_parameters(kernels, sigma_w2, sigma_b2, alphas, qhat0=(1, 0)) -> OrderParameters:
    """Run the F1a recursions.  ``kernels`` provides ``V, Vd`` (one argument) and ``K, Kd`` (three)."""
    L = len(alphas)
    if L < 2:
        raise ValueError(f"L must be >= 2 (got {L})")
    qhat1, qhat2 = [qhat0[0]], [qhat0[1]]
    q1, q2, chi1, chi2 = [], [], [], []
    for _ in range(1, L):
        a1 = sigma_w2 * qhat1[-1] + sigma_b2
        a2 = sigma_w2 * qhat2[-1] + sigma_b2
        q1.append(a1)
        q2.append(a2)
        qhat1.append(kernels.V(a1))
        qhat2.append(kernels.K(a1, a1, a2))
        chi1.append(sigma_w2 * kernels.Vd(a1))
        chi2.append(sigma_w2 * kernels.Kd(a1, a1, a2))
    qt1, qt2 = [1], [1]
    for l in range(L - 1, 0, -1):           # qtilde^l from qtilde^{l+1}
        qt1.insert(0, chi1[l - 1] * qt1[0])
        qt2.insert(0, chi2[l - 1] * qt2[0])
    alpha = alpha_of(alphas)
    k1 = sum(alphas[l - 1] * qt1[l - 1] * qhat1[l - 1] for l in range(1, L + 1)) / alpha
    k2 = sum(alphas[l - 1] * qt2[l - 1] * qhat2[l - 1] for l in range(1, L + 1)) / alpha
    return OrderParameters(tuple(qhat1), tuple(qhat2), tuple(q1), tuple(q2), tuple(chi1), tuple(chi2),
                           tuple(qt1), tuple(qt2), alpha, k1, k2)
