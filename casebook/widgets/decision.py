"""``decision_exercise(case, day_or_id)``: choose interventions at a decision point, then Submit.

The situation (with its provenance), the question and one labelled checkbox per option (label:
the intervention; its catalogue description is shown beside it and as a tooltip). On Submit the
answer is recorded (exercise "decision", attempt = number of Submits on this widget) and the
feedback (``casebook.feedback.assess_decision`` rendered by ``casebook.html.decision_feedback``)
judges every option with its rationale and source, then, kept apart, shows what the team did
(with provenance) and what the guidelines advise (with citations). The learner may revise and
resubmit; the first attempt stays the scored one and its summary is shown above the current
attempt's feedback. In assessment mode, before release, only "Answer recorded" is shown.

``day_or_id``: a day number (its first decision point) or a decision id such as "c1-grade2".

Class names (``_dom_classes``), for browser tests:

- ``casebook-decision-exercise``: the whole exercise
- ``casebook-decision-situation-area``: situation and question
- ``casebook-decision-option``: each option's checkbox, also ``casebook-option-<option id>``
- ``casebook-decision-submit``: the Submit button
- ``casebook-decision-feedback-area``: where feedback, notices and errors appear
"""

from __future__ import annotations

import ipywidgets as w

from casebook import html as h
from casebook.exercises import EXERCISE_TYPES
from casebook.feedback import DecisionFeedback, assess_decision
from casebook.model import Case
from casebook.widgets.common import STYLE, auto, guarded, record_and_show

__all__ = ["decision_exercise"]


def decision_exercise(case: Case, day_or_id: int | str) -> w.VBox:
    """The decision exercise for one decision point of ``case``."""
    decision = case.decision(day_or_id)
    situation = w.HTML(h.decision_situation(decision, citation=case.report_citation))
    situation.add_class("casebook-decision-situation-area")
    boxes: dict[str, w.Checkbox] = {}
    rows = []
    for option in decision.options:
        box = w.Checkbox(
            value=False,
            description=option.label,
            tooltip=option.intervention.description,
            indent=False,
            style=STYLE,
            layout=auto(),
        )
        box.add_class("casebook-decision-option")
        box.add_class(f"casebook-option-{option.id}")
        boxes[option.id] = box
        help_text = w.HTML(
            f'<span style="color: #374151; font-size: 13px; margin-left: 1.8em;">'
            f"{h.esc(option.intervention.description)}</span>"
        )
        rows.append(w.VBox([box, help_text], layout=auto(margin="0 0 4px 0")))
    submit = w.Button(
        description="Submit", button_style="primary", icon="check", tooltip="Submit your choice"
    )
    submit.add_class("casebook-decision-submit")
    feedback = w.HTML()
    feedback.add_class("casebook-decision-feedback-area")
    state: dict[str, DecisionFeedback | int | None] = {"attempt": 0, "first": None}

    def on_submit(_button: w.Button) -> None:
        chosen = [oid for oid, box in boxes.items() if box.value]
        result = assess_decision(
            decision, chosen, cite=case.cite, report_citation=case.report_citation
        )
        state["attempt"] += 1
        state["first"] = state["first"] or result
        first = state["first"] if state["attempt"] > 1 else None
        record_and_show(
            feedback,
            lambda: h.decision_feedback(result, first=first),
            case=case.id,
            day=decision.day,
            exercise=EXERCISE_TYPES["decision"].name,
            answer={"chosen": chosen},
            result=result.result,
            attempt=state["attempt"],
        )

    submit.on_click(guarded(feedback, on_submit))
    options = w.VBox(rows, layout=auto(margin="4px 0"))
    box = w.VBox([situation, options, submit, feedback], layout=auto())
    others = [d.id for d in case.decisions if d.day == decision.day and d is not decision]
    if others and not isinstance(day_or_id, str):
        text = (
            f"Day {decision.day} has {len(others) + 1} decision points; this is the first. "
            f"For the others use decision_exercise(case, id) with id in {others}."
        )
        box.children = (w.HTML(h.message(text, "neutral")), *box.children)
    box.add_class("casebook-decision-exercise")
    return box
