"""The command line: catalogue, eval against independent values, verify's report, one-line errors."""
import json

import mpmath
import pytest

from verify.cli import main


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
    from verify.ribbon import sweep
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
    from theory.claim import catalogue
    code, out, _ = run(capsys, "list", "--markdown")
    rows = out.strip().splitlines()
    assert code == 0 and rows[0] == "| id | tag | kind | statement |" and len(rows) == len(catalogue()) + 2
    assert any(r.startswith("| `ribbon.bt_bound` | S22 | CITED |") for r in rows)
