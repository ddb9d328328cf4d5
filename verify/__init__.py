"""Numerical verification of the theory: evaluation, simulation, checks, reports, CLI.

Importing this package has no side effects on the caller's process: the one-BLAS-thread default of the
``sloppy`` command is applied by :func:`verify.cli.main` for the duration of a command (``threadpoolctl``).
"""
