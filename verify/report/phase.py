"""``phase.md``: phase diagrams in (c, ρ) at several T from the sweep data, and c_A(T) against its asymptote.

c_A(T) (S20) is computed here when the sweep data do not hold it: the boundary of the ρ → 0 face,
``ES_k(A'_T) = τ`` for the geometric spectrum with ``η = 1/λ_1``, by ``verify.ribbon.population.c_A`` at 15
digits and ``d = 10⁴`` (effectively infinite: the spec's reference values agree for ``d = 100`` and ``10⁴``),
about 0.6 s per (k, τ); the asymptote ``[ln(T+1) + ln(1/u*)]/k`` uses ``population.u_star``.
"""
from __future__ import annotations

import functools
import math

from .figures import new_figure, png
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


def phase_figure(T, k, tau, points: list[dict], boundary: list[dict], c_a: float | None) -> bytes:
    """Certified regions (points), exact rho* curve, bracket, simulated boundary with error bars, at one T."""
    fig = new_figure(7.5, 5.0)
    ax = fig.add_subplot()
    styles = {"ribbon": ("tab:green", "certified ribbon (S26a)"), "no_ribbon": ("tab:red", "certified no ribbon (S26b)"),
              None: ("lightgrey", "not certified")}
    for cert, (color, label) in styles.items():
        pts = [p for p in points if p["cert"] == cert]
        if pts:
            ax.scatter([p["c"] for p in pts], [p["rho"] for p in pts], s=30, marker="s", color=color, alpha=0.5,
                       label=label, linewidths=0)
    b = sorted(boundary, key=lambda r: r["c"])
    for key, style, label in (("rho_star", dict(color="black", lw=2), "exact rho* (ES_k(S_inf) = tau)"),
                              ("rho_lo", dict(color="tab:red", ls="--", lw=1), "rho_lo (certified bracket)"),
                              ("rho_hi", dict(color="tab:green", ls="--", lw=1), "rho_hi (certified bracket)")):
        xy = [(r["c"], r[key]) for r in b if r.get(key) is not None and 0 < r[key] < math.inf]
        if xy:
            ax.plot([x for x, _ in xy], [y for _, y in xy], marker=".", label=label, **style)
    sim = [r for r in b if r.get("sim_rho") is not None and 0 < r["sim_rho"] < math.inf]
    if sim:
        ax.errorbar([r["c"] for r in sim], [r["sim_rho"] for r in sim], yerr=[r.get("sim_se") or 0 for r in sim],
                    fmt="o", color="tab:purple", capsize=3, label="simulated boundary (finite M, +- 1 s.e.)")
    if c_a is not None:
        ax.axvline(c_a, color="tab:blue", ls=":", label=f"c_A(T) = {c_a:.3f} (rho -> 0 face)")
    ax.set_yscale("log")
    ax.set_xlabel("c: spectral decay rate, lambda_k = exp(-c (k-1)) (dimensionless)")
    ax.set_ylabel("rho: initialisation scale / signal scale (dimensionless; log scale)")
    ax.set_title(f"Phase diagram at T = {T} (ES_k >= tau, k = {k}, tau = {tau})", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    return png(fig)


def render(out_dir, fig_dir, save) -> str:
    """Write the phase figures; return the text of ``phase.md``."""
    sweeps = load_sweeps(out_dir / "sweeps")
    lines = ["# Phase diagrams of the hyper-ribbon region (spec/sloppiness.md S20, S26–S27)", "",
             "[← index](index.md)", ""]
    if sweeps.problems:
        lines += ["**Sweep data problems**: " + "; ".join(sweeps.problems), ""]
    if sweeps.panels:
        lines += [f"From {sweeps.describe()}. Each panel is one T: squares are sweep points coloured by their "
                  "certificate (S26a ribbon, S26b no ribbon, grey: neither), the black curve the exact crossing "
                  "rho*(c) of ES_k(S_inf) = tau, dashed the certified bracket rho_lo <= rho* <= rho_hi, purple the "
                  "boundary measured on finite ensembles with one standard error, dotted the rho -> 0 boundary "
                  "c_A(T).", ""]
        for i, panel in enumerate(sweeps.panels):
            name = f"phase_T{panel['T']}_k{panel['k']}_tau{str(panel['tau']).replace('/', '-')}.png"
            save(fig_dir / name, phase_figure(panel["T"], panel["k"], panel["tau"], panel["points"],
                                              panel["boundary"], panel.get("c_A")))
            lines += [f"## T = {panel['T']} (k = {panel['k']}, tau = {panel['tau']})", "", f"![phase diagram](figures/{name})", ""]
    else:
        lines += ["**No sweep data** under `sweeps/` of this report directory: the phase diagrams in (c, rho) are "
                  "drawn from the sweep's output. Produce it with `sloppy sweep` (then `sloppy report` to re-render).",
                  ""]
    curves, source = sweeps.ca_curves, "from the sweep data"
    if not curves:
        curves, source = ca_curves(), (f"computed at report time: population.c_A, d = {CA_D}, {CA_DPS} digits")
    save(fig_dir / "c_A.png", ca_figure(curves, source))
    lines += ["## c_A(T) against its asymptote (S20)", "", "![c_A(T)](figures/c_A.png)", "",
              f"c_A(T) ({source}) beside the asymptote [ln(T+1) + ln(1/u*)]/k of S20; the gap is o(1) as T grows. "
              "Reference (spec S27, k = 2, tau = 0.9): 1.151 (T=0), 1.451 (1), 2.243 (10), 3.337 (100), 4.485 (10^3), "
              "5.636 (10^4).", ""]
    return "\n".join(lines)
