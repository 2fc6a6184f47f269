"""A class answering at once: ``learners`` processes, each one learner, append answers to ONE
shared response file for ``seconds``, through ``casebook.responses.record_response`` (the path
every Check and Submit takes: ``O_APPEND``, ``flock``, ``fsync``). One shared file is the hard
case: with the per-learner files of deploy/jupyterhub/ no two writers share a file.

Afterwards every line must be a whole, valid record (none torn), and each learner's sequence
numbers must be exactly 0..n-1 for the n answers that learner's process says it wrote (none
lost, none doubled, in order). Used by tests/test_class_load.py (short) and by
``make bench`` (``class_answers_per_s``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["check_file", "run_class"]

_WORKER = """
import sys, time
from casebook import responses
start_at, stop_at = float(sys.argv[1]), float(sys.argv[2])
on_time = int(time.time() < start_at)
while time.time() < start_at:
    time.sleep(0.005)
n = 0
while time.time() < stop_at:
    responses.record_response(
        case="case1", day=5, exercise="decision",
        answer={"seq": n, "chosen": ["continue_blinatumomab", "neurology_review"]},
        result={"score": 1.0, "reference": ["continue_blinatumomab"], "correct": True,
                "decision": "c1-grade2"},
        attempt=1,
    )
    n += 1
print(n, on_time)
"""


def check_file(path: Path, wrote: dict[str, int]) -> dict[str, Any]:
    """Torn lines, lost, doubled and out-of-order answers in ``path``, given how many answers
    each learner says it wrote."""
    from casebook.responses import validate_record

    seen: dict[str, list[int]] = {name: [] for name in wrote}
    torn = 0
    raw = path.read_bytes() if path.exists() else b""
    for line in raw.split(b"\n")[:-1] if raw.endswith(b"\n") else raw.split(b"\n"):
        if not line:
            continue
        try:
            record = json.loads(line)
        except ValueError:
            torn += 1
            continue
        if validate_record(record):
            torn += 1
            continue
        seen.setdefault(record["learner"], []).append(record["answer"]["seq"])
    lost = sum(max(0, wrote[name] - len(set(seen.get(name, [])))) for name in wrote)
    doubled = sum(len(seqs) - len(set(seqs)) for seqs in seen.values())
    out_of_order = [name for name, seqs in seen.items() if seqs != sorted(seqs)]
    strangers = sorted(set(seen) - set(wrote))
    wrong = [name for name in wrote if seen.get(name) != list(range(wrote[name]))]
    return {
        "lines": raw.count(b"\n"),
        "torn": torn,
        "lost": lost,
        "doubled": doubled,
        "out_of_order": out_of_order,
        "strangers": strangers,
        "learners_not_exact": wrong,
        "ends_with_newline": raw.endswith(b"\n") or not raw,
    }


def run_class(
    path: Path, *, learners: int = 30, seconds: float = 5.0, startup_s: float | None = None
) -> dict[str, Any]:
    """Start ``learners`` writer processes, let them append for ``seconds`` from a common start
    time, and check the file. ``answers_per_s`` is every answer written / ``seconds``."""
    startup_s = startup_s if startup_s is not None else 3.0 + 0.25 * learners
    start_at = time.time() + startup_s
    stop_at = start_at + seconds
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env.pop("JUPYTERHUB_USER", None)
    env.pop("QUERY_STRING", None)
    env["CASEBOOK_RESPONSES"] = str(path)
    procs = {}
    for k in range(learners):
        name = f"learner-{k:03d}"
        procs[name] = subprocess.Popen(  # noqa: S603 - this interpreter, our own code
            [sys.executable, "-c", _WORKER, repr(start_at), repr(stop_at)],
            env={**env, "CASEBOOK_LEARNER": name},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    wrote: dict[str, int] = {}
    errors: dict[str, str] = {}
    on_time = 0
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=startup_s + seconds + 120)
        if proc.returncode != 0:
            errors[name] = err.strip()[-500:]
            continue
        count, ready = out.split()
        wrote[name] = int(count)
        on_time += int(ready)
    result = check_file(path, wrote)
    total = sum(wrote.values())
    return {
        "learners": learners,
        "seconds": seconds,
        "answers": total,
        "answers_per_s": round(total / seconds, 1),
        "min_answers_per_learner": min(wrote.values(), default=0),
        "errors": errors,
        # Learners whose process was ready before the common start (all should be).
        "ready_at_start": on_time,
        **result,
    }


if __name__ == "__main__":  # pragma: no cover - manual run
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run_class(Path(tmp) / "class.jsonl"), indent=2))
