"""Per-claim figures, drawn from the evidence records only (matplotlib, Agg, one ``Figure`` per plot, no pyplot).

- **tightness** (every bound with recorded property-search samples): bound/actual (``rhs/lhs``) of each sample
  against the sampled parameter that takes the most distinct values (ties: the widest log-span), or against the
  sample index when no numeric parameter varies; 1 = the bound is attained; the search's tightest case is starred.
  For the decay searches of asymptotic claims the sample is the fitted decay slope of the error against the stated
  rate (``slope = 0.95 rhs/lhs``), drawn beside the stated slope 1 and the acceptance line 0.95.
- **asymptotic** (evidence ``data["loglog"]``): the error against the large parameter on log-log axes, each series
  with its least-squares line and fitted exponent, beside a line of the stated exponent.
- **spectrum** (evidence ``data["spectrum"]``): a simulated network's FIM eigenvalues by rank against the predicted
  outlier level (the top ``C``) and bulk level (the rest).
"""
from __future__ import annotations

import io
import math
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402  (after selecting the backend)

DPI = 100
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


def new_figure(width: float, height: float = 4.6, top: float = 0.88) -> Figure:
    """A figure with fixed margins wide enough for the axis labels and a two-line title."""
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=1.0 / width, right=1 - 0.25 / width, bottom=0.55 / height, top=top, wspace=0.3)
    return fig


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    # fixed margins (``new_figure``): a tight bbox costs a second draw; zlib level 1: a fifth of the time of 6
    fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def _label(ev: dict, i: int) -> str:
    """A series name: the label the check put before its summary (``"tiny networks: held on ..."``)."""
    s = ev.get("summary", "")
    for cut in ("held on", "violated at", "apparent violation"):
        j = s.find(cut)
        if j > 0:
            return s[:j].strip(" :")
    return "search over the full domain" if s.startswith("held on") else f"{ev['tier'].replace('_', ' ')} evidence {i}"


def choose_axis(samples: list[dict]) -> str | None:
    """The numeric parameter with the most distinct sampled values (ties: widest log-span); ``None`` if none varies."""
    best, key = None, (1, 0.0)
    names = sorted({k for s in samples for k in (s.get("at") or {})})
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


def tightness_figure(rec: dict, series: list[tuple[str, dict]], decay: bool) -> tuple[Figure, str]:
    """The tightness scatter of a claim's bound-type evidence; returns the figure and the page caption."""
    all_samples = [s for _, t in series for s in t["samples"]]
    axis = choose_axis(all_samples)
    fig = new_figure(7.5)
    ax = fig.add_subplot()
    scale = DECAY_ACCEPT if decay else 1.0
    ys_all, dropped = [], 0
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
    if decay:
        ax.axhline(1.0, color="green", ls="--", lw=1, label="stated rate: slope 1")
        ax.axhline(DECAY_ACCEPT, color="black", ls=":", lw=1, label=f"acceptance: slope >= {DECAY_ACCEPT}")
        ylabel = "fitted slope of log|error| vs log(rate) (dimensionless)"
        title = f"{rec['id']} ({rec['tag']}): fitted decay exponent across the domain"
    else:
        ax.axhline(1.0, color="black", ls="--", lw=1, label="bound attained (ratio 1)")
        ylabel = "bound / actual = rhs / lhs (dimensionless)"
        title = f"{rec['id']} ({rec['tag']}): tightness across the domain"
    if ys_all and _log_axis(ys_all + [1.0]):
        ax.set_yscale("log")
    if axis:
        xs_all = [number(s["at"].get(axis)) for s in all_samples]
        if _log_axis(xs_all):
            ax.set_xscale("log")
        ax.set_xlabel(f"{axis} (sampled parameter; dimensionless)")
    else:
        ax.set_xlabel("sample index (the sampled parameters are categorical or fixed)")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    what = ("the fitted decay slope (0.95 x the recorded ratio rhs/lhs of the statement `slope >= 19/20`)" if decay
            else "bound/actual (`rhs/lhs`)")
    caption = (f"Each point is one recorded Hypothesis example (the first 200 of each search), y = {what}; "
               + (f"x = `{axis}`, the sampled parameter that takes the most distinct values. " if axis else
                  "x = sample index, since no numeric parameter varies. ")
               + "The red star is the search's tightest case (after targeting and shrinking)."
               + (f" {dropped} sample(s) non-finite or beyond {OFF_SCALE:.0e} not drawn." if dropped else ""))
    return fig, caption


def loglog_figure(rec: dict, blocks: list[dict]) -> tuple[Figure, str]:
    """Error against the large parameter (log-log), fitted exponents beside the stated one."""
    fig = new_figure(7.5)
    ax = fig.add_subplot()
    stated = next((b.get("stated_exponent") for b in blocks if b.get("stated_exponent") is not None), None)
    fits, anchor = [], None
    for b in blocks:
        for s in b.get("series", []):
            pts = [(number(x), number(y), number(e) if e is not None else None)
                   for x, y, e in zip(s["x"], s["y"], s.get("yerr") or [None] * len(s["x"]))]
            pts = [p for p in pts if p[0] and p[1] and p[0] > 0 and p[1] > 0]
            if not pts:
                continue
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            err = [p[2] or 0.0 for p in pts]
            fit = number(s.get("fitted_exponent"))
            name = s.get("label", "") + (f": fitted exponent {fit:+.2f}" if fit is not None else "")
            line = ax.errorbar(xs, ys, yerr=[[min(e, y * 0.999) for e, y in zip(err, ys)], err] if any(err) else None,
                               marker="o", ms=5, ls="none" if fit is not None else "-", lw=0.8, capsize=3, label=name)
            lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
            cx, cy = sum(lx) / len(lx), sum(ly) / len(ly)
            anchor = anchor or (cx, cy, min(xs), max(xs))
            if fit is not None and math.isfinite(fit):
                fits.append(fit)
                gx = [min(xs), max(xs)]
                ax.plot(gx, [math.exp(cy + fit * (math.log(g) - cx)) for g in gx], color=line[0].get_color(), lw=1)
    if stated is not None and anchor:
        cx, cy, lo, hi = anchor
        ax.plot([lo, hi], [math.exp(cy + stated * (math.log(g) - cx)) for g in (lo, hi)], color="black", ls="--",
                lw=1.5, label=f"stated exponent {stated:+.2f}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"{blocks[0].get('x_label', 'large parameter')} (log scale)")
    ax.set_ylabel(f"{blocks[0].get('y_label', 'error')} (dimensionless)")
    rate = f"stated {stated:+.2f}" if stated is not None else "stated o(1), no rate"
    got = f"fitted {min(fits):+.2f} .. {max(fits):+.2f}" if fits else "no fit recorded"
    ax.set_title(f"{rec['id']} ({rec['tag']}): error vs {blocks[0].get('x_label', 'large parameter')}\n{got}; {rate}",
                 fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    caption = ("Error against the large parameter on log-log axes; solid lines: least-squares fits with the fitted "
               "exponent in the legend; dashed: the stated exponent through the first series' centroid."
               if stated is not None else
               "Error against the large parameter on log-log axes (the claim states o(1) with no rate).")
    return fig, caption


def spectrum_figure(rec: dict, specs: list[dict]) -> tuple[Figure, str]:
    """FIM eigenvalues by rank with the predicted outlier and bulk levels, one panel per configuration."""
    fig = new_figure(max(7.5, 5.0 * len(specs)), 4.8, top=0.84)
    for i, sp_ in enumerate(specs):
        ax = fig.add_subplot(1, len(specs), i + 1)
        ev = [number(v) for v in sp_["eigenvalues"]]
        ranks = [j + 1 for j, v in enumerate(ev) if v and v > 0]
        vals = [v for v in ev if v and v > 0]
        C = int(sp_["C"])
        ax.scatter(ranks[:C], vals[:C], s=22, color="tab:red", label=f"top {C} eigenvalues (outliers)")
        ax.scatter(ranks[C:], vals[C:], s=6, color="tab:blue", label="remaining eigenvalues (bulk)")
        ax.axhline(number(sp_["outlier_predicted"]), color="tab:red", ls="--",
                   label=f"predicted outlier level {number(sp_['outlier_predicted']):.4g}")
        ax.axhline(number(sp_["bulk_predicted"]), color="tab:blue", ls="--",
                   label=f"predicted bulk level {number(sp_['bulk_predicted']):.4g}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("eigenvalue rank (log scale)")
        ax.set_ylabel("eigenvalue of F* (dimensionless)")
        ax.set_title(f"config {sp_['config']}: M = {sp_['M']}, C = {C}, T = {sp_['T']}", fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="lower left")
    fig.suptitle(f"{rec['id']}: FIM spectrum of one simulated network\nagainst the predicted outliers and bulk",
                 fontsize=10)
    caption = ("Eigenvalues of the dual FIM F* (same nonzero spectrum as F) of the first network of the sweep at its "
               "largest width, by rank; dashed: the predicted levels of the C outliers and of the bulk.")
    return fig, caption


def _is_decay(ev: dict) -> bool:
    return ev.get("tolerance", "").startswith("fitted slope of log|error|")


def claim_figures(rec: dict, fig_dir, stem: str, save) -> list[dict]:
    """Draw the figures a claim's evidence supports; returns ``[{kind, file, caption}]`` (``file`` relative to the
    report root)."""
    out = []
    evidence = rec.get("evidence", [])
    bounds, decays = [], []
    for i, ev in enumerate(evidence):
        t = ev.get("tightness") or {}
        samples = t.get("samples")
        if isinstance(samples, list) and samples and all(isinstance(s, dict) and "ratio" in s and
                                                         isinstance(s.get("at"), dict) for s in samples) \
                and str(t.get("measure", "")).startswith("rhs/lhs"):
            (decays if _is_decay(ev) else bounds).append((_label(ev, i + 1), t))
    for kind, series, decay in (("tightness", bounds, False), ("decay", decays, True)):
        if series:
            out.append(_save(fig_dir, stem, kind, *tightness_figure(rec, series, decay), save))
    blocks = [ev["data"]["loglog"] for ev in evidence if isinstance((ev.get("data") or {}).get("loglog"), dict)]
    if blocks:
        out.append(_save(fig_dir, stem, "asymptotic", *loglog_figure(rec, blocks), save))
    specs = [ev["data"]["spectrum"] for ev in evidence if isinstance((ev.get("data") or {}).get("spectrum"), dict)]
    if specs:
        out.append(_save(fig_dir, stem, "spectrum", *spectrum_figure(rec, specs), save))
    return out


def _save(fig_dir, stem, kind, fig, caption, save) -> dict:
    name = f"{stem}.{kind}.png"
    save(fig_dir / name, png(fig))
    return {"kind": kind, "file": f"figures/{name}", "caption": caption}
