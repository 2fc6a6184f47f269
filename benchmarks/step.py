"""Day-step timing of the course view in JupyterLab + Chromium (1400x900), measured in the page.

``measure(...)`` returns ``{"figures": {...}, "details": {...}}``; run standalone with
``python benchmarks/step.py [-n ROUNDS] [--output build/step.json]``.

Figures:

- ``step_p50_ms`` / ``step_p95_ms``: from a click on Next or Previous (a JS ``click()``), or
  from the Enter keydown in the Day box (a real key press, its time taken by a capturing
  keydown listener), to the moment the figure (its ``data-shown-to``, set once Plotly.react has
  drawn the day), the narrative ("Day N" / "Before day 1"), the table's caption ("days 0-N")
  and the buttons' disabled states all show the new day (a MutationObserver on the view checks
  after every change).
- ``step_baseline_p95_ms``: the same measure, in the same page and run, for a bare plotly
  ``FigureWidget`` holding the same case's whole course figure (same traces, panels and
  annotations), whose traces are updated in place on each step (one ``batch_update`` setting
  every trace's x, y, text and customdata to its points up to the day, precomputed per day), with
  its own Previous / Next buttons and Day box; done when the drawn traces' last x is the day
  and the box shows it.
- ``step_ratio`` = step_p95_ms / step_baseline_p95_ms.
- details: ``course_controls`` (click to the Day box and buttons on the new day),
  ``course_draw`` (the figure's Plotly.react, its data-draw-ms), per action (Next, Previous,
  Enter), and every sample.
- ``step_longtask_max_ms``: the longest main-thread long task (PerformanceObserver
  'longtask', tasks over 50 ms) overlapping any course-view step; 0 when none.

Each round walks Case 2 (days 0-12) forward with Next, back with Previous, and jumps to days
typed into the Day box; the course view's days are all released first (the learner's answers
to every exercise are marked in the kernel, as after answering them), so no step stops at a
held day. The course view and the baseline alternate step by step, at least ``gap_ms`` apart.
The first round is a warm-up and not counted.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASE = "case2"
JUMPS = (6, 2, 11, 0, 9, 4, 12, 1, 7, 3)

CELLS = [
    # Every exercise of the case answered: no day is held (casebook.widgets.course).
    "import casebook\n"
    "from casebook.widgets.common import mark_answered\n"
    f"case = casebook.load_case({CASE!r})\n"
    "for day in case.exams:\n"
    "    mark_answered(case.id, day, 'ice')\n"
    "for decision in case.decisions:\n"
    "    mark_answered(case.id, decision.day, 'decision', decision.id)",
    "casebook.course_view(case)",
    # The baseline: plotly's FigureWidget, traces updated in place.
    "import ipywidgets as w\n"
    "import plotly.graph_objects as go\n"
    "from casebook.plots import plot_course\n"
    "whole = plot_course(case)\n"
    "days = list(case.day_numbers)\n"
    "KEYS = ('x', 'y', 'text', 'customdata')\n"
    "def upto(trace, day):\n"
    "    xs = trace.x\n"
    "    if xs is None or trace.y is None or len(xs) != len(trace.y):\n"
    "        return None\n"
    "    keep = [i for i, x in enumerate(xs) if x is None or x <= day]\n"
    "    out = {}\n"
    "    for key in KEYS:\n"
    "        value = getattr(trace, key)\n"
    "        if value is not None and not isinstance(value, str) and len(value) == len(xs):\n"
    "            out[key] = [value[i] for i in keep]\n"
    "    return out\n"
    "per_day = {d: [upto(t, d) for t in whole.data] for d in days}\n"
    "base = go.FigureWidget(whole)\n"
    "base.update_layout(autosize=True, width=None)\n"
    "def draw(day):\n"
    "    with base.batch_update():\n"
    "        for trace, values in zip(base.data, per_day[day]):\n"
    "            if values is not None:\n"
    "                trace.update(values)\n"
    "box = w.BoundedIntText(value=days[-1], min=days[0], max=days[-1], description='Day')\n"
    "prev, nxt = w.Button(description='Previous'), w.Button(description='Next')\n"
    "def show(change):\n"
    "    prev.disabled = change['new'] == days[0]\n"
    "    nxt.disabled = change['new'] == days[-1]\n"
    "    draw(change['new'])\n"
    "box.observe(show, 'value')\n"
    "prev.on_click(lambda b: setattr(box, 'value', max(days[0], box.value - 1)))\n"
    "nxt.on_click(lambda b: setattr(box, 'value', min(days[-1], box.value + 1)))\n"
    "for widget, name in ((box, 'day'), (prev, 'prev'), (nxt, 'next')):\n"
    "    widget.add_class('bench-base-' + name)\n"
    "view = w.VBox([w.HBox([prev, box, nxt]), base], layout=w.Layout(width='100%'))\n"
    "view.add_class('bench-base')\n"
    "box.value = days[0]\n"
    "view",
]

SETUP_JS = """
() => {
  window.__bench = { longtasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longtasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
}
"""

# Arm one step: watch the view until it shows ``day``; click (prev/next) now, or take t0 from
# the Enter keydown in the Day box (the key is pressed by Playwright afterwards).
ARM_JS = """
([kind, action, day]) => {
  const root = document.querySelector(kind === 'course' ? '.casebook-course-view' : '.bench-base');
  const want = String(day);
  const q = (s) => root.querySelector(s);
  const course = () => {
    const fig = q('.casebook-figure');
    // textContent, not innerText: reading it does not force a layout of the page
    const narrative = q('.casebook-course-narrative').textContent;
    const table = q('.casebook-course-table').textContent;
    const title = want === '0' ? /Before day 1|Day 0/ : new RegExp('Day ' + want + '\\\\b');
    return fig.dataset.shownTo === want && title.test(narrative)
      && new RegExp('days 0-' + want + '\\\\b').test(table) && controls();
  };
  const controls = () => {
    const box = q(kind === 'course' ? '.casebook-course-day input' : '.bench-base-day input');
    const prev = q(kind === 'course' ? 'button.casebook-course-prev' : '.bench-base-prev');
    const next = q(kind === 'course' ? 'button.casebook-course-next' : '.bench-base-next');
    return box.value === want && prev.disabled === (want === '0')
      && next.disabled === (want === '12');
  };
  const baseline = () => {
    const gd = q('.js-plotly-plot');
    if (!gd || !gd._fullData) return false;
    let last = -Infinity;
    for (const t of gd._fullData) for (const x of (t.x || [])) if (x !== null && x > last) last = x;
    return last === day && controls();
  };
  const done = kind === 'course' ? course : baseline;
  let t0 = null;
  let tControls = null;
  window.__step = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('no step to ' + want));
    }, 30000);
    const check = () => {
      if (t0 === null) return;
      const now = performance.now();
      if (tControls === null && controls()) tControls = now;
      if (done()) {
        observer.disconnect();
        clearTimeout(timer);
        const fig = kind === 'course' ? q('.casebook-figure') : null;
        resolve({ ms: now - t0, controls_ms: (tControls ?? now) - t0, t0, t1: now,
                  draw_ms: fig ? Number(fig.dataset.drawMs) : null });
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
    if (action === 'enter') {
      const input = q(kind === 'course' ? '.casebook-course-day input' : '.bench-base-day input');
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') t0 = performance.now(); },
                             { capture: true, once: true });
    } else {
      const button = q(kind === 'course'
        ? (action === 'next' ? 'button.casebook-course-next' : 'button.casebook-course-prev')
        : (action === 'next' ? '.bench-base-next' : '.bench-base-prev'));
      t0 = performance.now();
      button.click();
    }
  });
  window.__step.catch(() => {});
}
"""

LONGTASKS_JS = "() => window.__bench.longtasks"


def plan(days: list[int]) -> list[tuple[str, int]]:
    """One round of steps from the first day: Next to the last, Previous to the first, then
    typed jumps; (action, day reached)."""
    steps = [("next", d) for d in days[1:]]
    steps += [("prev", d) for d in reversed(days[:-1])]
    here = days[0]
    for day in JUMPS:
        if day != here:
            steps.append(("enter", day))
            here = day
    if here != days[0]:
        steps.append(("enter", days[0]))
    return steps


def _run_module() -> Any:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import run

    return run


def measure(rounds: int = 3, gap_ms: int = 250, screenshot: Path | None = None) -> dict[str, Any]:
    """Step timings of the course view and the baseline (first round not counted)."""
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import labkit
    from playwright.sync_api import sync_playwright

    from casebook.loading import load_case

    run = _run_module()
    problem = labkit.chromium_problem()
    if problem:
        raise SystemExit(f"bench: {problem}")
    days = list(load_case(CASE).day_numbers)
    if days != list(range(days[0], days[-1] + 1)) or days[0] != 0:
        raise SystemExit(f"bench: {CASE} is expected to have days 0-N without gaps: {days}")
    steps = plan(days)
    samples: dict[str, list[dict[str, float]]] = {"course": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="casebook-bench-step-") as tmp:
        lab = labkit.start_lab(Path(tmp))
        try:
            labkit.write_notebook(lab.root / "step.ipynb", CELLS)
            with sync_playwright() as playwright:
                browser = labkit.launch_browser(playwright)
                version = browser.version
                try:
                    with labkit.fresh_page(
                        browser, lab, viewport=labkit.WIDE, timeout_ms=60_000
                    ) as page:
                        labkit.run_notebook(page, lab, "step.ipynb")
                        page.wait_for_function(
                            "() => document.querySelector('.casebook-figure[data-shown-to=\"0\"]')"
                            " && document.querySelector('.bench-base .js-plotly-plot')"
                        )
                        page.evaluate(SETUP_JS)
                        for round_no in range(rounds + 1):
                            for action, day in steps:
                                for kind in ("course", "baseline"):
                                    result = _step(page, kind, action, day)
                                    if round_no > 0:
                                        samples[kind].append(result)
                                    page.wait_for_timeout(gap_ms)
                        longtasks = page.evaluate(LONGTASKS_JS)
                        if screenshot is not None:
                            screenshot.parent.mkdir(parents=True, exist_ok=True)
                            page.locator(".casebook-course-view").screenshot(path=str(screenshot))
                finally:
                    browser.close()
        finally:
            lab.stop()

    def longest(kind: str) -> float:
        worst = 0.0
        for s in samples[kind]:
            for start, duration in longtasks:
                if start < s["t1"] and start + duration > s["t0"]:
                    worst = max(worst, duration)
        return round(worst, 1)

    course = run.summarize([s["ms"] for s in samples["course"]])
    baseline = run.summarize([s["ms"] for s in samples["baseline"]])
    controls = run.summarize([s["controls_ms"] for s in samples["course"]])
    draws = run.summarize([s["draw_ms"] for s in samples["course"]])
    by_action = {
        action: run.summarize(
            [
                s["ms"]
                for s, (a, _d) in zip(samples["course"], steps * rounds, strict=True)
                if a == action
            ]
        )
        for action in ("next", "prev", "enter")
    }
    figures = {
        "step_p50_ms": course["p50_ms"],
        "step_p95_ms": course["p95_ms"],
        "step_baseline_p95_ms": baseline["p95_ms"],
        "step_ratio": run.ratio(course["p95_ms"], baseline["p95_ms"]),
        "step_longtask_max_ms": longest("course"),
    }
    details = {
        "definition": "ms from a JS click() on Next/Previous, or from the Enter keydown in the "
        "Day box, to the first DOM mutation after which the figure (data-shown-to, set after "
        "Plotly.react), narrative, table caption and buttons all show the new day, in the page "
        f"(JupyterLab + Chromium 1400x900); {CASE}, every day released; steps {gap_ms} ms or "
        "more apart, course view and baseline alternating; the first round not counted",
        "baseline_definition": "a plotly FigureWidget holding the case's whole course figure, "
        "every trace's x, y, text and customdata set to its points up to the day in one "
        "batch_update per step (precomputed), with its own Previous/Next/Day box; done when "
        "the drawn traces' last x is the day and the controls show it",
        "rounds": rounds,
        "steps_per_round": len(steps),
        "course": course,
        "course_by_action": by_action,
        "course_controls": controls,
        "course_draw": draws,
        "baseline": baseline,
        "longtask_max_ms": {"course": longest("course"), "baseline": longest("baseline")},
        "longtasks_ms": [round(d, 1) for _s, d in longtasks],
        "chromium": version,
    }
    return {"figures": figures, "details": details}


def _step(page: Any, kind: str, action: str, day: int) -> dict[str, float]:
    page.evaluate(ARM_JS, [kind, action, day])
    if action == "enter":
        selector = ".casebook-course-view .casebook-course-day input"
        if kind == "baseline":
            selector = ".bench-base .bench-base-day input"
        box = page.locator(selector)
        box.fill(str(day))
        box.press("Enter")
    return page.evaluate("() => window.__step")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--rounds", type=int, default=3, help="timed rounds (>= 1)")
    parser.add_argument("--gap-ms", type=int, default=250, help="pause between steps")
    parser.add_argument("--output", type=Path, default=ROOT / "build" / "step.json")
    parser.add_argument("--screenshot", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("use -n 1 or more")
    result = measure(args.rounds, args.gap_ms, args.screenshot)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    for name, value in result["figures"].items():
        print(f"{name:24} {value:g}")
    details = result["details"]
    for name in ("next", "prev", "enter"):
        f = details["course_by_action"][name]
        print(f"  course {name}: p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, n {f['n']}")
    c = details["course_controls"]
    print(f"  controls shown: p50 {c['p50_ms']} ms, p95 {c['p95_ms']} ms")
    d = details["course_draw"]
    print(f"  Plotly.react: p50 {d['p50_ms']} ms, p95 {d['p95_ms']} ms")
    print(f"bench: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
