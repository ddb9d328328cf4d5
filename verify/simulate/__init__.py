"""Finite-width simulations of random networks on NumPy or CuPy (spec/fisher.md §2.2)."""
from sloppy_verifier.verify.simulate.dynamics import hessian_fd, linearised_gd, loss_and_grad, network_gd
from sloppy_verifier.verify.simulate.fim import (batched_trace_mc, centred, dual_gram, euler_products, explicit_jacobian,
                                 finite_difference_jacobian, fim_statistics, fisher_rao, isotropic_perturbation,
                                 layer_blocks, param_count)
from sloppy_verifier.verify.simulate.network import (Forward, NetSpec, Network, activation, backward, forward, iter_backward,
                                     output, params, sample, with_params)

__all__ = [
    "NetSpec", "Network", "Forward", "activation", "sample", "forward", "backward", "iter_backward", "output",
    "params", "with_params", "dual_gram", "layer_blocks", "param_count", "fim_statistics", "centred",
    "explicit_jacobian", "finite_difference_jacobian", "euler_products", "fisher_rao", "batched_trace_mc",
    "isotropic_perturbation", "linearised_gd", "loss_and_grad", "network_gd", "hessian_fd",
]
