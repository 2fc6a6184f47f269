"""course_view driven headless: step through the days; later days never reach the browser."""

from __future__ import annotations

import dataclasses
import html as stdlib_html
import json
import re

import ipywidgets as w
import plotly.graph_objects as go
from widgetkit import SCRIPT, assert_no_raw_script, descendants, find, text_of, with_script

import casebook.widgets.course as course_module
from casebook.plots import course_table, plot_course
from casebook.widgets import course_view


def strings(value) -> list[str]:
    """Every string inside a widget state (dicts, lists, nested), HTML entities decoded."""
    if isinstance(value, str):
        return [stdlib_html.unescape(value)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []


def everything(view: w.VBox) -> str:
    """All text the widget tree would send to the browser."""
    return "\n".join(s for d in descendants(view) for s in strings(d.get_state()))


def figure(view: w.VBox) -> go.FigureWidget:
    [fig] = find(view, "casebook-course-plot").children
    assert isinstance(fig, go.FigureWidget)
    return fig


def plotted_days(fig: go.FigureWidget) -> set:
    days = set()
    for trace in fig.data:
        for x in trace.x if trace.x is not None else ():
            if isinstance(x, int | float):
                days.add(x)
    return days


def test_starts_on_the_first_day(case1):
    view = course_view(case1)
    picker = find(view, "casebook-course-day")
    assert isinstance(picker, w.BoundedIntText)  # keyboard-safe in JupyterLab (not Dropdown)
    assert picker.value == 0 and picker.description == "Day (0-10)"
    assert (picker.min, picker.max) == (case1.day_numbers[0], case1.day_numbers[-1])
    assert find(view, "casebook-course-prev").disabled
    assert not find(view, "casebook-course-next").disabled
    narrative = text_of(find(view, "casebook-course-narrative").value)
    note = case1.day_note(0)
    assert note.narrative in narrative and f"source: {note.source}" in narrative
    assert "<table" in find(view, "casebook-course-table").value
    assert plotted_days(figure(view)) <= {0}
    assert not any(isinstance(d, w.Output) for d in descendants(view))


def test_next_previous_and_the_day_box(case2):
    view = course_view(case2)
    picker = find(view, "casebook-course-day")
    find(view, "casebook-course-next").click()
    find(view, "casebook-course-next").click()
    assert picker.value == 2
    assert case2.day_note(2).narrative in text_of(find(view, "casebook-course-narrative").value)
    find(view, "casebook-course-prev").click()
    assert picker.value == 1
    picker.value = case2.day_numbers[-1]
    assert find(view, "casebook-course-next").disabled
    find(view, "casebook-course-next").click()  # stays on the last day
    assert picker.value == case2.day_numbers[-1]
    last = case2.day_note(case2.day_numbers[-1]).narrative
    assert last in text_of(find(view, "casebook-course-narrative").value)


def test_a_day_without_notes_goes_to_the_nearest_day(case1):
    gap = dataclasses.replace(case1, days=tuple(d for d in case1.days if d.day != 4))
    view = course_view(gap)
    picker = find(view, "casebook-course-day")
    picker.value = 4
    assert picker.value == 3
    assert gap.day_note(3).narrative in text_of(find(view, "casebook-course-narrative").value)
    picker.value = 6
    assert picker.value == 6


def test_figure_fills_the_width_and_table_fits(case1):
    view = course_view(case1)
    assert figure(view).layout.autosize is True and figure(view).layout.width is None
    assert find(view, "casebook-course-plot").layout.width == "100%"
    table = find(view, "casebook-course-table").value
    assert "font-size: 11.5px" in table and "white-space: normal" in table
    headers = [text_of(th).replace("\u00ad", "") for th in re.findall(r"<th[^>]*>.*?</th>", table)]
    assert "IL-6 (pg/mL)" in headers and "Provenance" in headers
    assert "Drugs" not in headers and "Events" not in headers  # on the figure's timeline
    assert "Drugs and events: see the figure's bottom panel" in text_of(table)


def test_old_figure_is_replaced_and_closed(case1):
    view = course_view(case1)
    first = figure(view)
    find(view, "casebook-course-next").click()
    second = figure(view)
    assert second is not first
    assert first.comm is None  # closed: the browser drops it


def test_the_widget_shows_exactly_the_pure_views_up_to_the_chosen_day(case2):
    """The pure level (tests/test_plots.py::test_bundled_courses_hold_nothing_from_a_later_day)
    checks every day of both cases; here one day shows that the widget adds nothing later."""
    view = course_view(case2)
    day = 4
    find(view, "casebook-course-day").value = day
    shown = everything(view)
    assert case2.day_note(day).narrative in shown
    for later in case2.day_numbers[day + 1 :]:
        assert case2.day_note(later).narrative not in shown, later

    def traces(fig: go.Figure) -> list[dict]:
        return [{k: v for k, v in t.to_plotly_json().items() if k != "uid"} for t in fig.data]

    assert traces(figure(view)) == traces(plot_course(case2, until_day=day))
    assert max(plotted_days(figure(view)), default=day) <= day
    table = find(view, "casebook-course-table").value
    pure = course_table(case2, until_day=day).hide(["Drugs", "Events"], axis="columns")
    assert pure.to_html().replace("Blinatumomab", "Blinatu\u00admomab") in table.replace(
        "Conscious\u00adness", "Consciousness"
    )


def test_case_text_is_escaped(case1):
    evil = with_script(case1)
    evil = dataclasses.replace(
        evil,
        observations=tuple(dataclasses.replace(o, note=o.note + SCRIPT) for o in evil.observations),
    )
    view = course_view(evil)
    find(view, "casebook-course-next").click()
    assert SCRIPT in text_of(find(view, "casebook-course-narrative").value)
    assert_no_raw_script(view)
    raw = json.dumps(figure(view).get_state(), ensure_ascii=False, default=str)
    assert SCRIPT not in raw and "&lt;script&gt;" in raw  # notes escaped in the hover text


def test_failing_step_shows_a_message(case1, monkeypatch):
    view = course_view(case1)

    def boom(case, *, until_day=None):
        raise RuntimeError(f"no plot for day {until_day}")

    monkeypatch.setattr(course_module, "plot_course", boom)
    find(view, "casebook-course-next").click()
    error = find(view, "casebook-course-error")
    assert "Something went wrong: no plot for day 1" in text_of(error.value)
    assert "casebook-error" in error._dom_classes
