"""Case 2 (notebooks/03_case2.ipynb) in a real JupyterLab and Chromium, acting like a resident:
Run All, step the course, read the day-4 "ICE cannot be done" explanation, score the day-6 ICE,
and decide at the grade 4 emergency (c2-grade4)."""

from __future__ import annotations

import labkit
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/03_case2.ipynb"

GRADE4_ESSENTIAL = [
    "discontinue_blinatumomab",
    "abc_glucose",
    "benzodiazepine_status",
    "second_line_antiseizure",
    "icu_transfer",
    "methylprednisolone_high_dose",
    "brain_imaging",
    "venography_cvst",
    "eeg",
    "lumbar_puncture",
    "neurology_review",
    "aspiration_precautions",
]


def test_course_steps_forward_with_narrative_and_plot(notebook, shot):
    view = notebook.locator(".casebook-course-view")
    expect(view).to_have_count(1)
    narrative = view.locator(".casebook-course-narrative")
    day = view.locator(".casebook-course-day input")
    expect(day).to_have_value("0")
    labkit.show_held_day(view)  # day 0 has a decision: shown on request (or once answered)
    expect(view.locator(".casebook-course-plot .js-plotly-plot .trace").first).to_be_attached()
    for expected in range(1, 5):
        labkit.show_held_day(view)
        before = narrative.inner_text()
        after = labkit.text_changes(
            narrative, lambda: view.locator("button.casebook-course-next").click()
        )
        assert after != before
        assert f"Day {expected}" in after
        expect(day).to_have_value(str(expected))
    labkit.show_held_day(view)
    expect(view.locator(".casebook-course-plot .js-plotly-plot")).to_have_count(1)
    assert view.locator(".casebook-course-plot .js-plotly-plot .trace").count() > 0
    assert view.locator(".casebook-course-error").inner_text().strip() == ""
    shot(view, "case2-course-day4")


def test_ice_day4_cannot_be_done(notebook, shot):
    box = notebook.locator(
        ".casebook-ice-not-testable-exercise",
        has=notebook.get_by_text("Bedside ICE exam, day 4: the ICE cannot be done"),
    )
    expect(box).to_have_count(1)
    # Nothing to score; the grade comes only when asked (the day-4 decision asks for it).
    assert box.locator("input, select").count() == 0
    assert "grade 4" not in box.inner_text()
    box.locator("button.casebook-ice-show-grading").click()
    expect(box).to_contain_text("ICANS grade 4 (life-threatening)")
    expect(box).to_contain_text("unarousable")
    shot(box, "case2-ice-day4-not-testable")


def test_ice_day6_right_answer(notebook):
    exercise = notebook.locator(
        ".casebook-ice-exercise",
        has=notebook.locator(".casebook-ice-transcript", has_text="Bedside ICE exam, day 6"),
    )
    expect(exercise).to_have_count(1)
    answer = labkit.reference_answer("case2", 6)
    labkit.score_ice(exercise, answer)
    area = exercise.locator(".casebook-ice-feedback-area")
    text = labkit.text_changes(area, exercise.locator("button.casebook-ice-check").click)
    assert "Every item matches the reference scoring" in text
    assert "✓ ICANS grade 2 (moderate)" in text


def test_decision_grade4(notebook, shot):
    exercise = notebook.locator(
        ".casebook-decision-exercise",
        has=notebook.locator(
            ".casebook-decision-situation-area", has_text="Day 4: two seizures at dawn"
        ),
    )
    expect(exercise).to_have_count(1)
    area = exercise.locator(".casebook-decision-feedback-area")
    submit = exercise.locator("button.casebook-decision-submit")

    # First attempt: hold (not discontinue) and forget the EEG.
    for option in [*GRADE4_ESSENTIAL, "hold_blinatumomab"]:
        if option not in ("discontinue_blinatumomab", "eeg"):
            exercise.locator(f".casebook-option-{option} input[type=checkbox]").check()
    text = labkit.text_changes(area, submit.click)
    assert "This attempt: 10/12 essential, 0 harmful, 1 not indicated" in text
    expect(labkit.option_feedback(area, "Interrupt (hold) blinatumomab")).to_contain_text(
        "! not indicated - chosen"
    )
    expect(labkit.option_feedback(area, "Discontinue blinatumomab permanently")).to_contain_text(
        "✗ essential - missed"
    )
    expect(labkit.option_feedback(area, "EEG")).to_contain_text("✗ essential - missed")
    expect(area.locator(".casebook-team-did")).to_contain_text("What the team did")
    shot(area, "case2-decision-grade4-wrong")

    # Revised: every essential option, nothing harmful.
    exercise.locator(".casebook-option-hold_blinatumomab input[type=checkbox]").uncheck()
    for option in ("discontinue_blinatumomab", "eeg"):
        exercise.locator(f".casebook-option-{option} input[type=checkbox]").check()
    text = labkit.text_changes(area, submit.click)
    assert "First attempt (scored): 10/12 essential, 0 harmful, 1 not indicated" in text
    assert "This attempt: 12/12 essential, 0 harmful" in text
    expect(labkit.option_feedback(area, "Discontinue blinatumomab permanently")).to_contain_text(
        "✓ essential - chosen"
    )
    expect(labkit.option_feedback(area, "Tocilizumab")).to_contain_text(
        "✓ not indicated - not chosen"
    )
    team = area.locator(".casebook-team-did")
    assert len(team.locator("li").all_inner_texts()) >= 1
    shot(area, "case2-decision-grade4-right")
