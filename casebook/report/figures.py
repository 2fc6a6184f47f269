"""The class report's figures, computed from valid response records (pure: no files, no HTML).

Only the first attempt at each exercise counts (docs/design.md). What each exercise type adds
(a reference score, item misses, option classes) comes from ``casebook.exercises``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from casebook.exercises import exercise_type

__all__ = [
    "Summary",
    "exercise_key",
    "exercise_label",
    "first_attempts",
    "format_score",
    "format_time",
    "record_time",
    "summarise",
    "summary_lines",
]


def record_time(record: Mapping[str, Any]) -> datetime:
    """The record's time as an aware UTC datetime (records are validated to carry an offset)."""
    return datetime.fromisoformat(record["time"]).astimezone(UTC)


def format_time(when: datetime) -> str:
    """``2026-11-25 19:30 UTC``."""
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def exercise_key(record: Mapping[str, Any]) -> tuple[str, int, str, str]:
    """(case, day, exercise, instance such as the decision id, or "") identifying one exercise."""
    result = record.get("result") or {}
    field = exercise_type(record["exercise"]).instance_field
    instance = result.get(field) if field and isinstance(result, Mapping) else None
    return (record["case"], record["day"], record["exercise"], str(instance or ""))


def first_attempts(records: Iterable[Mapping[str, Any]]) -> dict[tuple, Mapping[str, Any]]:
    """(learner, *exercise_key) -> the scored record: the lowest attempt, earliest if tied."""
    best: dict[tuple, Mapping[str, Any]] = {}
    for rec in records:
        key = (rec["learner"], *exercise_key(rec))
        held = best.get(key)
        if held is None or (rec["attempt"], record_time(rec)) < (
            held["attempt"],
            record_time(held),
        ):
            best[key] = rec
    return best


def exercise_label(key: tuple[str, int, str, str]) -> str:
    """Short text for an exercise key, e.g. ``decision c1-grade2``."""
    _, _, exercise, decision = key
    return f"{exercise} {decision}" if decision else exercise


def format_score(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.3g}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def pct_text(part: int, whole: int) -> str:
    return f"{pct(part, whole):.0f}%" if whole else "-"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# -- figures -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    """The report's figures (first attempts only), computed once from valid records."""

    records: int
    learners: tuple[str, ...]
    exercises: tuple[tuple[str, int, str, str], ...]
    first_total: int
    first_correct: int
    modes: Mapping[str, int]

    @property
    def accuracy(self) -> str:
        return pct_text(self.first_correct, self.first_total)


def summarise(records: Sequence[Mapping[str, Any]]) -> Summary:
    firsts = first_attempts(records)
    return Summary(
        records=len(records),
        learners=tuple(sorted({r["learner"] for r in records})),
        exercises=tuple(sorted({exercise_key(r) for r in records})),
        first_total=len(firsts),
        first_correct=sum(1 for r in firsts.values() if r["result"]["correct"]),
        modes=dict(Counter(r["mode"] for r in records)),
    )


def exercise_rows(firsts: Mapping[tuple, Mapping[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple, list[Mapping[str, Any]]] = defaultdict(list)
    for key, rec in firsts.items():
        groups[key[1:]].append(rec)
    rows = []
    for key in sorted(groups):
        recs = groups[key]
        scores = [r["result"].get("score") for r in recs]
        scores = [s for s in scores if s is not None]
        references = {format_score(r["result"].get("reference")) for r in recs}
        references.discard("-")
        graded = [r for r in recs if "grade" in r["result"] and "reference_grade" in r["result"]]
        rows.append(
            {
                "key": key,
                "n": len(recs),
                "correct": sum(1 for r in recs if r["result"]["correct"]),
                "mean": sum(scores) / len(scores) if scores else None,
                "reference": ", ".join(sorted(references))
                if exercise_type(key[2]).shows_reference_score
                else "",
                "grade_n": len(graded),
                "grade_right": sum(
                    1 for r in graded if r["result"]["grade"] == r["result"]["reference_grade"]
                ),
            }
        )
    return rows


def item_misses(firsts: Mapping[tuple, Mapping[str, Any]]) -> list[tuple[str, int, int]]:
    """(item, wrong, scored) for every scored item (the ICE's), most often wrong first."""
    wrong: Counter[str] = Counter()
    scored: Counter[str] = Counter()
    for rec in firsts.values():
        if not exercise_type(rec["exercise"]).scored_items:
            continue
        items = rec["result"].get("items")
        if not isinstance(items, Mapping):
            continue
        for name, item in items.items():
            if isinstance(item, Mapping) and isinstance(item.get("correct"), bool):
                scored[name] += 1
                wrong[name] += not item["correct"]
    rows = [(name, wrong[name], scored[name]) for name in scored]
    return sorted(rows, key=lambda r: (-r[1], -pct(r[1], r[2]), r[0]))


def option_counts(
    firsts: Mapping[tuple, Mapping[str, Any]], classification: str, chosen: bool
) -> list[tuple[str, str, int, int]]:
    """(exercise, option, count, offered) for options of one class chosen (or not), most first."""
    hits: Counter[tuple[str, str]] = Counter()
    offered: Counter[tuple[str, str]] = Counter()
    for key, rec in firsts.items():
        items = rec["result"].get("items")
        if not exercise_type(rec["exercise"]).classified_options or not isinstance(items, Mapping):
            continue
        where = f"{key[1]} day {key[2]} {exercise_label(key[1:])}"
        for option, item in items.items():
            if not isinstance(item, Mapping) or item.get("class") != classification:
                continue
            offered[(where, option)] += 1
            hits[(where, option)] += item.get("chosen") is chosen
    rows = [(w, o, hits[(w, o)], offered[(w, o)]) for (w, o) in offered if hits[(w, o)]]
    return sorted(rows, key=lambda r: (-r[2], -pct(r[2], r[3]), r[0], r[1]))


def learner_rows(
    records: Sequence[Mapping[str, Any]], firsts: Mapping[tuple, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    rows = []
    for learner in sorted({r["learner"] for r in records}):
        mine = [r for r in records if r["learner"] == learner]
        first = [rec for key, rec in firsts.items() if key[0] == learner]
        rows.append(
            {
                "learner": learner,
                "exercises": len(first),
                "correct": sum(1 for r in first if r["result"]["correct"]),
                "records": len(mine),
                "modes": ", ".join(sorted({r["mode"] for r in mine})),
                "last": format_time(max(record_time(r) for r in mine)),
            }
        )
    return rows


def summary_lines(records: Sequence[Mapping[str, Any]], problems: Sequence[str]) -> list[str]:
    """The summary that ``python -m casebook report`` prints, as lines (pure)."""
    lines = []
    if records:
        summary = summarise(records)
        lines += [
            f"Read {_count(summary.records, 'answer')} from "
            f"{_count(len(summary.learners), 'learner')} on "
            f"{_count(len(summary.exercises), 'exercise')}.",
            f"Correct at first attempt: {summary.accuracy} "
            f"({summary.first_correct} of {summary.first_total}).",
        ]
    lines.append(f"Input problems: {len(problems)}")
    lines += [f"  {problem}" for problem in problems]
    return lines
