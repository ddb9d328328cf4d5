"""``phase.md``: phase diagrams in (c, ρ) at several T from the sweep data, and c_A(T) against its asymptote.

c_A(T) (S20; the sweep does not store it) is computed here: the boundary of the ρ → 0 face,
``ES_k(A'_T) = τ`` for the geometric spectrum with ``η = 1/λ_1``, by ``verify.ribbon.population.c_A`` at 15
digits and ``d = 10⁴`` (effectively infinite: the spec's reference values agree for ``d = 100`` and ``10⁴``),
about 0.6 s per (k, τ); the asymptote ``[ln(T+1) + ln(1/u*)]/k`` uses ``population.u_star``.
"""
from __future__ import annotations

import functools
import math

from .figures import Figure, new_figure, number, png
from .sweeps import load_sweeps

#: (k, tau) of the c_A(T) figure: the reference criterion (2, 0.9) and its neighbours in k
CA_CASES = ((1, "9/10"), (2, "9/10"), (3, "9/10"))
CA_T = (0, 1, 3, 10, 30, 100, 300, 1000, 3000, 10**4, 10**5, 10**6)
CA_D, CA_DPS = 10**4, 15


@functools.lru_cache(maxsize=1)
def ca_curves() -> tuple:
    """``({k, tau, T: [...], c_A: [...], asymptote: [...]}, ...)`` for :data:`CA_CASES` (deterministic, ~2 s)."""
    from ..ribbon import population as pop
    out = []
    for k, tau in CA_CASES:
        u = float(pop.u_star(k, tau, CA_DPS))
        out.append({"k": k, "tau": tau, "T": list(CA_T),
                    "c_A": [float(pop.c_A(T, k, tau, CA_D, CA_DPS)) for T in CA_T],
                    "asymptote": [(math.log(T + 1) + math.log(1 / u)) / k for T in CA_T]})
    return tuple(out)


def ca_figure(curves: list[dict], source: str) -> bytes:
    """Left: c_A(T) and its asymptote; right: their gap (o(1) by S20)."""
    fig = new_figure(11, 4.6, top=0.86)
    ax, gap = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    for cv in curves:
        x = [T + 1 for T in cv["T"]]
        line = ax.plot(x, cv["c_A"], marker="o", ms=4, label=f"c_A(T), k = {cv['k']}, tau = {cv['tau']}")
        ax.plot(x, cv["asymptote"], ls="--", color=line[0].get_color(),
                label=f"asymptote [ln(T+1) + ln(1/u*)]/{cv['k']}")
        gap.plot(x, [abs(a - b) for a, b in zip(cv["c_A"], cv["asymptote"])], marker="o", ms=4,
                 color=line[0].get_color(), label=f"k = {cv['k']}, tau = {cv['tau']}")
    for a in (ax, gap):
        a.set_xscale("log")
        a.set_xlabel("T + 1 (gradient-descent steps + 1; log scale)")
        a.grid(alpha=0.3)
    gap.set_yscale("log")
    ax.set_ylabel("c: spectral decay rate (dimensionless)")
    gap.set_ylabel("|c_A(T) - asymptote| (dimensionless; log scale)")
    ax.set_title("c_A(T) on the rho -> 0 face against its asymptote", fontsize=10)
    gap.set_title("gap to the asymptote (o(1) as T -> infinity)", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
    gap.legend(fontsize=7, loc="upper right")
    fig.suptitle(f"S20: ribbon boundary c_A(T) ({source})", fontsize=10)
    return png(fig)


def _c_a(panel) -> float | None:
    """c_A(T) of the panel's family (S20 needs eta = 1/lambda_1), by ``population.c_A`` at the sweep's d."""
    if panel.get("eta_lam1") != 1 or not panel.get("k") or panel.get("tau") is None or not panel.get("d"):
        return None
    from ..ribbon import population as pop
    return float(pop.c_A(int(panel["T"]), int(panel["k"]), str(panel["tau"]), int(panel["d"]), CA_DPS))


def phase_figure(panel: dict, c_a: float | None) -> Figure:
    """Certified regions (grid points), exact rho* with its certified bracket, simulated boundaries with error bars."""
    fig = new_figure(11.0, 5.4, top=0.9)
    ax = fig.add_subplot()
    pts, bnd = panel["points"], panel["boundary"]
    rhos = [p["rho"] for p in pts if 0 < p["rho"] < math.inf] + \
        [v for b in bnd for v in (b["rho_star"], b["rho_lo"], b["rho_hi"]) if v and 0 < v < math.inf]
    lo, hi = (min(rhos) / 2, max(rhos) * 2) if rhos else (0.1, 10)
    cs = sorted({p["c"] for p in pts} | {b["c"] for b in bnd})
    dc = 0.012 * ((cs[-1] - cs[0]) or 1)
    styles = {"ribbon": ("tab:green", "certified ribbon (S26a)"), "no_ribbon": ("tab:red", "certified no ribbon (S26b)"),
              None: ("lightgrey", "not certified")}
    for cert, (color, label) in styles.items():
        sel = [p for p in pts if p["cert"] == cert]
        if sel:
            ax.scatter([p["c"] for p in sel], [p["rho"] for p in sel], s=160, marker="s", color=color, alpha=0.45,
                       linewidths=0, label=label)
    tau = number(panel.get("tau"))
    true = [p for p in pts if tau is not None and p["es"] is not None and p["es"] >= tau]
    if true:
        ax.scatter([p["c"] for p in true], [p["rho"] for p in true], s=12, color="black",
                   label="exact ES_k(S_inf) >= tau (ribbon)")
    for key, style, label in (("rho_star", dict(color="black", lw=2), "exact rho* (ES_k(S_inf) = tau)"),
                              ("rho_lo", dict(color="tab:red", ls="--", lw=1), "rho_lo: certified no ribbon below"),
                              ("rho_hi", dict(color="tab:green", ls="--", lw=1), "rho_hi: certified ribbon above"),
                              ("no_ribbon_above", dict(color="tab:red", ls=":", lw=1.5), "certified no ribbon above")):
        xy = [(b["c"], b[key]) for b in bnd if b.get(key) is not None and 0 < b[key] < math.inf]
        if xy:
            ax.plot([x for x, _ in xy], [y for _, y in xy], marker=".", label=label, **style)
    for phase, y, marker, label in (("I", lo, "v", "phase I: ribbon for every rho (rho* = 0)"),
                                    ("III", hi, "^", "phase III: no crossing (rho* = inf)")):
        sel = [b["c"] for b in bnd if b.get("phase") == phase]
        if sel:
            ax.scatter(sel, [y] * len(sel), marker=marker, s=70, color="black", label=label, clip_on=False, zorder=4)
    sims = [("Gaussian", [b["gaussian"] for b in bnd], "o", "tab:purple", 0.0)]
    scales = sorted({s["scale"] for b in bnd for s in b["bernoulli"]}, key=lambda v: number(v) or 0)
    sims += [(f"Bernoulli, logit scale {sc}", [next((s for s in b["bernoulli"] if s["scale"] == sc), None) for b in bnd],
              "D^v<>"[i % 5], f"C{i + 4}", (i + 1) * dc) for i, sc in enumerate(scales)]
    for name, blocks, marker, color, off in sims:
        xy = [(b["c"] + off, s["mean"], s["se"]) for b, s in zip(bnd, blocks)
              if s and s["mean"] is not None and 0 < s["mean"] < math.inf]
        if xy:
            M = next(s["M"] for s in blocks if s)
            ax.errorbar([x for x, _, _ in xy], [y for _, y, _ in xy], yerr=[e for _, _, e in xy], fmt=marker, ms=5,
                        color=color, capsize=3, label=f"simulated boundary, {name}, M = {M} (+- 1 s.e.)")
    if c_a is not None:
        ax.axvline(c_a, color="tab:blue", ls="-.", lw=1, label=f"c_A(T) = {c_a:.3f} (rho -> 0 face, S20)")
    ax.set_yscale("log")
    ax.set_ylim(lo, hi)
    ax.set_xlabel("c: spectral decay rate, lambda_j = exp(-c (j-1)) (dimensionless)")
    ax.set_ylabel("rho = ||X W*|| / sqrt(E||X W_0||^2): teacher signal / initialisation (dimensionless; log scale)")
    ax.set_title(f"Hyper-ribbon phase diagram at T = {panel['T']}: ES_k >= tau with k = {panel['k']}, "
                 f"tau = {panel['tau']}\n(geometric spectrum, d = {panel['d']}, eta lambda_1 = {panel['eta_lam1']})",
                 fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=6.5, loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.subplots_adjust(right=0.6)
    return fig


def bracket_figure(panels: list[dict]) -> Figure | None:
    """rho_lo, rho*, rho_hi against T for each c (log-log; spec S27 "Tightness"); ``None`` with fewer than 2 T."""
    if len({p["T"] for p in panels}) < 2:
        return None
    fig = new_figure(7.5, 4.8)
    ax = fig.add_subplot()
    cs = sorted({b["c"] for p in panels for b in p["boundary"]})
    for i, c in enumerate(cs):
        for key, ls in (("rho_star", "-"), ("rho_lo", "--"), ("rho_hi", ":")):
            xy = sorted((p["T"], b[key]) for p in panels for b in p["boundary"]
                        if b["c"] == c and b.get(key) and 0 < b[key] < math.inf)
            if xy:
                ax.plot([x for x, _ in xy], [y for _, y in xy], ls=ls, marker="o", ms=3, color=f"C{i}",
                        label=f"c = {c}: {key.replace('_', ' ')}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("T: gradient-descent steps (log scale)")
    ax.set_ylabel("rho (dimensionless; log scale)")
    ax.set_title("Certified bracket rho_lo <= rho* <= rho_hi against T (S26c, S27)", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=6.5, ncol=2)
    return fig


def render(out_dir, fig_dir, save) -> str:
    """Write the phase figures; return the text of ``phase.md``."""
    sweeps = load_sweeps(out_dir / "sweeps")
    lines = ["# Phase diagrams of the hyper-ribbon region (spec/sloppiness.md S20, S26–S27)", "",
             "[← index](index.md)", ""]
    if sweeps.problems:
        lines += ["**Sweep data problems**: " + "; ".join(sweeps.problems), ""]
    if sweeps.panels:
        lines += [f"From {sweeps.describe()} (`sloppy sweep`). One panel per T: squares are the sweep's grid points "
                  "coloured by their certificate (green S26a ribbon, red S26b no ribbon, grey neither), black dots where "
                  "the exact ES_k(S_inf) >= tau; the black curve is the exact crossing rho*(c), dashed the certified "
                  "bracket rho_lo <= rho* <= rho_hi; error bars are the boundaries measured on finite ensembles "
                  "(mean +- one standard error over seeds; Bernoulli markers are shifted slightly right to stay "
                  "readable); the dash-dotted line is c_A(T) of the rho -> 0 face.", ""]
        by_settings: dict = {}
        for panel in sweeps.panels:
            by_settings.setdefault(panel["settings_hash"], []).append(panel)
        for sh, panels in by_settings.items():
            tag = str(sh)[:8]
            for panel in panels:
                name = f"phase_{tag}_T{panel['T']}.png"
                save(fig_dir / name, png(phase_figure(panel, _c_a(panel))))
                lines += [f"## T = {panel['T']} (k = {panel['k']}, tau = {panel['tau']}, d = {panel['d']}; "
                          f"settings {tag})", "", f"![phase diagram at T = {panel['T']}](figures/{name})", ""]
            fig = bracket_figure(panels)
            if fig is not None:
                save(fig_dir / f"bracket_{tag}.png", png(fig))
                lines += [f"## Bracket against T (settings {tag})", "", f"![bracket](figures/bracket_{tag}.png)", ""]
    else:
        lines += ["**No sweep data** under `sweeps/` of this report directory: the phase diagrams in (c, rho) are "
                  "drawn from the sweep's output. Produce it with `sloppy sweep` (then `sloppy report` to re-render).",
                  ""]
    source = f"computed at report time: population.c_A, d = {CA_D}, {CA_DPS} digits"
    save(fig_dir / "c_A.png", ca_figure(ca_curves(), source))
    lines += ["## c_A(T) against its asymptote (S20)", "", "![c_A(T)](figures/c_A.png)", "",
              f"c_A(T) ({source}) beside the asymptote [ln(T+1) + ln(1/u*)]/k of S20; the gap is o(1) as T grows. "
              "Reference (spec S27, k = 2, tau = 0.9): 1.151 (T=0), 1.451 (1), 2.243 (10), 3.337 (100), 4.485 (10^3), "
              "5.636 (10^4).", ""]
    return "\n".join(lines)
