"""course_view driven headless: step through the days; later days never reach the browser."""

from __future__ import annotations

import dataclasses
import html as stdlib_html
import json
import re
from pathlib import Path

import ipywidgets as w
import plotly.offline
import pytest
from widgetkit import SCRIPT, assert_no_raw_script, descendants, find, text_of, with_script

import casebook.widgets.course as course_module
from casebook.plots import course_table, plot_course
from casebook.widgets import course_view
from casebook.widgets.figure import CourseFigure, plotly_js


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


def figure(view: w.VBox) -> CourseFigure:
    [fig] = find(view, "casebook-course-plot").children
    assert isinstance(fig, CourseFigure)
    return fig


def plotted_days(fig: CourseFigure) -> set:
    days = set()
    for trace in fig.figure["data"]:
        for x in trace.get("x") or ():
            if isinstance(x, int | float):
                days.add(x)
    return days


def traces(figure: dict) -> list[dict]:
    """The traces of a figure as JSON, without plotly's random uids."""
    return [{k: v for k, v in t.items() if k != "uid"} for t in json.loads(json.dumps(figure))]


@pytest.fixture(autouse=True)
def _no_day_held(monkeypatch):
    """These tests step freely; tests/widgets/test_course_holds.py tests the held days."""
    monkeypatch.setattr(course_module, "held_exercises", lambda case, day: [])


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
    layout = figure(view).figure["layout"]
    assert layout["autosize"] is True and "width" not in layout
    assert figure(view).layout.width == "100%"
    assert find(view, "casebook-course-plot").layout.width == "100%"
    table = find(view, "casebook-course-table").value
    assert "font-size: 11.5px" in table and "white-space: normal" in table
    headers = [text_of(th).replace("\u00ad", "") for th in re.findall(r"<th[^>]*>.*?</th>", table)]
    assert "IL-6 (pg/mL)" in headers and "Provenance" in headers
    assert "Drugs" not in headers and "Events" not in headers  # on the figure's timeline
    assert "Drugs and events: see the figure's bottom panel" in text_of(table)


def test_a_step_updates_the_one_figure_in_place(case2):
    """Next, Previous and the Day box redraw the same figure widget (the browser keeps its
    chart and calls Plotly.react) with the course up to the new day only; the controls follow."""
    view = course_view(case2)
    fig = figure(view)
    prev, nxt = find(view, "casebook-course-prev"), find(view, "casebook-course-next")
    picker = find(view, "casebook-course-day")
    sent = []
    fig.observe(lambda change: sent.append(change["new"]), names="figure")
    for action, day in (
        (nxt.click, 1),
        (nxt.click, 2),
        (prev.click, 1),
        (lambda: setattr(picker, "value", 6), 6),
        (lambda: setattr(picker, "value", case2.day_numbers[-1]), case2.day_numbers[-1]),
    ):
        action()
        assert figure(view) is fig and fig.comm is not None  # the same, open widget
        assert fig.shown_to == day == picker.value
        assert max(plotted_days(fig)) == day  # the day itself is drawn, no later one
        assert traces(fig.figure["data"]) == traces(
            plot_course(case2, until_day=day).to_dict()["data"]
        )
        assert prev.disabled is (day == case2.day_numbers[0])
        assert nxt.disabled is (day == case2.day_numbers[-1])
    assert len(sent) == 5  # one new figure per step


def test_plotly_js_is_sent_on_request_never_in_the_state(case1):
    """The browser asks for plotly.js once per page (figure.js); the kernel answers with the
    installed plotly's own plotly.min.js. The widget's state never carries it."""
    fig = figure(course_view(case1))
    assert len(json.dumps(fig.get_state(), default=str)) < 200_000
    replies = []
    fig.send = lambda content, buffers=None: replies.append((content, buffers))
    fig._answer(fig, {"kind": "something else"}, [])
    assert replies == []
    fig._answer(fig, {"kind": "plotly.js?"}, [])
    [(content, [library])] = replies
    assert content == {"kind": "plotly.js"}
    assert library == plotly_js() and b"plotly.js v" in library[:200]
    assert (
        library
        == Path(plotly.offline.__file__)
        .parents[1]
        .joinpath("package_data", "plotly.min.js")
        .read_bytes()
    )


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

    pure = plot_course(case2, until_day=day).to_dict()
    assert traces(figure(view).figure["data"]) == traces(pure["data"])
    assert json.loads(json.dumps(figure(view).figure["layout"])) == json.loads(
        json.dumps(pure["layout"] | {"autosize": True})
    )
    assert max(plotted_days(figure(view)), default=day) <= day
    table = find(view, "casebook-course-table").value
    pure_table = course_table(case2, until_day=day).hide(["Drugs", "Events"], axis="columns")
    assert pure_table.to_html().replace("Blinatumomab", "Blinatu\u00admomab") in table.replace(
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

    monkeypatch.setattr(course_module, "course_figure", boom)
    find(view, "casebook-course-next").click()
    error = find(view, "casebook-course-error")
    assert "Something went wrong: no plot for day 1" in text_of(error.value)
    assert "casebook-error" in error._dom_classes


def test_a_held_day_keeps_its_data_out_of_the_figure(case2, monkeypatch):
    """A held first day empties and hides the figure; a held later day draws up to the day
    before, in the same widget (the hold rules: tests/widgets/test_resident_path.py)."""
    held = {case2.day_numbers[0], 4}
    monkeypatch.setattr(
        course_module, "held_exercises", lambda case, day: ["an exercise"] if day in held else []
    )
    view = course_view(case2)
    fig = figure(view)
    assert fig.figure == {} and fig.shown_to is None
    assert find(view, "casebook-course-plot").layout.display == "none"
    find(view, "casebook-course-reveal").click()
    assert figure(view) is fig and fig.shown_to == 0
    assert find(view, "casebook-course-plot").layout.display is None
    find(view, "casebook-course-day").value = 4
    assert fig.shown_to == 3 and max(plotted_days(fig)) == 3
    assert find(view, "casebook-course-next").disabled
    assert "days 0-3 of 0-12" in fig.figure["layout"]["title"]["text"]
