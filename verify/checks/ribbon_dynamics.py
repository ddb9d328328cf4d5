"""Checks of the hyper-ribbon dynamics claims."""
