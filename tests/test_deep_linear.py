"""The exact small-matrix law of a deep linear network's F* (verify.simulate.deep_linear) against the network
simulation: the same distribution of lambda_max, lambda_min, the trace and an off-block entry (two-sample KS)."""
import numpy as np
import pytest
from scipy import stats

from sloppy_verifier.verify.simulate import deep_linear, fim
from sloppy_verifier.verify.simulate.network import NetSpec, sample


@pytest.mark.parametrize("widths, C, T, w2", [((12, 10, 14), 3, 4, 1.0), ((9, 11, 8, 10), 2, 5, 1.7)])
def test_exact_law_matches_the_network(widths, C, T, w2):
    n = 1500
    rng = np.random.default_rng(3)
    net_stats, law_stats = [], []
    for i in range(n):
        net, X = sample(NetSpec("linear", w2), widths, C, T, 100 + i)
        Fs = np.asarray(fim.dual_gram(net, X))
        Fl = deep_linear.dual_gram(widths, C, T, w2, rng)
        for F, out in ((Fs, net_stats), (Fl, law_stats)):
            e = np.linalg.eigvalsh(F)
            out.append((e[-1], e[0], np.trace(F), F[0, T + 1]))
    a, b = np.array(net_stats), np.array(law_stats)
    for j in range(a.shape[1]):
        assert stats.ks_2samp(a[:, j], b[:, j]).pvalue > 1e-3, j


def test_too_narrow_widths_are_refused():
    with pytest.raises(ValueError, match="C \\+ T"):
        deep_linear.dual_gram((4, 4, 4), 3, 4, 1.0, np.random.default_rng(0))
