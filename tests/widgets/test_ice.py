"""ice_exercise driven headless: score, Check (as the page does: tests/widgets/widgetkit.Page),
read the verdict, the feedback and the Saved status, and the recorded response; and the
kernel's side of the answer message, bad messages included."""

from __future__ import annotations

import ipywidgets as w
import pytest
from widgetkit import (
    SCRIPT,
    assert_no_raw_script,
    descendants,
    find,
    has,
    page,
    read_records,
    text_of,
    with_script,
)

import casebook.widgets.ice as ice_module
from casebook.feedback import ICE_LABELS
from casebook.widgets import ice_exercise
from casebook.widgets.answer import AnswerArea

PARTS = ("year", "month", "city", "hospital")


def fill(exercise: w.VBox, answer: dict) -> None:
    page(exercise).score(answer)


def check(exercise: w.VBox) -> str:
    page(exercise).click()
    return page(exercise).feedback


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
    [area] = [d for d in descendants(ex) if isinstance(d, AnswerArea)]
    spec = area.spec
    assert [p["label"] for p in spec["orientation"]["parts"]] == [
        "Year",
        "Month",
        "City",
        "Hospital",
    ]
    assert spec["orientation"]["legend"].startswith("Orientation, 1 point each")
    for item, points in zip(spec["items"], (3, 1, 1, 1), strict=True):
        name = item["name"]
        assert item["legend"].startswith(f"{ICE_LABELS[name]} (0-{points}): ")
        assert [o["points"] for o in item["options"]] == list(range(points + 1))
    buttons = [o["label"] for item in spec["items"][1:] for o in item["options"]]
    assert len(set(buttons)) == 6  # each button says what its point means for its item
    assert (spec["button"], spec["maximum"]) == ("Check", 10)
    assert not any(isinstance(d, w.Output) for d in descendants(ex))


def test_the_page_gets_the_table_and_nothing_is_shown_yet(case1):
    ex = ice_exercise(case1, 5)
    area = page(ex).area
    assert area.kind == "ice" and set(area.table) == {"kind", "form", "key"}
    assert area.learner_missing is False and area.attempts == 0
    assert page(ex).feedback == "" and page(ex).verdict == ""


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
    page(ex).set("naming", 1)
    text = text_of(check(ex))
    assert "Not scored yet: Following commands, Writing, Attention." in text
    assert read_records(response_file) == []


def test_attempts_count_checks(case1, response_file):
    ex = ice_exercise(case1, 3)
    fill(ex, key(case1, 3, naming=1))
    check(ex)
    page(ex).set("naming", 3)
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
    assert "key" not in page(ex).area.table  # nothing of the reference in the page
    assert "Answer recorded (attempt 1)" in text_of(page(ex).verdict)
    check(ex)
    assert "Answer recorded (attempt 2)" in text_of(page(ex).feedback)
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
    value = check(ex)
    assert "Something went wrong: engine broke <b>here</b>" in text_of(value)
    assert "&lt;b&gt;here" in value
    assert page(ex).error and page(ex).status == "! Not saved"


def test_case_text_is_escaped(case1, response_file):
    evil = with_script(case1)
    ex = ice_exercise(evil, 5)
    assert SCRIPT in text_of(find(ex, "casebook-ice-transcript").value)
    fill(ex, key(evil, 5, naming=3))
    value = check(ex)
    assert SCRIPT in text_of(value)
    assert "<script" not in value.lower() and "<script" not in page(ex).verdict.lower()
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


def test_no_item_is_pre_scored(case1, response_file):
    ex = ice_exercise(case1, 5)
    text = text_of(check(ex))  # Check at once: every scored item is named as missing
    assert "Not scored yet: Naming, Following commands, Writing, Attention." in text
    assert read_records(response_file) == [] and page(ex).replies == []


def test_verdict_beside_the_button_and_saved_once_recorded(case1, response_file):
    ex = ice_exercise(case1, 5)
    fill(ex, key(case1, 5, naming=3))
    check(ex)
    p = page(ex)
    assert "1 of 5 items differ (Naming): your total 7/10, the reference 5/10." in text_of(
        p.verdict
    )
    [reply] = p.replies
    assert (reply["type"], reply["seq"], reply["attempt"]) == ("saved", 1, 1)
    assert "feedback" not in reply  # the page showed it from its table; nothing more to send
    assert p.status == "✓ Saved" and len(read_records(response_file)) == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not a dict", "expected a message"),
        ({"type": "hello", "seq": 1}, "expected a message"),
        ({"type": "answer", "seq": "1", "answer": {}}, "seq: got '1'"),
        ({"type": "answer", "seq": 1, "answer": [1, 2]}, "must be a mapping"),
        (
            {"type": "answer", "seq": 1, "answer": {"orientation": {}, "naming": 7}},
            "naming: got 7; expected a whole number from 0 to 3",
        ),
    ],
)
def test_bad_messages_get_a_clear_error_and_record_nothing(case1, response_file, content, words):
    ex = ice_exercise(case1, 5)
    p = page(ex)
    p.seq = 1
    reply = p.send(content)
    assert reply["type"] == "error"
    text = text_of(reply["feedback"])
    assert "Your answer could not be read, so nothing was recorded" in text and words in text
    assert "orientation.year: missing" in text or "naming: got 7" not in words
    assert read_records(response_file) == []
    if isinstance(content, dict) and content.get("seq") == 1:  # the page shows it
        assert p.error and text_of(p.feedback) == text and p.status == "! Not saved"
