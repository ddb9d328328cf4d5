"""Run settings shared by every check: profile sizes, seed, precision, backend, progress sink."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Profile:
    """How hard the checks try.  ``examples``: Hypothesis examples per property; ``seeds``: networks per
    width in statistical checks; ``widths``: the width sweep; ``mc_networks``: tiny networks for the
    finite-width expectation checks (FIN-EXACT).  tanh has no closed form (~0.5 s per layer at 50 digits), so
    property searches draw ``tanh_examples`` extra tanh cases with depth at most ``tanh_max_L``; the
    closed-form activations get the full ``examples`` and depth range.  ``quadrature_examples``: property
    searches whose reference side is adaptive mpmath quadrature (~0.5 s per point).  ``mc_rel_se``: the relative
    standard error each Monte-Carlo cell of a FIN-EXACT check is sized to (F3c, F8b): a relative deviation
    ``delta`` is caught with power 0.9 at the test level when ``mc_rel_se <= delta / 5.2`` (3.89 + 1.28), so
    quick resolves 10 %, standard 2 %, thorough 0.5 %."""

    name: str
    examples: int
    seeds: int
    widths: tuple
    mc_networks: int
    tanh_examples: int
    tanh_max_L: int
    quadrature_examples: int
    mc_rel_se: float


PROFILES = {
    "quick": Profile("quick", examples=25, seeds=16, widths=(125, 250, 500, 1000), mc_networks=10_000,
                     tanh_examples=2, tanh_max_L=4, quadrature_examples=3, mc_rel_se=0.02),
    "standard": Profile("standard", examples=100, seeds=16, widths=(125, 250, 500, 1000, 2000),
                        mc_networks=200_000, tanh_examples=8, tanh_max_L=8, quadrature_examples=30,
                        mc_rel_se=0.004),
    "thorough": Profile("thorough", examples=400, seeds=64, widths=(250, 500, 1000, 2000, 4000, 8000, 16384),
                        mc_networks=2_000_000, tanh_examples=40, tanh_max_L=30,
                         quadrature_examples=150, mc_rel_se=0.001),
}


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@dataclass
class Context:
    """Everything a check may read.  ``dps`` is the primary precision; goldens are confirmed at ``dps2``."""

    profile: Profile = PROFILES["quick"]
    seed: int = 0
    dps: int = 50
    backend: object = None
    progress: Callable[[str], None] = field(default=_stderr)

    def __post_init__(self):
        if self.backend is None:
            from .backend import get_backend
            self.backend = get_backend("numpy")

    @property
    def dps2(self) -> int:
        return self.dps + 10

    @property
    def xp(self):
        return self.backend.xp

    def settings(self) -> dict:
        return {"profile": self.profile.name, "seed": self.seed, "dps": self.dps, "dps_confirm": self.dps2,
                "backend": self.backend.name}
