"""Every widget works for every case the casebook finds (bundled cases and the valid fixture
folders, including the CAR-T fixture), with no code written for it: the course view steps
through every day (showing a held day with "Show day N now"), every bedside exam can be scored
and checked, every decision submitted."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pytest
from widgetkit import descendants, find, page, text_of

from casebook.loading import list_cases, load_case
from casebook.widgets import course_view, decision_exercise, ice_exercise

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASES = [
    *list_cases(),
    *(str(p) for p in sorted(FIXTURES.glob("valid*")) if (p / "case.yaml").is_file()),
]


@pytest.fixture(scope="module", params=CASES, ids=lambda ref: Path(ref).name)
def case(request):
    return load_case(request.param)


def test_course_view_steps_through_every_day_without_error(case):
    view = course_view(case)
    nxt = find(view, "casebook-course-next")
    reveal = find(view, "casebook-course-reveal")
    for day in case.day_numbers[1:]:
        if reveal.layout.display != "none":  # a day held until its exercises are answered
            assert nxt.disabled
            reveal.click()
        nxt.click()
        assert find(view, "casebook-course-day").value == day
        assert find(view, "casebook-course-error").value == ""
    assert nxt.disabled
    texts = [d.value for d in descendants(view) if isinstance(d, w.HTML)]
    assert not any("Something went wrong" in t for t in texts)


def test_every_exam_scores_and_checks(case, response_file):
    for day, exam in sorted(case.exams.items()):
        ex = ice_exercise(case, day)
        if not exam.testable:
            assert "not" in text_of(find(ex, "casebook-ice-transcript").value).lower()
            find(ex, "casebook-ice-show-grading").click()
            grading = text_of(find(ex, "casebook-ice-grading-area").value)
            assert "grade" in grading.lower() and "Something went wrong" not in grading
            continue
        page(ex).score(exam.answer_key())
        page(ex).click()
        feedback = text_of(page(ex).feedback)
        assert "Every item matches the reference scoring" in feedback, feedback[:300]
        assert page(ex).status == "✓ Saved"
    assert response_file.exists() or not any(e.testable for e in case.exams.values())


def test_every_decision_submits_with_feedback(case, response_file):
    for decision in case.decisions:
        ex = decision_exercise(case, decision.id)
        page(ex).choose(decision.ids("essential"))
        page(ex).click()
        feedback = text_of(page(ex).feedback)
        assert "✓ This attempt:" in feedback, feedback[:300]
        assert page(ex).status == "✓ Saved"
