"""A practice vignette: its story, and the feedback on the grades chosen."""

from __future__ import annotations

from casebook.feedback import GradeCheck, VignetteFeedback
from casebook.html.parts import esc, grade_badge, provenance_tag, verdict_tag
from casebook.model import Vignette

__all__ = ["vignette_feedback", "vignette_story"]

_VIGNETTE_BOX = "font-size: 15px; color: #111827; background: #ffffff; padding: 6px 10px;"
_P = "margin: 4px 0;"


def vignette_story(v: Vignette) -> str:
    """A practice vignette's title and story, with its provenance."""
    return (
        f'<div class="casebook-box" style="{_VIGNETTE_BOX}"><h4 style="margin: 6px 0 4px 0;">'
        f"{esc(v.title)}</h4><p style='{_P}'>{esc(v.text)}</p>"
        f"<p style='{_P}'>{provenance_tag(v.source)}</p></div>"
    )


def _grade_check(check: GradeCheck) -> str:
    scale, grade = check.scale, check.grade
    if check.correct:
        verdict = (
            f"<p style='{_P}'>{verdict_tag(f'Correct: {scale} grade {grade.grade}', 'good')}</p>"
        )
    else:
        tag = verdict_tag(f"Not correct: you chose {scale} grade {check.chosen}", "bad")
        verdict = (
            f"<p style='{_P}'>{tag} The engine gives {grade_badge(grade.grade, scale=scale)}.</p>"
        )
    items = "".join(f"<li>{esc(line)}</li>" for line in grade.explanation)
    return (
        f"{verdict}<p style='{_P}'><strong>How the engine grades {scale}</strong> "
        f"({esc(check.findings)}):</p>"
        f'<ul style="margin: 4px 0; padding-left: 1.4em;">{items}</ul>'
    )


def vignette_feedback(fb: VignetteFeedback) -> str:
    """Each grade chosen against the engine's, with its explanation, then the teaching point."""
    parts = [_grade_check(fb.icans)]
    if fb.crs is not None:
        parts.append(_grade_check(fb.crs))
    parts.append(
        f"<p style='{_P}'><strong>Teaching point:</strong> {esc(fb.teaching_point)}</p>"
        f"<p style='{_P} font-size: 13px;'>Source: {esc(fb.reference.short)} = "
        f"{esc(fb.reference.citation)}</p>"
        f"<p style='{_P} font-size: 13px;'>Practice only: this answer is not recorded. For "
        "education only, not for clinical decisions.</p>"
    )
    body = "".join(parts)
    return (
        f'<div class="casebook-box casebook-vignette-feedback" style="{_VIGNETTE_BOX}">{body}</div>'
    )
