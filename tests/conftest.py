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
    """The suite runs with one BLAS thread, as the ``sloppy`` command does (see ``verify.cli._blas_threads``)."""
    import numpy  # noqa: F401 - threadpoolctl limits loaded libraries only
    import scipy.linalg  # noqa: F401

    with threadpool_limits(limits=1, user_api="blas"):
        yield
