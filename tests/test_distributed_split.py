"""A claim's shared parts as units of their own: the Fisher width sweep's networks are computed once per cluster
however many claims ask for them, the figures are drawn on the workers, and the results (records, figures) equal
the one-process run's.  Embedded ``LocalCluster`` on 127.0.0.1 (see tests/test_distributed.py for the faults)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from sloppy_verifier.verify import distributed
from sloppy_verifier.verify.checks import fisher_sim

pytest.importorskip("distributed")
pytestmark = pytest.mark.timeout(600)

ROOT = Path(__file__).resolve().parents[1]

#: a claim on a shared width sweep (config A20: 64 networks of widths 250..2000 in the quick profile), with
#: figures, and two cheap claims without a sweep
CLAIMS = ["fisher.mean_subtraction_limit", "ribbon.gram_psd_rank", "ribbon.gd_logit_modes"]


def _host(stats: dict) -> dict:
    return {k: np.asarray(v).tolist() for k, v in stats.items()}


def test_shared_units_are_computed_once_and_equal_local():
    """Four units ask for the same 6 networks: the cluster computes each network once (the workers' cache misses
    add up to 6, not 24) and every unit gets the in-process statistics."""
    calls = [("A20", M, 1000 * M + s, "numpy") for M in (40, 80) for s in range(3)]
    costs = [M * M for _, M, _, _ in calls]
    here = [_host(fisher_sim._network_unit(*c)) for c in calls]
    with distributed.cluster(2, None, 4) as client:
        asks = [distributed.submit(client, "asks", partial(distributed.shared_map, fisher_sim._network_unit, calls,
                                                           costs)) for _ in range(4)]
        got = client.gather(asks)
        misses = client.run(lambda: __import__("sloppy_verifier.verify.checks.fisher_sim", fromlist=["x"])
                            ._network_stats.cache_info().misses)
    assert sum(misses.values()) == len(calls)
    assert all([_host(s) for s in g] == here for g in got)


def _run(tmp_path, workers: str, claims=CLAIMS, sweep_lines=None):
    """`sloppy verify` in a process of its own, as a user runs it (one BLAS thread set before NumPy loads: a test
    process may have loaded NumPy first, and a multi-threaded BLAS rounds differently); ``sweep_lines``: sweep
    records already in the report directory (the phase page is drawn from them)."""
    out = tmp_path / f"w{workers}"
    if sweep_lines is not None:
        (out / "sweeps").mkdir(parents=True)
        (out / "sweeps" / "quick.jsonl").write_text("\n".join(json.dumps(r) for r in sweep_lines) + "\n")
    subprocess.run([sys.executable, "-m", "sloppy_verifier.verify.cli", "verify", *claims, "--profile", "quick", "--backend", "numpy",
                    "--no-sweep", "--out", str(out), "--workers", workers], cwd=ROOT, check=True, capture_output=True,
                   env=os.environ | {"PYTHONPATH": str(ROOT)}, timeout=250)
    records = json.loads((out / "results.json").read_text())["claims"]
    for r in records:
        r.pop("seconds")
    figures = {p.name: p.read_bytes() for p in sorted((out / "figures").iterdir())}
    return records, figures, (out / "phase.html").read_bytes()


def test_two_workers_equal_one(tmp_path):
    """`sloppy verify` with 2 local workers (shared sweep units, figures drawn on the workers) writes the records and
    figure files of the one-process run, byte for byte, timings aside."""
    one, two = _run(tmp_path, "1"), _run(tmp_path, "2")
    assert any(name.startswith("fisher.mean_subtraction_limit") for name in one[1]) and "c_A.svg" in one[1]
    assert two == one


def test_phase_page_drawn_on_workers_equals_local(tmp_path):
    """The phase page's jobs (planes, a figure per T, the figure across T, the bracket, c_A) run as units on 2
    workers while the claims run: phase.html and every figure file equal the one-process run's, byte for byte."""
    from test_report import _sweep_lines
    one, two = (_run(tmp_path, w, CLAIMS[1:], list(_sweep_lines())) for w in ("1", "2"))
    for name in ("phase_abc123_T1", "phase_abc123_T10", "phase_abc123_multiples", "bracket_abc123", "c_A"):
        assert f"{name}.png" in one[1] and f"{name}.svg" in one[1], name
    assert b"not drawn" not in one[2]
    assert two == one


def test_a_phase_job_that_raises_costs_only_its_figures(tmp_path, monkeypatch):
    """On a cluster (threads, so the planted defects reach the workers): a failing plane costs the figures drawn
    from it, a failing figure only itself; render notes both, draws the rest and takes the workers' results."""
    from distributed import Client, LocalCluster, wait
    from test_report import _sweep_lines

    from sloppy_verifier.verify.report import phase
    (tmp_path / "sweeps").mkdir()
    (tmp_path / "sweeps" / "a.jsonl").write_text("\n".join(json.dumps(r) for r in _sweep_lines()))
    real_plane = phase.plane

    def plane(panel, lim):
        if panel["T"] == 1:
            raise RuntimeError("planted plane defect")
        return real_plane(panel, lim)
    monkeypatch.setattr(phase, "plane", plane)
    monkeypatch.setattr(phase, "bracket_figure", lambda panels: 1 / 0)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as lc, \
            Client(lc) as client:
        futures = phase.submit_all(client, tmp_path, tmp_path / "figures", 0.0)
        wait([f for _, f in futures.values()])
        done = {name: (d, f.result()) for name, (d, f) in futures.items()}
    monkeypatch.setattr(phase, "ca_figure", lambda *a: 1 / 0)       # not called again: the workers' result is used
    written = {}
    sections, notes = phase.render(tmp_path, tmp_path / "figures", lambda p, d: written.setdefault(p.name, d), done)
    assert "Figure phase_abc123_T1 not drawn: needs a job that failed (RuntimeError: planted plane defect)" in notes
    assert "Figure phase_abc123_multiples not drawn: needs a job that failed (RuntimeError: planted plane defect)" in notes
    assert "Figure bracket_abc123 not drawn: ZeroDivisionError: division by zero" in notes
    assert {"phase_abc123_T10.svg", "c_A.svg"} <= set(written) and "phase_abc123_T1.svg" not in written
    assert [h for h, _, _ in sections] == ["T = 10 (k = 2, tau = 0.9, d = 20; settings abc123)",
                                           "c_A(T) against its asymptote (S20)"]


def test_render_takes_drawn_figures_of_matching_records_only(tmp_path):
    """``render`` writes the figures drawn on a worker for the record that results.json holds, and draws afresh
    for a record that differs from the one they were drawn for (a planted marker shows which was used)."""
    from test_report import synthetic_doc

    from sloppy_verifier.verify.report import draw, render
    doc = synthetic_doc()
    (tmp_path / "results.json").write_text(json.dumps(doc))
    fig_dir = tmp_path / "figures"
    same, other = doc["claims"][1], doc["claims"][7]             # both have an asymptotic figure
    drawn = {}
    for rec, changed in ((same, False), (other, True)):
        digest, meta, files = draw(dict(rec, title="changed") if changed else rec, fig_dir)
        drawn[rec["id"]] = (digest, meta, [(p, b"planted" if p.suffix == ".csv" else d) for p, d in files])
    render(tmp_path, drawn)
    assert (fig_dir / f"{same['id']}.asymptotic.csv").read_bytes() == b"planted"
    assert (fig_dir / f"{other['id']}.asymptotic.csv").read_bytes() != b"planted"


def test_monte_carlo_cells_are_units_of_their_own(monkeypatch):
    """F3c and F8b ask for their 36 cells as independent units (seed 10^7 seed + cell index: the unit's identity,
    never its placement), and a cell computed on a worker equals the one computed here."""
    from sloppy_verifier.theory import select
    from sloppy_verifier.verify.checks import fisher_mc
    from sloppy_verifier.verify.checks import run_check
    from sloppy_verifier.verify.context import PROFILES, Context
    asked = []

    def record(fn, calls, costs):
        asked.extend(calls)
        return [((1.0, 0.01, 4096), 0.5)] * len(calls)
    monkeypatch.setattr(fisher_mc, "shared_map", record)
    ctx = Context(profile=PROFILES["quick"], seed=3, progress=lambda m: None)
    for cid in ("fisher.trace_expectation_homogeneous", "fisher.fisher_rao_expectation"):
        run_check(select([cid])[0], ctx)
    assert [c[0] for c in asked] == ["trF_cond"] * 36 + ["fisher_rao"] * 36
    assert [c[6] for c in asked] == [3 * 10**7 + i for i in range(36)] * 2
    cells = [("trF_cond", "relu", None, 2.0, 3, 4, 5, 0.02, "numpy"), ("fisher_rao", "leaky_relu", 0.2, 1.5, 2, 4, 6, 0.02, "numpy")]
    here = [fisher_mc._cell_unit(*c) for c in cells]
    with distributed.cluster(2, None, 2) as client:
        got = client.gather(distributed.submit(client, "cells", partial(distributed.shared_map, fisher_mc._cell_unit,
                                                                        cells, [1, 1])))
    assert got == here
