"""``decision_exercise(case, day_or_id)``: choose interventions at a decision point, then Submit.

The situation (with its provenance), the question, a line naming the options that exclude each
other (the catalogue's exclusive groups, ``Decision.exclusive_groups``) and one labelled checkbox
per option (label: the intervention; its catalogue description is shown beside it and as a
tooltip), in a fixed shuffle (``casebook.feedback.option_order``: the same for every learner and
run, never the file order).

Submit is refused, with nothing recorded, when nothing is chosen or when two options of one
exclusive group are chosen (``casebook.feedback.choice_problems`` names them), and while no
learner id is set (the form at the top asks for it: ``casebook.widgets.learner``). Otherwise the
page shows at once (``casebook.widgets.answer.AnswerArea``, from the table of
``casebook.html.table.decision_table``) the verdict beside Submit and the feedback
(``casebook.feedback.assess_decision`` rendered by ``casebook.html.decision_feedback``): a
headline naming the harmful choices and the essential options missed, then every option with its
rationale and source (harmful chosen first, then essential missed, then the rest), then, kept
apart, what the team did (with provenance) and what the guidelines advise (with citations). The
kernel grades the choice again and records it (exercise "decision", attempt = number of recorded
Submits on this exercise); "Saved" appears once it has. The learner may revise and resubmit; the
first attempt stays the scored one and its summary is shown above the current attempt's
feedback. In assessment mode, before release, the page holds nothing about the reference and
shows only "Answer recorded" once the kernel has recorded the answer.

``day_or_id``: a day number (its first decision point) or a decision id such as "c1-grade2".

Class names, for browser tests:

- ``casebook-decision-exercise``: the whole exercise
- ``casebook-decision-situation-area``: situation and question
- ``casebook-exclusive-note``: the line naming options that exclude each other (if any)
- ``casebook-decision-option``: each option (a label wrapping its checkbox), also
  ``casebook-option-<option id>``
- ``casebook-decision-submit``, ``casebook-quick-verdict``, ``casebook-save-status``,
  ``casebook-decision-feedback-area``: see ``casebook.widgets.answer``
- ``casebook-learner-form``: the learner-id form, while no id is set
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from casebook import html as h
from casebook import responses
from casebook.exercises import EXERCISE_TYPES
from casebook.feedback import DecisionFeedback, assess_decision, choice_problems, option_order
from casebook.html.table import decision_table
from casebook.model import Case
from casebook.widgets.answer import AnswerArea, refusal
from casebook.widgets.common import (
    Shown,
    auto,
    keys_stay,
    learner_problem,
    learner_unknown,
    record_reply,
)
from casebook.widgets.learner import LearnerGate

__all__ = ["decision_exercise"]


def _chosen(value: Any) -> list[str]:
    """The option ids sent by the page; ValueError unless a list of strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"answer: got {value!r:.200}; expected a list of option ids")
    return value


def decision_exercise(case: Case, day_or_id: int | str) -> w.VBox:
    """The decision exercise for one decision point of ``case``."""
    decision = case.decision(day_or_id)
    state: dict[str, Any] = {"attempt": 0, "first": None}

    def handle(content: Mapping[str, Any]) -> dict[str, Any]:
        chosen = _chosen(content.get("answer"))
        problems = choice_problems(decision, chosen)
        if not problems:
            no_id = gate.missing() or learner_problem()
            area.learner_missing = bool(no_id)
            problems = [no_id] if no_id else []
        if problems:
            text = " ".join(problems)
            return refusal(
                h.quick_verdict(f"Not submitted, nothing recorded: {text}", "warning"),
                h.message(text, "warning", title="Not submitted"),
                attempt=state["attempt"],
                first=list(state["first"].chosen) if state["first"] else None,
            )
        result = assess_decision(
            decision, chosen, cite=case.cite, report_citation=case.report_citation
        )  # ValueError for unknown or repeated ids
        state["attempt"] += 1
        state["first"] = state["first"] or result
        first: DecisionFeedback | None = state["first"] if state["attempt"] > 1 else None
        reply = record_reply(
            case=case.id,
            day=decision.day,
            exercise=EXERCISE_TYPES["decision"].name,
            answer={"chosen": list(result.chosen)},
            result=result.result,
            attempt=state["attempt"],
            shown=content.get("shown") is True,
            render=lambda: h.decision_feedback(result, first=first),
            verdict=lambda: h.decision_verdict(result),
        )
        reply["first"] = list(state["first"].chosen)
        return reply

    gate = LearnerGate(on_saved=lambda _id: setattr(area, "learner_missing", False))
    spec = {
        "options": [
            {"id": o.id, "label": o.label, "description": o.intervention.description}
            for o in option_order(decision)
        ],
        "ids": [o.id for o in decision.options],
        "button": "Submit",
        "tooltip": "Submit your choice",
    }
    area = AnswerArea(
        kind="decision",
        spec=spec,
        table=decision_table(case, decision, key=responses.feedback_visible()),
        learner_missing=learner_unknown(gate.needed),
        handler=handle,
    )
    situation = w.HTML(h.decision_situation(decision, citation=case.report_citation))
    situation.add_class("casebook-decision-situation-area")
    parts: list[w.Widget] = [gate.box, situation]
    note = h.exclusive_note(decision)
    if note:
        exclusive = w.HTML(note)
        exclusive.add_class("casebook-exclusive-note")
        parts.append(exclusive)
    parts.append(area)
    others = [d.id for d in case.decisions if d.day == decision.day and d is not decision]
    if others and not isinstance(day_or_id, str):
        text = (
            f"Day {decision.day} has {len(others) + 1} decision points; this is the first. "
            f"For the others use decision_exercise(case, id) with id in {others}."
        )
        parts.insert(0, w.HTML(h.message(text, "neutral")))
    box = Shown(parts, layout=auto())
    box.add_class("casebook-decision-exercise")
    return keys_stay(box)
