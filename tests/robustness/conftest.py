"""Hypothesis profiles and shared fixtures of the robustness suite.

``ci`` keeps the whole suite well under a minute; ``long`` is the soak run
made outside CI: ``HYPOTHESIS_PROFILE=long python -m pytest tests/robustness
-k fuzz --hypothesis-show-statistics``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "medium",
    max_examples=2_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=25_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A folder that ``nobody`` can reach (pytest's base temp is 0700 for root)."""
    folder = Path(tempfile.mkdtemp(prefix="papers-robust-"))
    folder.chmod(0o777)
    yield folder
    for current, dirs, _ in os.walk(folder):
        for name in dirs:
            if not os.path.islink(os.path.join(current, name)):
                os.chmod(os.path.join(current, name), 0o777)
    shutil.rmtree(folder, ignore_errors=True)
