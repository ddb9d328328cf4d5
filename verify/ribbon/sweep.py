"""Phase-diagram data over ``(c, ρ, T)``: exact ``ES_k(S_∞)``, certificates, bracket and finite-M simulations
(spec/sloppiness.md S25–S27, K4), stored as JSON lines that the reporting layer plots.

Setting: the S27 reference family (geometric spectrum ``λ_j = e^{−c(j−1)}``, ``η = η_rel/λ_1``, isotropic teacher,
uniform checkpoints ``{0..T}``, criterion ``(k, τ)``), simulated by ``ensemble_sim`` (Gaussian output for ``M``
initialisations, Bernoulli output at each logit scale for ``M_B = min(bern_M, M, bern_max_models // (T+1))``
of them; Bernoulli skipped when ``M_B < 2``), ``seeds`` independent ensembles per point.

File schema (``reports/sweeps/<name>.jsonl``, one JSON object per line, appended and fsync'ed one line at a time;
a file may hold records of several settings and code versions: select by ``settings_hash``/``code_version``).
Numbers are JSON floats; ``"inf"`` stands for ``+∞``; ``null`` for absent.

* ``{"type": "run", "created", "settings", "settings_hash", "code_version", "backend", "device", "versions"}`` —
  one per invocation that computed something.
* ``{"type": "point", "key", "settings_hash", "code_version", "seed", "backend", "versions",
  "c", "rho", "T", "k", "tau", "d", "N", "eta_lam1", "dps",``
  ``"exact": {"es"}`` — ``ES_k(S_∞(ρ))`` (mp at ``dps``, S17/§1.7),
  ``"certificate": {"ribbon", "ribbon_c1", "no_ribbon", "no_ribbon_bound"}`` — ``x = ρ^{−2}`` certified ribbon by
  S26(a) (C2) / by C1 (S26e), certified no-ribbon by S26(b) (``x > x_1`` or ``x < x_2``), and the S25(c) lower
  bound on ``R_k``,
  ``"gaussian": {"M", "es": [per seed], "mean", "se", "n"}``,
  ``"bernoulli": [{"scale", "M", "es": [...], "mean", "se", "n", "negative_share": [...]}]`` (``[]`` when
  skipped; ``"bernoulli_skipped"`` says why), ``"elapsed_s"}``.
* ``{"type": "boundary", "key", …same provenance…, "c", "T", "k", "tau", "rhos": [the ρ grid],``
  ``"exact": {"rho_star", "rho_star_roots", "rho_lo", "rho_hi", "rho_hi_c1", "rho_no_ribbon_above", "phase"}`` —
  ``ρ*`` (``0``: ribbon for every ρ, phase I; ``"inf"``: no crossing; ``null`` with ``rho_star_roots`` when
  ``ES_k`` crosses ``τ`` several times), the S26 bracket ``ρ_lo ≤ ρ* ≤ ρ_hi``, ``ρ_hi`` of C1,
  ``x_2^{−1/2}`` (certified no ribbon above it; ``null`` when absent), ``phase`` ∈ ``I, II, III``
  (``ρ* = 0``, finite, ``∞``),
  ``"gaussian": {"M", "status", "per_seed", "mean", "se", "n_cross", "n_below", "n_above"}`` — per seed the
  first upward crossing of ``τ`` by the simulated ``ES_k(ρ)`` (Brent in ``log ρ`` inside the grid cell;
  ``"below"``/``"above"`` when it is outside the grid), mean ± standard error over the crossing seeds,
  ``"bernoulli": [{"scale", "M", …same…}]``, ``"elapsed_s"}``.

Field names.  A field that is a parameter or quantity is spelled by the claim's object: ``c, ρ, T, k, τ, d,
ηλ_1, ρ*, ρ_lo, ρ_hi`` by those of ``theory.ribbon.certificates`` (S26), ``M`` and ``N`` by K4's
(``theory.ribbon.bernoulli_boundary``); the others (``seed``, a block's logit ``scale``, …) are the schema's own.

Keys.  ``settings_hash`` hashes what a point depends on (``k, τ, d, N, M, seeds, η_rel, Bernoulli settings,
seed, dps``); ``code_version`` hashes the source of the modules that compute a point (``CODE``); a point's
``key`` hashes both with ``(c, ρ, T)``, a boundary's with ``(c, T)`` and the ρ grid.  A record whose key is
in the file is never recomputed; a killed run loses at most the record in progress (a torn last line is cut
off on the next open).  One writer per file (an exclusive ``flock``).
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import math
import os
import time
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from sloppy_verifier.theory.ribbon.bernoulli_boundary import ENSEMBLES, SAMPLES
from sloppy_verifier.theory.ribbon.certificates import (ETA, LAST_STEP, MODES, RANK, RATE, RHO, RHO_HI, RHO_LO,
                                                        RHO_STAR, TAU)

from ..mpeval import context
from ..results import versions
from . import certificates as cert
from . import ensemble_sim as sim
from . import population as pop

#: modules whose source defines the numbers of a record (their hash is the code version)
CODE = ("verify/ribbon/sweep.py", "verify/ribbon/ensemble_sim.py", "verify/ribbon/population.py",
        "verify/ribbon/certificates.py", "verify/ribbon/trajectory.py", "verify/ribbon/bhattacharyya.py",
        "verify/ribbon/inpca.py", "verify/mpeval.py")
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    """A sweep: the grid ``c × T × ρ`` and everything a point depends on."""

    c: tuple
    rho: tuple
    T: tuple
    k: int = 2
    tau: float = 0.9
    d: int = 20
    N: int = 40
    M: int = 20
    seeds: int = 3
    eta_lam1: float = 1.0
    scales: tuple = (0.3, 3.0)
    bern_M: int = 20
    bern_max_models: int = 2000
    seed: int = 0
    dps: int = 20

    def point_settings(self) -> dict:
        d = asdict(self)
        for name in ("c", "rho", "T"):
            d.pop(name)
        return d


def _logspace(lo: float, hi: float, n: int) -> tuple:
    return tuple(float(f"{10 ** (lo + (hi - lo) * j / (n - 1)):.4g}") for j in range(n))


PRESETS = {
    # 2 CPU cores, about a minute
    "quick": Settings(c=(0.5, 1.0, 2.0), rho=(0.3, 1.0, 3.0, 10.0), T=(1, 10)),
    # the S27 reference family (d = 100, N = 300; the spec's check-log setting); CPU, tens of minutes
    "standard": Settings(c=(0.05, 0.5, 1.0, 2.0), rho=_logspace(-1, 2, 13), T=(1, 10, 100), d=100, N=300,
                         M=100, seeds=5, scales=(0.3, 1.0, 3.0), bern_M=20, bern_max_models=600),
    # a GPU run: finer grid, larger ensembles, Bernoulli for up to 20 000 models
    "thorough": Settings(c=(0.05, 0.1, 0.2, 0.5, 1.0, 1.5, 2.0, 3.0), rho=_logspace(-1, 2.5, 22),
                         T=(1, 3, 10, 30, 100, 300, 1000), d=100, N=300, M=200, seeds=8,
                         scales=(0.1, 0.3, 1.0, 3.0), bern_M=100, bern_max_models=20000),
}


class SweepError(ValueError):
    """Bad settings or an unusable output file (one line, naming the parameter and its valid range)."""


def validate(s: Settings) -> Settings:
    """The settings with sorted, de-duplicated grids; ``SweepError`` on the first bad value."""
    def need(ok, msg):
        if not ok:
            raise SweepError(msg)

    for name, lo, hi in (("c", 0.0, 20.0), ("rho", 1e-3, 1e4)):
        vals = getattr(s, name)
        need(len(vals) >= 1, f"--{name} needs at least one value")
        need(all(isinstance(v, (int, float)) and math.isfinite(v) and lo <= v <= hi for v in vals),
             f"--{name} values must lie in [{lo:g}, {hi:g}] (got {', '.join(map(str, vals))})")
    need(len(s.T) >= 1 and all(isinstance(t, int) and 1 <= t <= 100000 for t in s.T),
         f"--T values must be integers in 1..100000 (got {', '.join(map(str, s.T))})")
    need(2 <= s.d <= 5000, f"--d must be an integer in 2..5000 (got {s.d})")
    need(1 <= s.k < s.d, f"--k must be an integer in 1..d-1 = 1..{s.d - 1} (got {s.k})")
    need(0 < s.tau < 1, f"--tau must lie in (0, 1) (got {s.tau})")
    need(s.d <= s.N <= 20000, f"--N must be an integer in d..20000 = {s.d}..20000 (got {s.N})")
    need(2 <= s.M <= 10**6, f"--M must be an integer in 2..1000000 (got {s.M})")
    need(1 <= s.seeds <= 1000, f"--seeds must be an integer in 1..1000 (got {s.seeds})")
    need(0 < s.eta_lam1 < 2, f"--eta-lam1 must lie in (0, 2) (the stable regime; got {s.eta_lam1})")
    need(all(math.isfinite(v) and 1e-2 <= v <= 100 for v in s.scales),
         f"--scales values must lie in [0.01, 100] (got {', '.join(map(str, s.scales))})")
    need(0 <= s.bern_M <= 10**5, f"--bern-M must be an integer in 0..100000 (got {s.bern_M})")
    need(2 <= s.bern_max_models <= 10**6, f"--bern-max-models must be an integer in 2..1000000 (got {s.bern_max_models})")
    need(0 <= s.seed < 2**32, f"--seed must be an integer in 0..{2**32 - 1} (got {s.seed})")
    need(15 <= s.dps <= 100, f"--dps must be an integer in 15..100 (got {s.dps})")
    return replace(s, c=tuple(sorted(set(map(float, s.c)))), rho=tuple(sorted(set(map(float, s.rho)))),
                   T=tuple(sorted(set(s.T))), scales=tuple(sorted(set(map(float, s.scales)))))


# ---------------------------------------------------------------- keys
def _hash(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:16]


def code_version() -> str:
    """sha256 of the sources in ``CODE`` (first 16 hex digits)."""
    h = hashlib.sha256()
    for rel in CODE:
        h.update(rel.encode() + b"\0" + (ROOT / rel).read_bytes() + b"\0")
    return h.hexdigest()[:16]


def settings_hash(s: Settings) -> str:
    return _hash(s.point_settings())


def point_key(sh: str, cv: str, c: float, rho: float, T: int) -> str:
    return _hash({"settings": sh, "code": cv, RATE.name: c, RHO.name: rho, LAST_STEP.name: T})


def boundary_key(sh: str, cv: str, c: float, T: int, rhos: tuple) -> str:
    return _hash({"settings": sh, "code": cv, RATE.name: c, LAST_STEP.name: T, "rhos": list(rhos), "type": "boundary"})


# ---------------------------------------------------------------- the store
class Store:
    """An append-only JSON-lines file, locked for one writer; ``records`` maps key → record."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a+b")
        except OSError as exc:
            raise SweepError(f"--out: cannot open {self.path}: {exc.strerror}") from None
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._fh.close()
            raise SweepError(f"--out: another sweep is writing {self.path}") from None
        self._fh.seek(0)
        data = self._fh.read()
        end = data.rfind(b"\n") + 1
        if end < len(data):          # a torn last line from a killed run: cut it off
            self._fh.truncate(end)
            data = data[:end]
        self.records, self.bad_lines = {}, 0
        for line in data.splitlines():
            try:
                rec = json.loads(line)
            except ValueError:
                self.bad_lines += 1
                continue
            if isinstance(rec, dict) and "key" in rec:
                self.records[rec["key"]] = rec

    def append(self, record: dict) -> None:
        """One line, one ``write``, flushed and fsync'ed before the next record is computed."""
        line = (json.dumps(record, separators=(",", ":"), allow_nan=False) + "\n").encode()
        self._fh.seek(0, os.SEEK_END)
        self._fh.write(line)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        if "key" in record:
            self.records[record["key"]] = record

    def close(self) -> None:
        self._fh.close()


def read_records(path: Path, kind: str | None = None) -> list[dict]:
    """Every complete record of a sweep file (optionally only ``type == kind``), in file order."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if kind is None or rec.get("type") == kind:
            out.append(rec)
    return out


# ---------------------------------------------------------------- one (c, T) group
def _num(x):
    """An mp/float number as a JSON value: ``"inf"`` for ``+∞``."""
    v = float(x)
    return "inf" if v == math.inf else v


class Group:
    """Everything shared by the points of one ``(c, T)``: the population matrix and the seeds' ensembles
    (built on first use)."""

    def __init__(self, s: Settings, c: float, T: int, xp):
        self.s, self.c, self.T, self.xp = s, c, T, xp
        self.lam = pop.spectrum("geometric", c, s.d, s.dps + pop.EXTRA)
        self.beta = [1] * s.d
        self.P = cert.population(self.lam, self.beta, s.eta_lam1, T, s.dps)
        self.quads = cert.quadratics(self.P, s.k, s.tau)
        self.c1 = cert.c1_quadratics(self.P, s.k, s.tau)
        self.x1, self.x2 = cert.thresholds(self.P, s.k, s.tau)
        self.bern_runs = min(s.bern_M, s.M, s.bern_max_models // (T + 1)) if s.scales else 0
        self._ens = None

    @property
    def ensembles(self):
        if self._ens is None:
            spec = sim.Spec(c=self.c, T=self.T, d=self.s.d, N=self.s.N, M=self.s.M, eta_lam1=self.s.eta_lam1)
            keep = self.bern_runs if self.bern_runs >= 2 else 0
            self._ens = [sim.Ensemble(spec, sim.generator(self.s.seed, j), self.xp, keep=keep)
                         for j in range(self.s.seeds)]
        return self._ens

    def _certified(self, quads, x) -> bool:
        return any(lo <= x and (hi is None or x <= hi) for lo, hi in cert.certified_intervals(quads))

    def point(self, rho: float) -> dict:
        s = self.s
        w = context(self.P.dps)
        x = 1 / w.mpf(rho) ** 2
        out = {"exact": {"es": float(cert.es(self.P, rho, s.k))},
               "certificate": {"ribbon": self._certified(self.quads, x), "ribbon_c1": self._certified(self.c1, x),
                               "no_ribbon": bool((self.x1 is not None and x > self.x1)
                                                 or (self.x2 is not None and x < self.x2)),
                               "no_ribbon_bound": float(cert.no_ribbon_lower(self.P, s.k, x))}}
        g = [e.gaussian_es(rho, s.k) for e in self.ensembles]
        out["gaussian"] = {ENSEMBLES.name: s.M, "es": g} | sim.summary(g)
        out["bernoulli"] = []
        if self.bern_runs >= 2:
            for scale in s.scales:
                res = [e.bernoulli_es(rho, s.k, scale, self.bern_runs) for e in self.ensembles]
                out["bernoulli"].append({"scale": scale, ENSEMBLES.name: self.bern_runs, "es": [r[0] for r in res]}
                                        | sim.summary([r[0] for r in res])
                                        | {"negative_share": [r[1] for r in res]})
        elif s.scales:
            out["bernoulli_skipped"] = (f"M_B = min(bern_M, M, bern_max_models // (T+1)) = {self.bern_runs} < 2 "
                                        f"(m = M_B (T+1) models per distance matrix)")
        return out

    def boundary(self, rhos: tuple, points: list[dict]) -> dict:
        s = self.s
        lo, hi = cert.rho_bracket(self.lam, self.beta, s.eta_lam1, self.T, s.k, s.tau, s.dps)
        roots = None
        try:
            star = _num(cert.rho_star(self.lam, self.beta, s.eta_lam1, self.T, s.k, s.tau, s.dps))
        except cert.SeveralCrossings as exc:
            star, roots = None, [float(r) for r in exc.roots]
        xh1 = cert.x_hi(self.c1)
        exact = {RHO_STAR.name: star, "rho_star_roots": roots, RHO_LO.name: _num(lo), RHO_HI.name: _num(hi),
                 "rho_hi_c1": "inf" if xh1 == 0 else (0.0 if xh1 is None else float(1 / context(self.P.dps).sqrt(xh1))),
                 "rho_no_ribbon_above": None if self.x2 is None else _num(1 / context(self.P.dps).sqrt(self.x2)),
                 "phase": None if star is None else ("I" if star == 0 else ("III" if star == "inf" else "II"))}

        def seeds(f, values):
            return [sim.crossing(lambda r, e=e: f(e, r), rhos, [v[j] for v in values], s.tau)
                    for j, e in enumerate(self.ensembles)]

        gvals = [p["gaussian"]["es"] for p in points]
        out = {"exact": exact,
               "gaussian": {ENSEMBLES.name: s.M}
               | sim.boundary_summary(seeds(lambda e, r: e.gaussian_es(r, s.k), gvals)),
               "bernoulli": []}
        for i, scale in enumerate(s.scales if self.bern_runs >= 2 else ()):
            bvals = [p["bernoulli"][i]["es"] for p in points]
            f = lambda e, r, sc=scale: e.bernoulli_es(r, s.k, sc, self.bern_runs)[0]  # noqa: E731
            out["bernoulli"].append({"scale": scale, ENSEMBLES.name: self.bern_runs}
                                    | sim.boundary_summary(seeds(f, bvals)))
        return out


# ---------------------------------------------------------------- the sweep
def _fmt_point(rec: dict) -> str:
    g = rec["gaussian"]
    text = f"ES_pop {rec['exact']['es']:.4f}, gauss {g['mean']:.4f}" + (f"±{g['se']:.4f}" if g["se"] else "")
    for b in rec["bernoulli"]:
        text += f", bern({b['scale']:g}) {b['mean']:.4f}" + (f"±{b['se']:.4f}" if b["se"] else "")
    return text


def _fmt_boundary(rec: dict) -> str:
    e, g = rec["exact"], rec["gaussian"]
    star = e[RHO_STAR.name] if e[RHO_STAR.name] is not None else e["rho_star_roots"]
    sim_text = f"{g['mean']:.4g}±{(g['se'] or 0):.2g}" if g["mean"] is not None else g["status"]
    return f"rho* {star}, bracket [{e[RHO_LO.name]}, {e[RHO_HI.name]}], simulated {sim_text}"


def size(s: Settings) -> int:
    """Units of the sweep: one per point and one per boundary."""
    s = validate(s)
    return len(s.c) * len(s.T) * (len(s.rho) + 1)


@lru_cache(maxsize=2)
def _group(s: Settings, c: float, T: int, backend_name: str) -> Group:
    from ..backend import get_backend
    return Group(s, c, T, get_backend(backend_name).xp)


def point_unit(s: Settings, c: float, T: int, rho: float, backend_name: str) -> dict:
    """A unit: the computed part of the point ``(c, ρ, T)`` with its time (the group is cached per process)."""
    t0 = time.monotonic()
    out = _group(s, c, T, backend_name).point(rho)
    return out | {"elapsed_s": round(time.monotonic() - t0, 3)}


def boundary_unit(s: Settings, c: float, T: int, points: list[dict], backend_name: str) -> dict:
    """A unit: the computed part of the boundary of ``(c, T)`` from its points (in the order of ``s.rho``)."""
    t0 = time.monotonic()
    out = _group(s, c, T, backend_name).boundary(s.rho, points)
    return out | {"elapsed_s": round(time.monotonic() - t0, 3)}


def run(s: Settings, path: Path, backend, progress=lambda msg: None, client=None) -> dict:
    """Compute every point and boundary of ``s`` not yet in ``path``; returns counts and timings.

    ``client``: a ``distributed.Client`` whose workers compute the units (``None``: this process, in grid
    order).  Either way this process is the only writer: a unit's record is appended when it arrives.  A unit
    that raises is reported and left out of the file (with the boundary of its group): a rerun computes it.
    """
    s = validate(s)
    store = Store(path)
    try:
        cv, sh = code_version(), settings_hash(s)
        vers = versions()
        prov = {"settings_hash": sh, "code_version": cv, "seed": s.seed, "backend": backend.name, "versions": vers}
        units = []             # (key, label, record head, point keys of the group for a boundary, rho)
        for c, T in ((c, T) for c in s.c for T in s.T):
            base = {RATE.name: c, LAST_STEP.name: T, RANK.name: s.k, TAU.name: s.tau, MODES.name: s.d,
                    SAMPLES.name: s.N, ETA.name: s.eta_lam1, "dps": s.dps} | prov
            keys = [point_key(sh, cv, c, r, T) for r in s.rho]
            units += [(k, f"c={c:g} T={T} rho={r:g}", {"type": "point", RHO.name: r} | base, None, r)
                      for k, r in zip(keys, s.rho)]
            units.append((boundary_key(sh, cv, c, T, s.rho), f"c={c:g} T={T} boundary",
                          {"type": "boundary", "rhos": list(s.rho)} | base, keys, None))
        todo = [u for u in units if u[0] not in store.records]
        started = time.monotonic()
        if todo:
            store.append({"type": "run", "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                          "settings": asdict(s), "settings_hash": sh, "code_version": cv,
                          "backend": backend.name, "device": backend.device_name, "versions": vers})
        from ..distributed import Tally, running, worker_count
        if client is not None:
            progress(f"sweep: {len(units)} records, {len(units) - len(todo)} already there, {len(todo)} to compute "
                     f"on {worker_count(client)} workers")
        tally = Tally(len(todo))

        def arrived(unit, result, error=None):
            key, label, head, _, _ = unit
            tally.add(failed=error is not None)
            state = tally.state(None if client is None else running(client))
            if error is not None:
                progress(f"sweep: [{tally.count()}] {label}: FAILED, {type(error).__name__}: {error} ({state})")
                return
            rec = head | result | {"key": key}
            if key not in store.records:            # a unit recomputed after a lost worker is written once
                store.append(rec)
            fmt = _fmt_point if head["type"] == "point" else _fmt_boundary
            progress(f"sweep: [{tally.count()}] {label}: {fmt(rec)} ({rec['elapsed_s']:.1f} s; {state})")

        if client is None:
            _run_here(s, todo, store, backend.name, arrived)
        else:
            _run_on_cluster(s, todo, store, backend.name, client, arrived)
        return {"path": str(path), "items": len(units), "computed": tally.done - tally.failed,
                "cached": len(units) - len(todo), "failed": tally.failed,
                "seconds": round(time.monotonic() - started, 2), "code_version": cv, "settings_hash": sh}
    finally:
        store.close()
        _group.cache_clear()


def _run_here(s, todo, store, backend_name, arrived) -> None:
    for unit in todo:
        key, _, head, point_keys, rho = unit
        try:
            if point_keys is None:
                result = point_unit(s, head[RATE.name], head[LAST_STEP.name], rho, backend_name)
            else:
                missing = [k for k in point_keys if k not in store.records]
                if missing:
                    raise RuntimeError(f"{len(missing)} point(s) of this group failed")
                result = boundary_unit(s, head[RATE.name], head[LAST_STEP.name], [store.records[k] for k in point_keys],
                                       backend_name)
        except Exception as exc:  # noqa: BLE001 - reported; the rest of the sweep goes on
            arrived(unit, None, exc)
            continue
        arrived(unit, result)


def _run_on_cluster(s, todo, store, backend_name, client, arrived) -> None:
    from distributed import as_completed

    from ..distributed import REPORT_PRIORITY, submit
    futures = {}
    for i, unit in enumerate(todo):
        key, label, head, point_keys, rho = unit
        name = f"sweep-{label.replace(' ', '-')}"
        if point_keys is None:
            fut = submit(client, name, point_unit, s, head[RATE.name], head[LAST_STEP.name], rho, backend_name,
                         priority=REPORT_PRIORITY - i * 1e-6)
        else:
            points = [store.records.get(k) or futures[k][0] for k in point_keys]
            fut = submit(client, name, boundary_unit, s, head[RATE.name], head[LAST_STEP.name], points, backend_name,
                         priority=REPORT_PRIORITY - i * 1e-6)
        futures[key] = (fut, unit)
    by_future = {fut.key: unit for fut, unit in futures.values()}
    try:
        for fut in as_completed([f for f, _ in futures.values()]):
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - reported; the rest of the sweep goes on
                arrived(by_future[fut.key], None, exc)
                continue
            arrived(by_future[fut.key], result)
    finally:                                   # an interrupted client leaves no work behind on the cluster
        client.cancel([f for f, _ in futures.values()])


def settings_from(preset: str, **overrides) -> Settings:
    """A preset with explicit overrides (``None`` values ignored); ``SweepError`` for an unknown name."""
    if preset not in PRESETS:
        raise SweepError(f"--preset must be one of {', '.join(PRESETS)} (got {preset!r})")
    names = {f.name for f in fields(Settings)}
    bad = [k for k in overrides if k not in names]
    if bad:
        raise SweepError(f"unknown setting {bad[0]!r}")
    return validate(replace(PRESETS[preset], **{k: v for k, v in overrides.items() if v is not None}))
