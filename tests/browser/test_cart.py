"""A CAR-T case in real JupyterLab, with no code written for it: the CAR-T fixture
(tests/fixtures/valid-cart: lymphodepletion days, a cell infusion, a CSF result, an intrathecal
drug, two reported grades) steps through its course from day -5 with a gap at day 2, shows no
blinatumomab wording, and its ICE exercise and decision answer with feedback in view."""

from __future__ import annotations

import labkit
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CART = labkit.ROOT / "tests" / "fixtures" / "valid-cart"


def test_cart_case_runs_in_every_widget(page, lab, shot):
    labkit.write_notebook(
        lab.root / "generated" / "cart.ipynb",
        [
            f"import casebook\ncase = casebook.load_case({str(CART)!r})",
            "casebook.course_view(case)",
            "casebook.ice_exercise(case, 4)",
            'casebook.decision_exercise(case, "cart-grade2")',
        ],
    )
    labkit.run_notebook(page, lab, "generated/cart.ipynb")
    view = page.locator(".casebook-course-view")
    day = view.locator(".casebook-course-day input")
    expect(day).to_have_value("-5")
    narrative = view.locator(".casebook-course-narrative")
    hold = view.locator(".casebook-course-hold")
    nxt = view.locator("button.casebook-course-next")
    for expected in ("-4", "-3", "0"):
        labkit.text_changes(narrative, nxt.click)
        expect(day).to_have_value(expected)
    # Day 0 has a baseline exam this notebook does not ask for: it is held until shown.
    expect(hold).to_contain_text("Not shown yet")
    expect(nxt).to_be_disabled()
    view.locator("button.casebook-course-reveal").click()
    expect(hold).not_to_contain_text("Not shown yet")
    for expected in ("1", "3", "4"):  # day 2 is not a day of the case
        labkit.text_changes(narrative, nxt.click)
        expect(day).to_have_value(expected)
    # Day 4 waits for its ICE exam and decision; the figure stops at day 3 (the case's previous
    # day, not day - 1 = 3 by chance: the negative days and the gap are stepped over above).
    expect(hold).to_contain_text("Not shown yet")
    plot = view.locator(".casebook-course-plot .js-plotly-plot")
    expect(plot).to_contain_text("Day relative to CAR-T infusion")
    assert "blinatumomab" not in view.inner_text().lower()

    exercise = page.locator(".casebook-ice-exercise")
    exam = casebook_exam()
    labkit.score_ice(exercise, exam)
    area = exercise.locator(".casebook-ice-feedback-area")
    text = labkit.text_changes(area, lambda: exercise.locator("button.casebook-ice-check").click())
    assert "4/10" in text
    area.scroll_into_view_if_needed()
    expect(area).to_be_in_viewport()
    shot(exercise, "cart-ice-day4")

    decision = page.locator(".casebook-decision-exercise")
    decision.locator(".casebook-option-dexamethasone_10mg input[type=checkbox]").check()
    feedback = decision.locator(".casebook-decision-feedback-area")
    text = labkit.text_changes(
        feedback, lambda: decision.locator("button.casebook-decision-submit").click()
    )
    assert "lumbar puncture" in text.lower()  # what the team did, from the fixture
    expect(page.locator(".jupyter-widgets-disconnected")).to_have_count(0)
    shot(decision, "cart-decision")

    # Both exercises of day 4 answered: the course view opens the day, with its results.
    expect(hold).not_to_contain_text("Not shown yet")
    expect(plot).to_contain_text("Hydrocortisone (IT, mg)")
    expect(plot).to_contain_text("CSF cytology")
    assert "blinatumomab" not in view.inner_text().lower()
    view.scroll_into_view_if_needed()
    shot(view, "cart-course-day4")


def casebook_exam() -> dict:
    from casebook.loading import load_case

    exam = load_case(CART).exam(4)
    answer: dict = {"orientation": dict(exam.items["orientation"].parts)}
    for name in ("naming", "commands", "writing", "attention"):
        answer[name] = exam.items[name].points
    return answer
