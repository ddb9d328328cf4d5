"""Report figures checked by content (issue 16: "figure tests that check content and data, not PNG magic bytes").

Each figure producer of ``verify.report.figures`` is given a record whose plotted values are known in closed form;
the test reads back what was drawn three ways: the CSV beside the figure, the matplotlib artists (scatter offsets,
line data, rectangles, axis labels) and the SVG (each marker's ``<use x y>`` mapped back through the axes' transform,
the text comments matplotlib writes beside each label).  Each is compared with values computed here, independently of
the producer; a figure drawn from wrong data fails the same check (the ``wrong`` tests).
"""
import csv
import io
import math
import re
from pathlib import Path

import numpy as np
import pytest

from sloppy_verifier.verify.report import figures

REC = {"id": "fisher.bound_one", "tag": "BOU"}
K = range(1, 11)


def tightness_record(ratio=lambda k: 1 + k / 10):
    """Samples at x = k/10 (recorded as the exact string "k/10") with ratio rhs/lhs = ratio(k); tightest at k = 1."""
    samples = [{"at": {"x": f"{k}/10", "kind": "a"}, "ratio": repr(ratio(k))} for k in K]
    return {"samples": samples, "extreme": repr(ratio(1)), "at": {"x": "1/10", "kind": "a"}}


def written(fig, table):
    files = {}
    figures.write_figure(Path("figs"), "fig", fig, table,
                         lambda path, data: files.__setitem__(path.suffix[1:], data))
    return files


def csv_rows(text):
    return list(csv.reader(io.StringIO(text if isinstance(text, str) else text.decode())))


def svg_markers(svg: str, group: str) -> np.ndarray:
    """The ``(x, y)`` of every marker of the SVG group ``group`` (a matplotlib PathCollection), in SVG points."""
    block = re.search(rf'<g id="{group}">(.*?)</g>\s*</g>', svg, re.S).group(1)
    return np.array([(float(a), float(b)) for a, b in re.findall(r'<use xlink:href="#\w+" x="([-\d.]+)" y="([-\d.]+)"',
                                                                  block)])


def svg_to_data(fig, ax, pts: np.ndarray) -> np.ndarray:
    """SVG points (72 per inch, y downwards) back to data coordinates of ``ax``."""
    height = fig.get_figheight() * 72
    disp = np.column_stack([pts[:, 0], height - pts[:, 1]]) * fig.dpi / 72
    return ax.transData.inverted().transform(disp)


def svg_texts(svg: str) -> list[str]:
    return re.findall(r"<!-- (.*?) -->", svg)


def check_tightness(fig, table, files, expected_y):
    """The tightness scatter of :func:`tightness_record` shows the points ``(k/10, expected_y(k))``."""
    want = np.array([(k / 10, expected_y(k)) for k in K])
    header, rows = table
    assert header == ["series", "x", "y", "role"]
    samples = [r for r in rows if r[3] == "sample"]
    assert np.allclose([r[1:3] for r in samples], want, rtol=1e-15, atol=0)
    assert [r[1:3] for r in rows if r[3] == "worst case"] == [[0.1, expected_y(1)]]
    assert csv_rows(files["csv"])[0] == header
    assert np.allclose([[float(v) for v in r[1:3]] for r in csv_rows(files["csv"])[1:] if r[3] == "sample"], want,
                       rtol=1e-15, atol=0)                     # the CSV keeps full float precision
    ax = fig.axes[0]
    assert np.allclose(ax.collections[0].get_offsets(), want, rtol=1e-15, atol=0)
    assert np.allclose(ax.collections[1].get_offsets(), [(0.1, expected_y(1))], rtol=1e-15)
    svg = files["svg"].decode()
    assert np.allclose(svg_to_data(fig, ax, svg_markers(svg, "PathCollection_1")), want, rtol=1e-4, atol=1e-4)
    assert ax.get_xlabel() == "$x$ (sampled parameter)" and ax.get_ylabel() == r"bound / actual $= \mathrm{rhs}/\mathrm{lhs}$"
    texts = svg_texts(svg)
    assert "$x$ (sampled parameter)" in texts and "fisher.bound_one (BOU): tightness across the domain" in texts
    assert f"worst case (search): {expected_y(1):.6g}" in texts and "search (10 samples)" in texts
    assert [tuple(line.get_ydata()) for line in ax.lines] == [(1.0, 1.0)]          # the line "bound attained"


def test_tightness_figure_draws_the_recorded_samples():
    fig, caption, table = figures.tightness_figure(REC, [("search", tightness_record())], False)
    check_tightness(fig, table, written(fig, table), lambda k: 1 + k / 10)
    assert "against x, the sampled parameter" in caption


def test_tightness_figure_of_wrong_data_fails():
    wrong = tightness_record(lambda k: 1 + k / 10 + (0.05 if k == 7 else 0))     # one sample moved
    fig, _, table = figures.tightness_figure(REC, [("search", wrong)], False)
    with pytest.raises(AssertionError):
        check_tightness(fig, table, written(fig, table), lambda k: 1 + k / 10)


def test_decay_figure_scales_by_the_acceptance_slope():
    """A decay record's ratio is slope / (19/20): the figure plots 0.95 x ratio (the fitted slope)."""
    fig, _, table = figures.tightness_figure(REC, [("search", tightness_record())], True)
    assert figures.DECAY_ACCEPT == 0.95
    want = [(k / 10, 0.95 * (1 + k / 10)) for k in K]
    assert np.allclose(fig.axes[0].collections[0].get_offsets(), want, rtol=1e-15)
    assert sorted(line.get_ydata()[0] for line in fig.axes[0].lines) == [0.95, 1.0]


def test_certified_regions_shade_the_worst_status():
    data = {"params": ["x", "y"], "boxes": [
        {"lo": ["0", "0"], "hi": ["1/2", "1"], "status": "certified"},
        {"lo": ["1/2", "0"], "hi": ["1", "1/2"], "status": "certified"},
        {"lo": ["1/2", "1/2"], "hi": ["1", "1"], "status": "undecided"},
        {"lo": ["1", "0"], "hi": ["2", "1"], "status": "violated"},
        {"lo": ["2", "0"], "hi": ["3", "1"], "status": "excluded"}]}
    assert figures.certified_regions(data, "x") == [(0.0, 0.5, "certified"), (0.5, 1.0, "undecided"),
                                                    (1.0, 2.0, "violated")]
    assert figures.certified_regions(data, "y") == [(0.0, 1.0, "violated")]
    assert figures.certified_regions(data, "z") == []


def _loglog_block(y=(0.09, 0.064, 0.046)):
    return {"x_label": "width M", "y_label": "RMS error", "stated_exponent": -0.5,
            "series": [{"label": "config A", "x": [125, 250, 500], "y": list(y), "fitted_exponent": -0.48}]}


def check_loglog(fig, table, files, y):
    x = np.array([125.0, 250.0, 500.0])
    y = np.array(y)
    cx, cy = np.log(x).mean(), np.log(y).mean()
    header, rows = table
    assert header == ["series", "x", "y", "se", "fit", "band_lo", "band_hi"]
    assert np.allclose([[float(v) for v in r[1:3]] for r in csv_rows(files["csv"])[1:]], np.column_stack([x, y]),
                       rtol=1e-15)
    ax = fig.axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert ax.get_xlabel() == "width M (log scale)" and ax.get_ylabel() == "RMS error (log scale)"
    points, fit, stated = ax.lines
    assert np.allclose(points.get_xdata(), x) and np.allclose(points.get_ydata(), y, rtol=1e-15)
    ends = np.array([125.0, 500.0])
    assert np.allclose(fit.get_ydata(), np.exp(cy - 0.48 * (np.log(ends) - cx)), rtol=1e-12)   # through the centroid
    assert np.allclose(stated.get_ydata(), np.exp(cy - 0.5 * (np.log(ends) - cx)), rtol=1e-12)
    texts = svg_texts(files["svg"].decode())
    assert "config A: fitted exponent -0.48" in texts and "stated exponent -0.50" in texts


def test_loglog_figure_draws_the_series_its_fit_and_the_stated_rate():
    fig, caption, table = figures.loglog_figure(REC, [_loglog_block()])
    check_loglog(fig, table, written(fig, table), (0.09, 0.064, 0.046))
    assert "dashed: the stated exponent" in caption and "Only 3 values" in caption


def test_loglog_figure_of_wrong_data_fails():
    fig, _, table = figures.loglog_figure(REC, [_loglog_block((0.09, 0.07, 0.046))])
    with pytest.raises(AssertionError):
        check_loglog(fig, table, written(fig, table), (0.09, 0.064, 0.046))


def test_fit_band_is_the_weighted_least_squares_band():
    """Independent: the covariance of (log c, b) is (X^T W X)^-1 with X = [1, log x], W = (y/se)^2; the band's half
    width is scaled so that at the exponent it is half the recorded interval."""
    x, b, c = np.array([100.0, 200.0, 400.0, 800.0]), -0.5, 3.0
    y = c * x ** b * np.array([1.01, 0.99, 1.02, 0.98])
    se = 0.05 * y
    fit = {"x": list(x), "y": list(y), "se": list(se), "exponent": b, "constant": c, "exponent_ci": [-0.6, -0.4]}
    grid = [100.0, 300.0, 800.0]
    line, lo, hi = figures.fit_band(fit, grid)
    X = np.column_stack([np.ones_like(x), np.log(x)])
    cov = np.linalg.inv(X.T @ np.diag((y / se) ** 2) @ X)
    scale = 0.1 / math.sqrt(cov[1, 1])
    for g, m, l, h in zip(grid, line, lo, hi):
        u = np.array([1.0, math.log(g)])
        half = scale * math.sqrt(u @ cov @ u)
        assert m == pytest.approx(c * g ** b, rel=1e-12)
        assert l == pytest.approx(c * g ** b * math.exp(-half), rel=1e-10)
        assert h == pytest.approx(c * g ** b * math.exp(half), rel=1e-10)
    fit.pop("exponent_ci")                    # no interval: 1.96 standard errors
    _, lo2, _ = figures.fit_band(fit, [300.0])
    u = np.array([1.0, math.log(300.0)])
    assert lo2[0] == pytest.approx(c * 300 ** b * math.exp(-1.96 * math.sqrt(u @ cov @ u)), rel=1e-10)


def test_spectrum_figure_splits_outliers_from_bulk():
    spec = {"config": "A", "M": 500, "C": 2, "T": 5, "eigenvalues": [90, 80, 10, 9, 8, 7, 6, 5, 4, 0],
            "outlier_predicted": 85.0, "bulk_predicted": 6.0}
    fig, _, table = figures.spectrum_figure(REC, [spec])
    files = written(fig, table)
    ax = fig.axes[0]
    assert np.array_equal(ax.collections[0].get_offsets(), [(1, 90), (2, 80)])      # the C = 2 outliers
    assert np.array_equal(ax.collections[1].get_offsets(), [(r, 13 - r) for r in range(3, 10)])   # 0 is not drawn
    assert [line.get_ydata()[0] for line in ax.lines] == [85.0, 6.0]
    assert csv_rows(files["csv"])[1:] == [["A", str(r), str(v)] for r, v in
                                          zip(range(1, 10), [90.0, 80.0, 10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0])]
    svg = files["svg"].decode()
    assert np.allclose(svg_to_data(fig, ax, svg_markers(svg, "PathCollection_1")), [(1, 90), (2, 80)], rtol=1e-4)
    assert "predicted outlier level 85" in svg_texts(svg) and ax.get_ylabel() == r"eigenvalue of $F^*$"


def test_coverage_figure_draws_each_box_in_its_colour():
    from matplotlib.colors import to_rgba
    data = {"params": ["x", "y"], "domain": {"lo": ["0", "0"], "hi": ["1", "2"]}, "coverage": "0.75", "n_boxes": 3,
            "boxes": [{"lo": ["0", "0"], "hi": ["1/2", "2"], "status": "certified", "method": "ball", "slack_lo": "0.1"},
                      {"lo": ["1/2", "0"], "hi": ["1", "1"], "status": "violated", "method": "point", "slack_lo": "-1"},
                      {"lo": ["1/2", "1"], "hi": ["1", "2"], "status": "undecided", "method": "ball", "slack_lo": "0"}],
            "counterexample": {"x": "3/4", "y": "1/2"}}
    fig, caption, table = figures.coverage_figure(REC, data)
    ax = fig.axes[0]
    rects = [(p.get_x(), p.get_y(), p.get_width(), p.get_height(), p.get_facecolor()[:3]) for p in ax.patches]
    colour = {s: to_rgba(figures.BOX_COLOURS[s])[:3] for s in ("certified", "undecided", "violated")}
    assert rects == [(0.0, 0.0, 0.5, 2.0, colour["certified"]), (0.5, 1.0, 0.5, 1.0, colour["undecided"]),
                     (0.5, 0.0, 0.5, 1.0, colour["violated"])]                           # worst drawn last
    assert ax.get_xlim() == (0.0, 1.0) and ax.get_ylim() == (0.0, 2.0)
    assert np.array_equal(ax.collections[0].get_offsets(), [(0.75, 0.5)])
    assert table[0] == ["x_lo", "y_lo", "x_hi", "y_hi", "status", "method", "slack_lo"]
    assert [r[4] for r in table[1]] == ["certified", "undecided", "violated"]
    assert "Marked: certified counterexample." in caption
    assert "fisher.bound_one: certified coverage 0.75 of the domain (3 boxes)" in svg_texts(written(fig, table)["svg"].decode())


def test_claim_figures_writes_one_figure_per_kind_of_evidence():
    ev = {"tier": "high_precision", "status": "holds", "summary": "tiny: held on 10 examples", "tolerance": "rel",
          "tightness": {"measure": "rhs/lhs (bound over actual)", **tightness_record()}}
    files = {}
    out = figures.claim_figures(REC | {"evidence": [ev, {"tier": "statistical", "data": {"loglog": _loglog_block()}}]},
                                Path("figures"), "fisher.bound_one",
                                lambda path, data: files.__setitem__(path.name, data))
    assert [o["kind"] for o in out] == ["tightness", "asymptotic"]
    assert out[0]["files"] == [f"figures/fisher.bound_one.tightness.{e}" for e in ("svg", "png", "csv")]
    rows = csv_rows(files["fisher.bound_one.tightness.csv"])
    assert rows[0] == ["series", "x", "y", "role"] and {r[0] for r in rows[1:]} == {"tiny"}
    assert [float(r[2]) for r in rows[1:] if r[3] == "sample"] == [1 + k / 10 for k in K]
