"""``ice_exercise(case, day)``: score the ICE items from a bedside exam transcript, then Check.

The inputs, the running total, Check, the verdict and the feedback are drawn in the page
(``casebook.widgets.answer.AnswerArea``): on Check the page shows at once the verdict beside the
button and the feedback below it (``casebook.feedback.compare_ice`` rendered by
``casebook.html.ice_feedback``, precomputed for all 512 answers by
``casebook.html.table.ice_table``): item by item what differs, quoting the transcript and the
reason, both totals, that day's other findings and the ICANS grade each total implies, with the
rule that decided. The kernel grades the answer again and records it
(``casebook.responses.record_response``, exercise "ice", attempt = number of recorded Checks on
this exercise); "Saved" appears beside the verdict once it has. In assessment mode, before
release, the page holds no reference at all and shows only "Answer recorded" once the kernel
has recorded the answer.

A day whose exam could not be done (the patient was unarousable) has no items to score: the
widget shows the transcript, and the explanation (ICE domain grade 4 because the patient cannot
do the test, ASTCT 2019) only when the learner presses "Show how this grades", so that the grade
is not given away before the decision that follows; it records nothing.

Check is refused, with nothing recorded, until every item is scored and while no learner id is
set (the form at the top asks for it).

Class names, for browser tests:

- ``casebook-ice-exercise``: the whole exercise (``casebook-ice-not-testable-exercise`` for a
  day whose exam could not be done)
- ``casebook-ice-transcript``: the transcript
- ``casebook-ice-total``, ``casebook-ice-check``, ``casebook-quick-verdict``,
  ``casebook-save-status``, ``casebook-ice-feedback-area`` and the inputs: see
  ``casebook.widgets.answer``
- ``casebook-ice-show-grading``, ``casebook-ice-grading-area``: the button and the area of a day
  whose exam could not be done
- ``casebook-learner-form``: the learner-id form, while no id is set
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from casebook import html as h
from casebook import responses
from casebook.exercises import EXERCISE_TYPES
from casebook.feedback import compare_ice, ice_not_testable
from casebook.html.table import ice_table
from casebook.model import Case
from casebook.vocab import (
    ICE_ITEMS,
    ICE_LABELS,
    ICE_MAX,
    ICE_POINT_WORDS,
    ICE_PROMPTS,
    ICE_RANGES,
    ORIENTATION_PARTS,
)
from casebook.widgets.answer import AnswerArea, refusal
from casebook.widgets.common import (
    Shown,
    auto,
    guarded,
    keys_stay,
    learner_problem,
    learner_unknown,
    record_reply,
)
from casebook.widgets.learner import LearnerGate

__all__ = ["ice_exercise"]

# What the page draws (labels only: nothing about the answer).
SPEC = {
    "heading": "Score each ICE item from the transcript:",
    "orientation": {
        "legend": "Orientation, 1 point each (tick each one answered correctly):",
        "parts": [{"name": p, "label": p.capitalize()} for p in ORIENTATION_PARTS],
    },
    "items": [
        {
            "name": name,
            "label": ICE_LABELS[name],
            "legend": f"{ICE_LABELS[name]} ({ICE_RANGES[name]}): {ICE_PROMPTS[name]}",
            "options": [{"label": word, "points": i} for i, word in enumerate(words)],
        }
        for name, words in ICE_POINT_WORDS.items()
    ],
    "hint": "Keyboard: Tab to a box or a group, Space to tick a box, the arrow keys to choose "
    "in a group.",
    "maximum": ICE_MAX,
    "button": "Check",
    "tooltip": "Check your scoring",
}


def _with_class(widget: w.DOMWidget, name: str) -> w.DOMWidget:
    widget.add_class(name)
    return widget


def _record_answer(answer: Mapping[str, Any]) -> dict[str, Any]:
    """The answer in the response-record shape and order (compare_ice has checked it)."""
    out: dict[str, Any] = {"orientation": {p: answer["orientation"][p] for p in ORIENTATION_PARTS}}
    out.update({name: answer[name] for name in ICE_ITEMS if name != "orientation"})
    return {name: out[name] for name in ICE_ITEMS}


def ice_exercise(case: Case, day: int) -> w.VBox:
    """The ICE exercise for the bedside exam on ``day`` of ``case``."""
    exam = case.exam(day)
    if not exam.testable:
        return _not_testable(case, day)
    state = {"attempt": 0}

    def handle(content: Mapping[str, Any]) -> dict[str, Any]:
        result = compare_ice(case, day, content.get("answer"))  # ValueError: every problem
        no_id = gate.missing() or learner_problem()
        area.learner_missing = bool(no_id)
        if no_id:
            return refusal(
                h.quick_verdict(f"Not checked, nothing recorded: {no_id}", "warning"),
                h.message(no_id, "warning", title="Not checked"),
                attempt=state["attempt"],
            )
        state["attempt"] += 1
        return record_reply(
            case=case.id,
            day=day,
            exercise=EXERCISE_TYPES["ice"].name,
            answer=_record_answer(result.answer),
            result=result.result,
            attempt=state["attempt"],
            shown=content.get("shown") is True,
            render=lambda: h.ice_feedback(result),
            verdict=lambda: h.ice_verdict(result),
        )

    gate = LearnerGate(on_saved=lambda _id: setattr(area, "learner_missing", False))
    area = AnswerArea(
        kind="ice",
        spec=SPEC,
        table=ice_table(case, day, key=responses.feedback_visible()),
        learner_missing=learner_unknown(gate.needed),
        handler=handle,
    )
    block = h.transcript_block(exam, citation=case.report_citation)
    transcript = _with_class(w.HTML(block), "casebook-ice-transcript")
    box = Shown([gate.box, transcript, area], layout=auto())
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
