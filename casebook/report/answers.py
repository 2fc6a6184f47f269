"""A learner's answer in words, for the class report (pure: records and labels in, text out).

An ICE answer becomes one line per item (what the learner scored, the reference when it differs,
the ticked orientation parts) and the totals; a decision answer becomes the chosen options by
their catalogue labels with their class, harmful first, then the essential options missed.
Every line carries a symbol and words, so colour is never the only signal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from casebook.exercises import exercise_type
from casebook.report.labels import CLASS_WORDS, Labels
from casebook.vocab import ICE_ITEM_MAXIMA, ICE_LABELS, ICE_MAX, ORIENTATION_PARTS, PART_LABELS

__all__ = ["AnswerLine", "answer_lines"]

# Chosen options are listed in this order: what needs the instructor's attention first.
_CHOSEN_ORDER = ("harmful", "not_indicated", "essential", "acceptable")
_SYMBOL = {"harmful": "✗", "not_indicated": "!", "essential": "✓", "acceptable": "✓"}


@dataclass(frozen=True)
class AnswerLine:
    """One line of a learner's answer: ``tone`` is "good", "bad", "warning" or "neutral"."""

    text: str
    tone: str = "neutral"


def _is_points(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _orientation(answer: Mapping[str, Any]) -> str:
    parts = answer.get("orientation")
    if not isinstance(parts, Mapping):
        return ""
    ticked = [PART_LABELS[p].lower() for p in ORIENTATION_PARTS if parts.get(p) is True]
    missed = [PART_LABELS[p].lower() for p in ORIENTATION_PARTS if parts.get(p) is False]
    text = f"ticked {', '.join(ticked)}" if ticked else "none ticked"
    return text + (f"; not {', '.join(missed)}" if ticked and missed else "")


def _ice_lines(record: Mapping[str, Any]) -> list[AnswerLine]:
    answer, result = record.get("answer") or {}, record.get("result") or {}
    items = result.get("items") if isinstance(result.get("items"), Mapping) else {}
    lines = []
    for name, label in ICE_LABELS.items():
        item = items.get(name)
        if not isinstance(item, Mapping):
            continue
        mine, ref = item.get("learner"), item.get("reference")
        maximum = ICE_ITEM_MAXIMA[name]
        text = f"{label}: {mine}/{maximum}"
        if name == "orientation" and (detail := _orientation(answer)):
            text += f" ({detail})"
        if item.get("correct") is True:
            lines.append(AnswerLine(f"✓ {text}", "good"))
        else:
            lines.append(AnswerLine(f"✗ {text}; reference {ref}/{maximum}", "bad"))
    score, reference = result.get("score"), result.get("reference")
    if _is_points(score):
        total = f"ICE total {score}/{ICE_MAX}"
        if _is_points(reference) and reference != score:
            total += f" (reference {reference}/{ICE_MAX})"
        grade, ref_grade = result.get("grade"), result.get("reference_grade")
        if _is_points(grade) and _is_points(ref_grade):
            total += f"; ICANS grade implied {grade}"
            total += " (right)" if grade == ref_grade else f" (reference grade {ref_grade})"
        lines.append(AnswerLine(total))
    return lines


def _decision_lines(record: Mapping[str, Any], labels: Labels) -> list[AnswerLine]:
    result = record.get("result") or {}
    items = result.get("items") if isinstance(result.get("items"), Mapping) else {}
    options = [(o, i) for o, i in items.items() if isinstance(i, Mapping)]
    lines = []
    for cls in _CHOSEN_ORDER:
        for option, _ in (pair for pair in options if pair[1].get("class") == cls):
            if items[option].get("chosen") is True:
                tone = {"harmful": "bad", "not_indicated": "warning"}.get(cls, "good")
                lines.append(
                    AnswerLine(f"{_SYMBOL[cls]} {labels.option(option)}: {CLASS_WORDS[cls]}", tone)
                )
    missed = [
        labels.option(o)
        for o, i in options
        if i.get("class") == "essential" and not i.get("chosen")
    ]
    if missed:
        lines.append(AnswerLine(f"✗ essential, not chosen: {'; '.join(missed)}", "bad"))
    if not any(i.get("chosen") is True for _, i in options):
        lines.insert(0, AnswerLine("– nothing chosen", "warning"))
    return lines


def answer_lines(record: Mapping[str, Any], labels: Labels) -> list[AnswerLine]:
    """The record's answer in words, by what its exercise type records (``casebook.exercises``):
    scored items (the ICE) or classified options (a decision). Another type shows its answer's
    fields as text."""
    kind = exercise_type(str(record.get("exercise", "")))
    if kind.scored_items:
        return _ice_lines(record)
    if kind.classified_options:
        return _decision_lines(record, labels)
    answer = record.get("answer")
    fields = answer.items() if isinstance(answer, Mapping) else ()
    return [AnswerLine(_short(f"{name}: {value}")) for name, value in sorted(fields)]


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
