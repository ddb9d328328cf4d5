"""Dask distributed: 2 local workers against 1 (the in-process path), and the overhead per unit.

    PYTHONPATH=. python -m benchmarks.bench_distributed [--claims N] [--write]
    PYTHONPATH=. python -m benchmarks.bench_distributed --whole [--order 1,2,2,1]

Every measurement runs in a fresh Python process (caches cold in both arms: the in-process path would otherwise
keep the sympy and network caches of an earlier repetition), alternating the arms 1, 2, 2, 1 so that a drift of the
machine's load hits both alike.  Timed:

1. ``run_claims`` of a fixed subset of the catalogue in the quick profile (every k-th claim, ``--claims`` of them),
   with 1 worker (in this process) and with an embedded ``LocalCluster`` of 2 worker processes; the 2-worker time is
   given with and without the cluster's start-up.
2. The quick sweep preset (30 units), 1 against 2 workers, start-up excluded.
3. The overhead per unit on the 2-worker cluster: a no-op unit's round trip (submit, result), and the throughput
   cost of 400 no-op units submitted at once.
4. A control, before and after: the speed-up that plain ``multiprocessing`` gets from 2 processes at that moment
   (on a machine shared with other jobs it is the ceiling for any 2-worker ratio).

``--write`` stores the table in ``benchmarks/RESULTS_distributed.md`` with the machine, date and load.

``--whole``: instead, the whole quick profile as a user runs it, ``sloppy verify --profile quick --backend numpy``
(claims, phase sweep, report) in a fresh process and a fresh report directory per run (so no earlier
results.json orders the claims: the recorded estimates do), with ``--workers 1`` and with the default 2 local
workers, in the order ``--order``; the wall time of each process, the ratio of the means, whether the records are
identical (timings aside), the overhead per unit (as in 3.) and the control (4.), with the machine named.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def subset(n: int) -> list[str]:
    """``n`` claims spread over the catalogue: every k-th id."""
    from sloppy_verifier.theory import catalogue
    ids = [c.id for c in catalogue()]
    step = max(1, len(ids) // n)
    return ids[::step][:n]


def _noop(x):
    return x


def _loop(_=None) -> float:
    s = 0
    for i in range(6_000_000):
        s += i * i
    return s


def control() -> float:
    """The parallelism the machine offers right now: two pure-Python loops in 2 processes (plain
    ``multiprocessing``, no Dask) against the same two loops one after the other; the best of 3."""
    import multiprocessing
    best = 0.0
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_loop, [0, 1])
        for _ in range(3):
            t0 = time.perf_counter()
            _loop(), _loop()
            t1 = time.perf_counter()
            pool.map(_loop, [0, 1])
            best = max(best, (t1 - t0) / (time.perf_counter() - t1))
    return best


def child(arm: str, workers: int, n: int) -> dict:
    """One measurement in this (fresh) process."""
    from sloppy_verifier.verify.backend import get_backend
    from sloppy_verifier.verify.context import PROFILES, Context
    from sloppy_verifier.verify.distributed import cluster, submit
    numpy = get_backend("numpy")
    t0 = time.perf_counter()
    if arm == "claims":
        from sloppy_verifier.theory import select
        from sloppy_verifier.verify.runner import run_claims
        claims = select(subset(n))
        with cluster(workers, None, len(claims)) as client:
            t1 = time.perf_counter()
            recs = run_claims(claims, Context(profile=PROFILES["quick"], backend=numpy, progress=lambda m: None), client)
            t2 = time.perf_counter()
        return {"startup_s": t1 - t0, "compute_s": t2 - t1, "units": len(recs),
                "verdicts": {r["id"]: r["verdict"] for r in recs}}
    if arm == "sweep":
        from sloppy_verifier.verify.ribbon import sweep
        s = sweep.settings_from("quick")
        with tempfile.TemporaryDirectory() as tmp, cluster(workers, None, sweep.size(s)) as client:
            t1 = time.perf_counter()
            st = sweep.run(s, Path(tmp) / "q.jsonl", numpy, client=client)
            t2 = time.perf_counter()
        return {"startup_s": t1 - t0, "compute_s": t2 - t1, "units": st["items"]}
    # overhead: no-op units on a 2-worker cluster
    from distributed import wait
    with cluster(2, None, 2) as client:
        client.submit(_noop, 0).result()            # warm the workers
        k = 50
        t1 = time.perf_counter()
        for i in range(k):
            submit(client, "noop", _noop, i).result()
        latency = (time.perf_counter() - t1) / k
        m = 400
        t1 = time.perf_counter()
        futs = [submit(client, "noop", _noop, i) for i in range(m)]
        wait(futs)
        throughput = (time.perf_counter() - t1) / m
    return {"latency_s": latency, "throughput_s": throughput}


def _untimed(x):
    """A record without its timings (every ``seconds`` key, the certificates' included)."""
    if isinstance(x, dict):
        return {k: _untimed(v) for k, v in x.items() if k != "seconds"}
    return [_untimed(v) for v in x] if isinstance(x, list) else x


def whole(workers: int) -> dict:
    """One ``sloppy verify --profile quick`` in a fresh process and directory: wall seconds and the records."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "sloppy_verifier.verify.cli", "verify", "--profile", "quick", "--backend", "numpy",
                        "--out", tmp, "--workers", str(workers)], cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)},
                       capture_output=True, timeout=3600, check=False)
        wall = time.perf_counter() - t0
        claims = json.loads((Path(tmp) / "results.json").read_text(encoding="utf-8"))["claims"]
    return {"wall_s": wall, "records": [_untimed(r) for r in claims],
            "claim_s": sum(r["seconds"] for r in claims)}


def machine() -> str:
    from sloppy_verifier.verify.backend import get_backend
    return (f"{get_backend('numpy').device_name} ({platform.machine()}), {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def main_whole(order: list[int]) -> int:
    load = os.getloadavg()[0]
    ctl = [control()]
    runs = {1: [], 2: []}
    for w in order:
        r = whole(w)
        runs[w].append(r)
        print(f"whole quick profile, {w} worker(s): wall {r['wall_s']:.1f} s, sum of claim seconds {r['claim_s']:.1f} s",
              flush=True)
    ov = _spawn("overhead", 2, 0)
    ctl.append(control())
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    w1, w2 = (mean([r["wall_s"] for r in runs[w]]) for w in (1, 2))
    recs = [r["records"] for w in (1, 2) for r in runs[w]]
    print(f"{machine()}; {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; load average before {load:.2f}, after "
          f"{os.getloadavg()[0]:.2f}; control (2 processes vs serial, before / after) x{ctl[0]:.2f} / x{ctl[1]:.2f}\n"
          f"whole quick profile: 1 worker {w1:.1f} s, 2 workers {w2:.1f} s, ratio x{w1 / w2:.2f} (target >= 1.6; "
          f"order {','.join(map(str, order))}); records identical timings aside: {all(x == recs[0] for x in recs)}\n"
          f"overhead per unit, 2 workers: no-op round trip {ov['latency_s'] * 1e3:.1f} ms, 400 no-op units at once "
          f"{ov['throughput_s'] * 1e3:.2f} ms each")
    return 0


def _spawn(arm: str, workers: int, n: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_distributed", "--child", arm, str(workers), str(n)],
                         cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                         timeout=1800, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--claims", type=int, default=20)
    p.add_argument("--write", action="store_true")
    p.add_argument("--whole", action="store_true", help="the whole quick profile, 1 worker against 2")
    p.add_argument("--order", default="1,2,2,1", help="the runs of --whole, by worker count (default 1,2,2,1)")
    p.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child:
        print(json.dumps(child(a.child[0], int(a.child[1]), int(a.child[2]))))
        return 0
    if a.whole:
        order = [int(x) for x in a.order.split(",")]
        if not order or set(order) - {1, 2} or len(set(order)) < 2:
            p.error(f"--order {a.order}: a comma-separated list of 1 and 2, each at least once")
        return main_whole(order)
    load = os.getloadavg()[0]
    ctl = [control()]
    runs = {arm: {1: [], 2: []} for arm in ("claims", "sweep")}
    for arm in runs:
        for w in (1, 2, 2, 1):
            r = _spawn(arm, w, a.claims)
            runs[arm][w].append(r)
            print(f"{arm}, {w} worker(s): start-up {r['startup_s']:.1f} s, compute {r['compute_s']:.1f} s", flush=True)
    v = [r["verdicts"] for r in runs["claims"][1] + runs["claims"][2]]
    same = all(x == v[0] for x in v)
    ov = _spawn("overhead", 2, 0)
    ctl.append(control())
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    c1 = mean([r["compute_s"] for r in runs["claims"][1]])
    c2 = mean([r["compute_s"] for r in runs["claims"][2]])
    s2 = mean([r["startup_s"] for r in runs["claims"][2]])
    w1 = mean([r["compute_s"] for r in runs["sweep"][1]])
    w2 = mean([r["compute_s"] for r in runs["sweep"][2]])
    rows = [
        (f"quick profile, {a.claims} claims (every k-th of the catalogue)", f"2 workers {c2:.1f} s "
         f"(+{s2:.1f} s cluster start-up)", f"1 worker {c1:.1f} s", f"×{c1 / c2:.2f} (×{c1 / (c2 + s2):.2f} with start-up)"),
        ("quick sweep preset (30 units)", f"2 workers {w2:.1f} s", f"1 worker {w1:.1f} s", f"×{w1 / w2:.2f}"),
        ("control: 2 pure-Python loops, 2 processes (multiprocessing) vs serial, before / after", "—", "—",
         f"×{ctl[0]:.2f} / ×{ctl[1]:.2f}"),
        ("overhead per unit, 2 workers: no-op round trip", f"{ov['latency_s'] * 1e3:.1f} ms", "—", "—"),
        ("overhead per unit, 2 workers: 400 no-op units at once", f"{ov['throughput_s'] * 1e3:.2f} ms", "—", "—"),
    ]
    table = ["| what | distributed | in-process | ratio (1 worker / 2 workers) |", "|---|---|---|---|"]
    table += [f"| {' | '.join(r)} |" for r in rows]
    head = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
            f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; load average before the run {load:.2f}; each time the "
            f"mean of 2 fresh processes (order 1, 2, 2, 1); verdicts identical across the 4 claim runs: {same}.")
    print(head + "\n\n" + "\n".join(table))
    if a.write:
        (ROOT / "benchmarks" / "RESULTS_distributed.md").write_text(
            "# Dask distributed (`python -m benchmarks.bench_distributed --write`)\n\n" + head + "\n\n"
            + "\n".join(table) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
