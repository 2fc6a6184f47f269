"""``course_view(case)``: step through the course day by day.

A day stepper (Previous / Next buttons and a labelled "Day" dropdown) shows, for the chosen day:
the day's narrative with its provenance, the course plot up to that day
(``casebook.plots.plot_course(case, until_day=day)`` in a ``plotly.graph_objects.FigureWidget``,
which needs ``anywidget``) and the daily table up to that day
(``casebook.plots.course_table(case, until_day=day)`` rendered to HTML). Later days are never
sent to the browser before the learner gets there: every step rebuilds the figure and the table
from data up to the chosen day only, and the previous figure widget is closed. The dropdown lists
day numbers only, never titles.

Class names (``_dom_classes``), for browser tests:

- ``casebook-course-view``: the whole view
- ``casebook-course-prev``, ``casebook-course-next``: the buttons
- ``casebook-course-day``: the "Day" dropdown
- ``casebook-course-narrative``: the day's narrative
- ``casebook-course-plot``: the box holding the figure
- ``casebook-course-table``: the daily table
- ``casebook-course-error``: an error area (empty unless a step fails)
"""

from __future__ import annotations

import ipywidgets as w
import plotly.graph_objects as go

from casebook import html as h
from casebook.model import Case
from casebook.plots import course_table, plot_course
from casebook.widgets.common import STYLE, auto, guarded

__all__ = ["course_view"]


def course_view(case: Case) -> w.VBox:
    """A day-by-day view of ``case`` that starts on its first day."""
    days = case.day_numbers
    prev = w.Button(description="Previous", icon="arrow-left", tooltip="Previous day")
    nxt = w.Button(description="Next", icon="arrow-right", tooltip="Next day")
    picker = w.Dropdown(
        options=[(f"Day {d}", d) for d in days],
        value=days[0],
        description="Day",
        style=STYLE,
        layout=auto(),
    )
    narrative, table, error = w.HTML(), w.HTML(), w.HTML()
    plot = w.VBox(layout=auto())
    for widget, name in (
        (prev, "prev"),
        (nxt, "next"),
        (picker, "day"),
        (narrative, "narrative"),
        (plot, "plot"),
        (table, "table"),
        (error, "error"),
    ):
        widget.add_class(f"casebook-course-{name}")

    def show(day: int) -> None:
        error.value = ""
        narrative.value = h.day_narrative(case.day_note(day))
        old = plot.children
        plot.children = (go.FigureWidget(plot_course(case, until_day=day)),)
        for widget in old:
            widget.close()
        table.value = _table_html(case, day)
        prev.disabled, nxt.disabled = day == days[0], day == days[-1]

    def step(by: int) -> None:
        picker.value = days[min(max(days.index(picker.value) + by, 0), len(days) - 1)]

    picker.observe(guarded(error, lambda change: show(change["new"])), names="value")
    prev.on_click(guarded(error, lambda _b: step(-1)))
    nxt.on_click(guarded(error, lambda _b: step(+1)))
    guarded(error, show)(days[0])
    stepper = w.HBox([prev, picker, nxt], layout=auto(align_items="center"))
    box = w.VBox([stepper, error, narrative, plot, table], layout=auto())
    box.add_class("casebook-course-view")
    return box


def _table_html(case: Case, day: int) -> str:
    styler = course_table(case, until_day=day)
    return (
        '<div class="casebook-box" style="overflow-x: auto; font-size: 14px; color: #111827; '
        f'background: #ffffff;">{styler.to_html()}</div>'
    )
