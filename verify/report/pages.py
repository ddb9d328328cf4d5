"""Markdown pages of the report: ``index.md`` (one row per claim, grouped by theory) and ``claims/<id>.md``."""
from __future__ import annotations

import json

from . import safe_name
from .figures import number

TIER_SHORT = {"symbolic": "sym", "high_precision": "hp", "float64": "f64", "statistical": "stat"}
THEORY_TITLE = {"fisher": "Fisher information of wide networks (spec/fisher.md)",
                "ribbon": "Hyper-ribbons (spec/sloppiness.md)"}


def cell(text, limit: int = 0) -> str:
    """Text safe inside a Markdown table cell (one line, pipes escaped), cut to ``limit`` characters."""
    s = " ".join(str(text).split())
    if limit and len(s) > limit:
        s = s[: limit - 1] + "…"
    return s.replace("|", "\\|")


def short(x, digits: int = 4) -> str:
    v = number(x)
    if v is None:
        return str(x)
    return f"{v:.{digits}g}"


def params_text(params) -> str:
    if not isinstance(params, dict):
        return str(params)
    return ", ".join(f"{k}={short(v, 6) if isinstance(v, (int, float)) else v}" for k, v in params.items())


MEASURE_SHORT = (("rhs/lhs", "bound/actual"), ("relative error", "rel. error"))


def tightness_text(ev: dict) -> str:
    """One evidence's tightness in a few words: the extreme of its measure, or fitted beside stated exponent."""
    t = ev.get("tightness") or {}
    if not t:
        return ""
    if "fitted_exponent" in t:
        return f"exponent {short(t['fitted_exponent'], 3)} (stated {short(t.get('stated_exponent'), 3)})"
    measure = str(t.get("measure", ""))
    measure = next((new for old, new in MEASURE_SHORT if measure.startswith(old)), measure.split(" (")[0])
    return f"{measure} = {short(t.get('extreme'))}" if "extreme" in t else measure


def worst_text(wc) -> str:
    if not wc:
        return ""
    if isinstance(wc, dict):
        if "parameters" in wc:
            return params_text(wc["parameters"])
        if "step" in wc and isinstance(wc["step"], dict):
            return f"step {wc['step'].get('step')} {wc['step'].get('status')}"
        return ", ".join(f"{k}={_compact(v)}" for k, v in wc.items())
    return str(wc)


def _compact(v) -> str:
    """A worst-case value in a few characters: numbers to 5 digits, one level of nesting, long lists cut."""
    if isinstance(v, dict):
        return "(" + ", ".join(f"{k}={short(x, 5) if not isinstance(x, (dict, list)) else '…'}" for k, x in v.items()) + ")"
    if isinstance(v, list):
        return "[" + ", ".join(_compact(x) if not isinstance(x, (dict, list)) else "…" for x in v[:4]) + \
            (", …]" if len(v) > 4 else "]")
    return short(v, 5)


def _shown(evidence: list[dict]) -> dict | None:
    """The evidence the index quotes: the first not holding, else the tightest bound (least bound/actual), else
    the first with a tightness record, else the last."""
    bad = [e for e in evidence if e["status"] in ("violated", "inconclusive")]
    if bad:
        return bad[0]
    bounds = [(number((e.get("tightness") or {}).get("extreme")), e) for e in evidence
              if str((e.get("tightness") or {}).get("measure", "")).startswith("rhs/lhs")]
    bounds = [(v, e) for v, e in bounds if v is not None]
    if bounds:
        return min(bounds, key=lambda ve: ve[0])[1]
    tight = [e for e in evidence if e.get("tightness")]
    return tight[0] if tight else (evidence[-1] if evidence else None)


def settings_lines(doc: dict) -> list[str]:
    s = doc.get("settings", {})
    v = s.get("versions", {})
    gpu = f"yes ({s.get('device')})" if s.get("gpu") else f"no ({s.get('device') or s.get('processor', '?')})"
    sel = s.get("selection") or []
    return [
        f"- **Run**: {doc.get('created', '?')}; profile `{s.get('profile', '?')}`; seed {s.get('seed', '?')}; "
        f"precision {s.get('dps', '?')} digits (confirmed at {s.get('dps_confirm', '?')}); backend `{s.get('backend', '?')}`; "
        f"GPU: {gpu}",
        f"- **Selection**: {' '.join(sel) if sel else 'all claims'}",
        "- **Versions**: " + ", ".join(f"{k} {val}" for k, val in v.items() if val is not None),
        f"- **Machine**: {s.get('machine', '?')}",
    ]


def index_page(doc: dict, figs: dict) -> str:
    claims = doc["claims"]
    summ = doc.get("summary", {})
    counts = ", ".join(f"{n} {k}" for k, n in sorted(summ.get("verdicts", {}).items()))
    lines = ["# sloppy verification report", "", *settings_lines(doc), "",
             f"**{len(claims)} claims**: {counts}." + (f" **Not holding (gating)**: {', '.join(summ['failing'])}."
                                                        if summ.get("failing") else " Every gating claim holds."),
             "", "Verdicts: `proved` (every tier a proof), `holds` (checked, not proved), `violated` (a confirmed "
             "counterexample), `inconclusive`. CONJ and EMPIRICAL claims are reported, never gate. Tiers: sym = SymPy, "
             "hp = high precision (mpmath at a stated precision, discretisations re-derived there), f64 = float64 only "
             "(scans, eigensolvers, finite differences), stat = simulation. [Phase diagrams](phase.md).", ""]
    theories = []
    for r in claims:
        if r.get("theory", r["id"].split(".")[0]) not in theories:
            theories.append(r.get("theory", r["id"].split(".")[0]))
    for th in theories:
        rows = [r for r in claims if r.get("theory", r["id"].split(".")[0]) == th]
        lines += [f"## {th}: {THEORY_TITLE.get(th, 'claims')} — {len(rows)} claims", "",
                  "| claim | tag | kind | tiers | verdict | tightness | worst case | figures |",
                  "|---|---|---|---|---|---|---|---|"]
        for r in rows:
            ev = r.get("evidence", [])
            tiers = ", ".join(f"{TIER_SHORT.get(e['tier'], e['tier'])} {e['status']}" for e in ev)
            shown = _shown(ev)
            tight = "; ".join(t for t in (tightness_text(e) for e in ev) if t)
            verdict = r["verdict"] if r["verdict"] in ("proved", "holds") else f"**{r['verdict']}**"
            verdict += "" if r.get("gating", True) else " (reported only)"
            fl = " ".join(f"[{f['kind']}]({f['file']})" if "error" not in f else "(figure not drawn)"
                          for f in figs.get(r["id"], []))
            lines.append(f"| [{r['id']}](claims/{safe_name(r['id'])}.md) | {cell(r['tag'])} | {r['kind']} | "
                         f"{cell(tiers)} | {verdict} | {cell(tight, 110)} | "
                         f"{cell(worst_text(shown.get('worst_case')) if shown else '', 90)} | {fl} |")
        lines.append("")
    return "\n".join(lines)


def _block(obj) -> list[str]:
    return ["```json", json.dumps(obj, indent=1, ensure_ascii=False)[:3000], "```"]


def claim_page(rec: dict, figs: list[dict]) -> str:
    ev = rec.get("evidence", [])
    lines = [f"# {rec['id']} — {rec.get('title', '')}", "",
             f"[← index](../index.md) · tag **{rec['tag']}** · kind **{rec['kind']}** · verdict **{rec['verdict']}**"
             f"{'' if rec.get('gating', True) else ' (reported only: not gating)'} · checked in {rec.get('seconds', '?')} s",
             "", "## Statement", "", f"$${rec.get('statement_latex', '')}$$", "", f"`{rec.get('statement', '')}`", ""]
    params = rec.get("parameters") or {}
    if params:
        lines += ["## Parameters", "", "| parameter | domain |", "|---|---|"]
        lines += [f"| `{cell(k)}` | {cell(v)} |" for k, v in params.items()] + [""]
    lines += ["## Assumptions", ""] + ([f"- {a}" for a in rec.get("assumptions", [])] or ["- none stated"]) + [""]
    steps = next((e["data"]["steps"] for e in ev if e["tier"] == "symbolic" and "steps" in (e.get("data") or {})), None)
    lines += ["## Derivation", ""]
    if steps:
        lines += ["Each ALGEBRA step is proved by SymPy (its difference simplifies to 0): `proved`, `refuted` or "
                  "`undecided`; other steps are marked with their kind (`numeric`, `definition`, `cited`).", "",
                  "| step | status | expression | justification |", "|---|---|---|---|"]
        lines += [f"| {s['step']} | {'**' + s['status'] + '**' if s['status'] in ('refuted', 'undecided') else s['status']}"
                  f" | `{cell(s['expr'], 300)}` | {cell(s['why'])} |" for s in steps]
    else:
        lines.append("No algebra steps to prove: the claim is checked numerically (evidence below).")
    lines += ["", "## Evidence", ""]
    for i, e in enumerate(ev, 1):
        lines += [f"### {i}. {e['tier'].replace('_', ' ')}: {e['status']}", "", cell(e.get("summary", "")), ""]
        if e.get("tolerance"):
            lines.append(f"- **Tolerance**: {cell(e['tolerance'])}")
        if e.get("worst_case"):
            lines.append(f"- **Worst case**: {cell(worst_text(e['worst_case']), 400)}")
        t = e.get("tightness") or {}
        if t:
            extra = {k: v for k, v in t.items() if k not in ("samples", "measure", "extreme", "at")}
            lines.append(f"- **Tightness**: {cell(tightness_text(e))}"
                         + (f" at {cell(params_text(t['at']), 300)}" if t.get("at") else "")
                         + (f"; {len(t['samples'])} samples recorded" if isinstance(t.get("samples"), list) else "")
                         + (f"; {cell(params_text(extra), 300)}" if extra else ""))
        if e.get("worst_case") and isinstance(e["worst_case"], dict):
            lines += ["", "<details><summary>worst case (full record)</summary>", "", *_block(e["worst_case"]),
                      "", "</details>"]
        lines.append("")
    if figs:
        lines += ["## Figures", ""]
        for f in figs:
            lines += ([f"*{f['kind']} not drawn*: {f['error']}", ""] if "error" in f else
                      [f"![{rec['id']} {f['kind']}](../{f['file']})", "", f"*{f['kind']}*: {f['caption']}", ""])
    lines += ["## Provenance", "", rec.get("provenance", "") or "not recorded", ""]
    return "\n".join(lines)
