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


def _run(tmp_path, workers: str):
    """`sloppy verify` in a process of its own, as a user runs it (one BLAS thread set before NumPy loads: a test
    process may have loaded NumPy first, and a multi-threaded BLAS rounds differently)."""
    out = tmp_path / f"w{workers}"
    subprocess.run([sys.executable, "-m", "sloppy_verifier.verify.cli", "verify", *CLAIMS, "--profile", "quick", "--backend", "numpy",
                    "--no-sweep", "--out", str(out), "--workers", workers], cwd=ROOT, check=True, capture_output=True,
                   env=os.environ | {"PYTHONPATH": str(ROOT)}, timeout=250)
    claims = json.loads((out / "results.json").read_text())["claims"]
    for r in claims:
        r.pop("seconds")
    figures = {p.name: p.read_bytes() for p in sorted((out / "figures").iterdir())}
    return claims, figures


def test_two_workers_equal_one(tmp_path):
    """`sloppy verify` with 2 local workers (shared sweep units, figures drawn on the workers) writes the records and
    figure files of the one-process run, byte for byte, timings aside."""
    one, two = _run(tmp_path, "1"), _run(tmp_path, "2")
    assert any(name.startswith("fisher.mean_subtraction_limit") for name in one[1])
    assert two == one


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
