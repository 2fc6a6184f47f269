"""The exercise types (casebook.exercises): one place names them and says what the report does
with each; the report follows it and still counts a type it does not know."""

from __future__ import annotations

import copy

from test_report import decision, ice

import casebook
from casebook.exercises import EXERCISE_TYPES, exercise_type
from casebook.report.figures import exercise_key, first_attempts, item_misses, option_counts
from casebook.report.page import build_report


def test_each_type_is_named_by_its_key_and_recorded_by_a_public_widget():
    assert set(EXERCISE_TYPES) == {"ice", "decision"}
    for name, kind in EXERCISE_TYPES.items():
        assert kind.name == name and kind.score_note
        module, function = kind.widget.rsplit(".", 1)
        assert module == "casebook" and function in casebook.__all__


def test_the_report_sections_follow_the_registry():
    records = [ice("ana", score=7, wrong=("naming",)), decision("ana", ["stop_blinatumomab"])]
    firsts = first_attempts(records)
    assert [name for name, wrong, _ in item_misses(firsts) if wrong] == ["naming"]
    harmful = option_counts(firsts, "harmful", True)
    assert [(option, n) for _, option, n, _ in harmful] == [("stop_blinatumomab", 1)]
    assert exercise_key(records[1])[3] == "c1-grade1"  # decisions are told apart by their id


def test_an_unknown_type_is_counted_without_type_specific_sections():
    quiz = copy.deepcopy(ice("ana", score=7, wrong=("naming",)))
    quiz["exercise"] = "quiz"
    quiz["result"]["decision"] = "not-an-instance-field-of-quiz"
    assert exercise_type("quiz").name == "quiz" and not exercise_type("quiz").scored_items
    firsts = first_attempts([quiz])
    assert exercise_key(quiz) == ("case1", 5, "quiz", "")
    assert item_misses(firsts) == [] and option_counts(firsts, "harmful", True) == []
    page = build_report([quiz], [])
    assert "<td>quiz</td>" in page and "No ICE answers yet." in page
