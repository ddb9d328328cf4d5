"""Former survivors of the quick mutation sweep (`sloppy mutate --profile quick`), now caught: checks that never
sampled where the bound is sharp (S2 mode bound: t = 1/x, x -> 0) or recorded no normalised slack, so the
mutation scale did not follow the measured tightness (S11, S12b: float_search).  The limits' relation mutants
(S2 gf_limit, S20) are in test_whole_relation_ribbon."""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.testing import load_equivalent, mutate_claim, tightness_of
from planted import QUICK, whole_relation_tests

R = sp.Rational

MUTANTS = [
    ("ribbon.gf_mode_bound", lambda st: sp.Le(st.lhs, st.rhs * R(9, 10))),          # constant 1/2 -> 9/20
    ("ribbon.residual_stress_perturbation", lambda st: sp.Le(R(12, 5) * st.lhs, st.rhs)),   # measured min ratio ~2.2
    ("ribbon.bernoulli_small_separation", lambda st: sp.Le(60 * st.lhs, st.rhs)),   # measured min ratio ~47
    # S23b: random trajectories reach lhs/rhs ~0.004 only; Nelder-Mead over trajectory measures 0.0118 (n = 40)
    ("ribbon.centred_bt", lambda st: sp.Le(100 * st.lhs, st.rhs)),
    ("ribbon.centred_bt", lambda st: st.replace(sp.pi ** 2, sp.pi ** 3)),           # varrho_n's exponent 2 -> 3
    ("ribbon.residual_stress_bt", lambda st: sp.Le(R(123, 20) * st.lhs, st.rhs)),   # S23d: measured min ratio 5.56
]

test_real_claim_holds, test_relation_and_left_side_mutants_are_caught = whole_relation_tests(
    ["ribbon.residual_stress_perturbation", "ribbon.bernoulli_small_separation", "ribbon.centred_bt"], MUTANTS, QUICK)


def test_residual_stress_bt_is_judged_where_float64_resolves_r_k():
    """S23d judges R_k only above R_MIN = 1e-6: no record's tightest point is round-off (R_k ~ 1e-13 against a bound
    ~ 1e-20 at n = 150, k = 121 set the slack to -1, so the scale mutants were x11/10), and the slack is the
    measured one (min rhs/lhs 5.56 at n = 3, k = 1)."""
    from sloppy_verifier.verify.checks.ribbon_centred import R_MIN
    ev = run_check(select(["ribbon.residual_stress_bt"])[0], QUICK)
    assert all(e.status == "holds" and float(e.worst_case["lhs"]) > R_MIN for e in ev)
    assert 0.5 < tightness_of([e.to_json() for e in ev]).slack < 1


def test_float_search_records_its_tightness():
    """The lowest normalised slack is recorded, so `sloppy mutate` scales a loose bound by its measured looseness."""
    ev = run_check(select(["ribbon.residual_stress_perturbation"])[0], QUICK)
    t = tightness_of([e.to_json() for e in ev])
    assert t.slack is not None and 0 < t.slack < 1


# ---------------------------------------------------------------- issue 16: quick scores of the S16, S21-S24 checks
#: claim id -> (caught, generated) of `sloppy mutate ID --profile quick`; every other mutant listed equivalent or
#: in OPEN
SCORES = {
    "ribbon.centring_interlaces": (8, 8),    # 7/8: _pick judged the scaled bound where both sides were round-off
    "ribbon.monotone_growth": (8, 8),        # 4/8: the same (and the mp re-derivation picked noise: inconclusive)
    "ribbon.pick_limit": (8, 8),             # 7/8: no case where lmin_pick >= 0 is attained (eta lam_1 = 1, r_1 = 0)
    "ribbon.block_truncation": (8, 8),       # 5/7: sqrt of a negative raised TypeError (inconclusive): now false
    "ribbon.mode_truncation": (7, 7),        # 5/6: S15 never makes S flat; S = I_d reference cases (cap, attained)
    "ribbon.schur_horn": (8, 8),             # 7/8: the same (tails equal at diagonal S)
    # constants of the Beckermann-Townsend family inside the bounds' measured slack: listed equivalent
    "ribbon.bt_eps_rank": (5, 8),
    "ribbon.bt_sharp_even": (5, 8),
    "ribbon.bt_bound": (5, 8),
    "fisher.catapult": (6, 8),               # 4/8: judged eta* at the grid point 1.05, below the bracket [1.097, 1.1)
    "ribbon.centred_bt": (5, 8),             # 2/8: x100 and pi^2 -> pi^3 now caught by the Nelder-Mead search
    "ribbon.eps_dimension": (4, 8),
    "fisher.depth_chaotic_growth": (4, 4),   # 2/4: the relation was ignored; a strict one now fails at the limit
    "fisher.relu_critical_kappa2": (5, 5),   # 2/5: the same; 4/5: a gap shrinking toward 1/40 passed (now the limit
    #                                          of the gap is extrapolated with its rate, ln L/L, and bounded, given
    #                                          that the fit's steps shrink >= 2x per doubling)
    "fisher.second_moment_bias": (3, 4),     # 0/4: z compared b with the right side alone; 2/4: eps 1/10 under
    #                                          the quick resolution +-0.91 (now eps 1/2: x1/2 caught, x3/2 unresolved)
    "fisher.mean_subtraction_limit": (4, 4), # 3/4: eps 1/10 under the resolution +-0.24 (now the cap 1/2)
    "ribbon.population_limit": (8, 8),       # 5/8: sigma0 = 1 (sigma0^2 -> ^3 invisible), M <= 1000 (x9/10 inside
    #                                          the M^-1/2 noise); now sigma0 = 2, M up to 10^4
    "ribbon.k4_gaussian_es": (4, 4),         # 2/4: a strict relation now fails at the limit
    # 2/5, 2/4, 4/8, 6/8: the residual (lhs - rhs)/tau was judged as = 0 whatever the relation; 5/7: also the
    # exact N = 4 case solved a strict relation for kappa_j (TypeError, inconclusive)
    "ribbon.kernel_gd_modes": (5, 5),
    "ribbon.kernel_spectrum_transfer": (4, 4),
    "ribbon.kernel_frozen_modes": (8, 8),
    "ribbon.rbf_gaussian_spectrum": (8, 8),
    "ribbon.poisson_kernel_spectrum": (7, 7),
    "ribbon.residual_stress_bt": (4, 8),     # 3/8: n = 150 round-off records set slack -1 (x11/10 survived, an
    #                                          "attained" mutant); R_k now judged where float64 resolves it (> 1e-6)
    "ribbon.saturation": (7, 8),             # 2 -> 9/5 listed weaker (the constant 2/sqrt(3) is proven)
    "ribbon.sgd_width_stability": (8, 8),    # 6/8: the width part's slack came from b = N pairs (SGD = GD), round-off
    "ribbon.phase_table": (7, 8),            # 0/8: a failure with no mismatching entry was called inconclusive
    "ribbon.no_ribbon_certificate": (4, 5),  # exponent -1 -> -2 listed weaker (norms over ||S||, so nA + nB >= 1)
    # 5/7, 4/7: no sample where the bounds are sharp (SHARP of the check); 2 -> 9/5 listed true (constant 1 proven)
    "ribbon.limit_rho_zero": (6, 7),
    "ribbon.limit_rho_infinity": (6, 7),
    "ribbon.certified_ribbon_region": (7, 8),   # 6/8: the g-term 1 -> 9/10 now caught by REGION_SHARP; -2 -> -9/5 weaker
    "ribbon.c1_certificate": (8, 8),            # 6/8 before the Piecewise retype (its mutants were the m exponents)
}
SLOW = {"ribbon.bt_bound", "fisher.catapult", "ribbon.centred_bt", "fisher.second_moment_bias",   # ~15-50 s each
        "ribbon.residual_stress_bt"}   # ~150 s: the relation mutants re-derive n = 150 violations in mp
_CEIL_L = "ceiling(2*log(16/eps)*log(8*floor(n/2)/pi)/pi**2)"
#: unexplained survivors (benchmarks/RESULTS_mutation.md): constants of a bound cut by 10 % where the bound is true
#: but loose by a measured factor (S23b max lhs/rhs 0.0118; S23c: dim/bound <= 0.36; S23d: R_k/bound <= 0.235, and
#: its pi^2 -> pi^3 changes only the terms i >= 6, so that bound stays >= 1 >= R_k for k <= 4) and no proof shows the
#: stronger statement true on the domain; listed here so that a new survivor, or one now caught, fails the test
OPEN = {
    "ribbon.residual_stress_bt": {
        "R_k <= sqrt(Sum(Min(1, 16*exp(pi**3/(4*log(8*floor(n/2)/pi)))**(4 - 2*floor(i/2)))**2, (i, k + 1, n - 1)))"},
    "ribbon.centred_bt": {"mu_W_j1_2k <= 72*mu_W_j*exp(pi**2/(4*log(8*floor(n/2)/pi)))**(2 - 2*k)/5",
                          "mu_W_j1_2k <= 16*mu_W_j*exp(pi**2/(4*log(36*floor(n/2)/(5*pi))))**(2 - 2*k)"},
    "ribbon.eps_dimension": {
        "dim <= 2*ceiling(2*log(1/eps)*log(floor(n/2))/pi**2 - 2*log(pi)*log(1/eps)/pi**2 + 6*log(2)*log(1/eps)/pi**2 "
        "+ 8*log(2)*log(floor(n/2))/pi**2 - 8*log(2)*log(pi)/pi**2 + 24*log(2)**2/pi**2)",
        f"dim <= 2*{_CEIL_L} + 27/10", f"dim <= 9*{_CEIL_L}/5 + 3",
        "dim <= 2*ceiling(9*log(16/eps)*log(8*floor(n/2)/pi)/(5*pi**2)) + 3"},
}
#: mutants below the check's statistical resolution (``verify.testing``: a constant factor within twice the recorded
#: relative half-width r), never counted caught: quick second_moment_bias measures b/prediction to +-0.91
UNRESOLVED = {"fisher.second_moment_bias": {"Eq(3*b_s/2, b_s^{\\mathrm{pred}})"}}


@pytest.mark.parametrize("cid", [pytest.param(c, marks=pytest.mark.slow) if c in SLOW else c for c in sorted(SCORES)])
def test_quick_mutation_score(cid):
    score = mutate_claim(select([cid])[0], QUICK, load_equivalent())
    assert score.verdict == "holds"
    assert (score.caught, score.generated) == SCORES[cid], [r for r in score.rows if r["outcome"] != "caught"]
    assert {r["mutant"] for r in score.unexplained} == OPEN.get(cid, set()), score.unexplained
    unresolved = [r for r in score.rows if r["outcome"] == "unresolved"]
    assert {r["mutant"] for r in unresolved} == UNRESOLVED.get(cid, set()), unresolved
    for r in unresolved:    # a real unresolved row states its change, the resolution and why
        assert r["resolution"] == score.resolution and r["relative_change"] <= 2 * r["resolution"]
        assert r["verdict"] != "violated" and f"+-{r['resolution']:.3g}" in r["reason"]


def test_pick_ignores_indices_where_both_sides_are_round_off():
    """A relative gap between two round-off values (1e-17 against 1e-16) is no evidence: the index judged is the
    real one, where a 10 % scaled bound fails."""
    from sloppy_verifier.verify.checks.ribbon_hankel import _pick
    u, v = sp.symbols("u v")
    env = {"u": [1.0, 1e-17], "v": [0.95, 1e-16]}
    assert _pick(sp.Le(sp.Rational(11, 10) * v, u), env)["u"] == 1e-17       # no floor: the noise index
    assert _pick(sp.Le(sp.Rational(11, 10) * v, u), env, 1e-10)["u"] == 1.0


@pytest.mark.parametrize("gap, verdict", [
    (lambda L: (sp.Rational(3, 8) * sp.log(L) + 1) / L + 1 / L**2, "holds"),           # the model, limit 0
    (lambda L: sp.Rational(1, 40) + (sp.Rational(3, 8) * sp.log(L) + 1) / L + 1 / L**2, "violated"),  # limit 1/40
    (lambda L: 1 / sp.sqrt(L), "inconclusive"),     # slower than 1/L: the fit's steps shrink ~sqrt(2)x per doubling
    (lambda L: 1 / sp.log(L), "inconclusive"),
])
def test_relu_critical_limit_needs_a_fitting_model(gap, verdict):
    """F10d's extrapolated limit is read off only where the model c + (a ln L + b)/L fits (steps shrinking >= 2x
    per doubling): a nonzero limit is violated, a gap the model does not describe is inconclusive."""
    from sloppy_verifier.verify.checks.fisher_hp import _limit_of_gap
    from sloppy_verifier.verify.mpeval import context
    m = context(30)
    lim = _limit_of_gap({L: m.mpf(sp.N(gap(L), 40)) for L in (62, 125, 250, 500, 1000)}, 1000)
    assert lim["verdict"] == verdict, lim


def test_relu_critical_fit_of_the_real_gap():
    """The real gap fits (steps shrink 3.2x per doubling at L = 1000) with |c| below its bound."""
    ev, = run_check(select(["fisher.relu_critical_kappa2"])[0], QUICK)
    x = ev.data["extrapolation"]
    assert ev.status == "holds" and 3 < x["shrink_per_doubling"] < 3.5 and abs(x["limit_gap"]) <= x["bound"] < 2e-4
