"""The learner's path in the widgets (issue 13): one learner id, asked for where missing; days
held in the course view until answered; the whole course on request; a sentence before Run All;
keys kept inside exercises."""

from __future__ import annotations

import re

import pytest
from widgetkit import descendants, find, has, page, read_records, text_of

from casebook import responses
from casebook.widgets import (
    course_view,
    decision_exercise,
    icans_calculator,
    ice_exercise,
    learner_form,
    vignette_exercise,
    whole_course,
)
from casebook.widgets.figure import CourseFigure
from casebook.widgets.keys import KEYS_STAY_CLASS, KeyGuard

FRIENDLY = re.compile(r"^Run this cell, or Run > Run All Cells, (to|then) .+\.$")


@pytest.fixture
def no_id(monkeypatch):
    """No learner id anywhere (as after `make lab` before 00 is run)."""
    monkeypatch.delenv("CASEBOOK_LEARNER", raising=False)


def choose(exercise, ids) -> None:
    page(exercise).choose(ids)


def submit(exercise) -> str:
    """Submit as the page does; the one-line verdict beside the button."""
    page(exercise).click()
    return text_of(page(exercise).verdict)


# -- one learner id ---------------------------------------------------------------------------
def test_form_saves_the_id_for_every_notebook(no_id, response_file):
    form = learner_form()
    status = find(form, "casebook-learner-status")
    assert "No learner id is set yet" in text_of(status.value)
    find(form, "casebook-learner-input").value = " res-42 "
    find(form, "casebook-learner-save").click()
    assert "'res-42'" in text_of(status.value)
    saved = response_file.parent / "casebook-learner.txt"
    assert saved.read_text().strip() == "res-42"
    responses._settings["learner"] = None  # another notebook's kernel: only the file is shared
    assert responses.current_learner().id == "res-42"


def test_form_refuses_a_bad_id(no_id, response_file):
    form = learner_form()
    find(form, "casebook-learner-input").value = "two words"
    find(form, "casebook-learner-save").click()
    assert "is not a valid learner id" in text_of(find(form, "casebook-learner-status").value)
    assert not (response_file.parent / "casebook-learner.txt").exists()


def test_form_on_jupyterhub_shows_the_login_and_no_box(monkeypatch, response_file):
    monkeypatch.setenv("JUPYTERHUB_USER", "hubber")
    form = learner_form()
    assert not has(form, "casebook-learner-input")
    assert "hubber" in text_of(find(form, "casebook-learner-status").value)


def test_exercise_without_id_asks_and_records_nothing(no_id, case1, response_file):
    ex = decision_exercise(case1, "c1-tremor")
    form = find(ex, "casebook-learner-form")
    assert page(ex).area.learner_missing is True
    choose(ex, ["ice_twice_daily"])
    assert "set your learner id" in submit(ex)
    assert "What the team did" not in page(ex).feedback  # refused before any feedback
    assert read_records(response_file) == []
    find(form, "casebook-learner-input").value = "res-7"
    find(form, "casebook-learner-save").click()
    assert not has(ex, "casebook-learner-input")
    assert page(ex).area.learner_missing is False  # the page may now show feedback at once
    submit(ex)
    assert "What the team did" in page(ex).feedback and page(ex).status == "✓ Saved"
    assert [r["learner"] for r in read_records(response_file)] == ["res-7"]


def test_ice_without_id_refuses_then_records_once_set_elsewhere(
    no_id, case1, response_file, monkeypatch
):
    ex = ice_exercise(case1, 3)
    assert page(ex).area.learner_missing is True
    page(ex).score(case1.exam(3).answer_key())
    page(ex).click()
    assert "set your learner id" in text_of(page(ex).verdict)
    assert "Every item" not in page(ex).feedback and read_records(response_file) == []
    monkeypatch.setenv("CASEBOOK_LEARNER", "res-8")  # e.g. set in 00_start_here meanwhile
    page(ex).click()  # the kernel finds the id, records, and sends the feedback itself
    assert "Every item matches" in text_of(page(ex).feedback)
    assert page(ex).status == "✓ Saved" and page(ex).area.learner_missing is False
    assert [r["learner"] for r in read_records(response_file)] == ["res-8"]


def test_exercise_with_an_id_shows_no_form(case1):
    assert not has(decision_exercise(case1, "c1-tremor"), "casebook-learner-form")
    assert not has(ice_exercise(case1, 3), "casebook-learner-form")


# -- refusals and the verdict beside the button -----------------------------------------------
def test_empty_and_contradictory_submits_are_refused(case1, response_file):
    ex = decision_exercise(case1, "c1-tremor")
    assert "Choose at least one option" in submit(ex)
    choose(ex, ["continue_blinatumomab", "hold_blinatumomab"])
    verdict = submit(ex)
    assert "Continue blinatumomab at the current dose" in verdict
    assert "Interrupt (hold) blinatumomab" in verdict and "exclude each other" in verdict
    assert read_records(response_file) == []
    note = text_of(find(ex, "casebook-exclusive-note").value)
    assert "These exclude each other" in note
    choose(ex, ["continue_blinatumomab"])
    assert "Essential, missed: ICE score at least twice a day" in submit(ex)
    assert len(read_records(response_file)) == 1


def test_options_are_shown_in_the_fixed_shuffle(case1):
    from casebook.feedback import option_order

    decision = case1.decision("c1-grade2")
    ex = decision_exercise(case1, decision.id)
    shown = [o["id"] for o in page(ex).area.spec["options"]]
    assert shown == [o.id for o in option_order(decision)]
    assert shown != [o.id for o in decision.options]


# -- the course view holds a day until it is answered ------------------------------------------
def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []


def state_text(view) -> str:
    """Everything the widget tree would send to the browser (figure data included)."""
    return " ".join(s for d in descendants(view) for s in strings(d.get_state()))


def test_decision_day_is_held_until_submitted(case1, response_file):
    view = course_view(case1)
    day0 = decision_exercise(case1, "c1-day0")
    picker = find(view, "casebook-course-day")
    assert "Not shown yet" in text_of(find(view, "casebook-course-hold").value)
    assert find(view, "casebook-course-next").disabled
    picker.value = 5  # typing a later day stops at the first held day
    assert picker.value == 0
    choose(day0, ["baseline_ice"])
    submit(day0)
    # day 0 still waits for its ICE exam (the primer's); show it now
    find(view, "casebook-course-reveal").click()
    assert find(view, "casebook-course-hold").value == ""
    picker.value = 5
    assert picker.value == 3  # the day-3 ICE exam and the tremor decision
    find(view, "casebook-course-reveal").click()
    picker.value = 5
    assert picker.value == 5
    held = state_text(view)
    assert "days 0-4" in text_of(find(view, "casebook-course-table").value)
    for answer in ("levetiracetam", "neurology_review", "Neurology:"):
        assert answer not in held, answer
    grade2 = decision_exercise(case1, "c1-grade2")
    exam = ice_exercise(case1, 5)
    choose(grade2, ["eeg"])
    submit(grade2)
    assert "Not shown yet" in text_of(find(view, "casebook-course-hold").value)  # the exam
    from casebook.widgets.common import mark_answered

    mark_answered("case1", 5, "ice")
    assert find(view, "casebook-course-hold").value == ""
    assert "days 0-5" in text_of(find(view, "casebook-course-table").value)
    assert "evetiracetam" in state_text(view)
    assert exam is not None


def test_answers_from_an_earlier_session_release_the_day(case2, response_file):
    responses.record_response(
        case="case2",
        day=0,
        exercise="decision",
        answer={"chosen": ["baseline_ice"]},
        result={
            "score": 0.0,
            "reference": [],
            "correct": False,
            "items": {},
            "decision": "c2-day0",
        },
        attempt=1,
    )
    responses.record_response(
        case="case2",
        day=0,
        exercise="ice",
        answer={},
        result={"score": 10, "reference": 10, "correct": True, "items": {}},
        attempt=1,
    )
    view = course_view(case2)
    assert find(view, "casebook-course-hold").value == ""
    assert not find(view, "casebook-course-next").disabled


def test_whole_course_only_on_request(case2):
    box = whole_course(case2)
    area = find(box, "casebook-whole-course-area")
    assert area.children == ()
    assert "discontinued" not in state_text(box)
    find(box, "casebook-whole-course-show").click()
    assert len(area.children) == 2
    figure, table = area.children
    assert isinstance(figure, CourseFigure)  # plotly.js once per page, not in the state
    assert figure.shown_to == 12
    days = {
        x for trace in figure.figure["data"] for x in trace.get("x") or [] if isinstance(x, int)
    }
    assert max(days) == 12
    assert "width" not in figure.figure["layout"]
    assert "days 0-12" in text_of(table.value)


# -- before Run All, and keys -----------------------------------------------------------------
@pytest.mark.parametrize(
    "make",
    [
        lambda c1, c2: decision_exercise(c1, "c1-grade2"),
        lambda c1, c2: ice_exercise(c1, 5),
        lambda c1, c2: ice_exercise(c2, 4),
        lambda c1, c2: course_view(c1),
        lambda c1, c2: whole_course(c2),
        lambda c1, c2: icans_calculator(),
        lambda c1, c2: vignette_exercise("ice-7"),
        lambda c1, c2: learner_form(),
    ],
)
def test_plain_text_is_a_sentence(case1, case2, make):
    widget = make(case1, case2)
    plain = widget._repr_mimebundle_()["text/plain"]
    assert FRIENDLY.match(plain), plain
    assert "VBox" not in plain


@pytest.mark.parametrize(
    "make",
    [
        lambda c1: decision_exercise(c1, "c1-grade2"),
        lambda c1: ice_exercise(c1, 5),
        lambda c1: course_view(c1),
        lambda c1: icans_calculator(),
        lambda c1: vignette_exercise("ice-7"),
    ],
)
def test_exercises_keep_their_keys(case1, make):
    widget = make(case1)
    assert KEYS_STAY_CLASS in widget._dom_classes
    assert any(isinstance(d, KeyGuard) for d in descendants(widget))
    guard = next(d for d in descendants(widget) if isinstance(d, KeyGuard))
    assert "data-lm-suppress-shortcuts" in guard._esm
    assert "outline: 3px solid" in guard._css


def test_in_the_app_the_form_and_the_course_view_never_wait_for_the_page(monkeypatch, case1):
    """A pre-heated app kernel runs the notebook before any page asks for it: nothing here may
    ask for the learner id then (it would wait for the page's address)."""
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
    monkeypatch.delenv("QUERY_STRING", raising=False)

    def no_waiting(*args, **kwargs):
        raise AssertionError("asked for the learner id before the page was known")

    monkeypatch.setattr(responses, "current_learner", no_waiting)
    monkeypatch.setattr(responses, "get_learner", no_waiting)
    form = learner_form()
    assert "start page" in text_of(find(form, "casebook-learner-status").value)
    assert not has(form, "casebook-learner-input")
    view = course_view(case1)
    assert "Not shown yet" in text_of(find(view, "casebook-course-hold").value)
    assert not has(decision_exercise(case1, "c1-day0"), "casebook-learner-form")


def test_a_bad_id_is_refused_before_any_feedback(monkeypatch, case1, response_file):
    monkeypatch.setenv("CASEBOOK_LEARNER", "two words")
    for ex in (ice_exercise(case1, 5), decision_exercise(case1, "c1-grade2")):
        assert page(ex).area.learner_missing is True  # the page waits for the kernel
        if page(ex).kind == "ice":
            page(ex).score(case1.exam(5).answer_key())
        else:
            page(ex).choose(["eeg"])
        page(ex).click()
        text = text_of(page(ex).feedback)
        assert "'two words' is not a valid learner id" in text, text
        assert "reference" not in text.lower() and page(ex).status == ""
    assert read_records(response_file) == []
