"""Fixtures shared by the test tree."""

from __future__ import annotations

import pytest

from casebook import responses


@pytest.fixture
def response_file(tmp_path, monkeypatch):
    """A fresh response file for one test: practice mode, learner "tester", nothing left over
    from other tests in this process's settings or environment."""
    path = tmp_path / "responses.jsonl"
    for key in ("learner", "mode", "responses", "release"):
        monkeypatch.setitem(responses._settings, key, None)
    # The learner-id sources above CASEBOOK_LEARNER (casebook/identity.py): none in unit tests.
    for name in ("CASEBOOK_MODE", "CASEBOOK_RELEASE", "JUPYTERHUB_USER", "QUERY_STRING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CASEBOOK_RESPONSES", str(path))
    monkeypatch.setenv("CASEBOOK_LEARNER", "tester")
    return path
