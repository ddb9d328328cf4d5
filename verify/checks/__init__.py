"""Checks of the registered claims; importing this package registers them in ``verify.check.CHECKS``."""
from . import (fisher_hp, fisher_mc, fisher_sim, ribbon_certificates, ribbon_distances,  # noqa: F401
               ribbon_dynamics, ribbon_ensemble, ribbon_hankel, ribbon_inpca, ribbon_kernels, ribbon_phase,
               ribbon_sgd, ribbon_sweep)
