"""Named quantities of the Fisher theory and their large-width formulas (spec/fisher.md F1–F10).

Symbols carry no assumptions on purpose: a statement such as ``kappa_2 >= 0`` must stay a statement
to be checked, not be simplified away by SymPy.

Order parameters: ``kappa1, kappa2, alpha``; sizes: ``C`` outputs, ``T`` inputs, ``M`` width, ``P``
exact parameter count; network parameters ``sigma_w2, sigma_b2``, depth ``L``.  Measured statistics of
one network (``m_lambda``, ``s_lambda``, ``lambda_max`` ...) are plain symbols too: a check supplies
their simulated values.
"""
from __future__ import annotations

import sympy as sp

kappa1, kappa2, alpha = sp.symbols("kappa_1 kappa_2 alpha")
C, T, M, P, L = sp.symbols("C T M P L")
sigma_w2, sigma_b2 = sp.symbols("sigma_w^2 sigma_b^2")
chi, chi1_star = sp.symbols("chi chi_1^*")

# measured statistics (spec §1.3, §2.2)
m_lambda, s_lambda, lambda_max = sp.symbols("m_lambda s_lambda lambda_max")
lambda_out, bulk_mean, lambda_max_c = sp.symbols(r"\bar{lambda}_out lambda_bulk lambda_max^c")

#: F3b: mean eigenvalue, m_lambda -> kappa_1 C / M
m_lambda_limit = kappa1 * C / M
#: F3b finite-width normalisation kappa_1 C alpha M / P (removes the known O(1/M) term)
m_lambda_P = kappa1 * C * alpha * M / P
#: F4b: second moment at finite T
s_lambda_limit = alpha * C * ((1 - 1 / T) * kappa2**2 + kappa1**2 / T)
#: F5b: outlier level per unit width, lambda_max / M
outlier_level = alpha * ((1 - 1 / T) * kappa2 + kappa1 / T)
#: F5b: largest eigenvalue
lambda_max_limit = M * outlier_level
#: F5b: bulk level per unit width
bulk_level = alpha * (kappa1 - kappa2) / T
#: F7d: learning-rate threshold
eta_c_limit = 2 / lambda_max_limit
