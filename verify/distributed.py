"""Dask glue: where the units of a run (claims, sweep points) are computed.

``cluster(workers, scheduler)`` yields ``None`` for the in-process path (``--workers 1``), or a
``distributed.Client`` of an embedded ``LocalCluster`` (one single-threaded worker process per core by default),
or of an existing scheduler (``--scheduler tcp://host:port``: ``dask scheduler`` / ``dask worker``,
dask-jobqueue, dask-cuda).  The client gathers every result and is the only writer of the run's files.

Units are shipped by identity (a claim id, with the absolute path of the user's claims file; a sweep point's
settings and coordinates): workers import the same ``sloppy`` source and rebuild the objects, so nothing
that depends on the client's process (registries, loaded modules, generators) has to pickle.  A unit's seeds come
from the run's seed and the unit's identity only, so 1 worker, N workers and a remote cluster give the same
numbers.  A worker lost mid-run costs only the recomputation of its units: Dask resubmits them to the others.
A claim's parts that other claims share (the Fisher width sweep's networks), and the independent parts of a long
claim (the Monte-Carlo cells of F3c and F8b), are units of their own (``shared_map``), computed once per cluster;
the claims' report figures, the phase sweep and the phase page's planes and figures are computed on the workers
too, beside the claims (``verify.cli``, ``verify.report.phase.submit_all``).
"""
from __future__ import annotations

import hashlib
import importlib
import logging
import os
import time
import uuid
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

#: environment of the embedded cluster's worker processes (set before they import NumPy): one BLAS thread per
#: worker, as in the in-process path (see ``verify/__init__``); workers are the parallelism.
WORKER_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: the embedded cluster's Dask settings, handed to its workers: no statistical profiler (it samples every
#: worker's stacks each 10 ms under the GIL: measured 5 % of the quick profile's CPU on 2 workers, for a
#: dashboard the embedded cluster does not serve)
LOCAL_CONFIG = {"distributed.worker.profile.enabled": False}
CONNECT_TIMEOUT_S = 10
ROOT = Path(__file__).resolve().parents[1]


class ClusterError(RuntimeError):
    """The cluster cannot be used (unreachable scheduler, workers running other code): one line."""


def default_workers(units: int) -> int:
    """One worker per core, but no more than there are units (a single unit runs in-process)."""
    return max(1, min(os.cpu_count() or 1, units))


@contextmanager
def cluster(workers: int | None, scheduler: str | None, units: int, warm: tuple = ()):
    """``None`` (in-process), or a connected ``Client``: to ``scheduler`` if given, else to an embedded
    ``LocalCluster`` of ``workers`` processes (default :func:`default_workers`), whose workers import the modules
    named in ``warm`` when they start.  Raises ``ClusterError``."""
    if scheduler is None and (workers or default_workers(units)) == 1:
        yield None
        return
    import dask
    from distributed import Client, LocalCluster
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, ValueError, TypeError) as exc:
            raise ClusterError(f"--scheduler {scheduler}: cannot reach the scheduler ({exc})") from None
        try:
            _check_workers(client, scheduler)
            _warm(client, warm)
            yield client
        finally:
            client.close()
        return
    with dask.config.set(LOCAL_CONFIG), LocalCluster(n_workers=workers or default_workers(units), threads_per_worker=1,
                                                     processes=True, host="127.0.0.1", dashboard_address=None,
                                                     silence_logs=logging.ERROR, env=WORKER_ENV) as local, \
            Client(local) as client:
        _warm(client, warm)
        yield client


def _warm(client, modules: tuple) -> None:
    """Every worker, and any that joins later (a restarted one), imports ``modules`` (the caller's: the checks and
    the figure code) now, in parallel, instead of in its first unit."""
    from distributed import WorkerPlugin

    class Warm(WorkerPlugin):
        def setup(self, worker):
            for name in modules:
                importlib.import_module(name)
    client.register_plugin(Warm(), name="sloppy-warm")


def source_hash() -> str:
    """sha256 of every ``.py`` file of ``theory/`` and ``verify/`` (relative path and bytes), 16 hex digits."""
    h = hashlib.sha256()
    for p in sorted([*ROOT.glob("theory/**/*.py"), *ROOT.glob("verify/**/*.py")]):
        h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _check_workers(client, address: str) -> None:
    """An external cluster's workers must have joined, run with one BLAS thread (as set before NumPy loaded:
    the round-off of a multi-threaded ``eigh`` differs) and run this very source: otherwise their numbers are not
    ours."""
    try:
        client.wait_for_workers(1, timeout=6 * CONNECT_TIMEOUT_S)
    except TimeoutError:
        raise ClusterError(f"--scheduler {address}: no worker joined within {6 * CONNECT_TIMEOUT_S} s") from None
    # os.getenv (not a function of verify: importing verify would set the variable, too late to count)
    blas = sorted(w for w, v in client.run(os.getenv, "OPENBLAS_NUM_THREADS").items() if v != "1")
    if blas:
        raise ClusterError(f"--scheduler {address}: {len(blas)} worker(s) lack OPENBLAS_NUM_THREADS=1 (e.g. {blas[0]}); "
                           "start them with it set, or with a nanny (`dask worker` without --no-nanny)")
    try:
        theirs = client.run(source_hash)
    except Exception as exc:  # noqa: BLE001 - e.g. the workers cannot import verify
        raise ClusterError(f"--scheduler {address}: the workers cannot run sloppy ({type(exc).__name__}: {exc}); "
                           "start them where `python -c 'import sloppy_verifier.verify'` works (sloppy installed, or PYTHONPATH)") from None
    ours = source_hash()
    stale = sorted(w for w, h in theirs.items() if h != ours)
    if stale:
        raise ClusterError(f"--scheduler {address}: {len(stale)} worker(s) run a different sloppy source "
                           f"(e.g. {stale[0]}); start the workers from this checkout")


def worker_count(client) -> int:
    return len(client.nthreads())


def submit(client, name: str, fn, *args, priority: float = 0):
    """``client.submit(fn, *args)`` under a unique key ``name-xxxxxxxx`` (so that nothing is taken from another
    run's cache); a unit of higher ``priority`` is started first.  Futures in ``args`` are resolved first."""
    return client.submit(fn, *args, key=f"{name}-{uuid.uuid4().hex[:8]}", pure=False, priority=priority)


#: shared units this worker process has asked for: holding their futures keeps their results on the cluster for
#: the other claims of the run, whichever worker they land on
_HELD: dict = {}
#: the phase sweep's units and the phase page's jobs (``verify.report.phase.submit_all``), in the claims' unit of
#: priority (expected seconds to the end of the chain a unit heads): the chain sweep -> plane -> figure ->
#: multiples figure takes about this long in one process (``benchmarks/critical_path.py``), so claims expected to
#: take longer start before it, the others after
REPORT_PRIORITY = 20.0
#: shared units start before any claim (claims' priorities are their expected seconds, at most ~1e9)
SHARED_PRIORITY = 1e12


def shared_map(fn, calls: list[tuple], costs: list[float]) -> list:
    """``[fn(*args) for args in calls]``, where several claims need the same ``fn(*args)`` (a width sweep's
    networks) or one claim's calls are independent parts of it (Monte-Carlo cells).  Inside a claim unit on a cluster, each call is a unit of its own under a content key (``fn``'s
    name, ``args`` and the source hash: one key, one result), so the cluster computes it once, on any worker,
    however many claims ask for it; the claim waits for them outside its worker's thread pool (``worker_client``:
    they may run on its own worker too), the most ``costs`` first.  Elsewhere: here, in order.  ``fn`` and
    ``args`` must pickle and ``fn`` must be deterministic in ``args`` (seeds among them)."""
    try:
        from distributed import get_worker, worker_client
        get_worker()
    except (ImportError, ValueError):       # not in a cluster unit
        return [fn(*args) for args in calls]
    with worker_client() as client:
        futures = []
        for args, cost in zip(calls, costs):
            key = _shared_key(fn, args)
            if key not in _HELD:
                _HELD[key] = client.submit(fn, *args, key=key, pure=False, priority=SHARED_PRIORITY + cost)
            futures.append(_HELD[key])
        return client.gather(futures)


def _shared_key(fn, args: tuple) -> str:
    h = hashlib.sha256(repr((fn.__module__, fn.__qualname__, args, _source())).encode()).hexdigest()[:16]
    return f"shared-{fn.__qualname__}-{h}"


@lru_cache(maxsize=1)
def _source() -> str:
    return source_hash()


def running(client) -> int:
    """Units being computed right now, over all workers (tasks sent ahead to a busy worker not counted)."""
    threads = client.nthreads()
    return sum(min(len(keys), threads.get(w, 1)) for w, keys in client.processing().items())


class Tally:
    """Completed / running / failed units and the ETA from the wall-clock throughput so far."""

    def __init__(self, total: int):
        self.total, self.done, self.failed, self.t0 = total, 0, 0, time.monotonic()

    def add(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += bool(failed)

    def count(self) -> str:
        return f"{self.done}/{self.total}"

    def state(self, running_now: int | None = None) -> str:
        """``[r running, ]f failed, ETA s``: the ETA extrapolates the wall-clock rate of all workers so far."""
        eta = (time.monotonic() - self.t0) / self.done * (self.total - self.done) if self.done else 0.0
        run = "" if running_now is None else f"{running_now} running, "
        return f"{run}{self.failed} failed, ETA {eta:.0f} s"
