"""``learner_form()``: set the learner id once, in ``00_start_here``; and the same form inside an
exercise that is used before any id is set.

The id in force comes from :func:`casebook.responses.current_learner` (the order is in
:mod:`casebook.identity`: JupyterHub login, the app page, ``set_learner`` in this kernel,
``CASEBOOK_LEARNER``, the id saved beside the responses file, else none). The form is a labelled
text box and a Save button; Save is :func:`casebook.responses.set_learner`, which saves the id
beside the responses file for every other notebook of the folder. A line under it says which id
is in force and where it comes from. Where the id is not the notebook's to set (JupyterHub, the
app) the form shows that id and has no box.

Inside an exercise (:class:`LearnerGate`) the form appears only while no id is set at all, and
the exercise records nothing until one is: an answer is never filed under "anonymous" by default.

Class names (``_dom_classes``), for browser tests:

- ``casebook-learner-form``: the form (in 00, or at the top of an exercise)
- ``casebook-learner-input``: the text box; ``casebook-learner-save``: the Save button
- ``casebook-learner-status``: the line saying which id is in force
"""

from __future__ import annotations

import os
from collections.abc import Callable

import ipywidgets as w

from casebook import html as h
from casebook import identity, responses
from casebook.widgets.common import STYLE, auto, guarded

__all__ = ["LearnerGate", "learner_form"]


class _LearnerForm(w.VBox):
    def __repr__(self) -> str:
        return "Run this cell, or Run > Run All Cells, to set your learner id."


def _status(who: identity.Learner) -> str:
    if who.source == "default":
        return h.message(
            "No learner id is set yet: type the id your instructor gave you and press Save.",
            "warning",
            title="No learner id",
        )
    where = {
        "set_learner": "saved for every notebook in this folder",
        "saved": "saved earlier, in this folder",
        "environment": "from the environment variable CASEBOOK_LEARNER",
        "jupyterhub": "your JupyterHub login",
        "app": "the id entered on the casebook's start page",
    }.get(who.source, who.source)
    return h.message(
        f"Your answers are recorded as {who.id!r} ({where}).", "good", title="Learner id"
    )


def _current() -> identity.Learner | str:
    """The learner in force, or a message (a bad id in the environment or the saved file)."""
    try:
        return responses.current_learner()
    except (ValueError, RuntimeError) as exc:
        return str(exc)


def learner_form(*, on_saved: Callable[[str], None] | None = None) -> w.VBox:
    """A labelled box to set the learner id (saved for every notebook of the folder)."""
    status = w.HTML()
    status.add_class("casebook-learner-status")
    box = _LearnerForm([status], layout=auto())
    box.add_class("casebook-learner-form")
    if identity.in_app(os.environ):  # the app's start page sets the id (casebook.app)
        status.value = h.message(
            "In the casebook app your learner id is the one entered on its start page.",
            "neutral",
            title="Learner id",
        )
        return box
    who = _current()
    if isinstance(who, str):
        status.value = h.message(who, "bad", title="Learner id")
    else:
        status.value = _status(who)
    if isinstance(who, identity.Learner) and who.locked:
        return box
    text = w.Text(
        value="" if not isinstance(who, identity.Learner) or who.source == "default" else who.id,
        description="Your learner id",
        placeholder="the id your instructor gave you",
        tooltip=f"{identity.LEARNER_RULE}",
        style=STYLE,
        layout=w.Layout(width="26em"),
    )
    text.add_class("casebook-learner-input")
    save = w.Button(description="Save", button_style="primary", tooltip="Save your learner id")
    save.add_class("casebook-learner-save")
    rule = w.HTML(
        f'<span style="font-size: 13px; color: #374151;">{h.esc(identity.LEARNER_RULE)}; saved '
        "beside your answers for every notebook in this folder.</span>"
    )

    def on_save(_button: w.Button) -> None:
        value = text.value.strip()
        if not value:
            status.value = h.message("Type your learner id first.", "warning", title="Not saved")
            return
        try:
            notice = responses.set_learner(value)
        except ValueError as exc:
            status.value = h.message(str(exc), "bad", title="Not saved")
            return
        now = _current()
        if notice is not None:
            status.value = h.message(str(notice), "neutral", title="Learner id")
        elif isinstance(now, identity.Learner):
            status.value = _status(now)
        if on_saved is not None and isinstance(now, identity.Learner):
            on_saved(now.id)

    save.on_click(guarded(status, on_save))
    row = w.HBox([text, save], layout=auto(align_items="center", flex_flow="row wrap"))
    box.children = (row, rule, status)
    return box


class LearnerGate:
    """The learner-id form at the top of an exercise, shown only while no id is set.

    ``box``: the widget to place first in the exercise (empty when an id is set).
    ``missing()``: a message for the learner when no id is set yet, else "" (call it on Check or
    Submit: nothing may be recorded without an id). ``needed``: True while the form is shown at
    build time. ``on_saved(learner_id)``: called when the form saves an id (an exercise drawn in
    the page keeps its ``learner_missing`` in step).
    """

    def __init__(self, *, on_saved: Callable[[str], None] | None = None) -> None:
        self.box = w.VBox(layout=auto())
        self._on_saved = on_saved
        self.needed = _needs_id()
        if self.needed:
            self.box.children = (learner_form(on_saved=self._saved),)

    def _saved(self, learner: str) -> None:
        done = w.HTML(
            h.message(f"Your answers are recorded as {learner!r}.", "good", title="Learner id")
        )
        done.add_class("casebook-learner-status")
        self.box.children = (done,)
        self.needed = False
        if self._on_saved is not None:
            self._on_saved(learner)

    def missing(self) -> str:
        if not _needs_id():
            return ""
        if not self.box.children:
            self.box.children = (learner_form(on_saved=self._saved),)
        return (
            "set your learner id in the box at the top of this exercise (or in 00_start_here) "
            "and press Save, then try again."
        )


def _needs_id() -> bool:
    """True when no id is set anywhere (JupyterLab, no hub, no app)."""
    try:
        if identity.hub_user(os.environ) or identity.in_app(os.environ):
            return False
    except ValueError:  # a bad hub login: the form cannot fix it; the record step says so
        return False
    who = _current()
    return isinstance(who, identity.Learner) and who.source == "default"
