"""The learner's ICE scoring of a bedside exam against the reference scoring.

- ``compare_ice(case, day, answer) -> IceFeedback``: item by item, both totals, and the ICANS
  grade each total implies together with that day's other findings (the day view
  ``Case.day(d)``: the learner's grade and the reference grade come from the same inputs).
- ``ice_not_testable(case, day) -> IceNotTestable``: for a day whose exam could not be done
  (the patient was unarousable). ``compare_ice`` refuses such a day with a ValueError: there are
  no items to score, and the ICE domain is grade 4 because the patient cannot do the test.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from casebook.feedback.words import (
    ICE_ZERO_RULE,
    MOST_SEVERE_RULE,
    finding_lines,
    ice_bands_rule,
)
from casebook.grading import ASTCT_2019, ICE_UNTESTABLE, IcansGrade
from casebook.model import Case
from casebook.vocab import (
    ICE_ITEM_MAXIMA,
    ICE_ITEMS,
    ICE_LABELS,
    ICE_TASKS,
    ORIENTATION_PARTS,
    PART_LABELS,
)

__all__ = [
    "IceFeedback",
    "IceItemFeedback",
    "IceNotTestable",
    "compare_ice",
    "ice_not_testable",
]


# ---------------------------------------------------------------------------------------------
# ICE
@dataclass(frozen=True)
class IceItemFeedback:
    """One ICE item: the learner's points against the reference, with the exam's evidence."""

    name: str
    label: str
    task: str
    learner: int
    reference: int
    maximum: int
    correct: bool
    transcript: tuple[str, ...]
    reason: str
    parts_differ: tuple[str, ...] = ()  # orientation only
    learner_parts: Mapping[str, bool] | None = None
    reference_parts: Mapping[str, bool] | None = None

    @property
    def message(self) -> str:
        """One line: agreement, or what differs."""
        if self.correct:
            return f"{self.label}: {self.learner}/{self.maximum}, same as the reference."
        text = f"{self.label}: you gave {self.learner}/{self.maximum}, the reference is "
        text += f"{self.reference}/{self.maximum}."
        if self.parts_differ and self.learner_parts is not None:
            diffs = [
                f"{PART_LABELS[p]} (you: {_right(self.learner_parts[p])}, "
                f"reference: {_right(self.reference_parts[p])})"
                for p in self.parts_differ
            ]
            text += " Parts that differ: " + "; ".join(diffs) + "."
        return text


def _right(flag: bool) -> str:
    return "correct" if flag else "not correct"


@dataclass(frozen=True)
class IceFeedback:
    """The learner's ICE scoring of one exam against the reference, and the grades they imply."""

    case_id: str
    day: int
    exam_source: str
    setting: str
    answer: Mapping[str, Any]
    items: tuple[IceItemFeedback, ...]
    learner_total: int
    reference_total: int
    learner_grade: IcansGrade
    reference_grade: IcansGrade
    findings: tuple[tuple[str, str], ...]  # the day's other findings, in words
    rule: tuple[str, ...]  # the rules that decided, each with its source

    @property
    def correct(self) -> bool:
        return all(item.correct for item in self.items)

    @property
    def wrong_items(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.items if not item.correct)

    @property
    def grade_correct(self) -> bool:
        return self.learner_grade.grade == self.reference_grade.grade

    @property
    def result(self) -> dict[str, Any]:
        """The "result" of the response record (docs/design.md)."""
        return {
            "score": self.learner_total,
            "reference": self.reference_total,
            "correct": self.correct,
            "items": {
                item.name: {
                    "learner": item.learner,
                    "reference": item.reference,
                    "correct": item.correct,
                }
                for item in self.items
            },
            "grade": self.learner_grade.grade,
            "reference_grade": self.reference_grade.grade,
        }


@dataclass(frozen=True)
class IceNotTestable:
    """A day whose bedside exam could not be done: no items, the grade from consciousness."""

    case_id: str
    day: int
    exam_source: str
    setting: str
    transcript: tuple[str, ...]
    reason: str
    grade: IcansGrade
    findings: tuple[tuple[str, str], ...]
    rule: tuple[str, ...]
    report_citation: str = ""  # the case report, named in the provenance tooltip


def _validate_answer(answer: Any) -> None:
    """Raise one ValueError naming every problem (field, value, what was expected)."""
    if not isinstance(answer, Mapping):
        raise ValueError(
            f"The ICE answer must be a mapping of the items {', '.join(ICE_ITEMS)}; "
            f"got {type(answer).__name__} {answer!r}"
        )
    problems = [
        f"{name}: missing; expected {_expected(name)}" for name in ICE_ITEMS if name not in answer
    ]
    problems += [
        f"{key!r}: not an ICE item; expected only {', '.join(ICE_ITEMS)}"
        for key in answer
        if key not in ICE_ITEMS
    ]
    for name in ICE_ITEMS:
        if name not in answer:
            continue
        value = answer[name]
        if name == "orientation":
            problems += _orientation_problems(value)
        elif (
            isinstance(value, bool)
            or not isinstance(value, numbers.Integral)
            or not 0 <= value <= ICE_ITEM_MAXIMA[name]
        ):
            problems.append(f"{name}: got {value!r}; expected {_expected(name)}")
    if problems:
        raise ValueError(
            f"The ICE answer has {len(problems)} problem{'s' if len(problems) > 1 else ''}:\n"
            + "\n".join(f"- {p}" for p in problems)
        )


def _expected(name: str) -> str:
    if name == "orientation":
        return "a mapping of year, month, city, hospital to True or False"
    return f"a whole number from 0 to {ICE_ITEM_MAXIMA[name]}"


def _orientation_problems(value: Any) -> list[str]:
    if not isinstance(value, Mapping):
        return [f"orientation: got {value!r}; expected {_expected('orientation')}"]
    problems = [
        f"orientation.{part}: missing; expected True or False"
        for part in ORIENTATION_PARTS
        if part not in value
    ]
    problems += [
        f"orientation.{key}: not an orientation part; expected only {', '.join(ORIENTATION_PARTS)}"
        for key in value
        if key not in ORIENTATION_PARTS
    ]
    problems += [
        f"orientation.{part}: got {value[part]!r}; expected True or False"
        for part in ORIENTATION_PARTS
        if part in value and not isinstance(value[part], bool)
    ]
    return problems


def compare_ice(case: Case, day: int, answer: Mapping[str, Any]) -> IceFeedback:
    """Compare a learner's ICE scoring of the exam on ``day`` with the reference scoring.

    ``answer``: ``{"orientation": {"year": bool, "month": bool, "city": bool, "hospital": bool},
    "naming": 0-3, "commands": 0-1, "writing": 0-1, "attention": 0-1}`` (docs/design.md).
    Raises KeyError when the case has no exam that day, ValueError when the exam could not be
    done (see ``ice_not_testable``) or when the answer is malformed (every problem listed).
    """
    exam = case.exam(day)  # KeyError naming the exam days when there is none
    view = case.day(day)
    if not exam.testable:
        raise ValueError(
            f"The ICE cannot be scored on day {day} of {case.id}: the patient could not do the "
            f"test ({exam.reason}). There are no items to score; use ice_not_testable(case, day) "
            f"for the explanation. {ICE_ZERO_RULE}"
        )
    _validate_answer(answer)

    items = []
    for name in ICE_ITEMS:
        ref = exam.items[name]
        given = answer[name]
        if name == "orientation":
            learner_parts = {p: bool(given[p]) for p in ORIENTATION_PARTS}
            reference_parts = {p: bool(ref.parts[p]) for p in ORIENTATION_PARTS}
            differ = tuple(p for p in ORIENTATION_PARTS if learner_parts[p] != reference_parts[p])
            items.append(
                IceItemFeedback(
                    name=name,
                    label=ICE_LABELS[name],
                    task=ICE_TASKS[name],
                    learner=sum(learner_parts.values()),
                    reference=ref.points,
                    maximum=ref.maximum,
                    correct=not differ,
                    transcript=tuple(ref.transcript),
                    reason=ref.reason,
                    parts_differ=differ,
                    learner_parts=MappingProxyType(learner_parts),
                    reference_parts=MappingProxyType(reference_parts),
                )
            )
        else:
            items.append(
                IceItemFeedback(
                    name=name,
                    label=ICE_LABELS[name],
                    task=ICE_TASKS[name],
                    learner=int(given),
                    reference=ref.points,
                    maximum=ref.maximum,
                    correct=int(given) == ref.points,
                    transcript=tuple(ref.transcript),
                    reason=ref.reason,
                )
            )

    learner_total = sum(i.learner for i in items)
    reference_total = exam.total
    inputs = view.icans_inputs
    learner_grade = view.icans_for(learner_total)
    reference_grade = view.icans
    return IceFeedback(
        case_id=case.id,
        day=day,
        exam_source=exam.source,
        setting=exam.setting,
        answer=MappingProxyType(dict(answer)),
        items=tuple(items),
        learner_total=learner_total,
        reference_total=reference_total,
        learner_grade=learner_grade,
        reference_grade=reference_grade,
        findings=finding_lines(view),
        rule=_ice_rule(learner_total, reference_total, learner_grade, reference_grade, inputs),
    )


def _ice_rule(
    learner_total: int,
    reference_total: int,
    learner_grade: IcansGrade,
    reference_grade: IcansGrade,
    inputs: Mapping[str, Any],
) -> tuple[str, ...]:
    lines = [ice_bands_rule(), MOST_SEVERE_RULE]
    if 0 in (learner_total, reference_total):
        lines.append(ICE_ZERO_RULE)
    mine = learner_grade.domain_grades["ice"]
    ref = reference_grade.domain_grades["ice"]
    others = max(g for d, g in reference_grade.domain_grades.items() if d != "ice")
    if learner_grade.grade != reference_grade.grade:
        lines.append(
            f"Your ICE total {learner_total} puts the ICE domain at grade {mine}; the reference "
            f"total {reference_total} puts it at grade {ref}. The other domains give grade "
            f"{others} at most, so your total implies ICANS grade {learner_grade.grade} where "
            f"the reference is grade {reference_grade.grade} ({ASTCT_2019})."
        )
    elif learner_total != reference_total:
        why = (
            f"both totals fall in the band for grade {ref}"
            if mine == ref
            else f"another domain (grade {others}) is more severe than the ICE domain"
        )
        lines.append(
            f"Your total differs from the reference, but the ICANS grade is the same: {why} "
            f"({ASTCT_2019})."
        )
    if inputs.get("consciousness") == "unarousable" and 0 in (learner_total, reference_total):
        lines.append(
            f"This patient is unarousable: ICE 0 is read as 'cannot do the test', grade 4 "
            f"({ASTCT_2019})."
        )
    return tuple(lines)


def ice_not_testable(case: Case, day: int) -> IceNotTestable:
    """The explanation for a day whose ICE could not be done; ValueError if it could."""
    exam = case.exam(day)  # KeyError naming the exam days when there is none
    if exam.testable:
        raise ValueError(
            f"The ICE on day {day} of {case.id} could be done: score it with compare_ice."
        )
    view = case.day(day)
    grade = view.icans
    rule = (
        f"When the patient is unarousable the ICE cannot be done: the ICE domain is grade "
        f"{ICE_UNTESTABLE.grade} because {ICE_UNTESTABLE.description} ({ASTCT_2019}).",
        "An unarousable patient is also grade 4 in the level-of-consciousness domain "
        f"({ASTCT_2019}).",
        ICE_ZERO_RULE,
        MOST_SEVERE_RULE,
    )
    return IceNotTestable(
        case_id=case.id,
        day=day,
        exam_source=exam.source,
        setting=exam.setting,
        transcript=tuple(exam.transcript),
        reason=exam.reason,
        grade=grade,
        findings=finding_lines(view),
        rule=rule,
        report_citation=case.report_citation,
    )
