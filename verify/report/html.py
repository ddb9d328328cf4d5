"""HTML pages of the report: ``index.html`` (every claim, sortable and filterable), ``claims/<id>.html`` (one page per
claim) and ``phase.html``.  Mathematics is presentation MathML (:mod:`.tex`), rendered natively by the browser;
the style sheet and the index's sorting script are files of the report (``assets/``): nothing is fetched at view
time.  Every value in a parameter table is the exact string the check recorded.
"""
from __future__ import annotations

import json
from decimal import Decimal
from html import escape

from ..evidence import print_items
from ..results import safe_name
from .figures import certificates, number
from .tex import mathml

TIER_SHORT = {"symbolic": "sym", "certified": "cert", "high_precision": "hp", "float64": "f64", "statistical": "stat"}

CSS = """
body { font: 15px/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; margin: 0 auto; max-width: 1400px;
       padding: 12px 22px 40px; color: #1b1b1b; }
math { font-family: "Latin Modern Math", "STIX Two Math", "DejaVu Math TeX Gyre", math; font-size: 1.08em; }
math[display="block"] { margin: 0.4em 0; overflow-x: auto; overflow-y: hidden; }
h1 { font-size: 1.5em; margin: 0.6em 0 0.3em; } h2 { font-size: 1.2em; margin-top: 1.4em; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.02em; margin: 1.1em 0 0.3em; }
table { border-collapse: collapse; margin: 0.4em 0 0.8em; }
td, th { border: 1px solid #d4d4d4; padding: 3px 7px; vertical-align: top; text-align: left; }
th { background: #f3f3f3; } th.sort { cursor: pointer; user-select: none; } th.sort::after { content: " \\2195"; color: #999; }
.nav { font-size: 0.93em; color: #555; } .nav a { margin-right: 1em; }
.verdict { font-weight: bold; padding: 0 5px; border-radius: 3px; white-space: nowrap; }
.v-proved, .s-proved { color: #0b5d1e; } .v-holds, .s-holds { color: #1e6b30; }
.v-violated, .s-violated, .s-refuted { color: #b00020; } .v-inconclusive, .s-inconclusive, .s-undecided { color: #8a5a00; }
.filters { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; margin: 0.6em 0; padding: 6px 10px;
           background: #f6f6f6; border: 1px solid #e0e0e0; }
.filters label { white-space: nowrap; }
table#claims { width: 100%; table-layout: fixed; font-size: 0.93em; } table#claims td { overflow-wrap: break-word; }
div.scroll { overflow-x: auto; overflow-y: hidden; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.88em; }
pre { background: #f7f7f7; padding: 6px 8px; overflow-x: auto; max-height: 22em; }
figure { margin: 1em 0 1.6em; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.92em; color: #333; max-width: 62em; }
.files a { margin-right: 0.8em; } .muted { color: #666; } .note { color: #8a5a00; }
dl.kv { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; } dl.kv dt { font-weight: bold; }
"""

INDEX_JS = """
(function () {
  const table = document.getElementById('claims');
  const body = table.tBodies[0];
  const sel = {};
  document.querySelectorAll('.filters select').forEach(s => { sel[s.name] = s; s.addEventListener('change', apply); });
  const search = document.getElementById('search');
  search.addEventListener('input', apply);
  function apply() {
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    for (const row of body.rows) {
      let ok = Object.entries(sel).every(([k, s]) => !s.value || (row.dataset[k] || '').split(' ').includes(s.value));
      ok = ok && (!q || row.dataset.id.toLowerCase().includes(q) || row.dataset.title.toLowerCase().includes(q));
      row.hidden = !ok;
      shown += ok;
    }
    document.getElementById('shown').textContent = shown;
  }
  table.querySelectorAll('th.sort').forEach((th, col) => th.addEventListener('click', () => {
    const dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
    table.querySelectorAll('th.sort').forEach(h => delete h.dataset.dir);
    th.dataset.dir = dir;
    const idx = th.cellIndex;
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = a.cells[idx].dataset.key || a.cells[idx].textContent, y = b.cells[idx].dataset.key || b.cells[idx].textContent;
      return (dir === 'asc' ? 1 : -1) * x.localeCompare(y, undefined, {numeric: true});
    });
    rows.forEach(r => body.appendChild(r));
  }));
  apply();
})();
"""


def page(title: str, body: str, root: str = "", script: str | None = None) -> str:
    """A complete HTML document; ``root``: the relative path to the report root (``""`` or ``"../"``)."""
    js = f'<script src="{root}assets/{script}"></script>' if script else ""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
            f'<link rel="stylesheet" href="{root}assets/report.css">\n</head>\n<body>\n{body}\n{js}\n</body>\n</html>\n')


def assets() -> dict:
    return {"report.css": CSS, "index.js": INDEX_JS}


def _mutation(rec: dict) -> str:
    """The claim's mutation score (``sloppy mutate``), when a mutation run was made."""
    m = rec.get("mutation")
    if not m or not m.get("mutated"):
        return ""
    extra = f", {m['equivalent']} equivalent" if m.get("equivalent") else ""
    if m.get("unresolved"):     # never caught: below the check's statistical resolution (relative half-width r)
        extra += f", {m['unresolved']} unresolved (resolution +-{m['resolution']:.2g})"
    return f'<br><span class="muted">mutants caught {escape(m["score"])}{escape(extra)}</span>'


def _verdict(v: str, gating: bool = True) -> str:
    return f'<span class="verdict v-{escape(v)}">{escape(v)}</span>' + ("" if gating else ' <span class="muted">(reported only)</span>')


def _status(s: str) -> str:
    return f'<span class="s-{escape(str(s))}">{escape(str(s))}</span>'


def statement_math(rec: dict, display: bool) -> str:
    """The statement's relations as MathML (recorded TeX; ``statement_latex`` for older results files)."""
    lines = (rec.get("tex") or {}).get("statement") or [rec.get("statement_latex", "")]
    return ("" if display else "<br>").join(mathml(t, display) for t in lines if t) or escape(rec.get("statement", ""))


def value_text(v) -> str:
    """An exact recorded value as text (strings as recorded; nested records as compact JSON)."""
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


def params_table(params: dict) -> str:
    """A parameter table with the exact recorded values."""
    if not isinstance(params, dict) or not params:
        return ""
    rows = "".join(f"<tr><td><code>{escape(str(k))}</code></td><td><code>{escape(value_text(v))}</code></td></tr>"
                   for k, v in params.items())
    return f"<table class=\"params\"><tr><th>parameter</th><th>exact value</th></tr>{rows}</table>"


def _shown(evidence: list[dict]) -> dict | None:
    """The evidence the index quotes: the first not holding, else the tightest bound, else the first with a
    tightness record, else the last."""
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


def tightness_text(ev: dict) -> str:
    """One evidence's tightness in a few words: the extreme of its measure, or fitted beside stated exponent."""
    t = ev.get("tightness") or {}
    if "fitted_exponent" in t:
        return f"exponent {_short(t['fitted_exponent'])} (stated {_short(t.get('stated_exponent'))})"
    if "extreme" in t:
        return f"{str(t.get('measure', '')).split(' (')[0]} = {_short(t['extreme'], 6)}"
    return ""


def _short(x, digits: int = 3) -> str:
    v = number(x)
    return str(x) if v is None else f"{v:.{digits}g}"


def settings_block(doc: dict) -> str:
    s = doc.get("settings", {})
    v = s.get("versions", {})
    gpu = f"yes ({s.get('device')})" if s.get("gpu") else f"no ({s.get('device') or s.get('processor', '?')})"
    sel = s.get("selection") or []
    items = [("Run", f"{doc.get('created', '?')}; profile {s.get('profile', '?')}; seed {s.get('seed', '?')}; "
                     f"precision {s.get('dps', '?')} digits (confirmed at {s.get('dps_confirm', '?')}); "
                     f"backend {s.get('backend', '?')}; GPU: {gpu}"),
             ("Selection", " ".join(sel) if sel else "all claims"),
             ("Versions", ", ".join(f"{k} {val}" for k, val in v.items() if val is not None)),
             ("Machine", str(s.get("machine", "?")))]
    return '<dl class="kv">' + "".join(f"<dt>{k}</dt><dd>{escape(t)}</dd>" for k, t in items) + "</dl>"


def index_page(doc: dict, figs: dict) -> str:
    claims = doc["claims"]
    summ = doc.get("summary", {})
    counts = ", ".join(f"{n} {k}" for k, n in sorted(summ.get("verdicts", {}).items()))
    failing = summ.get("failing") or []
    values = {key: sorted({str(x) for r in claims for x in _facets(r)[key]}) for key in ("verdict", "kind", "tier", "theory")}
    filters = "".join(f'<label>{key} <select name="{key}"><option value="">all</option>'
                      + "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in vals) + "</select></label>"
                      for key, vals in values.items())
    filters += ('<label>search <input id="search" type="search" placeholder="id or title"></label>'
                f'<span><span id="shown">{len(claims)}</span> of {len(claims)} shown</span>')
    rows = []
    for r in claims:
        f = _facets(r)
        ev = r.get("evidence", [])
        tiers = ", ".join(f"{TIER_SHORT.get(e['tier'], e['tier'])} {e['status']}" for e in ev)
        shown = _shown(ev)
        tight = "; ".join(t for t in (tightness_text(e) for e in ev) if t)
        figl = " ".join(f'<a href="{escape(x["file"])}">{escape(x["kind"])}</a>' if "error" not in x
                        else '<span class="note">figure not drawn</span>' for x in figs.get(r["id"], []))
        data = " ".join(f'data-{k}="{escape(" ".join(map(str, v)))}"' for k, v in f.items())
        href = f"claims/{safe_name(r['id'])}.html"
        rows.append(
            f'<tr {data} data-id="{escape(r["id"])}" data-title="{escape(r.get("title", ""))}">'
            f'<td data-key="{escape(r["id"])}"><a href="{href}">{escape(r["id"])}</a><br>'
            f'<span class="muted">{escape(r.get("title", ""))}</span></td>'
            f'<td>{escape(r["tag"])}</td><td>{escape(r["kind"])}</td><td>{escape(r.get("theory", ""))}</td>'
            f'<td data-key="{escape(r["verdict"])}">{_verdict(r["verdict"], r.get("gating", True))}{_mutation(r)}</td>'
            f'<td>{escape(tiers)}</td><td><div class="scroll">{statement_math(r, False)}</div></td>'
            f'<td>{escape(_coverage(ev))}</td>'
            f'<td>{escape(tight)}</td><td>{escape(_worst_brief(shown))}</td><td>{figl}</td></tr>')
    cols = ["claim", "tag", "kind", "theory", "verdict", "tiers", "statement", "certified", "tightness", "worst case",
            "figures"]
    widths = [16, 5, 7, 6, 8, 9, 19, 6, 9, 9, 6]        # per cent of the table (fixed layout: nothing overflows)
    colgroup = "".join(f'<col style="width:{w}%">' for w in widths)
    sortable = {"claim", "tag", "kind", "theory", "verdict", "tiers", "certified", "tightness"}
    head = "".join(f'<th class="sort">{c}</th>' if c in sortable else f"<th>{c}</th>" for c in cols)
    body = (f"<h1>sloppy verification report</h1>{settings_block(doc)}"
            f"<p><b>{len(claims)} claims</b>: {escape(counts)}. "
            + (f"<b>Not holding (gating)</b>: {escape(', '.join(failing))}." if failing else "Every gating claim holds.")
            + ' <a href="phase.html">Phase diagrams</a> · <a href="results.json">results.json</a></p>'
            "<p class=\"muted\">Verdicts: proved (a whole-domain certificate, or every tier a proof), holds (checked, not proved), violated (a confirmed "
            "counterexample), inconclusive. CONJ and EMPIRICAL claims are reported and never gate. Tiers: sym = SymPy, "
            "cert = certified interval arithmetic, hp = high precision (mpmath + Hypothesis), f64 = float64 scan, "
            "stat = simulation. Click a column head to sort.</p>"
            f'<div class="filters">{filters}</div>'
            f'<table id="claims"><colgroup>{colgroup}</colgroup>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return page("sloppy verification report", body, "", "index.js")


def _coverage(ev: list) -> str:
    """The certified tier's share of the domain, per certificate (``_share``), each led by its reduction's label
    where it is one ("C = 2: 53.43 %; C = 3: 0 %"); '' where the tier did not run."""
    return "; ".join(f"{e['data']['reduction']}: {share}" if (e.get("data") or {}).get("reduction") else share
                     for e in ev if e["tier"] == "certified" and (share := _share(e)))


def _share(cert: dict) -> str:
    """One certificate's share: its coverage (rounded down, as recorded), 'violated' at a certified
    counterexample, 'not certifiable', or '' where it records none."""
    data = cert.get("data") or {}
    if cert["status"] == "violated":
        return "violated"
    if data.get("not_certifiable"):
        return "not certifiable"
    cov = data.get("coverage")
    if cert["status"] == "proved":
        return "100 %"
    return "" if cov is None else f"{Decimal(str(cov)) * 100:f} %"   # exact: a partial coverage never reads 100


def _facets(r: dict) -> dict:
    return {"verdict": [r["verdict"]], "kind": [r["kind"]], "theory": [r.get("theory", r["id"].split(".")[0])],
            "tier": sorted({e["tier"] for e in r.get("evidence", [])})}


def _worst_brief(ev: dict | None) -> str:
    if not ev or not ev.get("worst_case"):
        return ""
    wc = ev["worst_case"]
    if isinstance(wc, dict) and isinstance(wc.get("parameters"), dict):
        wc = wc["parameters"]
    if isinstance(wc, dict) and isinstance(wc.get("step"), dict):
        return f"step {wc['step'].get('step')} {wc['step'].get('status')}"
    text = ", ".join(f"{k}={value_text(v)}" for k, v in wc.items()) if isinstance(wc, dict) else value_text(wc)
    return text if len(text) <= 70 else text[:69] + "…"


# ---------------------------------------------------------------- the claim page
def claim_page(rec: dict, figs: list[dict]) -> str:
    tex = rec.get("tex") or {}
    stem = safe_name(rec["id"])
    links = [f'<a href="../index.html">← index</a>', f'<a href="{stem}.json">raw JSON</a>']
    if tex.get("section"):
        links.append(f'<a href="{stem}.tex">LaTeX snippet</a>')
    out = [f'<p class="nav">{" ".join(links)}</p>',
           f"<h1>{escape(rec['id'])} — {escape(rec.get('title', ''))}</h1>",
           f"<p>tag <b>{escape(rec['tag'])}</b> · kind <b>{escape(rec['kind'])}</b> · verdict "
           f"{_verdict(rec['verdict'], rec.get('gating', True))}{_mutation(rec)} · checked in {escape(str(rec.get('seconds', '?')))} s</p>",
           "<h2>Statement</h2>", statement_math(rec, True)]
    if tex.get("error"):
        out.append(f'<p class="note">Not typeset from the claim ({escape(tex["error"])}): shown from its plain TeX.</p>')
    if rec.get("tag", "").startswith(("S20", "S26", "S27")):
        out.append('<p>The phase planes of these claims: <a href="../phase.html">phase diagrams</a>.</p>')
    if tex.get("large"):
        rate = f", error {mathml('O(' + tex['rate'] + ')')}" if tex.get("rate") else ""
        limit = mathml(tex["large"] + r" \to \infty")
        out.append(f"<p>as {limit}{rate}.</p>")
    out += (_quantities(rec, tex), _assumptions(rec, tex), _derivation(rec, tex), "<h2>Evidence</h2>",
            _certificate_table(rec.get("evidence", [])))
    out += [_evidence(i, e) for i, e in enumerate(rec.get("evidence", []), 1)]
    if figs:
        out.append("<h2>Figures</h2>")
        out += [_figure(f) for f in figs]
    out += ["<h2>Provenance</h2>", f"<p>{escape(rec.get('provenance', '') or 'not recorded')}</p>"]
    return page(f"{rec['id']} — sloppy report", "\n".join(out), "../")


def _quantities(rec: dict, tex: dict) -> str:
    params = tex.get("parameters")
    if params:
        rows = "".join(f"<tr><td>{mathml(p['tex'])}</td><td><code>{escape(p['name'])}</code></td>"
                       f"<td>{escape(p.get('description') or '')}</td></tr>" for p in params)
        return ("<h2>Quantities and parameters</h2><table><tr><th>domain</th><th>name</th><th>meaning</th></tr>"
                f"{rows}</table>")
    params = rec.get("parameters") or {}
    if not params:
        return ""
    rows = "".join(f"<tr><td><code>{escape(k)}</code></td><td><code>{escape(str(v))}</code></td></tr>" for k, v in params.items())
    return f"<h2>Parameters</h2><table><tr><th>parameter</th><th>domain</th></tr>{rows}</table>"


def _assumptions(rec: dict, tex: dict) -> str:
    items = rec.get("assumptions", [])
    typeset = tex.get("assumptions") or [None] * len(items)
    li = "".join(f"<li>{mathml(t) if t else escape(str(a))}</li>" for a, t in zip(items, typeset))
    return "<h2>Assumptions</h2>" + (f"<ul>{li}</ul>" if li else "<p>none stated</p>")


def _derivation(rec: dict, tex: dict) -> str:
    ev = rec.get("evidence", [])
    steps = next((e["data"]["steps"] for e in ev if e["tier"] == "symbolic" and "steps" in (e.get("data") or {})), None)
    if not steps:
        return "<h2>Derivation</h2><p>No algebra steps to prove: the claim is checked numerically (evidence below).</p>"
    typeset = tex.get("steps") or []
    rows = []
    for i, s in enumerate(steps):
        t = typeset[i] if i < len(typeset) and len(typeset) == len(steps) else None
        expr = mathml(t, True) if t else f"<code>{escape(s['expr'])}</code>"
        rows.append(f"<tr><td>{s['step']}</td><td>{_status(s['status'])}</td><td>{expr}</td><td>{escape(s['why'])}</td></tr>")
    return ("<h2>Derivation</h2><p class=\"muted\">Each algebra step is proved by SymPy (its difference simplifies to "
            "0): proved, refuted or undecided; other steps are marked with their kind (numeric, definition, cited).</p>"
            f"<table><tr><th>step</th><th>status</th><th>expression</th><th>justification</th></tr>{''.join(rows)}</table>")


def _evidence(i: int, e: dict) -> str:
    out = [f"<h3>{i}. {escape(e['tier'].replace('_', ' '))}: {_status(e['status'])}</h3>",
           _summary_html(e.get("summary", ""))]
    if e.get("tolerance"):
        out.append(f"<p><b>Tolerance</b> (as recorded by the check, with its source): {escape(e['tolerance'])}</p>")
    wc = e.get("worst_case")
    if isinstance(wc, dict):
        params = wc.get("parameters") if isinstance(wc.get("parameters"), dict) else None
        rest = {k: v for k, v in wc.items() if k != "parameters"} if params else wc
        out.append("<p><b>Worst case</b></p>" + params_table(params or {}) + params_table(rest))
    elif wc:
        out.append(f"<p><b>Worst case</b>: <code>{escape(value_text(wc))}</code></p>")
    t = e.get("tightness") or {}
    if t:
        extra = {k: v for k, v in t.items() if k not in ("samples", "at")}
        n = f"; {len(t['samples'])} samples recorded" if isinstance(t.get("samples"), list) else ""
        out.append(f"<p><b>Tightest case</b>{escape(n)}</p>" + params_table(t.get("at") or {}) + params_table(extra))
    if e["tier"] == "certified":
        out.append(_certified(e.get("data") or {}))
    return "\n".join(out)


def _summary_html(summary: str) -> str:
    """The summary's wording for print (``verify.evidence.print_items``): a paragraph, and its further items listed."""
    first, *rest = print_items(summary)
    return f"<p>{escape(first)}</p>" + (f"<ul>{''.join(f'<li>{escape(s)}</li>' for s in rest)}</ul>" if rest else "")


def _certificate_table(ev: list) -> str:
    """The claim's certificates, one row each: the reduction it certifies (or the claim), status, coverage, boxes."""
    rows = "".join(f"<tr><td>{escape(e['data'].get('reduction') or 'the claim')}</td><td>{_status(e['status'])}</td>"
                   f"<td>{escape(_share(e))}</td><td>{len(e['data']['boxes'])}"
                   "</td></tr>" for e in certificates(ev))
    return (f'<table class="certificates"><tr><th>certificate of</th><th>status</th><th>coverage</th><th>boxes</th>'
            f"</tr>{rows}</table>" if rows else "")


def _certified(d: dict) -> str:
    keys = ("reduction", "coverage", "seconds", "undecided_summary", "not_certifiable", "counterexample_slack")
    counts = {"boxes in the partition": len(d["boxes"])} if isinstance(d.get("boxes"), list) else {}
    if d.get("n_boxes") is not None:
        counts["boxes examined (the partition's and those subdivided)"] = d["n_boxes"]
    out = params_table({k: d[k] for k in keys if d.get(k) is not None} | counts)
    for key, what in (("counterexample", "Certified counterexample"), ("tightest", "Point of smallest slack")):
        if isinstance(d.get(key), dict):
            out += f"<p><b>{what}</b></p>" + params_table(d[key])
    return out


def _figure(f: dict) -> str:
    if "error" in f:
        return f'<p class="note">{escape(f["kind"])} not drawn: {escape(f["error"])}</p>'
    return figure_html(f, "../")


def figure_html(f: dict, root: str) -> str:
    """An ``<img>`` of the SVG with links to its vector, raster and data files."""
    files = " ".join(f'<a href="{root}{escape(p)}">{p.rsplit(".", 1)[-1].upper()}</a>' for p in f.get("files", [f["file"]]))
    return (f'<figure><img src="{root}{escape(f["file"])}" alt="{escape(f["kind"])}">'
            f'<figcaption><b>{escape(f["kind"])}</b>: {escape(f.get("caption", ""))} '
            f'<span class="files">{files}</span></figcaption></figure>')


def phase_page(sections: list[tuple[str, str, list[dict]]], notes: list[str]) -> str:
    """``phase.html``: ``sections`` are ``(heading, paragraph, figures)``."""
    out = ['<p class="nav"><a href="index.html">← index</a></p>',
           "<h1>Phase diagrams of the hyper-ribbon region (spec/sloppiness.md S20, S26–S27)</h1>"]
    out += [f"<p>{escape(n)}</p>" for n in notes]
    for heading, para, figs in sections:
        out += [f"<h2>{escape(heading)}</h2>", f"<p>{escape(para)}</p>" if para else ""]
        out += [figure_html(f, "") for f in figs]
    return page("Phase diagrams — sloppy report", "\n".join(out), "")
