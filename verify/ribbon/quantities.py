"""``sloppy eval`` quantities of the hyper-ribbon theory (registered into ``verify.quantities``)."""
