"""Checks of the hyper-ribbon distances claims."""
