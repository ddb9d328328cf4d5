"""High-precision Gaussian kernels ``V, Vd, K, Kd`` (spec/fisher.md §1.5, §2.1, F2) in local mpmath contexts.

For ``g = phi`` or ``phi'`` and a centred Gaussian pair ``(u, v)`` with covariance ``[[s11, s12], [s12, s22]]``:
``V(s) = E phi(sqrt(s) z)^2``, ``Vd(s) = E phi'(sqrt(s) z)^2``, ``K = E phi(u) phi(v)``, ``Kd = E phi'(u) phi'(v)``.

* Closed-form activations (relu, leaky_relu, linear, erf): the SymPy forms of ``theory.fisher.kernels``
  compiled by ``verify.mpeval`` (the single source of the formulas).
* tanh: the trapezoid (sinc) rule in the Gaussian variable,
  ``E f(sqrt(s) z) ~ sum_{|k|<=n} h phi_N(k h) f(sqrt(s) k h)``, with error ``~ exp(-2 pi d / h)`` where
  ``d = pi / (2 sqrt(s))`` is the distance of tanh's poles from the real axis.  With ``D = (wdps+5) ln 10``:
  ``h = min(0.1, 2 pi d / D)`` (``d`` at ``max(s11, s22)``) and cutoff ``Z = n h >= sqrt(2 D) + 1``, where
  ``wdps = dps + GUARD`` is the working precision: the nominal ``exp(-2 pi d/h)`` underestimates the error
  of the ``sech^4`` integrand (4th-order poles) by ~1e5 (measured at s = 2.5: 1.1e-30 against a nominal
  1e-35), so the spec rule taken at ``dps`` itself fails the ``h`` vs ``0.7 h`` certification at 30 digits.
  2-D: ``u = sqrt(s11) x1``, ``v = sgn(c) sqrt(s22) x2`` with ``x_i = al z0 + be z_i``, ``al = sqrt|c|``,
  ``be = sqrt(1-|c|)``, ``c = s12/sqrt(s11 s22)`` (the symmetric factorisation of §2.1), so
  ``K = E_{z0}[g1(z0) g2(z0)]`` with inner ``g_i(z0) = E_z f(sqrt(s_ii)(al z0 + be z))``.
  Lattice: the steps are chosen so that every node ``al*i*h_out + be*j*h_in`` equals ``(r i + p j) delta``
  for integers ``r, p >= 1`` (``h_out = r delta/al``, ``h_in = p delta/be``, both ``<= h``).  tanh is then
  evaluated on ``O(n)`` lattice points only, ``sech^2 = 1 - tanh^2`` from the same values, and the double
  sum is a strided dot product done in fixed-point integers (exact sums, one rounding at the end).
  tanh odd / sech^2 even and the symmetric weights give ``g(-z0) = -+ g(z0)``, so only ``z0 >= 0`` is summed.

Precision: evaluations run at ``dps + GUARD`` digits and are returned as mpf of ``context(dps)``.
Certification (tanh): every value is computed at ``h`` and ``0.7 h``; if they differ by more than
``10^-dps max(1, |value|)`` ``UncertifiedError`` is raised; the ``0.7 h`` value is returned.
"""
from __future__ import annotations

import functools
import math
from operator import mul

import sympy as sp
from mpmath.libmp import from_man_exp, to_fixed

from sloppy_verifier.theory.fisher import kernels as tk
from sloppy_verifier.verify.mpeval import context, exact, mp_function, to_mpf

GUARD = 10          # extra decimal digits carried inside every evaluation
MAX_RATIO = 2000    # largest lattice ratio p or r (|c| within ~2.5e-7 of 0 is refused, not slowed)
NEAR_ONE = 1e-4     # 1 - |c| at or below this: the series in 1 - c^2 (``near_one``) where it reaches the precision


def _combine(w, coef, polys) -> list:
    """``Σ_i coef_i polys_i`` as one coefficient list (highest degree first) in the context ``w``."""
    deg = max(len(p) for p in polys)
    out = [w.zero] * deg
    for cf, p in zip(coef, polys):
        for j, v in enumerate(p):
            out[deg - len(p) + j] += cf * v
    return out


@functools.lru_cache(maxsize=8)
def _tanh_derivative_polys(n: int) -> tuple:
    """Integer coefficient lists (highest degree first) of ``P_0..P_n``, ``tanh^{(k)} = P_k(tanh)``:
    ``P_0 = t``, ``P_{k+1} = P_k'(t)(1 − t²)``."""
    out, p = [], [0, 1]                                   # lowest degree first while building
    for _ in range(n + 1):
        out.append(tuple(reversed(p)))
        d = [j * p[j] for j in range(1, len(p))] or [0]   # P'
        q = [0] * (len(d) + 2)
        for j, v in enumerate(d):                         # P' (1 - t^2)
            q[j] += v
            q[j + 2] -= v
        while len(q) > 1 and q[-1] == 0:
            q.pop()
        p = q
    return tuple(out)


class UncertifiedError(ArithmeticError):
    """The trapezoid values at ``h`` and ``0.7 h`` disagree beyond ``10^-dps``."""


class ClosedKernels:
    """``V, Vd, K, Kd`` from the closed forms of ``theory.fisher.kernels`` (compiled at ``dps + GUARD``).

    Near ``|c| = 1`` the arc-cosine / arcsine forms amplify the rounding of ``c = s12/sqrt(s11 s22)`` by
    ``d acos(c)/dc = 1/sqrt(1 − c²) ≈ (2 (1 − |c|))^{-1/2}``: ``K`` and ``Kd`` are then evaluated with
    ``ceil(−log10(1 − |c|)/2) + 1`` more digits (the inputs taken as exact), so the result keeps ``dps`` digits."""

    def __init__(self, forms: tk.KernelForms, dps: int):
        self.dps, self.ctx, self._w = dps, context(dps), context(dps + GUARD)
        self._forms = forms

    def _eval(self, name, *args):
        w, wdps = self._w, self.dps + GUARD
        x = [to_mpf(w, v) for v in args]
        if len(x) == 3 and x[0] * x[1] > 0:
            gap = 1 - abs(x[2]) / w.sqrt(x[0] * x[1])
            if 0 < gap < w.mpf("0.01"):
                wdps += math.ceil(-float(w.log10(gap)) / 2) + 1
        syms = (tk.s,) if len(x) == 1 else (tk.s11, tk.s22, tk.s12)
        hi = context(wdps)
        return self.ctx.mpf(mp_function(syms, getattr(self._forms, name), wdps)(*(to_mpf(hi, v) for v in args)))

    def V(self, s):
        return self._eval("V", s)

    def Vd(self, s):
        return self._eval("Vd", s)

    def K(self, s11, s22, s12):
        return self._eval("K", s11, s22, s12)

    def Kd(self, s11, s22, s12):
        return self._eval("Kd", s11, s22, s12)


class TanhKernels:
    """tanh kernels by the lattice trapezoid rule of the module docstring, certified by ``h`` vs ``0.7 h``."""

    def __init__(self, dps: int):
        self.dps, self.ctx, self._w = dps, context(dps), context(dps + GUARD)
        self._P = self._w.prec + 8                       # fixed-point bits
        self._D = (dps + GUARD + 5) * math.log(10)      # spec rule at the working precision
        self._Z = math.sqrt(2 * self._D) + 1
        self._pair = functools.lru_cache(maxsize=256)(self._pair_certified)
        self._one = functools.lru_cache(maxsize=256)(self._one_certified)

    # -- helpers ---------------------------------------------------------------------------------------
    def _h(self, smax, factor):
        """Spec §2.1 step ``min(0.1, 2 pi d/D)``, ``d = pi/(2 sqrt(smax))``, times ``factor``."""
        h = 0.1 if smax == 0 else min(0.1, math.pi**2 / (math.sqrt(float(smax)) * self._D))
        return self._w.mpf(h * factor)

    @functools.lru_cache(maxsize=64)
    def _weights(self, h, n):
        """Fixed-point ``h phi_N(j h)`` for ``j = 0..n``."""
        w = self._w
        c = h / w.sqrt(2 * w.pi)
        return [to_fixed((c * w.exp(-(j * h) ** 2 / 2))._mpf_, self._P) for j in range(n + 1)]

    def _tanh(self, scale, n):
        """Fixed-point ``tanh(k scale)`` for ``k = 0..n``."""
        w, P = self._w, self._P
        return [to_fixed(w.tanh(k * scale)._mpf_, P) for k in range(n + 1)]

    def _mpf(self, m, bits):
        return self.ctx.mpf(self._w.make_mpf(from_man_exp(m, -bits)))

    def _certified(self, fn, *args):
        coarse, fine = fn(*args, 1.0), fn(*args, 0.7)
        tol = self.ctx.mpf(10) ** -self.dps
        for x, y in zip(coarse, fine):
            if abs(x - y) > tol * max(1, abs(y)):
                raise UncertifiedError(f"tanh trapezoid h vs 0.7h differ by {abs(x - y)} at {args}")
        return fine

    # -- 1-D: E t^2 and E (1-t^2)^2, and E t(u) t(+-v), E sech^2 sech^2 for c = +-1 ---------------------
    def _one_d(self, s1, s2, sign, factor):
        """``(E tanh(sqrt(s1) z) tanh(sign sqrt(s2) z), E sech^2(..) sech^2(..))`` by the 1-D rule."""
        w, P = self._w, self._P
        h = self._h(max(s1, s2), factor)
        n = math.ceil(self._Z / h)
        W = self._weights(h, n)
        one = 1 << P
        t1 = self._tanh(w.sqrt(s1) * h, n)
        t2 = t1 if s2 == s1 else self._tanh(w.sqrt(s2) * h, n)
        S1 = [(one * one - x * x) >> P for x in t1]
        S2 = S1 if t2 is t1 else [(one * one - x * x) >> P for x in t2]
        k = 2 * sum(map(mul, W[1:], map(mul, t1[1:], t2[1:])))          # odd*odd: the k=0 term is 0
        kd = W[0] * S1[0] * S2[0] + 2 * sum(map(mul, W[1:], map(mul, S1[1:], S2[1:])))
        return self._mpf(sign * k, 3 * P), self._mpf(kd, 3 * P)

    def _one_certified(self, s1, s2, sign):
        return self._certified(self._one_d, s1, s2, sign)

    # -- 2-D lattice rule ------------------------------------------------------------------------------
    def _inner(self, scale, delta, r, p, n_out, n_in, w_in):
        """``(g_T(i), g_S(i))`` for ``i = 0..n_out``: inner sums of ``tanh`` and ``sech^2`` at
        ``scale (r i + p j) delta``, fixed point at ``P`` bits."""
        P = self._P
        one = 1 << P
        t = self._tanh(scale * delta, r * n_out + p * n_in)
        T = [-x for x in reversed(t[1:p * n_in + 1])] + t         # T[p n_in + k] = tanh(k delta scale)
        S = [(one * one - x * x) >> P for x in T]
        span = 2 * p * n_in + 1
        gT = [sum(map(mul, w_in, T[r * i:r * i + span:p])) >> P for i in range(n_out + 1)]
        gS = [sum(map(mul, w_in, S[r * i:r * i + span:p])) >> P for i in range(n_out + 1)]
        return gT, gS

    def two_d(self, s11, s22, s12, factor):
        """``(K, Kd)`` by the 2-D lattice rule at step ``factor * h`` (uncertified; ``K``/``Kd`` certify)."""
        w, P = self._w, self._P
        c = s12 / w.sqrt(s11 * s22)
        al, be = w.sqrt(abs(c)), w.sqrt(1 - abs(c))
        h = self._h(max(s11, s22), factor)
        if al <= be:
            r, p, delta = 1, int(be / al), h * al
        else:
            r, p, delta = int(al / be), 1, h * be
        if max(r, p) > MAX_RATIO:
            raise ValueError(f"correlation c={c} too close to 0 or +-1 for the lattice rule")
        h_in, h_out = p * delta / be, r * delta / al
        n_in, n_out = math.ceil(self._Z / h_in), math.ceil(self._Z / h_out)
        half = self._weights(h_in, n_in)
        w_in = half[:0:-1] + half
        W = self._weights(h_out, n_out)
        g1 = self._inner(w.sqrt(s11), delta, r, p, n_out, n_in, w_in)
        g2 = g1 if s22 == s11 else self._inner(w.sqrt(s22), delta, r, p, n_out, n_in, w_in)
        (t1, d1), (t2, d2) = g1, g2
        k = 2 * sum(map(mul, W[1:], map(mul, t1[1:], t2[1:])))          # g_T(0) = 0
        kd = W[0] * d1[0] * d2[0] + 2 * sum(map(mul, W[1:], map(mul, d1[1:], d2[1:])))
        return self._mpf(k if c > 0 else -k, 3 * P), self._mpf(kd, 3 * P)

    # -- |c| near 1: the inner expectation as a series in 1 - c^2 -------------------------------------------
    def near_one(self, s11, s22, s12, factor):
        """``(K, Kd)`` for ``1 − |c| <= NEAR_ONE`` (uncertified in ``h``; ``K``/``Kd`` certify): with
        ``u = sqrt(s11) x``, ``v = a + σ y``, ``a = c sqrt(s22) x``, ``σ² = s22 (1 − c²)`` (x, y iid N(0,1)),
        ``E_y f(a + σy) = Σ_{k<N} f^{(2k)}(a) (σ²/2)^k / k!`` up to the Taylor remainder, at most
        ``sup|f^{(2N)}| (σ²/2)^N / N!``; Cauchy's estimate on the circle of radius π/4 (inside tanh's strip of
        analyticity |Im z| < π/2, where |tanh|, |sech²| <= 1/cos²(π/4) = 2) gives ``sup|f^{(n)}| <= 2 n! (4/π)^n``,
        and ``N`` is the least with that bound below ``10^-(dps+GUARD)`` (|f1| <= 1 carries it to ``K``).  The
        outer expectation over ``x`` is the 1-D trapezoid rule of ``_one_d`` (its integrand is analytic in the
        strip ``|Im x| < π/(2 sqrt(max(s11, c² s22)))``); derivatives are the polynomials
        ``tanh^{(n)} = P_n(tanh)``, ``P_0 = t``, ``P_{n+1} = P_n'(t)(1 − t²)`` (``sech² = P_1``)."""
        w = self._w
        c = s12 / w.sqrt(s11 * s22)
        sig2 = s22 * (1 - c) * (1 + c)
        N = self._series_terms(sig2)
        if N is None:
            raise ValueError(f"near_one: the series in 1 - c^2 cannot reach 10^-{self.dps + GUARD} "
                             f"at s22 (1 - c^2) = {w.nstr(sig2, 5)}")
        P = _tanh_derivative_polys(2 * N + 1)
        h = self._h(max(s11, c * c * s22), factor)
        n = math.ceil(self._Z / h)
        coef = [(sig2 / 2) ** k / w.factorial(k) for k in range(N)]
        G = [_combine(w, coef, [P[2 * i + d] for i in range(N)]) for d in (0, 1)]   # E_y f(a + σy) = G(tanh a)
        r11, ac = w.sqrt(s11), c * w.sqrt(s22)
        k, kd = [], []
        for j in range(-n, n + 1):
            x = j * h
            t1, t2 = w.tanh(r11 * x), w.tanh(ac * x)
            wt = w.exp(-x * x / 2)
            k.append(wt * t1 * w.polyval(G[0], t2))
            kd.append(wt * (1 - t1 * t1) * w.polyval(G[1], t2))
        norm = h / w.sqrt(2 * w.pi)
        return self.ctx.mpf(w.fsum(k) * norm), self.ctx.mpf(w.fsum(kd) * norm)

    def _series_terms(self, sig2):
        """The least ``N`` whose remainder bound ``2 (2N)! (4/π)^{2N} (σ²/2)^N / N!`` is below ``10^-(dps+GUARD)``;
        ``None`` when the (asymptotic) bound turns upward first: the series cannot give the precision."""
        w = self._w
        tol, bound, N = w.mpf(10) ** -(self.dps + GUARD), None, 0
        while True:
            N += 1
            nxt = 2 * w.factorial(2 * N) * (4 / w.pi) ** (2 * N) * (sig2 / 2) ** N / w.factorial(N)
            if nxt <= tol:
                return N
            if bound is not None and nxt >= bound:
                return None
            bound = nxt

    def _pair_certified(self, s11, s22, s12):
        if s12 == 0:                                      # independent: E tanh = 0, E sech^2 factorises
            m1 = self._one(s11, 0, 1)[1]
            m2 = m1 if s22 == s11 else self._one(s22, 0, 1)[1]
            return self.ctx.mpf(0), m1 * m2
        if s12 ** 2 == s11 * s22:                         # c = +-1: one Gaussian direction
            return self._one(s11, s22, 1 if s12 > 0 else -1)
        gap = 1 - abs(s12) / self._w.sqrt(s11 * s22)
        if gap <= NEAR_ONE and self._series_terms(s22 * gap * (2 - gap)) is not None:
            return self._certified(self.near_one, s11, s22, s12)
        return self._certified(self.two_d, s11, s22, s12)

    # -- public ----------------------------------------------------------------------------------------
    def V(self, s):
        s = to_mpf(self._w, s)
        return self._one(s, s, 1)[0]

    def Vd(self, s):
        s = to_mpf(self._w, s)
        return self._one(s, s, 1)[1]

    def K(self, s11, s22, s12):
        return self._pair(*(to_mpf(self._w, x) for x in (s11, s22, s12)))[0]

    def Kd(self, s11, s22, s12):
        return self._pair(*(to_mpf(self._w, x) for x in (s11, s22, s12)))[1]


@functools.lru_cache(maxsize=None)
def _kernels(activation, a, dps):
    forms = tk.closed_form(activation, None if a is None else sp.Rational(a.numerator, a.denominator))
    return TanhKernels(dps) if forms is None else ClosedKernels(forms, dps)


def kernels(activation: str, a=None, dps: int = 30):
    """Kernel object with ``V(s), Vd(s), K(s11, s22, s12), Kd(s11, s22, s12)`` returning mpf of
    ``context(dps)``; ``a`` is the leaky_relu slope (converted exactly, see ``exact``)."""
    return _kernels(activation, None if a is None else exact(a), int(dps))


def _conditional(activation, a, ctx):
    """``(m, b) -> (E phi(m + b Z), E phi'(m + b Z))``, independently of the closed forms (F2 (ii)):
    AB-ReLU ``phi = a x + (1-a) relu(x)``: ``E relu(m+bZ) = m Phi(m/b) + b phi_N(m/b)``,
    ``E 1{m+bZ>0} = Phi(m/b)``; erf: ``E erf(m+bZ) = erf(m/sqrt(1+2b^2))``,
    ``E erf'(m+bZ) = 2/sqrt(pi) exp(-m^2/(1+2b^2))/sqrt(1+2b^2)``; tanh: inner ``ctx.quad``."""
    if activation == "erf":
        def g(m, b):
            v = 1 + 2 * b * b
            return ctx.erf(m / ctx.sqrt(v)), 2 / ctx.sqrt(ctx.pi * v) * ctx.exp(-m * m / v)
        return g
    if activation == "tanh":
        def g(m, b):
            if b == 0:
                return ctx.tanh(m), ctx.sech(m) ** 2
            f = lambda fn: ctx.quad(lambda z: ctx.npdf(z) * fn(m + b * z), [-ctx.inf, -m / b, ctx.inf])
            return f(ctx.tanh), f(lambda x: ctx.sech(x) ** 2)
        return g
    slope = {"relu": 0, "linear": 1}.get(activation)
    slope = to_mpf(ctx, a) if slope is None else slope

    def g(m, b):
        if b == 0:
            return slope * m + (1 - slope) * max(m, 0), slope + (1 - slope) * (m > 0)
        x = m / b
        return (slope * m + (1 - slope) * (m * ctx.ncdf(x) + b * ctx.npdf(x)),
                slope + (1 - slope) * ctx.ncdf(x))
    return g


def reference_K(activation: str, a, s11, s22, s12, dps: int = 40):
    """Independent route to ``(K, Kd)`` (spec F2 Verification (ii)): ``u = a1 z0 + b1 z1``,
    ``v = a2 z0 + b2 z2`` (§2.1 factorisation), inner expectations in closed form (``_conditional``,
    nested ``ctx.quad`` for tanh), outer ``ctx.quad`` over ``z0`` split at the kink ``z0 = 0``.
    Uses no formula of ``theory.fisher.kernels``.  Returns mpf of ``context(dps)``."""
    ctx = context(dps + GUARD)
    s11, s22, s12 = (to_mpf(ctx, x) for x in (s11, s22, s12))
    c = s12 / ctx.sqrt(s11 * s22)
    a1, a2 = ctx.sqrt(s11 * abs(c)), ctx.sign(c) * ctx.sqrt(s22 * abs(c))
    b1, b2 = ctx.sqrt(s11 * (1 - abs(c))), ctx.sqrt(s22 * (1 - abs(c)))
    g = functools.lru_cache(maxsize=None)(_conditional(activation, a, ctx))

    @functools.lru_cache(maxsize=None)          # K and Kd reuse the same tanh-sinh nodes (and g1 = g2 when
    def gg(z):                                  # s11 = s22, c > 0)
        (f1, d1), (f2, d2) = g(a1 * z, b1), g(a2 * z, b2)
        return ctx.npdf(z) * f1 * f2, ctx.npdf(z) * d1 * d2

    out = context(dps)
    return tuple(out.mpf(ctx.quad(lambda z: gg(z)[i], [-ctx.inf, 0, ctx.inf])) for i in (0, 1))
