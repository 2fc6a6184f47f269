"""Fixtures for the hardening tests: a fresh response file and settings per test."""

from __future__ import annotations

import pytest

from casebook import responses


@pytest.fixture(autouse=True)
def response_file(tmp_path, monkeypatch):
    """A fresh response file per test, practice mode, learner "tester", no other settings."""
    path = tmp_path / "responses.jsonl"
    for key in ("learner", "mode", "responses", "release"):
        monkeypatch.setitem(responses._settings, key, None)
    for name in ("CASEBOOK_MODE", "CASEBOOK_RELEASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CASEBOOK_RESPONSES", str(path))
    monkeypatch.setenv("CASEBOOK_LEARNER", "tester")
    return path
