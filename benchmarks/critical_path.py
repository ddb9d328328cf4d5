"""Total work and critical path of the whole quick profile, from the unit timings of one in-process run.

    PYTHONPATH=. python -m benchmarks.critical_path measure TIMINGS.json [--claims ID ...]
    PYTHONPATH=. python -m benchmarks.critical_path analyse TIMINGS.json
    PYTHONPATH=. python -m benchmarks.critical_path merge TIMINGS.json OTHER.json

``measure`` runs ``sloppy verify --profile quick --backend numpy``'s work in this process, unit by unit as a
cluster divides it, and stores each unit's seconds (CPU time of this process: one BLAS thread and nothing to wait for, so other jobs
on a shared machine barely change it; a sweep unit's record holds its wall time) and what it needs:

* a shared unit (``verify.distributed.shared_map``): a network of the Fisher width sweeps, a Monte-Carlo cell of
  F3c/F8b; timed where first computed;
* a claim: its check less its shared units' time, plus its report figures (a cluster's worker draws them in the
  claim's unit); it needs its shared units;
* a sweep point (its record's ``elapsed_s``), a boundary (needs its group's points);
* the phase page's plan (client: reads the sweep file, c_A per panel; needs the whole sweep) and each of its jobs
  (``verify.report.phase.plan``; needs the plan and its ``Ref``\\s);
* the client's serial tail: ``results.json`` and ``render`` with every figure already drawn.

``analyse`` reads the timings and prints, for the structure before this change (claims, then the sweep, then the
phase page on the client, then the tail: barriers) and after it (one graph: the sweep and the page's jobs beside
the claims): the total work W, the critical path CP (longest chain of dependent units, barriers included), W/CP,
and the makespan of a list schedule on 2 workers (the ready unit with the longest path to the end first; a unit
is one worker's for its measured seconds; the client's units run beside the workers) with the predicted ratio
W/T_2.  Not modelled: per-unit overhead (~2-10 ms, RESULTS_distributed.md), cold imports per worker, a claim's
shared units becoming known only when their claim starts (they are taken as ready at once).
``merge`` replaces the units of the claims measured in a second file (e.g. after a change to their checks).
"""
from __future__ import annotations

import argparse
import heapq
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def measure(path: Path, ids: list[str]) -> None:
    for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(v, "1")
    from sloppy_verifier.theory import select
    from sloppy_verifier.verify.backend import get_backend
    from sloppy_verifier.verify.checks import fisher_mc, fisher_sim
    from sloppy_verifier.verify.context import PROFILES, Context
    from sloppy_verifier.verify.report import draw, phase, render
    from sloppy_verifier.verify.results import write_results
    from sloppy_verifier.verify.ribbon import sweep
    from sloppy_verifier.verify.runner import check_one

    units: dict[str, dict] = {}         # name -> {"s": seconds, "needs": [names], "where": worker|client, "kind"}
    current = {"inside": 0.0, "needs": set()}

    def timed_map(fn, calls, costs):
        """``shared_map`` in this process, each call timed: a unit of its own on a cluster."""
        out = []
        for args in calls:
            t0 = time.process_time()
            out.append(fn(*args))
            dt = time.process_time() - t0
            name = f"shared:{fn.__qualname__}:" + ":".join(map(str, args))
            units.setdefault(name, {"s": dt, "needs": [], "where": "worker", "kind": "shared"})
            current["inside"] += dt
            current["needs"].add(name)
        return out
    fisher_sim.shared_map = fisher_mc.shared_map = timed_map

    backend = get_backend("numpy")
    ctx = Context(profile=PROFILES["quick"], seed=0, dps=50, backend=backend, progress=lambda msg: None)
    claims = select(ids)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        records, drawn = [], {}
        for claim in claims:
            current.update(inside=0.0, needs=set())
            t0 = time.process_time()
            rec, _ = check_one(claim, ctx)
            drawn[rec["id"]] = draw(rec, out / "figures")
            dt = time.process_time() - t0
            units[f"claim:{claim.id}"] = {"s": dt - current["inside"], "needs": sorted(current["needs"]),
                                          "where": "worker", "kind": "claim"}
            records.append(rec)
            print(f"{claim.id}: {dt:.1f} s ({current['inside']:.1f} s in its shared units)", file=sys.stderr)
        t0 = time.process_time()
        write_results(out / "results.json", records, ctx.settings())
        tail = time.process_time() - t0
        sweep_names = []
        if any(c.tag.startswith(("S26", "S27")) for c in claims):
            sweep.run(sweep.settings_from("quick"), out / "sweeps" / "quick.jsonl", backend)
            recs = [r for r in sweep.read_records(out / "sweeps" / "quick.jsonl") if r["type"] in ("point", "boundary")]
            for r in recs:
                group = f"{r['c']}:{r['T']}"
                name = f"sweep:{group}:" + (str(r["rho"]) if r["type"] == "point" else "boundary")
                needs = [] if r["type"] == "point" else [f"sweep:{group}:{q['rho']}" for q in recs
                                                         if q["type"] == "point" and f"{q['c']}:{q['T']}" == group]
                units[name] = {"s": r["elapsed_s"], "needs": needs, "where": "worker", "kind": "sweep"}
                sweep_names.append(name)
        t0 = time.process_time()
        jobs, _ = phase.plan(out, out / "figures")
        units["phase:plan"] = {"s": time.process_time() - t0, "needs": sweep_names, "where": "client",
                               "kind": "phase"}
        results, done = {}, {}
        digests = phase.digests(jobs)
        for name, fn, args in jobs:
            refs = [a.name for a in phase._flat(args) if isinstance(a, phase.Ref)]
            t0 = time.process_time()
            results[name] = phase.run_job(fn, *phase._resolved(
                args, lambda a: results[a.name] if isinstance(a, phase.Ref) else a))
            units[f"phase:{name}"] = {"s": time.process_time() - t0, "needs": ["phase:plan"] + [f"phase:{r}" for r in refs],
                                      "where": "worker", "kind": "phase"}
            if name.startswith("figure:"):
                done[name] = (digests[name], results[name])
        t0 = time.process_time()
        render(out, drawn, done)
        units["client:tail"] = {"s": tail + time.process_time() - t0, "needs": sorted(units), "where": "client",
                                "kind": "tail"}
    path.write_text(json.dumps({"claims": len(claims), "units": units}, indent=1) + "\n", encoding="utf-8")


def _graph(units: dict, before: bool) -> dict:
    """The dependencies of each unit; ``before``: the old barriers (claims and networks, then the sweep, then the
    phase page on the client, then the tail)."""
    needs = {n: list(u["needs"]) for n, u in units.items()}
    if before:
        stage = {"network": 0, "shared": 0, "claim": 0, "sweep": 1, "phase": 2, "tail": 3}
        by_stage: dict = {}
        for n, u in units.items():
            by_stage.setdefault(stage[u["kind"]], []).append(n)
        for n, u in units.items():
            needs[n] += by_stage.get(stage[u["kind"]] - 1, [])
        serial = sorted((n for n in units if units[n]["kind"] == "phase"), key=list(units).index)
        for a, b in zip(serial, serial[1:]):            # the page was drawn on the client, one job after another
            needs[b].append(a)
    return {n: sorted(set(v)) for n, v in needs.items()}


def _levels(units: dict, needs: dict) -> dict:
    """Longest path from each unit to the end, the unit included (the list schedule's priority)."""
    users: dict = {n: [] for n in units}
    for n, v in needs.items():
        for m in v:
            users[m].append(n)
    level: dict = {}

    def walk(n):
        if n not in level:
            level[n] = units[n]["s"] + max((walk(u) for u in users[n]), default=0.0)
        return level[n]
    sys.setrecursionlimit(100000)
    for n in units:
        walk(n)
    return level


def schedule(units: dict, needs: dict, workers: int) -> float:
    """Makespan of the list schedule on ``workers`` workers (client units on the client, beside them)."""
    level = _levels(units, needs)
    left = {n: len(v) for n, v in needs.items()}
    users: dict = {n: [] for n in units}
    for n, v in needs.items():
        for m in v:
            users[m].append(n)
    ready = [(-level[n], n) for n in units if not left[n]]
    heapq.heapify(ready)
    free, client_free, events, now, end = workers, True, [], 0.0, 0.0
    while ready or events:
        waiting = []
        while ready:
            item = heapq.heappop(ready)
            n = item[1]
            if units[n]["where"] == "client" and client_free:
                client_free = False
            elif units[n]["where"] == "worker" and free:
                free -= 1
            else:
                waiting.append(item)
                continue
            heapq.heappush(events, (now + units[n]["s"], n))
        for item in waiting:
            heapq.heappush(ready, item)
        now, n = heapq.heappop(events)
        end = max(end, now)
        if units[n]["where"] == "client":
            client_free = True
        else:
            free += 1
        for u in users[n]:
            left[u] -= 1
            if not left[u]:
                heapq.heappush(ready, (-level[u], u))
    return end


def analyse(path: Path) -> str:
    doc = json.loads(path.read_text(encoding="utf-8"))
    units = doc["units"]
    work = sum(u["s"] for u in units.values())
    by_kind: dict = {}
    for u in units.values():
        by_kind[u["kind"]] = by_kind.get(u["kind"], 0.0) + u["s"]
    longest = sorted(units, key=lambda n: -units[n]["s"])[:6]
    lines = [f"{doc['claims']} claims, {len(units)} units; total work W = {work:.1f} s ("
             + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(by_kind.items())) + ")",
             "longest units: " + ", ".join(f"{n} {units[n]['s']:.1f} s" for n in longest),
             "| structure | critical path CP | W / CP | list schedule, 2 workers T_2 | predicted W / T_2 |",
             "|---|---|---|---|---|"]
    chains = []
    for label, before in (("before (barriers; page on the client)", True), ("after (one graph)", False)):
        needs = _graph(units, before)
        cp = max(_levels(units, needs).values())
        t2 = schedule(units, needs, 2)
        lines.append(f"| {label} | {cp:.1f} s | ×{work / cp:.2f} | {t2:.1f} s | ×{work / t2:.2f} |")
        chains.append(f"critical path, {label}: " + " -> ".join(f"{n} {units[n]['s']:.1f} s"
                                                                  for n in _chain(units, needs)))
    return "\n".join(lines + chains)


def _chain(units: dict, needs: dict) -> list[str]:
    """The units of a longest chain, first to last."""
    level = _levels(units, needs)
    users: dict = {n: [] for n in units}
    for n, v in needs.items():
        for m in v:
            users[m].append(n)
    n = max((m for m in units if not needs[m]), key=level.get)
    out = [n]
    while users[n]:
        n = max(users[n], key=level.get)
        out.append(n)
    return out


def merge(path: Path, other: Path) -> None:
    """Replace, in the timings at ``path``, the claims measured in ``other`` and add their shared units."""
    doc, new = (json.loads(p.read_text(encoding="utf-8")) for p in (path, other))
    units = doc["units"]
    for name, u in new["units"].items():
        if u["kind"] == "claim" or (u["kind"] == "shared" and name not in units):
            units[name] = u
    units["client:tail"]["needs"] = sorted(n for n in units if n != "client:tail")
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="critical_path")
    p.add_argument("what", choices=("measure", "analyse", "merge"))
    p.add_argument("timings", type=Path)
    p.add_argument("other", type=Path, nargs="?", help="merge: the timings whose claims replace those in TIMINGS")
    p.add_argument("--claims", nargs="*", default=[])
    a = p.parse_args(argv)
    if a.what == "measure":
        measure(a.timings, a.claims)
    elif a.what == "merge":
        merge(a.timings, a.other)
    print(analyse(a.timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
