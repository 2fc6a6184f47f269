"""``my_progress``: the current learner's own results so far, beside the class report.

It reads the learner's response file (``casebook.responses``) and summarises it the way the
report does: first attempts score, later attempts are counted.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from casebook import download
from casebook.record import is_number
from casebook.report.figures import (
    exercise_key,
    exercise_label,
    first_attempts,
    format_score,
    format_time,
    record_time,
)
from casebook.responses import (
    feedback_visible,
    get_learner,
    read_responses,
    responses_path,
)

__all__ = ["Progress", "my_progress"]


class Progress:
    """The current learner's results, shown as an HTML table in Jupyter (text elsewhere)."""

    def __init__(
        self,
        learner: str,
        path: Path,
        rows: list[dict],
        show_scores: bool,
        problems: list[str],
        records: list[dict] | None = None,
    ) -> None:
        self.learner = learner
        self.path = path
        self.rows = rows
        self.show_scores = show_scores
        self.problems = problems
        # The learner's own records, for the "Download my answers" link.
        self.records = records or []

    def _columns(self) -> list[str]:
        cols = ["case", "day", "exercise"]
        if self.show_scores:
            cols += ["first-attempt score", "correct"]
        return [*cols, "attempts", "last time"]

    def _cells(self, row: dict) -> list[str]:
        return [str(row[c]) for c in self._columns()]

    def _message(self) -> str:
        if not self.rows:
            return (
                f"No answers recorded yet for learner '{self.learner}' in {self.path}. "
                "Answer an exercise and press Check or Submit; your results appear here."
            )
        if not self.show_scores:
            return (
                "Assessment mode: your answers are recorded; scores and feedback appear once "
                "your instructor releases them."
            )
        return "Scores are from your first attempt at each exercise."

    def __repr__(self) -> str:
        lines = [f"Progress of {self.learner} ({self.path})", self._message()]
        if self.rows:
            lines.append(" | ".join(self._columns()))
            lines += [" | ".join(self._cells(row)) for row in self.rows]
        lines += [f"note: {p}" for p in self.problems]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [
            '<div class="casebook-progress">',
            f"<p><b>Progress of {esc(self.learner)}</b> <small>({esc(str(self.path))})</small></p>",
            f"<p>{esc(self._message())}</p>",
        ]
        if self.rows:
            head = "".join(f'<th scope="col">{esc(c)}</th>' for c in self._columns())
            body = "".join(
                "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in self._cells(row)) + "</tr>"
                for row in self.rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            parts.append(download.answers_link(self.records, self.learner))
        if self.problems:
            items = "".join(f"<li>{esc(p)}</li>" for p in self.problems)
            parts.append(f"<p>Lines of the file that could not be read:</p><ul>{items}</ul>")
        parts.append("</div>")
        return "".join(parts)


def my_progress(*, path: str | os.PathLike[str] | None = None) -> Progress:
    """The current learner's results so far: one row per exercise (first-attempt score,
    correct, attempts, last time). In assessment mode before release: answers, no scores."""
    file = Path(path) if path is not None else responses_path()
    learner = get_learner()
    problems: list[str] = []
    records: list[dict] = []
    if file.is_file():
        records, problems = read_responses(file)
    mine = [r for r in records if r["learner"] == learner]
    show = feedback_visible()
    firsts = first_attempts(mine)
    groups: dict[tuple, list[dict]] = {}
    for rec in mine:
        groups.setdefault(exercise_key(rec), []).append(rec)
    rows = []
    for key in sorted(groups, key=lambda k: (k[0], k[1], k[2], k[3])):
        recs = groups[key]
        first = firsts[(learner, *key)]
        result = first["result"]
        score = format_score(result.get("score"))
        if "reference" in result and is_number(result.get("reference")):
            score = f"{score} (reference {format_score(result['reference'])})"
        rows.append(
            {
                "case": key[0],
                "day": key[1],
                "exercise": exercise_label(key),
                "first-attempt score": score,
                "correct": "yes" if result["correct"] else "no",
                "attempts": len(recs),
                "last time": format_time(max(record_time(r) for r in recs)),
            }
        )
    return Progress(learner, file, rows, show, problems, mine)
