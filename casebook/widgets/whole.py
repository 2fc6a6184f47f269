"""``whole_course(case)``: the whole course, as one figure and one table, when the learner asks.

After Run All nothing of the course beyond the day being stepped through is on the page: this
widget is a button, "Show the whole course (figure and table)", and only its click builds the
figure (``casebook.plots.course.course_figure(case)`` in the course view's
``casebook.widgets.figure.CourseFigure``: as wide as the output, with plotly.js sent once per
page rather than inside each figure's state) and the daily table
(``casebook.plots.course_table(case)``, every column). A line beside the button says that it
shows every day, including what the team did, so it belongs after the exercises.

Class names (``_dom_classes``), for browser tests:

- ``casebook-whole-course``: the widget
- ``casebook-whole-course-show``: the button
- ``casebook-whole-course-area``: where the figure and the table appear
"""

from __future__ import annotations

import ipywidgets as w

from casebook.model import Case
from casebook.plots import course_table
from casebook.plots.course import course_figure
from casebook.widgets.common import Shown, auto, guarded
from casebook.widgets.figure import CourseFigure

__all__ = ["whole_course"]


def whole_course(case: Case) -> w.VBox:
    """A button that shows the complete course of ``case`` (figure and table) when pressed."""
    show = w.Button(
        description="Show the whole course (figure and table)",
        icon="table",
        tooltip="Every day, with what the team did: best after the exercises",
        layout=auto(),
    )
    show.add_class("casebook-whole-course-show")
    note = w.HTML(
        '<span style="font-size: 13px; color: #374151;">It shows every day, including what the '
        "team did and the grades: open it after the exercises.</span>"
    )
    area = w.VBox(layout=w.Layout(width="100%"))
    area.add_class("casebook-whole-course-area")
    error = w.HTML()

    def on_show(_button: w.Button) -> None:
        whole = course_figure(case)
        whole["layout"].pop("width", None)  # as wide as the output (casebook/widgets/figure.js)
        whole["layout"]["autosize"] = True
        figure = CourseFigure(
            figure=whole, shown_to=case.day_numbers[-1], layout=w.Layout(width="100%")
        )
        table = w.HTML(
            '<div class="casebook-box" style="overflow-x: auto; color: #111827; '
            f'background: #ffffff;">{course_table(case).to_html()}</div>'
        )
        area.children = (figure, table)
        show.disabled = True

    show.on_click(guarded(error, on_show))
    row = w.HBox([show, note], layout=auto(align_items="center", flex_flow="row wrap"))
    box = Shown(
        [row, error, area],
        plain="Run this cell, or Run > Run All Cells, then press the button for the whole course.",
        layout=w.Layout(width="100%"),
    )
    box.add_class("casebook-whole-course")
    return box
