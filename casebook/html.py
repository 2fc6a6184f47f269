"""Escaped HTML fragments for the exercises: transcripts, feedback, grade badges, provenance.

Pure functions from model and feedback records to strings; no widgets, no I/O. Every piece of
text that comes from a case file or from a learner goes through ``html.escape``. The CSS is
inline and small: a readable system font, dark text on light backgrounds (WCAG AA contrast), and
every judgement carries words and a symbol (✓ ✗ !) as well as a colour, so colour is never the
only signal.

Class names (for browser tests and notebook styling):

- ``casebook-box``: the outer box of every fragment
- ``casebook-transcript``: a bedside exam transcript
- ``casebook-ice-feedback``, ``casebook-ice-not-testable``: ICE feedback
- ``casebook-decision-situation``, ``casebook-decision-feedback``: a decision point
- ``casebook-team-did``, ``casebook-guideline``: the two sections kept apart from the feedback
- ``casebook-grade``: a grade badge; ``casebook-verdict``: a ✓ / ✗ / ! tag
- ``casebook-provenance``: a provenance tag ("report", "reported fact, reconstructed day",
  "reconstructed", "not reported")
- ``casebook-narrative``: one day's narrative
- ``casebook-message``: a notice (withheld feedback, a save warning, an error)
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from casebook.feedback import (
    ICE_LABELS,
    PROVENANCE_LABELS,
    DecisionFeedback,
    IceFeedback,
    IceNotTestable,
)
from casebook.grading import ASTCT_2019, ASTCT_2019_CITATION
from casebook.model import ICE_ITEMS, DayNote, Decision, Exam

__all__ = [
    "GRADE_WORDS",
    "TONES",
    "day_heading",
    "day_narrative",
    "decision_feedback",
    "decision_situation",
    "esc",
    "grade_badge",
    "ice_feedback",
    "ice_not_testable",
    "message",
    "provenance_tag",
    "running_total",
    "transcript_block",
    "verdict_tag",
]

# Severity words beside each grade number, after the general grade words of CTCAE v5.0
# (1 mild, 2 moderate, 3 severe, 4 life-threatening); grade 0 is no ICANS (ASTCT 2019).
GRADE_WORDS = {0: "no ICANS", 1: "mild", 2: "moderate", 3: "severe", 4: "life-threatening"}

# tone -> (text colour, background, border); dark on light, contrast >= 7:1 for the text.
TONES = {
    "good": ("#14532d", "#dcfce7", "#166534"),
    "bad": ("#7f1d1d", "#fee2e2", "#991b1b"),
    "warning": ("#713f12", "#fef3c7", "#92400e"),
    "neutral": ("#1f2937", "#f3f4f6", "#4b5563"),
}
SYMBOLS = {"good": "✓", "bad": "✗", "warning": "!", "neutral": "–"}

_BOX = (
    "font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; font-size: 15px; "
    "line-height: 1.5; color: #111827; background: #ffffff; padding: 8px 12px; "
    "max-width: 60em; overflow-wrap: anywhere;"
)
_QUOTE = (
    "margin: 4px 0 4px 0; padding: 4px 10px; border-left: 4px solid #4b5563; "
    "background: #f9fafb; font-family: Georgia, 'Times New Roman', serif;"
)
_TABLE = "border-collapse: collapse; margin: 6px 0;"
_CELL = "border: 1px solid #9ca3af; padding: 3px 8px; text-align: left;"
_H = "margin: 10px 0 4px 0; font-size: 16px;"


def esc(text: Any) -> str:
    """``text`` as escaped HTML (quotes too)."""
    return html.escape(str(text), quote=True)


def _box(css_class: str, body: str) -> str:
    return f'<div class="casebook-box {css_class}" style="{_BOX}">{body}</div>'


def _lines(lines: Iterable[str], css: str = "") -> str:
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return f'<ul style="margin: 4px 0; padding-left: 1.4em; {css}">{items}</ul>'


def _quote(lines: Iterable[str]) -> str:
    body = "<br>".join(esc(line) for line in lines)
    return f'<blockquote style="{_QUOTE}">{body}</blockquote>'


def verdict_tag(text: str, tone: str, symbol: str | None = None) -> str:
    """A small tag: symbol and words, coloured by ``tone`` (good, bad, warning, neutral)."""
    fg, bg, border = TONES[tone]
    sym = SYMBOLS[tone] if symbol is None else symbol
    return (
        f'<span class="casebook-verdict casebook-verdict-{esc(tone)}" style="color: {fg}; '
        f"background: {bg}; border: 1px solid {border}; border-radius: 3px; padding: 0 5px; "
        f'font-weight: 600; white-space: nowrap;">{esc(sym)} {esc(text)}</span>'
    )


def grade_badge(grade: int, *, scale: str = "ICANS", status: str | None = None) -> str:
    """A grade as number and words, e.g. "ICANS grade 2 (moderate)", optionally with a status
    symbol: ``status`` "correct" (✓), "incorrect" (✗) or "warning" (!)."""
    words = GRADE_WORDS.get(grade, "") if scale == "ICANS" else ""
    text = f"{scale} grade {grade}" + (f" ({words})" if words else "")
    mark = {"correct": "✓ ", "incorrect": "✗ ", "warning": "! "}.get(status or "", "")
    tone = {"correct": "good", "incorrect": "bad", "warning": "warning"}.get(
        status or "", "neutral"
    )
    fg, bg, border = TONES[tone]
    return (
        f'<span class="casebook-grade" style="color: {fg}; background: {bg}; '
        f"border: 2px solid {border}; border-radius: 4px; padding: 1px 6px; font-weight: 700; "
        f'white-space: nowrap;">{esc(mark)}{esc(text)}</span>'
    )


def provenance_tag(source: str) -> str:
    """The provenance of a fact as visible text: "report", "reported fact, reconstructed day",
    "reconstructed" or "not reported"."""
    label = PROVENANCE_LABELS.get(source, source)
    title = {
        "report": "Stated in the published case report (Ma et al., Front Oncol 2026)",
        "report_fact": "The fact is stated in the published case report; the day it is placed "
        "on, and any detail beyond the fact, is a teaching reconstruction",
        "reconstructed": "Teaching reconstruction: illustrative, not patient data",
        "not_reported": "The report does not say",
    }.get(source, "")
    return (
        f'<span class="casebook-provenance" title="{esc(title)}" style="color: #1f2937; '
        "background: #f3f4f6; border: 1px dashed #4b5563; border-radius: 3px; padding: 0 4px; "
        f'font-size: 13px; white-space: nowrap;">source: {esc(label)}</span>'
    )


def message(text: str, tone: str = "neutral", *, title: str = "") -> str:
    """A notice box (e.g. withheld feedback, a save warning, an error); newlines kept."""
    fg, bg, border = TONES[tone]
    head = f"<strong>{esc(SYMBOLS[tone])} {esc(title)}</strong> " if title else ""
    body = "<br>".join(esc(line) for line in str(text).splitlines())
    return (
        f'<div class="casebook-message casebook-message-{esc(tone)}" style="{_BOX} color: {fg}; '
        f'background: {bg}; border-left: 5px solid {border};">{head}{body}</div>'
    )


# ---------------------------------------------------------------------------------------------
# Narrative and transcripts
def day_heading(day: int, title: str) -> str:
    """ "Day 3: title", unless the title already names the day ("Day 3: ...", "Before day 1")."""
    lowered = title.lower()
    if lowered.startswith((f"day {day}:", f"day {day} ", "before day")) or lowered == f"day {day}":
        return title
    return f"Day {day}: {title}"


def day_narrative(note: DayNote) -> str:
    """One day's title and narrative with its provenance."""
    body = (
        f'<h4 style="{_H}">{esc(day_heading(note.day, note.title))}</h4>'
        f"<p style='margin: 4px 0;'>{esc(note.narrative)}</p>"
        f"<p style='margin: 2px 0;'>{provenance_tag(note.source)}</p>"
    )
    return _box("casebook-narrative", body)


def transcript_block(exam: Exam) -> str:
    """The bedside exam as the resident sees it: setting and transcript per item. Never the
    reference points or reasons."""
    body = (
        f'<h4 style="{_H}">Bedside ICE exam, day {exam.day}</h4>'
        f"<p style='margin: 4px 0;'>{esc(exam.setting)} {provenance_tag(exam.source)}</p>"
    )
    if exam.testable:
        for name in ICE_ITEMS:
            item = exam.items[name]
            body += f"<div><strong>{esc(ICE_LABELS[name])}</strong>{_quote(item.transcript)}</div>"
    else:
        body += _quote(exam.transcript)
    return _box("casebook-transcript", body)


def running_total(points: int | None, maximum: int = 10, unscored: Iterable[str] = ()) -> str:
    """The learner's running ICE total while they score."""
    missing = [ICE_LABELS.get(n, n) for n in unscored]
    if points is None:
        text = "ICE total: not testable (the patient is unarousable)"
    else:
        text = f"Your ICE total so far: {points}/{maximum}"
    if missing:
        text += f" (not scored yet: {', '.join(missing)})"
    return f'<div class="casebook-running-total" style="font-size: 15px;">{esc(text)}</div>'


# ---------------------------------------------------------------------------------------------
# ICE feedback
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
        f"<strong>{fb.learner_total}/10</strong>; reference total "
        f"<strong>{fb.reference_total}/10</strong>.</p>"
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
        f"<p style='margin: 4px 0;'>{esc(nt.setting)} {provenance_tag(nt.exam_source)}</p>"
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


# ---------------------------------------------------------------------------------------------
# Decisions
def decision_situation(decision: Decision) -> str:
    """The situation and question of a decision point, with provenance."""
    body = (
        f'<h4 style="{_H}">{esc(day_heading(decision.day, decision.title))}</h4>'
        f"<p style='margin: 4px 0;'>{esc(decision.situation)} "
        f"{provenance_tag(decision.source)}</p>"
        f"<p style='margin: 4px 0;'><strong>{esc(decision.question)}</strong></p>"
    )
    return _box("casebook-decision-situation", body)


def decision_feedback(fb: DecisionFeedback, *, first: DecisionFeedback | None = None) -> str:
    """Option-by-option feedback, then, kept apart, what the team did and what the guidelines
    advise. ``first``: the first (scored) attempt, shown above when this one is a revision."""
    tone = (
        "good" if fb.correct else ("bad" if fb.harmful_chosen or fb.essential_missed else "warning")
    )
    parts = []
    if first is not None:
        first_tone = "good" if first.correct else "bad"
        parts.append(
            f"<p style='margin: 4px 0;'>{verdict_tag('First attempt (scored):', first_tone)} "
            f"{esc(first.summary)}.</p>"
        )
    parts.append(
        f"<p style='margin: 4px 0;'>{verdict_tag('This attempt:', tone)} {esc(fb.summary)}.</p>"
    )
    rows = ""
    for o in fb.options:
        tag = verdict_tag(o.verdict.text, o.verdict.tone, o.verdict.symbol)
        rows += (
            f"<li style='margin: 4px 0;'>{tag} "
            f"<strong>{esc(o.label)}</strong> - {esc(o.rationale)} "
            f"<span style='font-size: 13px;'>(Source: {esc(o.source)})</span></li>"
        )
    parts.append(f'<ul style="list-style: none; padding-left: 0; margin: 6px 0;">{rows}</ul>')
    team = (
        "".join(f"<li>{esc(n.sentence)} {provenance_tag(n.source)}</li>" for n in fb.team_did)
        or "<li>The report does not say.</li>"
    )
    parts.append(
        f'<div class="casebook-team-did" style="border-top: 2px solid #4b5563; margin-top: 8px;">'
        f'<h4 style="{_H}">What the team did</h4>'
        f'<ul style="margin: 4px 0; padding-left: 1.4em;">{team}</ul></div>'
    )
    sources = "; ".join(fb.guideline_sources)
    parts.append(
        f'<div class="casebook-guideline" style="border-top: 2px solid #4b5563; margin-top: 8px;">'
        f'<h4 style="{_H}">What the guidelines advise</h4>'
        f"<p style='margin: 4px 0;'>{esc(fb.guideline)}</p>"
        f"<p style='margin: 2px 0; font-size: 13px;'>Sources: {esc(sources)}</p></div>"
    )
    body = f'<h4 style="{_H}">Feedback: {esc(fb.title)}</h4>' + "".join(parts)
    return _box("casebook-decision-feedback", body)
