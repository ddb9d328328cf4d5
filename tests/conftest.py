"""Hypothesis profiles: ``ci`` (deterministic, the default) and ``thorough`` (local and GPU runs).

Select with ``HYPOTHESIS_PROFILE=thorough``.  The verifier's own property searches take their sizes from
the ``sloppy`` profile in the check context; these settings govern the tests' own ``@given`` tests.
"""
import os

import pytest
from hypothesis import HealthCheck, settings
from threadpoolctl import threadpool_limits

settings.register_profile("ci", derandomize=True, database=None, max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True, scope="session")
def _one_blas_thread():
    """The suite runs with one BLAS thread, as the ``sloppy`` command does (see ``sloppy_verifier.verify.cli._blas_threads``)."""
    import numpy  # noqa: F401 - threadpoolctl limits loaded libraries only
    import scipy.linalg  # noqa: F401

    with threadpool_limits(limits=1, user_api="blas"):
        yield


@pytest.fixture(autouse=True)
def _cli_crash_fails_the_test(monkeypatch):
    """A crash of ``sloppy`` (exit 3, "internal error") in any in-process CLI call fails the test, whatever the test
    asserts about the return code (a subprocess call asserts rc != 3 itself, e.g. tests/test_cli_paths.py)."""
    from sloppy_verifier.verify import cli

    def crash(exc):
        pytest.fail(f"sloppy crashed (exit 3): {type(exc).__name__}: {exc}", pytrace=False)
    monkeypatch.setattr(cli, "internal_error", crash)


@pytest.fixture(autouse=True)
def _fresh_ball_programs():
    """Each test compiles its own ball programs (``verify.certify.balls.compile_program`` is an LRU cache): a program
    compiled by an earlier test would hide a change of the compiler (mutmut's mutants run in processes forked after
    the whole selection ran once, benchmarks/mutmut_engine.sh)."""
    import sys
    balls = sys.modules.get("sloppy_verifier.verify.certify.balls")
    if balls is not None:
        balls.compile_program.cache_clear()
