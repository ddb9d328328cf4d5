"""``phase.html``: the phase plane (c, ρ) at each swept T, the same across T, the bracket against T, and c_A(T).

The plane (:func:`plane`) is computed at report time in float64 by ``verify.ribbon.phase`` (error analysis there:
``ES_k`` off by ≲ 1e-10) on a 200 × 240 grid: the heatmap of ``ES_k(S_∞)``, the crossing ``ρ*(c)`` located by
Brent's method on ``ES_k(S_∞(ρ)) − τ`` in ``log ρ`` from every sign change of the grid (one curve per branch), the
S26 certificate regions (C2 quadratics ``min_{k_1} P_{k_1}(ρ^{−2}) ≤ 0``: ribbon; ``ρ^{−2} > x_1`` or
``< x_2``: no ribbon) and their edges ``ρ_lo = x_1^{−1/2}``, ``ρ_hi`` (the spec's 3000-point scan).  The sweep's
own records are overlaid: ``ρ*``, ``ρ_lo``, ``ρ_hi`` in exact (mp) arithmetic and the finite-ensemble boundaries
with their standard errors.

c_A(T) (S20; the sweep does not store it) is computed here: the boundary of the ρ → 0 face,
``ES_k(A'_T) = τ`` for the geometric spectrum with ``η = 1/λ_1``, by ``verify.ribbon.population.c_A`` at 15
digits and ``d = 10⁴`` (effectively infinite: the spec's reference values agree for ``d = 100`` and ``10⁴``),
about 0.6 s per (k, τ); the asymptote ``[ln(T+1) + ln(1/u*)]/k`` is S20's ``theory.ribbon.ensemble.CA_ASYMPTOTE``.

The page is a plan of jobs (:func:`plan`: a plane per panel, a figure per panel, the figure across T, the bracket,
c_A), each deterministic in its arguments: in this process (:func:`render`), or as units on a cluster's workers
while the claims run (:func:`submit_all`), their files handed back for the client to write.
"""
from __future__ import annotations

import functools
import hashlib
import math
from typing import NamedTuple

import numpy as np

from .figures import Figure, new_figure, number, write_figure
from .sweeps import load_sweeps

#: (k, tau) of the c_A(T) figure: the reference criterion (2, 0.9) and its neighbours in k
CA_CASES = ((1, "9/10"), (2, "9/10"), (3, "9/10"))
CA_T = (0, 1, 3, 10, 30, 100, 300, 1000, 3000, 10**4, 10**5, 10**6)
CA_D, CA_DPS = 10**4, 15


@functools.lru_cache(maxsize=1)
def ca_curves() -> tuple:
    """``({k, tau, T: [...], c_A: [...], asymptote: [...]}, ...)`` for :data:`CA_CASES` (deterministic, ~2 s)."""
    from sloppy_verifier.theory.ribbon.ensemble import CA_ASYMPTOTE
    from ..mpeval import mp_value
    from ..ribbon import population as pop
    out = []
    for k, tau in CA_CASES:
        out.append({"k": k, "tau": tau, "T": list(CA_T),
                    "c_A": [float(pop.c_A(T, k, tau, CA_D, CA_DPS)) for T in CA_T],
                    "asymptote": [float(mp_value(CA_ASYMPTOTE, {"k": k, "tau": tau, "T": T}, CA_DPS)) for T in CA_T]})
    return tuple(out)


def ca_figure(curves: list[dict], source: str) -> tuple[Figure, tuple]:
    """Left: c_A(T) and its asymptote; right: their gap (o(1) by S20)."""
    fig = new_figure(11, 4.6)
    ax, gap = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    rows = []
    for cv in curves:
        x = [T + 1 for T in cv["T"]]
        line = ax.plot(x, cv["c_A"], marker="o", ms=4, label=f"$c_A(T)$, $k$ = {cv['k']}, $\\tau$ = {cv['tau']}")
        ax.plot(x, cv["asymptote"], ls="--", color=line[0].get_color(),
                label=f"asymptote $[\\ln(T+1) + \\ln(1/u^*)]/{cv['k']}$")
        gap.plot(x, [abs(a - b) for a, b in zip(cv["c_A"], cv["asymptote"])], marker="o", ms=4,
                 color=line[0].get_color(), label=f"$k$ = {cv['k']}, $\\tau$ = {cv['tau']}")
        rows += [[cv["k"], cv["tau"], T, a, b] for T, a, b in zip(cv["T"], cv["c_A"], cv["asymptote"])]
    for a in (ax, gap):
        a.set_xscale("log")
        a.set_xlabel("$T + 1$ (gradient-descent steps + 1; log scale)")
        a.grid(alpha=0.3)
    gap.set_yscale("log")
    ax.set_ylabel("$c$: spectral decay rate")
    gap.set_ylabel(r"$|c_A(T) - \mathrm{asymptote}|$ (log scale)")
    ax.set_title(r"$c_A(T)$ on the $\rho \to 0$ face against its asymptote", fontsize=10)
    gap.set_title(r"gap to the asymptote ($o(1)$ as $T \to \infty$)", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
    gap.legend(fontsize=7, loc="upper right")
    fig.suptitle(f"S20: ribbon boundary $c_A(T)$ ({source})", fontsize=10)
    return fig, (["k", "tau", "T", "c_A", "asymptote"], rows)


def _c_a(panel) -> float | None:
    """c_A(T) of the panel's family (S20 needs eta = 1/lambda_1), by ``population.c_A`` at the sweep's d."""
    if panel.get("eta_lam1") != 1 or not panel.get("k") or panel.get("tau") is None or not panel.get("d"):
        return None
    from ..ribbon import population as pop
    return float(pop.c_A(int(panel["T"]), int(panel["k"]), str(panel["tau"]), int(panel["d"]), CA_DPS))


#: the plane's grid: c linear (from C_MIN), rho log-spaced over RHO_RANGE (the K1 grid's range)
N_C, N_RHO, C_MIN, RHO_RANGE = 200, 240, 0.02, (1e-2, 1e3)


def c_range(panels: list[dict], c_a: list) -> tuple[float, float]:
    """``[C_MIN, c_max]``: beyond the largest swept c and every c_A(T) marked."""
    cs = [b["c"] for p in panels for b in p["boundary"]] + [q["c"] for p in panels for q in p["points"]]
    top = max([2.5] + [1.2 * c for c in cs] + [1.15 * c for c in c_a if c])
    return C_MIN, top


def plane(panel: dict, c_lim: tuple[float, float]) -> dict:
    """The float64 phase plane of one panel (module docstring): ``c``, ``rho``, ``es[i_c, j_rho]``, the masks
    ``ribbon``/``no_ribbon`` of the S26 certificates, the crossings ``star`` ``[(c, rho)]`` and the edges
    ``rho_lo``, ``rho_hi`` per c (``nan`` where absent or outside the grid)."""
    from scipy.optimize import brentq

    from ..ribbon import phase as ph
    k, tau, d, T, eta = int(panel["k"]), float(panel["tau"]), int(panel["d"]), int(panel["T"]), float(panel["eta_lam1"])
    cs = np.linspace(*c_lim, N_C)
    rhos = np.geomspace(*RHO_RANGE, N_RHO)
    x = rhos ** -2.0
    es = np.empty((N_C, N_RHO))
    ribbon, no_ribbon = np.zeros_like(es, bool), np.zeros_like(es, bool)
    lo_edge, hi_edge, star = np.full(N_C, np.nan), np.full(N_C, np.nan), []
    for i, c in enumerate(cs):
        a, B = ph.matrices(ph.geometric(c, d), np.ones(d), eta, T)
        es[i] = ph.es_population(a, B, rhos, k)
        f = lambda u: float(ph.es_population(a, B, [math.exp(u)], k)[0]) - tau  # noqa: E731
        g = es[i] - tau
        for j in np.nonzero(np.sign(g[:-1]) * np.sign(g[1:]) < 0)[0]:
            star.append((c, math.exp(brentq(f, math.log(rhos[j]), math.log(rhos[j + 1]), xtol=1e-13))))
        cert = ph.certificate64(a, B, k, tau)
        ribbon[i] = np.min([(p2 * x + p1) * x + p0 for p2, p1, p0 in cert["C2"].values()], axis=0) <= 0
        no_ribbon[i] = ((x > cert["x1"]) if cert["x1"] is not None else False) | \
            ((x < cert["x2"]) if cert["x2"] is not None else False)
        if cert["x1"]:
            lo_edge[i] = cert["x1"] ** -0.5
        hi_edge[i] = ph.scan_hi(cert["C2"])[0]
    inside = lambda v: np.where((v >= RHO_RANGE[0]) & (v <= RHO_RANGE[1]), v, np.nan)  # noqa: E731
    return {"c": cs, "rho": rhos, "es": es, "ribbon": ribbon, "no_ribbon": no_ribbon, "star": star,
            "rho_lo": inside(lo_edge), "rho_hi": inside(hi_edge), "k": k, "tau": tau, "T": T, "d": d}


def _draw_plane(ax, pl: dict, panel: dict, c_a: float | None, detail: bool):
    """One panel of the plane on ``ax``; returns the heatmap (for the colour bar)."""
    mesh = ax.pcolormesh(pl["c"], pl["rho"], pl["es"].T, cmap="viridis", vmin=float(np.min(pl["es"])), vmax=1.0,
                         shading="auto", rasterized=True)
    for mask, colour, hatch in ((pl["ribbon"], "white", "/"), (pl["no_ribbon"], "tab:red", "\\")):
        if mask.any():
            ax.contourf(pl["c"], pl["rho"], mask.T.astype(float), levels=[0.5, 1.5], colors="none", hatches=[hatch])
            ax.contour(pl["c"], pl["rho"], mask.T.astype(float), levels=[0.5], colors=colour, linewidths=1.2)
    if pl["star"]:
        sc, sr = zip(*pl["star"])
        ax.plot(sc, sr, ".", ms=2.2, color="black")
    for key, style in (("rho_lo", dict(color="tab:red", ls="--", lw=1.3)), ("rho_hi", dict(color="white", ls="--", lw=1.3))):
        ax.plot(pl["c"], pl[key], **style)
    if detail:
        bnd = panel["boundary"]
        for key, marker, colour, what in (("rho_star", "o", "black", r"$\rho^*$ (exact, mp)"),
                                          ("rho_lo", "v", "tab:red", r"$\rho_{lo}$ (exact, mp)"),
                                          ("rho_hi", "^", "white", r"$\rho_{hi}$ (exact, mp)")):
            xy = [(b["c"], b[key]) for b in bnd if b.get(key) and RHO_RANGE[0] <= b[key] <= RHO_RANGE[1]]
            if xy:
                ax.scatter(*zip(*xy), marker=marker, s=46, color=colour, edgecolor="black", zorder=6, label=what)
        sims = [("Gaussian", [b["gaussian"] for b in bnd], "s", "tab:purple")]
        scales = sorted({s["scale"] for b in bnd for s in b["bernoulli"]}, key=lambda v: number(v) or 0)
        sims += [(f"Bernoulli, logit scale {sc}", [next((s for s in b["bernoulli"] if s["scale"] == sc), None)
                                                   for b in bnd], "D^<>"[i % 4], f"C{i + 1}") for i, sc in enumerate(scales)]
        dc = 0.012 * (pl["c"][-1] - pl["c"][0])
        for i, (name, blocks, marker, colour) in enumerate(sims):
            xy = [(b["c"] + (i - (len(sims) - 1) / 2) * dc, s["mean"], s["se"]) for b, s in zip(bnd, blocks)
                  if s and s["mean"] is not None and 0 < s["mean"] < math.inf]
            if xy:
                M = next(s["M"] for s in blocks if s)
                ax.errorbar([v[0] for v in xy], [v[1] for v in xy], yerr=[v[2] for v in xy], fmt=marker, ms=5,
                            color=colour, mec="black", ecolor="black", capsize=3, zorder=7,
                            label=f"finite ensemble, {name}, $M$ = {M} ($\\pm$ 1 s.e.)")
    if c_a is not None:
        ax.axvline(c_a, color="tab:orange", ls="-.", lw=1.5, label=f"$c_A(T)$ = {c_a:.3f}")
    ax.set_yscale("log")
    ax.set_xlim(pl["c"][0], pl["c"][-1])
    ax.set_ylim(*RHO_RANGE)
    return mesh


def _plane_legend_handles():
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    return [Line2D([], [], ls="none", marker=".", color="black", label=r"$\rho^*(c)$: $\mathrm{ES}_k(S_\infty) = \tau$"),
            Line2D([], [], color="tab:red", ls="--", label=r"$\rho_{lo}(c)$: certified no ribbon below"),
            Line2D([], [], color="white", ls="--", label=r"$\rho_{hi}(c)$: certified ribbon above (3000-point scan)"),
            Patch(facecolor="none", edgecolor="black", hatch="/", label="S26a certificate: ribbon (edge white)"),
            Patch(facecolor="none", edgecolor="black", hatch="\\", label="S26b certificate: no ribbon (edge red)")]


def phase_figure(panel: dict, pl: dict, c_a: float | None) -> tuple[Figure, tuple]:
    """The whole plane at one T (see the module docstring) and its CSV table."""
    fig = new_figure(11.0, 6.0)
    ax = fig.add_subplot()
    ax.set_facecolor("0.5")           # white and red lines read on the heatmap; grey shows where nothing is drawn
    mesh = _draw_plane(ax, pl, panel, c_a, True)
    fig.colorbar(mesh, ax=ax, label=r"$\mathrm{ES}_k(S_\infty)$ (exact, float64)", pad=0.01)
    ax.set_xlabel(r"$c$: spectral decay rate, $\lambda_j = e^{-c(j-1)}$")
    ax.set_ylabel(r"$\rho$: teacher signal / initialisation (log scale)")
    ax.set_title(f"Hyper-ribbon phase plane at $T$ = {panel['T']}: $\\mathrm{{ES}}_{{{panel['k']}}} \\geq \\tau$ = "
                 f"{panel['tau']} (geometric spectrum, $d$ = {panel['d']}, $\\eta\\lambda_1$ = {panel['eta_lam1']})",
                 fontsize=10)
    handles = _plane_legend_handles() + ax.get_legend_handles_labels()[0]
    fig.legend(handles=handles, fontsize=7, loc="outside right center", facecolor="0.85")
    return fig, plane_table(pl)


def plane_table(pl: dict) -> tuple:
    rows = [[f"{c:.10g}", f"{r:.10g}", f"{pl['es'][i, j]:.10g}", int(pl["ribbon"][i, j]), int(pl["no_ribbon"][i, j])]
            for i, c in enumerate(pl["c"]) for j, r in enumerate(pl["rho"])]
    return ["c", "rho", "ES_k", "certificate_ribbon", "certificate_no_ribbon"], rows


def multiples_figure(panels: list[dict], planes: list[dict], c_as: list) -> tuple[Figure, tuple]:
    """The plane at every swept T side by side (shared axes and colour scale)."""
    n = len(panels)
    cols = min(n, 3)
    rowsn = -(-n // cols)
    fig = new_figure(4.4 * cols + 2.6, 3.8 * rowsn)
    lo = min(float(np.min(pl["es"])) for pl in planes)
    axes = fig.subplots(rowsn, cols, sharex=True, sharey=True, squeeze=False)
    for ax, panel, pl, c_a in zip(axes.flat, panels, planes, c_as):
        ax.set_facecolor("0.5")
        mesh = _draw_plane(ax, pl, panel, c_a, False)
        mesh.set_clim(lo, 1.0)
        ax.set_title(f"$T$ = {panel['T']}" + (f", $c_A$ = {c_a:.2f}" if c_a is not None else ""), fontsize=10)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("$c$")
    for ax in axes[:, 0]:
        ax.set_ylabel(r"$\rho$")
    fig.colorbar(mesh, ax=axes, label=r"$\mathrm{ES}_k(S_\infty)$", pad=0.01)
    fig.suptitle(f"The phase plane across $T$ ($k$ = {panels[0]['k']}, $\\tau$ = {panels[0]['tau']}, "
                 f"$d$ = {panels[0]['d']})", fontsize=10)
    from matplotlib.lines import Line2D
    handles = _plane_legend_handles() + [Line2D([], [], color="tab:orange", ls="-.", label="$c_A(T)$")]
    fig.legend(handles=handles, fontsize=7, loc="outside lower center", ncol=3, facecolor="0.85")
    rows = [[p["T"], f"{c:.10g}", f"{r:.10g}"] for p, pl in zip(panels, planes) for c, r in pl["star"]]
    return fig, (["T", "c", "rho_star"], rows)


def bracket_figure(panels: list[dict]) -> tuple[Figure, tuple] | None:
    """rho_lo, rho*, rho_hi against T for each c (log-log; spec S27 "Tightness"); ``None`` with fewer than 2 T."""
    if len({p["T"] for p in panels}) < 2:
        return None
    fig = new_figure(8.5, 4.8)
    ax = fig.add_subplot()
    cs = sorted({b["c"] for p in panels for b in p["boundary"]})
    rows = []
    names = {"rho_star": r"\rho^*", "rho_lo": r"\rho_{lo}", "rho_hi": r"\rho_{hi}"}
    for i, c in enumerate(cs):
        for key, ls in (("rho_star", "-"), ("rho_lo", "--"), ("rho_hi", ":")):
            xy = sorted((p["T"], b[key]) for p in panels for b in p["boundary"]
                        if b["c"] == c and b.get(key) and 0 < b[key] < math.inf)
            if xy:
                ax.plot([x for x, _ in xy], [y for _, y in xy], ls=ls, marker="o", ms=3, color=f"C{i}",
                        label=f"$c$ = {c}: ${names[key]}$")
                rows += [[c, key, x, y] for x, y in xy]
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("$T$: gradient-descent steps (log scale)")
    ax.set_ylabel(r"$\rho$ (log scale)")
    ax.set_title(r"Certified bracket $\rho_{lo} \leq \rho^* \leq \rho_{hi}$ against $T$ (S26c, S27)", fontsize=10)
    ax.grid(alpha=0.3)
    fig.legend(fontsize=6.5, loc="outside right center")
    return fig, (["c", "quantity", "T", "rho"], rows)


class Ref(NamedTuple):
    """An argument of a job: the result of the earlier job ``name`` of the same plan."""
    name: str


class Failed(str):
    """The result of a job that raised (or needed one that did): the error, on one line."""


def _section(fig_dir, name: str, fig_table, caption: str, heading: str) -> tuple[tuple, list]:
    """A page section with one figure, and the figure's files ``[(path, data)]`` (written by the client)."""
    files: list = []
    fig, table = fig_table
    paths = write_figure(fig_dir, name, fig, table, lambda path, data: files.append((path, data)))
    return (heading, "", [{"kind": name, "file": paths[0], "files": paths, "caption": caption}]), files


def panel_section(fig_dir, name: str, panel: dict, pl: dict, c_a: float | None, tag: str):
    caption = (f"T = {panel['T']}: {len(pl['star'])} crossing points on the fine grid; "
               + (f"c_A(T) = {c_a:.6f}." if c_a is not None else "c_A not defined (eta lambda_1 != 1)."))
    return _section(fig_dir, name, phase_figure(panel, pl, c_a), caption,
                    f"T = {panel['T']} (k = {panel['k']}, tau = {panel['tau']}, d = {panel['d']}; settings {tag})")


def multiples_section(fig_dir, name: str, panels: list, planes: list, c_as: list, tag: str):
    return _section(fig_dir, name, multiples_figure(panels, planes, c_as),
                    "The same plane at every swept T, on one colour scale.", f"The plane across T (settings {tag})")


def bracket_section(fig_dir, name: str, panels: list, tag: str):
    br = bracket_figure(panels)
    return None if br is None else _section(fig_dir, name, br, "The sweep's exact rho_lo, rho*, rho_hi against T.",
                                            f"Bracket against T (settings {tag})")


CA_SOURCE = f"computed at report time: population.c_A, d = {CA_D}, {CA_DPS} digits"


def ca_section(fig_dir, name: str):
    return _section(fig_dir, name, ca_figure(ca_curves(), CA_SOURCE),
                    f"c_A(T) ({CA_SOURCE}) beside the asymptote [ln(T+1) + ln(1/u*)]/k of S20; the gap is o(1) "
                    "as T grows. Reference (spec S27, k = 2, tau = 0.9): 1.151 (T=0), 1.451 (1), 2.243 (10), "
                    "3.337 (100), 4.485 (10^3), 5.636 (10^4).", "c_A(T) against its asymptote (S20)")


def plan(out_dir, fig_dir) -> tuple[list[tuple], list[str]]:
    """``phase.html`` as jobs ``(name, fn, args)``, in page order, and the page's notes.  ``fn(*args)`` is
    deterministic in ``args`` (which may hold :class:`Ref`\\s to earlier jobs); a job named ``figure:…`` returns
    ``(section, files)`` or ``None`` (no figure), a ``plane:…`` job the plane its figures are drawn from."""
    sweeps = load_sweeps(out_dir / "sweeps")
    notes, jobs = [], []
    if sweeps.problems:
        notes.append("Sweep data problems: " + "; ".join(sweeps.problems))
    if sweeps.panels:
        notes.append(f"From {sweeps.describe().replace('`', '')} (sloppy sweep). Each plane is computed at report "
                     f"time in float64 on a {N_C} x {N_RHO} grid (c linear, rho logarithmic over "
                     f"[{RHO_RANGE[0]:g}, {RHO_RANGE[1]:g}]): colour is the exact ES_k(S_inf); black dots the crossing "
                     "rho*(c) located by Brent's method from every sign change (one curve per branch); hatched "
                     "regions are where the S26a certificate proves a ribbon (white) and the S26b thresholds prove "
                     "none (red), with their edges rho_hi (white dashed) and rho_lo (red dashed); these certificates "
                     "are evaluated in float64 here (verify.ribbon.phase.certificate64, error analysis there), in "
                     "exact arithmetic at the sweep's points. Markers are the "
                     "sweep's records at its grid of c: rho*, rho_lo, rho_hi in exact (mp) arithmetic, and the "
                     "boundaries measured on finite ensembles (mean +- one standard error over seeds, shifted "
                     "slightly apart in c to stay readable). The dash-dotted line is c_A(T) of the rho -> 0 face.")
        by_settings: dict = {}
        for panel in sweeps.panels:
            by_settings.setdefault(panel["settings_hash"], []).append(panel)
        for sh, panels in by_settings.items():
            tag = str(sh)[:8]
            c_as = [_c_a(p) for p in panels]
            lim = c_range(panels, c_as)
            planes = [Ref(f"plane:{tag}:T{p['T']}") for p in panels]
            for panel, pl, c_a in zip(panels, planes, c_as):
                jobs.append((pl.name, plane, (panel, lim)))
                name = f"phase_{tag}_T{panel['T']}"
                jobs.append((f"figure:{name}", panel_section, (fig_dir, name, panel, pl, c_a, tag)))
            if len(panels) > 1:
                name = f"phase_{tag}_multiples"
                jobs.append((f"figure:{name}", multiples_section, (fig_dir, name, panels, planes, c_as, tag)))
            jobs.append((f"figure:bracket_{tag}", bracket_section, (fig_dir, f"bracket_{tag}", panels, tag)))
    else:
        notes.append("No sweep data under sweeps/ of this report directory: the phase planes in (c, rho) are drawn "
                     "from the sweep's output. Produce it with `sloppy sweep` (then `sloppy report` to re-render).")
    jobs.append(("figure:c_A", ca_section, (fig_dir, "c_A")))
    return jobs, notes


def run_job(fn, *args):
    """``fn(*args)`` with the results of the jobs it needs in ``args`` (directly or in a list); :class:`Failed`
    if one of them failed or ``fn`` raises (one job's defect costs only its figures)."""
    failed = next((a for a in _flat(args) if isinstance(a, Failed)), None)
    if failed is not None:
        return Failed(f"needs a job that failed ({failed})")
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - reported on the page
        return Failed(f"{type(exc).__name__}: {exc}")


def _flat(args):
    for a in args:
        yield from (a if isinstance(a, list) else [a])


def digests(jobs: list[tuple]) -> dict:
    """name -> sha256 of the job's function and arguments, a :class:`Ref` standing for its job's digest."""
    out = {}
    for name, fn, args in jobs:
        sub = lambda a: out[a.name] if isinstance(a, Ref) else a  # noqa: E731
        shown = [[sub(x) for x in a] if isinstance(a, list) else sub(a) for a in args]
        out[name] = hashlib.sha256(repr((fn.__module__, fn.__qualname__, shown)).encode()).hexdigest()
    return out


def _resolved(args, value):
    return tuple([value(x) for x in a] if isinstance(a, list) else value(a) for a in args)


def submit_all(client, out_dir, fig_dir, priority: float) -> dict:
    """Every job of :func:`plan` as a unit on ``client`` (its :class:`Ref`\\s as futures); name -> (digest,
    future) of the ``figure:`` jobs, for :func:`render`'s ``done`` once gathered."""
    from ..distributed import submit
    jobs, _ = plan(out_dir, fig_dir)
    dig, futures = digests(jobs), {}
    for i, (name, fn, args) in enumerate(jobs):
        args = _resolved(args, lambda a: futures[a.name] if isinstance(a, Ref) else a)
        futures[name] = submit(client, name.replace(":", "-"), run_job, fn, *args, priority=priority - i * 1e-6)
    return {name: (dig[name], fut) for name, fut in futures.items() if name.startswith("figure:")}


def render(out_dir, fig_dir, save, done: dict | None = None) -> tuple[list, list]:
    """Write the phase figures; return the sections ``(heading, paragraph, figures)`` and notes of ``phase.html``.
    ``done``: name -> (digest, result) of jobs computed elsewhere (a cluster's workers): used where the digest
    matches the job's here, the others run in this process."""
    jobs, notes = plan(out_dir, fig_dir)
    dig, by_name, results = digests(jobs), {name: (fn, args) for name, fn, args in jobs}, {}

    def result(name):
        if name not in results:
            got = (done or {}).get(name)
            if got is not None and got[0] == dig[name]:
                results[name] = got[1]
            else:
                fn, args = by_name[name]
                results[name] = run_job(fn, *_resolved(args, lambda a: result(a.name) if isinstance(a, Ref) else a))
        return results[name]

    sections = []
    for name, _, _ in jobs:
        if not name.startswith("figure:"):
            continue
        out = result(name)
        if isinstance(out, Failed):
            notes.append(f"Figure {name[len('figure:'):]} not drawn: {out}")
        elif out is not None:
            section, files = out
            for path, data in files:
                save(path, data)
            sections.append(section)
    return sections, notes
