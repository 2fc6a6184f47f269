"""Class report from learners' response files: one self-contained, offline HTML page.

``python -m casebook report FILES_OR_FOLDERS -o report.html`` calls :func:`run_report`. Only the
first attempt at each exercise counts (docs/design.md). Every text that comes from a response
file is HTML-escaped; the page loads nothing from the network (inline CSS bars, no scripts).
"""

from __future__ import annotations

import html
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from casebook.exercises import EXERCISE_TYPES
from casebook.report.figures import (
    exercise_label,
    exercise_rows,
    first_attempts,
    format_score,
    item_misses,
    learner_rows,
    option_counts,
    pct,
    pct_text,
    summarise,
    summary_lines,
)
from casebook.responses import read_responses

__all__ = ["SECTION_BUILDERS", "build_report", "run_report"]

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


def e(value: object) -> str:
    """Text escaped for HTML (quotes too)."""
    return html.escape(str(value), quote=True)


# -- HTML ----------------------------------------------------------------------------------------
def _bar(part: int, whole: int, *, bad: bool = False) -> str:
    """A CSS bar with its number beside it (the number carries the meaning, not the colour)."""
    width = pct(part, whole)
    label = f"{pct_text(part, whole)} ({part} of {whole})"
    cls = "fill bad" if bad else "fill"
    return (
        f'<span class="meter"><span class="bar" aria-hidden="true"><span class="{cls}" '
        f'style="width:{width:.1f}%"></span></span>{e(label)}</span>'
    )


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]], numeric: set[int]) -> str:
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _note(text: str) -> str:
    """A note paragraph; ``text`` is the package's own wording (not escaped)."""
    return f'<p class="note">{text}</p>'


def _section_exercises(firsts: Mapping[tuple, Mapping[str, Any]]) -> str:
    rows = []
    for row in exercise_rows(firsts):
        case, day, _, _ = row["key"]
        grade = _bar(row["grade_right"], row["grade_n"]) if row["grade_n"] else "-"
        rows.append(
            [
                e(case),
                e(day),
                e(exercise_label(row["key"])),
                e(row["n"]),
                _bar(row["correct"], row["n"]),
                e("-" if row["mean"] is None else f"{row['mean']:.2f}"),
                e(row["reference"] or "-"),
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
        + _note(
            " ".join(["First attempts only.", *(t.score_note for t in EXERCISE_TYPES.values())])
        )
        + _table(headers, rows, {1, 3, 5})
    )


def _section_ice_items(firsts: Mapping[tuple, Mapping[str, Any]]) -> str:
    misses = item_misses(firsts)
    if not misses:
        return "<h2>Most mis-scored ICE items</h2><p>No ICE answers yet.</p>"
    rows = [[e(name), e(wrong), _bar(wrong, scored, bad=True)] for name, wrong, scored in misses]
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
            [e(where), e(option), e(count), _bar(count, offered, bad=True)]
            for where, option, count, offered in option_counts(firsts, classification, chosen)
        ]
        parts.append(f"<h3>{e(title)}</h3>")
        if rows:
            parts.append(
                _table(
                    ["case, day, decision", "option", "learners", "% of learners offered it"],
                    rows,
                    {2},
                )
            )
        else:
            parts.append(f"<p>{e(empty)}</p>")
    return "".join(parts)


def _section_learners(
    records: Sequence[Mapping[str, Any]], firsts: Mapping[tuple, Mapping[str, Any]]
) -> str:
    rows = [
        [
            e(row["learner"]),
            e(row["exercises"]),
            _bar(row["correct"], row["exercises"]),
            e(row["records"]),
            e(row["modes"]),
            e(row["last"]),
        ]
        for row in learner_rows(records, firsts)
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
                e(key[0]),
                e(key[1]),
                e(exercise_label(key)),
                e("yes" if rec["result"]["correct"] else "no"),
                e(format_score(rec["result"].get("score"))),
                f"<code>{e(_answer_text(rec['answer']))}</code>",
            ]
            for key, rec in sorted(by_learner[learner], key=lambda kr: kr[0])
        ]
        table = _table(["case", "day", "exercise", "correct", "score", "answer"], rows, {1, 4})
        parts.append(f"<details><summary>{e(learner)}</summary>{table}</details>")
    return "".join(parts)


def _section_problems(problems: Sequence[str]) -> str:
    if not problems:
        return "<h2>Input problems</h2><p>None: every line of every file was read.</p>"
    items = "".join(f"<li>{e(p)}</li>" for p in problems)
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
        f"<title>{e(TITLE)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(TITLE)}</h1>",
        '<p class="banner">For education only. These figures describe how residents answered '
        "teaching exercises; they are not clinical data and not for clinical decisions.</p>",
        f'<p class="note">Generated {e(generated)}.</p>',
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
            f"<li>Answers recorded: {summary.records} ({e(modes)})</li>"
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


# name -> (records, first attempts, problems) -> HTML; the report's sections, in order.
SECTION_BUILDERS: Mapping[str, Callable[[Sequence, Mapping, Sequence[str]], str]] = {
    "exercises": lambda records, firsts, problems: _section_exercises(firsts),
    "ice_items": lambda records, firsts, problems: _section_ice_items(firsts),
    "options": lambda records, firsts, problems: _section_options(firsts),
    "learners": lambda records, firsts, problems: _section_learners(records, firsts),
    "answers": lambda records, firsts, problems: _section_answers(firsts),
    "problems": lambda records, firsts, problems: _section_problems(problems),
}
