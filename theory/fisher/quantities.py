"""Named quantities of the Fisher theory and their large-width formulas (spec/fisher.md F1–F10).

Symbols carry no assumptions on purpose: a statement such as ``kappa_2 >= 0`` must stay a statement
to be checked, not be simplified away by SymPy.

Order parameters: ``kappa1, kappa2, alpha``; sizes: ``C`` outputs, ``T`` inputs, ``M`` width, ``P``
exact parameter count; network parameters ``sigma_w2, sigma_b2`` (the claims' ``Param`` names: one
spelling from the claim to ``sloppy eval``), depth ``L``.  Measured statistics of one network
(``m_lambda``, ``s_lambda``, ``lambda_max`` ...) are quantities with a typeset definition and the estimator
that measures them (``MEASURED``): a check supplies their simulated values.

The large-width levels of F4b and F5b are :class:`~theory.quantity.Quantity` objects with SymPy definitions
in the order parameters (``S_INF``, ``OUTLIER``, ``BULK``); the order parameters themselves are defined by
the F1a recursion (``KAPPA1``, ``KAPPA2``, ``ALPHA``: typeset, with their estimator).
"""
from __future__ import annotations

import sympy as sp

from ..quantity import Quantity

kappa1, kappa2, alpha = sp.symbols("kappa_1 kappa_2 alpha")
C, T, M, P, L = sp.symbols("C T M P L")
sigma_w2, sigma_b2 = sp.symbols("sigma_w2 sigma_b2")
chi, chi1_star = sp.symbols("chi chi_1^*")

# measured statistics (spec §1.3, §2.2)
m_lambda, s_lambda, lambda_max = sp.symbols("m_lambda s_lambda lambda_max")
lambda_out, bulk_mean, lambda_max_c = sp.symbols(r"\bar{lambda}_out lambda_bulk lambda_max^c")

# ---------------------------------------------------------------- order parameters (F1a)
_OP = "sloppy_verifier.verify.hp.fisher.order_parameters"
KAPPA1 = Quantity(kappa1.name, r"\kappa_1", "diagonal order parameter: large-width NTK diagonal per unit alpha M",
                  typeset=r"\kappa_1 = \frac{1}{\alpha}\sum_{l=1}^{L} \alpha_{l-1}\,\tilde{q}^{\,l}_1\,\hat{q}^{\,l-1}_1",
                  estimator=_OP + " (kappa1)")
KAPPA2 = Quantity(kappa2.name, r"\kappa_2", "off-diagonal order parameter: large-width NTK off-diagonal per unit alpha M",
                  typeset=r"\kappa_2 = \frac{1}{\alpha}\sum_{l=1}^{L} \alpha_{l-1}\,\tilde{q}^{\,l}_2\,\hat{q}^{\,l-1}_2",
                  estimator=_OP + " (kappa2)")
ALPHA = Quantity(alpha.name, r"\alpha", "width factor of the parameter count, P ~ alpha M^2",
                 typeset=r"\alpha = \sum_{l=1}^{L-1} \alpha_l\,\alpha_{l-1}", estimator=_OP + " (alpha)")
ORDER = (KAPPA1, KAPPA2, ALPHA)

# ---------------------------------------------------------------- sizes of a network (where they are not parameters)
_CFG = "sloppy_verifier.verify.checks.fisher_sim.CONFIGS"
SIZE_C = Quantity(C.name, "C", "number of network outputs", typeset=r"C = \dim f(x)", estimator=_CFG)
SIZE_T = Quantity(T.name, "T", "number of inputs", typeset=r"T = \#\{x_1, \dots, x_T\}", estimator=_CFG)
SIZE_P = Quantity(P.name, "P", "number of weights", typeset=r"P = \sum_{l=1}^{L} M_l M_{l-1}",
                  estimator="sloppy_verifier.verify.simulate.fim.param_count")
SIZES = (SIZE_C, SIZE_T, SIZE_P)

# ---------------------------------------------------------------- large-width levels (F4b, F5b)
S_INF = Quantity(r"s_\infty", r"s_\infty", "large-width limit of the second moment s_lambda (F4b)",
                 definition=alpha * C * ((1 - 1 / T) * kappa2**2 + kappa1**2 / T), uses=ORDER + SIZES[:2])
OUTLIER = Quantity(r"\ell_{\mathrm{out}}", r"\ell_{\mathrm{out}}", "outlier eigenvalue level per unit width (F5b)",
                   definition=alpha * ((1 - 1 / T) * kappa2 + kappa1 / T), uses=ORDER + SIZES[1:2])
BULK = Quantity(r"\ell_{\mathrm{bulk}}", r"\ell_{\mathrm{bulk}}", "bulk eigenvalue level per unit width (F5b)",
                definition=alpha * (kappa1 - kappa2) / T, uses=ORDER + SIZES[1:2])

# ---------------------------------------------------------------- measured statistics of one network (spec §1.3)
_FS = "sloppy_verifier.verify.simulate.fim.fim_statistics"
#: the FIM as a sum over inputs and outputs of outer products of output gradients (spec §1.3)
FIM = r"F = \frac{1}{T}\sum_{t=1}^{T}\sum_{k=1}^{C} \nabla_\theta f_k(x_t)\,\nabla_\theta {f_k(x_t)}^{\top}"
_GBAR = r"\bar{g}_k = \frac{1}{T}\sum_{t} \nabla_\theta f_k(x_t)"
trF, xbar2, E_trF = sp.symbols(r"\operatorname{tr}F \bar{x^2} \mathbb{E}[\operatorname{tr}F|X]")
TR_F = Quantity(trF.name, trF.name, "trace of the Fisher information matrix of one network",
                typeset=r"\operatorname{tr}F = \sum_{i=1}^{P} F_{ii},\ " + FIM,
                estimator="sloppy_verifier.verify.checks.fisher_sim._trace_env")
M_LAMBDA = Quantity(m_lambda.name, r"m_\lambda", "mean eigenvalue of the FIM",
                    typeset=r"m_\lambda = \frac{1}{P}\sum_{i=1}^{P}\lambda_i(F) = \frac{\operatorname{tr}F}{P}",
                    estimator=_FS + " (m)")
S_LAMBDA = Quantity(s_lambda.name, r"s_\lambda", "second moment of the FIM's eigenvalues",
                    typeset=r"s_\lambda = \frac{1}{P}\sum_{i=1}^{P}{\lambda_i(F)}^2 = \frac{\|F\|_F^2}{P}",
                    estimator=_FS + " (s)")
LAMBDA_MAX = Quantity(lambda_max.name, r"\lambda_{\max}", "largest eigenvalue of the FIM",
                      typeset=r"\lambda_{\max} = \max_i \lambda_i(F)", estimator=_FS + " (lambda_max)")
LAMBDA_OUT = Quantity(lambda_out.name, r"\bar{\lambda}_{\mathrm{out}}",
                      "outlier Rayleigh quotient: mean squared norm of the input-averaged output gradients",
                      typeset=r"\bar{\lambda}_{\mathrm{out}} = \frac{1}{C}\sum_{k=1}^{C}\|\bar{g}_k\|^2,\ " + _GBAR,
                      estimator=_FS + " (outlier_rq)")
BULK_MEAN = Quantity(bulk_mean.name, r"\lambda_{\mathrm{bulk}}", "mean of the FIM's bulk eigenvalues C+1..CT",
                     typeset=r"\lambda_{\mathrm{bulk}} = \frac{1}{CT - C}\sum_{i=C+1}^{CT}\lambda_i(F)"
                             r",\ \lambda_1 \ge \lambda_2 \ge \dots",
                     estimator=_FS + " (bulk_mean)")
LAMBDA_MAX_C = Quantity(lambda_max_c.name, r"\lambda_{\max}^{c}", "largest eigenvalue of the mean-subtracted FIM",
                        typeset=r"\lambda_{\max}^{c} = \lambda_{\max}(F_c),\ F_c = F - \sum_{k=1}^{C} "
                                r"\bar{g}_k\bar{g}_k^{\top},\ " + _GBAR,
                        estimator="sloppy_verifier.verify.simulate.fim.centred")
CHI = Quantity(chi.name, r"\chi", "per-layer gain of the AB-ReLU family (a = 0: ReLU, a = 1: linear)",
               typeset=r"\chi = \sigma_w^2\,\mathbb{E}[{\phi'(u)}^2] = \sigma_w^2 (1 + a^2)/2",
               estimator="sloppy_verifier.theory.fisher.kernels.chi_homogeneous")
CHI1_STAR = Quantity(chi1_star.name, r"\chi_1^*", "slope of the variance map at its fixed point q^*",
                     typeset=r"\chi_1^* = \sigma_w^2\,\mathbb{E}_{u \sim N(0, q^*)}[{\phi'(u)}^2],\ "
                             r"q^* = \sigma_w^2\,\mathbb{E}_{u \sim N(0, q^*)}[{\phi(u)}^2] + \sigma_b^2",
                     estimator="sloppy_verifier.verify.hp.criticality.chi1")
XBAR2 = Quantity(xbar2.name, r"\bar{x^2}", "mean squared input norm per input dimension",
                 typeset=r"\bar{x^2} = \frac{1}{T}\sum_{t=1}^{T}\frac{\|x_t\|^2}{M_0}",
                 estimator="sloppy_verifier.verify.checks.fisher_mc._homogeneous_mc")
E_TR_F = Quantity(E_trF.name, E_trF.name, "expected FIM trace over the weights, at fixed inputs",
                  typeset=r"\mathbb{E}[\operatorname{tr}F|X] = \mathbb{E}_\theta \operatorname{tr}F(\theta; x_1, \dots, x_T)",
                  estimator="sloppy_verifier.verify.simulate.fim.batched_trace_mc")
#: measured statistics: a claim whose statement uses one of them declares it (``claims._claim``)
MEASURED = (TR_F, M_LAMBDA, S_LAMBDA, LAMBDA_MAX, LAMBDA_OUT, BULK_MEAN, LAMBDA_MAX_C, CHI, CHI1_STAR, XBAR2, E_TR_F)

#: F3b: mean eigenvalue, m_lambda -> kappa_1 C / M
m_lambda_limit = kappa1 * C / M
#: F3b finite-width normalisation kappa_1 C alpha M / P (removes the known O(1/M) term)
m_lambda_P = kappa1 * C * alpha * M / P
#: F5b: largest eigenvalue, M times the outlier level
lambda_max_limit = M * OUTLIER.symbol
#: F7a: learning-rate threshold of GD on the quadratic loss with largest eigenvalue lambda_max
eta_c_gd = 2 / lambda_max
#: F7d: learning-rate threshold
eta_c_limit = 2 / lambda_max_limit
