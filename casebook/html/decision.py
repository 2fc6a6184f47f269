"""A decision point: its situation, and the option-by-option feedback kept apart from what the
team did and what the guidelines advise."""

from __future__ import annotations

from casebook.feedback import DecisionFeedback, OptionFeedback
from casebook.html.parts import (
    _H,
    _box,
    day_heading,
    esc,
    provenance_tag,
    quick_verdict,
    verdict_tag,
)
from casebook.model import Decision

__all__ = [
    "DECISION_HEADLINE_CLOSE",
    "DECISION_OPTIONS_CLOSE",
    "DECISION_OPTIONS_OPEN",
    "SENTENCE_CLOSE",
    "decision_attempt_open",
    "decision_feedback",
    "decision_feedback_open",
    "decision_feedback_tail",
    "decision_first_open",
    "decision_headline_open",
    "decision_option_row",
    "decision_situation",
    "decision_tone",
    "decision_verdict",
    "exclusive_note",
]


def decision_tone(correct: bool, harmful_chosen: int, essential_missed: int) -> str:
    """The tone of a decision's verdict and headline."""
    if correct:
        return "good"
    return "bad" if harmful_chosen or essential_missed else "warning"


def _tone(fb: DecisionFeedback) -> str:
    return decision_tone(fb.correct, fb.harmful_chosen, fb.essential_missed)


def exclusive_note(decision: Decision) -> str:
    """The options that exclude each other (``Decision.exclusive_groups``), one line per group;
    "" when there are none. A fact about the options, not a hint about the answer."""
    if not decision.exclusive_groups:
        return ""
    labels = {o.id: o.label for o in decision.options}
    items = "".join(
        f"<li>{esc(_either([labels[m] for m in g.members]))} ({esc(g.label)})</li>"
        for g in decision.exclusive_groups
    )
    return (
        '<div class="casebook-box" style="font-size: 14px; color: #1f2937; background: #ffffff; '
        'padding: 2px 12px;"><strong>These exclude each other; choose at most one of each:'
        f'</strong><ul style="margin: 2px 0; padding-left: 1.4em;">{items}</ul></div>'
    )


def _either(names: list[str]) -> str:
    quoted = [f"\u201c{n}\u201d" for n in names]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def decision_verdict(fb: DecisionFeedback) -> str:
    """The one-line verdict beside Submit: the headline (harmful chosen, essential missed)."""
    return quick_verdict(f"{fb.headline} Full feedback below.", _tone(fb))


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
    """A headline naming the harmful choices and the essential options missed, option-by-option
    feedback (in the order of ``fb.options``: harmful chosen, essential missed, then the rest),
    then, kept apart, what the team did and what the guidelines advise. ``first``: the first
    (scored) attempt, shown above when this one is a revision.

    A concatenation of the pieces ``casebook.html.table`` precomputes for every option:
    ``decision_feedback_open``, ``decision_headline_open`` (tone), the escaped headline,
    ``DECISION_HEADLINE_CLOSE``, the first attempt's line (``decision_first_open``), this
    attempt's line (``decision_attempt_open``), ``DECISION_OPTIONS_OPEN``, one
    ``decision_option_row`` per option, ``decision_feedback_tail``."""
    tone = _tone(fb)
    first_line = ""
    if first is not None:
        first_line = decision_first_open(first.correct) + esc(first.summary) + SENTENCE_CLOSE
    return (
        decision_feedback_open(fb.title)
        + decision_headline_open(tone)
        + esc(fb.headline)
        + DECISION_HEADLINE_CLOSE
        + first_line
        + decision_attempt_open(tone)
        + esc(fb.summary)
        + SENTENCE_CLOSE
        + DECISION_OPTIONS_OPEN
        + "".join(decision_option_row(o) for o in fb.options)
        + DECISION_OPTIONS_CLOSE
        + decision_feedback_tail(fb)
    )


DECISION_HEADLINE_CLOSE = "</strong></p>"
SENTENCE_CLOSE = ".</p>"
DECISION_OPTIONS_OPEN = '<ul style="list-style: none; padding-left: 0; margin: 6px 0;">'
DECISION_OPTIONS_CLOSE = "</ul>"


def decision_feedback_open(title: str) -> str:
    """The start of the decision feedback: the box and its title."""
    return _box("casebook-decision-feedback", "").removesuffix("</div>") + (
        f'<h4 style="{_H}">Feedback: {esc(title)}</h4>'
    )


def decision_headline_open(tone: str) -> str:
    """The start of the headline paragraph, up to the escaped headline."""
    return (
        f'<p class="casebook-decision-headline" style="margin: 4px 0; font-size: 16px;">'
        f"{verdict_tag('In short:', tone)} <strong>"
    )


def decision_first_open(correct: bool) -> str:
    """The start of the first (scored) attempt's line, up to its escaped summary."""
    tag = verdict_tag("First attempt (scored):", "good" if correct else "bad")
    return f"<p style='margin: 4px 0;'>{tag} "


def decision_attempt_open(tone: str) -> str:
    """The start of this attempt's line, up to its escaped summary."""
    return f"<p style='margin: 4px 0;'>{verdict_tag('This attempt:', tone)} "


def decision_option_row(o: OptionFeedback) -> str:
    """One option's judgement: verdict tag, label, rationale and source."""
    tag = verdict_tag(o.verdict.text, o.verdict.tone, o.verdict.symbol)
    return (
        f"<li style='margin: 4px 0;'>{tag} "
        f"<strong>{esc(o.label)}</strong> - {esc(o.rationale)} "
        f"<span style='font-size: 13px;'>(Source: {esc(o.source)})</span></li>"
    )


def decision_feedback_tail(fb: DecisionFeedback) -> str:
    """What the team did and what the guidelines advise, and the end of the box: the same for
    every answer."""
    team = (
        "".join(
            f"<li>{esc(n.sentence)} {provenance_tag(n.source, citation=fb.report_citation)}</li>"
            for n in fb.team_did
        )
        or "<li>The report does not say.</li>"
    )
    sources = "; ".join(fb.guideline_sources)
    return (
        f'<div class="casebook-team-did" style="border-top: 2px solid #4b5563; margin-top: 8px;">'
        f'<h4 style="{_H}">What the team did</h4>'
        f'<ul style="margin: 4px 0; padding-left: 1.4em;">{team}</ul></div>'
        f'<div class="casebook-guideline" style="border-top: 2px solid #4b5563; margin-top: 8px;">'
        f'<h4 style="{_H}">What the guidelines advise</h4>'
        f"<p style='margin: 4px 0;'>{esc(fb.guideline)}</p>"
        f"<p style='margin: 2px 0; font-size: 13px;'>Sources: {esc(sources)}</p></div></div>"
    )
