"""Kernel-machine claims S28–S30 of spec/sloppiness.md (section 2.H): function-space GD, the exact RBF spectrum
under a Gaussian input measure (cited), and the exact finite-N spectrum of the Poisson kernel on the circle.

Setting (S28): kernel Gram ``K = ΦΦᵀ`` on the training inputs, ``K/N = Σ_k κ_k u_k u_kᵀ``, model ``f = Φθ`` (plus a
fixed offset function where stated), GD on ``(1/2N)‖f − y‖²`` with step ``η``.  Statements relate what a check
measures on an independent route (θ iterated in feature space, a Nyström or circulant eigensolve) to the formula on
the right, so a changed exponent or constant is caught.
"""
from __future__ import annotations

import functools
from dataclasses import replace

import sympy as sp

from ..claim import Choice, Claim, Interval, IntRange, Kind, Param, Step, StepCheck
from ..quantity import Quantity, measured
from .provenance import NOTE, spec_claim, spec_provenance

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational

GPML = ("C. E. Rasmussen & C. K. I. Williams, Gaussian Processes for Machine Learning (MIT Press 2006), §4.3.1, "
        "eqs. (4.41)–(4.42) (originally Zhu, Williams, Rohwer & Morciniec 1998). Equation numbers from memory, "
        "not re-read; the formula itself was verified numerically")


def _claim(cited: str = "", **kw) -> Claim:
    note = NOTE + (" The kernel spectrum is an external formula, checked here by quadrature." if cited else "")
    return spec_claim(prov=spec_provenance(kw["tag"], note, cited), **kw)


# ---------------------------------------------------------------- symbols (names are the checks' env keys)
eta, t, N, kappa, lam = sp.symbols("eta t N kappa_k lambda_k")
xi_t, xi_0 = sp.symbols(r"u_k^T(f_t-y) u_k^T(f_0-y)")
frozen_t, frozen_0 = sp.symbols(r"[(I-P_K)(f_t-y)]_n [(I-P_K)(f_0-y)]_n")
mu, mu_removed = sp.symbols(r"mu_i mu_i^{(P_K)}")
ell, s, q = sp.symbols("ell s q", positive=True)
j = sp.Symbol("j", integer=True, nonnegative=True)      # eigenvalue index: j = 0 is in S29's and S30's domains
kappa_j = sp.Symbol("kappa_j")

# ---------------------------------------------------------------- quantities (issue 10)
_CHK = "sloppy_verifier.verify.checks.ribbon_kernels."
_KN = "sloppy_verifier.verify.ribbon.kernels."


#: a quantity a check measures, typeset as ``latex = typeset`` (``rel`` for another relation)
_measured = functools.partial(measured, rel="=")

#: S28: feature-space GD on the training inputs (spec S28 setting)
_GD = (r"f_t = \Phi\theta_t + g,\ \theta_{t+1} = \theta_t - \frac{\eta}{N}\Phi^{\top}(f_t - y),\ "
       r"K = \Phi\Phi^{\top} = N \sum_k \kappa_k u_k u_k^{\top}")
KAPPA_K = _measured(kappa, r"\kappa_k", "eigenvalues of the kernel Gram matrix over N, in decreasing order",
                    r"\lambda_k(K/N),\ K = \Phi\Phi^{\top},\ \kappa_1 \ge \kappa_2 \ge \dots,\ "
                    r"\kappa_k = 0 \text{ for } k > N", _CHK + "_transfer_env (unsorted: _mode_env)")
KAPPA_1 = _measured(sp.Symbol("kappa_1"), r"\kappa_1", "largest eigenvalue of the kernel Gram matrix over N",
                    r"\max_k \kappa_k = \lambda_{\max}(\Phi\Phi^{\top}/N)",
                    _KN + "random_features (scaled to kappa_1 = 1)")
ETA_K = Quantity(eta.name, r"\eta", "GD step size, from the parameter eta kappa_1",
                 definition=sp.Symbol("eta_kappa1") / KAPPA_1.symbol, uses=(KAPPA_1,))
T_STEP = Quantity(t.name, "t", "the GD step compared, t = T", definition=sp.Symbol("T"))
XI = (_measured(xi_t, r"u_k^{\top}(f_t-y)", "residual of the GD run at step t along an eigenvector of K/N",
                r"\langle u_k, f_t - y\rangle,\ g = 0,\ " + _GD, _KN + "feature_gd"),
      _measured(xi_0, r"u_k^{\top}(f_0-y)", "initial residual along the same eigenvector of K/N",
                r"\langle u_k, f_0 - y\rangle,\ f_0 = \Phi\theta_0", _KN + "feature_gd"))
LAMBDA_K = _measured(lam, r"\lambda_k", "eigenvalues of the feature covariance Phi^T Phi / N, in decreasing order",
                     r"\lambda_k(\Phi^{\top}\Phi/N) \text{ for random features},\ \lambda_k(\Sigma) = 2^{1-k} "
                     r"\text{ for the linear kernel on } X,\ \Sigma = X^{\top} X/N,\ \lambda_k = 0 \text{ for } "
                     r"k > \min(N, p)", _CHK + "_transfer_env")
#: P_K: orthogonal projector onto range K = range Phi
_PK = r"P_K = \Phi\Phi^{+}"
FROZEN = (_measured(frozen_t, r"{[(I-P_K)(f_t-y)]}_n", "component at one training input of the residual at step t "
                    "outside the range of K", r"e_n^{\top}(I - P_K)(f_t - y),\ t = T,\ " + _PK + r",\ " + _GD,
                    _CHK + "_frozen_env"),
          _measured(frozen_0, r"{[(I-P_K)(f_0-y)]}_n", "the same component of the initial residual",
                    r"e_n^{\top}(I - P_K)(f_0 - y),\ " + _PK, _CHK + "_frozen_env"))
#: inPCA of the checkpoints f_0..f_T with Gaussian output, sigma = 1 (spec 1.5, 1.6)
_INPCA = (r"W = -\tfrac{1}{2}\Pi D \Pi,\ D_{tt'} = \frac{1}{8N}\|f_t - f_{t'}\|^2,\ "
          r"\Pi = I - \mathbf{1}\mathbf{1}^{\top}/(T+1),\ |\mu_1| \ge |\mu_2| \ge \dots")
MU_INPCA = (_measured(mu, r"\mu_i", "inPCA eigenvalues of the checkpoints f_0 to f_T, Gaussian output with sigma = 1",
                      r"\mu_i(W),\ " + _INPCA, _CHK + "_trajectory_mu"),
            _measured(mu_removed, r"\mu_i^{(P_K)}", "the same eigenvalues for the run from P_K f_0 towards P_K y",
                      r"\mu_i(W) \text{ of the run with } f_0, y, g \to P_K f_0, P_K y, P_K g",
                      _CHK + "_trajectory_mu"))

#: spec S28 "Assumptions / domain"
INPUTS = Param("N", IntRange(2, 20), "training inputs")
FEATURE_DIM = Param("p", IntRange(1, 30), "features")
ETA_KAPPA1 = Param("eta_kappa1", Interval(R_(1, 10), R_(19, 10)), "eta kappa_1")
STEPS = Param("T", IntRange(1, 200), "the step t compared")
FEATURES = Param("features", Choice(("gaussian", "low_rank")),
                 "i.i.d. Phi, or a rank-deficient product (kappa = 0 modes)")
SEED = Param("seed", IntRange(0, 2**20), "draw of Phi, theta_0, y and the offset")
KERNEL_GD = (INPUTS, FEATURE_DIM, ETA_KAPPA1, STEPS, FEATURES, SEED)
#: S28 transfer: the features also as the linear kernel (``replace``: one object per parameter name, see distances)
TRANSFER_FEATURES = replace(FEATURES, domain=Choice(("gaussian", "low_rank", "linear")),
                            description="random Phi, or the linear kernel k(x, x') = x^T x' on X with a prescribed "
                                        "Sigma spectrum")


# ---------------------------------------------------------------- S28 derivations
def _generic(name: str, rows: int, cols: int) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda i, k: sp.Symbol(f"{name}{i}{k}"))


#: the printed forms of the matrix steps: Phi (N x p), theta (p x 1), y and the offset g (N x 1)
_p = sp.Symbol("p")
_PHI, _TH = sp.MatrixSymbol("Phi", N, _p), sp.MatrixSymbol("theta_t", _p, 1)
_Y, _G = sp.MatrixSymbol("y", N, 1), sp.MatrixSymbol("g", N, 1)
_F = _PHI * _TH + _G                                             # f_t
_F_NEXT = _PHI * (_TH - eta * _PHI.T * (_F - _Y) / N) + _G       # f_{t+1}
_P_OUT = sp.Identity(N) - _PHI * sp.MatrixSymbol("Phi^+", _p, N)   # I - P_K


def _generic_step():
    """Generic 3 x 2 ``Phi``, target ``y``, predictions ``f = Phi theta + g`` and ``f`` after one GD step on theta."""
    Phi, th, y, g = _generic("phi", 3, 2), _generic("th", 2, 1), _generic("y", 3, 1), _generic("g", 3, 1)
    f = Phi * th + g
    return Phi, y, f, Phi * (th - eta * Phi.T * (f - y) / N) + g


def _gd_steps():
    Phi, y, f, f_next = _generic_step()
    xi = lambda tt: (1 - eta * kappa) ** tt * xi_0  # noqa: E731
    k1, k2 = sp.symbols("kappa_1 kappa_2")
    u1, u2 = sp.Matrix([R_(3, 5), R_(4, 5)]), sp.Matrix([R_(-4, 5), R_(3, 5)])
    K2 = N * (k1 * u1 * u1.T + k2 * u2 * u2.T)
    return [
        Step(sp.Eq(f_next - y, (sp.eye(3) - eta * Phi * Phi.T / N) * (f - y)),
             "one step: theta_{t+1} = theta_t - (eta/N) Phi^T (f_t - y) gives f_{t+1} - y = (I - eta K/N)(f_t - y), "
             "K = Phi Phi^T (generic 3 x 2 Phi, any y and offset g)",
             display=sp.Eq(_F_NEXT - _Y, (sp.Identity(N) - eta * _PHI * _PHI.T / N) * (_F - _Y))),
        Step(sp.Eq(xi(t + 1), (1 - eta * kappa) * xi(t)),
             "per eigenpair of K/N: u_k^T(f_t - y) = (1 - eta kappa_k)^t u_k^T(f_0 - y) solves the recursion (symbolic t)"),
        Step(sp.Eq((sp.eye(2) - eta * K2 / N) ** 3 * u1, (1 - eta * k1) ** 3 * u1),
             "(I - eta K/N)^t u_k = (1 - eta kappa_k)^t u_k (2 x 2, t = 3): "
             "f_t - y = sum_k (1 - eta kappa_k)^t u_k u_k^T (f_0 - y)",
             display=sp.Eq((sp.Identity(N) - eta * sp.MatrixSymbol("K", N, N) / N) ** 3 * sp.MatrixSymbol("u_1", N, 1),
                           (1 - eta * k1) ** 3 * sp.MatrixSymbol("u_1", N, 1))),
    ]


def _transfer_steps():
    Phi, x = _generic("phi", 3, 2), sp.Symbol("x")
    return [
        Step(sp.Eq(sp.expand((Phi * Phi.T).charpoly(x).as_expr()), sp.expand(x * (Phi.T * Phi).charpoly(x).as_expr())),
             "det(x - Phi Phi^T) = x^{N-p} det(x - Phi^T Phi) (generic 3 x 2 Phi): the nonzero eigenvalues of "
             "K/N = Phi Phi^T/N and of Phi^T Phi/N coincide"),
        Step(sp.true, "linear kernel k(x, x') = x^T x': K/N = X X^T/N, whose nonzero spectrum is that of Sigma = X^T X/N "
                      "(S1 with lambda_k -> kappa_k)", StepCheck.DEFINITION),
    ]


def _frozen_steps():
    Phi, y, f, f_next = _generic_step()
    n = Phi[:, 0].cross(Phi[:, 1])            # spans the complement of range K = range Phi
    return [
        Step(sp.Eq(n.T * Phi, sp.zeros(1, 2)), "n = phi_1 × phi_2 is orthogonal to range Phi = range K",
             display=sp.Eq(_P_OUT * _PHI, sp.ZeroMatrix(N, _p))),
        Step(sp.Eq(n.T * (f_next - y), n.T * (f - y)),
             "n^T(f_{t+1} - y) = n^T(f_t - y): the kappa = 0 modes are frozen (I - P_K = n n^T/||n||^2)",
             display=sp.Eq(_P_OUT * (_F_NEXT - _Y), _P_OUT * (_F - _Y))),
        Step(sp.true, "a t-independent component is a common translation of all checkpoints: removed by the double "
                      "centring of inPCA (S8), so the inPCA spectrum is that of the range-of-K trajectory",
             StepCheck.NUMERIC),
    ]


# ---------------------------------------------------------------- S28
CLAIMS.append(_claim(
    id="ribbon.kernel_gd_modes", tag="S28", kind=Kind.EXACT,
    title="function-space GD: u_k^T(f_t - y) = (1 - eta kappa_k)^t u_k^T(f_0 - y) for every eigenpair of K/N, "
          "any feature map with Phi Phi^T = K",
    statement=sp.Eq(xi_t, (1 - eta * kappa) ** t * xi_0), parameters=KERNEL_GD,
    quantities=XI + (KAPPA_K, ETA_K, T_STEP),
    assumptions=("f = Phi theta, theta iterated by GD on (1/2N)|Phi theta - y|^2; (kappa_k, u_k) all N eigenpairs of "
                 "K/N, kappa_k = 0 included (frozen modes)", "any eta > 0 (no stability needed for the identity)",
                 "equivalently f_t - y = (I - eta K/N)^t (f_0 - y)"),
    derivation=_gd_steps,
))
CLAIMS.append(_claim(
    id="ribbon.kernel_spectrum_transfer", tag="S28", kind=Kind.EXACT,
    title="the nonzero eigenvalues of K/N = Phi Phi^T/N are those of Phi^T Phi/N; the linear kernel gives the "
          "spectrum of Sigma (S1)",
    statement=sp.Eq(kappa, lam), quantities=(KAPPA_K, LAMBDA_K),
    parameters=(INPUTS, FEATURE_DIM, TRANSFER_FEATURES, SEED),
    assumptions=("kappa_k, lambda_k sorted decreasingly and padded with zeros to max(N, p): the nonzero ones agree",
                 "linear kernel: lambda_k = the prescribed eigenvalues of Sigma = X^T X / N (geometric, ratio 1/2)"),
    derivation=_transfer_steps,
))
CLAIMS.append(_claim(
    id="ribbon.kernel_frozen_modes", tag="S28", kind=Kind.EXACT,
    title="kappa = 0 modes (components of f_0 - y outside range K) are frozen, and the inPCA spectrum of the "
          "trajectory is unchanged when they are removed",
    statement=sp.And(sp.Eq(frozen_t, frozen_0), sp.Eq(mu, mu_removed)), parameters=KERNEL_GD,
    quantities=FROZEN + MU_INPCA,
    assumptions=("f = Phi theta + g with a fixed offset g (so f_0 - y has components outside range K)",
                 "mu_i: Gaussian-output (sigma = 1) inPCA eigenvalues of the checkpoints f_0..f_T; mu_i^(P_K): those of "
                 "the GD run from P_K f_0 towards P_K y"),
    derivation=_frozen_steps,
))


# ---------------------------------------------------------------- S29 (cited)
a_, b_ = 1 / (4 * s ** 2), 1 / (2 * ell ** 2)
c_ = sp.sqrt(a_ ** 2 + 2 * a_ * b_)
A_ = a_ + b_ + c_
B_ = b_ / A_
RBF_KAPPA = sp.sqrt(2 * a_ / A_) * B_ ** j
KAPPA_RBF = _measured(kappa_j, r"\kappa_j", "eigenvalues of the RBF integral operator under the Gaussian input "
                      "density, in decreasing order, from j = 0",
                      r"\lambda_{j+1}(T_k),\ (T_k f)(x) = \int_{\mathbb{R}} e^{-{(x-x')}^2/(2\ell^2)} f(x')\, p(x')\, "
                      r"dx',\ p = \mathcal{N}(0, s^2)", _KN + "rbf_nystrom")
J_RBF = _measured(j, "j", "index of the operator eigenvalue, from 0",
                  r"\{0, 1, \dots, 15\},\ \kappa_j > 10^{-13}", _CHK + "_rbf_env", rel=r"\in")


def _rbf_steps():
    a, c, A = sp.symbols("a c A", positive=True)
    jj = sp.Symbol("j", integer=True, nonnegative=True)
    phi = (1 + sp.sqrt(5)) / 2
    one = {ell: 1, s: 1}
    return [
        Step(sp.true, f"kappa_j = sqrt(2a/A) B^j: {GPML} (Mehler's formula)", StepCheck.CITED),
        Step(sp.Eq(2 * a_ * A_, (a_ + c_) ** 2), "2aA = (a + c)^2, since c^2 = a^2 + 2ab"),
        Step(sp.Eq(1 - B_, (a_ + c_) / A_), "1 - B = (A - b)/A = (a + c)/A"),
        Step(sp.Eq(sp.sqrt((a + c) ** 2 / A ** 2) / ((a + c) / A), 1),
             "sum_j kappa_j = sqrt(2a/A)/(1 - B) with sqrt(2a/A) = sqrt((a+c)^2/A^2) and 1 - B = (a+c)/A: "
             "sum_j kappa_j = 1 = k(x, x)"),
        Step(sp.Eq(B_.subs(one), phi ** -2), "l = s = 1: B = phi^-2 (phi the golden ratio)"),
        Step(sp.Eq(sp.sqrt(2 * a_ / A_).subs(one), 1 / phi), "l = s = 1: kappa_0 = sqrt(2a/A) = phi^-1 = 0.6180339887..."),
        Step(sp.Eq(phi ** -1 * (phi ** -2) ** jj, phi ** (-(2 * jj + 1))), "l = s = 1: kappa_j = phi^-(2j+1)"),
        Step(sp.true, "eigenvalues of the Nystrom matrix on a uniform grid converge to the operator's: checked",
             StepCheck.NUMERIC),
    ]


LENGTH_SCALE = Param("ell", Interval(R_(1, 10), 5), "kernel length scale l")
INPUT_SD = Param("s", Interval(R_(1, 5), 2), "input standard deviation s")
CLAIMS.append(_claim(
    cited=GPML,
    id="ribbon.rbf_gaussian_spectrum", tag="S29", kind=Kind.CITED,
    title="RBF kernel exp(-(x-x')^2/(2 l^2)) under N(0, s^2): kappa_j = sqrt(2a/A) B^j, a = 1/(4s^2), b = 1/(2l^2), "
          "c = sqrt(a^2 + 2ab), A = a + b + c, B = b/A (exactly geometric)",
    statement=sp.Eq(kappa_j, RBF_KAPPA), quantities=(KAPPA_RBF, J_RBF),
    parameters=(LENGTH_SCALE, INPUT_SD),
    assumptions=("j = 0..15 while kappa_j > 1e-13 (spec S29 domain: j <= 15)",
                 "kappa_j: eigenvalues of (T f)(x) = int k(x, y) f(y) p(y) dy, p = N(0, s^2), by Nystrom quadrature"),
    derivation=_rbf_steps,
))


# ---------------------------------------------------------------- S30
POISSON_KAPPA = (q ** j + q ** (N - j)) / (1 - q ** N)
KAPPA_POISSON = _measured(kappa_j, r"\kappa_j",
                          "eigenvalues of the Poisson Gram matrix over N, sorted like the values of the formula",
                          r"\lambda_{\rho(j)}(K/N),\ K_{nm} = \frac{1-q^2}{1 - 2q\cos(x_n - x_m) + q^2},\ "
                          r"x_n = 2\pi n/N,\ \rho(j) = \text{rank of } \frac{q^j + q^{N-j}}{1-q^N} "
                          r"\text{ among } j = 0, \dots, N-1", _CHK + "_poisson_grid")
J_POISSON = _measured(j, "j", "index of the Fourier mode", r"\{0, 1, \dots, N-1\}", _CHK + "_poisson_grid", rel=r"\in")


def _poisson_steps():
    z = sp.Symbol("z", positive=True)
    steps = [
        Step(sp.Eq((1 - q ** 2) / (1 - q * (z + 1 / z) + q ** 2), 1 + q * z / (1 - q * z) + (q / z) / (1 - q / z)),
             "Poisson kernel = sum_{l in Z} q^|l| e^{il theta}: both geometric tails summed, z = e^{i theta}, "
             "2 cos theta = z + 1/z"),
        Step(sp.Eq(q ** j / (1 - q ** N), q ** j + q ** N * (q ** j / (1 - q ** N))),
             "aliasing: S = sum_{m >= 0} q^{j + mN} satisfies S = q^j + q^N S, so S = q^j/(1 - q^N); likewise "
             "sum_{m >= 1} q^{mN - j} = q^{N-j}/(1 - q^N)"),
        Step(sp.true, "K circulant: eigenvalue j of K/N = (1/N) sum_n k(2 pi n/N) e^{-2 pi i j n/N} = "
                      "sum_{l = j mod N} q^|l| (orthogonality of the N-th roots of unity)", StepCheck.DEFINITION),
    ]
    for n_ in (3, 4, 6):   # the DFT sum with exact cosines, symbolic q; j > N/2 mirrors N - j
        for jv in range(n_ // 2 + 1):
            dft = sum((1 - q ** 2) / (1 - 2 * q * sp.cos(2 * sp.pi * m / n_) + q ** 2) * sp.cos(2 * sp.pi * jv * m / n_)
                      for m in range(n_)) / n_
            steps.append(Step(sp.Eq(dft, POISSON_KAPPA.subs({N: n_, j: jv})),
                              f"DFT of the Poisson Gram, N = {n_}, j = {jv}, symbolic q"))
    return steps


POINTS = replace(INPUTS, domain=IntRange(3, 64), description="points x_n = 2 pi n / N")
Q_RATIO = Param("q", Choice((R_(1, 10), R_(1, 2), R_(9, 10), R_(99, 100))), "0 < q < 1")
CLAIMS.append(_claim(
    id="ribbon.poisson_kernel_spectrum", tag="S30", kind=Kind.EXACT,
    title="Poisson kernel on N equispaced points of the circle: eig(K/N) = {(q^j + q^(N-j))/(1 - q^N), j = 0..N-1}",
    statement=sp.Eq(kappa_j, POISSON_KAPPA), quantities=(KAPPA_POISSON, J_POISSON),
    parameters=(POINTS, Q_RATIO),
    assumptions=("equality of multisets: the sorted eigenvalues of K/N against the formula's values sorted alike "
                 "(pairs j <-> N - j degenerate)",),
    derivation=_poisson_steps,
))
CLAIMS = tuple(CLAIMS)
