"""Fixtures for the hardening tests: a fresh response file and settings per test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_response_file(response_file):
    """Every test here gets the shared ``response_file`` fixture (tests/conftest.py)."""
    return response_file
