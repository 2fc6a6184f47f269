"""ICE feedback: item by item, totals, the day's other findings and both grades; and the
explanation for a day whose ICE could not be done."""

from __future__ import annotations

from collections.abc import Iterable

from casebook.feedback import IceFeedback, IceNotTestable
from casebook.grading import ASTCT_2019, ASTCT_2019_CITATION
from casebook.html.parts import (
    _CELL,
    _H,
    _TABLE,
    _box,
    _lines,
    _quote,
    esc,
    grade_badge,
    provenance_tag,
    verdict_tag,
)
from casebook.vocab import ice_out_of

__all__ = ["ice_feedback", "ice_not_testable"]


def _findings_table(findings: Iterable[tuple[str, str]]) -> str:
    rows = "".join(
        f'<tr><th scope="row" style="{_CELL}">{esc(k)}</th><td style="{_CELL}">{esc(v)}</td></tr>'
        for k, v in findings
    )
    return f'<table style="{_TABLE}">{rows}</table>'


def _source_note() -> str:
    return (
        f"<p style='margin: 8px 0 0 0; font-size: 13px;'>Source: {esc(ASTCT_2019)} = "
        f"{esc(ASTCT_2019_CITATION)}</p>"
    )


def ice_feedback(fb: IceFeedback) -> str:
    """Item-by-item ICE feedback, totals, the day's other findings and both grades."""
    wrong = len(fb.wrong_items)
    if wrong == 0:
        head = verdict_tag("Every item matches the reference scoring", "good")
    else:
        head = verdict_tag(f"{wrong} of {len(fb.items)} items differ from the reference", "bad")
    rows = "".join(
        f'<tr><th scope="row" style="{_CELL}">{esc(i.label)}</th>'
        f'<td style="{_CELL}">{i.learner}/{i.maximum}</td>'
        f'<td style="{_CELL}">{i.reference}/{i.maximum}</td>'
        f'<td style="{_CELL}">'
        f"{verdict_tag('same', 'good') if i.correct else verdict_tag('differs', 'bad')}</td></tr>"
        for i in fb.items
    )
    table = (
        f'<table style="{_TABLE}"><thead><tr><th style="{_CELL}">Item</th>'
        f'<th style="{_CELL}">You</th><th style="{_CELL}">Reference</th>'
        f'<th style="{_CELL}">Verdict</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    details = ""
    for item in fb.items:
        if item.correct:
            continue
        details += (
            f"<div style='margin: 6px 0;'>{verdict_tag('differs', 'bad')} {esc(item.message)}"
            f"{_quote(item.transcript)}<div><strong>Why:</strong> {esc(item.reason)}</div></div>"
        )
    total_tone = "good" if fb.learner_total == fb.reference_total else "bad"
    totals = (
        f"<p style='margin: 6px 0;'>{verdict_tag('total', total_tone)} Your total "
        f"<strong>{ice_out_of(fb.learner_total)}</strong>; reference total "
        f"<strong>{ice_out_of(fb.reference_total)}</strong>.</p>"
    )
    status = "correct" if fb.grade_correct else "incorrect"
    grades = (
        f'<h4 style="{_H}">ICANS grade on day {fb.day}</h4>'
        f"<p style='margin: 4px 0;'>That day's other findings:</p>"
        f"{_findings_table(fb.findings)}"
        f"<p style='margin: 4px 0;'>Your ICE total implies "
        f"{grade_badge(fb.learner_grade.grade, status=status)}; the reference is "
        f"{grade_badge(fb.reference_grade.grade)}.</p>"
        f"<p style='margin: 4px 0;'><strong>How the reference grade is set:</strong></p>"
        f"{_lines(fb.reference_grade.explanation)}"
    )
    if not fb.grade_correct:
        grades += (
            "<p style='margin: 4px 0;'><strong>How your total grades:</strong></p>"
            f"{_lines(fb.learner_grade.explanation)}"
        )
    grades += f"<p style='margin: 4px 0;'><strong>The rules:</strong></p>{_lines(fb.rule)}"
    body = (
        f'<h4 style="{_H}">Your scoring against the reference</h4>'
        f"<p style='margin: 4px 0;'>{head}</p>{table}{details}{totals}{grades}{_source_note()}"
    )
    return _box("casebook-ice-feedback", body)


def ice_not_testable(nt: IceNotTestable) -> str:
    """The explanation for a day whose ICE could not be done."""
    body = (
        f'<h4 style="{_H}">The ICE cannot be done on day {nt.day}</h4>'
        f"<p style='margin: 4px 0;'>{esc(nt.setting)} "
        f"{provenance_tag(nt.exam_source, citation=nt.report_citation)}</p>"
        f"{_quote(nt.transcript)}"
        f"<p style='margin: 4px 0;'><strong>Why:</strong> {esc(nt.reason)}</p>"
        f"<p style='margin: 4px 0;'>There are no items to score. That day's findings:</p>"
        f"{_findings_table(nt.findings)}"
        f"<p style='margin: 4px 0;'>Grade: {grade_badge(nt.grade.grade)}</p>"
        f"{_lines(nt.grade.explanation)}"
        f"<p style='margin: 4px 0;'><strong>The rules:</strong></p>{_lines(nt.rule)}"
        f"{_source_note()}"
    )
    return _box("casebook-ice-not-testable", body)
