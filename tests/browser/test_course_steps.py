"""The course view's one figure in real JupyterLab and Chromium at 1400x900: stepping through
Case 3 (axi-cel: negative days and a gap) with Next, Previous and the Day box redraws the same
chart with exactly the days up to the one shown (nothing later reaches the page), the buttons
follow, and the figure's layout holds: as wide as the output, upright day ticks, titles inside
the figure, the tool bar clear of the title, and the stepper, the day's narrative and the ICE
panel in view together."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import labkit
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CASE = "case3"
# Generous waits for conditions (never sleeps): the machine may be loaded.
WAIT = 60_000


def pure_days(day: int) -> list[int]:
    """The days on the traces of ``course_figure(case, until_day=day)``: what the chart must
    hold."""
    from casebook.loading import load_case
    from casebook.plots.course import course_figure

    figure = course_figure(load_case(CASE), until_day=day)
    days = {x for t in figure["data"] for x in t.get("x") or () if isinstance(x, int | float)}
    return sorted(days)


@pytest.fixture
def view(browser: Any, lab: labkit.Lab) -> Iterator[Any]:
    labkit.write_notebook(
        lab.root / "generated" / "course_steps.ipynb",
        [f"import casebook\ncase = casebook.load_case({CASE!r})", "casebook.course_view(case)"],
    )
    with labkit.fresh_page(browser, lab, viewport=labkit.WIDE) as page:
        labkit.run_notebook(page, lab, "generated/course_steps.ipynb")
        view = page.locator(".casebook-course-view")
        # The chart element the figure widget made: every step must redraw this one.
        view.locator(".casebook-figure-chart").evaluate("c => { c.dataset.testMark = 'first'; }")
        yield view


def shows(view: Any, day: int) -> None:
    """The view has settled on ``day`` (shown now if held) and its figure holds exactly the
    days up to it, in the chart it had before (marked at the start), as wide as the output."""
    expect(view.locator(".casebook-course-day input")).to_have_value(str(day), timeout=WAIT)
    labkit.show_held_day(view)
    drawn = labkit.figure_days(view)
    assert drawn["shown_to"] == str(day)
    assert drawn["days"] == pure_days(day)
    assert drawn["width"] >= drawn["view_width"] - 30
    assert view.locator(".js-plotly-plot[data-test-mark='first']").count() == 1  # the same one


def test_stepping_redraws_one_chart_with_each_day_only(view: Any, shot: Any) -> None:
    from casebook.loading import load_case

    days = list(load_case(CASE).day_numbers)
    prev = view.locator("button.casebook-course-prev")
    nxt = view.locator("button.casebook-course-next")
    shows(view, days[0])
    expect(prev).to_be_disabled(timeout=WAIT)
    for day in days[1:]:
        labkit.course_settled(view)
        labkit.show_held_day(view)
        nxt.click()
        expect(prev).to_be_enabled(timeout=WAIT)
        shows(view, day)
    expect(nxt).to_be_disabled(timeout=WAIT)
    for day in (days[-2], days[-3]):
        prev.click()
        shows(view, day)
        expect(nxt).to_be_enabled(timeout=WAIT)
    labkit.go_to_day(view, 0)
    shows(view, 0)
    # A typed day the case does not have (day -1: between -3 and 0) goes to the nearest day.
    box = view.locator(".casebook-course-day input")
    box.fill("-2")
    box.press("Enter")
    shows(view, -3)
    assert view.locator(".casebook-course-error").inner_text().strip() == ""
    shot(view, "course-steps-case3")


def test_figure_layout_at_1400x900(view: Any, shot: Any) -> None:
    """Upright ticks, titles inside the figure, the tool bar clear of the title and legend,
    and the stepper, the day's narrative and the ICE panel in view together."""
    labkit.go_to_day(view, 1)
    shows(view, 1)
    chart = view.locator(".js-plotly-plot")
    chart.hover()  # the tool bar shows on hover
    found = chart.evaluate(
        """chart => {
          const box = chart.getBoundingClientRect();
          const inside = (r) => r.left >= box.left - 1 && r.right <= box.right + 1
            && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
          const ticks = [...chart.querySelectorAll('.xaxislayer-above text')];
          const rotated = ticks
            .filter(t => /rotate\\(\\s*-?[1-9]/.test(t.getAttribute('transform') || ''));
          const texts = [...chart.querySelectorAll('.annotation-text, .gtitle, .legendtext')]
            .filter(t => t.textContent.trim());
          const outside = texts.filter(t => !inside(t.getBoundingClientRect()))
            .map(t => t.textContent);
          const bar = chart.querySelector('.modebar');
          const barBox = bar ? bar.getBoundingClientRect() : null;
          const overlaps = (a, b) => a.left < b.right && b.left < a.right
            && a.top < b.bottom && b.top < a.bottom;
          const covered = barBox ? texts.filter(t => overlaps(barBox, t.getBoundingClientRect()))
            .map(t => t.textContent) : ['no tool bar'];
          return {rotated: rotated.length, ticks: ticks.length, texts: texts.length, outside,
                  covered};
        }"""
    )
    assert found["ticks"] > 0 and found["rotated"] == 0, found
    assert found["texts"] > 10 and found["outside"] == [], found
    assert found["covered"] == [], found
    # Scrolled so that the stepper is at the top: the narrative and the whole ICE panel are in
    # the window too.
    stepper = view.locator(".casebook-course-prev")
    stepper.evaluate("el => el.scrollIntoView({block: 'start'})")
    page = view.page
    ice_bottom = chart.evaluate(
        """chart => {
          const layout = chart._fullLayout;
          const axis = Object.keys(layout).filter(k => /^yaxis\\d*$/.test(k))
            .map(k => layout[k]).find(a => a.title && a.title.text === 'ICE');
          return chart.getBoundingClientRect().top + axis._offset + axis._length;
        }"""
    )
    narrative = view.locator(".casebook-course-narrative").bounding_box()
    top = stepper.bounding_box()
    height = page.viewport_size["height"]
    assert top["y"] >= 0 and narrative["y"] + narrative["height"] <= height
    assert ice_bottom <= height, (ice_bottom, height)
    page.mouse.move(5, 5)
    shot(page, "course-steps-case3-1400x900")


def test_the_course_figure_draws_and_steps_in_the_app(tmp_path: Any, browser: Any, shot: Any):
    """In the resident app (Voilà) too: plotly.js comes from the kernel (nothing from the
    network), the chart fills the output and Next redraws it for the next day."""
    import appkit

    server = appkit.start_app(tmp_path / "app")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(120_000)
    try:
        guard = appkit.OffsiteGuard(context)
        page = guard.watch(context.new_page())
        page.goto(f"{server.base}/voila/render/02_case1.ipynb?learner=steps1&token={server.token}")
        appkit.wait_widgets(page, ".casebook-course-view")
        view = page.locator(".casebook-course-view")
        labkit.show_held_day(view)  # day 0 waits for the day-0 decision
        assert labkit.figure_days(view)["shown_to"] == "0"
        view.locator("button.casebook-course-next").click()
        expect(view.locator(".casebook-course-day input")).to_have_value("1", timeout=WAIT)
        labkit.show_held_day(view)
        drawn = labkit.figure_days(view)
        assert drawn["shown_to"] == "1" and max(drawn["days"]) == 1
        assert drawn["width"] >= drawn["view_width"] - 30
        assert guard.offsite() == []
        view.locator("button.casebook-course-prev").evaluate(
            "el => el.scrollIntoView({block: 'start'})"
        )
        shot(page, "app-course-case1-day1-1400x900")
    finally:
        context.close()
        server.stop()
