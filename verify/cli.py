"""The ``sloppy`` command line: list, verify, eval, info.

Exit codes: 0 every gating claim holds, 1 a claim is violated or inconclusive, 2 bad usage or input.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

MAX_DPS = 1000
#: what a cluster's workers import when they start: the checks and the figure code
WARM = ("sloppy_verifier.verify.checks", "sloppy_verifier.verify.report.figures")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, no usage dump
        raise SystemExit(_fail(f"{self.prog}: {message}"))


def _fail(msg: str) -> int:
    print(f"sloppy: error: {msg}", file=sys.stderr)
    return 2


def _dps(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--dps must be an integer in 10..{MAX_DPS} (got {text!r})") from None
    if not 10 <= v <= MAX_DPS:
        raise argparse.ArgumentTypeError(f"--dps must be an integer in 10..{MAX_DPS} (got {v})")
    return v


def _seed(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        v = -1
    if not 0 <= v < 2**32:
        raise argparse.ArgumentTypeError(f"--seed must be an integer in 0..{2**32 - 1} (got {text!r})")
    return v


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="sloppy", description="Symbolic-numeric verifier for the theory of sloppiness.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ls = sub.add_parser("list", help="the claim catalogue: id, tag, kind, title")
    ls.add_argument("--markdown", action="store_true", help="a Markdown table (the README's catalogue)")
    v = sub.add_parser("verify", help="check claims; write reports/results.json and render the report (and the phase sweep for S26/S27)")
    v.add_argument("claims", nargs="*", metavar="ID|TAG|PREFIX", help="claims to check (default: all)")
    v.add_argument("--profile", choices=("quick", "standard", "thorough"), default="standard",
                   help="how hard to try (default standard; quick is the README's few-minute run)")
    v.add_argument("--backend", choices=("auto", "numpy", "cupy"), default="auto")
    v.add_argument("--seed", type=_seed, default=0, help="seed offset for every random draw (default 0)")
    v.add_argument("--dps", type=_dps, default=50, help="primary precision; goldens are confirmed at dps+10")
    v.add_argument("--out", type=Path, default=Path("reports"), help="report directory (default reports/)")
    v.add_argument("--no-sweep", action="store_true",
                   help="skip the phase-diagram sweep that runs when S26/S27 claims are checked (see `sloppy sweep`)")
    v.add_argument("--claims", dest="claims_file", type=Path, metavar="FILE",
                   help="check the claims of your own Python file instead of the catalogue (see examples/)")
    _add_cluster(v)
    e = sub.add_parser("eval", help="evaluate a theory quantity, e.g. fisher.kappa1 activation=relu sigma_w2=2 L=3")
    e.add_argument("quantity")
    e.add_argument("params", nargs="*", metavar="key=value")
    e.add_argument("--dps", type=_dps, default=30)
    e.add_argument("--json", action="store_true")
    sub.add_parser("info", help="versions, backends, GPU")
    _add_sweep(sub)
    _add_derive_regress(sub)
    _add_certify(sub)
    _add_mutate(sub)
    r = sub.add_parser("report", help="re-render the report (index.html, claim pages, figures) from DIR/results.json")
    r.add_argument("--out", type=Path, default=Path("reports"), help="report directory (default reports/)")
    return p


def _numbers(kind, name):
    """``--name 0.5,1,2`` as a tuple of ``kind`` (one-line error otherwise)."""
    def parse(text):
        try:
            return tuple(kind(v) for v in text.split(",") if v.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"--{name} must be a comma-separated list of "
                                             f"{'integers' if kind is int else 'numbers'} (got {text!r})") from None
    return parse


def _add_sweep(sub) -> None:
    w = sub.add_parser("sweep", help="phase-diagram data over (c, rho, T): exact ES_k, certificates, simulations "
                                     "(resumable JSON lines under reports/sweeps/)")
    w.add_argument("--preset", default="quick", help="quick (default, ~1 min on 2 cores), standard or thorough (GPU)")
    for name, kind, what in (("c", float, "spectral decay rates"), ("rho", float, "ratios rho"),
                             ("T", int, "last checkpoints"), ("scales", float, "Bernoulli logit scales")):
        w.add_argument(f"--{name}", type=_numbers(kind, name), help=f"{what}, comma-separated (overrides the preset)")
    for name, kind in (("k", int), ("tau", float), ("M", int), ("seeds", int), ("N", int), ("d", int),
                       ("eta-lam1", float), ("bern-M", int), ("bern-max-models", int), ("seed", int), ("dps", int)):
        w.add_argument(f"--{name}", type=_numbers(kind, name), help="(overrides the preset)")
    w.add_argument("--backend", choices=("auto", "numpy", "cupy"), default="auto")
    w.add_argument("--out", type=Path, help="the JSON-lines file (default reports/sweeps/<preset>.jsonl)")
    w.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    _add_cluster(w)


def _workers(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        v = 0
    if not 1 <= v <= 4096:
        raise argparse.ArgumentTypeError(f"--workers must be an integer in 1..4096 (got {text!r})")
    return v


def _add_cluster(p) -> None:
    """``--workers`` / ``--scheduler``: where the units run (see ``verify.distributed``)."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("--workers", type=_workers, metavar="N",
                   help="local worker processes (default: one per core; 1: everything in this process)")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on an existing Dask cluster, e.g. tcp://host:8786 (dask scheduler / dask worker, "
                        "dask-jobqueue, dask-cuda)")


def cmd_sweep(args) -> int:
    from .backend import get_backend
    from .ribbon import sweep
    lists = {"c": args.c, "rho": args.rho, "T": args.T, "scales": args.scales}
    scalars = {name: getattr(args, name) for name in ("k", "tau", "M", "seeds", "N", "d", "eta_lam1", "bern_M",
                                                      "bern_max_models", "seed", "dps")}
    for name, v in scalars.items():
        if v is not None and len(v) != 1:
            return _fail(f"--{name.replace('_', '-')} takes one value (got {len(v)})")
    try:
        settings = sweep.settings_from(args.preset, **lists, **{k: v[0] if v else None for k, v in scalars.items()})
        backend = get_backend(args.backend)
    except ValueError as exc:
        return _fail(str(exc))
    out = args.out or Path("reports") / "sweeps" / f"{args.preset}.jsonl"
    progress = (lambda msg: None) if args.quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    from .distributed import ClusterError, cluster
    try:
        with cluster(args.workers, args.scheduler, sweep.size(settings), WARM) as client:
            st = sweep.run(settings, out, backend, progress, client)
    except (sweep.SweepError, ClusterError) as exc:
        return _fail(str(exc))
    print(f"sweep: {st['items']} records ({st['computed']} computed, {st['cached']} already there"
          + (f", {st['failed']} failed" if st["failed"] else "") + f") in "
          f"{st['seconds']:.1f} s; code {st['code_version']}, settings {st['settings_hash']}; data in {out}")
    return 1 if st["failed"] else 0


def _add_derive_regress(sub) -> None:
    d = sub.add_parser("derive", help="the LaTeX derivation document (one section per claim), optionally its PDF")
    d.add_argument("claims", nargs="*", metavar="ID|TAG|PREFIX", help="claims to include (default: all)")
    d.add_argument("--latex", type=Path, metavar="FILE", help="the .tex file to write")
    d.add_argument("--snippet", type=Path, metavar="FILE", help="write one claim's block (theorem, where, derivation, "
                   "evidence) to paste into a paper")
    d.add_argument("--pdf", action="store_true", help="compile FILE to PDF (latexmk or pdflatex)")
    d.add_argument("--results", type=Path, metavar="JSON", help="verdicts from a results.json of sloppy verify")
    d.add_argument("--claims", dest="claims_file", type=Path, metavar="FILE", help="your own claims file")
    g = sub.add_parser("regress", help="compare the theory with the committed baseline; exit 1 on any change")
    g.add_argument("--update", action="store_true", help="rewrite the baseline (the only way it changes)")
    g.add_argument("--claims", dest="claims_file", type=Path, metavar="FILE",
                   help="your own claims file (baseline default: FILE with suffix .baseline.json)")
    g.add_argument("--baseline", type=Path, metavar="PATH", help="baseline file (default reports/baseline/catalogue.json in the working directory)")


def _selected(args) -> list:
    """The claims a command works on: the catalogue, or a user's file (--claims), filtered by patterns.
    Raises ``LookupError`` / ``UserClaimsError`` with a one-line message."""
    from sloppy_verifier.theory.spec import select
    pool = None
    if getattr(args, "claims_file", None) is not None:
        from .user_claims import load_claims
        pool = load_claims(args.claims_file)
    try:
        return select(args.claims, pool) if hasattr(args, "claims") else (pool or select([]))
    except LookupError as exc:
        raise LookupError(f"no claim matches {exc.args[0]!r} (try `sloppy list`)") from None


def cmd_derive(args) -> int:
    from .latex_doc import NoTeX, compile_pdf, write_document, write_snippet
    from .user_claims import UserClaimsError
    if (args.latex is None) == (args.snippet is None):
        return _fail("derive needs exactly one of --latex FILE (the document) and --snippet FILE (one claim)")
    try:
        claims = _selected(args)
    except (LookupError, UserClaimsError) as exc:
        return _fail(str(exc.args[0]))
    if args.results is not None and not args.results.is_file():
        return _fail(f"--results {args.results}: no such file (run `sloppy verify` first)")
    if args.snippet is not None:
        if len(claims) != 1 or args.pdf:
            return _fail(f"--snippet takes exactly one claim and no --pdf (got {len(claims)} claims)")
        write_snippet(args.snippet, claims[0], args.results)
        print(f"snippet: {args.snippet} ({claims[0].id})")
        return 0
    write_document(args.latex, claims, args.results)
    print(f"derivations: {args.latex} ({len(claims)} claims)")
    if args.pdf:
        try:
            print(f"pdf: {compile_pdf(args.latex)}")
        except NoTeX as exc:
            return _fail(str(exc))
        except RuntimeError as exc:
            print(f"sloppy: {exc}", file=sys.stderr)
            return 1
    return 0


def cmd_regress(args) -> int:
    from .regress import DEFAULT_BASELINE, compare, read_baseline, snapshot, write_baseline
    from .user_claims import UserClaimsError
    try:
        claims = _selected(args)
    except (LookupError, UserClaimsError) as exc:
        return _fail(str(exc.args[0]))
    path = args.baseline or (args.claims_file.with_suffix(".baseline.json") if args.claims_file else DEFAULT_BASELINE)
    new = snapshot(claims)
    if args.update:
        try:
            write_baseline(path, new)
        except ValueError as exc:
            return _fail(str(exc))
        print(f"baseline written: {path} ({len(claims)} claims)")
        return 0
    if not path.is_file():
        return _fail(f"no baseline at {path}: create it with `sloppy regress --update"
                     + (f" --claims {args.claims_file}" if args.claims_file else "") + "`")
    try:
        old = read_baseline(path)
    except ValueError as exc:
        return _fail(str(exc))
    changes = compare(old, new)
    for line in changes:
        print(line)
    n = sum(1 for ln in changes if not ln.startswith(" "))
    print(f"{n} claim(s) changed against {path}" if n else f"no change against {path} ({len(claims)} claims)")
    return 1 if n else 0


def _add_certify(sub) -> None:
    c = sub.add_parser("certify", help="ball-arithmetic certificates: prove or refute claims over their domain, "
                                       "or --replay the certificates of a results.json")
    c.add_argument("claims", nargs="*", metavar="ID|TAG|PREFIX", help="claims (default: all closed-form ones)")
    c.add_argument("--replay", type=Path, metavar="RESULTS",
                   help="re-check the stored certificates of RESULTS box by box, without searching")
    c.add_argument("--claims", dest="claims_file", type=Path, metavar="FILE", help="your own claims file")
    c.add_argument("--seconds", type=_seconds, default=20.0, help="time budget per claim (default 20)")


def _seconds(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        v = -1.0
    if not 0 < v <= 86400:
        raise argparse.ArgumentTypeError(f"--seconds must be a number in (0, 86400] (got {text!r})")
    return v


def cmd_certify(args) -> int:
    """Without ``--replay``: certify each selected closed-form claim and print its verdict and coverage.  With it:
    replay every stored certificate of the results file, each against the claim it is for (its reduction's closed
    form where it records one: ``user_claims.certificate_claim``); exit 1 when one fails (a tampered or stale
    certificate, or a reduction the claim does not have)."""
    from .certify import certify, replay
    from .user_claims import UserClaimsError, certificate_claim, closed_form
    try:
        claims = _selected(args)
    except (LookupError, UserClaimsError) as exc:
        return _fail(str(exc.args[0]))
    by_id = {c.id: c for c in claims}
    if args.replay is None:
        chosen = [c for c in claims if closed_form(c)]
        if not chosen:
            return _fail("no selected claim is closed form in its parameters (nothing to certify)")
        for c in chosen:
            r = certify(c, time_budget=args.seconds)
            print(f"{c.id}: {r.status}: {r.summary}")
        return 0
    try:
        doc = json.loads(args.replay.read_text(encoding="utf-8"))
        records = {r["id"]: r for r in doc["claims"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return _fail(f"--replay {args.replay}: not a readable results file ({type(exc).__name__}: {exc})")
    wanted = [i for i in records if i in by_id] if not args.claims else [c.id for c in claims]
    missing = [i for i in wanted if i not in records]
    if missing:
        return _fail(f"--replay {args.replay}: no record of {missing[0]!r} in the results")
    certs = [(i, e["data"]) for i in wanted for e in records[i]["evidence"]
             if e.get("tier") == "certified" and (e.get("data") or {}).get("boxes")]
    if not certs:
        return _fail(f"--replay {args.replay}: the results hold no certificate for the selected claims")
    failed = 0
    for cid, cert in certs:
        name = cid if cert.get("reduction") is None else f"{cid} ({cert['reduction']})"
        try:
            ok, message = replay(cert, certificate_claim(by_id[cid], cert))
        except (LookupError, ValueError) as exc:
            ok, message = False, str(exc.args[0])
        failed += not ok
        print(f"{name}: {message}" if ok else f"{name}: REPLAY FAILED: {message}")
    print(f"{len(certs) - failed} of {len(certs)} certificate(s) replayed")
    return 1 if failed else 0


def _add_mutate(sub) -> None:
    m = sub.add_parser("mutate", help="mutation testing: check wrong variants of each claim's statement; exit 1 on a "
                                      "mutant neither caught (violated) nor listed as equivalent")
    m.add_argument("claims", nargs="*", metavar="ID|TAG|PREFIX", help="claims to mutate (default: all)")
    m.add_argument("--claims", dest="claims_file", type=Path, metavar="FILE", help="your own claims file")
    m.add_argument("--profile", choices=("quick", "standard", "thorough"), default="quick",
                   help="check profile and mutant cap per claim (quick 8, standard 24, thorough all; default quick)")
    m.add_argument("--equivalent", type=Path, metavar="JSON",
                   help="equivalent mutants: {claim id: {mutant: reason}} "
                        "(default verify/data/mutants_equivalent.json)")
    m.add_argument("--out", type=Path, default=Path("reports"),
                   help="writes OUT/mutation.json; adds each score to OUT/results.json when there is one")
    m.add_argument("--json", action="store_true", help="print the mutation document as JSON")
    _add_cluster(m)


def cmd_mutate(args) -> int:
    from .context import PROFILES, Context
    from .results import write_atomic
    from .distributed import ClusterError, cluster
    from .testing import load_equivalent, mutate_claims, mutation_summary
    from .user_claims import UserClaimsError
    try:
        claims = _selected(args)
        equivalent = load_equivalent(args.equivalent)
    except (LookupError, UserClaimsError) as exc:
        return _fail(str(exc.args[0]))
    except FileNotFoundError:
        return _fail(f"--equivalent {args.equivalent}: no such file")
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        return _fail(f"--equivalent {args.equivalent}: not a JSON object of objects ({type(exc).__name__}: {exc})")
    ctx = Context(profile=PROFILES[args.profile], progress=lambda msg: None)

    def progress(d):
        if not args.json:
            tail = f"{d['score']} caught" if d["mutated"] else f"not mutated (real verdict {d['verdict']})"
            print(f"{d['claim']}: {tail}" + "".join(f"\n  survivor ({r['verdict']}): {r['mutant']}  [{r['change']}]"
                                                   for r in d["survivors"] if r["outcome"] == "survived")
                  + "".join(f"\n  unresolved: {r['mutant']}  ({r['reason']})"
                            for r in d["survivors"] if r["outcome"] == "unresolved"), flush=True)
    try:
        with cluster(args.workers, args.scheduler, len(claims), WARM) as client:
            docs = mutate_claims(claims, ctx, equivalent, client, args.claims_file, progress)
    except ClusterError as exc:
        return _fail(str(exc))
    gen, caught = sum(d["generated"] for d in docs), sum(d["caught"] for d in docs)
    unexplained = sum(d["survived"] for d in docs)
    doc = {"profile": args.profile, "generated": gen, "caught": caught, "survived": unexplained,
           "equivalent": sum(d["equivalent"] for d in docs), "unresolved": sum(d["unresolved"] for d in docs),
           "claims": docs}
    write_atomic(args.out / "mutation.json", json.dumps(doc, indent=1) + "\n")
    _add_scores(args.out / "results.json", {d["claim"]: mutation_summary(d) for d in docs})
    if args.json:
        print(json.dumps(doc, indent=1))
    else:
        print(f"mutation score {caught}/{gen}; {doc['equivalent']} equivalent, {doc['unresolved']} below the checks' "
              f"statistical resolution, {unexplained} unexplained survivor(s); "
              f"details in {args.out / 'mutation.json'}")
    return 1 if unexplained else 0


def _add_scores(path: Path, summaries: dict) -> None:
    """Store each claim's mutation summary in its record of the results file at ``path`` (if any), re-render."""
    from .results import write_atomic
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for rec in doc.get("claims", []):
        if rec.get("id") in summaries:
            rec["mutation"] = summaries[rec["id"]]
    write_atomic(path, json.dumps(doc, indent=1) + "\n")
    try:
        _rendered(path.parent)
    except Exception as exc:  # noqa: BLE001 - the scores stand; a report defect is reported, not fatal
        print(f"sloppy: warning: report not rendered: {type(exc).__name__}: {exc}", file=sys.stderr)


def cmd_list(args) -> int:
    from sloppy_verifier.theory.spec import catalogue
    claims = catalogue()
    if args.markdown:
        print("| id | tag | kind | statement |\n|---|---|---|---|")
        for c in claims:
            print(f"| `{c.id}` | {c.tag} | {c.kind.value} | {c.title.replace('|', '/')} |")
        return 0
    w = max(len(c.id) for c in claims)
    for c in claims:
        print(f"{c.id:<{w}}  {c.tag:<5} {c.kind.value:<9}  {c.title}")
    return 0


def cmd_verify(args) -> int:
    from .user_claims import UserClaimsError
    from .backend import get_backend
    from .context import PROFILES, Context
    try:
        claims = _selected(args)
    except (LookupError, UserClaimsError) as exc:
        return _fail(str(exc.args[0]))
    try:
        backend = get_backend(args.backend)
    except ValueError as exc:
        return _fail(str(exc))
    ctx = Context(profile=PROFILES[args.profile], seed=args.seed, dps=args.dps, backend=backend)
    from .distributed import ClusterError, cluster
    try:
        with cluster(args.workers, args.scheduler, len(claims), WARM) as client:
            return _verified(args, claims, ctx, backend, client)
    except ClusterError as exc:
        return _fail(str(exc))


def _verified(args, claims, ctx, backend, client) -> int:
    """Check ``claims`` (on ``client`` if given), write results.json, run the phase sweep, render the report."""
    from .results import write_results
    from .runner import run_claims
    sweep = not args.no_sweep and not args.claims_file and any(c.tag.startswith(("S26", "S27")) for c in claims)
    phase_done = None if client is None else _report_units(args, backend, client, sweep)
    drawn: dict = {}                                   # the claims' figures, drawn on the cluster's workers
    records = run_claims(claims, ctx, client, args.claims_file, _costs(args.out / "results.json"), drawn,
                         args.out / "figures")
    settings = ctx.settings() | {"gpu": backend.gpu, "device": backend.device_name, "selection": args.claims}
    doc = write_results(args.out / "results.json", records, settings)
    _print_table(records)
    s = doc["summary"]
    print(f"\n{s['claims']} claims: " + ", ".join(f"{n} {k}" for k, n in sorted(s["verdicts"].items()))
          + f"; results in {args.out / 'results.json'}")
    if s["failing"]:
        print("not holding: " + ", ".join(s["failing"]))
    if sweep and client is None:
        _phase_sweep(args, backend, None)
    done = phase_done() if phase_done else None        # what the sweep raised is raised here, as in one process
    try:
        _rendered(args.out, drawn, done, parallel=args.workers != 1)   # --workers 1: one process throughout
    except Exception as exc:  # noqa: BLE001 - the verdicts stand; a report defect is reported, not fatal
        print(f"sloppy: warning: report not rendered: {type(exc).__name__}: {exc} (retry with `sloppy report`)",
              file=sys.stderr)
    return 0 if s["ok"] else 1


def _costs(path: Path) -> dict:
    """Seconds per claim id in an earlier results.json (the cluster starts long claims first); ``{}`` if none."""
    try:
        return {r["id"]: float(r["seconds"]) for r in json.loads(path.read_text(encoding="utf-8"))["claims"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _phase_sweep(args, backend, client) -> None:
    """The report's phase diagrams need sweep data: run (or resume) the sweep preset of the profile (``quick`` for
    the quick and standard profiles, ``thorough`` for thorough) into ``OUT/sweeps/<preset>.jsonl``; points already
    there with the same code and settings are not recomputed."""
    from .ribbon import sweep
    preset = "thorough" if args.profile == "thorough" else "quick"
    path = args.out / "sweeps" / f"{preset}.jsonl"
    print(f"phase-diagram sweep ({preset} preset) into {path} (skip with --no-sweep) ...", file=sys.stderr, flush=True)
    st = sweep.run(sweep.settings_from(preset), path, backend, lambda msg: print(msg, file=sys.stderr, flush=True),
                   client)
    print(f"sweep: {st['items']} records ({st['computed']} computed, {st['cached']} already there"
          + (f", {st['failed']} failed: rerun to retry them" if st["failed"] else "") + f") in "
          f"{st['seconds']:.1f} s; data in {path}")


def _report_units(args, backend, client, sweep: bool):
    """On a cluster, while the claims run: the phase sweep (if ``sweep``), then every job of the phase page, as
    units (``verify.report.phase.submit_all``).  Returns a function that waits for them and gives the finished
    jobs' results (``phase.render``'s ``done``; a job lost on the cluster is computed again by ``render``)."""
    import threading

    from distributed import wait

    from .distributed import REPORT_PRIORITY
    from .report import phase
    box: dict = {}

    def work():
        try:
            if sweep:
                _phase_sweep(args, backend, client)
            futures = phase.submit_all(client, args.out, args.out / "figures", REPORT_PRIORITY)
            wait([f for _, f in futures.values()])
            box["done"] = {name: (d, f.result()) for name, (d, f) in futures.items() if f.status == "finished"}
        except BaseException as exc:  # noqa: BLE001 - raised again in the client's main thread
            box["error"] = exc

    thread = threading.Thread(target=work, name="sloppy-report-units", daemon=True)
    thread.start()

    def done() -> dict:
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["done"]
    return done


def _rendered(out: Path, drawn: dict | None = None, phase_done: dict | None = None, parallel: bool = True) -> None:
    from .report import render
    st = render(out, drawn, phase_done, parallel)
    print(f"report: {out / 'index.html'} ({st['pages']} pages, {st['figures']} figures, {st['seconds']:.1f} s)")


def cmd_report(args) -> int:
    from .report import ReportError
    try:
        _rendered(args.out)
    except ReportError as exc:
        return _fail(str(exc))
    return 0


def _print_table(records) -> None:
    w = max(len(r["id"]) for r in records)
    print(f"\n{'claim':<{w}}  {'tag':<5} {'kind':<9}  {'verdict':<12} {'tiers':<16} evidence")
    for r in records:
        ev = r["evidence"]
        shown = next((e for e in ev if e["status"] in ("violated", "inconclusive")), ev[-1] if ev else None)
        tiers = "+".join(e["tier"].replace("high_precision", "hp") for e in ev)
        note = "" if r["gating"] else " (reported only)"
        print(f"{r['id']:<{w}}  {r['tag']:<5} {r['kind']:<9}  {r['verdict']:<12} {tiers:<16} "
              f"{shown['summary'][:100] if shown else ''}{note}")


def cmd_eval(args) -> int:
    from .mpeval import context
    from .eval_quantities import evaluate
    from .quantities import UsageError
    try:
        params, value = evaluate(args.quantity, args.params, args.dps)
    except UsageError as exc:
        return _fail(str(exc))
    fmt = lambda v: "inf" if v == context(5).inf else context(args.dps + 5).nstr(v, args.dps, strip_zeros=False)  # noqa: E731
    text = {k: fmt(v) for k, v in value.items()} if isinstance(value, dict) else fmt(value)
    if args.json:
        given = dict(pair.split("=", 1) for pair in args.params)      # as typed; defaults as exact values
        shown = {k: given.get(k, ",".join(map(str, v)) if isinstance(v, tuple) else str(v)) for k, v in params.items()}
        print(json.dumps({"quantity": args.quantity, "parameters": shown, "value": text, "dps": args.dps}))
    else:
        print("\n".join(f"{k}={v}" for k, v in text.items()) if isinstance(text, dict) else text)
    return 0


def cmd_info(args) -> int:
    from .backend import available_backends, get_backend
    from .results import versions
    for k, v in versions().items():
        print(f"{k:<11} {v if v is not None else '(not installed)'}")
    for name, device in available_backends().items():
        print(f"backend     {name}: {device}")
    be = get_backend("auto")
    print(f"gpu         {'yes: ' + be.device_name if be.gpu else 'no'}")
    return 0


BLAS_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _blas_threads():
    """One BLAS thread for the command, unless the user chose (``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS``).

    Measured on the 2-core reference machine: NumPy 2.x's OpenBLAS spends 6.5 s in a 1000 x 1000 ``eigvalsh``
    with two threads against 0.14 s with one (matmul unaffected).  Applied by the command, never at import.  In the
    command's own process (NumPy not loaded yet) it is the environment variable, read when OpenBLAS loads, exactly
    as the Dask workers get it: a limit set later at run time gives other last-digit rounding (measured: F9b's fit
    differed in the 15th digit between ``--workers 1`` and ``--workers 2``).  When a caller has loaded NumPy
    already, ``threadpoolctl`` limits the loaded BLAS for the command's duration.
    """
    if any(os.environ.get(v) for v in BLAS_VARS):
        return contextlib.nullcontext()
    if "numpy" not in sys.modules and "scipy" not in sys.modules:
        for v in BLAS_VARS:
            os.environ[v] = "1"
        return contextlib.nullcontext()
    import scipy.linalg  # noqa: F401 - threadpoolctl limits loaded libraries only (NumPy and SciPy ship one each)
    from threadpoolctl import threadpool_limits
    return threadpool_limits(limits=1, user_api="blas")


def main(argv=None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # usage errors (already printed as one line) and --help
        return int(exc.code or 0)
    try:
        with _blas_threads():
            return {"list": cmd_list, "verify": cmd_verify, "eval": cmd_eval, "info": cmd_info, "report": cmd_report,
                    "sweep": cmd_sweep, "derive": cmd_derive, "regress": cmd_regress,
                    "certify": cmd_certify, "mutate": cmd_mutate}[args.command](args)
    except KeyboardInterrupt:
        return _fail("interrupted")
    except Exception as exc:  # noqa: BLE001 - no traceback reaches the user unless asked for
        if os.environ.get("SLOPPY_DEBUG"):
            raise
        return internal_error(exc)


def internal_error(exc: Exception) -> int:
    """A crash: one line on stderr, exit 3 (the test suite replaces this by a failure, tests/conftest.py)."""
    print(f"sloppy: internal error: {type(exc).__name__}: {exc} (set SLOPPY_DEBUG=1 for the traceback)",
          file=sys.stderr)
    return 3


if __name__ == "__main__":
    sys.exit(main())
