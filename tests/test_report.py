"""The report (`sloppy report`): HTML pages and figures rendered from results.json alone, written atomically."""
import json
import os
import shutil
from pathlib import Path

import pytest

from sloppy_verifier.verify import cli, results
from sloppy_verifier.verify.report import figures, render

PNG = b"\x89PNG\r\n\x1a\n"

#: one catalogue claim of every kind: their recorded TeX makes the synthetic pages typeset real statements
KIND_SAMPLES = {"DEF": "fisher.order_parameters", "EXACT": "ribbon.gaussian_bhattacharyya",
                "FIN-EXACT": "fisher.trace_expectation_homogeneous", "ASYMP": "fisher.ntk_diagonal",
                "INEQ": "ribbon.gf_scalar_bound", "CITED": "ribbon.bt_bound", "EMPIRICAL": "fisher.catapult",
                "CONJ": "ribbon.k1_rho_monotone"}


def _search(xs, worst_x, worst_ratio, label=""):
    """A property-search evidence record of a bound: samples over x (numeric) and kind (categorical)."""
    samples = [{"at": {"x": f"{x}/10", "kind": "a" if x % 2 else "b"}, "ratio": f"{1 + x / 10:.12g}"} for x in xs]
    at = {"x": worst_x, "kind": "a"}
    return {"tier": "high_precision", "status": "holds",
            "summary": f"{label}held on {len(xs)} examples; tightest at x={worst_x}",
            "worst_case": {"parameters": at, "lhs": "1", "rhs": worst_ratio, "margin": "0.01"},
            "tightness": {"measure": "rhs/lhs (bound over actual)", "extreme": worst_ratio, "at": at, "samples": samples},
            "tolerance": "relative 1e-40", "data": {"examples": len(xs)}}


def _claim(cid, kind, evidence, verdict="holds", gating=True):
    return {"id": cid, "tag": cid.split(".")[1][:3].upper(), "title": f"title of {cid}", "kind": kind,
            "theory": cid.split(".")[0], "statement": "x <= 2*x", "statement_latex": r"x \leq 2 x",
            "assumptions": ["x > 0"], "parameters": {"x": "(0, 10]", "kind": "{a, b}"},
            "provenance": "[P] spec S99", "verdict": verdict, "gating": gating, "seconds": 0.1, "evidence": evidence}


SYMBOLIC = {"tier": "symbolic", "status": "violated", "summary": "step 2 refuted: Eq(x, 2*x)",
            "worst_case": {"step": {"step": 2, "status": "refuted", "expr": "Eq(x, 2*x)", "why": "doubling"}},
            "tightness": None, "tolerance": "exact",
            "data": {"steps": [{"step": 1, "status": "proved", "expr": "Eq(x, x)", "why": "reflexive"},
                               {"step": 2, "status": "refuted", "expr": "Eq(x, 2*x)", "why": "doubling"},
                               {"step": 3, "status": "numeric", "expr": "True", "why": "checked by numbers"}]}}

ASYMP = {"tier": "statistical", "status": "holds", "summary": "config A: exponent -0.48",
         "worst_case": {"config": "A"}, "tolerance": "band",
         "tightness": {"measure": "extrapolated sim/theory", "extreme": 1.001, "fitted_exponent": -0.48,
                       "stated_exponent": -0.5},
         "data": {"loglog": {"x_label": "width M", "y_label": "RMS error", "stated_exponent": -0.5,
                             "series": [{"label": "config A", "x": [125, 250, 500], "y": [0.09, 0.064, 0.046],
                                         "fitted_exponent": -0.48}]},
                  "spectrum": {"config": "A", "M": 500, "C": 2, "T": 5, "eigenvalues": [90, 80, 10, 9, 8, 7, 6, 5, 4, 3],
                               "outlier_predicted": 85.0, "bulk_predicted": 6.0}}}


def _boxes():
    """A certified partition of [0, 1] x [0, 2] in the format of CERT_FORMAT.md: 4 x 4 boxes, one undecided, one
    violated."""
    out = []
    for i in range(4):
        for j in range(4):
            status = "violated" if (i, j) == (3, 3) else "undecided" if (i, j) == (3, 2) else "certified"
            out.append({"lo": [f"{i}/4", f"{j}/2"], "hi": [f"{i + 1}/4", f"{j + 1}/2"], "status": status,
                        "method": "ball", "slack_lo": "-1e-3" if status == "violated" else "1.25e-3"})
    return out


CERTIFIED = {"tier": "certified", "status": "violated", "summary": "certified counterexample at x=7/8, y=7/4",
             "tolerance": "exact (Arb balls)",
             "data": {"coverage": "0.875000", "params": ["x", "y"], "domain": {"lo": ["0", "0"], "hi": ["1", "2"]},
                      "boxes": _boxes(), "undecided_summary": "1 box near x = 1", "counterexample": {"x": "7/8", "y": "7/4"},
                      "counterexample_slack": "[-0.0123 +/- 1e-30]", "tightest": {"x": "7/8", "y": "7/4"},
                      "not_certifiable": None, "seconds": 0.5, "n_boxes": 16}}

FIT = {"x": [125, 250, 500, 1000], "y": [0.09, 0.064, 0.046, 0.032], "se": [0.004, 0.003, 0.002, 0.0015],
       "exponent": -0.49, "exponent_ci": [-0.55, -0.43], "constant": 0.95, "constant_ci": [0.8, 1.1],
       "chi2_dof": 0.8, "p_value": 0.45}


def synthetic_doc():
    """Records of every kind and tier, each with the recorded TeX of a catalogue claim of its kind."""
    from sloppy_verifier.theory import catalogue
    from sloppy_verifier.verify.report.tex import claim_tex
    asymp = json.loads(json.dumps(ASYMP))
    asymp["data"]["fit"] = FIT
    search = _search(range(1, 31), "3/10", "1.3", "wide: ")
    claims = [
        _claim("fisher.bound_one", "INEQ", [search, _search(range(5, 15), "1/2", "1.5", "narrow: "), CERTIFIED],
               verdict="violated"),
        _claim("fisher.limit_two", "ASYMP", [asymp]),
        _claim("ribbon.broken_three", "EXACT", [SYMBOLIC], verdict="violated"),
        _claim("ribbon.conj_four", "CONJ", [_search(range(1, 5), "1/10", "1.1")], verdict="inconclusive", gating=False),
        _claim("fisher.def_five", "DEF", [_search(range(1, 4), "1/10", "1.0")]),
        _claim("fisher.fin_six", "FIN-EXACT", [_search(range(1, 4), "1/10", "1.0")]),
        _claim("ribbon.cited_seven", "CITED", [_search(range(1, 4), "1/10", "1.2")]),
        _claim("fisher.emp_eight", "EMPIRICAL", [ASYMP], gating=False),
    ]
    by_id = {c.id: c for c in catalogue()}
    for rec in claims:
        rec["tex"] = claim_tex(by_id[KIND_SAMPLES[rec["kind"]]])
    claims[2]["tex"]["steps"] = [r"x = x", r"x = 2 x", ""]
    return results.results_document(claims, {"profile": "quick", "seed": 7, "dps": 50, "dps_confirm": 60,
                                             "backend": "numpy", "gpu": False, "device": "cpu", "selection": []})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    (out / "results.json").write_text(json.dumps(synthetic_doc()))
    return out, render(out)


@pytest.fixture()
def report(rendered, tmp_path):
    """A private copy of the rendered synthetic report (tests may change it)."""
    out, stats = rendered
    shutil.copytree(out, tmp_path / "r")
    return tmp_path / "r", stats


def test_index_lists_every_claim_with_filters(report):
    out, stats = report
    index = (out / "index.html").read_text()
    assert stats["claims"] == 8 and stats["figures"] >= 5 and stats["pages"] == 10
    assert index.startswith("<!DOCTYPE html>") and 'href="assets/report.css"' in index and "index.js" in index
    assert 'href="claims/fisher.bound_one.html"' in index and 'href="phase.html"' in index
    assert "seed 7" in index and "precision 50 digits" in index and "backend numpy" in index and "GPU: no" in index
    row = next(line for line in index.split("<tr ") if 'data-id="fisher.bound_one"' in line)
    assert 'data-tier="certified high_precision"' in row and 'data-kind="INEQ"' in row and "bound/actual" not in row
    assert "rhs/lhs = 1.3" in row and "<math" in row                      # the statement is typeset
    for facet in ("verdict", "kind", "tier", "theory"):
        assert f'<select name="{facet}">' in index
    assert "(reported only)" in index and 'class="verdict v-violated"' in index
    assert "tex-unread" not in index


def test_claim_page_typesets_and_links(report):
    out, _ = report
    page = (out / "claims" / "ribbon.broken_three.html").read_text()
    assert page.count("<math") >= 3 and "[P] spec S99" in page and "tex-unread" not in page
    assert 'class="s-refuted">refuted' in page and "doubling" in page
    assert 'href="ribbon.broken_three.json"' in page and 'href="ribbon.broken_three.tex"' in page
    assert json.loads((out / "claims" / "ribbon.broken_three.json").read_text())["id"] == "ribbon.broken_three"
    assert r"\section{" in (out / "claims" / "ribbon.broken_three.tex").read_text()
    page = (out / "claims" / "fisher.bound_one.html").read_text()
    assert "Tolerance</b>" in page and "relative 1e-40" in page
    assert "<code>3/10</code>" in page and "<code>7/8</code>" in page        # exact values in the tables
    assert "0.875000" in page and "../figures/fisher.bound_one.coverage.svg" in page
    assert "../figures/fisher.bound_one.tightness.svg" in page and "../figures/fisher.bound_one.tightness.csv" in page
    page = (out / "claims" / "fisher.limit_two.html").read_text()
    assert "asymptotic.svg" in page and "spectrum.svg" in page and "<math" in page


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels from the PNG's IHDR chunk."""
    assert data.startswith(PNG) and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _csv(out, name):
    import csv
    return list(csv.reader((out / "figures" / f"{name}.csv").read_text().splitlines()))


def test_figures_are_vector_with_their_data(report):
    """Each figure's files hold the synthetic records' values (content in detail: tests/test_figure_content.py)."""
    out, _ = report
    sizes = {"fisher.bound_one.tightness": (750, 560), "fisher.bound_one.coverage": (800, 520),
             "fisher.limit_two.asymptotic": (750, 560), "fisher.limit_two.spectrum": (750, 480),
             "ribbon.conj_four.tightness": (750, 560)}      # figsize x figures.DPI
    for name, size in sizes.items():
        assert _png_size((out / "figures" / f"{name}.png").read_bytes()) == size, name
        svg = (out / "figures" / f"{name}.svg").read_text()
        assert svg.lstrip().startswith("<?xml") and f"<!-- {name.rsplit('.', 1)[0]}" in svg, name   # its title
    assert not (out / "figures" / "ribbon.broken_three.tightness.png").exists()     # no samples, no figure
    header, *rows = _csv(out, "fisher.bound_one.tightness")
    assert header == ["series", "x", "y", "role"]
    samples = [(r[0], float(r[1]), float(r[2])) for r in rows if r[3] == "sample"]     # _search: x = k/10, 1 + k/10
    assert samples == [("wide", k / 10, float(f"{1 + k / 10:.12g}")) for k in range(1, 31)] + \
        [("narrow", k / 10, float(f"{1 + k / 10:.12g}")) for k in range(5, 15)]
    assert [(r[0], float(r[1]), float(r[2])) for r in rows if r[3] == "worst case"] == [("wide", 0.3, 1.3),
                                                                                        ("narrow", 0.5, 1.5)]
    regions = [(r[0], float(r[1]), float(r[2])) for r in rows if r[3].startswith("region")]
    assert regions == [("certified tier: certified", 0.0, 0.75), ("certified tier: violated", 0.75, 1.0)]
    header, *rows = _csv(out, "fisher.bound_one.coverage")
    assert header == ["x_lo", "y_lo", "x_hi", "y_hi", "status", "method", "slack_lo"] and len(rows) == 16
    assert [r[:5] for r in rows if r[4] != "certified"] == [["3/4", "2/2", "4/4", "3/2", "undecided"],
                                                            ["3/4", "3/2", "4/4", "4/2", "violated"]]   # as recorded
    header, *rows = _csv(out, "fisher.limit_two.asymptotic")
    assert header == ["series", "x", "y", "se", "fit", "band_lo", "band_hi"]
    points = [[float(v) for v in r[1:4]] for r in rows if r[2]]
    assert points == [list(p) for p in zip(FIT["x"], FIT["y"], FIT["se"])]
    band = [[float(v) for v in (r[1], r[4])] for r in rows if not r[2]]
    assert len(band) == 60 and all(abs(m / (FIT["constant"] * x ** FIT["exponent"]) - 1) < 1e-12 for x, m in band)
    header, *rows = _csv(out, "fisher.limit_two.spectrum")
    assert header == ["config", "rank", "eigenvalue"]
    assert [(int(r[1]), float(r[2])) for r in rows] == list(enumerate(ASYMP["data"]["spectrum"]["eigenvalues"], 1))
    header, *rows = _csv(out, "c_A")
    assert len(rows) > 3


def test_mathml_of_recorded_tex():
    from sloppy_verifier.verify.report.tex import mathml
    out = mathml(r"\mathrm{part} \in \{\text{c\_A}, \text{a\&b}\}", display=True)
    assert out.startswith("<math") and 'display="block"' in out and "<mtext>c_A</mtext>" in out and "a&amp;b" in out
    assert mathml(r"\frac{1}{") .startswith('<code class="tex-unread">')     # unreadable TeX is shown, and marked


def test_certified_regions_and_fit_band():
    data = CERTIFIED["data"]
    assert figures.certified_regions(data, "x") == [(0.0, 0.75, "certified"), (0.75, 1.0, "violated")]
    assert figures.certified_regions(data, "z") == []
    line, lo, hi = figures.fit_band(FIT, [125.0, 1000.0])
    assert abs(line[0] - 0.95 * 125 ** -0.49) < 1e-12 and all(a < m < b for a, m, b in zip(lo, line, hi))
    # the band's width matches the recorded exponent interval: its slope spread over [125, 1000] is that interval
    import math
    wide = figures.fit_band({**FIT, "exponent_ci": [-0.61, -0.37]}, [125.0, 1000.0])
    assert (math.log(wide[2][1] / wide[1][1]) > math.log(hi[1] / lo[1])) and figures.band_level(FIT | {"level": 1e-4}) == "99.99 %"
    rec = synthetic_doc()["claims"][0]
    series = [(figures._label(e, 1), e["tightness"]) for e in rec["evidence"][:2]]
    fig, caption, _ = figures.tightness_figure(rec, series, decay=False, certified=data)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "certified tier: certified" in labels and "certified tier: violated" in labels and "Shaded" in caption


def _worst_marks(fig):
    ax = fig.axes[0]
    return {c.get_label(): [tuple(p) for p in c.get_offsets()] for c in ax.collections
            if c.get_label().startswith("worst case")}


def test_tightness_figure_marks_worst_case_against_most_varied_parameter():
    rec = synthetic_doc()["claims"][0]
    series = [(figures._label(e, 1), e["tightness"]) for e in rec["evidence"][:2]]
    assert figures.choose_axis([s for _, t in series for s in t["samples"]]) == "x"     # "kind" is categorical
    fig, caption, _ = figures.tightness_figure(rec, series, decay=False)
    marks = _worst_marks(fig)
    assert marks == {"worst case (wide): 1.3": [(0.3, 1.3)], "worst case (narrow): 1.5": [(0.5, 1.5)]}
    assert fig.axes[0].get_xlabel().startswith("$x$ ") and "bound / actual" in fig.axes[0].get_ylabel()
    assert fig.axes[0].get_title() and "red star" in caption


def test_categorical_parameters_use_sample_index():
    samples = [{"at": {"kind": k}, "ratio": r} for k, r in (("a", "2"), ("b", "1.25"), ("a", "3"))]
    t = {"measure": "rhs/lhs", "extreme": "1.25", "at": {"kind": "b"}, "samples": samples}
    fig, caption, _ = figures.tightness_figure({"id": "c.x", "tag": "T"}, [("s", t)], decay=False)
    assert figures.choose_axis(samples) is None and "sample index" in fig.axes[0].get_xlabel()
    assert _worst_marks(fig) == {"worst case (s): 1.25": [(2.0, 1.25)]}


def test_loglog_figure_shows_fitted_and_stated_exponents():
    rec = synthetic_doc()["claims"][1]
    fig, _, _ = figures.loglog_figure(rec, [ASYMP["data"]["loglog"]])
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "config A: fitted exponent -0.48" in labels and "stated exponent -0.50" in labels
    fig, caption, _ = figures.loglog_figure(rec, [ASYMP["data"]["loglog"]], [("config A", FIT)])
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "config A: exponent -0.490 [-0.550, -0.430] (± 1 s.e. over seeds)" in labels
    assert "recorded-interval confidence band of the fit" in labels and "Only" not in caption
    two = {**FIT, "series": [FIT | {"label": "config A"}, FIT | {"label": "config B", "constant": 1.1}]}
    rec = {**rec, "evidence": [{**ASYMP, "data": {**ASYMP["data"], "fit": two}}]}
    saved = {}
    figures.claim_figures(rec, Path("figs"), "x", saved.__setitem__)       # each series of a pooled fit is drawn
    table = saved[Path("figs/x.asymptotic.csv")]
    assert Path("figs/x.asymptotic.svg") in saved and "config A," in table and "config B," in table


def test_stale_pages_removed_and_no_sweep_message(report):
    out, _ = report
    doc = synthetic_doc()
    doc["claims"] = doc["claims"][:1]
    (out / "results.json").write_text(json.dumps(doc))
    render(out)
    assert sorted(p.name for p in (out / "claims").iterdir()) == ["fisher.bound_one.html", "fisher.bound_one.json",
                                                                  "fisher.bound_one.tex"]
    assert not (out / "figures" / "fisher.limit_two.spectrum.png").exists()
    assert not (out / "figures" / "fisher.limit_two.spectrum.csv").exists()
    phase = (out / "phase.html").read_text()
    assert "No sweep data" in phase and "sloppy sweep" in phase and "figures/c_A.svg" in phase


def test_killed_render_leaves_previous_report_intact(report, monkeypatch):
    out, _ = report
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    doc = synthetic_doc()
    doc["claims"][0]["title"] = "a changed title"
    (out / "results.json").write_text(json.dumps(doc))
    real, calls = os.replace, []

    def dying_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:           # killed mid-render: two figures written, the pages and index not
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        render(out)
    monkeypatch.setattr(os, "replace", real)
    assert (out / "index.html").read_bytes() == before[out / "index.html"]
    for p, data in before.items():
        if p.suffix == ".html":
            assert p.read_bytes() == data, p
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]        # no temporary file left behind
    render(out)                                                                # the next run completes it
    assert "a changed title" in (out / "claims" / "fisher.bound_one.html").read_text()


def _sweep_lines():
    """Records in the schema of verify.ribbon.sweep: a run, grid points, boundaries (phases I, II, III)."""
    meta = {"k": 2, "tau": 0.9, "d": 20, "eta_lam1": 1.0, "settings_hash": "abc123", "code_version": "v1"}
    yield {"type": "run", "settings": {}, **meta}
    for T in (1, 10):
        for c in (0.5, 1.0, 2.0):
            for rho in (0.3, 1.0, 3.0, 10.0):
                yield {"type": "point", "c": c, "rho": rho, "T": T, **meta, "exact": {"es": 0.8 + rho / 100},
                       "certificate": {"ribbon": rho > 2, "ribbon_c1": False, "no_ribbon": rho < 0.5},
                       "gaussian": {"M": 20, "mean": 0.8, "se": 0.05}, "bernoulli": []}
            phase = {0.5: "II", 1.0: "III", 2.0: "I"}[c]
            yield {"type": "boundary", "c": c, "T": T, **meta,
                   "exact": {"rho_star": {"I": 0.0, "II": 2.0, "III": "inf"}[phase], "rho_lo": 0.6, "rho_hi": 3.1,
                             "rho_no_ribbon_above": None, "phase": phase},
                   "gaussian": {"M": 20, "status": "crossing", "mean": 2.1, "se": 0.1},
                   "bernoulli": [{"scale": 0.3, "M": 20, "status": "crossing", "mean": 2.2, "se": 0.2}]}


def test_sweep_data_gives_phase_panels(tmp_path):
    (tmp_path / "results.json").write_text(json.dumps(synthetic_doc()))
    sw = tmp_path / "sweeps"
    sw.mkdir()
    (sw / "quick.jsonl").write_text("\n".join([json.dumps(r) for r in _sweep_lines()] + ['{"torn'] ) + "\n")
    render(tmp_path)
    phase = (tmp_path / "phase.html").read_text()
    assert "<h2>T = 1 " in phase and "<h2>T = 10 " in phase and "1 unreadable record(s)" in phase
    assert "No sweep data" not in phase and "figures/bracket_abc123.svg" in phase
    for name in ("phase_abc123_T1", "phase_abc123_T10", "phase_abc123_multiples", "bracket_abc123"):
        png = (tmp_path / "figures" / f"{name}.png").read_bytes()
        assert png.startswith(PNG) and len(png) > 15_000
        assert (tmp_path / "figures" / f"{name}.svg").exists() and (tmp_path / "figures" / f"{name}.csv").exists()
    header, *rows = (tmp_path / "figures" / "phase_abc123_T10.csv").read_text().splitlines()
    assert header == "c,rho,ES_k,certificate_ribbon,certificate_no_ribbon" and len(rows) >= 200 * 200


def test_phase_figure_draws_regions_boundaries_and_c_a(tmp_path):
    from sloppy_verifier.verify.report import phase, sweeps
    sw = tmp_path / "sweeps"
    sw.mkdir()
    (sw / "a.jsonl").write_text("\n".join(json.dumps(r) for r in _sweep_lines()))
    panel = sweeps.load_sweeps(sw).panels[1]
    assert panel["T"] == 10 and len(panel["points"]) == 12 and [b["phase"] for b in panel["boundary"]] == ["II", "III", "I"]
    c_a = phase._c_a(panel)
    assert abs(c_a - 2.243) < 5e-4          # spec S27 reference value of c_A(10) for (k, tau) = (2, 0.9)
    pl = phase.plane(panel, phase.c_range([panel], [c_a]))
    assert pl["es"].shape[0] >= 200 and pl["es"].shape[1] >= 200 and pl["c"][-1] > c_a
    # the certificate regions agree with the exact values they certify (float64, margin 1e-9 on ES)
    assert (pl["es"][pl["ribbon"]] >= 0.9 - 1e-9).all() and (pl["es"][pl["no_ribbon"]] < 0.9 + 1e-9).all()
    assert pl["ribbon"].any() and pl["no_ribbon"].any()
    # the boundary is the exact crossing: ES_k(S_inf(rho*)) = tau in mp arithmetic (verify.ribbon.certificates)
    from sloppy_verifier.verify.ribbon import certificates as cert, population as pop
    c, rho = pl["star"][len(pl["star"]) // 2]
    P = cert.population(pop.spectrum("geometric", c, 20, 30), [1] * 20, 1, 10, 20)
    assert abs(float(cert.es(P, rho, 2)) - 0.9) < 1e-9
    fig, (header, rows) = phase.phase_figure(panel, pl, c_a)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    for want in (r"$\rho^*(c)$: $\mathrm{ES}_k(S_\infty) = \tau$", "S26a certificate: ribbon (edge white)",
                 "S26b certificate: no ribbon (edge red)", r"$\rho^*$ (exact, mp)",
                 "finite ensemble, Gaussian, $M$ = 20 ($\\pm$ 1 s.e.)", "$c_A(T)$ = 2.243"):
        assert want in labels, want
    assert len(rows) == len(pl["c"]) * len(pl["rho"])


def test_cli_report_errors_are_one_line(tmp_path, capsys):
    assert cli.main(["report", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no results" in err and "sloppy verify" in err
    (tmp_path / "results.json").write_text('{"schema_version": 1, "claims": [')
    assert cli.main(["report", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "not valid JSON" in err
    (tmp_path / "results.json").write_text('{"schema_version": 99, "claims": []}')
    assert cli.main(["report", "--out", str(tmp_path)]) == 2
    assert "schema version 1" in capsys.readouterr().err


def test_verify_leaves_a_complete_report(tmp_path, capsys):
    """A real (cheap) run, a bound and an asymptotic claim; `sloppy report` re-renders the same pages."""
    out = tmp_path / "rep"
    rc = cli.main(["verify", "--profile", "quick", "ribbon.width_box", "ribbon.population_limit", "--out", str(out)])
    assert rc == 0 and f"report: {out / 'index.html'}" in capsys.readouterr().out
    index = (out / "index.html").read_text()
    assert 'href="claims/ribbon.width_box.html"' in index and 'href="claims/ribbon.population_limit.html"' in index
    assert "rhs/lhs = " in index and "seed 0" in index and "tex-unread" not in index
    page = (out / "claims" / "ribbon.width_box.html").read_text()
    assert "<h2>Evidence</h2>" in page and "ribbon.width_box.tightness.svg" in page and page.count("<math") >= 3
    page = (out / "claims" / "ribbon.population_limit.html").read_text()
    assert "ribbon.population_limit.asymptotic.svg" in page
    for name in ("ribbon.width_box.tightness", "ribbon.population_limit.asymptotic"):
        png = (out / "figures" / f"{name}.png").read_bytes()
        assert png.startswith(PNG) and len(png) > 15_000
    first = {p.name: p.read_text() for p in (out / "claims").iterdir()}
    assert cli.main(["report", "--out", str(out)]) == 0
    assert {p.name: p.read_text() for p in (out / "claims").iterdir()} == first


def test_vacuous_ratios_off_any_scale_do_not_break_the_figure(tmp_path):
    """A bound vacuous by hundreds of orders (ratios 1e268, 1e887 -> inf in float64, S14's width box at long t) must
    render: such samples are left out and counted in the caption, the rest is drawn."""
    ev = _search(range(1, 11), "3/10", "1.3")
    ev["tightness"]["samples"] += [{"at": {"x": "1/2", "kind": "a"}, "ratio": r} for r in ("3.7e+268", "1.26e+887", "+inf")]
    (tmp_path / "results.json").write_text(json.dumps(results.results_document(
        [_claim("ribbon.huge_five", "INEQ", [ev])], {"profile": "quick", "seed": 0, "dps": 50, "dps_confirm": 60,
                                                      "backend": "numpy", "gpu": False, "device": "cpu", "selection": []})))
    stats = render(tmp_path)
    page = (tmp_path / "claims" / "ribbon.huge_five.html").read_text()
    assert stats["figures"] >= 1 and "3 sample(s) non-finite or beyond" in page


def test_a_failing_figure_costs_only_that_figure(tmp_path, monkeypatch):
    """A defect in one claim's figure is reported on its page; the rest of the report is rendered."""
    def broken(rec, *args):
        raise RuntimeError("boom")
    monkeypatch.setattr(figures, "claim_figures", broken)
    (tmp_path / "results.json").write_text(json.dumps(synthetic_doc()))
    render(tmp_path)
    assert "figure not drawn: RuntimeError: boom" in (tmp_path / "claims" / "fisher.bound_one.html").read_text()
    assert "figure not drawn" in (tmp_path / "index.html").read_text()


def test_one_worker_draws_in_process():
    """``sloppy verify --workers 1`` keeps one process throughout: the report's figure pool is not started."""
    import os

    from sloppy_verifier.verify.report import _workers
    with _workers(100, parallel=False) as pool:
        assert pool is None
    with _workers(100, parallel=True) as pool:
        assert (pool is None) == ((os.cpu_count() or 1) < 2)


def test_every_certificate_of_a_claim_is_shown(tmp_path):
    """A claim certified through two reductions (S7 at C = 2 and C = 3): the index, the claim page and one coverage
    figure each show every certificate with its label, status, coverage and number of boxes."""
    c2, c3 = json.loads(json.dumps(CERTIFIED)), json.loads(json.dumps(CERTIFIED))
    c2.update(status="inconclusive", summary="C = 2: certified on 87.5 %")
    c2["data"].update(reduction="C = 2", counterexample=None)
    c3["data"].update(reduction="C = 3", coverage="0.25", boxes=_boxes()[8:], n_boxes=8)
    (tmp_path / "results.json").write_text(json.dumps(results.results_document(
        [_claim("ribbon.softmax_six", "INEQ", [c2, c3], verdict="violated")], {"profile": "quick"})))
    render(tmp_path)
    index = (tmp_path / "index.html").read_text()
    row = next(line for line in index.split("<tr ") if 'data-id="ribbon.softmax_six"' in line)
    assert "C = 2: 87.500000 %; C = 3: violated" in row
    page = (tmp_path / "claims" / "ribbon.softmax_six.html").read_text()
    table = page.split('<table class="certificates">')[1].split("</table>")[0]
    assert [r.split("</tr>")[0] for r in table.split("<tr>")[2:]] == [
        '<td>C = 2</td><td><span class="s-inconclusive">inconclusive</span></td><td>87.500000 %</td><td>16</td>',
        '<td>C = 3</td><td><span class="s-violated">violated</span></td><td>violated</td><td>8</td>']
    for kind, rows in (("coverage", 16), ("coverage_2", 8)):     # one figure per certificate, its boxes in its CSV
        assert f"../figures/ribbon.softmax_six.{kind}.svg" in page
        assert len(_csv(tmp_path, f"ribbon.softmax_six.{kind}")) == 1 + rows
    rec = json.loads((tmp_path / "results.json").read_text())["claims"][0]
    titles = [figures.coverage_figure(rec, e["data"])[0].axes[0].get_title() for e in rec["evidence"]]
    assert titles == ["ribbon.softmax_six (C = 2): certified coverage 0.875000 of the domain (16 boxes)",
                      "ribbon.softmax_six (C = 3): certified coverage 0.25 of the domain (8 boxes)"]
