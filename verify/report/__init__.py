"""The report: HTML pages with MathML and vector figures rendered from ``results.json`` (and the sweep data),
never from a re-run of the checks.

Layout under the report directory: ``index.html`` (every claim; sortable, filterable), ``claims/<id>.html`` (a page
per claim) with ``<id>.json`` (its raw record) and ``<id>.tex`` (its LaTeX section), ``phase.html`` (phase planes),
``figures/*.svg|png|csv``, ``assets/`` (style sheet and the index's script).  Every file is written atomically
(temporary file, then ``os.replace``): assets and figures first, then the claim pages, the index last, so a run
killed mid-way leaves every page of the previous report readable (at worst a page newer than the index).  Files
no longer produced are removed once the new index is in place.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..results import SCHEMA_VERSION, safe_name, write_atomic  # noqa: F401  (safe_name: re-exported)


class ReportError(Exception):
    """``results.json`` is missing or unreadable: the one-line message says which and what to do."""


def load(out_dir: Path) -> dict:
    """The results document of ``out_dir``, checked for its schema version."""
    path = Path(out_dir) / "results.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"no results in {path} (run `sloppy verify --out {out_dir}` first)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg}); re-run `sloppy verify`") from None
    if not isinstance(doc, dict) or doc.get("schema_version") != SCHEMA_VERSION or not isinstance(doc.get("claims"), list):
        found = doc.get("schema_version") if isinstance(doc, dict) else None
        raise ReportError(f"{path} is not a results file of schema version {SCHEMA_VERSION} (found {found!r}); "
                          "re-run `sloppy verify`")
    return doc


#: claims per worker task; below ``2 * CHUNK`` claims the figures are drawn in-process
CHUNK = 8


def _claim_figures(rec: dict, fig_dir: Path) -> tuple[list, list]:
    """A claim's figure records and the ``(path, bytes or text)`` to write (run in a worker process)."""
    from . import figures
    files = []
    try:
        meta = figures.claim_figures(rec, fig_dir, safe_name(rec["id"]), lambda path, data: files.append((path, data)))
    except Exception as exc:  # noqa: BLE001 - one claim's figure defect must not cost the whole report
        return [{"kind": "figure", "error": f"{type(exc).__name__}: {exc}"}], []
    return meta, files


def draw(rec: dict, fig_dir: Path) -> tuple[str, list, list]:
    """A claim's figures drawn where its check ran (a cluster's worker, while other claims run): the digest of the
    record as ``results.json`` will hold it, and ``_claim_figures`` of that record; ``render`` takes them for
    that very record only."""
    rec = json.loads(json.dumps(rec))
    return (_digest(rec), *_claim_figures(rec, fig_dir))


def _digest(rec: dict) -> str:
    return hashlib.sha256(json.dumps(rec, sort_keys=True).encode()).hexdigest()


@contextlib.contextmanager
def _workers(n_claims: int, parallel: bool):
    """Two forked workers for the figures when ``parallel`` and there are enough claims and cores (about 0.3 s of
    drawing per figure on the reference machine); ``None``: draw in-process."""
    if (not parallel or n_claims < 2 * CHUNK or (os.cpu_count() or 1) < 2
            or "fork" not in multiprocessing.get_all_start_methods()):
        yield None
        return
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


def render(out_dir: Path, drawn: dict | None = None, phase_done: dict | None = None, parallel: bool = True) -> dict:
    """Render the whole report of ``out_dir`` from its ``results.json``; returns counts and the time taken.
    ``drawn``: claim id -> ``draw(record, out_dir / "figures")`` made elsewhere; used where the record matches.
    ``phase_done``: the phase page's jobs computed elsewhere (``phase.render``'s ``done``).  ``parallel``: the
    figures still to draw may use two forked processes (False: everything in this process, as ``--workers 1``)."""
    from . import html, phase
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    doc = load(out_dir)
    claims = doc["claims"]
    fig_dir, claim_dir, asset_dir = out_dir / "figures", out_dir / "claims", out_dir / "assets"
    written: set[Path] = set()

    def save(path: Path, data) -> None:
        write_atomic(path, data)
        written.add(path)

    for name, text in html.assets().items():
        save(asset_dir / name, text)
    ready = {r["id"]: d[1:] for r in claims if (d := (drawn or {}).get(r["id"])) and d[0] == _digest(r)}
    todo = [r for r in claims if r["id"] not in ready]
    with _workers(len(todo), parallel) as pool:
        fresh = (pool.map(_claim_figures, todo, [fig_dir] * len(todo), chunksize=CHUNK) if pool else
                 (_claim_figures(rec, fig_dir) for rec in todo))
        sections, notes = phase.render(out_dir, fig_dir, save, phase_done)  # computed while workers draw
        ready |= zip([r["id"] for r in todo], fresh)
    figs = {}
    for rec in claims:
        meta, files = ready[rec["id"]]
        for path, data in files:
            save(path, data)
        figs[rec["id"]] = meta
    for rec in claims:
        stem = claim_dir / safe_name(rec["id"])
        save(stem.with_name(stem.name + ".json"), json.dumps(rec, indent=1, ensure_ascii=False) + "\n")
        if (rec.get("tex") or {}).get("section"):
            save(stem.with_name(stem.name + ".tex"), rec["tex"]["section"])
        save(stem.with_name(stem.name + ".html"), html.claim_page(rec, figs[rec["id"]]))
    save(out_dir / "phase.html", html.phase_page(sections, notes))
    save(out_dir / "index.html", html.index_page(doc, figs))
    for folder in (claim_dir, fig_dir, asset_dir):
        for stale in {p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")} - written:
            stale.unlink(missing_ok=True)
    for old in ("index.md", "phase.md"):            # the Markdown pages of earlier versions
        (out_dir / old).unlink(missing_ok=True)
    return {"claims": len(claims), "figures": sum(p.suffix == ".svg" for p in written),
            "pages": sum(p.suffix == ".html" for p in written), "seconds": round(time.perf_counter() - t0, 2)}
