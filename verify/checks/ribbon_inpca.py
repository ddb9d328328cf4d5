"""Checks of the hyper-ribbon inpca claims."""
