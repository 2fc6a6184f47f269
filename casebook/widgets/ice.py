"""``ice_exercise(case, day)``: score the ICE items from a bedside exam transcript, then Check.

On Check the answer is recorded (``casebook.responses.record_response``, exercise "ice", attempt
= number of Checks on this widget) and the feedback (``casebook.feedback.compare_ice`` rendered by
``casebook.html.ice_feedback``) shows item by item what differs, quoting the transcript and the
reason, both totals, that day's other findings and the ICANS grade each total implies, with the
rule that decided. In assessment mode, before release, only "Answer recorded" is shown.

A day whose exam could not be done (the patient was unarousable) has no items to score: the
widget shows the transcript and the explanation (ICE domain grade 4 because the patient cannot
do the test, ASTCT 2019) and records nothing.

Class names (``_dom_classes``), for browser tests:

- ``casebook-ice-exercise``: the whole exercise (``casebook-ice-not-testable-exercise`` for a
  day whose exam could not be done)
- ``casebook-ice-transcript``: the transcript
- ``casebook-ice-total``: the running total
- ``casebook-ice-check``: the Check button
- ``casebook-ice-feedback-area``: where feedback, notices and errors appear
- the inputs: see ``casebook.widgets.common``
"""

from __future__ import annotations

import ipywidgets as w

from casebook import html as h
from casebook.exercises import EXERCISE_TYPES
from casebook.feedback import compare_ice, ice_not_testable
from casebook.model import Case
from casebook.vocab import ICE_LABELS
from casebook.widgets.common import IceInputs, auto, guarded, record_and_show

__all__ = ["ice_exercise"]


def _with_class(widget: w.DOMWidget, name: str) -> w.DOMWidget:
    widget.add_class(name)
    return widget


def ice_exercise(case: Case, day: int) -> w.VBox:
    """The ICE exercise for the bedside exam on ``day`` of ``case``."""
    exam = case.exam(day)
    if not exam.testable:
        text = _with_class(
            w.HTML(h.ice_not_testable(ice_not_testable(case, day))), "casebook-ice-feedback-area"
        )
        return _with_class(w.VBox([text], layout=auto()), "casebook-ice-not-testable-exercise")

    block = h.transcript_block(exam, citation=case.report_citation)
    transcript = _with_class(w.HTML(block), "casebook-ice-transcript")
    inputs = IceInputs()
    total = _with_class(
        w.HTML(h.running_total(0, unscored=inputs.unscored())), "casebook-ice-total"
    )
    check = w.Button(
        description="Check", button_style="primary", icon="check", tooltip="Check your scoring"
    )
    check.add_class("casebook-ice-check")
    feedback = _with_class(w.HTML(), "casebook-ice-feedback-area")
    state = {"attempt": 0}

    def on_change(_change: dict) -> None:
        total.value = h.running_total(inputs.total(), unscored=inputs.unscored())

    def on_check(_button: w.Button) -> None:
        missing = ", ".join(ICE_LABELS[name] for name in inputs.unscored())
        if missing:
            text = f"Score every item before checking. Not scored yet: {missing}."
            feedback.value = h.message(text, "warning", title="Not checked")
            return
        answer = inputs.answer()
        result = compare_ice(case, day, answer)
        state["attempt"] += 1
        record_and_show(
            feedback,
            lambda: h.ice_feedback(result),
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
    box = w.VBox([transcript, heading, inputs.box, total, check, feedback], layout=auto())
    return _with_class(box, "casebook-ice-exercise")
