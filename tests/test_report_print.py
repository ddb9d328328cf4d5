"""Evidence and figures as printed for a reader (issue 10): the checks' shorthand in words, identities measured by
their error, every embedded figure captioned, no plot against a seed, box counts that agree with the text."""
import json
import re
from pathlib import Path

import sympy as sp

from sloppy_verifier.theory import Interval
from sloppy_verifier.theory.latex_claim import evidence_tex
from sloppy_verifier.verify import latex_doc
from sloppy_verifier.theory import select
from sloppy_verifier.verify.check import property_search
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.evidence import LONG, print_items
from sloppy_verifier.verify.report import figures, html

from search_claims import claim, x

#: evidence summaries as a quick run wrote them (one per kind of shorthand), and a wall of text (1053 characters)
QUICK = (
    "R1-R10: 204 published values reproduced at dps 50 and 60",
    "config A: extrapolated ratio 0.9974 +- 0.0024, interval [0.9871, 1.0077] (bias model none, chi2/dof 2.45, "
    "p = 0.1): the statement holds on the 99.9900% interval [0.9871, 1.008]",
    "closed forms: held on 25 distinct points (25 draws); tightest at activation = leaky_relu, sigma_b2 = 52/107, "
    "L = 3, alphas = (181/620, 7/2, 7/2): normalised slack 0.0184116, rhs/lhs (bound over actual) = 1.0375138",
    "K_phi + K_phi' at h vs 0.7h: held on 3 distinct points (3 draws); tightest at c = 263/592, s_11 = 202/279: "
    "normalised slack 0.0, relative error |lhs-rhs|/max(1,|rhs|) = 0.0",
    "closed forms: held on 25 distinct points (25 draws); tightest at a = 0, alphas = (1/4, 1/4): normalised slack "
    "1.0, rhs/lhs (bound over actual) = +inf",
    "mp Hessian (Richardson central differences of the mp gradient at the mp zero-loss point) equals F at 1 "
    "point(s), dps 50, 60: max|H-F| = 3.9505e-35 (bound 8.1381e-31)",
    "goldens G1, G3: 42 printed values reproduced at dps 30 and 50",
    "frozen modes (n x << 1, cancellation; dps raised by 18): held on 5 distinct points (5 draws)",
    "tightest at L = 25, alphas = (155/476, 633/403, 290/693, 265/79, 365/267, 203/688, 27/10, 19/8, 43/170, 1/4)",
    "; ".join(f"c=0.5 T={t} rho_hi_C2: scan 3.7313 (printed 3.73), closed form 3.7198" for t in range(1, 15)),
)
JARGON = re.compile(r"\bdps\b|\bmp\b|goldens?\b|lhs-rhs|bound over actual\)|\+inf|\d0+%")


def test_evidence_is_worded_for_a_theorist():
    printed = [item for s in QUICK for item in print_items(s)]
    assert not [p for p in printed if JARGON.search(p)], [p for p in printed if JARGON.search(p)]
    assert print_items(QUICK[0]) == ["R1-R10: 204 published values reproduced at working precision 50 and 60 digits"]
    assert "the statement holds on the 99.99% interval" in print_items(QUICK[1])[0]
    assert print_items(QUICK[3])[0].endswith("relative error = 0.0")
    assert "mpmath Hessian" in print_items(QUICK[5])[0] and "reference values G1, G3" in print_items(QUICK[6])[0]
    assert r"\infty" in evidence_tex(print_items(QUICK[4])[0])
    assert "(155/476, 633/403, 290/693, \u2026, 1/4; 10 entries)" in print_items(QUICK[8])[0]


def test_a_wall_of_text_is_items():
    items = print_items(QUICK[-1])
    assert len(items) == 14 and all(len(i) <= LONG for i in items)
    assert print_items(QUICK[5]) == [print_items(QUICK[5])[0]]        # a short summary stays one line
    assert print_items("a (b; c) " + "d" * LONG) == ["a (b; c) " + "d" * LONG]   # no split inside brackets


def test_an_equation_is_measured_by_its_error():
    """An And of equations (an identity) records a relative error, never a bound over actual; a bound keeps it."""
    ctx = Context(profile=PROFILES["quick"], progress=lambda m: None)
    both = claim("two_equations", sp.And(sp.Eq(x * (x + 1), x ** 2 + x), sp.Eq(2 * x, x + x)), ("x", Interval(1, 2)))
    bound = claim("a_bound", sp.Le(x, x + 1), ("x", Interval(1, 2)))
    eq = property_search(both, ctx, lambda p, dps: p)
    assert eq.tightness["measure"].startswith("relative error") and "bound over actual" not in eq.summary
    assert property_search(bound, ctx, lambda p, dps: p).tightness["measure"].startswith("rhs/lhs")


def test_a_mixed_and_is_measured_by_its_deciding_part():
    """An And of an equation and a bound names the measure of the part whose ratio it reports (the one closest to
    failing): the equation's relative error (round-off, ~1e-51) beside a loose bound, the bound's rhs/lhs where it
    is exceeded within the tolerance (by 1e-45 relative: closer to failing than the equation's round-off)."""
    ctx = Context(profile=PROFILES["quick"], progress=lambda m: None)
    eq = sp.Eq(x * (x + 1), x ** 2 + x)
    ev = property_search(claim("eq_decides", sp.And(eq, sp.Le(x, 10 * x)), ("x", Interval(1, 2))), ctx,
                         lambda p, dps: p)
    assert ev.tightness["measure"].startswith("relative error") and float(ev.tightness["extreme"]) < 1e-40
    over = sp.Le(x * (1 + sp.Rational(1, 10 ** 45)), x)
    ev = property_search(claim("bound_decides", sp.And(eq, over), ("x", Interval(1, 2))), ctx, lambda p, dps: p)
    assert ev.status == "holds" and ev.tightness["measure"].startswith("rhs/lhs")
    assert abs(float(ev.tightness["extreme"]) - 1) < 1e-40


def _samples(at):
    return {"measure": "rhs/lhs (bound over actual)", "extreme": "1.5", "at": at[0],
            "samples": [{"at": a, "ratio": str(1.5 + k)} for k, a in enumerate(at)]}


def _drawn(rec):
    files = {}
    meta = figures.claim_figures(rec, Path("figs"), rec["id"], lambda path, data: files.__setitem__(path.name, data))
    return meta, files


def test_no_tightness_plot_for_identities_or_seeds():
    varied = _samples([{"x": f"{k}/10", "seed": k} for k in range(1, 6)])
    seeds = _samples([{"x": "1/2", "seed": k} for k in range(1, 6)])
    ev = [{"tier": "high_precision", "status": "holds", "summary": "held on 5 points", "tightness": varied}]
    assert [m["kind"] for m in _drawn({"id": "a", "tag": "A", "kind": "INEQ", "evidence": ev})[0]] == ["tightness"]
    assert _drawn({"id": "a", "tag": "A", "kind": "EXACT", "evidence": ev})[0] == []
    ev[0]["tightness"] = seeds
    assert _drawn({"id": "a", "tag": "A", "kind": "INEQ", "evidence": ev})[0] == []
    assert figures.choose_axis(seeds["samples"] + varied["samples"]) == "x"


def test_coverage_counts_the_boxes_the_text_counts():
    """The partition's leaves, as the summary counts them: not the boxes examined (with the subdivided parents)."""
    leaves = [{"lo": [str(k / 4)], "hi": [str((k + 1) / 4)], "status": "certified"} for k in range(4)]
    data = {"params": ["x"], "boxes": leaves, "n_boxes": 7, "coverage": "1", "domain": {"lo": ["0"], "hi": ["1"]}}
    ev = [{"tier": "certified", "status": "proved", "summary": "proved over the whole domain (4 boxes)", "data": data}]
    (meta,), files = _drawn({"id": "a", "tag": "A", "kind": "INEQ", "evidence": ev})
    assert "into 4 boxes" in meta["caption"] and files["a.coverage.txt"] == meta["caption"]
    assert "(4 boxes)" in files["a.coverage.svg"].decode() and "7 boxes" not in files["a.coverage.svg"].decode()
    page = html._certificate_table(ev) + html._certified(data)
    assert "<td>4</td>" in page and "boxes examined" in page


def test_document_captions_every_figure_and_prints_no_jargon(tmp_path):
    (c,) = select(["ribbon.width_box"])
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"claims": [{"id": c.id, "verdict": "holds", "evidence": [
        {"tier": "high_precision", "status": "holds", "summary": s} for s in QUICK]}]}))
    (tmp_path / "figures").mkdir()
    for kind in ("tightness", "coverage_2"):
        (tmp_path / "figures" / f"{c.id}.{kind}.png").write_bytes(b"png")
        (tmp_path / "figures" / f"{c.id}.{kind}.txt").write_text(f"{kind} against x.")
    tex = tmp_path / "d.tex"
    latex_doc.write_document(tex, [c], results)
    body = tex.read_text()
    figs = re.findall(r"\\begin\{figure\}(.*?)\\end\{figure\}", body, re.S)
    assert body.count(r"\includegraphics") == len(figs) == 2
    assert all(r"\caption{Claim S14 (\texttt{ribbon.width\_box})" in f and "against" in f for f in figs)
    evidence = body.split(r"\paragraph{Evidence.}")[1]
    assert not re.search(r"\bdps\b|\bmp\b|golden|lhs-rhs|bound over actual\)|\+inf|99\.9900", evidence)
    assert evidence.count(r"\item") >= len(QUICK) + 13          # the wall of text is 14 items


def test_report_page_prints_the_same_wording():
    page = html._evidence(1, {"tier": "high_precision", "status": "holds", "summary": QUICK[-1]})
    assert page.count("<li>") == 13 and "dps" not in html._evidence(1, {"tier": "high_precision", "status": "holds",
                                                                        "summary": QUICK[0]})
