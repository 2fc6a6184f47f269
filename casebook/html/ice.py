"""ICE feedback: item by item, totals, the day's other findings and both grades; and the
explanation for a day whose ICE could not be done."""

from __future__ import annotations

from collections.abc import Iterable

from casebook.feedback import IceFeedback, IceItemFeedback, IceNotTestable
from casebook.grading import ASTCT_2019, ASTCT_2019_CITATION
from casebook.html.parts import (
    _CELL,
    _H,
    _TABLE,
    QUICK_VERDICT_CLOSE,
    SYMBOLS,
    _box,
    _lines,
    _quote,
    esc,
    grade_badge,
    provenance_tag,
    quick_verdict,
    quick_verdict_open,
    verdict_tag,
)
from casebook.vocab import ice_out_of

__all__ = [
    "ICE_TABLE_CLOSE",
    "ICE_TABLE_OPEN",
    "ice_feedback",
    "ice_feedback_detail",
    "ice_feedback_head",
    "ice_feedback_open",
    "ice_feedback_row",
    "ice_feedback_tail",
    "ice_not_testable",
    "ice_not_testable_grading",
    "ice_verdict",
    "ice_verdict_count",
    "ice_verdict_totals",
]


def ice_verdict(fb: IceFeedback) -> str:
    """The one-line verdict beside Check: which items differ, both totals.

    Built from the pieces ``casebook.html.table`` sends to the browser: ``ice_verdict_count``,
    the escaped labels of the items that differ joined by ", ", ``ice_verdict_totals``."""
    if not fb.wrong_items:
        text = f"Every item matches: ICE {ice_out_of(fb.learner_total)}."
        return quick_verdict(f"{text} Full feedback below.", "good")
    names = esc(", ").join(esc(i.label) for i in fb.items if not i.correct)
    return (
        quick_verdict_open("bad")
        + esc(f"{SYMBOLS['bad']} ")
        + ice_verdict_count(len(fb.wrong_items), len(fb.items))
        + names
        + ice_verdict_totals(fb.learner_total, fb.reference_total)
        + QUICK_VERDICT_CLOSE
    )


def ice_verdict_count(wrong: int, items: int) -> str:
    """The start of a verdict naming the items that differ (escaped)."""
    return esc(f"{wrong} of {items} items differ (")


def ice_verdict_totals(learner_total: int, reference_total: int) -> str:
    """The end of a verdict naming the items that differ: both totals (escaped)."""
    return esc(
        f"): your total {ice_out_of(learner_total)}, the reference "
        f"{ice_out_of(reference_total)}. Full feedback below."
    )


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
    """Item-by-item ICE feedback, totals, the day's other findings and both grades.

    A concatenation of the pieces ``casebook.html.table`` precomputes for every answer:
    ``ice_feedback_open``, ``ice_feedback_head`` (number of items that differ),
    ``ice_feedback_row`` per item, ``ICE_TABLE_CLOSE``, ``ice_feedback_detail`` per item (empty
    when it matches) and ``ice_feedback_tail`` (a function of the learner's total)."""
    return (
        ice_feedback_open()
        + ice_feedback_head(len(fb.wrong_items), len(fb.items))
        + ICE_TABLE_OPEN
        + "".join(ice_feedback_row(item) for item in fb.items)
        + ICE_TABLE_CLOSE
        + "".join(ice_feedback_detail(item) for item in fb.items)
        + ice_feedback_tail(fb)
    )


def ice_feedback_open() -> str:
    """The start of the ICE feedback, up to the headline."""
    return _box("casebook-ice-feedback", "").removesuffix("</div>") + (
        f"<h4 style=\"{_H}\">Your scoring against the reference</h4><p style='margin: 4px 0;'>"
    )


def ice_feedback_head(wrong: int, items: int) -> str:
    """The headline: every item matches, or how many differ."""
    if wrong == 0:
        return verdict_tag("Every item matches the reference scoring", "good")
    return verdict_tag(f"{wrong} of {items} items differ from the reference", "bad")


ICE_TABLE_OPEN = (
    f'</p><table style="{_TABLE}"><thead><tr><th style="{_CELL}">Item</th>'
    f'<th style="{_CELL}">You</th><th style="{_CELL}">Reference</th>'
    f'<th style="{_CELL}">Verdict</th></tr></thead><tbody>'
)
ICE_TABLE_CLOSE = "</tbody></table>"


def ice_feedback_row(i: IceItemFeedback) -> str:
    """One item's row of the table: your points, the reference, same or differs."""
    return (
        f'<tr><th scope="row" style="{_CELL}">{esc(i.label)}</th>'
        f'<td style="{_CELL}">{i.learner}/{i.maximum}</td>'
        f'<td style="{_CELL}">{i.reference}/{i.maximum}</td>'
        f'<td style="{_CELL}">'
        f"{verdict_tag('same', 'good') if i.correct else verdict_tag('differs', 'bad')}</td></tr>"
    )


def ice_feedback_detail(item: IceItemFeedback) -> str:
    """What differs in one item, with the transcript and the reason; "" when it matches."""
    if item.correct:
        return ""
    return (
        f"<div style='margin: 6px 0;'>{verdict_tag('differs', 'bad')} {esc(item.message)}"
        f"{_quote(item.transcript)}<div><strong>Why:</strong> {esc(item.reason)}</div></div>"
    )


def ice_feedback_tail(fb: IceFeedback) -> str:
    """Both totals, that day's other findings, both grades and the rules, the source and the end
    of the box: everything here depends on the answer only through the learner's total."""
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
    return f"{totals}{grades}{_source_note()}</div>"


def ice_not_testable(nt: IceNotTestable) -> str:
    """A day whose ICE could not be done: the setting and the transcript, without the grade
    (``ice_not_testable_grading`` explains it, shown when the learner asks)."""
    body = (
        f'<h4 style="{_H}">Bedside ICE exam, day {nt.day}: the ICE cannot be done</h4>'
        f"<p style='margin: 4px 0;'>{esc(nt.setting)} "
        f"{provenance_tag(nt.exam_source, citation=nt.report_citation)}</p>"
        f"{_quote(nt.transcript)}"
        "<p style='margin: 4px 0;'>There are no items to score. Grade him from these findings "
        "first; then show how they grade.</p>"
    )
    return _box("casebook-ice-not-testable", body)


def ice_not_testable_grading(nt: IceNotTestable) -> str:
    """Why the ICE could not be done, that day's findings, the grade and the rules."""
    body = (
        f"<p style='margin: 4px 0;'><strong>Why:</strong> {esc(nt.reason)}</p>"
        f"<p style='margin: 4px 0;'>That day's findings:</p>"
        f"{_findings_table(nt.findings)}"
        f"<p style='margin: 4px 0;'>Grade: {grade_badge(nt.grade.grade)}</p>"
        f"{_lines(nt.grade.explanation)}"
        f"<p style='margin: 4px 0;'><strong>The rules:</strong></p>{_lines(nt.rule)}"
        f"{_source_note()}"
    )
    return _box("casebook-ice-not-testable-grading", body)
