"""Fixtures for the widget tests: a fresh response file and settings per test, the bundled
cases. Helpers are in widgetkit.py."""

from __future__ import annotations

import pytest

import casebook.widgets.common as common
from casebook.loading import load_case


@pytest.fixture(autouse=True)
def _fresh_response_file(response_file):
    """Every test here gets the shared ``response_file`` fixture (tests/conftest.py)."""
    return response_file


@pytest.fixture(autouse=True)
def _nothing_answered_yet():
    """What the learner has answered is kernel-wide state: start every test without any."""
    common._ANSWERED.clear()
    common._FILE_CACHE.clear()
    yield
    common._ANSWERED.clear()
    common._FILE_CACHE.clear()


@pytest.fixture
def assessment(monkeypatch):
    monkeypatch.setenv("CASEBOOK_MODE", "assessment")


@pytest.fixture(scope="session")
def case1():
    return load_case("case1")


@pytest.fixture(scope="session")
def case2():
    return load_case("case2")
