"""Escaped HTML fragments for the exercises: transcripts, feedback, grade badges, provenance.

Pure functions from model and feedback records to strings; no widgets, no I/O. Every piece of
text that comes from a case file or from a learner goes through ``html.escape``. The CSS is
inline and small: a readable system font, dark text on light backgrounds (WCAG AA contrast), and
every judgement carries words and a symbol (✓ ✗ !) as well as a colour, so colour is never the
only signal.

Modules: ``parts`` (styles, escaping, tags, badges, notices, narrative, transcript), ``ice``,
``decision`` and ``vignette`` (the feedback of each exercise).

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
- ``casebook-vignette-feedback``: the feedback on a practice vignette
"""

from __future__ import annotations

from casebook.html.decision import decision_feedback, decision_situation
from casebook.html.ice import ice_feedback, ice_not_testable
from casebook.html.parts import (
    GRADE_WORDS,
    SYMBOLS,
    TONES,
    day_heading,
    day_narrative,
    esc,
    grade_badge,
    message,
    provenance_tag,
    running_total,
    transcript_block,
    verdict_tag,
)
from casebook.html.vignette import vignette_feedback, vignette_story

__all__ = [
    "GRADE_WORDS",
    "SYMBOLS",
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
    "vignette_feedback",
    "vignette_story",
]
