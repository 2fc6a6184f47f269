"""Class report from learners' response files: one self-contained, offline HTML page.

``python -m casebook report FILES_OR_FOLDERS -o report.html`` calls :func:`run_report`. Only the
first attempt at each exercise counts (docs/design.md). Every text that comes from a response
file is HTML-escaped; the page loads nothing from the network (inline CSS bars, no scripts).
"""

from __future__ import annotations

import html
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from casebook.exercises import EXERCISE_TYPES
from casebook.report.answers import answer_lines
from casebook.report.figures import (
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
from casebook.report.labels import Labels, labels_for
from casebook.responses import read_responses
from casebook.vocab import ICE_LABELS

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
.id{color:#555;font-size:.85em;font-family:ui-monospace,monospace}
ul.answer{list-style:none;margin:0;padding:0}ul.answer li{margin:.1rem 0}
li.bad{color:#8a1c12}li.warning{color:#7a4b00}li.good{color:#1d5c2e}
details{margin:.3rem 0}summary{cursor:pointer;font-weight:600}
table.answers{width:100%;table-layout:fixed}
table.answers th:nth-child(1){width:5rem}table.answers th:nth-child(2){width:3rem}
table.answers th:nth-child(3){width:30%}table.answers th:nth-child(4){width:4.5rem}
table.answers th:nth-child(5){width:4rem}
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


def _table(
    headers: Iterable[str], rows: Iterable[Iterable[str]], numeric: set[int], *, css: str = ""
) -> str:
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    opening = f'<table class="{css}">' if css else "<table>"
    return f"{opening}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _with_id(words: str, ident: str) -> str:
    """Words for an id, with the id beside them in small type (both escaped)."""
    if not ident or words == ident:
        return e(words)
    return f'{e(words)} <span class="id">{e(ident)}</span>'


def _exercise_name(key: tuple, labels: Labels) -> str:
    """An exercise as the instructor knows it: the decision's title, "ICE exam", ..."""
    case, _, exercise, instance = key
    return _with_id(labels.exercise(case, exercise, instance), instance)


def _where(key: tuple, labels: Labels) -> str:
    """Case, day and exercise: "case1, day 5: <decision title>"."""
    case, day, _, _ = key
    return f"{e(case)}, day {e(day)}: {_exercise_name(key, labels)}"


def _note(text: str) -> str:
    """A note paragraph; ``text`` is the package's own wording (not escaped)."""
    return f'<p class="note">{text}</p>'


def _section_exercises(firsts: Mapping[tuple, Mapping[str, Any]], labels: Labels) -> str:
    rows = []
    for row in exercise_rows(firsts):
        case, day, _, _ = row["key"]
        grade = _bar(row["grade_right"], row["grade_n"]) if row["grade_n"] else "-"
        rows.append(
            [
                e(case),
                e(day),
                _exercise_name(row["key"], labels),
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
    rows = [
        [e(ICE_LABELS.get(name, name)), e(wrong), _bar(wrong, scored, bad=True)]
        for name, wrong, scored in misses
    ]
    return (
        "<h2>Most mis-scored ICE items</h2>"
        '<p class="note">First attempts at ICE exercises; % of the times the item was scored.</p>'
        + _table(["ICE item", "times wrong", "% wrong"], rows, {1})
    )


_OPTION_TABLES = (
    ("Harmful interventions chosen", "harmful", True, "No harmful option was chosen."),
    (
        "Interventions chosen that were not indicated",
        "not_indicated",
        True,
        "No option that was not indicated was chosen.",
    ),
    ("Essential interventions missed", "essential", False, "No essential option was missed."),
)


def _section_options(firsts: Mapping[tuple, Mapping[str, Any]], labels: Labels) -> str:
    parts = [
        "<h2>Decisions: harmful and not-indicated choices, missed essentials</h2>",
        _note(
            "First attempts only. Options by their label in the intervention catalogue (id "
            "beside it); the class is the one the learner was scored against."
        ),
    ]
    for title, classification, chosen, empty in _OPTION_TABLES:
        rows = [
            [
                _where(key, labels),
                _with_id(labels.option(option), option),
                e(count),
                _bar(count, offered, bad=True),
            ]
            for key, option, count, offered in option_counts(firsts, classification, chosen)
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


def _answer_html(record: Mapping[str, Any], labels: Labels) -> str:
    items = "".join(
        f'<li class="{e(line.tone)}">{e(line.text)}</li>' for line in answer_lines(record, labels)
    )
    return f'<ul class="answer">{items}</ul>' if items else "-"


def _section_answers(firsts: Mapping[tuple, Mapping[str, Any]], labels: Labels) -> str:
    """Each learner's first-attempt answers in words, folded away per learner (no script)."""
    by_learner: dict[str, list[tuple[tuple, Mapping[str, Any]]]] = defaultdict(list)
    for key, rec in firsts.items():
        by_learner[key[0]].append((key[1:], rec))
    parts = [
        "<h2>Answers at first attempt</h2>",
        _note(
            "Open a learner to see what they answered. ICE: each item as scored, with the "
            "reference where it differs (&#10003; right, &#10007; wrong). Decisions: the options "
            "chosen by label with their class, harmful and not indicated first, then the "
            "essential options not chosen."
        ),
    ]
    for learner in sorted(by_learner):
        mine = sorted(by_learner[learner], key=lambda kr: kr[0])
        rows = [
            [
                e(key[0]),
                e(key[1]),
                _exercise_name(key, labels),
                e("yes" if rec["result"]["correct"] else "no"),
                e(format_score(rec["result"].get("score"))),
                _answer_html(rec, labels),
            ]
            for key, rec in mine
        ]
        right = sum(1 for _, rec in mine if rec["result"]["correct"])
        headers = ["case", "day", "exercise", "correct", "score", "answer"]
        table = _table(headers, rows, {1, 4}, css="answers")
        parts.append(
            f"<details><summary>{e(learner)} ({right} of {len(mine)} correct)</summary>"
            f"{table}</details>"
        )
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


def _labels_note(labels: Labels) -> str:
    notes = []
    if labels.unreadable:
        notes.append(
            f"These case folders could not be read (check them with python -m casebook "
            f"validate): {e(', '.join(labels.unreadable))}."
        )
    if labels.unknown_cases:
        notes.append(
            f"No case data found for {e(', '.join(labels.unknown_cases))}: their decisions and "
            "options are shown by id. Pass your own case folders with --cases to show labels."
        )
    return "".join(_note(n) for n in notes)


def build_report(
    records: Sequence[Mapping[str, Any]],
    problems: Sequence[str],
    *,
    labels: Labels | None = None,
) -> str:
    """The class report as one self-contained HTML document (no scripts, no network).

    ``labels``: words for the case, decision and option ids; by default read from the bundled
    cases (``casebook.report.labels.labels_for``).
    """
    summary = summarise(records)
    firsts = first_attempts(records)
    labels = labels if labels is not None else labels_for(r["case"] for r in records)
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
            f"<li>Input problems: {len(problems)}</li></ul>" + _labels_note(labels)
        )
        parts += [
            _section_exercises(firsts, labels),
            _section_ice_items(firsts),
            _section_options(firsts, labels),
            _section_learners(records, firsts),
            _section_answers(firsts, labels),
        ]
    parts += [_section_problems(problems), "</body></html>"]
    return "\n".join(parts) + "\n"


def run_report(
    inputs: Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    out: TextIO,
    cases: Sequence[str | os.PathLike[str]] = (),
) -> int:
    """Read response files or folders, write the HTML report, print a short summary to ``out``.

    Returns 0; 1 when no valid record was found (the report still says so); 2 when the report
    cannot be written (the message names the path and the reason).
    """
    records, problems = read_responses(list(inputs))
    labels = labels_for((r["case"] for r in records), case_paths=cases)
    document = build_report(records, problems, labels=labels)
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


# name -> (records, first attempts, problems, labels) -> HTML; the report's sections, in order.
SECTION_BUILDERS: Mapping[str, Callable[[Sequence, Mapping, Sequence[str], Labels], str]] = {
    "exercises": lambda records, firsts, problems, labels: _section_exercises(firsts, labels),
    "ice_items": lambda records, firsts, problems, labels: _section_ice_items(firsts),
    "options": lambda records, firsts, problems, labels: _section_options(firsts, labels),
    "learners": lambda records, firsts, problems, labels: _section_learners(records, firsts),
    "answers": lambda records, firsts, problems, labels: _section_answers(firsts, labels),
    "problems": lambda records, firsts, problems, labels: _section_problems(problems),
}
