"""Response records: settings, appending whole lines (also concurrently and when killed),
tolerant reading, and the learner's own progress table."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from casebook import responses
from casebook.report import my_progress
from casebook.report.figures import first_attempts

ENV_VARS = ("CASEBOOK_LEARNER", "CASEBOOK_MODE", "CASEBOOK_RESPONSES", "CASEBOOK_RELEASE")
ICE_RESULT = {
    "score": 7,
    "reference": 8,
    "correct": False,
    "items": {"naming": {"learner": 2, "reference": 3, "correct": False}},
    "grade": 1,
    "reference_grade": 1,
}
ICE_ANSWER = {
    "orientation": {"year": True, "month": True, "city": True, "hospital": True},
    "naming": 2,
    "commands": 1,
    "writing": 0,
    "attention": 0,
}


@pytest.fixture(autouse=True)
def clean_settings(monkeypatch, tmp_path):
    """Each test starts with nothing configured, no CASEBOOK_* variables, cwd = tmp_path."""
    monkeypatch.setattr(
        responses,
        "_settings",
        {"learner": None, "mode": None, "responses": None, "release": None},
    )
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def record(**overrides):
    kwargs = {
        "case": "case1",
        "day": 5,
        "exercise": "ice",
        "answer": ICE_ANSWER,
        "result": ICE_RESULT,
        "attempt": 1,
    }
    kwargs.update(overrides)
    return responses.record_response(**kwargs).to_dict()


def valid_line(**overrides) -> str:
    rec = {
        "v": 1,
        "time": "2026-11-25T19:30:00+00:00",
        "learner": "ab12",
        "case": "case1",
        "day": 5,
        "exercise": "ice",
        "answer": ICE_ANSWER,
        "result": ICE_RESULT,
        "attempt": 1,
        "mode": "practice",
    }
    rec.update(overrides)
    return json.dumps(rec)


# -- settings ------------------------------------------------------------------------------------
def test_defaults(tmp_path):
    assert responses.get_learner() == "anonymous"
    assert responses.current_mode() == "practice"
    assert responses.feedback_visible() is True
    assert responses.responses_path() == tmp_path / "casebook-responses.jsonl"


def test_environment_is_used_when_nothing_configured(monkeypatch, tmp_path):
    monkeypatch.setenv("CASEBOOK_LEARNER", "env.user@x")
    monkeypatch.setenv("CASEBOOK_MODE", "assessment")
    monkeypatch.setenv("CASEBOOK_RESPONSES", str(tmp_path / "env.jsonl"))
    assert responses.get_learner() == "env.user@x"
    assert responses.current_mode() == "assessment"
    assert responses.responses_path() == tmp_path / "env.jsonl"
    assert responses.feedback_visible() is False
    monkeypatch.setenv("CASEBOOK_RELEASE", "1")
    assert responses.feedback_visible() is True


def test_configure_and_set_learner_take_precedence_over_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CASEBOOK_LEARNER", "from-env")
    monkeypatch.setenv("CASEBOOK_MODE", "assessment")
    monkeypatch.setenv("CASEBOOK_RESPONSES", str(tmp_path / "env.jsonl"))
    monkeypatch.setenv("CASEBOOK_RELEASE", "1")
    responses.set_learner("set_in_kernel")
    responses.configure(mode="practice", responses=tmp_path / "mine.jsonl")
    assert responses.get_learner() == "set_in_kernel"
    assert responses.current_mode() == "practice"
    assert responses.responses_path() == tmp_path / "mine.jsonl"
    responses.configure(mode="assessment", release=False)
    assert responses.feedback_visible() is False  # configure beats CASEBOOK_RELEASE=1
    # None leaves a setting as it was
    responses.configure(release=None)
    assert responses.current_mode() == "assessment"
    assert responses.responses_path() == tmp_path / "mine.jsonl"
    responses.configure(release=True)
    assert responses.feedback_visible() is True


@pytest.mark.parametrize("bad", ["", "a b", "<script>", "x" * 65, "é", "a/b", "a\nb"])
def test_bad_learner_id_is_refused_naming_value_and_rule(bad):
    with pytest.raises(ValueError) as info:
        responses.set_learner(bad)
    message = str(info.value)
    assert repr(bad) in message
    assert "1-64 characters" in message and "'@'" in message
    assert responses.get_learner() == "anonymous"


@pytest.mark.parametrize("good", ["a", "ab12", "Jane.Doe@example.org", "x_y-z", "9" * 64])
def test_good_learner_ids(good):
    responses.set_learner(good)
    assert responses.get_learner() == good


def test_bad_learner_in_environment_names_the_variable(monkeypatch):
    monkeypatch.setenv("CASEBOOK_LEARNER", "no spaces")
    with pytest.raises(ValueError, match=r"CASEBOOK_LEARNER.*'no spaces'"):
        responses.get_learner()


def test_bad_mode_is_refused_naming_value(monkeypatch):
    with pytest.raises(ValueError, match=r"'exam'.*'practice' or 'assessment'"):
        responses.configure(mode="exam")
    assert responses.current_mode() == "practice"
    monkeypatch.setenv("CASEBOOK_MODE", "quiz")
    with pytest.raises(ValueError, match=r"CASEBOOK_MODE.*'quiz'"):
        responses.current_mode()


def test_bad_release_values(monkeypatch):
    with pytest.raises(ValueError, match="'yes'"):
        responses.configure(release="yes")
    monkeypatch.setenv("CASEBOOK_MODE", "assessment")
    monkeypatch.setenv("CASEBOOK_RELEASE", "maybe")
    with pytest.raises(ValueError, match=r"CASEBOOK_RELEASE.*'maybe'"):
        responses.feedback_visible()


# -- writing -------------------------------------------------------------------------------------
def test_record_round_trip_and_fields(tmp_path):
    responses.set_learner("ab12")
    responses.configure(mode="assessment")
    rec = record()
    assert set(rec) == {
        "v",
        "time",
        "learner",
        "case",
        "day",
        "exercise",
        "answer",
        "result",
        "attempt",
        "mode",
    }
    assert rec["v"] == 1 and rec["learner"] == "ab12" and rec["mode"] == "assessment"
    assert rec["time"].endswith("+00:00")
    path = tmp_path / "casebook-responses.jsonl"
    raw = path.read_bytes()
    assert raw.endswith(b"\n") and raw.count(b"\n") == 1
    records, problems = responses.read_responses(path)
    assert problems == []
    assert records == [rec]


def test_record_response_returns_the_typed_record_as_written(tmp_path):
    responses.set_learner("ab12")
    rec = responses.record_response(
        case="case1", day=5, exercise="ice", answer=ICE_ANSWER, result=ICE_RESULT, attempt=1
    )
    assert isinstance(rec, responses.Response)
    assert (rec.learner, rec.case, rec.day, rec.exercise, rec.attempt) == (
        "ab12",
        "case1",
        5,
        "ice",
        1,
    )
    assert rec.problems() == []
    records, _ = responses.read_responses(tmp_path / "casebook-responses.jsonl")
    assert records == [rec.to_dict()]
    assert list(records[0]) == list(rec.to_dict())  # the file's field order


def test_record_refuses_invalid_fields(tmp_path):
    with pytest.raises(ValueError, match=r"field 'day' is -1"):
        record(day=-1)
    with pytest.raises(ValueError, match=r"field 'attempt' is 0"):
        record(attempt=0)
    with pytest.raises(ValueError, match="not JSON data"):
        record(answer={"x": object()})
    assert not (tmp_path / "casebook-responses.jsonl").exists()


def test_unwritable_folder_raises_oserror_naming_the_path(tmp_path):
    target = tmp_path / "no-such-folder" / "r.jsonl"
    responses.configure(responses=target)
    with pytest.raises(OSError) as info:
        record()
    assert str(target) in str(info.value)
    assert "casebook.configure(responses=...)" in str(info.value)


def test_torn_last_line_is_reported_and_next_record_stays_whole(tmp_path):
    path = tmp_path / "casebook-responses.jsonl"
    responses.configure(responses=path)
    first = record()
    with open(path, "ab") as fh:
        fh.write(b'{"v": 1, "time": "2026-11-2')  # a torn write: no newline
    second = record(day=6)
    records, problems = responses.read_responses(path)
    assert records == [first, second]
    assert problems == [
        f"{path}, line 2: not a complete JSON object (truncated or corrupt); skipped"
    ]
    assert path.read_bytes().count(b"\n") == 3


# Child process used by the concurrency and kill tests: append records in a loop.
APPENDER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from casebook import responses
    path, worker, count, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    responses.configure(responses=path)
    responses.set_learner("w" + worker)
    while not Path(start).exists():
        time.sleep(0.005)
    i = 0
    while count < 0 or i < count:
        responses.record_response(
            case="case1", day=1, exercise="decision",
            answer={"chosen": ["x" * (i % 50)], "i": i, "pad": "y" * 3000},
            result={"score": 0.5, "correct": False, "items": {}}, attempt=i + 1,
        )
        i += 1
    """
)


def start_appenders(tmp_path, workers, count):
    script = tmp_path / "appender.py"
    script.write_text(APPENDER)
    path = tmp_path / "shared.jsonl"
    start = tmp_path / "go"
    env = {k: v for k, v in os.environ.items() if k not in ENV_VARS}
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(path), str(w), str(count), str(start)], env=env
        )
        for w in range(workers)
    ]
    start.touch()
    return path, procs


@pytest.mark.slow
def test_concurrent_appends_from_several_processes_lose_nothing(tmp_path):
    path, procs = start_appenders(tmp_path, workers=4, count=200)
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    records, problems = responses.read_responses(path)
    assert problems == []
    assert len(records) == 800
    assert path.read_bytes().count(b"\n") == 800
    for w in range(4):
        seen = [r["answer"]["i"] for r in records if r["learner"] == f"w{w}"]
        assert seen == list(range(200))  # each writer's lines in order, none lost


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_process_killed_mid_run_leaves_earlier_lines_intact(tmp_path):
    path, procs = start_appenders(tmp_path, workers=1, count=-1)
    proc = procs[0]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= 50:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    raw_lines = path.read_bytes().split(b"\n")
    whole = raw_lines[:-1]  # everything before the last newline
    assert len(whole) >= 50
    for number, line in enumerate(whole, start=1):
        assert json.loads(line)["answer"]["i"] == number - 1
    # Whatever the kill left behind, the next append is whole and readable.
    responses.configure(responses=path)
    responses.set_learner("after")
    record()
    records, problems = responses.read_responses(path)
    assert records[-1]["learner"] == "after"
    assert len(records) >= len(whole) + 1
    assert all("line" in p for p in problems) and len(problems) <= 1


# -- reading -------------------------------------------------------------------------------------
def test_read_folders_recursively_and_report_missing_paths(tmp_path):
    (tmp_path / "class" / "group2").mkdir(parents=True)
    (tmp_path / "class" / "ana.jsonl").write_text(valid_line(learner="ana") + "\n")
    (tmp_path / "class" / "group2" / "ben.jsonl").write_text(
        valid_line(learner="ben") + "\n" + valid_line(learner="ben", attempt=2) + "\n"
    )
    (tmp_path / "class" / "notes.txt").write_text("not a response file")
    (tmp_path / "empty").mkdir()
    records, problems = responses.read_responses(
        [tmp_path / "class", tmp_path / "missing.jsonl", tmp_path / "empty"]
    )
    assert sorted(r["learner"] for r in records) == ["ana", "ben", "ben"]
    assert problems == [
        f"{tmp_path / 'missing.jsonl'}: no such file or folder; skipped",
        f"{tmp_path / 'empty'}: folder has no *.jsonl response files",
    ]


def test_read_accepts_a_single_path_string(tmp_path):
    (tmp_path / "a.jsonl").write_text(valid_line())
    records, problems = responses.read_responses(str(tmp_path / "a.jsonl"))
    assert len(records) == 1 and problems == []


def test_non_utf8_and_blank_lines(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(valid_line().encode() + b"\n\n" + b'{"v": 1, "x": "\xff\xfe"}\n')
    records, problems = responses.read_responses(path)
    assert len(records) == 1
    assert problems == [f"{path}, line 3: not UTF-8 text (byte 0xff at column 16); skipped"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[1, 2]", "expected a JSON object, found list"),
        (valid_line(v=2), "field 'v' is 2 (int); expected the format version 1"),
        (valid_line(time="yesterday"), "field 'time' is 'yesterday'"),
        (valid_line(time="2026-11-25T19:30:00"), "with a UTC offset"),
        (valid_line(learner=""), "field 'learner' is '' (str); expected a non-empty text"),
        (valid_line(day="5"), "field 'day' is '5' (str); expected a whole number >= 0"),
        (valid_line(day=True), "field 'day' is True (bool)"),
        (valid_line(exercise="ICE!"), "field 'exercise' is 'ICE!'"),
        (valid_line(answer=[1]), "field 'answer' is [1] (list); expected a JSON object"),
        (valid_line(result={"score": 1}), "field 'result.correct' is '(missing)'"),
        (
            valid_line(result={"score": "7", "correct": True}),
            "field 'result.score' is '7' (str); expected a number or null",
        ),
        (valid_line(attempt=0), "field 'attempt' is 0 (int); expected a whole number >= 1"),
        (valid_line(mode="exam"), "field 'mode' is 'exam' (str); expected 'practice' or"),
    ],
)
def test_invalid_records_are_reported_with_field_value_and_expectation(tmp_path, line, expected):
    path = tmp_path / "r.jsonl"
    path.write_text(valid_line(learner="ok") + "\n" + line + "\n")
    records, problems = responses.read_responses(path)
    assert [r["learner"] for r in records] == ["ok"]
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}, line 2: ")
    assert expected in problems[0]
    assert problems[0].endswith("; skipped")


def test_missing_field_is_named(tmp_path):
    rec = json.loads(valid_line())
    del rec["learner"]
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(rec))
    _, problems = responses.read_responses(path)
    assert problems == [
        f"{path}, line 1: field 'learner' is missing (expected a non-empty text); skipped"
    ]


def test_first_attempts_pick_lowest_attempt_then_earliest():
    recs = [
        json.loads(valid_line(attempt=2, time="2026-11-25T10:00:00+00:00")),
        json.loads(valid_line(attempt=1, time="2026-11-25T12:00:00+00:00")),
        json.loads(valid_line(attempt=1, time="2026-11-25T13:00:00+02:00")),  # 11:00 UTC
    ]
    firsts = first_attempts(recs)
    assert list(firsts) == [("ab12", "case1", 5, "ice", "")]
    assert firsts[("ab12", "case1", 5, "ice", "")] is recs[2]


# -- my_progress ---------------------------------------------------------------------------------
def test_my_progress_nothing_recorded(tmp_path):
    progress = my_progress()
    assert progress.rows == []
    text = progress._repr_html_()
    assert "No answers recorded yet" in text and "anonymous" in text
    assert "<table" not in text


def test_my_progress_rows_for_current_learner_only(tmp_path):
    responses.set_learner("ab12")
    record(result=ICE_RESULT, attempt=1)
    record(result={**ICE_RESULT, "score": 8, "correct": True}, attempt=2)
    decision = {"score": 1.0, "reference": ["a"], "correct": True, "items": {}, "decision": "d-1"}
    record(exercise="decision", answer={"chosen": ["a"]}, result=decision, day=5, attempt=1)
    responses.set_learner("someone-else")
    record(day=9)
    responses.set_learner("ab12")
    progress = my_progress()
    rows = [
        (r["day"], r["exercise"], r["first-attempt score"], r["correct"], r["attempts"])
        for r in progress.rows
    ]
    assert rows == [(5, "decision d-1", "1", "yes", 1), (5, "ice", "7 (reference 8)", "no", 2)]
    html_text = progress._repr_html_()
    assert "7 (reference 8)" in html_text and "first-attempt score" in html_text
    assert "Progress of ab12" in repr(progress)


def test_my_progress_hides_scores_in_assessment_until_released(tmp_path):
    responses.set_learner("ab12")
    responses.configure(mode="assessment")
    record()
    hidden = my_progress()._repr_html_()
    assert "answers are recorded" in hidden
    assert "first-attempt score" not in hidden and "reference 8" not in hidden
    assert "<td>1</td>" in hidden  # attempts still shown
    responses.configure(release=True)
    shown = my_progress()._repr_html_()
    assert "7 (reference 8)" in shown


def test_my_progress_escapes_text(tmp_path):
    weird = tmp_path / "a&b"
    weird.mkdir()
    path = weird / "r.jsonl"
    path.write_text(
        valid_line(case="<script>alert(1)</script>") + "\n" + "<img src=x onerror=alert(2)>\n"
    )
    responses.set_learner("ab12")
    text = my_progress(path=path)._repr_html_()
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "a&amp;b" in text
    assert "line 2: not a complete JSON object" in text


def test_learner_id_set_in_one_notebook_carries_to_the_next(tmp_path, monkeypatch):
    # Each notebook runs in its own kernel; the id set once in 00_start_here must reach them.
    monkeypatch.delenv("CASEBOOK_LEARNER", raising=False)
    monkeypatch.setenv("CASEBOOK_RESPONSES", str(tmp_path / "responses.jsonl"))
    monkeypatch.setattr(responses, "_settings", dict.fromkeys(responses._settings))
    responses.set_learner("resident-07")
    assert (tmp_path / "casebook-learner.txt").read_text(encoding="utf-8") == "resident-07\n"
    # a fresh kernel: nothing set in memory
    monkeypatch.setattr(responses, "_settings", dict.fromkeys(responses._settings))
    assert responses.get_learner() == "resident-07"
    monkeypatch.setenv("CASEBOOK_LEARNER", "hub-id")
    assert responses.get_learner() == "hub-id"


def test_learner_file_with_a_bad_id_is_an_error_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.delenv("CASEBOOK_LEARNER", raising=False)
    monkeypatch.setenv("CASEBOOK_RESPONSES", str(tmp_path / "responses.jsonl"))
    monkeypatch.setattr(responses, "_settings", dict.fromkeys(responses._settings))
    (tmp_path / "casebook-learner.txt").write_text("<b>x</b>\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"casebook-learner\.txt.*'<b>x</b>'"):
        responses.get_learner()
