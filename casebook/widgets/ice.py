"""``ice_exercise(case, day)``: score the ICE items from a bedside exam transcript, then Check.

On Check the answer is recorded (``casebook.responses.record_response``, exercise "ice", attempt
= number of Checks on this widget) and the feedback (``casebook.feedback.compare_ice`` rendered by
``casebook.html.ice_feedback``) shows item by item what differs, quoting the transcript and the
reason, both totals, that day's other findings and the ICANS grade each total implies, with the
rule that decided. In assessment mode, before release, only "Answer recorded" is shown.

A day whose exam could not be done (the patient was unarousable) has no items to score: the
widget shows the transcript, and the explanation (ICE domain grade 4 because the patient cannot
do the test, ASTCT 2019) only when the learner presses "Show how this grades", so that the grade
is not given away before the decision that follows; it records nothing.

Check is refused, with nothing recorded, until every item is scored and while no learner id is
set (the form at the top asks for it). A one-line verdict appears beside the Check button.

Class names (``_dom_classes``), for browser tests:

- ``casebook-ice-exercise``: the whole exercise (``casebook-ice-not-testable-exercise`` for a
  day whose exam could not be done)
- ``casebook-ice-transcript``: the transcript
- ``casebook-ice-total``: the running total
- ``casebook-ice-check``: the Check button
- ``casebook-ice-feedback-area``: where feedback, notices and errors appear
- ``casebook-quick-verdict``: the one-line verdict or refusal beside Check
- ``casebook-ice-show-grading``, ``casebook-ice-grading-area``: the button and the area of a day
  whose exam could not be done
- ``casebook-learner-form``: the learner-id form, while no id is set
- the inputs: see ``casebook.widgets.common``
"""

from __future__ import annotations

import ipywidgets as w

from casebook import html as h
from casebook.exercises import EXERCISE_TYPES
from casebook.feedback import compare_ice, ice_not_testable
from casebook.model import Case
from casebook.vocab import ICE_LABELS
from casebook.widgets.common import (
    IceInputs,
    Shown,
    auto,
    guarded,
    keys_stay,
    quick_verdict,
    record_and_show,
)
from casebook.widgets.learner import LearnerGate

__all__ = ["ice_exercise"]


def _with_class(widget: w.DOMWidget, name: str) -> w.DOMWidget:
    widget.add_class(name)
    return widget


def ice_exercise(case: Case, day: int) -> w.VBox:
    """The ICE exercise for the bedside exam on ``day`` of ``case``."""
    exam = case.exam(day)
    if not exam.testable:
        return _not_testable(case, day)
    gate = LearnerGate()

    block = h.transcript_block(exam, citation=case.report_citation)
    transcript = _with_class(w.HTML(block), "casebook-ice-transcript")
    inputs = IceInputs()
    total = _with_class(
        w.HTML(h.running_total(0, unscored=inputs.unscored())), "casebook-ice-total"
    )
    check = w.Button(
        description="Check",
        button_style="primary",
        icon="check",
        tooltip="Check your scoring",
        layout=w.Layout(margin="8px"),  # room for the 3 px focus ring
    )
    check.add_class("casebook-ice-check")
    feedback = _with_class(w.HTML(), "casebook-ice-feedback-area")
    verdict = quick_verdict()
    state = {"attempt": 0}

    def on_change(_change: dict) -> None:
        total.value = h.running_total(inputs.total(), unscored=inputs.unscored())

    def on_check(_button: w.Button) -> None:
        missing = ", ".join(ICE_LABELS[name] for name in inputs.unscored())
        if missing:
            text = f"Score every item before checking. Not scored yet: {missing}."
            verdict.value = h.quick_verdict(f"Not checked: {text}", "warning")
            feedback.value = h.message(text, "warning", title="Not checked")
            return
        no_id = gate.missing()
        if no_id:
            verdict.value = h.quick_verdict(f"Not checked, nothing recorded: {no_id}", "warning")
            feedback.value = h.message(no_id, "warning", title="Not checked")
            return
        answer = inputs.answer()
        result = compare_ice(case, day, answer)
        state["attempt"] += 1
        verdict.value = record_and_show(
            feedback,
            lambda: h.ice_feedback(result),
            verdict=lambda: h.ice_verdict(result),
            case=case.id,
            day=day,
            exercise=EXERCISE_TYPES["ice"].name,
            answer=answer,
            result=result.result,
            attempt=state["attempt"],
        )

    inputs.observe(guarded(feedback, on_change))
    check.on_click(guarded(feedback, on_check))
    heading = w.HTML("<strong>Score each ICE item from the transcript:</strong>")
    row = w.HBox([check, verdict], layout=auto(align_items="center"))
    box = Shown([gate.box, transcript, heading, inputs.box, total, row, feedback], layout=auto())
    return keys_stay(_with_class(box, "casebook-ice-exercise"))


def _not_testable(case: Case, day: int) -> w.VBox:
    """A day whose ICE could not be done: the transcript, and its grading on request."""
    explained = ice_not_testable(case, day)
    text = _with_class(w.HTML(h.ice_not_testable(explained)), "casebook-ice-transcript")
    show = w.Button(
        description="Show how this grades",
        tooltip="The ICE domain and the grade these findings give (ASTCT 2019)",
        layout=auto(),
    )
    show.add_class("casebook-ice-show-grading")
    area = _with_class(w.HTML(), "casebook-ice-grading-area")

    def on_show(_button: w.Button) -> None:
        area.value = h.ice_not_testable_grading(explained)
        show.disabled = True

    show.on_click(guarded(area, on_show))
    box = Shown(
        [text, show, area],
        plain="Run this cell, or Run > Run All Cells, to read this bedside exam.",
        layout=auto(),
    )
    return keys_stay(_with_class(box, "casebook-ice-not-testable-exercise"))
