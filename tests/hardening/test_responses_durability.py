"""Lost data: what tests/test_responses.py does not already cover. Two processes clicking Check
and Submit in the real widgets at once, after a torn line; reading while another process writes;
line separators inside answers; the saved learner id while another notebook sets it.

(Covered there: several processes appending through record_response, a writer killed with
SIGKILL, a torn last line followed by a whole record, unreadable and invalid lines.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from casebook import responses

ENV_VARS = ("CASEBOOK_LEARNER", "CASEBOOK_MODE", "CASEBOOK_RESPONSES", "CASEBOOK_RELEASE")

# A kernel stand-in: builds the real widgets and presses Check / Submit in a loop.
CLICKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from casebook import load_case
    from casebook.widgets import decision_exercise, ice_exercise
    start, count = Path(sys.argv[1]), int(sys.argv[2])
    case = load_case("case1")
    day = next(d for d, e in sorted(case.exams.items()) if e.testable)
    from casebook.widgets.answer import AnswerArea
    def area(widget):
        todo = [widget]
        while todo:
            w = todo.pop()
            if isinstance(w, AnswerArea):
                return w
            todo += list(getattr(w, "children", ()))
    ice = area(ice_exercise(case, day))
    decision = area(decision_exercise(case, case.decisions[0].id))
    replies = []
    for a in (ice, decision):
        a.send = lambda content, buffers=None: replies.append(content)
    full = {"orientation": dict.fromkeys(("year", "month", "city", "hospital"), True),
            "naming": 3, "commands": 1, "writing": 1, "attention": 1}
    first = case.decisions[0].options[0].id
    while not start.exists():
        time.sleep(0.002)
    for seq in range(1, count + 1):
        # the messages the page sends on Check and Submit (casebook.widgets.answer)
        ice._handle_custom_msg({"type": "answer", "seq": seq, "answer": full, "shown": True}, [])
        decision._handle_custom_msg(
            {"type": "answer", "seq": seq, "answer": [first], "shown": True}, [])
        for reply in replies[-2:]:
            assert reply["type"] == "saved" and reply["seq"] == seq, reply
    """
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_VARS}
    env.update(extra)
    return env


def test_two_kernels_clicking_at_once_after_a_torn_line_lose_nothing(tmp_path):
    path = tmp_path / "shared.jsonl"
    torn = b'{"v": 1, "time": "2026-11-25T19:3'  # a kernel died mid-write earlier
    path.write_bytes(torn)
    script = tmp_path / "clicker.py"
    script.write_text(CLICKER)
    start = tmp_path / "go"
    count = 40
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(start), str(count)],
            env=_env(CASEBOOK_RESPONSES=str(path), CASEBOOK_LEARNER=f"k{k}"),
            stderr=subprocess.PIPE,
        )
        for k in range(2)
    ]
    time.sleep(0.5)
    start.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    assert lines[0] == torn and lines[-1] == b""  # the torn line stands alone; file ends whole
    parsed = [json.loads(line) for line in lines[1:-1]]  # every other line is whole JSON
    assert len(parsed) == 2 * 2 * count
    records, problems = responses.read_responses(path)
    assert problems == [
        f"{path}, line 1: not a complete JSON object (truncated or corrupt); skipped"
    ]
    assert records == parsed
    for k in range(2):
        for exercise in ("ice", "decision"):
            attempts = [
                r["attempt"]
                for r in records
                if r["learner"] == f"k{k}" and r["exercise"] == exercise
            ]
            assert attempts == list(range(1, count + 1))  # each once, in order


WRITER = textwrap.dedent(
    """
    import sys
    from casebook import responses
    responses.configure(responses=sys.argv[1])
    responses.set_learner("writer")
    for i in range(int(sys.argv[2])):
        responses.record_response(
            case="case1", day=1, exercise="decision", answer={"i": i, "pad": "p" * (i * 37 % 9000)},
            result={"score": 1.0, "correct": True, "items": {}}, attempt=i + 1,
        )
    """
)


def test_reading_while_another_process_writes(tmp_path):
    path = tmp_path / "live.jsonl"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    total = 400
    proc = subprocess.Popen([sys.executable, str(script), str(path), str(total)], env=_env())
    seen, reads = 0, 0
    try:
        while proc.poll() is None or reads == 0:
            if not path.exists():
                continue
            records, problems = responses.read_responses(path)  # never raises
            reads += 1
            assert len(records) >= seen  # nothing that was read once disappears
            assert [r["answer"]["i"] for r in records] == list(range(len(records)))
            # only the line being written right now may be incomplete
            assert len(problems) <= 1
            for problem in problems:
                assert f"line {len(records) + 1}:" in problem
            seen = len(records)
    finally:
        proc.wait(timeout=120)
    assert proc.returncode == 0
    records, problems = responses.read_responses(path)
    assert problems == [] and len(records) == total and reads > 1


def test_line_separators_inside_answers_keep_one_record_per_line(tmp_path):
    responses.configure(responses=tmp_path / "r.jsonl")
    tricky = 'a\nb\rc\u2028d\u2029e\x85f\x00g"h\\i'
    rec = responses.record_response(
        case="case1",
        day=1,
        exercise="decision",
        answer={"chosen": [tricky], tricky: tricky},
        result={"score": 0.5, "correct": False, "items": {}},
        attempt=1,
    )
    raw = (tmp_path / "r.jsonl").read_bytes()
    assert raw.count(b"\n") == 1 and raw.endswith(b"\n")
    records, problems = responses.read_responses(tmp_path / "r.jsonl")
    assert problems == [] and records == [rec.to_dict()]
    assert records[0]["answer"]["chosen"] == [tricky]


SETTER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from casebook import responses
    responses.configure(responses=sys.argv[1])
    stop = Path(sys.argv[2])
    while not stop.exists():
        responses.set_learner("ab12")
    """
)


def test_saved_learner_id_is_never_read_half_written(tmp_path, monkeypatch):
    """Another notebook setting the id again must never make this one record as anonymous."""
    path = tmp_path / "r.jsonl"
    script = tmp_path / "setter.py"
    script.write_text(SETTER)
    stop = tmp_path / "stop"
    responses.configure(responses=path)
    responses.set_learner("ab12")
    monkeypatch.setitem(responses._settings, "learner", None)  # this kernel did not set it
    monkeypatch.delenv("CASEBOOK_LEARNER", raising=False)
    proc = subprocess.Popen([sys.executable, str(script), str(path), str(stop)], env=_env())
    try:
        time.sleep(0.5)
        deadline = time.monotonic() + 3
        seen = set()
        while time.monotonic() < deadline:
            seen.add(responses.get_learner())
    finally:
        stop.touch()
        proc.wait(timeout=60)
    assert seen == {"ab12"}


def test_record_after_a_torn_line_without_newline_at_end_of_a_valid_line(tmp_path):
    """A file whose last whole record lost only its newline: both records stay readable."""
    path = tmp_path / "r.jsonl"
    responses.configure(responses=path)
    first = responses.record_response(
        case="case1",
        day=1,
        exercise="ice",
        answer={},
        result={"correct": True},
        attempt=1,
    )
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    second = responses.record_response(
        case="case1", day=2, exercise="ice", answer={}, result={"correct": False}, attempt=1
    )
    records, problems = responses.read_responses(path)
    assert problems == [] and records == [first.to_dict(), second.to_dict()]
    assert Path(path).read_bytes().count(b"\n") == 2
