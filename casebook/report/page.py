"""Class report from learners' response files: one self-contained, offline HTML page.

``python -m casebook report FILES_OR_FOLDERS -o report.html`` calls :func:`run_report`. Only the
first attempt at each exercise counts (docs/design.md). Every text that comes from a response
file is HTML-escaped; the page loads nothing from the network (inline CSS bars, no scripts).
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from casebook.responses import (
    exercise_key,
    exercise_label,
    first_attempts,
    format_score,
    format_time,
    read_responses,
    record_time,
)

__all__ = [
    "SECTIONS",
    "ReportPreview",
    "Summary",
    "build_report",
    "preview",
    "run_report",
    "summarise",
    "summary_lines",
]

TITLE = "ICANS casebook: class report (for education only, not for clinical decisions)"

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;max-width:72rem;
color:#1a1a1a;line-height:1.4}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;width:10rem;height:.8rem;background:#e6e6e6;border:1px solid #999;
vertical-align:middle;margin-right:.4rem}
.fill{display:block;height:100%;background:#3b6ea5}
.fill.bad{background:#b5473a}
.meter{white-space:nowrap}
.note{color:#444;font-size:.9rem}
.problems li{font-family:ui-monospace,monospace;font-size:.85rem}
.banner{background:#fff4d6;border:1px solid #d9b44a;padding:.5rem .75rem}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _pct_text(part: int, whole: int) -> str:
    return f"{_pct(part, whole):.0f}%" if whole else "-"


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
        return _pct_text(self.first_correct, self.first_total)


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


def _exercise_rows(firsts: Mapping[tuple, Mapping[str, Any]]) -> list[dict[str, Any]]:
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
                "reference": ", ".join(sorted(references)) if key[2] == "ice" else "",
                "grade_n": len(graded),
                "grade_right": sum(
                    1 for r in graded if r["result"]["grade"] == r["result"]["reference_grade"]
                ),
            }
        )
    return rows


def _ice_item_misses(firsts: Mapping[tuple, Mapping[str, Any]]) -> list[tuple[str, int, int]]:
    """(item, wrong, scored) for every ICE item, most often wrong first."""
    wrong: Counter[str] = Counter()
    scored: Counter[str] = Counter()
    for rec in firsts.values():
        if rec["exercise"] != "ice":
            continue
        items = rec["result"].get("items")
        if not isinstance(items, Mapping):
            continue
        for name, item in items.items():
            if isinstance(item, Mapping) and isinstance(item.get("correct"), bool):
                scored[name] += 1
                wrong[name] += not item["correct"]
    rows = [(name, wrong[name], scored[name]) for name in scored]
    return sorted(rows, key=lambda r: (-r[1], -_pct(r[1], r[2]), r[0]))


def _option_counts(
    firsts: Mapping[tuple, Mapping[str, Any]], classification: str, chosen: bool
) -> list[tuple[str, str, int, int]]:
    """(exercise, option, count, offered) for options of one class chosen (or not), most first."""
    hits: Counter[tuple[str, str]] = Counter()
    offered: Counter[tuple[str, str]] = Counter()
    for key, rec in firsts.items():
        items = rec["result"].get("items")
        if not isinstance(items, Mapping):
            continue
        where = f"{key[1]} day {key[2]} {exercise_label(key[1:])}"
        for option, item in items.items():
            if not isinstance(item, Mapping) or item.get("class") != classification:
                continue
            offered[(where, option)] += 1
            hits[(where, option)] += item.get("chosen") is chosen
    rows = [(w, o, hits[(w, o)], offered[(w, o)]) for (w, o) in offered if hits[(w, o)]]
    return sorted(rows, key=lambda r: (-r[2], -_pct(r[2], r[3]), r[0], r[1]))


def _learner_rows(
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


# -- HTML ----------------------------------------------------------------------------------------
def _bar(part: int, whole: int, *, bad: bool = False) -> str:
    """A CSS bar with its number beside it (the number carries the meaning, not the colour)."""
    width = _pct(part, whole)
    label = f"{_pct_text(part, whole)} ({part} of {whole})"
    cls = "fill bad" if bad else "fill"
    return (
        f'<span class="meter"><span class="bar" aria-hidden="true"><span class="{cls}" '
        f'style="width:{width:.1f}%"></span></span>{_e(label)}</span>'
    )


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]], numeric: set[int]) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section_exercises(firsts: Mapping[tuple, Mapping[str, Any]]) -> str:
    rows = []
    for row in _exercise_rows(firsts):
        case, day, _, _ = row["key"]
        grade = _bar(row["grade_right"], row["grade_n"]) if row["grade_n"] else "-"
        rows.append(
            [
                _e(case),
                _e(day),
                _e(exercise_label(row["key"])),
                _e(row["n"]),
                _bar(row["correct"], row["n"]),
                _e("-" if row["mean"] is None else f"{row['mean']:.2f}"),
                _e(row["reference"] or "-"),
                grade,
            ]
        )
    headers = [
        "case",
        "day",
        "exercise",
        "learners",
        "correct at first attempt",
        "mean score",
        "reference score",
        "ICANS grade right (ICE)",
    ]
    return (
        "<h2>Accuracy per exercise</h2>"
        '<p class="note">First attempts only. ICE score: the learner\'s ICE total (compare with '
        "the reference total); correct means every item matches. Decision score: the fraction of "
        "essential options chosen, 0 when a harmful option was chosen; correct means every "
        "essential and no harmful option.</p>" + _table(headers, rows, {1, 3, 5})
    )


def _section_ice_items(firsts: Mapping[tuple, Mapping[str, Any]]) -> str:
    misses = _ice_item_misses(firsts)
    if not misses:
        return "<h2>Most mis-scored ICE items</h2><p>No ICE answers yet.</p>"
    rows = [[_e(name), _e(wrong), _bar(wrong, scored, bad=True)] for name, wrong, scored in misses]
    return (
        "<h2>Most mis-scored ICE items</h2>"
        '<p class="note">First attempts at ICE exercises; % of the times the item was scored.</p>'
        + _table(["ICE item", "times wrong", "% wrong"], rows, {1})
    )


def _section_options(firsts: Mapping[tuple, Mapping[str, Any]]) -> str:
    parts = ["<h2>Decisions: harmful choices and missed essentials</h2>"]
    for title, classification, chosen, empty in (
        ("Harmful interventions chosen", "harmful", True, "No harmful option was chosen."),
        ("Essential interventions missed", "essential", False, "No essential option was missed."),
    ):
        rows = [
            [_e(where), _e(option), _e(count), _bar(count, offered, bad=True)]
            for where, option, count, offered in _option_counts(firsts, classification, chosen)
        ]
        parts.append(f"<h3>{_e(title)}</h3>")
        if rows:
            parts.append(
                _table(
                    ["case, day, decision", "option", "learners", "% of learners offered it"],
                    rows,
                    {2},
                )
            )
        else:
            parts.append(f"<p>{_e(empty)}</p>")
    return "".join(parts)


def _section_learners(
    records: Sequence[Mapping[str, Any]], firsts: Mapping[tuple, Mapping[str, Any]]
) -> str:
    rows = [
        [
            _e(row["learner"]),
            _e(row["exercises"]),
            _bar(row["correct"], row["exercises"]),
            _e(row["records"]),
            _e(row["modes"]),
            _e(row["last"]),
        ]
        for row in _learner_rows(records, firsts)
    ]
    headers = [
        "learner",
        "exercises",
        "correct at first attempt",
        "answers (all attempts)",
        "mode",
        "last answer",
    ]
    return "<h2>Learners</h2>" + _table(headers, rows, {1, 3})


def _answer_text(answer: Mapping[str, Any]) -> str:
    text = json.dumps(answer, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= 300 else text[:297] + "..."


def _section_answers(firsts: Mapping[tuple, Mapping[str, Any]]) -> str:
    """Each learner's first-attempt answers, folded away per learner (no script needed)."""
    by_learner: dict[str, list[tuple[tuple, Mapping[str, Any]]]] = defaultdict(list)
    for key, rec in firsts.items():
        by_learner[key[0]].append((key[1:], rec))
    parts = [
        "<h2>Answers at first attempt</h2>",
        '<p class="note">Open a learner to see what they answered.</p>',
    ]
    for learner in sorted(by_learner):
        rows = [
            [
                _e(key[0]),
                _e(key[1]),
                _e(exercise_label(key)),
                _e("yes" if rec["result"]["correct"] else "no"),
                _e(format_score(rec["result"].get("score"))),
                f"<code>{_e(_answer_text(rec['answer']))}</code>",
            ]
            for key, rec in sorted(by_learner[learner], key=lambda kr: kr[0])
        ]
        table = _table(["case", "day", "exercise", "correct", "score", "answer"], rows, {1, 4})
        parts.append(f"<details><summary>{_e(learner)}</summary>{table}</details>")
    return "".join(parts)


def _section_problems(problems: Sequence[str]) -> str:
    if not problems:
        return "<h2>Input problems</h2><p>None: every line of every file was read.</p>"
    items = "".join(f"<li>{_e(p)}</li>" for p in problems)
    return (
        f"<h2>Input problems ({len(problems)})</h2>"
        "<p>These lines or files were skipped; the figures above leave them out.</p>"
        f'<ul class="problems">{items}</ul>'
    )


def build_report(records: Sequence[Mapping[str, Any]], problems: Sequence[str]) -> str:
    """The class report as one self-contained HTML document (no scripts, no network)."""
    summary = summarise(records)
    firsts = first_attempts(records)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(TITLE)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(TITLE)}</h1>",
        '<p class="banner">For education only. These figures describe how residents answered '
        "teaching exercises; they are not clinical data and not for clinical decisions.</p>",
        f'<p class="note">Generated {_e(generated)}.</p>',
    ]
    if not records:
        parts.append(
            "<h2>No responses</h2><p>No valid response records were found in the inputs.</p>"
        )
    else:
        modes = ", ".join(f"{n} {mode}" for mode, n in sorted(summary.modes.items()))
        parts.append(
            "<h2>Summary</h2><ul>"
            f"<li>Learners: {len(summary.learners)}</li>"
            f"<li>Answers recorded: {summary.records} ({_e(modes)})</li>"
            f"<li>Exercises: {len(summary.exercises)}</li>"
            f"<li>Correct at first attempt: {_bar(summary.first_correct, summary.first_total)}"
            "</li>"
            f"<li>Input problems: {len(problems)}</li></ul>"
        )
        parts += [
            _section_exercises(firsts),
            _section_ice_items(firsts),
            _section_options(firsts),
            _section_learners(records, firsts),
            _section_answers(firsts),
        ]
    parts += [_section_problems(problems), "</body></html>"]
    return "\n".join(parts) + "\n"


def run_report(
    inputs: Sequence[str | os.PathLike[str]], output: str | os.PathLike[str], *, out: TextIO
) -> int:
    """Read response files or folders, write the HTML report, print a short summary to ``out``.

    Returns 0; 1 when no valid record was found (the report still says so); 2 when the report
    cannot be written (the message names the path and the reason).
    """
    records, problems = read_responses(list(inputs))
    document = build_report(records, problems)
    target = Path(output)
    try:
        target.write_text(document, encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write report to {target}: {exc.strerror or exc}", file=out)
        return 2
    if not records:
        names = ", ".join(str(p) for p in inputs)
        print(f"No valid response records found in {names}.", file=out)
    for line in summary_lines(records, problems):
        print(line, file=out)
    print(f"Wrote {target}", file=out)
    return 0 if records else 1


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


# -- a preview for notebooks ------------------------------------------------------------------
_SECTIONS = {
    "exercises": lambda records, firsts, problems: _section_exercises(firsts),
    "ice_items": lambda records, firsts, problems: _section_ice_items(firsts),
    "options": lambda records, firsts, problems: _section_options(firsts),
    "learners": lambda records, firsts, problems: _section_learners(records, firsts),
    "answers": lambda records, firsts, problems: _section_answers(firsts),
    "problems": lambda records, firsts, problems: _section_problems(problems),
}
SECTIONS = tuple(_SECTIONS)
# Scoped to the preview, so a notebook's own styles are left alone.
_PREVIEW_CSS = (
    ".casebook-report-preview table{border-collapse:collapse;margin:.5rem 0}"
    ".casebook-report-preview th,.casebook-report-preview td{border:1px solid #ccc;"
    "padding:.2rem .5rem;text-align:left}"
    ".casebook-report-preview .bar{display:inline-block;width:6rem;height:.7rem;"
    "background:#e6e6e6;border:1px solid #999;vertical-align:middle;margin-right:.4rem}"
    ".casebook-report-preview .fill{display:block;height:100%;background:#3b6ea5}"
    ".casebook-report-preview .fill.bad{background:#b5473a}"
)


@dataclass(frozen=True)
class ReportPreview:
    """Part of the class report for a notebook: the printed summary and some sections.

    It carries no generation time, so the same files always give the same output.
    """

    text: str
    html: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return self.html


def preview(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    sections: Sequence[str] = ("exercises", "problems"),
) -> ReportPreview:
    """The summary ``python -m casebook report`` prints and the chosen report ``sections``
    (any of ``SECTIONS``) for the same response files or folders, without writing anything."""
    unknown = [name for name in sections if name not in _SECTIONS]
    if unknown:
        raise ValueError(f"unknown report sections {unknown}; expected some of {list(SECTIONS)}")
    records, problems = read_responses(inputs)
    lines = summary_lines(records, problems)
    firsts = first_attempts(records)
    body = "".join(_SECTIONS[name](records, firsts, problems) for name in sections)
    html_text = (
        f'<div class="casebook-report-preview"><style>{_PREVIEW_CSS}</style>'
        f"<pre>{_e(chr(10).join(lines))}</pre>{body}</div>"
    )
    return ReportPreview("\n".join(lines), html_text)
