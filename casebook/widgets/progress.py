"""``progress_view()``: the learner's results so far and a "Download my answers" link, with a
Refresh button, for a page where nobody types ``casebook.my_progress()`` (the app).

The table is :func:`casebook.report.my_progress`; the link (``casebook.download``) is a
``data:`` URL holding the learner's own response lines, so the download needs no server round
trip and works in the browser-only kernel of JupyterLite too.

Class names (``_dom_classes``), for browser tests:

- ``casebook-progress-view``: the whole view
- ``casebook-progress-area``: the table, the download link and any notes
- ``casebook-progress-refresh``: the Refresh button
"""

from __future__ import annotations

import ipywidgets as w

from casebook.report import my_progress
from casebook.widgets.common import auto, guarded

__all__ = ["progress_view"]


class _ProgressView(w.VBox):
    """A VBox whose plain-text form (what a notebook shows before its cell has run, and what
    it stores) is a sentence, not the widget's state."""

    def __repr__(self) -> str:
        return "Your answers so far, with a Download button: run this cell to see them."


def progress_view() -> w.VBox:
    """The current learner's progress with a download link; Refresh reads the file again."""
    area = w.HTML(layout=auto())
    area.add_class("casebook-progress-area")
    refresh = w.Button(description="Refresh", tooltip="Read your answers again")
    refresh.add_class("casebook-progress-refresh")

    def show(*_: object) -> None:
        area.value = my_progress()._repr_html_()

    handler = guarded(area, show)
    refresh.on_click(handler)
    handler()
    box = _ProgressView([refresh, area], layout=auto())
    box.add_class("casebook-progress-view")
    return box
