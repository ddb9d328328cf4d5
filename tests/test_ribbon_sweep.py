"""Phase-diagram sweep (issue 4): finite-M ensembles, the resumable store, the CLI, and the spec's check-log points."""
import json
import math

import numpy as np
import pytest

from sloppy_verifier.verify.backend import get_backend
from sloppy_verifier.verify.cli import main
from sloppy_verifier.verify.ribbon import ensemble_sim as sim
from sloppy_verifier.verify.ribbon import sweep

NUMPY = get_backend("numpy")
TINY = sweep.Settings(c=(1.0,), rho=(1.0, 3.0), T=(1, 3), d=8, N=12, M=4, seeds=2, scales=(1.0,), bern_M=4)


def _ensemble(M=6, T=5, c=1.0, keep=6, j=0):
    return sim.Ensemble(sim.Spec(c=c, T=T, d=10, N=16, M=M), sim.generator(0, j), np, keep=keep)


def test_covariance_route_equals_distance_route():
    e = _ensemble()
    for rho in (0.1, 1.0, 30.0):
        assert abs(e.gaussian_es(rho, 2) - e.gaussian_es_direct(rho, 2, 6)) < 1e-9


def test_bernoulli_tends_to_gaussian_as_scale_shrinks():
    e = _ensemble()
    gaps = [abs(e.bernoulli_es(2.0, 2, s, 6)[0] - e.gaussian_es(2.0, 2)) for s in (1.0, 0.1, 0.01)]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-5
    assert gaps[1] / gaps[0] < 0.05          # d_B = delta^2/32 + O(delta^4): the gap shrinks like scale^2


def test_same_draws_for_every_rho_and_T():
    a, b = _ensemble(T=3), _ensemble(T=7)
    assert np.array_equal(a.teach[:4], b.teach[:4])


def test_crossing():
    f = lambda r: 1 - 1 / (1 + r)  # noqa: E731  (crosses 0.75 at r = 3)
    rhos = [0.5, 1, 2, 4, 8]
    status, r = sim.crossing(f, rhos, [f(v) for v in rhos], 0.75)
    assert status == "crossing" and abs(r - 3) < 1e-6
    assert sim.crossing(f, rhos, [f(v) for v in rhos], 0.2)[0] == "below"
    assert sim.crossing(f, rhos, [f(v) for v in rhos], 0.95)[0] == "above"
    assert sim.boundary_summary([("crossing", 2.0), ("above", None)])["status"] == "mixed"


def _content(path):
    """Point and boundary records without their timing."""
    return [{k: v for k, v in r.items() if k != "elapsed_s"} for r in sweep.read_records(path)
            if r["type"] != "run"]


def test_resume_after_kill_recomputes_nothing_and_matches(tmp_path):
    full = tmp_path / "full.jsonl"
    st = sweep.run(TINY, full, NUMPY)
    assert st == st | {"items": 6, "computed": 6, "cached": 0}
    before = full.read_bytes()
    assert sweep.run(TINY, full, NUMPY)["computed"] == 0 and full.read_bytes() == before

    part = tmp_path / "part.jsonl"
    seen = []

    def killer(msg):
        seen.append(msg)
        if len(seen) == 2:
            raise KeyboardInterrupt          # killed after two records were written
    with pytest.raises(KeyboardInterrupt):
        sweep.run(TINY, part, NUMPY, killer)
    with open(part, "ab") as fh:             # and a torn line from a record in progress
        fh.write(b'{"type": "point", "key": "abc", "rho": 1.')
    kept = _content(part)[:2]
    st = sweep.run(TINY, part, NUMPY)
    assert st["cached"] == 2 and st["computed"] == 4
    assert _content(part)[:2] == kept and _content(part) == _content(full)


def test_schema(tmp_path):
    path = tmp_path / "s.jsonl"
    sweep.run(TINY, path, NUMPY)
    pts, bds = sweep.read_records(path, "point"), sweep.read_records(path, "boundary")
    assert len(pts) == 4 and len(bds) == 2
    p = pts[0]
    for field in ("key", "settings_hash", "code_version", "seed", "backend", "versions", "c", "rho", "T"):
        assert field in p
    assert len(p["gaussian"]["es"]) == 2 and p["bernoulli"][0]["scale"] == 1.0
    assert set(p["certificate"]) == {"ribbon", "ribbon_c1", "no_ribbon", "no_ribbon_bound"}
    b = bds[0]
    assert set(b["exact"]) >= {"rho_star", "rho_lo", "rho_hi", "phase"}
    assert b["gaussian"]["status"] in ("crossing", "below", "above", "mixed")
    rs = b["exact"]["rho_star"]
    if isinstance(rs, float) and rs > 0:      # the S26 bracket
        assert b["exact"]["rho_lo"] <= rs <= (math.inf if b["exact"]["rho_hi"] == "inf" else b["exact"]["rho_hi"])


def test_settings_change_invalidates_points(tmp_path):
    path = tmp_path / "s.jsonl"
    sweep.run(TINY, path, NUMPY)
    more = sweep.Settings(**{**TINY.__dict__, "rho": (1.0, 3.0, 10.0)})
    st = sweep.run(more, path, NUMPY)
    assert st["computed"] == 2 + 2            # the new rho column and both boundaries (their grid changed)
    other = sweep.Settings(**{**TINY.__dict__, "M": 5})
    assert sweep.run(other, path, NUMPY)["cached"] == 0


def test_one_writer(tmp_path):
    store = sweep.Store(tmp_path / "a.jsonl")
    with pytest.raises(sweep.SweepError, match="another sweep"):
        sweep.Store(tmp_path / "a.jsonl")
    store.close()


@pytest.mark.parametrize("args", [["--tau", "1.5"], ["--c", "1,x"], ["--preset", "huge"], ["--k", "99"],
                                  ["--T", "0"], ["--rho", "1e9"], ["--M", "2,3"], ["--scales", "-1"]])
def test_cli_bad_arguments(args, tmp_path, capsys):
    assert main(["sweep", *args, "--out", str(tmp_path / "x.jsonl")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("sloppy: error:") and "\n" not in err


def test_cli_runs_and_resumes(tmp_path, capsys):
    out = tmp_path / "c.jsonl"
    argv = ["sweep", "--c", "1", "--T", "1", "--rho", "1,3", "--d", "8", "--N", "12", "--M", "4", "--seeds", "2",
            "--scales", "1", "--backend", "numpy", "--out", str(out)]
    assert main(argv) == 0
    cap = capsys.readouterr()
    assert "3 computed" in cap.out and "[3/3]" in cap.err and "ETA" in cap.err
    assert main(argv + ["--quiet"]) == 0
    cap = capsys.readouterr()
    assert "0 computed, 3 already there" in cap.out and cap.err == ""
    assert all(json.loads(line) for line in out.read_text().splitlines())


@pytest.mark.slow
def test_spec_check_log_point_gaussian():
    """S27 check log: c = 1, T = 10, rho = 3, d = 100, N = 300: population 0.941, Gaussian M = 100 0.938."""
    from sloppy_verifier.verify.ribbon import certificates as cert
    from sloppy_verifier.verify.ribbon import population as pop
    P = cert.population(pop.spectrum("geometric", 1, 100, 30), [1] * 100, 1, 10, 20)
    assert round(float(cert.es(P, 3, 2)), 3) == 0.941
    spec = sim.Spec(c=1.0, T=10, d=100, N=300, M=100)
    vals = [sim.Ensemble(spec, sim.generator(0, j), np).gaussian_es(3.0, 2) for j in range(6)]
    s = sim.summary(vals)
    assert abs(s["mean"] - 0.938) <= 3 * s["se"] and abs(s["mean"] - 0.941) <= 3 * s["se"]


def test_k4_verdicts_quick():
    """K4 under the quick profile: the Gaussian rate holds (gating), the Bernoulli limit holds (reported only)."""
    from sloppy_verifier.theory import select
    from sloppy_verifier.verify.context import PROFILES, Context
    from sloppy_verifier.verify.runner import run_claims
    ctx = Context(profile=PROFILES["quick"], seed=0, dps=30, progress=lambda msg: None)
    recs = {r["id"]: r for r in run_claims(select(["ribbon.k4_gaussian_es", "ribbon.k4_bernoulli_boundary"]), ctx)}
    assert recs["ribbon.k4_gaussian_es"]["verdict"] == "holds" and recs["ribbon.k4_gaussian_es"]["gating"]
    b = recs["ribbon.k4_bernoulli_boundary"]
    assert b["verdict"] == "holds" and not b["gating"]
    case = b["evidence"][-1]["data"]["cases"][0]
    assert 1.5 < float(case["trend_exponent"]) < 2.5          # rho_B(s) - rho_G = O(s^2) (S6)
