"""ice_exercise driven headless: score, Check, read the feedback and the recorded response."""

from __future__ import annotations

import ipywidgets as w
import pytest
from widgetkit import (
    SCRIPT,
    assert_no_raw_script,
    descendants,
    find,
    has,
    read_records,
    text_of,
    with_script,
)

import casebook.widgets.ice as ice_module
from casebook.feedback import ICE_LABELS
from casebook.widgets import ice_exercise

PARTS = ("year", "month", "city", "hospital")


def fill(exercise: w.VBox, answer: dict) -> None:
    for part in PARTS:
        find(exercise, f"casebook-ice-{part}").value = answer["orientation"][part]
    for name in ("naming", "commands", "writing", "attention"):
        find(exercise, f"casebook-ice-{name}").value = answer[name]


def check(exercise: w.VBox) -> str:
    find(exercise, "casebook-ice-check").click()
    return find(exercise, "casebook-ice-feedback-area").value


def key(case, day, **changes) -> dict:
    answer = case.exam(day).answer_key()
    answer["orientation"] = dict(answer["orientation"])
    for name, value in changes.items():
        if name in PARTS:
            answer["orientation"][name] = value
        else:
            answer[name] = value
    return answer


def test_transcript_and_labelled_inputs(case1):
    ex = ice_exercise(case1, 5)
    transcript = text_of(find(ex, "casebook-ice-transcript").value)
    exam = case1.exam(5)
    assert exam.setting in transcript
    for item in exam.items.values():
        for line in item.transcript:
            assert line in transcript
        assert item.reason not in transcript  # the answer is not given away
    labels = {find(ex, f"casebook-ice-{p}").description for p in PARTS}
    assert labels == {"Year", "Month", "City", "Hospital"}
    for name in ("naming", "commands", "writing", "attention"):
        control = find(ex, f"casebook-ice-{name}")
        assert control.description and control.style.description_width == "initial"
        assert control.value is None  # nothing scored yet
    for name, points in (("naming", 3), ("commands", 1), ("writing", 1), ("attention", 1)):
        control = find(ex, f"casebook-ice-{name}")
        assert isinstance(control, w.RadioButtons)  # keyboard-safe in JupyterLab (not Dropdown)
        assert [value for _, value in control.options] == list(range(points + 1))
        assert control.description.startswith(f"{ICE_LABELS[name]} (0-{points}): ")
    buttons = [
        label
        for n in ("commands", "writing", "attention")
        for label, _ in find(ex, f"casebook-ice-{n}").options
    ]
    assert len(set(buttons)) == 6  # each button says what its point means for its item
    assert not any(isinstance(d, w.Output) for d in descendants(ex))


def test_running_total_updates(case1):
    ex = ice_exercise(case1, 5)
    total = find(ex, "casebook-ice-total")
    assert "0/10" in text_of(total.value) and "Naming" in text_of(total.value)
    find(ex, "casebook-ice-year").value = True
    find(ex, "casebook-ice-naming").value = 3
    assert "Your ICE total so far: 4/10" in text_of(total.value)
    fill(ex, key(case1, 5))
    assert text_of(total.value) == "Your ICE total so far: 5/10"


def test_correct_answer(case1, response_file, capsys):
    ex = ice_exercise(case1, 5)
    fill(ex, key(case1, 5))
    text = text_of(check(ex))
    assert "✓ Every item matches the reference scoring" in text
    assert "Your total 5/10; reference total 5/10." in text
    assert (
        "Your ICE total implies ✓ ICANS grade 2 (moderate); the reference is ICANS grade 2" in text
    )
    assert "Level of consciousness" in text
    assert capsys.readouterr() == ("", "")  # nothing printed
    [record] = read_records(response_file)
    assert set(record) == {
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
    assert record["v"] == 1 and record["learner"] == "tester"
    assert (record["case"], record["day"], record["exercise"]) == ("case1", 5, "ice")
    assert (record["attempt"], record["mode"]) == (1, "practice")
    assert record["answer"] == key(case1, 5)
    assert record["result"]["score"] == record["result"]["reference"] == 5
    assert record["result"]["correct"] is True
    assert record["result"]["grade"] == record["result"]["reference_grade"] == 2
    assert set(record["result"]["items"]) == {
        "orientation",
        "naming",
        "commands",
        "writing",
        "attention",
    }


@pytest.mark.parametrize(
    ("changes", "item"),
    [
        ({"hospital": True}, "Orientation"),
        ({"naming": 3}, "Naming"),
        ({"commands": 0}, "Following commands"),
        ({"writing": 1}, "Writing"),
        ({"attention": 1}, "Attention"),
    ],
)
def test_each_kind_of_wrong_item(case1, response_file, changes, item):
    ex = ice_exercise(case1, 5)
    fill(ex, key(case1, 5, **changes))
    text = text_of(check(ex))
    assert "✗ 1 of 5 items differ from the reference" in text
    assert f"{item}: you gave" in text
    name = {"Following commands": "commands"}.get(item, item.lower())
    exam_item = case1.exam(5).items[name]
    assert exam_item.transcript[0] in text and exam_item.reason in text
    [record] = read_records(response_file)
    assert record["result"]["correct"] is False
    assert record["result"]["items"][name]["correct"] is False


def test_orientation_part_swap_is_named(case1):
    ex = ice_exercise(case1, 5)  # reference: hospital wrong
    fill(ex, key(case1, 5, hospital=True, city=False))
    text = text_of(check(ex))
    assert "Parts that differ: City (you: not correct, reference: correct)" in text
    assert "Hospital (you: correct, reference: not correct)" in text


def test_wrong_grade_shows_the_rule(case1):
    ex = ice_exercise(case1, 5)
    fill(ex, key(case1, 5, naming=3, hospital=True))  # 8 instead of 5
    text = text_of(check(ex))
    assert "Your ICE total implies ✗ ICANS grade 1 (mild); the reference is ICANS grade 2" in text
    assert "Your ICE total 8 puts the ICE domain at grade 1" in text
    assert "(ASTCT 2019)" in text


def test_unscored_items_are_named_and_nothing_recorded(case1, response_file):
    ex = ice_exercise(case1, 5)
    find(ex, "casebook-ice-naming").value = 1
    text = text_of(check(ex))
    assert "Not scored yet: Following commands, Writing, Attention." in text
    assert read_records(response_file) == []


def test_attempts_count_checks(case1, response_file):
    ex = ice_exercise(case1, 3)
    fill(ex, key(case1, 3, naming=1))
    check(ex)
    find(ex, "casebook-ice-naming").value = 3
    text = text_of(check(ex))
    assert "✓ Every item matches" in text
    records = read_records(response_file)
    assert [r["attempt"] for r in records] == [1, 2]
    assert [r["result"]["correct"] for r in records] == [False, True]


def test_assessment_mode_withholds_feedback_and_reference(case1, response_file, assessment):
    ex = ice_exercise(case1, 5)
    fill(ex, key(case1, 5, naming=3))
    value = check(ex)
    text = text_of(value)
    assert (
        "Answer recorded (attempt 1). Feedback is withheld until your instructor releases it."
        in (text)
    )
    assert "reference" not in text.lower() and "grade" not in text.lower()
    for item in case1.exam(5).items.values():
        assert item.reason not in text
    check(ex)
    assert "Answer recorded (attempt 2)" in text_of(find(ex, "casebook-ice-feedback-area").value)
    records = read_records(response_file)
    assert [(r["mode"], r["attempt"]) for r in records] == [("assessment", 1), ("assessment", 2)]


def test_released_assessment_shows_feedback(case1, assessment, monkeypatch):
    monkeypatch.setenv("CASEBOOK_RELEASE", "1")
    ex = ice_exercise(case1, 5)
    fill(ex, key(case1, 5))
    assert "Every item matches" in text_of(check(ex))


def test_unwritable_response_file_still_shows_feedback_and_warns(case1, tmp_path, monkeypatch):
    target = tmp_path / "missing-folder" / "r.jsonl"
    monkeypatch.setenv("CASEBOOK_RESPONSES", str(target))
    ex = ice_exercise(case1, 5)
    fill(ex, key(case1, 5))
    text = text_of(check(ex))
    assert "Answer not saved" in text and str(target) in text
    assert "Every item matches" in text


def test_failing_callback_shows_a_message(case1, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("engine broke <b>here</b>")

    monkeypatch.setattr(ice_module, "compare_ice", boom)
    ex = ice_exercise(case1, 5)
    fill(ex, key(case1, 5))
    area = find(ex, "casebook-ice-feedback-area")
    value = check(ex)
    assert "Something went wrong: engine broke <b>here</b>" in text_of(value)
    assert "&lt;b&gt;here" in value
    assert "casebook-error" in area._dom_classes


def test_case_text_is_escaped(case1, response_file):
    evil = with_script(case1)
    ex = ice_exercise(evil, 5)
    assert SCRIPT in text_of(find(ex, "casebook-ice-transcript").value)
    fill(ex, key(evil, 5, naming=3))
    value = check(ex)
    assert SCRIPT in text_of(value)
    assert_no_raw_script(ex)


def test_not_testable_day_shows_the_grade_only_on_request(case2, response_file):
    ex = ice_exercise(case2, 4)
    assert not has(ex, "casebook-ice-check")
    assert has(ex, "casebook-ice-not-testable-exercise")
    transcript = text_of(find(ex, "casebook-ice-transcript").value)
    assert "the ICE cannot be done" in transcript
    assert "grade 4" not in transcript  # the decision that follows asks for the grade
    area = find(ex, "casebook-ice-grading-area")
    assert area.value == ""
    find(ex, "casebook-ice-show-grading").click()
    text = text_of(area.value)
    assert "ICANS grade 4 (life-threatening)" in text
    assert "unarousable" in text
    assert read_records(response_file) == []


def test_day_without_exam_raises(case1):
    with pytest.raises(KeyError, match="no bedside ICE exam on day 1"):
        ice_exercise(case1, 1)


@pytest.mark.parametrize(("case_id", "day"), [("case1", 0), ("case1", 9), ("case2", 6)])
def test_bundled_reference_answers_check_correct(case1, case2, case_id, day):
    case = {"case1": case1, "case2": case2}[case_id]
    ex = ice_exercise(case, day)
    fill(ex, key(case, day))
    text = text_of(check(ex))
    assert "✓ Every item matches the reference scoring" in text
    assert f"the reference is ICANS grade {case.icans(day).grade}" in text


def test_no_item_is_pre_scored(case1):
    ex = ice_exercise(case1, 5)
    for name in ("naming", "commands", "writing", "attention"):
        control = find(ex, f"casebook-ice-{name}")
        assert (control.index, control.label, control.value) == (None, None, None)
    assert "not scored yet: Naming, Following commands, Writing, Attention" in text_of(
        find(ex, "casebook-ice-total").value
    )
