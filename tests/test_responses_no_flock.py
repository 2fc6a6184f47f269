"""A browser-only kernel (JupyterLite, Pyodide) has ``fcntl`` without ``flock``: answers are
still recorded, by a plain append (the weaker guarantee is in docs/guarantees.md)."""

from __future__ import annotations

import types

from casebook import responses


def _no_flock(monkeypatch):
    # Pyodide's fcntl: the module and its constants exist, flock does not.
    fake = types.ModuleType("fcntl")
    fake.LOCK_EX, fake.LOCK_UN = 2, 8
    monkeypatch.setattr(responses, "fcntl", fake)


def _record(i):
    return responses.record_response(
        case="case1", day=1, exercise="ice", answer={"i": i}, result={"correct": True}, attempt=1
    )


def test_records_are_appended_without_flock(response_file, monkeypatch):
    _no_flock(monkeypatch)
    assert responses._flock() is None
    for i in range(20):
        _record(i)
    records, problems = responses.read_responses(response_file)
    assert problems == []
    assert [r["answer"]["i"] for r in records] == list(range(20))


def test_without_flock_a_torn_line_is_still_ended_first(response_file, monkeypatch):
    _no_flock(monkeypatch)
    response_file.write_bytes(b'{"v": 1, "torn')
    _record(0)
    records, problems = responses.read_responses(response_file)
    assert [r["answer"]["i"] for r in records] == [0]
    assert len(problems) == 1 and "line 1" in problems[0]


def test_without_fcntl_at_all(response_file, monkeypatch):
    monkeypatch.setattr(responses, "fcntl", None)
    assert responses._flock() is None
    _record(1)
    assert responses.read_responses(response_file)[0][0]["answer"] == {"i": 1}


def test_with_flock_the_lock_is_taken_and_released(response_file, monkeypatch):
    calls = []
    real = responses.fcntl
    fake = types.ModuleType("fcntl")
    fake.LOCK_EX, fake.LOCK_UN = real.LOCK_EX, real.LOCK_UN
    fake.flock = lambda fd, op: calls.append(op) or real.flock(fd, op)
    monkeypatch.setattr(responses, "fcntl", fake)
    _record(2)
    assert calls == [real.LOCK_EX, real.LOCK_UN]
