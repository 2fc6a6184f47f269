"""``CourseFigure``: one plotly chart in the browser, updated in place (``Plotly.react``).

The day stepper (``casebook.widgets.course``) keeps one ``CourseFigure`` and sets its
``figure`` (plain ``{"data": [...], "layout": {...}}`` dicts, ``casebook.plots.course_figure``)
on each step; the browser redraws the same chart with ``Plotly.react``, which changes only what
differs. ``shown_to`` (the last day in the figure) ends up as the element's ``data-shown-to``
attribute once drawn.

plotly.js itself is not in the widget's state: its front end (figure.js) asks the kernel for it
once per page with a custom message, and the kernel answers with ``plotly.min.js`` from the
installed plotly package (no network). Where no front end runs (nbval, a static page), nothing is
sent. The chart takes the width of its output area once it is on the page, and follows it.

Class names (``_dom_classes``): ``casebook-figure`` (the widget; in the browser it carries
``data-shown-to``, ``data-draws`` and ``data-draw-ms`` once drawn, and holds the chart in
``casebook-figure-chart``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import anywidget
import traitlets

__all__ = ["CourseFigure", "plotly_js"]


@functools.cache
def plotly_js() -> bytes:
    """plotly.min.js of the installed plotly package (the plotly.js its figures are made for),
    as plotly itself reads it for offline HTML."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


class CourseFigure(anywidget.AnyWidget):
    """A plotly figure given as plain dicts, redrawn in place when ``figure`` changes."""

    _esm = Path(__file__).with_name("figure.js")
    figure = traitlets.Dict().tag(sync=True)
    shown_to = traitlets.Int(None, allow_none=True).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("casebook-figure")
        self.on_msg(self._answer)

    def _answer(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("kind") == "plotly.js?":
            self.send({"kind": "plotly.js"}, buffers=[plotly_js()])
