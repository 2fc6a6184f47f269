"""Figures and tables of a case's course (plotly figures, pandas Stylers).

Split by kind: ``course`` (one case's stacked course figure, with ``timeline`` its bottom
panel), ``comparison`` (several cases on one day axis) and ``tables`` (course, patient and risk
tables). ``style`` holds the one house style (palette, provenance words, marker shapes, table
styles, layout); ``points`` takes what is drawn from a case, never a day past the last shown
one; ``traces`` builds the panels and traces both figures share; ``sketch`` holds a figure as
plain dicts (the course figure is drawn into one, and ``course.course_figure`` gives it to the
day stepper without plotly's validation).

Every function follows the plotly.express style: keyword-only options, it returns the object
and never shows it, writes it or embeds plotly.js. Nothing here reads files or imports widgets.
Grades are never read from the data: they come from ``Case.daily()`` (the grading engine).
"""

from __future__ import annotations

from casebook.plots.comparison import plot_comparison
from casebook.plots.course import plot_course
from casebook.plots.style import case_label
from casebook.plots.tables import course_table, patient_table, risk_table

__all__ = [
    "case_label",
    "course_table",
    "patient_table",
    "plot_comparison",
    "plot_course",
    "risk_table",
]
