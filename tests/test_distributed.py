"""Runs on a real Dask cluster: a `dask scheduler` and two `dask worker` subprocesses on 127.0.0.1 (random free
ports, killed in ``finally``).  One worker is killed mid-run; the results must equal the one-process run's, with
no unit lost or recorded twice.  Also: a check that raises, an interrupted client, an unreachable scheduler."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from sloppy_verifier.theory import select
from sloppy_verifier.verify import distributed
from sloppy_verifier.verify.backend import get_backend
from sloppy_verifier.verify.cli import main
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.ribbon import sweep
from sloppy_verifier.verify.runner import run_claims

distributed_ = pytest.importorskip("distributed")
pytestmark = pytest.mark.timeout(240)

ROOT = Path(__file__).resolve().parents[1]
NUMPY = get_backend("numpy")
#: cheap claims of several kinds and costs (0.2-2 s each in the quick profile)
CLAIMS = ["ribbon.gd_logit_modes", "ribbon.gd_logit_recursion", "ribbon.gd_frozen_offset",
          "ribbon.trajectory_gram", "ribbon.gram_hankel", "ribbon.gram_psd_rank"]
SWEEP = sweep.Settings(c=(0.5, 1.0, 2.0), rho=(0.3, 1.0, 3.0, 10.0), T=(10,), seeds=2, scales=(1.0,))


#: orphans stop by themselves: an idle scheduler after 2 minutes, a worker 30 s after losing its scheduler
SCHEDULER_ARGS = ["--host", "127.0.0.1", "--no-dashboard", "--idle-timeout", "120"]
WORKER_ARGS = ["--host", "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard", "--death-timeout", "30"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dask_cluster(tmp_path, n_workers: int = 2):
    """``(address, {worker address: Popen})``: a scheduler and ``n_workers`` single-threaded workers (no nanny, so
    that killing a worker's process kills the worker) started with the `dask` command line."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = os.environ | {"PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    dask = [sys.executable, "-m", "dask"]
    procs = []

    def start(args, name):
        log = open(tmp_path / f"{name}.log", "wb")
        procs.append(subprocess.Popen(dask + args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                      start_new_session=True))
        log.close()
        return procs[-1]
    try:
        start(["scheduler", *SCHEDULER_ARGS, "--port", str(port)], "scheduler")
        workers = [start(["worker", address, *WORKER_ARGS, "--name", f"w{i}"], f"worker{i}") for i in range(n_workers)]
        client = None
        deadline = time.monotonic() + 60
        while client is None:
            try:
                client = distributed_.Client(address, timeout=5)
            except OSError:
                if time.monotonic() > deadline:
                    raise
        with client:
            client.wait_for_workers(n_workers, timeout=60)
            pids = client.run(os.getpid)
        by_pid = {p.pid: p for p in workers}
        yield address, {w: by_pid[pid] for w, pid in pids.items()}
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        for p in procs:
            p.wait(timeout=20)


def _busy_killer(client, workers, after: int = 1):
    """A progress sink that SIGKILLs a worker computing a unit, once, at the ``after``-th completed unit."""
    state = {"seen": 0, "killed": None}

    def progress(msg):
        if "[" not in msg or state["killed"]:
            return
        state["seen"] += 1
        if state["seen"] >= after:
            busy = [w for w, keys in client.processing().items() if keys and w in workers]
            if busy:
                workers[busy[0]].send_signal(signal.SIGKILL)
                state["killed"] = busy[0]
    return progress, state


def _timeless(obj):
    if isinstance(obj, dict):
        return {k: _timeless(v) for k, v in obj.items() if k not in ("seconds", "elapsed_s", "created")}
    if isinstance(obj, list):
        return [_timeless(v) for v in obj]
    return obj


def _sweep_content(path) -> dict:
    recs = [r for r in sweep.read_records(path) if r["type"] != "run"]
    keys = [r["key"] for r in recs]
    assert len(keys) == len(set(keys)), "a sweep record was written twice"
    return {r["key"]: _timeless(r) for r in recs}


def test_worker_killed_mid_run_loses_nothing(tmp_path):
    claims = select(CLAIMS)
    reference = run_claims(claims, Context(profile=PROFILES["quick"], backend=NUMPY, progress=lambda m: None))
    ref_sweep = tmp_path / "ref.jsonl"
    sweep.run(SWEEP, ref_sweep, NUMPY)
    with dask_cluster(tmp_path) as (address, workers), distributed_.Client(address) as client:
        progress, state = _busy_killer(client, workers, after=2)
        records = run_claims(claims, Context(profile=PROFILES["quick"], backend=NUMPY, progress=progress), client)
        assert state["killed"] is not None, "no worker was busy when one was to be killed"
    assert [r["id"] for r in records] == CLAIMS
    assert _timeless(records) == _timeless(reference)


def test_sweep_resumes_and_survives_a_killed_worker(tmp_path):
    ref = tmp_path / "ref.jsonl"
    sweep.run(SWEEP, ref, NUMPY)
    out = tmp_path / "cluster.jsonl"
    seen = []

    def interrupt(msg):
        seen.append(msg)
        if sum("[" in m for m in seen) == 3:
            raise KeyboardInterrupt           # the client is interrupted after 3 records were written
    with dask_cluster(tmp_path) as (address, workers), distributed_.Client(address) as client:
        with pytest.raises(KeyboardInterrupt):
            sweep.run(SWEEP, out, NUMPY, interrupt, client)
        assert len(_sweep_content(out)) == 3
        progress, state = _busy_killer(client, workers)
        st = sweep.run(SWEEP, out, NUMPY, progress, client)
        assert state["killed"] is not None, "no worker was busy when one was to be killed"
    assert st["cached"] == 3 and st["computed"] == sweep.size(SWEEP) - 3 and st["failed"] == 0
    assert _sweep_content(out) == _sweep_content(ref)


USER_CLAIMS = '''
import sympy as sp
from sloppy_verifier.theory import Claim, Interval, Kind, Param, Provenance, Tag, register
from sloppy_verifier.verify.check import check

x = sp.Symbol("x")
for i, name in enumerate(("square", "raises")):
    register(Claim(id=f"user.{name}", tag=f"U{i + 1}", kind=Kind.INEQ, title=name,
                   statement=sp.Ge((x - 1) ** 2, 0), parameters=(Param("x", Interval(-3, 3), "x"),),
                   provenance=Provenance(tags=(Tag.USER,), source="test", note="test")))


@check("user.raises")
def _boom(claim, ctx):
    raise ZeroDivisionError("planted defect")
'''


def test_cli_on_external_cluster_equals_one_process(tmp_path, capsys):
    """`sloppy verify` and `sloppy sweep` with --scheduler give the one-process results; a raising check is
    inconclusive with its error (on the workers, which re-load the user's file) and the other claim holds."""
    user = tmp_path / "mine.py"
    user.write_text(textwrap.dedent(USER_CLAIMS))
    sweep_args = ["sweep", "--c", "1,2", "--T", "1,10", "--rho", "1,3", "--d", "8", "--N", "12", "--M", "4",
                  "--seeds", "2", "--scales", "1", "--backend", "numpy", "--quiet"]
    runs = {}
    for how in ("one", "cluster"):
        extra = ["--workers", "1"]
        with (dask_cluster(tmp_path) if how == "cluster" else _nothing()) as cl:
            if cl is not None:
                extra = ["--scheduler", cl[0]]
            rc_cat = main(["verify", *CLAIMS[4:], "--profile", "quick", "--backend", "numpy", "--no-sweep",
                           "--out", str(tmp_path / how / "cat"), *extra])
            rc_user = main(["verify", "--claims", str(user), "--profile", "quick", "--backend", "numpy",
                            "--out", str(tmp_path / how / "user"), *extra])
            rc_sweep = main(sweep_args + ["--out", str(tmp_path / how / "s.jsonl"), *extra])
        assert (rc_cat, rc_user, rc_sweep) == (0, 1, 0)
        runs[how] = [json.loads((tmp_path / how / d / "results.json").read_text())["claims"] for d in ("cat", "user")]
        runs[how].append(_sweep_content(tmp_path / how / "s.jsonl"))
    capsys.readouterr()
    assert _timeless(runs["cluster"]) == _timeless(runs["one"])
    user_recs = {r["id"]: r for r in runs["cluster"][1]}
    assert user_recs["user.square"]["verdict"] == "proved"
    assert user_recs["user.raises"]["verdict"] == "inconclusive"
    assert "ZeroDivisionError: planted defect" in user_recs["user.raises"]["evidence"][0]["summary"]


@contextmanager
def _nothing():
    yield None


@pytest.mark.parametrize("command", [["verify", "ribbon.gram_hankel"], ["sweep", "--c", "1", "--T", "1"]])
def test_unreachable_scheduler_is_one_line_exit_2(tmp_path, capsys, monkeypatch, command):
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT_S", 2)
    address = f"tcp://127.0.0.1:{_free_port()}"
    assert main([*command, "--scheduler", address, "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"sloppy: error: --scheduler {address}: cannot reach the scheduler")


def test_workers_option_is_validated(capsys):
    assert main(["verify", "--workers", "0"]) == 2
    assert "--workers must be an integer in 1..4096" in capsys.readouterr().err
    assert main(["sweep", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_workers_without_one_blas_thread_are_refused(tmp_path, capsys):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"} | {"PYTHONPATH": str(ROOT)}
    dask = [sys.executable, "-m", "dask"]
    procs = [subprocess.Popen(dask + ["scheduler", *SCHEDULER_ARGS, "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        procs.append(subprocess.Popen(dask + ["worker", f"tcp://127.0.0.1:{port}", *WORKER_ARGS],
                                      env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        rc = main(["verify", "ribbon.gram_hankel", "--scheduler", f"tcp://127.0.0.1:{port}", "--out", str(tmp_path)])
        assert rc == 2 and "lack OPENBLAS_NUM_THREADS=1" in capsys.readouterr().err
    finally:
        for p in procs:
            p.kill()
            p.wait(timeout=20)


def test_hypothesis_draws_do_not_depend_on_imported_modules():
    """Hypothesis harvests constants from the project's imported modules into its draws unless the runner stops
    it: a CLI process, a worker and a test import different modules, so their examples would differ."""
    import sloppy_verifier.verify.runner  # noqa: F401
    providers = pytest.importorskip("hypothesis.internal.conjecture.providers")
    if hasattr(providers, "_get_local_constants"):
        assert not any(providers._get_local_constants().set_for_type(t) for t in (int, float, bytes, str))
