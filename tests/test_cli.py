"""The command line: catalogue, eval against independent values, verify's report, one-line errors."""
import json

import mpmath
import pytest

from sloppy_verifier.verify.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) >= 50 and any(l.startswith("fisher.lambda_max_limit") and " F5b " in l for l in lines)


CTX = mpmath.MPContext()
CTX.dps = 40


def _relu_kappa2_equal_widths(L):
    """Independent route (spec F2, ReLU(2, 0)): c^{l+1} = rho(c^l), qtilde_2^l = prod (1 - acos(c)/pi)."""
    ctx = CTX
    rho = lambda c: (ctx.sqrt(1 - c * c) + (ctx.pi - ctx.acos(c)) * c) / ctx.pi
    c = [None, ctx.mpf(0)]                     # c^1 = 0
    for _ in range(2, L + 1):                  # c^2 .. c^L
        c.append(rho(c[-1]))
    qhat2 = [ctx.mpf(0)] + [c[l + 1] for l in range(1, L)]          # qhat_2^l = c^{l+1}
    qt2 = [ctx.fprod(1 - ctx.acos(c[j]) / ctx.pi for j in range(l, L)) for l in range(1, L + 1)]
    return ctx.fsum(qt2[l - 1] * qhat2[l - 1] for l in range(1, L + 1)) / (L - 1)


@pytest.mark.parametrize("L", [4, 6])
def test_eval_matches_independent_relu_kappa2(capsys, L):
    code, out, _ = run(capsys, "eval", "fisher.kappa2", "activation=relu", "sigma_w2=2", f"L={L}", "--dps", "30")
    assert code == 0
    assert abs(CTX.mpf(out.strip()) - _relu_kappa2_equal_widths(L)) < CTX.mpf(10) ** -29


def test_eval_linear_closed_forms_and_json(capsys):
    # linear, sigma_w^2 = 1, equal widths (spec F2): kappa_1 = (L + sb L(L-1)/2)/(L-1), kappa_2 = sb L/2
    L, sb = 5, CTX.mpf(3) / 10
    code, out, _ = run(capsys, "eval", "fisher.kappa1", "activation=linear", "sigma_w2=1", "sigma_b2=0.3",
                       f"L={L}", "--json", "--dps", "25")
    doc = json.loads(out)
    assert code == 0 and set(doc) == {"quantity", "parameters", "value", "dps"} and doc["dps"] == 25
    assert len(doc["value"].replace(".", "").lstrip("0")) >= 25
    assert abs(CTX.mpf(doc["value"]) - (L + sb * L * (L - 1) / 2) / (L - 1)) < CTX.mpf(10) ** -24
    code, out, _ = run(capsys, "eval", "fisher.lambda_max", "activation=linear", "sigma_w2=1", "sigma_b2=0.1",
                       "L=3", "T=10", "M=1", "C=2")
    assert code == 2   # C is not a parameter of lambda_max


def test_eval_lambda_max_unequal_widths(capsys):
    # R9 geometry (spec §4): lambda_max/M = 1.01649942375744356549196724197 at T = 30
    code, out, _ = run(capsys, "eval", "fisher.lambda_max", "activation=relu", "sigma_w2=2", "L=4",
                       "alphas=2,1,0.5,1", "T=30", "M=1", "--dps", "30")
    assert code == 0 and out.strip().startswith("1.0164994237574435654919672419")


@pytest.mark.parametrize("argv, needle", [
    (["eval", "fisher.nope", "activation=relu"], "unknown quantity"),
    (["eval", "fisher.kappa1", "activation=sigmoid", "sigma_w2=1", "L=3"], "activation"),
    (["eval", "fisher.kappa1", "activation=relu", "sigma_w2=-1", "L=3"], "sigma_w2 must be > 0"),
    (["eval", "fisher.kappa1", "activation=relu", "sigma_w2=1", "sigma_b2=-0.1", "L=3"], "sigma_b2 must be >= 0"),
    (["eval", "fisher.kappa1", "activation=relu", "sigma_w2=1", "L=1"], "L must be"),
    (["eval", "fisher.kappa1", "activation=relu", "sigma_w2=1", "L=3", "alphas=1,1"], "alphas must have L=3"),
    (["eval", "fisher.kappa1", "activation=relu", "sigma_w2", "L=3"], "malformed"),
    (["eval", "fisher.kappa1", "activation=relu", "sigma_w^2=1", "L=3"], "write sigma_w2, the claims' spelling"),
    (["eval", "fisher.kappa1", "activation=leaky_relu", "sigma_w2=1", "L=3"], "needs a="),
    (["eval", "fisher.kappa1", "activation=relu", "sigma_w2=1", "L=3", "--dps", "100000"], "--dps"),
    (["eval", "fisher.m_lambda", "activation=relu", "sigma_w2=1", "L=3", "C=2"], "needs M="),
    (["verify", "F99"], "no claim matches"),
    (["verify", "--backend", "tpu"], "invalid choice"),
])
def test_bad_input_is_one_line_exit_2(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_verify_writes_results(capsys, tmp_path):
    code, out, err = run(capsys, "verify", "F3a", "F10c", "--profile", "quick", "--dps", "20", "--out", str(tmp_path))
    assert code == 0, out
    doc = json.loads((tmp_path / "results.json").read_text())
    assert doc["schema_version"] == 1 and doc["summary"]["ok"]
    assert {"seed", "dps", "backend", "versions", "profile"} <= set(doc["settings"])
    assert {c["id"] for c in doc["claims"]} == {"fisher.trace_duality", "fisher.depth_recursion"}
    assert all(c["evidence"] for c in doc["claims"]) and "[" in err   # progress went to stderr


def test_info(capsys):
    code, out, _ = run(capsys, "info")
    assert code == 0 and "sympy" in out and "gpu" in out


def test_verify_runs_the_phase_sweep_for_phase_claims(capsys, tmp_path, monkeypatch):
    """Selecting an S26/S27 claim runs (or resumes) the profile's sweep preset into OUT/sweeps for the report's phase
    diagrams; --no-sweep skips it; other selections never run it."""
    from sloppy_verifier.verify.ribbon import sweep
    calls = []
    monkeypatch.setattr(sweep, "run", lambda s, path, backend, progress, client=None: calls.append((s, path)) or
                        {"items": 0, "computed": 0, "cached": 0, "failed": 0, "seconds": 0.0})
    main(["verify", "ribbon.k1_anisotropic_counterexample", "--profile", "quick", "--out", str(tmp_path)])
    assert len(calls) == 1 and calls[0][1] == tmp_path / "sweeps" / "quick.jsonl"
    assert calls[0][0] == sweep.settings_from("quick")
    main(["verify", "ribbon.k1_anisotropic_counterexample", "--profile", "quick", "--no-sweep", "--out", str(tmp_path)])
    main(["verify", "F10c", "--profile", "quick", "--dps", "20", "--out", str(tmp_path)])
    assert len(calls) == 1
    capsys.readouterr()


def test_list_markdown(capsys):
    from sloppy_verifier.theory import catalogue
    code, out, _ = run(capsys, "list", "--markdown")
    rows = out.strip().splitlines()
    assert code == 0 and rows[0] == "| id | tag | kind | statement |" and len(rows) == len(catalogue()) + 2
    assert any(r.startswith("| `ribbon.bt_bound` | S22 | CITED |") for r in rows)


# ---------------------------------------------------------------- every `sloppy eval` quantity, through the CLI
def _relu_critical(L):
    """ReLU(2, 0), equal widths (spec F2): qhat_1 = qtilde_1 = 1, so alpha = L - 1, kappa_1 = L/(L - 1)."""
    return CTX.mpf(L - 1), CTX.mpf(L) / (L - 1), _relu_kappa2_equal_widths(L)


def _fisher_expected(name, L, C, T, M):
    al, k1, k2 = _relu_critical(L)
    lam_max = al * M * ((1 - CTX.mpf(1) / T) * k2 + k1 / T)
    return {"fisher.alpha": al, "fisher.kappa1": k1, "fisher.kappa2": k2, "fisher.m_lambda": k1 * C / M,
            "fisher.s_lambda": al * C * ((1 - CTX.mpf(1) / T) * k2 ** 2 + k1 ** 2 / T),
            "fisher.lambda_max": lam_max, "fisher.bulk": al * M * (k1 - k2) / T, "fisher.eta_c": 2 / lam_max}[name]


def _direct_S(c, d, T, rho):
    """``S_∞ = ρ^{-2} A' + B`` (§1.7) from the trajectory sums themselves, float64: ``r_k = 1 − λ_k`` (η = 1/λ_1),
    ``A'_kk = λ_k Σ_t r_k^{2t}``, ``B_kl = s_k s_l Σ_t (r_k^t − r̄_k)(r_l^t − r̄_l)`` (centred, not Q − n r̄ r̄ᵀ)."""
    import numpy as np
    lam = np.exp(-c * np.arange(d))
    R = (1 - lam)[None, :] ** np.arange(T + 1)[:, None]            # R[t, k] = r_k^t
    Rc = R - R.mean(axis=0)
    B = np.sqrt(lam)[:, None] * (Rc.T @ Rc) * np.sqrt(lam)[None, :]
    return np.diag(lam * (R ** 2).sum(axis=0)) / rho ** 2 + B


def _es2(S):
    import numpy as np
    mu = np.sort(np.abs(np.linalg.eigvalsh(S)))[::-1]
    return 1 - np.sqrt((mu[2:] ** 2).sum() / (mu ** 2).sum())


def _varrho(n):
    return CTX.exp(CTX.pi ** 2 / (4 * CTX.log(8 * (n // 2) / CTX.pi)))     # spec S22


RELU = ["activation=relu", "sigma_w2=2", "L=5"]
RIBBON = ["spectrum=geometric", "c=1", "d=100", "T=10", "k=2"]          # spec S27 reference family, (c, T) = (1, 10)
EVAL_CASES = {   # quantity -> (valid parameters, check(value), invalid parameters, expected one-line message)
    **{q: (RELU + extra, lambda v, q=q: abs(v - _fisher_expected(q, 5, 3, 4, 7)) < CTX.mpf(10) ** -28,
           RELU[:2] + ["L=1"] + extra, "L must be an integer in 2..200")
       for q, extra in [("fisher.alpha", []), ("fisher.kappa1", []), ("fisher.kappa2", []),
                        ("fisher.m_lambda", ["C=3", "M=7"]), ("fisher.s_lambda", ["C=3", "T=4"]),
                        ("fisher.lambda_max", ["T=4", "M=7"]), ("fisher.bulk", ["T=4", "M=7"]),
                        ("fisher.eta_c", ["T=4", "M=7"])]},
    # spec S27 table and ES₂ grid (3 digits) and the direct float64 route (1e-10)
    "ribbon.population_es": (RIBBON + ["rho=1"], lambda v: abs(v - CTX.mpf("0.720")) < 5e-4 and
                             abs(v - _es2(_direct_S(1.0, 100, 10, 1.0))) < 1e-10,
                             RIBBON[:3] + ["T=10", "k=101", "rho=1"], "k must be in 1..d = 1..100"),
    "ribbon.cloud_es": (RIBBON, lambda v: abs(v - CTX.mpf("0.517")) < 5e-4 and
                        abs(v - _es2(_direct_S(1.0, 100, 10, 1e-8))) < 1e-10,
                        RIBBON[:2] + ["d=0", "T=10", "k=1"], "d must be an integer in 1..1000000"),
    "ribbon.c_A": (["T=10", "k=2", "tau=0.9", "d=100"], lambda v: abs(v - CTX.mpf("2.243")) < 5e-4 and
                   abs(_es2(_direct_S(float(v), 100, 10, 1e-8)) - 0.9) < 1e-10,
                   ["T=10", "k=2", "tau=1", "d=100"], "tau must be in (0, 1)"),
    "ribbon.rho_star": (RIBBON + ["tau=0.9"], lambda v: abs(v - CTX.mpf("2.18")) < 5e-3 and
                        abs(_es2(_direct_S(1.0, 100, 10, float(v))) - 0.9) < 1e-10,
                        RIBBON + ["tau=0.9", "eta_lam1=2"], "eta_lam1 must be in (0, 2)"),
    "ribbon.rho_bracket": (RIBBON + ["tau=0.9"], lambda v: abs(v["rho_lo"] - CTX.mpf("0.615")) < 5e-4 and
                           abs(v["rho_hi"] - CTX.mpf("3.20")) < 5e-3 and
                           _es2(_direct_S(1.0, 100, 10, float(v["rho_lo"]))) < 0.9 <
                           _es2(_direct_S(1.0, 100, 10, float(v["rho_hi"]))),
                           ["spectrum=geometric", "c=-1", "d=100", "T=10", "k=2", "tau=0.9"], "c must be >= 0"),
    "ribbon.bt_factor": (["n=101", "k=10"], lambda v: abs(v - 16 * _varrho(101) ** -18) < CTX.mpf(10) ** -28,
                         ["n=2", "k=1"], "n must be an integer in 3..1000000000000"),
}


def test_varrho_closed_form_matches_the_spec():
    assert abs(16 * _varrho(3) ** -2 - CTX.mpf("0.0815203388")) < 1e-10       # spec S22/G7(a)


@pytest.mark.parametrize("name", sorted(EVAL_CASES))
def test_eval_every_quantity(capsys, name):
    """Each quantity through the CLI: valid input against an independent value, invalid input one line, exit 2."""
    good, check, bad, needle = EVAL_CASES[name]
    code, out, err = run(capsys, "eval", name, *good, "--dps", "30")
    assert code == 0, err
    lines = dict(l.split("=", 1) for l in out.split()) if "=" in out else None
    value = {k: CTX.mpf(v) for k, v in lines.items()} if lines else CTX.mpf(out.strip())
    assert check(value), out
    code, out, err = run(capsys, "eval", name, *bad)
    assert code == 2 and needle in err and err.count("\n") == 1 and "Traceback" not in err, err


def test_eval_cases_cover_every_quantity():
    from sloppy_verifier.verify.eval_quantities import QUANTITIES
    assert set(EVAL_CASES) == set(QUANTITIES)
