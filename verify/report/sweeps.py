"""Reading the phase-diagram sweep data (JSON lines under ``<report>/sweeps/``) into plot-ready panels.

Defensive by design: the report must render whatever is there.  A line that is not a JSON object, or a record
without the fields a panel needs, is skipped and counted in ``problems`` (shown on the page), never fatal.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from .figures import number


@dataclass
class Sweeps:
    panels: list = field(default_factory=list)      # [{T, k, tau, points: [...], boundary: [...], c_A}]
    ca_curves: list = field(default_factory=list)   # [{k, tau, T: [...], c_A: [...], asymptote: [...]}]
    problems: list = field(default_factory=list)
    files: list = field(default_factory=list)
    records: int = 0

    def describe(self) -> str:
        return f"{self.records} sweep records in {', '.join(f'`sweeps/{f}`' for f in self.files)}"


def _get(rec: dict, *names):
    for n in names:
        if n in rec and rec[n] is not None:
            return rec[n]
    return None


def _cert(rec: dict):
    c = _get(rec, "certified", "certificate", "region")
    if isinstance(c, str):
        c = c.lower().replace("-", "_").replace(" ", "_")
        return "ribbon" if c in ("ribbon", "i") else "no_ribbon" if c in ("no_ribbon", "none", "iii") else None
    if _get(rec, "cert_ribbon", "certified_ribbon"):
        return "ribbon"
    if _get(rec, "cert_no_ribbon", "certified_no_ribbon"):
        return "no_ribbon"
    return None


def _inf(x):
    v = number(x)
    return math.inf if x in ("inf", "Infinity") else v


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
                bad += 1
                continue
            if not isinstance(rec, dict):
                bad += 1
                continue
            out.records += 1
            c, T = number(_get(rec, "c")), _get(rec, "T")
            if c is None or T is None:
                continue
            key = (T, _get(rec, "k"), _get(rec, "tau"))
            g = groups.setdefault(key, {"points": [], "boundary": {}, "c_A": None})
            rho = number(_get(rec, "rho"))
            if rho is not None:
                g["points"].append({"c": c, "rho": rho, "cert": _cert(rec), "es": number(_get(rec, "es", "ES", "es_exact"))})
            b = g["boundary"].setdefault(c, {"c": c})
            for name, aliases in (("rho_star", ("rho_star",)), ("rho_lo", ("rho_lo",)), ("rho_hi", ("rho_hi",)),
                                  ("sim_rho", ("rho_star_sim", "sim_rho_star")), ("sim_se", ("rho_star_sim_se", "sim_rho_star_se"))):
                v = _get(rec, *aliases)
                if v is not None:
                    b[name] = _inf(v)
            ca = number(_get(rec, "c_A"))
            if ca is not None:
                g["c_A"] = ca
        if bad:
            out.problems.append(f"{bad} unreadable line(s) in sweeps/{path.name} skipped")
    for (T, k, tau), g in sorted(groups.items(), key=lambda kv: (number(kv[0][0]) or 0, str(kv[0][1]), str(kv[0][2]))):
        if g["points"] or any(len(b) > 1 for b in g["boundary"].values()):
            out.panels.append({"T": T, "k": k, "tau": tau, "points": g["points"],
                               "boundary": list(g["boundary"].values()), "c_A": g["c_A"]})
    return out
