"""The exercise types that record responses, and what the report does with each: one place.

A widget records a response with ``exercise=<name>`` (``casebook.responses.record_response``);
the class report (``casebook.report``) and ``my_progress`` read the type's entry here to decide
how to key, score and summarise it. Adding an exercise type means one entry here plus its widget
(and a line in docs/design.md's record format); a name missing here is still recorded, read and
counted, with no type-specific section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["EXERCISE_TYPES", "ExerciseType", "exercise_type"]


@dataclass(frozen=True)
class ExerciseType:
    """How responses of one exercise type are keyed and summarised."""

    name: str  # the record's "exercise" field
    widget: str  # the function that records it (documentation; nothing imports widgets)
    # A result field naming which exercise of the day it was (several per day), or "".
    instance_field: str = ""
    # The report's accuracy table shows the reference score beside the learners' mean score.
    shows_reference_score: bool = False
    # result.items are scored items ({"learner", "reference", "correct"}): "most mis-scored".
    scored_items: bool = False
    # result.items are options ({"chosen", "class"}): "harmful chosen", "essential missed".
    classified_options: bool = False
    # What the score and "correct" mean, for the report's note.
    score_note: str = ""


EXERCISE_TYPES: Mapping[str, ExerciseType] = MappingProxyType(
    {
        "ice": ExerciseType(
            name="ice",
            widget="casebook.ice_exercise",
            shows_reference_score=True,
            scored_items=True,
            score_note="ICE score: the learner's ICE total (compare with the reference total); "
            "correct means every item matches.",
        ),
        "decision": ExerciseType(
            name="decision",
            widget="casebook.decision_exercise",
            instance_field="decision",
            classified_options=True,
            score_note="Decision score: the fraction of essential options chosen, 0 when a "
            "harmful option was chosen; correct means every essential and no harmful option.",
        ),
    }
)


def exercise_type(name: str) -> ExerciseType:
    """The entry for ``name``; an unknown name gets a plain entry (counted, no special section)."""
    return EXERCISE_TYPES.get(name) or ExerciseType(name=name, widget="")
