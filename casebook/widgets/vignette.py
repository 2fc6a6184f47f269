"""``vignette_exercise(vignette_id)``: read a short bedside story, choose the grade, then Check.

Shows one practice vignette of ``data/vignettes.yaml`` (``casebook.loading.load_vignettes``), a
labelled ICANS grade choice (0-4) and, when the vignette has CRS findings, a labelled CRS grade
choice. On Check the feedback (``casebook.feedback.assess_vignette``, rendered by
``casebook.html.vignette_feedback``) says, with a symbol and words as well as colour, whether each
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
from casebook.feedback import VIGNETTE_NAMES, assess_vignette, plain_problems
from casebook.grading import ASTCT_2019, GradingError
from casebook.loading import CaseDataError, load_vignettes
from casebook.widgets.common import auto, guarded, keyboard_hint, radios

__all__ = ["vignette_exercise"]

_GRADES = (0, 1, 2, 3, 4)


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

    story = w.HTML(h.vignette_story(vignette))
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
            result = assess_vignette(vignette, icans.value, crs.value if crs else None)
            feedback.value = h.vignette_feedback(result)
        except GradingError as exc:  # findings the engine cannot grade: say so in words
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


def _problems(exc: GradingError) -> tuple[str, ...]:
    """The engine's refusal in words, with the names the feedback uses for the findings."""
    return plain_problems(exc, VIGNETTE_NAMES)
