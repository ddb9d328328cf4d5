"""The report (`sloppy report`): pages and figures rendered from results.json alone, written atomically."""
import json
import os
import shutil

import pytest

from verify import cli, results
from verify.report import figures, render

PNG = b"\x89PNG\r\n\x1a\n"


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


def synthetic_doc():
    claims = [
        _claim("fisher.bound_one", "INEQ", [_search(range(1, 31), "3/10", "1.3", "wide: "),
                                            _search(range(5, 15), "1/2", "1.5", "narrow: ")]),
        _claim("fisher.limit_two", "ASYMP", [ASYMP]),
        _claim("ribbon.broken_three", "EXACT", [SYMBOLIC], verdict="violated"),
        _claim("ribbon.conj_four", "CONJ", [_search(range(1, 5), "1/10", "1.1")], verdict="inconclusive", gating=False),
    ]
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


def test_index_rows_grouped_with_settings(report):
    out, stats = report
    index = (out / "index.md").read_text()
    assert stats["claims"] == 4 and stats["figures"] >= 4
    assert index.index("## fisher") < index.index("[fisher.bound_one](claims/fisher.bound_one.md)") < index.index("## ribbon")
    assert "seed 7" in index and "precision 50 digits" in index and "backend `numpy`" in index and "GPU: no" in index
    row = next(line for line in index.splitlines() if line.startswith("| [fisher.bound_one]"))
    assert "INEQ" in row and "hp holds" in row and "bound/actual = 1.3" in row and "x=3/10" in row   # tightest search
    assert "exponent -0.48 (stated -0.5)" in index
    assert "**violated**" in index and "(reported only)" in index
    assert "[Phase diagrams](phase.md)" in index


def test_claim_page_statement_derivation_evidence_figures(report):
    out, _ = report
    page = (out / "claims" / "ribbon.broken_three.md").read_text()
    assert r"$$x \leq 2 x$$" in page and "- x > 0" in page and "[P] spec S99" in page
    assert "| 2 | **refuted** | `Eq(x, 2*x)` | doubling |" in page and "| 3 | numeric |" in page
    page = (out / "claims" / "fisher.bound_one.md").read_text()
    assert "### 2. high precision: holds" in page and "- **Tolerance**: relative 1e-40" in page
    assert "](../figures/fisher.bound_one.tightness.png)" in page and "x = `x`" in page
    page = (out / "claims" / "fisher.limit_two.md").read_text()
    assert "asymptotic.png" in page and "spectrum.png" in page


def test_pngs_exist_and_are_nontrivial(report):
    out, _ = report
    for name in ("fisher.bound_one.tightness", "fisher.limit_two.asymptotic", "fisher.limit_two.spectrum",
                 "ribbon.conj_four.tightness", "c_A"):
        data = (out / "figures" / f"{name}.png").read_bytes()
        assert data.startswith(PNG) and len(data) > 15_000, name
    assert not (out / "figures" / "ribbon.broken_three.tightness.png").exists()     # no samples, no figure


def _worst_marks(fig):
    ax = fig.axes[0]
    return {c.get_label(): [tuple(p) for p in c.get_offsets()] for c in ax.collections
            if c.get_label().startswith("worst case")}


def test_tightness_figure_marks_worst_case_against_most_varied_parameter():
    rec = synthetic_doc()["claims"][0]
    series = [(figures._label(e, 1), e["tightness"]) for e in rec["evidence"]]
    assert figures.choose_axis([s for _, t in series for s in t["samples"]]) == "x"     # "kind" is categorical
    fig, caption = figures.tightness_figure(rec, series, decay=False)
    marks = _worst_marks(fig)
    assert marks == {"worst case (wide): 1.3": [(0.3, 1.3)], "worst case (narrow): 1.5": [(0.5, 1.5)]}
    assert fig.axes[0].get_xlabel().startswith("x ") and "bound / actual" in fig.axes[0].get_ylabel()
    assert fig.axes[0].get_title() and "red star" in caption


def test_categorical_parameters_use_sample_index():
    samples = [{"at": {"kind": k}, "ratio": r} for k, r in (("a", "2"), ("b", "1.25"), ("a", "3"))]
    t = {"measure": "rhs/lhs", "extreme": "1.25", "at": {"kind": "b"}, "samples": samples}
    fig, caption = figures.tightness_figure({"id": "c.x", "tag": "T"}, [("s", t)], decay=False)
    assert figures.choose_axis(samples) is None and "sample index" in fig.axes[0].get_xlabel()
    assert _worst_marks(fig) == {"worst case (s): 1.25": [(2.0, 1.25)]}


def test_loglog_figure_shows_fitted_and_stated_exponents():
    rec = synthetic_doc()["claims"][1]
    fig, _ = figures.loglog_figure(rec, [ASYMP["data"]["loglog"]])
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "config A: fitted exponent -0.48" in labels and "stated exponent -0.50" in labels


def test_stale_pages_removed_and_no_sweep_message(report):
    out, _ = report
    doc = synthetic_doc()
    doc["claims"] = doc["claims"][:1]
    (out / "results.json").write_text(json.dumps(doc))
    render(out)
    assert sorted(p.name for p in (out / "claims").iterdir()) == ["fisher.bound_one.md"]
    assert not (out / "figures" / "fisher.limit_two.spectrum.png").exists()
    phase = (out / "phase.md").read_text()
    assert "No sweep data" in phase and "`sloppy sweep`" in phase and "figures/c_A.png" in phase


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
    assert (out / "index.md").read_bytes() == before[out / "index.md"]
    for p, data in before.items():
        if p.suffix == ".md":
            assert p.read_bytes() == data, p
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]        # no temporary file left behind
    render(out)                                                                # the next run completes it
    assert "a changed title" in (out / "claims" / "fisher.bound_one.md").read_text()


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
    phase = (tmp_path / "phase.md").read_text()
    assert "## T = 1 " in phase and "## T = 10 " in phase and "1 unreadable record(s)" in phase
    assert "No sweep data" not in phase and "figures/bracket_abc123.png" in phase
    for name in ("phase_abc123_T1", "phase_abc123_T10", "bracket_abc123"):
        png = (tmp_path / "figures" / f"{name}.png").read_bytes()
        assert png.startswith(PNG) and len(png) > 15_000


def test_phase_figure_draws_regions_boundaries_and_c_a(tmp_path):
    from verify.report import phase, sweeps
    sw = tmp_path / "sweeps"
    sw.mkdir()
    (sw / "a.jsonl").write_text("\n".join(json.dumps(r) for r in _sweep_lines()))
    panel = sweeps.load_sweeps(sw).panels[1]
    assert panel["T"] == 10 and len(panel["points"]) == 12 and [b["phase"] for b in panel["boundary"]] == ["II", "III", "I"]
    c_a = phase._c_a(panel)
    assert abs(c_a - 2.243) < 5e-4          # spec S27 reference value of c_A(10) for (k, tau) = (2, 0.9)
    labels = [t.get_text() for t in phase.phase_figure(panel, c_a).axes[0].get_legend().get_texts()]
    for want in ("certified ribbon (S26a)", "certified no ribbon (S26b)", "exact rho* (ES_k(S_inf) = tau)",
                 "phase I: ribbon for every rho (rho* = 0)", "phase III: no crossing (rho* = inf)",
                 "simulated boundary, Gaussian, M = 20 (+- 1 s.e.)", "c_A(T) = 2.243 (rho -> 0 face, S20)"):
        assert want in labels, want


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
    assert rc == 0 and f"report: {out / 'index.md'}" in capsys.readouterr().out
    index = (out / "index.md").read_text()
    assert "[ribbon.width_box](claims/ribbon.width_box.md)" in index and "[ribbon.population_limit]" in index
    assert "bound/actual = " in index and "seed 0" in index
    page = (out / "claims" / "ribbon.width_box.md").read_text()
    assert "## Evidence" in page and "ribbon.width_box.tightness.png" in page and "eta lam = 2" in page
    page = (out / "claims" / "ribbon.population_limit.md").read_text()
    assert "ribbon.population_limit.asymptotic.png" in page
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
    page = (tmp_path / "claims" / "ribbon.huge_five.md").read_text()
    assert stats["figures"] >= 1 and "3 sample(s) non-finite or beyond" in page


def test_a_failing_figure_costs_only_that_figure(tmp_path, monkeypatch):
    """A defect in one claim's figure is reported on its page; the rest of the report is rendered."""
    def broken(rec, *args):
        raise RuntimeError("boom")
    monkeypatch.setattr(figures, "claim_figures", broken)
    (tmp_path / "results.json").write_text(json.dumps(synthetic_doc()))
    render(tmp_path)
    assert "*figure not drawn*: RuntimeError: boom" in (tmp_path / "claims" / "fisher.bound_one.md").read_text()
    assert "(figure not drawn)" in (tmp_path / "index.md").read_text()
