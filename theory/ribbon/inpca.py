"""Claims S8–S13 of spec/sloppiness.md ("C. inPCA facts"), one ``Claim`` per sub-claim, listed in ``CLAIMS``.

Statements relate named quantities that the checks compute from logits (``verify.ribbon``): inPCA eigenvalues
``μ``, singular values ``s`` of the centred logits, entries of ``W = −½ΠDΠ``, residual stresses ``R_k``.
All are the project's own formulation [P] (spec preamble): provenance says so.
"""
from __future__ import annotations

from dataclasses import replace

import sympy as sp

from ..claim import Choice, Claim, Interval, IntRange, Kind, Param, Provenance, Step, StepCheck, Tag
from ..quantity import Quantity, measured
from .distances import D_B_BERNOULLI

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational
S = sp.Symbol


def _prov(tag: str) -> Provenance:
    return Provenance(tags=(Tag.P,), source=f"spec/sloppiness.md {tag} (project formulation [P]); "
                      "context: Mao et al., arXiv:2505.08915",
                      note="Project formulation: the paper's body was not available; statement and proof are the "
                           "spec's own derivation, checked numerically.")


_V = "sloppy_verifier.verify."
_CHK = _V + "checks.ribbon_inpca."
_INPCA = _V + "ribbon.inpca.inpca"


#: the inPCA matrix of a distance matrix D (spec §1.6) and the Gaussian-output intensive distances (S3, S4)
_W = r"W = -\tfrac{1}{2}\Pi_m D \Pi_m,\ \Pi_m = I_m - \tfrac{1}{m}\mathbf{1}\mathbf{1}^{\top}"
_D_GAUSS = r"D_{ij} = \frac{\|Z_i - Z_j\|_F^2}{8\sigma^2 N}"
_R = r"{\Big(\sum_{i>k} \mu_i^2 \Big/ \sum_i \mu_i^2\Big)}^{1/2}"
_BY_ABS = r",\ |\mu_1| \ge |\mu_2| \ge \dots \text{ the eigenvalues of } W"


def lc(x):
    """``log cosh x``."""
    return sp.log(sp.cosh(x))


# ---------------------------------------------------------------- shared symbols and domains
sigma, N, m, C, k = S("sigma"), S("N"), S("m"), S("C"), S("k")
mu_i, s_i = S("mu_i"), S("s_i")
MU_I = measured("mu_i", r"\mu_i", "inPCA eigenvalues of the Gaussian-output models, in decreasing order",
                 r"\mu_i = \lambda_i(W),\ " + _W + r",\ " + _D_GAUSS, _INPCA)
S_I = measured("s_i", "s_i", "singular values of the centred stacked logits, in decreasing order, zeros appended up to m",
                r"s_i = {\lambda_i\big(\Pi_m Z_{\mathrm{stack}} Z_{\mathrm{stack}}^{\top} \Pi_m\big)}^{1/2},\ "
                r"Z_{\mathrm{stack}} = {[\operatorname{vec} Z_1, \dots, \operatorname{vec} Z_m]}^{\top} "
                r"\in \mathbb{R}^{m \times NC}", _CHK + "_s8_eigs")
SEED = Param("seed", IntRange(0, 10**6), "random configuration")
#: residual stress of the inPCA matrix W (spec §1.6; S8 and S12)
R_K = measured("R_k", "R_k", "residual stress of W left by its k eigenpairs of largest modulus",
                "R_k = " + _R + _BY_ABS, _V + "ribbon.inpca.stress")
#: one object per parameter name; a claim with a narrower domain takes ``replace(P, domain=...)`` of it (see
#: ``theory.ribbon.distances``), so a check binds every claim's ``m`` (say) by the one ``M_S8``
M_S8 = Param("m", IntRange(2, 40), "models")
N_S8 = Param("N", IntRange(1, 50), "samples")
C_S8 = Param("C", IntRange(1, 4), "outputs per sample")
SCALE = Param("scale", Interval(R_(1, 100), 10), "logit scale")
SIG = Param("sigma", Interval(R_(1, 100), 100), "Gaussian output noise")
GAUSS = (M_S8, N_S8, C_S8, SCALE, SIG, SEED)
RANK_K = Param("k", IntRange(0, 30), "rank")
KIND = Param("kind", Choice(("symmetric", "psd", "low_rank", "gaussian_inpca", "bernoulli_inpca")),
             "test matrix family")
SYM = (replace(M_S8, domain=IntRange(2, 30), description="matrix size"), KIND, SEED)


# ================================================================ S8
def _s8_steps():
    """m = 3 models, N·C = 2 coordinates: −½ΠDΠ with D_ij = ‖ζ_i − ζ_j‖²/(8σ²N) equals ΠZZᵀΠ/(8σ²N)."""
    z = sp.Matrix(3, 2, sp.symbols("z0:6"))
    D = sp.Matrix(3, 3, lambda i, j: sum((z[i, c] - z[j, c]) ** 2 for c in range(2)) / (8 * sigma**2 * N))
    P = sp.eye(3) - sp.ones(3, 3) / 3
    m, nc = sp.symbols("m NC")
    Pi, Dm, Z = sp.MatrixSymbol("Pi", m, m), sp.MatrixSymbol("D", m, m), sp.MatrixSymbol("Z", m, nc)
    return (Step(sp.Eq(-P * D * P / 2, P * z * z.T * P / (8 * sigma**2 * N)),
                 "D = (g1ᵀ + 1gᵀ − 2G)/(8σ²N), G = ZZᵀ, and Π(g1ᵀ)Π = 0 (m = 3, NC = 2, symbolic logits)",
                 display=sp.Eq(-Pi * Dm * Pi / 2, Pi * Z * Z.T * Pi / (8 * sigma**2 * N))),
            Step(sp.Eq(mu_i, s_i**2 / (8 * sigma**2 * N)),
                 "eigenvalues of ΠZZᵀΠ are the squared singular values of ΠZ", StepCheck.DEFINITION))


CLAIMS.append(Claim(id="ribbon.inpca_gaussian_eigenvalues", tag="S8", kind=Kind.EXACT,
                    title="Gaussian output: inPCA eigenvalues are s_i^2/(8 sigma^2 N), s_i the singular values of the centred logits",
                    statement=sp.Eq(mu_i, s_i**2 / (8 * sigma**2 * N)), parameters=GAUSS, derivation=_s8_steps, quantities=(MU_I, S_I),
                    assumptions=("Gaussian output N(z, σ² I_C) (S3)", "μ_i and s_i paired in decreasing order"),
                    provenance=_prov("S8")))
mu_min, mu_1 = S("mu_min"), S("mu_1")
MU_MIN = measured("mu_min", r"\mu_{\min}", "smallest inPCA eigenvalue of the Gaussian-output models",
                   r"\mu_{\min} = \min_i \lambda_i(W),\ " + _W + r",\ " + _D_GAUSS, _INPCA)
CLAIMS.append(Claim(id="ribbon.inpca_gaussian_psd", tag="S8", kind=Kind.INEQ,
                    title="Gaussian output: W is positive semidefinite (no time-like directions)",
                    statement=sp.Ge(mu_min, 0), parameters=GAUSS, derivation=_s8_steps, quantities=(MU_MIN,),
                    assumptions=("float64 acceptance: μ_min ≥ −1e-10·μ_1 (spec numerical conventions)",), provenance=_prov("S8")))
rank = S("rank")
RANK = measured("rank", r"\operatorname{rank} W", "numerical rank of the Gaussian-output inPCA matrix",
                 r"\operatorname{rank} W = \#\{i : |\mu_i| > 10^{-10} |\mu_1|\},\ \mu_i = \lambda_i(W),\ "
                 + _W + r",\ " + _D_GAUSS, _CHK + "_s8_rank")
CLAIMS.append(Claim(id="ribbon.inpca_gaussian_rank", tag="S8", kind=Kind.INEQ,
                    title="Gaussian output: rank W <= min(m - 1, N C)",
                    statement=sp.Le(rank, sp.Min(m - 1, N * C)), parameters=GAUSS, quantities=(RANK,),
                    assumptions=("numerical rank: eigenvalues with |μ| > 1e-10·μ_1",), provenance=_prov("S8")))
ES_k, ES_k_moved = S("ES_k"), S("ES_k_moved")
ES_K = Quantity("ES_k", "ES_k", "explained stress of the first k inPCA components", definition=1 - R_K.symbol,
                uses=(R_K,))
ES_K_MOVED = measured("ES_k_moved", "ES_k'", "explained stress after a common translation of the logits and a new noise",
                       r"ES_k' = ES_k\big|_{Z_i \to Z_i + c,\ \sigma \to \gamma\sigma},\ c \in \mathbb{R}^{N \times C},\ "
                       r"\gamma \in [1/10, 10]", _CHK + "_s8_es")
CLAIMS.append(Claim(id="ribbon.inpca_gaussian_es_invariance", tag="S8", kind=Kind.EXACT,
                    title="Gaussian output: ES_k is invariant to sigma and to a common translation of all logits",
                    statement=sp.Eq(ES_k_moved, ES_k),
                    parameters=GAUSS + (replace(RANK_K, domain=IntRange(1, 5), description="components"),),
                    quantities=(ES_K, ES_K_MOVED),
                    assumptions=("ES_k_moved: logits + common offset c ∈ ℝ^{N×C}, noise σ·γ with γ ∈ [1/10, 10]",),
                    provenance=_prov("S8")))


# ================================================================ S9
W_ij, PMP_ij = S("W_ij"), S("PMP_ij")
a, b, y, dB = S("a"), S("b"), S("y"), S("d_B")
W_IJ = measured("W_ij", "W_{ij}", "entries of the inPCA matrix of the distance matrix D",
                 r"W_{ij} = {\big(-\tfrac{1}{2}\Pi_m D \Pi_m\big)}_{ij},\ "
                 r"D_{ij} = \frac{1}{N}\sum_{n=1}^{N} d_B\big(p(z_{i,n}), p(z_{j,n})\big)", _V + "ribbon.inpca.double_centre")
PMP_IJ = measured("PMP_ij", r"{(\Pi_m M \Pi_m)}_{ij}", "entries of the double-centred midpoint log-partition kernel",
                   r"{(\Pi_m M \Pi_m)}_{ij} = M_{ij} - \frac{1}{m}\sum_{l} (M_{il} + M_{lj}) + \frac{1}{m^2}\sum_{l,l'} M_{ll'},\ "
                   r"M_{ij} = \frac{1}{N}\sum_{n=1}^{N} F\big(\tfrac{1}{2}(z_{i,n} + z_{j,n})\big),\ "
                   r"F \in \{\tfrac{1}{2}\|z\|^2, \log(1 + e^z), \operatorname{LSE}(z)\}", _CHK + "_s9_matrix")


LOGIT_A = Param("a", Interval(-60, 60), "logit")
LOGIT_B = Param("b", Interval(-60, 60), "logit")
MODEL = Param("model", Choice(("gaussian", "bernoulli", "softmax")), "output model")


def softplus(x):
    return sp.log(1 + sp.exp(x))


def _s9_steps():
    u = sp.symbols("u0:3")
    P = sp.eye(3) - sp.ones(3, 3) / 3
    Umat = sp.Matrix(3, 3, lambda i, j: u[i] + u[j])
    L = sp.Function("L")
    gauss_F = lambda x: x**2 / (2 * sigma**2)  # noqa: E731
    return (
        Step(sp.Eq(gauss_F(a) / 2 + gauss_F(b) / 2 - gauss_F((a + b) / 2), (a - b) ** 2 / (8 * sigma**2)),
             "Gaussian: Jensen gap of F = z²/(2σ²) is (a−b)²/(8σ²) (S3)"),
        Step(sp.Eq(1 + sp.exp(a), (2 * sp.exp(a / 2) * sp.cosh(a / 2)).rewrite(sp.exp)),
             "softplus(a) = a/2 + log 2 + log cosh(a/2)"),
        Step(sp.Eq((a / 2 + sp.log(2) + L(a / 2)) / 2 + (b / 2 + sp.log(2) + L(b / 2)) / 2
                   - ((a + b) / 4 + sp.log(2) + L((a + b) / 4)), L(a / 2) / 2 + L(b / 2) / 2 - L((a + b) / 4)),
             "Bernoulli: the linear terms cancel, so the softplus Jensen gap is the log-cosh form of S5"),
        Step(sp.Eq(P * Umat * P, sp.zeros(3, 3)), "Π(u1ᵀ + 1uᵀ)Π = 0: the self terms vanish under centring (m = 3)"),
    )


CLAIMS.append(Claim(id="ribbon.jensen_gap_bernoulli", tag="S9", kind=Kind.EXACT,
                    title="Bernoulli d_B (definition) = Jensen gap of F(z) = log(1 + e^z)",
                    statement=sp.Eq(dB, softplus(a) / 2 + softplus(b) / 2 - softplus((a + b) / 2)),
                    parameters=(LOGIT_A, LOGIT_B),
                    derivation=_s9_steps, quantities=(D_B_BERNOULLI,), provenance=_prov("S9")))
CLAIMS.append(Claim(id="ribbon.inpca_jensen_gap", tag="S9", kind=Kind.EXACT,
                    title="inPCA matrix = half the double-centred midpoint log-partition kernel",
                    statement=sp.Eq(W_ij, PMP_ij / 2), quantities=(W_IJ, PMP_IJ),
                    parameters=(MODEL, replace(M_S8, domain=IntRange(2, 15)), replace(N_S8, domain=IntRange(1, 10)),
                                replace(C_S8, domain=IntRange(2, 5), description="classes (softmax)"), SEED),
                    derivation=_s9_steps,
                    assumptions=("M_ij = (1/N) Σ_n F((z_i,n + z_j,n)/2), F = LSE / log(1+e^z) / ‖z‖²/(2σ²)",
                    "float64 acceptance |W − ½ΠMΠ|_max ≤ 1e-10·max(1, max|M|)"),
                    provenance=_prov("S9")))


# ================================================================ S10
mu_p, mu_m, mu_0 = S("mu_plus"), S("mu_minus"), S("mu_0")
_THREE = (r",\ W = -\tfrac{1}{2}\Pi_3 D \Pi_3,\ D_{ij} = d_B(z_i, z_j) \text{ (Bernoulli)},\ "
          r"(z_1, z_2, z_3) = (-a, 0, a)")
MU_PLUS, MU_MINUS, MU_0 = (
    measured(name, tex, f"inPCA eigenvalue of the three Bernoulli models on the direction {d}",
              tex + r" = \frac{q^{\top} W q}{q^{\top} q} \text{ with } W q \parallel q,\ q = " + d + _THREE,
              _CHK + "_three")
    for name, tex, d in (("mu_plus", r"\mu_+", "(1, 0, -1)"), ("mu_minus", r"\mu_-", "(1, -2, 1)"),
                         ("mu_0", r"\mu_0", "(1, 1, 1)")))
A_S10 = (replace(LOGIT_A, domain=Interval(0, 50, open_lo=True), description="logit spread"),)


def _s10_steps():
    u, w = S("u"), S("w")
    D = sp.Matrix([[0, u, w], [u, 0, u], [w, u, 0]])
    P = sp.eye(3) - sp.ones(3, 3) / 3
    W = -P * D * P / 2
    v1, v2, one = sp.Matrix([1, 0, -1]), sp.Matrix([1, -2, 1]), sp.ones(3, 1)
    bern = lambda p, q: lc(p / 2) / 2 + lc(q / 2) / 2 - lc((p + q) / 4)  # noqa: E731
    return (
        Step(sp.Eq(bern(-a, 0), lc(a / 2) / 2 - lc(a / 4)), "D_12 = D_23 = u (S5, cosh even)"),
        Step(sp.Eq(bern(-a, a), lc(a / 2)), "D_13 = w (S5)"),
        Step(sp.Eq(W * v1, w / 2 * v1), "q ∝ (1,0,−1): eigenvalue w/2"),
        Step(sp.Eq(W * v2, (4 * u - w) / 6 * v2), "q ∝ (1,−2,1): eigenvalue (4u − w)/6"),
        Step(sp.Eq(W * one, sp.zeros(3, 1)), "q ∝ 1: eigenvalue 0"),
        Step(sp.Eq(sp.diff(4 * lc(y) - lc(2 * y), y).rewrite(sp.exp),
                   (4 * sp.tanh(y) ** 3 / (1 + sp.tanh(y) ** 2)).rewrite(sp.exp)),
             "φ(y) = 4 log cosh y − log cosh 2y has φ' = 4tanh³y/(1+tanh²y) > 0 for y > 0, φ(0) = 0, φ even: μ_- < 0"),
    )


CLAIMS.append(Claim(id="ribbon.bernoulli_three_logits_eigenvalues", tag="S10", kind=Kind.EXACT,
                    title="Bernoulli, logits (-a, 0, a): inPCA eigenvalues in closed form",
                    statement=sp.And(sp.Eq(mu_p, lc(a / 2) / 2), sp.Eq(mu_m, (lc(a / 2) - 4 * lc(a / 4)) / 6), sp.Eq(mu_0, 0)),
                    parameters=A_S10, derivation=_s10_steps, quantities=(MU_PLUS, MU_MINUS, MU_0),
                    assumptions=("N = 1 sample; μ_+ (resp. μ_-) the eigenvalue on (1,0,−1) (resp. (1,−2,1)), μ_0 on 1",),
                    provenance=_prov("S10")))
CLAIMS.append(Claim(id="ribbon.bernoulli_timelike", tag="S10", kind=Kind.INEQ,
                    title="Bernoulli, logits (-a, 0, a): a negative (time-like) inPCA eigenvalue for every a != 0",
                    statement=sp.Lt(mu_m, 0), parameters=A_S10, derivation=_s10_steps, quantities=(MU_MINUS,), provenance=_prov("S10")))


# ================================================================ S11
eps, dW = S("epsilon"), S("Delta_W")
DELTA_W = measured("Delta_W", r"\|W - W_{\mathrm{lin}}\|_2",
                    "spectral-norm distance of the Bernoulli inPCA matrix from its metric-weighted linearisation",
                    r"\|W - W_{\mathrm{lin}}\|_2 = \max_i |\lambda_i(W - W_{\mathrm{lin}})|,\ "
                    r"W_{\mathrm{lin}} = -\tfrac{1}{2}\Pi_m D^{\mathrm{lin}} \Pi_m,\ "
                    r"D^{\mathrm{lin}}_{ij} = \frac{1}{8N}{(z_i - z_j)}^{\top} V (z_i - z_j),\ "
                    r"V = \operatorname{diag} v(\bar{z}_n),\ v = p(1 - p)", _CHK + "_s11")
REF_SCALE = Param("s", Choice((R_(1, 2), 2, 5)), "reference logit scale")
EPSILON = Param("epsilon", Interval(R_(1, 1000), 3), "separation")
CLAIMS.append(Claim(id="ribbon.bernoulli_small_separation", tag="S11", kind=Kind.INEQ,
                    title="Bernoulli: ||W - W_lin||_2 <= (m/2)(eps^3/(12 sqrt 3) + eps^4/192)",
                    statement=sp.Le(dW, m / 2 * (eps**3 / (12 * sp.sqrt(3)) + eps**4 / 192)),
                    parameters=(replace(M_S8, domain=IntRange(2, 25)), replace(N_S8, domain=IntRange(1, 20)),
                                REF_SCALE, EPSILON, SEED),
                    derivation=lambda: (
                         Step(sp.Eq((lambda p: p * (1 - p) * (1 - 2 * p))((3 - sp.sqrt(3)) / 6), 1 / (6 * sp.sqrt(3))),
                "sup |v'| = 1/(6√3), v' = p(1−p)(1−2p) at p = (3−√3)/6"),
                         Step(sp.Eq(S("E_max"), eps * (2 * eps) ** 2 / (8 * 6 * sp.sqrt(3)) + (2 * eps) ** 4 / 3072),
                "entrywise: |v(m)−v(z̄)|δ²/8 + δ⁴/3072 with |δ| ≤ 2ε (S6)", StepCheck.DEFINITION),
                         Step(sp.Eq(eps * (2 * eps) ** 2 / (48 * sp.sqrt(3)) + (2 * eps) ** 4 / 3072,
                      eps**3 / (12 * sp.sqrt(3)) + eps**4 / 192), "the entry bound in closed form"),
                         Step(sp.true, "‖ΠEΠ‖_2 ≤ ‖E‖_2 ≤ m max|E_ij|, and W − W_lin = −½Π(D − D_lin)Π", StepCheck.CITED)),
                    quantities=(DELTA_W,),
                    assumptions=("max_{i,n}|z_i,n − z̄_n| ≤ ε", "W_lin: inPCA of (1/8N)(z_i−z_j)ᵀV(z_i−z_j), V = diag v(z̄)"),
                    provenance=_prov("S11")))


# ================================================================ S12
R_k, R_k1, E_k, W_F = S("R_k"), S("R_k1"), S("E_k"), S("W_F")
_WK = r",\ W_{[k]} = \sum_{i \le k} \mu_i q_i q_i^{\top}" + _BY_ABS + r",\ q_i \text{ orthonormal eigenvectors}"
R_K1 = measured("R_k1", "R_{k+1}", "residual stress of W left by its k + 1 eigenpairs of largest modulus",
                 r"R_{k+1} = {\Big(\sum_{i>k+1} \mu_i^2 \Big/ \sum_i \mu_i^2\Big)}^{1/2}" + _BY_ABS,
                 _V + "ribbon.inpca.stress")
E_K = measured("E_k", r"\|W - W_{[k]}\|_F", "Frobenius distance of W from its truncation to the k eigenpairs of largest modulus",
                r"\|W - W_{[k]}\|_F = {\Big(\sum_{i,j} {\big(W - W_{[k]}\big)}_{ij}^2\Big)}^{1/2}" + _WK, _CHK + "_s12_ey")
W_FRO = measured("W_F", r"\|W\|_F", "Frobenius norm of W", r"\|W\|_F = {\Big(\sum_{i,j} W_{ij}^2\Big)}^{1/2}",
                  _CHK + "_s12_ey")
CLAIMS.append(Claim(id="ribbon.residual_stress_eckart_young", tag="S12a", kind=Kind.EXACT,
                    title="R_k (tail sum of eigenvalues) = ||W - W_[k]||_F / ||W||_F",
                    statement=sp.Eq(R_k, E_k / W_F), parameters=SYM + (RANK_K,),
                    quantities=(R_K, E_K, W_FRO),
                    derivation=(Step(sp.true, "Eckart–Young–Mirsky for symmetric W (largest |μ| kept)", StepCheck.CITED),),
                    provenance=_prov("S12(a)")))
CLAIMS.append(Claim(id="ribbon.residual_stress_monotone", tag="S12a", kind=Kind.INEQ,
                    title="0 <= R_{k+1} <= R_k <= 1",
                    statement=sp.And(sp.Le(0, R_k1), sp.Le(R_k1, R_k), sp.Le(R_k, 1)),
                    parameters=SYM + (replace(RANK_K, domain=IntRange(0, 29)),), quantities=(R_K, R_K1),
                    provenance=_prov("S12(a)")))
rank_W, R_c = S("rank_W"), S("R_k_scaled")
R_RANK = measured("R_rank", r"R_{\operatorname{rank} W}", "residual stress at k equal to the numerical rank of W",
                   r"R_{\operatorname{rank} W} = R_r,\ r = \#\{i : |\mu_i| > 10^{-10} |\mu_1|\},\ R_k = " + _R + _BY_ABS,
                   _CHK + "_s12_rank")
R_SCALED = measured("R_k_scaled", "R_k(cW)", "residual stress of W multiplied by the nonzero scale c",
                     r"R_k(cW) = {\Big(\sum_{i>k} \nu_i^2 \Big/ \sum_i \nu_i^2\Big)}^{1/2},\ "
                     r"|\nu_1| \ge |\nu_2| \ge \dots \text{ the eigenvalues of } cW", _CHK + "_s12_scale")
CLAIMS.append(Claim(id="ribbon.residual_stress_rank", tag="S12a", kind=Kind.EXACT,
                    title="R_k = 0 for k >= rank W",
                    statement=sp.Eq(S("R_rank"), 0), parameters=SYM, quantities=(R_RANK,),
                    assumptions=("R_rank = R_k at k = numerical rank (|μ| > 1e-10·|μ_1|); float64 acceptance 1e-7",),
                    provenance=_prov("S12(a)")))
SCALE_C = Param("c", Interval(-1000, 1000), "scale (nonzero)")
CLAIMS.append(Claim(id="ribbon.residual_stress_scale", tag="S12a", kind=Kind.EXACT,
                    title="R_k(cW) = R_k(W) for c != 0",
                    statement=sp.Eq(R_c, R_k), parameters=SYM + (RANK_K, SCALE_C),
                    quantities=(R_SCALED, R_K),
                    provenance=_prov("S12(a)")))
dR, delta = S("Delta_R"), S("delta")
_PERT = r",\ W' = W + E,\ E = E^{\top}"
DELTA_R = measured("Delta_R", r"|R_k(W') - R_k(W)|", "change of the residual stress under a symmetric perturbation of W",
                    r"|R_k(W') - R_k(W)|,\ R_k = " + _R + _PERT, _CHK + "_s12_pert")
DELTA_SIZE = measured("delta", r"\delta", "Frobenius norm of the perturbation", r"\delta = \|W' - W\|_F" + _PERT,
                       _CHK + "_s12_pert")
PERT_SIZE = Param("size", Interval(R_(1, 10**6), 1), "δ/‖W‖_F")
CLAIMS.append(Claim(id="ribbon.residual_stress_perturbation", tag="S12b", kind=Kind.INEQ,
                    title="|R_k(W') - R_k(W)| <= 2 delta / (||W||_F - delta), delta = ||W' - W||_F < ||W||_F",
                    statement=sp.Le(dR, 2 * delta / (W_F - delta)), quantities=(DELTA_R, DELTA_SIZE, W_FRO),
                    parameters=SYM + (RANK_K, PERT_SIZE),
                    derivation=(Step(sp.true, "W ↦ dist_F(W, rank ≤ k) is 1-Lipschitz; num ≤ den", StepCheck.CITED),),
                    provenance=_prov("S12(b)")))
D_ij, W_ii, W_jj = S("D_ij"), S("W_ii"), S("W_jj")
D_IJ = measured("D_ij", "D_{ij}", "entries of the symmetric zero-diagonal test matrix D",
                 r"D_{ij} = D_{ji},\ D_{ii} = 0,\ D_{ij} = {(A + A^{\top})}_{ij} \text{ for } i \ne j "
                 r"\text{ or } D_{ij} = \frac{1}{N}\sum_{n=1}^{N} d_B\big(p(z_{i,n}), p(z_{j,n})\big)", _CHK + "_test_D")
W_II, W_JJ = (measured(f"W_{x}{x}", f"W_{{{x}{x}}}", "diagonal entries of the inPCA matrix of D",
                        f"W_{{{x}{x}}} = " + r"{\big(-\tfrac{1}{2}\Pi_m D \Pi_m\big)}_{" + f"{x}{x}" + "}",
                        _V + "ribbon.inpca.double_centre") for x in "ij")


def _s12c_steps():
    d = sp.symbols("d01 d02 d12")
    D = sp.Matrix([[0, d[0], d[1]], [d[0], 0, d[2]], [d[1], d[2], 0]])
    P = sp.eye(3) - sp.ones(3, 3) / 3
    W = -P * D * P / 2
    return (Step(sp.Eq(sp.Matrix(3, 3, lambda i, j: W[i, i] + W[j, j] - 2 * W[i, j]), D),
                 "(ΠDΠ)_ij = D_ij − d̄_i − d̄_j + d̿ with zero diagonal (m = 3, symbolic D)"),)


CLAIMS.append(Claim(id="ribbon.explained_distance_centring", tag="S12c", kind=Kind.EXACT,
                    title="D_ij = W_ii + W_jj - 2 W_ij for symmetric zero-diagonal D",
                    statement=sp.Eq(D_ij, W_ii + W_jj - 2 * W_ij), parameters=SYM, derivation=_s12c_steps,
                    quantities=(D_IJ, W_II, W_JJ, W_IJ),
                    provenance=_prov("S12(c)")))
err2, trW, h1, bd2, WF2, h2 = S("err2"), S("trW"), S("head1"), S("bdiff2"), S("WF2"), S("head2")
_BK = r",\ b^{(k)} = \operatorname{diag} W_{[k]}" + _WK
ERR2, TR_W, HEAD1, BDIFF2, WF2_Q, HEAD2 = S12C = (
    measured("err2", r"\|D - D^{(k)}\|_F^2", "squared Frobenius error of the distances rebuilt from the k eigenpairs of largest modulus",
              r"\|D - D^{(k)}\|_F^2 = \sum_{i,j} {\big(D_{ij} - D^{(k)}_{ij}\big)}^2,\ "
              r"D^{(k)}_{ij} = b^{(k)}_i + b^{(k)}_j - 2{(W_{[k]})}_{ij}" + _BK, _CHK + "_s12_identity"),
    measured("trW", r"\operatorname{tr}W", "trace of W", r"\operatorname{tr}W = \sum_i W_{ii}", _CHK + "_s12_identity"),
    measured("head1", r"\sum_{i \le k}\mu_i", "sum of the k eigenvalues of W of largest modulus",
              r"\sum_{i \le k}\mu_i" + _BY_ABS, _CHK + "_s12_identity"),
    measured("bdiff2", r"\|b - b^{(k)}\|^2", "squared distance of the diagonal of W from that of its truncation to k eigenpairs",
              r"\|b - b^{(k)}\|^2 = \sum_i {\big(W_{ii} - {(W_{[k]})}_{ii}\big)}^2" + _BK, _CHK + "_s12_identity"),
    Quantity("WF2", r"\|W\|_F^2", "squared Frobenius norm of W", definition=W_F ** 2, uses=(W_FRO,)),
    measured("head2", r"\sum_{i \le k}\mu_i^2", "sum of the squares of the k eigenvalues of W of largest modulus",
              r"\sum_{i \le k}\mu_i^2" + _BY_ABS, _CHK + "_s12_identity"))
CLAIMS.append(Claim(id="ribbon.explained_distance_identity", tag="S12c", kind=Kind.EXACT,
                    title="||D - D^(k)||_F^2 = 2(tr W - sum mu)^2 + 2m||b - b^(k)||^2 + 4(||W||_F^2 - sum mu^2)",
                    statement=sp.Eq(err2, 2 * (trW - h1) ** 2 + 2 * m * bd2 + 4 * (WF2 - h2)),
                    parameters=SYM + (RANK_K,), derivation=_s12c_steps, quantities=S12C,
                    assumptions=("W_[k] keeps the k eigenpairs of largest |μ|; sums over those i ≤ k",),
                    provenance=_prov("S12(c)")))


# ================================================================ S13
mu_new_i, mu_new_i1 = S("mu_new_i"), S("mu_new_i1")
_ADDED = r",\ W' \text{ the inPCA matrix of the models } Z_1, \dots, Z_{m+1},\ " + _D_GAUSS
MU_NEW_I = measured("mu_new_i", r"\mu'_i", "inPCA eigenvalues after adding a model, in decreasing order",
                     r"\mu'_i = \lambda_i(W')" + _ADDED, _CHK + "_s13")
MU_NEW_I1 = measured("mu_new_i1", r"\mu'_{i+1}", "the next inPCA eigenvalue after adding a model",
                      r"\mu'_{i+1} = \lambda_{i+1}(W')" + _ADDED, _CHK + "_s13")


def _s13_steps():
    z = sp.symbols("x0:3")
    mean2 = (z[0] + z[1]) / 2
    mean3 = (z[0] + z[1] + z[2]) / 3
    scat = lambda pts, mu: sum((p - mu) ** 2 for p in pts)  # noqa: E731
    return (Step(sp.Eq(scat(z, mean3), scat(z[:2], mean2) + R_(2, 3) * (z[2] - mean2) ** 2),
                 "Welford: scatter_{m+1} = scatter_m + (m/(m+1))(ζ_{m+1} − ζ̄_m)² (m = 2, one coordinate)"),
            Step(sp.true, "a rank-one PSD update interlaces the eigenvalues (Weyl / Cauchy)", StepCheck.CITED))


FAMILY = Param("family", Choice(("cloud", "trajectory")), "random cloud or a GD trajectory T-1 -> T")
CLAIMS.append(Claim(id="ribbon.inpca_monotone_extension", tag="S13", kind=Kind.INEQ,
                    title="Gaussian output: adding a model interlaces the inPCA eigenvalues, mu'_i >= mu_i >= mu'_{i+1}",
                    statement=sp.And(sp.Ge(mu_new_i, mu_i), sp.Ge(mu_i, mu_new_i1)),
                    parameters=(replace(M_S8, domain=IntRange(2, 30), description="models before"),
                                replace(N_S8, domain=IntRange(1, 10)), FAMILY, SEED),
                    derivation=_s13_steps, quantities=(MU_NEW_I, MU_I, MU_NEW_I1), provenance=_prov("S13")))
CLAIMS = tuple(CLAIMS)
