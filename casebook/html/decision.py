"""A decision point: its situation, and the option-by-option feedback kept apart from what the
team did and what the guidelines advise."""

from __future__ import annotations

from casebook.feedback import DecisionFeedback
from casebook.html.parts import _H, _box, day_heading, esc, provenance_tag, verdict_tag
from casebook.model import Decision

__all__ = ["decision_feedback", "decision_situation"]


def decision_situation(decision: Decision, *, citation: str = "") -> str:
    """The situation and question of a decision point, with provenance (``citation``: the case
    report)."""
    body = (
        f'<h4 style="{_H}">{esc(day_heading(decision.day, decision.title))}</h4>'
        f"<p style='margin: 4px 0;'>{esc(decision.situation)} "
        f"{provenance_tag(decision.source, citation=citation)}</p>"
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
        "".join(
            f"<li>{esc(n.sentence)} {provenance_tag(n.source, citation=fb.report_citation)}</li>"
            for n in fb.team_did
        )
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
