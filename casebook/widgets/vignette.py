"""``vignette_exercise(vignette_id)``: read a short bedside story, choose the grade, then Check.

Shows one practice vignette of ``data/vignettes.yaml`` (``casebook.loading.load_vignettes``), a
labelled ICANS grade choice (0-4) and, when the vignette has CRS findings, a labelled CRS grade
choice. On Check the feedback says, with a symbol and words as well as colour, whether each
choice is correct, gives the engine's grade (``casebook.grading``, ASTCT 2019) with its
explanation lines (the rule that applied to each domain) and the teaching point with its source.

Practice only: vignette answers are not recorded in the response file and do not count in the
class report. Check can be pressed as often as the learner likes.

An unknown vignette id, or a vignette file with problems, shows the message in the widget (with
the known ids) instead of raising; findings the engine cannot grade are named in words
(``casebook.feedback.plain_problems``).

Class names (``_dom_classes``), for browser tests:

- ``casebook-vignette-exercise``: the whole exercise (``casebook-vignette-error`` instead when
  the vignette cannot be shown)
- ``casebook-vignette-text``: the story
- ``casebook-vignette-icans``, ``casebook-vignette-crs``: the grade choices (radio buttons
  labelled "ICANS 0" to "ICANS 4", "CRS 0" to "CRS 4"; nothing chosen at first)
- ``casebook-vignette-check``: the Check button
- ``casebook-vignette-feedback-area``: where feedback, notices and errors appear
"""

from __future__ import annotations

import ipywidgets as w

from casebook import html as h
from casebook.feedback import plain_problems
from casebook.grading import ASTCT_2019, LABELS
from casebook.loading import CaseDataError, Vignette, load_vignettes
from casebook.widgets.common import auto, guarded, keyboard_hint, radios

__all__ = ["vignette_exercise"]

_GRADES = (0, 1, 2, 3, 4)
_BOX = "font-size: 15px; color: #111827; background: #ffffff; padding: 6px 10px;"
_P = "margin: 4px 0;"
_NAMES = {
    "ice": "ICE",
    "temperature_c": "temperature (C)",
    "other_cause": "explained by another cause",
}


def vignette_exercise(vignette_id: str) -> w.VBox:
    """The practice exercise for one vignette of ``data/vignettes.yaml``, by its id.

    Practice only: answers are not recorded.
    """
    try:
        vignettes = load_vignettes()
    except CaseDataError as err:
        return _error_box(str(err))
    found = [v for v in vignettes if v.id == vignette_id]
    if not found:
        known = ", ".join(v.id for v in vignettes)
        return _error_box(f"There is no vignette {vignette_id!r}. Known vignettes: {known}.")
    vignette = found[0]

    story = w.HTML(_story_html(vignette))
    story.add_class("casebook-vignette-text")
    icans = _grade_choice("ICANS", "casebook-vignette-icans")
    choices = [icans]
    crs = None
    if vignette.crs_findings is not None:
        crs = _grade_choice("CRS", "casebook-vignette-crs")
        choices.append(crs)
    check = w.Button(
        description="Check", button_style="primary", icon="check", tooltip="Check your grade"
    )
    check.add_class("casebook-vignette-check")
    feedback = w.HTML()
    feedback.add_class("casebook-vignette-feedback-area")

    def on_check(_button: w.Button) -> None:
        missing = [c.description.split(" (")[0] for c in choices if c.value is None]
        if missing:
            text = f"Choose a grade before checking. Not chosen yet: {', '.join(missing)}."
            feedback.value = h.message(text, "warning", title="Not checked")
            return
        try:
            feedback.value = _feedback_html(vignette, icans.value, crs.value if crs else None)
        except ValueError as exc:  # findings the engine cannot grade: say so in words
            text = "\n".join(["This vignette cannot be graded:", *_problems(exc)])
            feedback.value = h.message(text, "bad", title="Cannot grade")

    check.on_click(guarded(feedback, on_check))
    note = w.HTML(
        f"<span style='font-size: 13px;'>Practice: your answer is not recorded. Rules: "
        f"{h.esc(ASTCT_2019)}.</span>"
    )
    box = w.VBox([story, *choices, keyboard_hint(), check, feedback, note], layout=auto())
    box.add_class("casebook-vignette-exercise")
    return box


def _error_box(text: str) -> w.VBox:
    area = w.HTML(h.message(text, "bad", title="Cannot show this vignette"))
    area.add_class("casebook-vignette-feedback-area")
    area.add_class("casebook-error")
    box = w.VBox([area], layout=auto())
    box.add_class("casebook-vignette-error")
    return box


def _grade_choice(scale: str, css_class: str) -> w.RadioButtons:
    """Radio buttons "<scale> 0" to "<scale> 4", nothing chosen yet."""
    options = [(f"{scale} {g}", g) for g in _GRADES]
    choice = radios(f"{scale} grade (0-4, {ASTCT_2019}):", options)
    choice.add_class(css_class)
    return choice


def _problems(exc: ValueError) -> tuple[str, ...]:
    """The engine's message in words, with the names the feedback uses for the findings."""
    return plain_problems(str(exc), _NAMES)


def _story_html(v: Vignette) -> str:
    return (
        f'<div class="casebook-box" style="{_BOX}"><h4 style="margin: 6px 0 4px 0;">'
        f"{h.esc(v.title)}</h4><p style='{_P}'>{h.esc(v.text)}</p>"
        f"<p style='{_P}'>{h.provenance_tag(v.source)}</p></div>"
    )


def _verdict(scale: str, chosen: int, grade: int) -> str:
    if chosen == grade:
        tag = h.verdict_tag(f"Correct: {scale} grade {grade}", "good")
        return f"<p style='{_P}'>{tag}</p>"
    tag = h.verdict_tag(f"Not correct: you chose {scale} grade {chosen}", "bad")
    return f"<p style='{_P}'>{tag} The engine gives {h.grade_badge(grade, scale=scale)}.</p>"


def _findings_text(findings: dict) -> str:
    """The findings the engine graded, in words (e.g. "consciousness: awakens to voice")."""
    parts = []
    for name, value in findings.items():
        if isinstance(value, bool):
            shown = "yes" if value else "no"
        elif isinstance(value, tuple):
            shown = ", ".join(value) or "none"
        elif value is None:
            shown = "not testable"
        else:
            shown = LABELS.get(name, {}).get(value, str(value))
        parts.append(f"{_NAMES.get(name, name.replace('_', ' '))}: {shown}")
    return "; ".join(parts)


def _lines(lines: tuple[str, ...]) -> str:
    items = "".join(f"<li>{h.esc(line)}</li>" for line in lines)
    return f'<ul style="margin: 4px 0; padding-left: 1.4em;">{items}</ul>'


def _feedback_html(v: Vignette, icans_choice: int, crs_choice: int | None) -> str:
    icans = v.icans()
    parts = [
        _verdict("ICANS", icans_choice, icans.grade),
        f"<p style='{_P}'><strong>How the engine grades ICANS</strong> "
        f"({h.esc(_findings_text(dict(v.findings)))}):</p>",
        _lines(icans.explanation),
    ]
    crs = v.crs()
    if crs is not None and crs_choice is not None and v.crs_findings is not None:
        parts += [
            _verdict("CRS", crs_choice, crs.grade),
            f"<p style='{_P}'><strong>How the engine grades CRS</strong> "
            f"({h.esc(_findings_text(dict(v.crs_findings)))}):</p>",
            _lines(crs.explanation),
        ]
    parts.append(
        f"<p style='{_P}'><strong>Teaching point:</strong> {h.esc(v.teaching_point)}</p>"
        f"<p style='{_P} font-size: 13px;'>Source: {h.esc(v.reference.short)} = "
        f"{h.esc(v.reference.citation)}</p>"
        f"<p style='{_P} font-size: 13px;'>Practice only: this answer is not recorded. For "
        "education only, not for clinical decisions.</p>"
    )
    body = "".join(parts)
    return f'<div class="casebook-box casebook-vignette-feedback" style="{_BOX}">{body}</div>'
