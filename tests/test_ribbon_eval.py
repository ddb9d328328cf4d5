"""``sloppy eval ribbon.*`` against independent constructions (explicit sums over t, mpmath eigenvalues)."""
import json

import mpmath
import pytest

from sloppy_verifier.verify.cli import main

MP = mpmath.MPContext()
MP.dps = 40


def _direct_population_es(lam, eta, T, rho, k, dps=40):
    """S_inf = rho^-2 A' + B by summing over t explicitly; eigenvalues by mpmath eigsy."""
    ctx = MP
    lam = [ctx.mpf(v) for v in lam]
    d, n = len(lam), T + 1
    phi = [[(1 - eta * l) ** t for l in lam] for t in range(n)]
    mean = [ctx.fsum(phi[t][j] for t in range(n)) / n for j in range(d)]
    s = [ctx.sqrt(l) for l in lam]
    scale = ctx.fsum(lam) / ctx.fsum(lam)
    S = ctx.matrix(d, d)
    for i in range(d):
        for j in range(d):
            S[i, j] = s[i] * s[j] * ctx.fsum((phi[t][i] - mean[i]) * (phi[t][j] - mean[j]) for t in range(n))
        S[i, i] += scale * lam[i] * ctx.fsum(phi[t][i] ** 2 for t in range(n)) / ctx.mpf(rho) ** 2
    mu = sorted((abs(v) for v in ctx.eigsy(S, eigvals_only=True)), reverse=True)
    return 1 - ctx.sqrt(ctx.fsum(v ** 2 for v in mu[k:]) / ctx.fsum(v ** 2 for v in mu))


def _run(capsys, *args):
    rc = main(["eval", *args])
    out, err = capsys.readouterr()
    return rc, out.strip(), err.strip()


@pytest.mark.parametrize("spec,T,rho,k,eta", [(("geometric", "c=0.3", "0.3"), 7, "0.7", 2, "0.9"),
                                               (("power", "a=1.3", "1.3"), 5, "3", 1, "1")])
def test_population_es_independent(capsys, spec, T, rho, k, eta):
    kind, arg, val = spec
    val = MP.mpf(val)
    d = 6
    lam = [MP.exp(-val * j) for j in range(d)] if kind == "geometric" else [MP.mpf(j + 1) ** -val for j in range(d)]
    want = _direct_population_es(lam, MP.mpf(eta), T, MP.mpf(rho), k)
    rc, out, _ = _run(capsys, "ribbon.population_es", f"spectrum={kind}", arg, f"d={d}", f"T={T}", f"rho={rho}",
                      f"k={k}", f"eta_lam1={eta}")
    assert rc == 0 and abs(MP.mpf(out) - want) < MP.mpf(10) ** -28


def test_cloud_es_and_json(capsys):
    rc, out, _ = _run(capsys, "ribbon.cloud_es", "spectrum=geometric", "c=1", "d=5", "T=0", "k=2", "--json")
    assert rc == 0
    val = mpmath.mpf(json.loads(out)["value"])
    q2 = mpmath.e ** -2
    assert abs(val - (1 - mpmath.sqrt((q2 ** 2 - q2 ** 5) / (1 - q2 ** 5)))) < mpmath.mpf(10) ** -28


def test_c_A_spec_values(capsys):
    rc, out, _ = _run(capsys, "ribbon.c_A", "T=0", "k=2", "tau=0.9", "d=100000")
    assert rc == 0 and abs(mpmath.mpf(out) - mpmath.log(10) / 2) < 1e-25
    rc, out, _ = _run(capsys, "ribbon.c_A", "T=10000", "k=2", "tau=0.9", "d=20000")
    assert abs(float(out) - 5.6357) < 1e-4


@pytest.mark.parametrize("args,word", [
    (("ribbon.population_es", "spectrum=power", "c=1", "d=5", "T=3", "rho=1", "k=2"), "c="),
    (("ribbon.population_es", "spectrum=geometric", "d=5", "T=3", "rho=1", "k=2"), "c="),
    (("ribbon.population_es", "spectrum=geometric", "c=1", "d=5", "T=3", "rho=1", "k=6"), "k"),
    (("ribbon.cloud_es", "spectrum=geometric", "c=1", "d=5", "T=3", "k=2", "eta_lam1=2"), "eta_lam1"),
    (("ribbon.c_A", "T=10", "k=2", "tau=1", "d=20"), "tau"),
    (("ribbon.cloud_es", "spectrum=geometric", "c=1", "d=0", "T=3", "k=1"), "d"),
])
def test_errors(capsys, args, word):
    rc, out, err = _run(capsys, *args)
    assert rc == 2 and word in err and len(err.splitlines()) == 1


# ---------------------------------------------------------------- ribbon.rho_star, ribbon.rho_bracket
def _np_instance(c, d, T):
    import numpy as np
    lam = np.exp(-c * np.arange(d))
    Phi = (1 - lam)[None, :] ** np.arange(T + 1)[:, None]
    F = (Phi - Phi.mean(0)) * np.sqrt(lam)
    return (lam.sum() / lam.sum()) * lam * (Phi ** 2).sum(0), F.T @ F


def _np_es(ap, B, rho, k):
    import numpy as np
    mu = np.sort(np.abs(np.linalg.eigvalsh(B + np.diag(ap / rho ** 2))))[::-1]
    return 1 - (np.sum(mu[k:] ** 2) / np.sum(mu ** 2)) ** 0.5


def test_rho_star_eval_independent(capsys):
    import numpy as np
    ap, B = _np_instance(0.7, 6, 7)
    rhos = np.logspace(-3, 4, 1401)
    f = [_np_es(ap, B, r, 2) - 0.92 for r in rhos]
    j = next(i for i in range(len(f) - 1) if (f[i] >= 0) != (f[i + 1] >= 0))
    lo, hi = rhos[j], rhos[j + 1]
    for _ in range(60):
        mid = (lo * hi) ** 0.5
        lo, hi = (mid, hi) if _np_es(ap, B, mid, 2) < 0.92 else (lo, mid)
    rc, out, _ = _run(capsys, "ribbon.rho_star", "spectrum=geometric", "c=0.7", "d=6", "T=7", "k=2", "tau=0.92")
    assert rc == 0 and abs(float(out) / lo - 1) < 1e-6


def test_rho_bracket_eval_json_and_text(capsys):
    import numpy as np
    ap, B = _np_instance(0.7, 6, 7)
    k, tau = 2, 0.92
    al, be, alk = np.linalg.norm(ap), np.linalg.norm(B), np.sqrt(np.sum(np.sort(ap)[::-1][k:] ** 2))
    rho_lo = (be * (2 - tau) / (alk - (1 - tau) * al)) ** -0.5   # S25(c) first branch = 1 - tau, solved
    args = ["ribbon.rho_bracket", "spectrum=geometric", "c=0.7", "d=6", "T=7", "k=2", "tau=0.92"]
    rc, out, _ = _run(capsys, *args, "--json")
    v = json.loads(out)["value"]
    assert rc == 0 and set(v) == {"rho_lo", "rho_hi"}
    assert abs(float(v["rho_lo"]) / rho_lo - 1) < 1e-9
    rc, out, _ = _run(capsys, *args)
    lines = dict(line.split("=") for line in out.splitlines())
    assert set(lines) == {"rho_lo", "rho_hi"} and float(lines["rho_lo"]) <= float(lines["rho_hi"])


def test_rho_star_inf_printed(capsys):
    rc, out, _ = _run(capsys, "ribbon.rho_star", "spectrum=geometric", "c=1", "d=8", "T=0", "k=1", "tau=0.99")
    assert rc == 0 and out == "inf"


@pytest.mark.parametrize("args,needle", [
    (["tau=1.5"], "tau must be in (0, 1)"), (["tau=0"], "tau must be in (0, 1)"),
    (["tau=0.9", "rho=1"], "unknown parameter 'rho'"), ([], "needs tau=")])
def test_boundary_bad_input(capsys, args, needle):
    for q in ("ribbon.rho_star", "ribbon.rho_bracket"):
        rc, out, err = _run(capsys, q, "spectrum=geometric", "c=1", "d=4", "T=3", "k=2", *args)
        assert rc == 2 and needle in err and len(err.splitlines()) == 1


def test_bt_factor_independent(capsys):
    """16 exp(pi^2/(4 log(8 floor(n/2)/pi)))^(-2k+2), evaluated here with mpmath's own context (S22); G7(a)'s
    sharp-reading factor 16 varrho_3^-2 = 0.0814... is the k = 2 exponent at n = 3, i.e. bt_factor(3, 2)."""
    ctx = mpmath.MPContext()
    ctx.dps = 40
    for n, k in ((3, 1), (101, 4), (1000, 7), (10**6, 20)):
        rho = ctx.exp(ctx.pi ** 2 / (4 * ctx.log(8 * (n // 2) / ctx.pi)))
        code, out, _ = _run(capsys, "ribbon.bt_factor", f"n={n}", f"k={k}", "--dps", "30")
        assert code == 0 and abs(ctx.mpf(out.strip()) / (16 * rho ** (-2 * k + 2)) - 1) < ctx.mpf(10) ** -28
    code, out, _ = _run(capsys, "ribbon.bt_factor", "n=5", "k=2", "--json")
    assert code == 0 and json.loads(out)["value"].startswith("0.")


@pytest.mark.parametrize("args, needle", [(("n=3", "k=2"), "k must be in 1..(n-1)/2"), (("n=2", "k=1"), "n must be"),
                                          (("n=10",), "k")])
def test_bt_factor_bad_input(capsys, args, needle):
    code = main(["eval", "ribbon.bt_factor", *args])
    assert code == 2 and needle in capsys.readouterr().err
