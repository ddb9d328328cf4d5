"""The Monte-Carlo estimators of the FIN-EXACT checks: the Rao-Blackwellised theta^T F theta has the raw
estimator's mean and a smaller variance (any activation, with biases), and cells are sized to the profile's
relative standard error."""
import numpy as np
import pytest

from sloppy_verifier.verify.checks import fisher_mc
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.simulate import fim
from sloppy_verifier.verify.simulate.network import NetSpec


@pytest.mark.parametrize("spec, widths", [(NetSpec("relu", 2.0), (8, 8, 16)),
                                           (NetSpec("tanh", 1.5, 0.3), (6, 5, 7)),
                                           (NetSpec("leaky_relu", 1.0, 0.0, 0.2), (4, 8))])
def test_rao_blackwell_matches_the_raw_mean_with_less_variance(spec, widths):
    n = 40_000
    raw = fim.batched_trace_mc(spec, widths, 2, 3, n, 11)["fisher_rao_cond"]
    rb = fisher_mc._fisher_rao_rb(spec, widths, 2, 3, n, 11)
    se = np.hypot(raw.std(), rb.std()) / np.sqrt(n)      # the same networks: conservative for the difference
    assert abs(raw.mean() - rb.mean()) < 4 * se
    assert rb.var() < 0.8 * raw.var()


def test_cells_are_sized_to_the_profile_error():
    ctx = Context(profile=PROFILES["quick"], seed=0, progress=lambda m: None)
    rng_vals = lambda n: 1 + 0.5 * np.random.default_rng(0).standard_normal(n)
    vals = fisher_mc._sized(ctx.profile.mc_rel_se, rng_vals)
    assert vals.std() / np.sqrt(vals.size) <= PROFILES["quick"].mc_rel_se
    assert vals.size == max(fisher_mc.PILOT, int(np.ceil(1.1 * (0.5 / 0.02) ** 2)))
