"""Reading the phase-diagram sweep data (``<report>/sweeps/*.jsonl``, schema of ``verify.ribbon.sweep``) into
plot-ready panels, one per (settings, T).

Defensive by design: the report must render whatever is there.  A line that is not a JSON object is skipped and
counted in ``problems`` (shown on the page); records of other types or lacking ``c``/``T`` are ignored; when a
record of the same settings and grid point occurs twice (a newer code version), the later line wins.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from .figures import number


@dataclass
class Sweeps:
    panels: list = field(default_factory=list)      # [{T, k, tau, d, M, eta_lam1, label, points, boundary}]
    problems: list = field(default_factory=list)
    files: list = field(default_factory=list)
    records: int = 0

    def describe(self) -> str:
        return f"{self.records} sweep records in {', '.join(f'`sweeps/{f}`' for f in self.files)}"


def _num(x):
    """A sweep number: JSON float, ``"inf"`` for +infinity, ``None`` when absent."""
    return math.inf if x == "inf" else number(x)


def _sim(block) -> dict | None:
    """Mean and standard error of a simulated boundary (``status == "crossing"``), else its status."""
    if not isinstance(block, dict):
        return None
    return {"mean": _num(block.get("mean")), "se": _num(block.get("se")) or 0.0, "status": block.get("status"),
            "M": block.get("M"), "scale": block.get("scale")}


def _point(rec: dict) -> dict:
    cert = rec.get("certificate") or {}
    g = rec.get("gaussian") or {}
    return {"c": number(rec["c"]), "rho": _num(rec.get("rho")), "es": _num((rec.get("exact") or {}).get("es")),
            "cert": "ribbon" if cert.get("ribbon") else "no_ribbon" if cert.get("no_ribbon") else None,
            "sim_es": _num(g.get("mean")), "sim_se": _num(g.get("se"))}


def _boundary(rec: dict) -> dict:
    ex = rec.get("exact") or {}
    return {"c": number(rec["c"]), "rho_star": _num(ex.get("rho_star")), "rho_lo": _num(ex.get("rho_lo")),
            "rho_hi": _num(ex.get("rho_hi")), "no_ribbon_above": _num(ex.get("rho_no_ribbon_above")),
            "phase": ex.get("phase"), "roots": ex.get("rho_star_roots"), "gaussian": _sim(rec.get("gaussian")),
            "bernoulli": [s for s in map(_sim, rec.get("bernoulli") or []) if s]}


def load_sweeps(folder: Path) -> Sweeps:
    out = Sweeps()
    if not folder.is_dir():
        return out
    groups: dict = {}
    for path in sorted(folder.glob("*.jsonl")):
        out.files.append(path.name)
        bad = 0
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                rec = None
            if not isinstance(rec, dict):
                bad += 1
                continue
            out.records += 1
            kind = rec.get("type")
            if kind not in ("point", "boundary") or number(rec.get("c")) is None or number(rec.get("T")) is None:
                continue
            key = (rec.get("settings_hash"), number(rec.get("k")), str(rec.get("tau")), number(rec.get("T")))
            g = groups.setdefault(key, {"meta": rec, "point": {}, "boundary": {}})
            try:
                if kind == "point":
                    g["point"][(number(rec["c"]), _num(rec.get("rho")))] = _point(rec)
                else:
                    g["boundary"][number(rec["c"])] = _boundary(rec)
            except (TypeError, AttributeError):
                bad += 1
        if bad:
            out.problems.append(f"{bad} unreadable record(s) in sweeps/{path.name} skipped")
    for (sh, k, tau, T), g in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), kv[0][1] or 0, kv[0][2], kv[0][3])):
        m = g["meta"]
        out.panels.append({"T": int(T) if float(T).is_integer() else T, "k": m.get("k"), "tau": m.get("tau"),
                           "d": m.get("d"), "eta_lam1": number(m.get("eta_lam1")), "settings_hash": sh,
                           "points": [p for p in g["point"].values() if p["rho"] is not None],
                           "boundary": sorted(g["boundary"].values(), key=lambda b: b["c"])})
    return out
