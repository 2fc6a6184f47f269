"""``new-notebook``: a case notebook generated from the case's own data.

Pure logic: ``case_notebook(case, case_ref=...)`` returns the notebook as a plain dict in the
nbformat 4.5 layout (no nbformat import, no file access); the CLI (``python -m casebook
new-notebook CASE -o notebooks/NN_name.ipynb``) writes it. The notebook follows the
casebook's house layout (Project Pythia style): title with the education-only notice and the
report-vs-reconstruction note, Overview, Learning objectives, Prerequisites, the patient, the
course view, every bedside ICE exam and every decision point in day order, the whole course,
reflection questions, Summary and References. Headings never name a grade or a finding, so the
notebook gives nothing away before the learner answers. Text from the case files is
HTML-escaped (a markdown cell renders HTML).

The notebook holds prose and one-line calls into ``casebook``, never logic. Execute it with
``make notebooks`` (or ``python tools/execute_notebooks.py PATH``) so that its outputs are stored
small and strict nbval can check it.
"""

from __future__ import annotations

import html
import json
from typing import Any

from casebook.model import Case

__all__ = ["case_notebook"]

_KIND_WORDS = {
    "bispecific": "a bispecific T-cell engager",
    "car_t": "a CAR T-cell product",
    "other": "an immune effector therapy",
}


def _esc(text: Any) -> str:
    """Case text for a markdown cell: HTML-escaped, one line (markdown would read a newline
    followed by '#' or '-' as structure)."""
    return html.escape(" ".join(str(text).split()), quote=False)


def _md(*lines: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": "\n".join(lines).strip("\n")}


def _code(source: str) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": source,
    }


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _exercises(case: Case) -> list[tuple[int, str, str]]:
    """(day, kind, key) of every bedside exam and decision point, in day order; on one day the
    exam comes before the decisions (a resident grades before deciding)."""
    items = [(day, "ice", str(day)) for day in sorted(case.exams)]
    items += [(d.day, "decision", d.id) for d in case.decisions]
    return sorted(items, key=lambda e: (e[0], e[1] != "ice"))


def _cited(case: Case) -> list[str]:
    """Reference keys the case cites (teaching points, options, guidelines), first use first."""
    keys: list[str] = []
    for _text, ref in case.teaching_points:
        keys.append(ref)
    for dec in case.decisions:
        keys += [o.ref for o in dec.options] + list(dec.guideline_refs)
    return [k for i, k in enumerate(keys) if k in case.references and k not in keys[:i]]


def _title_cells(case: Case) -> list[dict[str, Any]]:
    report = _esc(case.report_citation) if case.report_citation else "the published case report"
    doi = _esc(case.source_doi)
    return [
        _md(
            f"# {_esc(case.title)}",
            "",
            "> **For education only, not for clinical decisions.** This notebook is not a medical",
            "> device. Grading rules and management advice are restated from the sources cited",
            "> beside them; check current guidelines and local protocols in practice.",
            "",
            f"**Report or reconstruction?** The case comes from {report} "
            f"([doi:{doi}](https://doi.org/{doi})). Every fact here is marked **report** (stated",
            "in the published report) or **reconstructed** (a teaching reconstruction, consistent",
            "with the report and the guidelines; **illustrative, not patient data**). Some course",
            "rows say which part is reported: the fact, its day or its value. In the widgets every",
            "narrative and fact carries a provenance tag; in the figures reported values are",
            "filled markers on solid lines and reconstructed ones hollow markers on dashed lines;",
            "the tables have a provenance column. The ICANS and CRS grades are never typed in:",
            "the casebook computes them from the findings (ASTCT 2019).",
        )
    ]


def _overview(case: Case) -> list[dict[str, Any]]:
    t = case.therapy
    product = _esc(t.product)
    therapy = (
        f"**Therapy.** {product[:1].upper() + product[1:]}, "
        f"{_KIND_WORDS.get(t.kind, _KIND_WORDS['other'])}; {_esc(t.day_zero_words)}."
    )
    if t.dosing:
        therapy += f" Dosing: {_esc(t.dosing)}."
    n_exams, n_decisions = len(case.exams), len(case.decisions)
    first, last = case.day_numbers[0], case.day_numbers[-1]
    return [
        _md(
            "## Overview",
            "",
            _esc(case.summary),
            "",
            therapy,
            "",
            f"You follow the course from day {first} to day {last}: score "
            f"{_plural(n_exams, 'bedside ICE exam')}, grade the ICANS, and decide what to do at "
            f"{_plural(n_decisions, 'decision point')}, with feedback against the reference "
            "management and what the team did.",
        )
    ]


def _objectives(case: Case) -> list[dict[str, Any]]:
    written = [_esc(o) for o in case.objectives]
    if not written:
        written = [
            "score the ICE items from a bedside exam and grade ICANS from the worst domain "
            "(ASTCT 2019);",
            "grade CRS from fever, hypotension and hypoxia, and tell when a drug masks the fever "
            "(ASTCT 2019);",
            f"choose the management at each decision point of a patient treated with "
            f"{_esc(case.therapy.label)}, and say which source supports each choice;",
            "keep what the team did apart from what the guidelines advise, and the report apart "
            "from the teaching reconstruction.",
        ]
    lines = [f"{i}. {text}" for i, text in enumerate(written, start=1)]
    minutes = 15 + 5 * len(case.exams) + 8 * len(case.decisions)
    return [
        _md("## Learning objectives", "", "By the end you can:", "", *lines),
        _md(
            "## Prerequisites and time needed",
            "",
            "- Notebooks `00_start_here` and `01_ice_and_icans_primer` (ICE items, ASTCT grading).",
            "- Run the cells from the top (**Run > Run All Cells**), then work down the page.",
            f"- Time: about {minutes} minutes.",
        ),
    ]


def _course_intro(case: Case, exercises: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    lines = [
        "## 2. Step through the course",
        "",
        "Use **Next** and **Previous** (or type a day in the Day box) to move one day at a time.",
        "Each day shows the narrative, the figure and the table **up to that day only**: later",
        "days are not revealed.",
    ]
    if exercises:
        lines += [
            "",
            "A day with an exercise (a decision point or a bedside ICE exam) shows its findings,",
            "but what the team did that day and the day's scores and grades appear only once you",
            "have answered that day's exercises further down this notebook; until then the figure",
            "and the table stop at the day before, and **Next** waits. If you want to see a day",
            "anyway, press **Show day N now**. Work down the page: step the view on as you finish",
            "each section.",
        ]
    return [_md(*lines), _code("casebook.course_view(case)")]


def _exercise_cells(case: Case, exercises: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    cells: list[dict[str, Any]] = []
    section = 3
    seen_days: set[int] = set()
    kinds: dict[int, list[str]] = {}
    for day, kind, _key in exercises:
        kinds.setdefault(day, []).append(kind)
    for day, kind, key in exercises:
        keep = "The course view above holds this day until you have answered."
        if day not in seen_days:
            seen_days.add(day)
            what = " and ".join(
                dict.fromkeys(
                    "a bedside ICE exam" if k == "ice" else "a decision point" for k in kinds[day]
                )
            )
            cells.append(_md(f"## {section}. Day {day}: {what}", "", keep))
            section += 1
        if kind == "ice":
            exam = case.exams[day]
            if exam.testable:
                text = (
                    "Score the bedside ICE exam from the transcript, item by item, then check. "
                    "The widget then asks for the ICANS grade: the overall grade is the **most "
                    "severe domain** (ICE score, level of consciousness, seizure, motor findings, "
                    "raised intracranial pressure or cerebral edema; ASTCT 2019)."
                )
            else:
                text = (
                    "Read the bedside assessment, then decide whether the ICE can be scored and "
                    "grade the ICANS from the worst domain (ASTCT 2019)."
                )
            cells += [_md(text), _code(f"casebook.ice_exercise(case, {day})")]
        else:
            cells += [
                _md(
                    "A decision point. Read the situation, choose every option you would take now,"
                    " then submit. The feedback classifies each option as a careful attending "
                    "would at this moment, with its source, and shows what the team did beside "
                    "what the guidelines advise."
                ),
                _code(f'casebook.decision_exercise(case, "{key}")'),
            ]
    return cells


def _whole_course(section: int) -> list[dict[str, Any]]:
    return [
        _md(
            f"## {section}. The whole course",
            "",
            "When you have worked through the exercises, press the button for the complete course",
            "in one figure and one table, one row per day. Hover a point for its value, note and",
            "source. The ICANS and CRS grades are computed from the findings; the table gives the",
            "provenance of each day's graded findings.",
        ),
        _code("casebook.whole_course(case)"),
    ]


def _reflection(case: Case, section: int) -> list[dict[str, Any]]:
    questions = [_esc(q) for q in case.reflection]
    if not questions:
        questions = [
            f"At the decision on day {d.day}, what did the team do, and what do the guidelines "
            "advise? Where do they differ, and why might they?"
            for d in case.decisions
        ] + [
            "Which facts of this course are reported and which are reconstructed? Which of your "
            "answers would change if a reconstructed value were different?"
        ]
    lines = [f"{i}. {q}" for i, q in enumerate(questions, start=1)]
    return [
        _md(
            f"## {section}. Reflection questions",
            "",
            "Write short answers, then discuss them with a colleague or your supervisor.",
            "",
            *lines,
        )
    ]


def _summary(case: Case) -> list[dict[str, Any]]:
    lines = [
        f"- {_esc(text)} *Source: {_esc(case.cite(ref))}.*" for text, ref in case.teaching_points
    ]
    grades = [(d, case.day(d).icans) for d in case.day_numbers]
    graded = [(d, g.grade) for d, g in grades if g is not None]
    if graded:
        peak = max(g for _, g in graded)
        peak_day = min(d for d, g in graded if g == peak)
        lines.append(
            f"- The computed ICANS peak of this course is grade {peak}, first on day {peak_day}; "
            f"the report states grade {case.reported['icans_peak']}."
        )
    stated = [
        f"grade {g.icans} on day {g.day}" for g in case.reported_grades if g.icans is not None
    ]
    if stated:
        lines.append(
            "- The report states ICANS " + ", ".join(stated) + "; the grades computed from the "
            "course's findings agree on each of these days (the casebook checks it)."
        )
    lines.append(
        "- The ICANS and CRS grades follow from the findings (ASTCT 2019); what the team did and "
        "what the guidelines advise are kept apart."
    )
    return [_md("## Summary", "", *lines)]


def _references(case: Case) -> list[dict[str, Any]]:
    report = _esc(case.report_citation) if case.report_citation else "The published case report"
    doi = _esc(case.source_doi)
    lines = [f"1. {report}. doi:[{doi}](https://doi.org/{doi}). (The case.)"]
    lines += [
        f"{i}. {_esc(case.references[key].citation)}" for i, key in enumerate(_cited(case), start=2)
    ]
    return [_md("## References", "", *lines)]


def case_notebook(case: Case, *, case_ref: str) -> dict[str, Any]:
    """The notebook of ``case`` as an nbformat 4.5 dict, unexecuted.

    ``case_ref`` is what the notebook passes to ``casebook.load_case``: a bundled case id, or
    the case folder's path relative to the notebook's folder.
    """
    exercises = _exercises(case)
    cells = [
        *_title_cells(case),
        *_overview(case),
        *_objectives(case),
        _code(
            "import casebook\n\n"
            f"case = casebook.load_case({json.dumps(case_ref)})"  # double quotes, as ruff writes
        ),
        _md(
            "## 1. The patient",
            "",
            "The patient's facts, each with its provenance; a note says what was reconstructed",
            "or what the report does not say.",
        ),
        _code("casebook.patient_table(case)"),
        *_course_intro(case, exercises),
        *_exercise_cells(case, exercises),
    ]
    section = 3 + len({day for day, *_ in exercises})
    cells += [*_whole_course(section), *_reflection(case, section + 1)]
    cells += [*_summary(case), *_references(case)]
    for i, cell in enumerate(cells):
        cell["id"] = f"{case.id}-{i:02d}"[-64:]
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
