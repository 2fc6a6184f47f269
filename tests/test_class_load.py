"""A class of 30 learners (processes) answering at once into one shared response file: no line
lost, torn, doubled or out of order (benchmarks/classload.py; make bench reports the rate)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def classload():
    spec = importlib.util.spec_from_file_location(
        "casebook_bench_classload", ROOT / "benchmarks" / "classload.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_thirty_learners_at_once_lose_and_tear_nothing(classload, tmp_path):
    path = tmp_path / "collection" / "class.jsonl"
    path.parent.mkdir()
    result = classload.run_class(path, learners=30, seconds=2.0)
    assert result["errors"] == {}
    assert result["ready_at_start"] == 30  # they really wrote at the same time
    assert result["min_answers_per_learner"] >= 1
    assert result["torn"] == 0
    assert result["lost"] == 0
    assert result["doubled"] == 0
    assert result["out_of_order"] == []
    assert result["strangers"] == []
    assert result["learners_not_exact"] == []
    assert result["lines"] == result["answers"]
    assert result["ends_with_newline"]


def test_the_checker_sees_a_torn_a_lost_and_a_doubled_line(classload, tmp_path):
    def line(learner, seq):
        return json.dumps(
            {
                "v": 1,
                "time": "2026-12-01T10:00:00+00:00",
                "learner": learner,
                "case": "case1",
                "day": 5,
                "exercise": "decision",
                "answer": {"seq": seq},
                "result": {"correct": True},
                "attempt": 1,
                "mode": "practice",
            }
        )

    path = tmp_path / "class.jsonl"
    lines = [line("a", 0), line("a", 1), line("a", 1), line("b", 0), '{"v": 1, "ti', line("c", 9)]
    path.write_text("\n".join(lines) + "\n")
    result = classload.check_file(path, {"a": 2, "b": 2})
    assert result["torn"] == 1
    assert result["lost"] == 1  # b wrote 2, one is there
    assert result["doubled"] == 1  # a's 1 twice
    assert result["strangers"] == ["c"]
    assert sorted(result["learners_not_exact"]) == ["a", "b"]
