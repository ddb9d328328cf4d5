"""Checks of the registered claims; importing this package registers them in ``verify.check.CHECKS``."""
from . import (fisher_hp, fisher_mc, fisher_sim, ribbon_distances, ribbon_dynamics, ribbon_ensemble,  # noqa: F401
               ribbon_inpca)
