"""Checks of the hyper-ribbon ensemble claims."""
