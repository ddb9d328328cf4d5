"""Per-claim figures, drawn from the evidence records only (matplotlib, Agg, one ``Figure`` per plot, no pyplot).

Every figure is written three ways (:func:`write_figure`): SVG (vector, for a paper), PNG, and the plotted data as
CSV; a claim's figure also writes its caption (.txt), which ``sloppy derive`` prints under the PNG.  Labels are
matplotlib mathtext (``$\\rho^*$``); parameter names are typeset with the project's TeX names.

- **tightness** (every bound with recorded property-search samples; none for an identity, :data:`IDENTITIES`, or
  where only the seed varies): bound/actual (``rhs/lhs``) of each sample against the sampled parameter that takes
  the most distinct values (ties: the widest log-span; never the seed, which is no parameter), or against the
  sample index when no numeric parameter varies; 1 = the bound is attained; the search's tightest case is starred.
  For the decay searches of asymptotic claims the sample is the fitted decay slope of the error against the stated
  rate (``slope = 0.95 rhs/lhs``), drawn beside the stated slope 1 and the acceptance line 0.95.
  Where the certified tier ran, the regions of the drawn parameter whose boxes are all certified, hold an undecided
  box, or a violated one are shaded.
- **asymptotic**: the error against the large parameter on log-log axes.  From the statistical fit
  (``data["fit"]``, or each of its ``"series"``: x, y, se over seeds, exponent and constant with confidence
  intervals, ``verify.stats.fit_record``) when recorded: error
  bars of one standard error, the fitted line ``constant · x^exponent`` and its 95 % confidence band; otherwise from
  ``data["loglog"]`` (each series with its least-squares exponent), beside a line of the stated exponent.
- **coverage** (certified evidence): the partition's boxes (its leaves, as the summary counts them; ``n_boxes``
  also counts the subdivided ones) in the first two parameters, coloured certified,
  undecided, violated or excluded, the counterexample and the point of smallest slack marked.
- **spectrum** (evidence ``data["spectrum"]``): a simulated network's FIM eigenvalues by rank against the predicted
  outlier level (the top ``C``) and bulk level (the rest).
"""
from __future__ import annotations

import csv
import io
import math
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402  (after selecting the backend)
from matplotlib.mathtext import MathTextParser  # noqa: E402

DPI = 100
#: claim kinds whose statements are identities: no bound/actual tightness to plot (a ratio of an equation's
#: parts is its relative error, about 1e-50, not a tightness)
IDENTITIES = ("EXACT", "FIN-EXACT", "DEF")
DECAY_ACCEPT = 0.95     # verify.checks.ribbon_ensemble.DECAY: fitted slope >= 19/20


#: ratios beyond this are not plotted (counted as not shown): bounds that are vacuous by hundreds of orders
OFF_SCALE = 1e150


def number(x) -> float | None:
    """A recorded number (JSON number, decimal string, ``p/q``, ``+inf``) as a float; ``None`` if not a number."""
    if isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        return float(x)
    if isinstance(x, str):
        try:
            return float(x)
        except ValueError:
            try:
                return float(Fraction(x))
            except (ValueError, ZeroDivisionError):
                return None
    return None


def new_figure(width: float, height: float = 4.6) -> Figure:
    """A figure whose layout engine keeps every label, title and legend inside the canvas."""
    return Figure(figsize=(width, height), layout="constrained")


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})   # zlib 1: a fifth of the time of 6
    return buf.getvalue()


def svg(fig: Figure) -> bytes:
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "sloppy"}):   # element ids from a fixed salt, not at random
        fig.savefig(buf, format="svg", metadata={"Date": None})  # and no date: the same data give the same file
    return buf.getvalue()


def csv_text(header: list, rows) -> str:
    """The plotted data as CSV (numbers at full float precision, text quoted when needed)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def write_figure(fig_dir, name: str, fig: Figure, table: tuple, save, caption: str = "") -> list[str]:
    """Write ``name``.svg, .png, .csv (``table = (header, rows)``) and .txt (the caption, if any, for
    ``sloppy derive``); the paths relative to the report root."""
    save(fig_dir / f"{name}.svg", svg(fig))
    fig.set_layout_engine("none")         # the layout found for the SVG stands: the PNG needs no second layout pass
    save(fig_dir / f"{name}.png", png(fig))
    save(fig_dir / f"{name}.csv", csv_text(*table))
    if caption:
        save(fig_dir / f"{name}.txt", caption)
    return [f"figures/{name}.{ext}" for ext in ("svg", "png", "csv")]


_MATHTEXT = MathTextParser("path")


def tex_name(name: str) -> str:
    """A parameter name as mathtext with the project's TeX name; the plain name where mathtext cannot read it."""
    from sloppy_verifier.theory.latex import symbol_latex
    label = f"${symbol_latex(name)}$"
    try:
        _MATHTEXT.parse(label)
    except Exception:  # noqa: BLE001 - mathtext raises ValueError or pyparsing errors on TeX it lacks
        return name
    return label


def _label(ev: dict, i: int) -> str:
    """A series name: the label the check put before its summary (``"tiny networks: held on ..."``)."""
    s = ev.get("summary", "")
    for cut in ("held on", "violated at", "apparent violation"):
        j = s.find(cut)
        if j > 0:
            return s[:j].strip(" :")
    return "search over the full domain" if s.startswith("held on") else f"{ev['tier'].replace('_', ' ')} evidence {i}"


#: sample coordinates that are no parameter of the claim: a figure never plots against them
NOT_PARAMETERS = ("seed",)


def varying(samples: list[dict]) -> set[str]:
    """The sampled coordinates that take more than one value, seeds excluded."""
    names = {k for s in samples for k in (s.get("at") or {})} - set(NOT_PARAMETERS)
    return {k for k in names if len({str((s.get("at") or {}).get(k)) for s in samples}) > 1}


def choose_axis(samples: list[dict]) -> str | None:
    """The numeric parameter with the most distinct sampled values (ties: widest log-span); ``None`` if none varies
    (a seed is no parameter)."""
    best, key = None, (1, 0.0)
    names = sorted(varying(samples))
    for name in names:
        vals = [number(s["at"].get(name)) for s in samples if isinstance(s.get("at"), dict)]
        vals = [v for v in vals if v is not None and math.isfinite(v)]
        if len(vals) < len(samples):
            continue                                  # categorical (or missing in some samples)
        distinct = len(set(vals))
        pos = [v for v in vals if v > 0]
        span = math.log10(max(pos) / min(pos)) if len(pos) == len(vals) and pos else 0.0
        if (distinct, span) > key:
            best, key = name, (distinct, span)
    return best


def _log_axis(vals) -> bool:
    pos = [v for v in vals if v > 0]
    return len(pos) == len(vals) and len(pos) > 1 and max(pos) / min(pos) > 30


#: colours of the certified tier's box statuses
BOX_COLOURS = {"certified": "tab:green", "undecided": "0.6", "violated": "tab:red", "excluded": "white"}
_WORSE = {"excluded": 0, "certified": 1, "undecided": 2, "violated": 3}


def certified_regions(data: dict, axis: str) -> list[tuple[float, float, str]]:
    """The certified tier's verdict along one parameter: ``(lo, hi, status)`` segments, each the worst status of the
    boxes meeting it (violated > undecided > certified; excluded boxes are ignored)."""
    params = data.get("params") or []
    if axis not in params:
        return []
    i = params.index(axis)
    boxes = [(number(b["lo"][i]), number(b["hi"][i]), b.get("status")) for b in data.get("boxes") or []
             if b.get("status") in _WORSE and b.get("status") != "excluded"]
    boxes = [b for b in boxes if b[0] is not None and b[1] is not None]
    cuts = sorted({v for lo, hi, _ in boxes for v in (lo, hi)})
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        inside = [st for a, b, st in boxes if a < hi and b > lo]
        if inside:
            st = max(inside, key=_WORSE.get)
            if out and out[-1][2] == st and out[-1][1] == lo:
                out[-1] = (out[-1][0], hi, st)
            else:
                out.append((lo, hi, st))
    return out


def tightness_figure(rec: dict, series: list[tuple[str, dict]], decay: bool,
                     certified: dict | None = None) -> tuple[Figure, str, tuple]:
    """The tightness scatter of a claim's bound-type evidence (with the certified tier's regions shaded when
    ``certified``, its evidence data, is given); returns the figure, the page caption and the CSV table."""
    all_samples = [s for _, t in series for s in t["samples"]]
    axis = choose_axis(all_samples)
    fig = new_figure(7.5, 5.6)
    ax = fig.add_subplot()
    scale = DECAY_ACCEPT if decay else 1.0
    ys_all, dropped, rows = [], 0, []
    markers = "osD^v<>"
    for i, (name, t) in enumerate(series):
        xs, ys = [], []
        for j, s in enumerate(t["samples"]):
            y = number(s.get("ratio"))
            x = number(s["at"].get(axis)) if axis else float(j + 1)
            if y is None or x is None or not math.isfinite(y) or abs(y) > OFF_SCALE:
                dropped += 1    # not a number, or off any readable scale (log-axis ticks overflow near 1e308)
                continue
            xs.append(x)
            ys.append(scale * y)
            rows.append([name, x, scale * y, "sample"])
        ys_all += ys
        ax.scatter(xs, ys, s=18, alpha=0.6, marker=markers[i % len(markers)], label=f"{name} ({len(ys)} samples)")
        wx = number((t.get("at") or {}).get(axis)) if axis else None
        wy = number(t.get("extreme"))
        if wy is not None and math.isfinite(wy) and abs(wy) <= OFF_SCALE:
            wy *= scale
            ys_all.append(wy)
            if wx is None:      # on the index axis the worst case is the sample that attains the extreme
                hit = [j + 1 for j, s in enumerate(t["samples"]) if number(s.get("ratio")) is not None
                       and abs(scale * number(s["ratio"]) - wy) <= 1e-9 * max(1.0, abs(wy))]
                wx = hit[0] if hit else None
            if wx is not None:
                ax.scatter([wx], [wy], s=220, marker="*", color="red", edgecolor="black", zorder=5,
                           label=f"worst case ({name}): {wy:.6g}")
                rows.append([name, wx, wy, "worst case"])
    regions = certified_regions(certified, axis) if certified and axis else []
    for status in ("certified", "undecided", "violated"):
        spans = [(lo, hi) for lo, hi, st in regions if st == status]
        for j, (lo, hi) in enumerate(spans):
            ax.axvspan(lo, hi, color=BOX_COLOURS[status], alpha=0.18, lw=0,
                       label=f"certified tier: {status}" if j == 0 else None)
            rows.append([f"certified tier: {status}", lo, hi, "region (x from, x to)"])
    if decay:
        ax.axhline(1.0, color="green", ls="--", lw=1, label="stated rate: slope 1")
        ax.axhline(DECAY_ACCEPT, color="black", ls=":", lw=1, label=f"acceptance: slope $\\geq$ {DECAY_ACCEPT}")
        ylabel = r"fitted slope of $\log|\mathrm{error}|$ vs $\log(\mathrm{rate})$"
        title = f"{rec['id']} ({rec['tag']}): fitted decay exponent across the domain"
    else:
        ax.axhline(1.0, color="black", ls="--", lw=1, label="bound attained (ratio 1)")
        ylabel = r"bound / actual $= \mathrm{rhs}/\mathrm{lhs}$"
        title = f"{rec['id']} ({rec['tag']}): tightness across the domain"
    if ys_all and _log_axis(ys_all + [1.0]):
        ax.set_yscale("log")
    if axis:
        xs_all = [number(s["at"].get(axis)) for s in all_samples]
        if _log_axis(xs_all):
            ax.set_xscale("log")
        ax.set_xlabel(f"{tex_name(axis)} (sampled parameter)")
    else:
        ax.set_xlabel("sample index (the sampled parameters are categorical or fixed)")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    fig.legend(fontsize=7, loc="outside lower center", ncol=2)     # below the axes: no point hidden
    what = ("The fitted decay slope (0.95 times the recorded ratio of the statement slope >= 19/20)" if decay
            else "Bound over actual (the statement's right side over its left side; 1: attained)")
    caption = (f"{what} against "
               + (f"{axis}, the sampled parameter that takes the most distinct values" if axis else
                  "the sample index (no numeric parameter varies)")
               + ", one point per recorded Hypothesis example (the first 200 of each search). "
               + "The red star is the search's tightest case (after targeting and shrinking)."
               + (" Shaded: where the certified tier's boxes along this parameter are all certified (green), hold an "
                  "undecided box (grey) or a violated one (red)." if regions else "")
               + (f" {dropped} sample(s) non-finite or beyond {OFF_SCALE:.0e} not drawn." if dropped else ""))
    return fig, caption, (["series", axis or "sample index", "y", "role"], rows)


def fit_band(fit: dict, grid: list[float], z: float = 1.96) -> tuple[list, list, list] | None:
    """The fitted line ``constant · x^exponent`` on ``grid`` and its pointwise confidence band.

    The band's shape is the covariance of ``(log constant, exponent)`` of the weighted log-log least squares on
    ``(x, y, se)`` (``σ_log = se/y``); its width is scaled so that at the exponent it matches the recorded
    ``exponent_ci`` (the fit's own level, t quantile and pooling), or ``z`` standard errors inflated by
    ``χ²/dof > 1`` when no interval is recorded.  ``None`` without a usable fit."""
    pts = [(number(x), number(y), number(e)) for x, y, e in zip(fit.get("x", []), fit.get("y", []), fit.get("se", []))]
    pts = [(x, y, e) for x, y, e in pts if x and y and e and x > 0 and y > 0 and e > 0]
    b, c = number(fit.get("exponent")), number(fit.get("constant"))
    if len(pts) < 3 or b is None or c is None or c <= 0:
        return None
    w = [(y / e) ** 2 for _, y, e in pts]
    lx = [math.log(x) for x, _, _ in pts]
    s0, s1, s2 = sum(w), sum(wi * u for wi, u in zip(w, lx)), sum(wi * u * u for wi, u in zip(w, lx))
    det = s0 * s2 - s1 * s1
    if det <= 0:
        return None
    v00, v01, v11 = s2 / det, -s1 / det, s0 / det
    ci = [number(v) for v in fit.get("exponent_ci") or []]
    if len(ci) == 2 and None not in ci and ci[1] > ci[0]:
        scale = (ci[1] - ci[0]) / 2 / math.sqrt(v11)
    else:
        scale = z * math.sqrt(max(1.0, number(fit.get("chi2_dof")) or 1.0))
    line, lo, hi = [], [], []
    for g in grid:
        u = math.log(g)
        mid = math.log(c) + b * u
        half = scale * math.sqrt(max(v00 + 2 * v01 * u + v11 * u * u, 0.0))
        line.append(math.exp(mid))
        lo.append(math.exp(mid - half))
        hi.append(math.exp(mid + half))
    return line, lo, hi


def band_level(fit: dict) -> str:
    """The confidence level of :func:`fit_band`'s band (a recorded ``level`` is the interval's tail probability)."""
    level = number(fit.get("level"))
    if not fit.get("exponent_ci"):
        return "95 %"
    return f"{100 * (1 - level):.6g} %" if level is not None and 0 < level < 1 else "recorded-interval"


def _geomgrid(lo: float, hi: float, n: int = 60) -> list[float]:
    return [lo * (hi / lo) ** (j / (n - 1)) for j in range(n)]


def loglog_figure(rec: dict, blocks: list[dict], fits: list[tuple[str, dict]] = ()) -> tuple[Figure, str, tuple]:
    """Error against the large parameter (log-log): the statistical fits with error bars and confidence bands
    (``fits``: ``(label, data["fit"])``), else the recorded series with their fitted exponents; the stated
    exponent beside them."""
    fig = new_figure(7.5, 5.6)
    ax = fig.add_subplot()
    stated = next((b.get("stated_exponent") for b in blocks if b.get("stated_exponent") is not None), None)
    fitted, anchor, rows, widths = [], None, [], []
    for label, fit in fits:
        pts = [(number(x), number(y), number(e)) for x, y, e in zip(fit["x"], fit["y"], fit.get("se") or [0] * len(fit["x"]))]
        pts = [p for p in pts if p[0] and p[1] and p[0] > 0 and p[1] > 0]
        if not pts:
            continue
        xs, ys, es = ([p[i] or 0.0 for p in pts] for i in range(3))
        widths.append(len(xs))
        b = number(fit.get("exponent"))
        ci = [number(v) for v in fit.get("exponent_ci") or []]
        name = label + (f": exponent {b:+.3f}" if b is not None else "") + \
            (f" [{ci[0]:+.3f}, {ci[1]:+.3f}]" if len(ci) == 2 and None not in ci else "")
        line = ax.errorbar(xs, ys, yerr=[[min(e, y * 0.999) for e, y in zip(es, ys)], es], marker="o", ms=5,
                           ls="none", capsize=3, label=name + " (± 1 s.e. over seeds)")
        grid = _geomgrid(min(xs), max(xs))
        band = fit_band(fit, grid)
        colour = line[0].get_color()
        if band:
            mid, lo, hi = band
            ax.plot(grid, mid, color=colour, lw=1.2)
            ax.fill_between(grid, lo, hi, color=colour, alpha=0.18, lw=0,
                            label=f"{band_level(fit)} confidence band of the fit")
            rows += [[label, g, "", "", m, l, h] for g, m, l, h in zip(grid, mid, lo, hi)]
            fitted.append(b)
        rows += [[label, x, y, e, "", "", ""] for x, y, e in zip(xs, ys, es)]
        anchor = anchor or (sum(map(math.log, xs)) / len(xs), sum(map(math.log, ys)) / len(ys), min(xs), max(xs))
    for blk in (blocks if not fits else ()):
        for s in blk.get("series", []):
            pts = [(number(x), number(y), number(e) if e is not None else None)
                   for x, y, e in zip(s["x"], s["y"], s.get("yerr") or [None] * len(s["x"]))]
            pts = [p for p in pts if p[0] and p[1] and p[0] > 0 and p[1] > 0]
            if not pts:
                continue
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            err = [p[2] or 0.0 for p in pts]
            widths.append(len(xs))
            fit = number(s.get("fitted_exponent"))
            name = s.get("label", "") + (f": fitted exponent {fit:+.2f}" if fit is not None else "")
            line = ax.errorbar(xs, ys, yerr=[[min(e, y * 0.999) for e, y in zip(err, ys)], err] if any(err) else None,
                               marker="o", ms=5, ls="none" if fit is not None else "-", lw=0.8, capsize=3, label=name)
            rows += [[s.get("label", ""), x, y, e, "", "", ""] for x, y, e in zip(xs, ys, err)]
            lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
            cx, cy = sum(lx) / len(lx), sum(ly) / len(ly)
            anchor = anchor or (cx, cy, min(xs), max(xs))
            if fit is not None and math.isfinite(fit):
                fitted.append(fit)
                gx = [min(xs), max(xs)]
                ax.plot(gx, [math.exp(cy + fit * (math.log(g) - cx)) for g in gx], color=line[0].get_color(), lw=1)
    if stated is not None and anchor:
        cx, cy, lo, hi = anchor
        ax.plot([lo, hi], [math.exp(cy + stated * (math.log(g) - cx)) for g in (lo, hi)], color="black", ls="--",
                lw=1.5, label=f"stated exponent {stated:+.2f}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    x_label = blocks[0].get("x_label", "large parameter") if blocks else "large parameter"
    ax.set_xlabel(f"{x_label} (log scale)")
    ax.set_ylabel(f"{blocks[0].get('y_label', 'error') if blocks else 'error'} (log scale)")
    rate = f"stated {stated:+.2f}" if stated is not None else "stated o(1), no rate"
    got = f"fitted {min(fitted):+.2f} .. {max(fitted):+.2f}" if fitted else "no fit recorded"
    ax.set_title(f"{rec['id']} ({rec['tag']}): error vs {x_label}\n{got}; {rate}", fontsize=10)
    ax.grid(alpha=0.3, which="both")
    fig.legend(fontsize=7, loc="outside lower center", ncol=2)     # below the axes: no point hidden
    few = min(widths) if widths else 0
    caption = ((f"Error against {x_label} on logarithmic axes: mean over seeds with one standard error; solid: "
                "the weighted fit constant·x^exponent (exponent with its recorded confidence interval in the legend), "
                "shaded: its pointwise confidence band at the level of that interval" if fits else
                f"Error against {x_label} on logarithmic axes; solid lines: least-squares fits with the fitted "
                "exponent in the legend")
               + ("; dashed: the stated exponent through the first series' centroid." if stated is not None else
                  " (the claim states o(1) with no rate).")
               + (f" Only {few} values of the large parameter in some series." if 0 < few < 4 else ""))
    return fig, caption, (["series", "x", "y", "se", "fit", "band_lo", "band_hi"], rows)


def spectrum_figure(rec: dict, specs: list[dict]) -> tuple[Figure, str, tuple]:
    """FIM eigenvalues by rank with the predicted outlier and bulk levels, one panel per configuration."""
    fig = new_figure(max(7.5, 5.0 * len(specs)), 4.8)
    rows = []
    for i, sp_ in enumerate(specs):
        ax = fig.add_subplot(1, len(specs), i + 1)
        ev = [number(v) for v in sp_["eigenvalues"]]
        ranks = [j + 1 for j, v in enumerate(ev) if v and v > 0]
        vals = [v for v in ev if v and v > 0]
        C = int(sp_["C"])
        rows += [[sp_["config"], r, v] for r, v in zip(ranks, vals)]
        ax.scatter(ranks[:C], vals[:C], s=22, color="tab:red", label=f"top {C} eigenvalues (outliers)")
        ax.scatter(ranks[C:], vals[C:], s=6, color="tab:blue", label="remaining eigenvalues (bulk)")
        ax.axhline(number(sp_["outlier_predicted"]), color="tab:red", ls="--",
                   label=f"predicted outlier level {number(sp_['outlier_predicted']):.4g}")
        ax.axhline(number(sp_["bulk_predicted"]), color="tab:blue", ls="--",
                   label=f"predicted bulk level {number(sp_['bulk_predicted']):.4g}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("eigenvalue rank (log scale)")
        ax.set_ylabel(r"eigenvalue of $F^*$")
        ax.set_title(f"config {sp_['config']}: $M$ = {sp_['M']}, $C$ = {C}, $T$ = {sp_['T']}", fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="lower left")
    fig.suptitle(f"{rec['id']}: FIM spectrum of one simulated network against the predicted outliers and bulk",
                 fontsize=10)
    caption = ("FIM eigenvalues against their rank. Eigenvalues of the dual FIM F* (same nonzero spectrum as F) "
               "of the first network of the sweep at its "
               "largest width, by rank; dashed: the predicted levels of the C outliers and of the bulk.")
    return fig, caption, (["config", "rank", "eigenvalue"], rows)


def coverage_figure(rec: dict, data: dict) -> tuple[Figure, str, tuple]:
    """One certificate's partition (titled with its reduction's label where it is one): each box in the first two
    parameters (one parameter: boxes as intervals), coloured by status, worst on top; the counterexample and the
    point of smallest slack marked."""
    from matplotlib.patches import Patch, Rectangle
    params = data.get("params") or []
    boxes = [b for b in data.get("boxes") or [] if len(b.get("lo", [])) == len(params)]
    fig = new_figure(8.0, 5.2)
    ax = fig.add_subplot()
    two = len(params) >= 2
    rows = []
    for b in sorted(boxes, key=lambda b: _WORSE.get(b.get("status"), 0)):
        lo, hi = [number(v) for v in b["lo"]], [number(v) for v in b["hi"]]
        y0, y1 = (lo[1], hi[1]) if two else (0.0, 1.0)
        ax.add_patch(Rectangle((lo[0], y0), hi[0] - lo[0], y1 - y0, facecolor=BOX_COLOURS.get(b.get("status"), "0.9"),
                               edgecolor="0.25", lw=0.3, alpha=0.85))
        rows.append([*b["lo"], *b["hi"], b.get("status"), b.get("method"), b.get("slack_lo")])
    dom = data.get("domain") or {}
    dlo, dhi = [number(v) for v in dom.get("lo", [])], [number(v) for v in dom.get("hi", [])]
    if len(dlo) == len(params) and len(dhi) == len(params) and params:
        ax.set_xlim(dlo[0], dhi[0])
        ax.set_ylim(*((dlo[1], dhi[1]) if two else (0, 1)))
    marks = []
    for key, style, what in (("counterexample", dict(marker="X", s=120, color="black"), "certified counterexample"),
                             ("tightest", dict(marker="*", s=160, color="gold", edgecolor="black"), "smallest slack")):
        pt = data.get(key)
        if isinstance(pt, dict) and params and params[0] in pt and (not two or params[1] in pt):
            x, y = number(pt[params[0]]), (number(pt[params[1]]) if two else 0.5)
            if x is not None and y is not None:
                ax.scatter([x], [y], zorder=5, label=what, **style)
                marks.append(what)
    handles = [Patch(facecolor=BOX_COLOURS[s], edgecolor="0.25", label=s) for s in ("certified", "undecided", "violated")]
    fig.legend(handles=handles + ax.get_legend_handles_labels()[0], fontsize=7, loc="outside right center")
    ax.set_xlabel(tex_name(params[0]) if params else "")
    ax.set_ylabel(tex_name(params[1]) if two else "")
    if not two:
        ax.set_yticks([])
    extra = f"; projection onto ({params[0]}, {params[1]}) of {len(params)} parameters" if len(params) > 2 else ""
    of = f" ({data['reduction']})" if data.get("reduction") else ""
    ax.set_title(f"{rec['id']}{of}: certified coverage {data.get('coverage', '?')} of the domain "
                 f"({len(boxes)} boxes)", fontsize=10)
    plane = f"({params[0]}, {params[1]})" if two else (params[0] if params else "the domain")
    caption = (f"The certified tier's partition of the domain into {len(boxes)} boxes (the leaves of its branch and "
               f"bound), drawn in {plane}: green boxes certified (interval arithmetic), grey "
               "undecided, red violated" + extra + ". " + (f"Marked: {', '.join(marks)}. " if marks else "")
               + (f"Undecided: {data['undecided_summary']}." if data.get("undecided_summary") else ""))
    header = [f"{p}_lo" for p in params] + [f"{p}_hi" for p in params] + ["status", "method", "slack_lo"]
    return fig, caption, (header, rows)


def certificates(ev: list) -> list[dict]:
    """The certified records that hold a certificate (a partition into boxes), in their order."""
    return [e for e in ev if e["tier"] == "certified" and isinstance((e.get("data") or {}).get("boxes"), list)]


def _is_decay(ev: dict) -> bool:
    return ev.get("tolerance", "").startswith("fitted slope of log|error|")


def claim_figures(rec: dict, fig_dir, stem: str, save) -> list[dict]:
    """Draw the figures a claim's evidence supports; returns ``[{kind, file, files, caption}]`` (paths relative
    to the report root; ``file`` is the SVG)."""
    out = []
    evidence = rec.get("evidence", [])
    certs = [ev["data"] for ev in certificates(evidence)]
    certified = certs[0] if certs else None       # the tightness figure shades the first certificate's regions
    bounds, decays = [], []
    for i, ev in enumerate(evidence):
        t = ev.get("tightness") or {}
        samples = t.get("samples")
        if isinstance(samples, list) and samples and all(isinstance(s, dict) and "ratio" in s and
                                                         isinstance(s.get("at"), dict) for s in samples) \
                and str(t.get("measure", "")).startswith("rhs/lhs") and rec.get("kind") not in IDENTITIES \
                and varying(samples):
            (decays if _is_decay(ev) else bounds).append((_label(ev, i + 1), t))
    for kind, series, decay in (("tightness", bounds, False), ("decay", decays, True)):
        if series:
            out.append(_save(fig_dir, stem, kind, *tightness_figure(rec, series, decay, certified), save))
    blocks = [ev["data"]["loglog"] for ev in evidence if isinstance((ev.get("data") or {}).get("loglog"), dict)]
    fits = [(f.get("label") or _label(ev, i + 1), f) for i, ev in enumerate(evidence)
            if isinstance((ev.get("data") or {}).get("fit"), dict)
            for f in (ev["data"]["fit"].get("series") or [ev["data"]["fit"]]) if isinstance(f, dict) and f.get("x")]
    if blocks or fits:
        out.append(_save(fig_dir, stem, "asymptotic", *loglog_figure(rec, blocks, fits), save))
    specs = [ev["data"]["spectrum"] for ev in evidence if isinstance((ev.get("data") or {}).get("spectrum"), dict)]
    if specs:
        out.append(_save(fig_dir, stem, "spectrum", *spectrum_figure(rec, specs), save))
    for k, data in enumerate(d for d in certs if d.get("params")):     # one per certificate: coverage, coverage_2, ...
        out.append(_save(fig_dir, stem, "coverage" + (f"_{k + 1}" if k else ""), *coverage_figure(rec, data), save))
    return out


def _save(fig_dir, stem, kind, fig, caption, table, save) -> dict:
    files = write_figure(fig_dir, f"{stem}.{kind}", fig, table, save, caption)
    return {"kind": kind, "file": files[0], "files": files, "caption": caption}
