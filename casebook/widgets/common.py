"""Small helpers shared by the exercise widgets: styles, the ICE inputs, safe callbacks, saving.

Class names (``_dom_classes``) set here, for browser tests:

- ``casebook-ice-inputs``: the box of ICE inputs
- ``casebook-ice-year``, ``casebook-ice-month``, ``casebook-ice-city``, ``casebook-ice-hospital``:
  the four orientation checkboxes
- ``casebook-ice-naming`` (radio buttons 0-3), ``casebook-ice-commands``,
  ``casebook-ice-writing``, ``casebook-ice-attention`` (radio buttons 0-1); the radio buttons'
  values are the option indexes as text ("0", "1", ...), their labels say the points
- ``casebook-error``: added to a feedback area while it shows "Something went wrong: ..."
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from casebook import html as h
from casebook import responses
from casebook.vocab import (
    ICE_ITEM_MAXIMA,
    ICE_ITEMS,
    ICE_LABELS,
    ICE_POINT_WORDS,
    ICE_PROMPTS,
    ICE_RANGES,
    ORIENTATION_PARTS,
)

__all__ = [
    "ICE_RANGES",
    "STYLE",
    "IceInputs",
    "auto",
    "guarded",
    "keyboard_hint",
    "radios",
    "record_and_show",
    "save",
    "withheld",
]

# Labels are shown in full, never cut to a fixed width.
STYLE = {"description_width": "initial"}


# The radio-button items of the ICE (casebook.vocab): name, prompt, options (label, points).
_POINT_ITEMS = tuple(
    (name, ICE_PROMPTS[name], list(zip(ICE_POINT_WORDS[name], range(len(words)), strict=True)))
    for name, words in ICE_POINT_WORDS.items()
)


def auto(**kwargs: Any) -> w.Layout:
    """A layout that sizes to its content (so labels are never clipped)."""
    return w.Layout(width="auto", **kwargs)


def radios(
    description: str, options: list[tuple[str, Any]], *, value: Any = None, vertical: bool = False
) -> w.RadioButtons:
    """A labelled group of native radio buttons; ``value=None``: nothing chosen yet.

    Keyboard: Tab reaches each button, Space chooses it. (ipywidgets gives the buttons no shared
    ``name``, so the arrow keys do not move inside the group; in JupyterLab's command mode they
    move to another cell, as on a closed dropdown: ipywidgets issue 3912.)
    """
    return w.RadioButtons(
        options=options,
        value=value,
        description=description,
        orientation="vertical" if vertical else "horizontal",
        style=STYLE,
        layout=auto(margin="2px 0"),
    )


def keyboard_hint() -> w.HTML:
    """How to choose with the keyboard alone (the arrow keys would move to another cell)."""
    return w.HTML(
        '<span style="font-size: 13px; color: #374151;">Keyboard: Tab to a choice, Space to pick '
        "it.</span>"
    )


def guarded(area: w.HTML, handler: Callable[..., None]) -> Callable[..., None]:
    """Wrap a callback so that any failure shows a readable message in ``area``."""

    @functools.wraps(handler)
    def run(*args: Any) -> None:
        area.remove_class("casebook-error")
        try:
            handler(*args)
        except Exception as exc:  # shown to the learner, never lost in the kernel log
            area.add_class("casebook-error")
            area.value = h.message(f"Something went wrong: {exc}", "bad", title="Error")

    return run


def save(
    *,
    case: str,
    day: int,
    exercise: str,
    answer: Mapping[str, Any],
    result: Mapping[str, Any],
    attempt: int,
) -> str:
    """Record a response; return "" or an HTML warning when the file cannot be written."""
    try:
        responses.record_response(
            case=case, day=day, exercise=exercise, answer=answer, result=result, attempt=attempt
        )
    except OSError as exc:
        return h.message(
            f"Your answer could not be saved. {exc}", "warning", title="Answer not saved"
        )
    return ""


def withheld(attempt: int) -> str:
    """The notice shown in assessment mode instead of feedback."""
    return h.message(
        f"Answer recorded (attempt {attempt}). Feedback is withheld until your instructor "
        "releases it.",
        "neutral",
        title="Assessment mode",
    )


def record_and_show(
    area: w.HTML,
    render: Callable[[], str],
    *,
    case: str,
    day: int,
    exercise: str,
    answer: Mapping[str, Any],
    result: Mapping[str, Any],
    attempt: int,
) -> None:
    """Record a response (``exercise``: a name of ``casebook.exercises.EXERCISE_TYPES``), then
    show ``render()`` in ``area``, or the withheld notice in assessment mode before release; a
    save warning, if any, goes above."""
    warning = save(
        case=case, day=day, exercise=exercise, answer=answer, result=result, attempt=attempt
    )
    visible = responses.feedback_visible()
    area.value = warning + (render() if visible else withheld(attempt))


class IceInputs:
    """One labelled input per ICE item (ASTCT 2019): four orientation checkboxes, and a group of
    radio buttons each for naming (0-3), commands, writing and attention (0-1).

    ``full=True`` starts at full marks (the calculator); otherwise nothing is scored yet and
    ``unscored()`` names the items still to score.
    """

    def __init__(self, *, full: bool = False) -> None:
        self.parts = {
            part: w.Checkbox(
                value=full,
                description=part.capitalize(),
                indent=False,
                style=STYLE,
                layout=auto(margin="0 12px 0 0"),
            )
            for part in ORIENTATION_PARTS
        }
        for part, box in self.parts.items():
            box.add_class(f"casebook-ice-{part}")
        self.points: dict[str, w.ValueWidget] = {}
        for name, text, options in _POINT_ITEMS:
            self.points[name] = radios(
                f"{ICE_LABELS[name]} ({ICE_RANGES[name]}): {text}",
                options,
                value=ICE_ITEM_MAXIMA[name] if full else None,
            )
        for name, control in self.points.items():
            control.add_class(f"casebook-ice-{name}")
        orientation = w.HBox(
            [
                w.Label("Orientation, 1 point each (tick each one answered correctly):"),
                *self.parts.values(),
            ],
            layout=auto(flex_flow="row wrap", align_items="center"),
        )
        self.box = w.VBox([orientation, *self.points.values(), keyboard_hint()], layout=auto())
        self.box.add_class("casebook-ice-inputs")

    @property
    def controls(self) -> list[w.ValueWidget]:
        return [*self.parts.values(), *self.points.values()]

    def observe(self, callback: Callable[[dict], None]) -> None:
        for control in self.controls:
            control.observe(callback, names="value")

    def set_disabled(self, disabled: bool) -> None:
        for control in self.controls:
            control.disabled = disabled

    def answer(self) -> dict[str, Any]:
        """The answer in the response-record shape (docs/design.md); None for unscored items."""
        out: dict[str, Any] = {"orientation": {p: b.value for p, b in self.parts.items()}}
        out.update({name: control.value for name, control in self.points.items()})
        return {name: out[name] for name in ICE_ITEMS}

    def unscored(self) -> list[str]:
        return [name for name, control in self.points.items() if control.value is None]

    def total(self) -> int:
        """The total of the items scored so far."""
        answer = self.answer()
        points = sum(answer["orientation"].values())
        return points + sum(v for k, v in answer.items() if k != "orientation" and v is not None)
