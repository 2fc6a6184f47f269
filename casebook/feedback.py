"""Learner answers against the reference: ICE item by item, and decisions option by option.

Pure functions returning frozen records; no widgets, no I/O. ``casebook.html`` renders the
records, ``casebook.widgets`` wires them to controls, and ``.result`` gives the "result" part of
the response record described in docs/design.md.

- ``compare_ice(case, day, answer) -> IceFeedback``: the learner's ICE scoring of that day's
  bedside exam against the reference scoring, and the ICANS grade each total implies together
  with that day's other findings (``Case.findings``), graded by ``casebook.grading.grade_icans``.
- ``ice_not_testable(case, day) -> IceNotTestable``: for a day whose exam could not be done
  (the patient was unarousable). ``compare_ice`` refuses such a day with a ValueError: there are
  no items to score, and the ICE domain is grade 4 because the patient cannot do the test.
- ``assess_decision(decision, chosen, cite=...) -> DecisionFeedback``: every option of a decision
  point classified for the learner's choice, with its rationale and source, kept apart from what
  the team did (with provenance) and what the guidelines advise (with citations).

Every message that states a rule names its source: the ICE and ICANS rules are ASTCT 2019
(``casebook.grading.ASTCT_2019_CITATION``); option rationales and guideline text cite the case's
references. For education only, never for clinical decisions.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from casebook.grading import (
    ASTCT_2019,
    CONSCIOUSNESS_LABELS,
    EDEMA_LABELS,
    ICE_BANDS,
    ICE_UNTESTABLE,
    LABELS,
    MOTOR_LABELS,
    SEIZURE_LABELS,
    TREMOR_LABELS,
    IcansGrade,
    grade_icans,
)
from casebook.model import ICE_ITEMS, ICE_MAXIMA, ORIENTATION_PARTS, Case, Decision

__all__ = [
    "ICE_LABELS",
    "ICE_TASKS",
    "PROVENANCE_LABELS",
    "VERDICTS",
    "DecisionFeedback",
    "IceFeedback",
    "IceItemFeedback",
    "IceNotTestable",
    "OptionFeedback",
    "TeamNote",
    "Verdict",
    "assess_decision",
    "compare_ice",
    "ice_bands_rule",
    "ice_not_testable",
    "plain_problems",
]

# ICE items as ASTCT 2019 (Lee et al.) defines them: short label and the task with its points.
ICE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "orientation": "Orientation",
        "naming": "Naming",
        "commands": "Following commands",
        "writing": "Writing",
        "attention": "Attention",
    }
)
ICE_TASKS: Mapping[str, str] = MappingProxyType(
    {
        "orientation": "year, month, city, hospital: 1 point each (0-4)",
        "naming": "names three objects: 1 point each (0-3)",
        "commands": "follows a simple command (0-1)",
        "writing": "writes a standard sentence (0-1)",
        "attention": "counts backwards from 100 by ten (0-1)",
    }
)
PART_LABELS: Mapping[str, str] = MappingProxyType(
    {"year": "Year", "month": "Month", "city": "City", "hospital": "Hospital"}
)

# Provenance as shown to learners (docs/data-format.md, "Provenance").
PROVENANCE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "report": "report",
        "report_fact": "reported fact, reconstructed day",
        "reconstructed": "reconstructed",
        "not_reported": "not reported",
    }
)


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
# The day's other findings, exactly as Case.icans reads them
def _grading_inputs(case: Case, day: int) -> dict[str, Any]:
    f = case.findings(day)
    return {
        "consciousness": f.get("consciousness", "alert"),
        "seizure": f.get("seizure", "none"),
        "motor": f.get("motor", "none"),
        "edema": f.get("edema", "none"),
        "global_aphasia": f.get("aphasia") == "global",
        "tremor": f.get("tremor", "none"),
        "other_cause": tuple(f.get("excluded_domain", ())),
    }


def _finding_lines(case: Case, day: int) -> tuple[tuple[str, str], ...]:
    """(label, value in words) for every finding other than the ICE that feeds the grade."""
    g = _grading_inputs(case, day)
    aphasia = case.findings(day).get("aphasia", "none")
    lines = [
        (
            "Level of consciousness",
            CONSCIOUSNESS_LABELS.get(g["consciousness"], g["consciousness"]),
        ),
        ("Seizure", SEIZURE_LABELS.get(g["seizure"], g["seizure"])),
        ("Motor findings", MOTOR_LABELS.get(g["motor"], g["motor"])),
        ("Cerebral edema", EDEMA_LABELS.get(g["edema"], g["edema"])),
        ("Aphasia", str(aphasia).replace("_", " ")),
        ("Tremor", TREMOR_LABELS.get(g["tremor"], g["tremor"])),
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
            or not 0 <= value <= ICE_MAXIMA[name]
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
    return f"a whole number from 0 to {ICE_MAXIMA[name]}"


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
    exam = case.exam(day)
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
    inputs = _grading_inputs(case, day)
    learner_grade = grade_icans(ice=learner_total, **inputs)
    reference_grade = case.icans(day)
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
        findings=_finding_lines(case, day),
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
    exam = case.exam(day)
    if exam.testable:
        raise ValueError(
            f"The ICE on day {day} of {case.id} could be done: score it with compare_ice."
        )
    grade = case.icans(day)
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
        findings=_finding_lines(case, day),
        rule=rule,
    )


# ---------------------------------------------------------------------------------------------
# Decisions
@dataclass(frozen=True)
class Verdict:
    """How one option is judged for the learner's choice: words, tone and a symbol.

    ``tone`` is "good", "bad", "warning" or "neutral"; the symbol (✓ ✗ ! or –) and the words carry
    the meaning, so colour is never the only signal.
    """

    text: str
    tone: str
    symbol: str


# (classification, chosen) -> verdict
VERDICTS: Mapping[tuple[str, bool], Verdict] = MappingProxyType(
    {
        ("essential", True): Verdict("essential - chosen", "good", "✓"),
        ("essential", False): Verdict("essential - missed", "bad", "✗"),
        ("harmful", True): Verdict("harmful - chosen", "bad", "✗"),
        ("harmful", False): Verdict("harmful - avoided", "good", "✓"),
        ("acceptable", True): Verdict("acceptable - chosen", "neutral", "✓"),
        ("acceptable", False): Verdict("acceptable - not chosen", "neutral", "–"),
        ("not_indicated", True): Verdict("not indicated - chosen", "warning", "!"),
        ("not_indicated", False): Verdict("not indicated - not chosen", "neutral", "✓"),
    }
)


@dataclass(frozen=True)
class OptionFeedback:
    id: str
    label: str
    description: str
    chosen: bool
    classification: str
    rationale: str
    ref: str
    source: str  # short citation of ``ref``
    verdict: Verdict

    @property
    def message(self) -> str:
        return f"{self.label}: {self.verdict.text}. {self.rationale} (Source: {self.source})"


@dataclass(frozen=True)
class TeamNote:
    """One sentence of what the team did, with its provenance (report, reconstructed,
    not_reported) and the label shown for it."""

    sentence: str
    source: str
    label: str


@dataclass(frozen=True)
class DecisionFeedback:
    decision_id: str
    title: str
    day: int
    chosen: tuple[str, ...]
    options: tuple[OptionFeedback, ...]
    team_did: tuple[TeamNote, ...]
    guideline: str
    guideline_sources: tuple[str, ...]

    def _count(self, classification: str, chosen: bool = True) -> int:
        return sum(
            1 for o in self.options if o.classification == classification and o.chosen == chosen
        )

    @property
    def essential_total(self) -> int:
        return sum(1 for o in self.options if o.classification == "essential")

    @property
    def essential_chosen(self) -> int:
        return self._count("essential")

    @property
    def essential_missed(self) -> int:
        return self._count("essential", chosen=False)

    @property
    def harmful_chosen(self) -> int:
        return self._count("harmful")

    @property
    def not_indicated_chosen(self) -> int:
        return self._count("not_indicated")

    @property
    def acceptable_chosen(self) -> int:
        return self._count("acceptable")

    @property
    def correct(self) -> bool:
        """Every essential option chosen and no harmful one (docs/design.md)."""
        return self.essential_missed == 0 and self.harmful_chosen == 0

    @property
    def score(self) -> float:
        """Fraction of essential options chosen, 0 when any harmful option is chosen; rounded
        to 3 places (docs/design.md). With no essential option it is 1 unless harm was chosen."""
        if self.harmful_chosen:
            return 0.0
        if not self.essential_total:
            return 1.0
        return round(self.essential_chosen / self.essential_total, 3)

    @property
    def summary(self) -> str:
        """E.g. "3/4 essential, 1 harmful" (plus not-indicated choices when there are any)."""
        text = f"{self.essential_chosen}/{self.essential_total} essential, "
        text += f"{self.harmful_chosen} harmful"
        if self.not_indicated_chosen:
            text += f", {self.not_indicated_chosen} not indicated"
        return text

    @property
    def result(self) -> dict[str, Any]:
        """The "result" of the response record (docs/design.md)."""
        return {
            "score": self.score,
            "reference": [o.id for o in self.options if o.classification == "essential"],
            "correct": self.correct,
            "items": {o.id: {"chosen": o.chosen, "class": o.classification} for o in self.options},
            "decision": self.decision_id,
        }


def assess_decision(
    decision: Decision,
    chosen: Iterable[str],
    *,
    cite: Callable[[str], str] | None = None,
) -> DecisionFeedback:
    """Judge the learner's choice at a decision point, option by option.

    ``chosen``: the ids of the options the learner chose (a collection, not one string).
    ``cite``: reference key -> short citation, normally ``case.cite``; without it the key is
    shown. Raises ValueError for unknown or repeated ids, naming them and the valid ids.
    """
    cite = cite or (lambda key: key)
    if isinstance(chosen, str | bytes) or not isinstance(chosen, Iterable):
        raise ValueError(f"chosen must be a collection of option ids (e.g. a list), not {chosen!r}")
    picked = list(chosen)
    valid = [o.id for o in decision.options]
    unknown = [c for c in picked if c not in valid]
    repeated = sorted({c for c in picked if picked.count(c) > 1 and c in valid})
    problems = []
    if unknown:
        problems.append(f"unknown option ids {unknown!r}")
    if repeated:
        problems.append(f"ids chosen more than once {repeated!r}")
    if problems:
        raise ValueError(
            f"Decision {decision.id!r}: {'; '.join(problems)}; the options are {valid!r}"
        )

    options = []
    for opt in decision.options:
        is_chosen = opt.id in picked
        options.append(
            OptionFeedback(
                id=opt.id,
                label=opt.label,
                description=opt.intervention.description,
                chosen=is_chosen,
                classification=opt.classification,
                rationale=opt.rationale,
                ref=opt.ref,
                source=cite(opt.ref),
                verdict=VERDICTS[(opt.classification, is_chosen)],
            )
        )
    team = tuple(
        TeamNote(a.sentence, a.source, PROVENANCE_LABELS.get(a.source, a.source))
        for a in decision.team_did
    )
    return DecisionFeedback(
        decision_id=decision.id,
        title=decision.title,
        day=decision.day,
        chosen=tuple(o for o in valid if o in picked),
        options=tuple(options),
        team_did=team,
        guideline=decision.guideline,
        guideline_sources=tuple(cite(key) for key in decision.guideline_refs),
    )


# ---------------------------------------------------------------------------------------------
# Engine messages in words, for the widgets
ICE_NOT_TESTABLE_PROBLEM = (
    "ICE 'cannot be done' is only possible when the patient is unarousable: set the level of "
    "consciousness to 'unarousable', or score the ICE items."
)
_ARGUMENT = re.compile(r"\b([a-z_]+)=('[^']*'|\([^)]*\)|[^\s;,]+)")
_QUOTED = re.compile(r"'([a-z_]+)'")


def _plain_line(line: str, names: Mapping[str, str]) -> str:
    if re.match(r"ice=None is not allowed while consciousness=", line):
        return ICE_NOT_TESTABLE_PROBLEM
    found = _ARGUMENT.match(line)
    labels = LABELS.get(found.group(1), {}) if found else {}

    def value(match: re.Match) -> str:
        return f"'{labels.get(match.group(1), match.group(1).replace('_', ' '))}'"

    def argument(match: re.Match) -> str:
        name, raw = match.group(1), match.group(2)
        shown = _QUOTED.sub(value, raw) if raw.startswith("'") else raw
        return f"{names.get(name, name.replace('_', ' '))} {shown}"

    text = _ARGUMENT.sub(argument, line).replace(" is not allowed", " cannot be used")
    text = text.replace("expected True or False", "expected yes or no")
    return _QUOTED.sub(value, text)


def plain_problems(message: str, names: Mapping[str, str]) -> tuple[str, ...]:
    """The grading engine's ValueError ``message`` in words for a person, one line per problem.

    ``names`` maps argument names to the labels the widget shows (e.g. ``"consciousness"`` ->
    ``"Level of consciousness"``); values are shown with their labels (``'awakens to voice'``).
    ICE "not testable" while the patient is arousable gets its own sentence.
    """
    lines = [line.removeprefix("- ").strip() for line in message.splitlines()]
    kept = [line for line in lines if line and not re.fullmatch(r"\d+ arguments are .*:", line)]
    return tuple(_plain_line(line, names) for line in kept)
