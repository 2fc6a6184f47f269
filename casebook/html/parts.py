"""The building blocks of every fragment: styles, escaping, tags, badges, notices, and the day's
narrative and bedside transcript."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from casebook.model import DayNote, Exam
from casebook.vocab import (
    ICE_ITEMS,
    ICE_LABELS,
    ICE_MAX,
    PROVENANCE_LABELS,
    PROVENANCE_TITLES,
    report_title,
)

__all__ = [
    "GRADE_WORDS",
    "QUICK_VERDICT_CLOSE",
    "SYMBOLS",
    "TONES",
    "day_heading",
    "day_narrative",
    "esc",
    "grade_badge",
    "message",
    "message_open",
    "provenance_tag",
    "quick_verdict",
    "quick_verdict_open",
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


def provenance_tag(source: str, *, citation: str = "") -> str:
    """The provenance of a fact as visible text: "report", "reported fact, reconstructed day",
    "reconstructed" or "not reported".

    ``citation``: the case report (``Case.report_citation``), named in the tooltip of "report".
    """
    label = PROVENANCE_LABELS.get(source, source)
    title = report_title(citation) if source == "report" else PROVENANCE_TITLES.get(source, "")
    return (
        f'<span class="casebook-provenance" title="{esc(title)}" style="color: #1f2937; '
        "background: #f3f4f6; border: 1px dashed #4b5563; border-radius: 3px; padding: 0 4px; "
        f'font-size: 13px; white-space: nowrap;">source: {esc(label)}</span>'
    )


def message(text: str, tone: str = "neutral", *, title: str = "") -> str:
    """A notice box (e.g. withheld feedback, a save warning, an error); newlines kept."""
    body = "<br>".join(esc(line) for line in str(text).splitlines())
    return message_open(tone, title=title) + body + "</div>"


def message_open(tone: str, *, title: str = "") -> str:
    """The start of ``message(text, tone, title=title)``: the notice is this, the escaped text
    (lines joined by ``<br>``) and ``</div>`` (``casebook.html.table`` sends it in pieces)."""
    fg, bg, border = TONES[tone]
    head = f"<strong>{esc(SYMBOLS[tone])} {esc(title)}</strong> " if title else ""
    return (
        f'<div class="casebook-message casebook-message-{esc(tone)}" style="{_BOX} color: {fg}; '
        f'background: {bg}; border-left: 5px solid {border};">{head}'
    )


def quick_verdict(text: str, tone: str) -> str:
    """The one-line verdict beside a Check or Submit button: symbol, words and colour, bold,
    wrapping onto a second line rather than widening the row."""
    return quick_verdict_open(tone) + esc(f"{SYMBOLS[tone]} {text}") + QUICK_VERDICT_CLOSE


QUICK_VERDICT_CLOSE = "</span>"


def quick_verdict_open(tone: str) -> str:
    """The start of ``quick_verdict(text, tone)``: the verdict is this, the escaped symbol,
    space and text, and ``QUICK_VERDICT_CLOSE``."""
    fg, bg, border = TONES[tone]
    return (
        f'<span class="casebook-quick-verdict-text casebook-quick-verdict-{esc(tone)}" '
        f'style="display: inline-block; max-width: 46em; color: {fg}; background: {bg}; '
        f"border: 2px solid {border}; border-radius: 4px; padding: 2px 8px; font-size: 14px; "
        f'font-weight: 600; line-height: 1.35;">'
    )


# ---------------------------------------------------------------------------------------------
# Narrative and transcripts
def day_heading(day: int, title: str) -> str:
    """ "Day 3: title", unless the title already names the day ("Day 3: ...", "Before day 1")."""
    lowered = title.lower()
    if lowered.startswith((f"day {day}:", f"day {day} ", "before day")) or lowered == f"day {day}":
        return title
    return f"Day {day}: {title}"


def day_narrative(note: DayNote, *, citation: str = "") -> str:
    """One day's title and narrative with its provenance (``citation``: the case report)."""
    body = (
        f'<h4 style="{_H}">{esc(day_heading(note.day, note.title))}</h4>'
        f"<p style='margin: 4px 0;'>{esc(note.narrative)}</p>"
        f"<p style='margin: 2px 0;'>{provenance_tag(note.source, citation=citation)}</p>"
    )
    return _box("casebook-narrative", body)


def transcript_block(exam: Exam, *, citation: str = "") -> str:
    """The bedside exam as the resident sees it: setting and transcript per item. Never the
    reference points or reasons. ``citation``: the case report."""
    body = (
        f'<h4 style="{_H}">Bedside ICE exam, day {exam.day}</h4>'
        f"<p style='margin: 4px 0;'>{esc(exam.setting)} "
        f"{provenance_tag(exam.source, citation=citation)}</p>"
    )
    if exam.testable:
        for name in ICE_ITEMS:
            item = exam.items[name]
            body += f"<div><strong>{esc(ICE_LABELS[name])}</strong>{_quote(item.transcript)}</div>"
    else:
        body += _quote(exam.transcript)
    return _box("casebook-transcript", body)


def running_total(points: int | None, maximum: int = ICE_MAX, unscored: Iterable[str] = ()) -> str:
    """The learner's running ICE total while they score."""
    missing = [ICE_LABELS.get(n, n) for n in unscored]
    if points is None:
        text = "ICE total: not testable (the patient is unarousable)"
    else:
        text = f"Your ICE total so far: {points}/{maximum}"
    if missing:
        text += f" (not scored yet: {', '.join(missing)})"
    return f'<div class="casebook-running-total" style="font-size: 15px;">{esc(text)}</div>'
