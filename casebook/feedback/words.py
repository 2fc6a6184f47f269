"""Rules and findings in words, and the engine's refusals in words for the widgets.

Every rule sentence names its source (ASTCT 2019). ``plain_problems`` formats a
``casebook.grading.GradingError`` from its structured problems (argument, value, what is
allowed), never from its message text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casebook.grading import ASTCT_2019, ICE_BANDS, ICE_UNTESTABLE, ArgumentProblem, GradingError
from casebook.model import Day
from casebook.vocab import (
    CONSCIOUSNESS_LABELS,
    EDEMA_LABELS,
    FINDING_LABELS,
    MOTOR_LABELS,
    SEIZURE_LABELS,
    TREMOR_LABELS,
    VALUE_LABELS,
)

__all__ = [
    "ICE_NOT_TESTABLE_PROBLEM",
    "ICE_ZERO_RULE",
    "MOST_SEVERE_RULE",
    "finding_lines",
    "ice_bands_rule",
    "plain_problems",
]


# ---------------------------------------------------------------------------------------------
# Rules in words, each with its source
def ice_bands_rule() -> str:
    """The ICE-score domain of the ICANS grade in one sentence, with its source."""
    bands = "; ".join(
        f"{b.low}-{b.high}: grade {b.grade}" if b.low != b.high else f"{b.low}: grade {b.grade}"
        for b in ICE_BANDS
    )
    return (
        f"ICE score domain: {bands}; grade {ICE_UNTESTABLE.grade} only when "
        f"{ICE_UNTESTABLE.description} ({ASTCT_2019})."
    )


MOST_SEVERE_RULE = f"The overall ICANS grade is the most severe domain ({ASTCT_2019})."
ICE_ZERO_RULE = (
    "ICE 0 in a patient who is awake (for example with global aphasia) is grade 3; ICE 0 because "
    f"the patient is unarousable and cannot do the test is grade 4 ({ASTCT_2019})."
)


# ---------------------------------------------------------------------------------------------
# The day's other findings in words, from the day view the reference grade is computed from
def finding_lines(view: Day) -> tuple[tuple[str, str], ...]:
    """(label, value in words) for every finding other than the ICE that feeds the grade."""
    g = view.icans_inputs
    aphasia = view.findings.get("aphasia", "none")
    lines = [
        (
            FINDING_LABELS["consciousness"],
            CONSCIOUSNESS_LABELS.get(g["consciousness"], g["consciousness"]),
        ),
        (FINDING_LABELS["seizure"], SEIZURE_LABELS.get(g["seizure"], g["seizure"])),
        (FINDING_LABELS["motor"], MOTOR_LABELS.get(g["motor"], g["motor"])),
        (FINDING_LABELS["edema"], EDEMA_LABELS.get(g["edema"], g["edema"])),
        (FINDING_LABELS["aphasia"], str(aphasia).replace("_", " ")),
        (FINDING_LABELS["tremor"], TREMOR_LABELS.get(g["tremor"], g["tremor"])),
    ]
    if g["other_cause"]:
        lines.append(
            (
                "Explained by another cause (does not count)",
                ", ".join(g["other_cause"]) + f" ({ASTCT_2019})",
            )
        )
    return tuple(lines)


# ---------------------------------------------------------------------------------------------
# Engine refusals in words, for the widgets
ICE_NOT_TESTABLE_PROBLEM = (
    "ICE 'cannot be done' is only possible when the patient is unarousable: set the level of "
    "consciousness to 'unarousable', or score the ICE items."
)


def _in_words(value: Any, labels: Mapping[str, str]) -> str:
    """A refused value as a person reads it: words with their labels, tuples of words."""
    if isinstance(value, str):
        return f"'{labels.get(value, value.replace('_', ' '))}'"
    if isinstance(value, tuple):
        inner = ", ".join(_in_words(v, labels) for v in value)
        return f"({inner}{',' if len(value) == 1 else ''})"
    return repr(value)


def _plain_problem(problem: ArgumentProblem, names: Mapping[str, str]) -> str:
    if problem.kind == "ice_not_testable":
        return ICE_NOT_TESTABLE_PROBLEM
    labels = VALUE_LABELS.get(problem.argument, {})
    name = names.get(problem.argument, problem.argument.replace("_", " "))
    text = f"{name} {_in_words(problem.value, labels)} cannot be used"
    if problem.unknown:
        text += f" ({', '.join(_in_words(n, labels) for n in problem.unknown)} unknown)"
    choices = ", ".join(_in_words(a, labels) for a in problem.allowed)
    if problem.kind == "flag":
        expected = "yes or no"
    elif problem.kind == "category":
        expected = f"one of: {choices}"
    elif problem.kind == "domains" and problem.unknown:
        expected = f"domain names from: {choices}"
    elif problem.kind == "domains":
        expected = f"a collection (e.g. a tuple) of domain names from: {choices}"
    else:  # numbers and temperatures: the range in the engine's words
        expected = problem.expected
    return f"{text}; expected {expected}"


def plain_problems(error: GradingError, names: Mapping[str, str]) -> tuple[str, ...]:
    """The grading engine's refusal in words for a person, one line per refused argument.

    ``names`` maps argument names to the labels the widget shows (e.g. ``"consciousness"`` ->
    ``"Level of consciousness"``); values are shown with their labels (``'awakens to voice'``).
    ICE "not testable" while the patient is arousable gets its own sentence. Built from the
    error's structured ``problems`` (``casebook.grading.ArgumentProblem``), never from its text.
    """
    return tuple(_plain_problem(p, names) for p in error.problems)
