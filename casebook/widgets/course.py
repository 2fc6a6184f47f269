"""``course_view(case)``: step through the course day by day, without giving answers away.

A day stepper (Previous / Next buttons and a labelled "Day (first-last)" number box) shows, for
the chosen day: the day's narrative with its provenance, the course plot up to that day and the
daily table up to that day (``casebook.plots.course_table(case, until_day=day)`` rendered to
HTML, without the drug and event columns, which the figure's bottom panel shows, so that it fits
the output).

The plot is ONE ``casebook.widgets.figure.CourseFigure`` for the view's life: each step sends it
the day's figure as plain dicts (``casebook.plots.course.course_figure``, the same figure as
``plot_course``, built once per day and view), and the browser redraws the same chart with
``Plotly.react``, as wide as the output. A step updates the buttons first, then the narrative,
the figure and the table, so the controls respond at once. Later days are never sent to the
browser before the learner gets there: only the figure and table of the day shown (or of the
day before a held day) are ever built and sent.

**No spoilers.** A day with an exercise (a decision point, or a bedside ICE exam) is *held* until
the learner has answered it: submitted the day's decisions and checked its ICE exam, in this
kernel or earlier (a response line of the current learner), or pressed "Show day N now". On a
held day the view shows the day's narrative (findings only, by the data rule in
docs/data-format.md) and the figure and table up to the day before, with a line naming the
exercises that release it; Next stops there. So the team's actions, the day's ICE score and the
resulting grades appear only once they can no longer give an answer away.

The number box (``BoundedIntText``: type a day and press Enter, or Up/Down) works by keyboard in
JupyterLab, where a dropdown's arrow keys are taken by command mode (ipywidgets issue 3912); a
typed day without notes goes to the nearest day that has them, and a day beyond a held day to
the held day.

Class names (``_dom_classes``), for browser tests:

- ``casebook-course-view``: the whole view
- ``casebook-course-prev``, ``casebook-course-next``: the buttons
- ``casebook-course-day``: the "Day" number box (an ``input type=number`` inside)
- ``casebook-course-narrative``: the day's narrative
- ``casebook-course-hold``: the line saying what the held day waits for (empty otherwise)
- ``casebook-course-reveal``: the "Show day N now" button (hidden unless the day is held)
- ``casebook-course-plot``: the box holding the figure
- ``casebook-course-table``: the daily table
- ``casebook-course-error``: an error area (empty unless a step fails)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from casebook import html as h
from casebook.model import Case
from casebook.plots import course_table
from casebook.plots.course import course_figure
from casebook.widgets.common import STYLE, Shown, answered, auto, guarded, keys_stay, on_answer
from casebook.widgets.figure import CourseFigure

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = ["course_view", "held_exercises"]


def held_exercises(case: Case, day: int) -> list[str]:
    """What ``day`` waits for: the day's exercises the current learner has not answered yet, in
    words (e.g. "the decision 'Day 5: ...'", "the bedside ICE exam of day 5"); [] when none."""
    waiting = []
    exam = case.exams.get(day)
    if exam is not None and exam.testable and not answered(case.id, day, "ice"):
        waiting.append(f"the bedside ICE exam of day {day}")
    for decision in case.decisions:
        if decision.day == day and not answered(case.id, day, "decision", decision.id):
            waiting.append(f"the decision \u201c{decision.title}\u201d")
    return waiting


def course_view(case: Case) -> w.VBox:
    """A day-by-day view of ``case`` that starts on its first day."""
    days = case.day_numbers
    prev = w.Button(description="Previous", icon="arrow-left", tooltip="Previous day")
    nxt = w.Button(description="Next", icon="arrow-right", tooltip="Next day")
    picker = w.BoundedIntText(
        value=days[0],
        min=days[0],
        max=days[-1],
        # "Day (0-12)"; "Day (-5 to 14)" when the course starts before day 0
        description=f"Day ({days[0]}{' to ' if days[0] < 0 else '-'}{days[-1]})",
        tooltip="Type a day and press Enter, or use the Up and Down arrow keys",
        style=STYLE,
        layout=w.Layout(width="13em"),
    )
    reveal = w.Button(
        description="Show this day now",
        tooltip="Show what the team did and the day's grades before you answer",
        layout=w.Layout(display="none", width="auto"),
    )
    narrative, hold, table, error = w.HTML(), w.HTML(), w.HTML(), w.HTML()
    figure = CourseFigure(layout=w.Layout(width="100%"))
    plot = w.VBox([figure], layout=w.Layout(width="100%"))
    # Each day's figure and table, built once per view (a step back costs nothing); only days
    # the learner has reached are ever built.
    figures = _Cache(lambda day: _fill_width(course_figure(case, until_day=day)))
    tables = _Cache(lambda day: _table_html(case, day))
    for widget, name in (
        (prev, "prev"),
        (nxt, "next"),
        (picker, "day"),
        (narrative, "narrative"),
        (hold, "hold"),
        (reveal, "reveal"),
        (plot, "plot"),
        (table, "table"),
        (error, "error"),
    ):
        widget.add_class(f"casebook-course-{name}")
    revealed: set[int] = set()

    def waiting(day: int) -> list[str]:
        return [] if day in revealed else held_exercises(case, day)

    def first_held(up_to: int) -> int | None:
        return next((d for d in days if d <= up_to and waiting(d)), None)

    def show(day: int) -> None:
        error.value = ""
        if day not in days:  # a typed day without notes: go to the nearest day that has them
            picker.value = min(days, key=lambda d: (abs(d - day), d))
            return
        stop = first_held(day)
        if stop is not None and stop < day:  # never past a day that is still held
            picker.value = stop
            return
        items = waiting(day)
        # The controls first: the browser shows them at once, whatever the figure is doing.
        prev.disabled = day == days[0]
        nxt.disabled = day == days[-1] or bool(items)
        narrative.value = h.day_narrative(case.day_note(day), citation=case.report_citation)
        # A held day shows the course up to the case's previous day (days may be negative or
        # have gaps, so not day - 1); a held first day shows none of it.
        before = days.index(day) - 1
        shown_to = day if not items else (days[before] if before >= 0 else None)
        if items:
            hold.value = h.message(
                f"What the team did on day {day}, and the day's scores and grades, appear "
                f"once you have answered {_and(items)}, so that they do not give your answer "
                "away. The figure and the table stop at the day before; Next waits too.",
                "neutral",
                title="Not shown yet",
            )
            reveal.description = f"Show day {day} now"
            reveal.layout.display = "inline-flex"
        else:
            hold.value = ""
            reveal.layout.display = "none"
        show_figure(shown_to)
        table.value = "" if shown_to is None else tables(shown_to)

    def show_figure(shown_to: int | None) -> None:
        """The one figure, redrawn in place with the course up to ``shown_to`` (none: hidden,
        and emptied, so that nothing of a held first day stays in its state)."""
        with figure.hold_sync():
            figure.figure = {} if shown_to is None else figures(shown_to)
            figure.shown_to = shown_to
        plot.layout.display = "none" if shown_to is None else None

    def step(by: int) -> None:
        picker.value = days[min(max(days.index(picker.value) + by, 0), len(days) - 1)]

    def show_now(_button: w.Button) -> None:
        revealed.add(picker.value)
        show(picker.value)

    def on_answered(case_id: str) -> None:
        if case_id == case.id:
            show(picker.value)

    picker.observe(guarded(error, lambda change: show(change["new"])), names="value")
    prev.on_click(guarded(error, lambda _b: step(-1)))
    nxt.on_click(guarded(error, lambda _b: step(+1)))
    reveal.on_click(guarded(error, show_now))
    guarded(error, show)(days[0])
    stepper = w.HBox([prev, picker, nxt], layout=auto(align_items="center"))
    box = Shown(
        [stepper, error, narrative, hold, reveal, plot, table],
        plain="Run this cell, or Run > Run All Cells, to step through the course day by day.",
        layout=w.Layout(width="100%"),
    )
    box.add_class("casebook-course-view")
    on_answer(box, guarded(error, on_answered))
    return keys_stay(box)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _fill_width(figure: dict[str, Any]) -> dict[str, Any]:
    """The figure with no fixed width: the browser draws it as wide as the output
    (casebook/widgets/figure.js)."""
    figure["layout"].pop("width", None)
    figure["layout"]["autosize"] = True
    return figure


class _Cache:
    """``make(day)``, computed once per day."""

    def __init__(self, make: Callable[[int], Any]) -> None:
        self._make = make
        self._done: dict[int, Any] = {}

    def __call__(self, day: int) -> Any:
        if day not in self._done:
            self._done[day] = self._make(day)
        return self._done[day]


# Shown on the figure's bottom panel ("Findings, drugs and events"); left out of the stepper's
# table so that it fits an 850 px output. ``course_table(case)`` keeps every column.
_LEFT_OUT = ["Drugs", "Events"]
# Soft hyphens (U+00AD) let the longest header words break, so that their columns can narrow.
_HYPHENS = {"Blinatumomab": "Blinatu\u00admomab", "Consciousness": "Conscious\u00adness"}


def _hyphenate(header: str) -> str:
    for word, hyphenated in _HYPHENS.items():
        header = header.replace(word, hyphenated)
    return header


def _stepper_table(case: Case, day: int) -> Styler:
    """``course_table`` up to ``day`` without the columns the figure already shows, with soft
    hyphens in its longest header words."""
    table = course_table(case, until_day=day).hide(_LEFT_OUT, axis="columns")
    return table.format_index(_hyphenate, axis="columns", escape="html")


def _table_html(case: Case, day: int) -> str:
    """The daily table up to ``day``, compact enough for an 850 px output: 11.5 px text, normal
    line height (a widget's HTML has the 28 px of an input row), cells that wrap between words,
    no drug or event columns; it scrolls sideways only if it still does not fit."""
    note = (
        '<p style="margin: 2px 0;">Drugs and events: see the figure\'s bottom panel. '
        "<code>course_table(case)</code> shows every column.</p>"
    )
    return (
        '<div class="casebook-box casebook-course-table-box" style="overflow-x: auto; '
        'font-size: 11.5px; line-height: 1.3; color: #111827; background: #ffffff;">'
        "<style>.casebook-course-table-box th, .casebook-course-table-box td "
        "{padding: 2px 3px !important; font-size: 11.5px; white-space: normal; "
        "vertical-align: top;}</style>"
        f"{_stepper_table(case, day).to_html()}{note}</div>"
    )
