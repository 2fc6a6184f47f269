"""Small helpers shared by the exercise widgets: styles, the ICE inputs, safe callbacks, saving.

Class names (``_dom_classes``) set here, for browser tests:

- ``casebook-ice-inputs``: the box of ICE inputs
- ``casebook-ice-year``, ``casebook-ice-month``, ``casebook-ice-city``, ``casebook-ice-hospital``:
  the four orientation checkboxes
- ``casebook-ice-naming`` (dropdown), ``casebook-ice-commands``, ``casebook-ice-writing``,
  ``casebook-ice-attention`` (0/1 toggle buttons)
- ``casebook-error``: added to a feedback area while it shows "Something went wrong: ..."
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from casebook import html as h
from casebook import responses
from casebook.feedback import ICE_LABELS
from casebook.model import ICE_ITEMS, ICE_MAXIMA, ORIENTATION_PARTS

__all__ = ["STYLE", "IceInputs", "auto", "guarded", "record_and_show", "save", "withheld"]

# Labels are shown in full, never cut to a fixed width.
STYLE = {"description_width": "initial"}


def auto(**kwargs: Any) -> w.Layout:
    """A layout that sizes to its content (so labels are never clipped)."""
    return w.Layout(width="auto", **kwargs)


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


def save(**record: Any) -> str:
    """Record a response; return "" or an HTML warning when the file cannot be written."""
    try:
        responses.record_response(**record)
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


def record_and_show(area: w.HTML, render: Callable[[], str], **record: Any) -> None:
    """Record a response, then show ``render()`` in ``area``, or the withheld notice in
    assessment mode before release; a save warning, if any, goes above."""
    warning = save(**record)
    visible = responses.feedback_visible()
    area.value = warning + (render() if visible else withheld(record["attempt"]))


class IceInputs:
    """One labelled input per ICE item (ASTCT 2019): four orientation checkboxes, naming 0-3,
    and 0/1 toggle buttons for commands, writing and attention.

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
        naming = w.Dropdown(
            options=[("not scored", None)] + [(str(n), n) for n in range(ICE_MAXIMA["naming"] + 1)],
            # index 0 ("not scored"), not value=None: ipywidgets reads value=None as no selection
            # and shows an empty box
            index=ICE_MAXIMA["naming"] + 1 if full else 0,
            description="Naming: objects named correctly (0-3)",
            style=STYLE,
            layout=auto(max_width="36em"),
        )
        self.points["naming"] = naming
        for name, text in (
            ("commands", "Follows a simple command"),
            ("writing", "Writes a standard sentence"),
            ("attention", "Counts back from 100 by ten"),
        ):
            self.points[name] = w.ToggleButtons(
                options=[("0 points", 0), ("1 point", 1)],
                value=1 if full else None,
                description=f"{ICE_LABELS[name]}: {text}",
                tooltips=["0 points: not done correctly", "1 point: done correctly"],
                style={**STYLE, "button_width": "auto"},
                layout=auto(),
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
        self.box = w.VBox([orientation, *self.points.values()], layout=auto())
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
