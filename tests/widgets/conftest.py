"""Fixtures for the widget tests: a fresh response file and settings per test, the bundled
cases. Helpers are in widgetkit.py."""

from __future__ import annotations

import pytest

from casebook import responses
from casebook.loading import load_case


@pytest.fixture(autouse=True)
def response_file(tmp_path, monkeypatch):
    """A fresh response file per test, practice mode, no settings left from other tests."""
    path = tmp_path / "responses.jsonl"
    for key in ("learner", "mode", "responses", "release"):
        monkeypatch.setitem(responses._settings, key, None)
    for name in ("CASEBOOK_MODE", "CASEBOOK_RELEASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CASEBOOK_RESPONSES", str(path))
    monkeypatch.setenv("CASEBOOK_LEARNER", "tester")
    return path


@pytest.fixture
def assessment(monkeypatch):
    monkeypatch.setenv("CASEBOOK_MODE", "assessment")


@pytest.fixture(scope="session")
def case1():
    return load_case("case1")


@pytest.fixture(scope="session")
def case2():
    return load_case("case2")
