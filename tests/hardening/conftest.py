"""Fixtures for the hardening tests: a fresh response file and settings per test.

Every test in this folder is marked ``slow`` (subprocesses, mutations of whole cases, network
guards): ``make test-fast`` leaves them out, ``make test`` runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fresh_response_file(response_file):
    """Every test here gets the shared ``response_file`` fixture (tests/conftest.py)."""
    return response_file
