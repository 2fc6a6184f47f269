"""Small helpers shared by the exercise widgets: styles, the ICE inputs, safe callbacks, saving.

Class names (``_dom_classes``) set here, for browser tests (the ICE and decision exercises draw
their inputs in the page instead: ``casebook.widgets.answer``; ``IceInputs`` is the calculator's):

- ``casebook-ice-inputs``: the box of ICE inputs
- ``casebook-ice-year``, ``casebook-ice-month``, ``casebook-ice-city``, ``casebook-ice-hospital``:
  the four orientation checkboxes
- ``casebook-ice-naming`` (radio buttons 0-3), ``casebook-ice-commands``,
  ``casebook-ice-writing``, ``casebook-ice-attention`` (radio buttons 0-1); the radio buttons'
  values are the option indexes as text ("0", "1", ...), their labels say the points
- ``casebook-error``: added to a feedback area while it shows "Something went wrong: ..."
- ``casebook-keyboard-hint``: the "Keyboard: Tab to a choice, Space to pick it" line
- ``casebook-keys-stay``: an exercise whose keys stay inside it (``casebook.widgets.keys``)

``Shown`` is the VBox every widget returns: its plain text (what JupyterLab shows before Run All,
and what a notebook stores) is a sentence, not the widget's state. ``mark_answered``,
``answered`` and ``on_answer`` tell the course view which exercises the learner has answered.
"""

from __future__ import annotations

import functools
import os
import weakref
from collections.abc import Callable, Mapping, Sequence
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
from casebook.widgets.keys import KEYS_STAY_CLASS, KeyGuard

__all__ = [
    "ICE_RANGES",
    "START",
    "STYLE",
    "IceInputs",
    "Shown",
    "answered",
    "auto",
    "guarded",
    "keyboard_hint",
    "keys_stay",
    "learner_problem",
    "learner_unknown",
    "mark_answered",
    "on_answer",
    "radios",
    "record_reply",
    "save",
    "withheld",
]

# The plain text of an exercise before its cell has run (see ``Shown``).
START = "Run this cell, or Run > Run All Cells, to start this exercise."

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
    hint = w.HTML(
        '<span style="font-size: 13px; color: #374151;">Keyboard: Tab to a choice, Space to pick '
        "it.</span>"
    )
    hint.add_class("casebook-keyboard-hint")
    return hint


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


def learner_problem() -> str:
    """Why no answer can be recorded under the learner id in force (a bad id in the app's
    address, the environment or the saved file), in words; "" when it can."""
    try:
        responses.get_learner()
    except (ValueError, RuntimeError) as exc:
        return str(exc)
    return ""


def learner_unknown(gate_needed: bool) -> bool:
    """True when an exercise built now cannot record yet: no id at all (``gate_needed``) or a
    bad one. A pre-heated app kernel does not know its page yet, so it is not asked here (the
    kernel checks again on every answer)."""
    return gate_needed or (not _waiting_for_app_page() and bool(learner_problem()))


def record_reply(
    *,
    case: str,
    day: int,
    exercise: str,
    answer: Mapping[str, Any],
    result: Mapping[str, Any],
    attempt: int,
    shown: bool,
    render: Callable[[], str],
    verdict: Callable[[], str],
) -> dict[str, Any]:
    """Record a response for an exercise drawn in the page (``casebook.widgets.answer``) and
    return the reply to the page: "saved" or "not_saved" (with the warning). ``shown``: the page
    already shows the feedback from its table; otherwise (no table, or it waited for the
    learner id) the reply carries the verdict and ``render()``, or the withheld notice in
    assessment mode before release. The reply's ``_after`` (run once it is sent) tells the
    course views (``mark_answered``)."""
    warning = save(
        case=case, day=day, exercise=exercise, answer=answer, result=result, attempt=attempt
    )
    visible = responses.feedback_visible()
    reply: dict[str, Any] = {"type": "saved", "attempt": attempt}
    if not visible:
        reply["verdict"] = h.quick_verdict(
            f"Answer recorded (attempt {attempt}); feedback comes when your instructor "
            "releases it.",
            "neutral",
        )
        reply["feedback"] = withheld(attempt)
    elif not shown:
        reply["verdict"], reply["feedback"] = verdict(), render()
    if warning:
        reply.update(
            type="not_saved",
            warning=warning,
            verdict=h.quick_verdict("Your answer could not be saved: see below.", "warning"),
        )
        return reply
    reply["_after"] = lambda: mark_answered(case, day, exercise, str(result.get("decision", "")))
    return reply


class Shown(w.VBox):
    """A VBox whose plain-text form is a sentence for the learner, not the widget's state.

    JupyterLab shows a widget's plain text where the widget cannot be drawn: a notebook opened
    before Run All (its stored output), a static page, a diff. ipywidgets would show
    ``VBox(children=(HTML(value='<div ...``; this shows ``plain`` ("Run this cell, or Run > Run
    All Cells, to start this exercise."). The text is the same on every run, so strict nbval
    compares it like any output.
    """

    def __init__(
        self, children: Sequence[w.Widget] = (), *, plain: str = START, **kwargs: Any
    ) -> None:
        super().__init__(children, **kwargs)
        self._plain = plain

    def __repr__(self) -> str:
        return getattr(self, "_plain", START)


def keys_stay(box: w.Box) -> w.Box:
    """Mark ``box`` as an exercise whose keys stay inside it, with a clearly visible focus ring
    (``casebook.widgets.keys``)."""
    box.add_class(KEYS_STAY_CLASS)
    box.children = (*box.children, KeyGuard())
    return box


# -- what the learner has answered ------------------------------------------------------------
# (case id, day, exercise, decision id or "") answered in this kernel, and the listeners (course
# views) to tell; answers from earlier sessions are read from the response file.
_ANSWERED: set[tuple[str, int, str, str]] = set()
_LISTENERS: list[weakref.ref] = []
_FILE_CACHE: dict[str, tuple[tuple[int, int, str], frozenset]] = {}


def _waiting_for_app_page() -> bool:
    """True in a pre-heated app kernel that has not been handed its page yet: the learner id is
    unknown until then, and asking for it would wait (``casebook.identity.query_string``)."""
    return os.environ.get("VOILA_PREHEAT") == "True" and "QUERY_STRING" not in os.environ


def mark_answered(case: str, day: int, exercise: str, instance: str = "") -> None:
    """Note that the learner answered an exercise (recorded), and tell the course views."""
    _ANSWERED.add((case, day, exercise, instance))
    for ref in list(_LISTENERS):
        listener = ref()
        if listener is None:
            _LISTENERS.remove(ref)
        else:
            listener(case)


def on_answer(owner: object, listener: Callable[[str], None]) -> None:
    """Call ``listener(case_id)`` after each answer, for as long as ``owner`` lives."""
    holder = _Holder(listener)
    _OWNED.setdefault(id(owner), []).append(holder)
    weakref.finalize(owner, _OWNED.pop, id(owner), None)
    _LISTENERS.append(weakref.ref(holder))


class _Holder:
    def __init__(self, listener: Callable[[str], None]) -> None:
        self.listener = listener

    def __call__(self, case: str) -> None:
        self.listener(case)


_OWNED: dict[int, list[_Holder]] = {}


def answered(case: str, day: int, exercise: str, instance: str = "") -> bool:
    """True when the current learner has answered that exercise, here or in the response file."""
    key = (case, day, exercise, instance)
    return key in _ANSWERED or key in _answered_on_file()


def _answered_on_file() -> frozenset:
    if _waiting_for_app_page():
        return frozenset()
    try:
        learner = responses.get_learner()
        path = responses.responses_path()
        stamp = path.stat()
    except (OSError, ValueError, RuntimeError):
        return frozenset()
    mark = (stamp.st_mtime_ns, stamp.st_size, learner)
    cached = _FILE_CACHE.get(str(path))
    if cached and cached[0] == mark:
        return cached[1]
    keys = frozenset(
        (
            str(r.get("case")),
            r.get("day"),
            str(r.get("exercise")),
            str((r.get("result") or {}).get("decision", "")),
        )
        for r in responses.read_responses(path)[0]
        if r.get("learner") == learner
    )
    _FILE_CACHE[str(path)] = (mark, keys)
    return keys


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
                w.Label(
                    "Orientation, 1 point each (tick each one answered correctly):",
                    layout=auto(margin="0 16px 0 0"),
                ),
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
