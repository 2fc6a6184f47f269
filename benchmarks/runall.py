"""Run All in JupyterLab + Chromium: each notebook against an empty one (``run_all_ratio``).

For every notebook and for an empty notebook (one ``pass`` cell), in a private JupyterLab
(``tests/browser/labkit.py``: 127.0.0.1, token, temporary Jupyter folders, autosave off) serving
a temporary copy of notebooks/, with headless Chromium at 1400x900, one fresh browser context per
sample:

1. open the notebook (its kernel starts) and wait until the kernel is idle;
2. **warm**: Run > Run All Cells, from the click on the menu item until every cell has run, the
   kernel is idle and every widget is live (below);
3. Edit > Clear Outputs of All Cells (prompts back to ``[ ]``);
4. **fresh kernel**: Kernel > Restart Kernel and Run All Cells..., from the click on the dialog's
   Restart button until the same condition. The kernel is a new process: its start, the imports
   and every cell are in the time, on both sides of the ratio.

"Every widget is live": no error output; the execution indicator idle; every code cell's prompt
numbered; no ``.jupyter-widgets-disconnected``, no "Loading widget..." or "Error displaying
widget"; every code cell whose last line calls a ``casebook`` factory shows that factory's widget
(its ``casebook-*`` class, or a rendered table or plotly figure); every plotly graph drawn
(``.main-svg``); every course view that has a day to show (it is not held on its first day)
shows its drawn figure. The check runs in the page every 25 ms; click and end are both
``performance.now()`` in the page.

Figures: ``run_all_s`` per notebook (median of ``runs``, fresh kernel), ``run_all_empty_s``,
``run_all_ratio`` = the worst case notebook (02, 03, 06) / the empty notebook; the warm figures
beside them; ``run_all_stack_ratio``: a notebook that only imports the third-party modules a case
notebook needs (pandas, plotly, ipywidgets, ...), the floor under every case notebook. Details
per sample: long tasks on the main thread (PerformanceObserver), widget views on the page, bytes
the kernel's websocket carried to the page (plotly.js inside each FigureWidget's model travels
this way).

Run standalone: ``.venv/bin/python benchmarks/runall.py [--runs 3] [--notebooks 02 03 06]``.
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASE_NOTEBOOKS = ("02_case1.ipynb", "03_case2.ipynb", "06_case3_axicel.ipynb")
OTHER_NOTEBOOKS = (
    "01_ice_and_icans_primer.ipynb",
    "04_comparison_and_risk.ipynb",
    "05_my_answers.ipynb",
)
EMPTY = "empty.ipynb"
# The third-party stack a case notebook needs, imported and nothing else: the floor under any
# case notebook (reported, not a goal). Not jsonschema: imported plainly it loads its optional
# format modules (about a second, rfc3987_syntax), which casebook skips (loading/readers.py).
STACK = "stack.ipynb"
STACK_CELLS = [
    "import ipywidgets, anywidget, yaml\n"
    "import pandas, pandas.io.formats.style\n"
    "import plotly.graph_objects"
]
VIEWPORT = {"width": 1400, "height": 900}

# What a cell whose last line calls casebook.<factory>(...) shows, as a CSS selector.
SHOWS = {
    "ice_exercise": ".casebook-ice-exercise, .casebook-ice-not-testable-exercise",
    "decision_exercise": ".casebook-decision-exercise",
    "course_view": ".casebook-course-view",
    "whole_course": ".casebook-whole-course",
    "icans_calculator": ".casebook-calculator",
    "vignette_exercise": ".casebook-vignette-exercise",
    "learner_form": ".casebook-learner-form, .casebook-learner-status",
    "progress_view": ".casebook-progress-view",
    "patient_table": ".jp-RenderedHTMLCommon table",
    "course_table": ".jp-RenderedHTMLCommon table",
    "risk_table": ".jp-RenderedHTMLCommon table",
    "plot_comparison": ".js-plotly-plot .main-svg",
    "plot_course": ".js-plotly-plot .main-svg",
}


def expected_views(notebook: Path) -> list[str | None]:
    """For each code cell in order: the selector its output must show, or None (no casebook
    call on its last line, or a call that shows nothing particular)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    out: list[str | None] = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]).strip()
        selector = None
        try:
            body = ast.parse(source).body
        except SyntaxError:
            body = []
        last = body[-1] if body else None
        if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
            func = last.value.func
            if isinstance(func, ast.Attribute):
                selector = SHOWS.get(func.attr)
        out.append(selector)
    return out


# Resolves with the ms from window.__runallT0 (set by the click) until the notebook is ready, or
# with "error: ..." when a cell failed; rejects after the timeout.
READY_JS = """
([expected, timeoutMs]) => new Promise((resolve, reject) => {
  const started = performance.now();
  const check = () => {
    if (window.__runallT0 === null) return null;
    const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    if (!nb) return null;
    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
    if (!indicator || indicator.getAttribute('data-status') !== 'idle') return null;
    // JupyterLab renders a traceback as stderr text; Run All stops at it.
    const errors = [...nb.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"], ' +
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
      .filter(e => /Traceback|Error\\b/.test(e.textContent));
    const running = [...nb.querySelectorAll('.jp-InputPrompt')]
      .some(p => p.textContent.includes('*'));
    if (errors.length && !running)
      return 'error: ' + errors.map(e => e.textContent).join('\\n---\\n');
    const cells = [...nb.querySelectorAll('.jp-CodeCell')];
    if (cells.length !== expected.length) return null;
    for (const cell of cells) {
      const prompt = cell.querySelector('.jp-InputPrompt');
      if (!prompt || !/^\\[\\d+\\]:$/.test(prompt.textContent.trim())) return null;
    }
    if (nb.querySelector('.jupyter-widgets-disconnected')) return null;
    if (/Error displaying widget|Loading widget\\.\\.\\./.test(nb.textContent)) return null;
    for (let i = 0; i < cells.length; i++) {
      if (expected[i] && !cells[i].querySelector(expected[i])) return null;
    }
    for (const out of nb.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]')) {
      if (!out.querySelector('.jupyter-widgets')) return null;
    }
    for (const graph of nb.querySelectorAll('.js-plotly-plot')) {
      if (!graph.querySelector('.main-svg')) return null;
    }
    for (const view of nb.querySelectorAll('.casebook-course-view')) {
      const hold = view.querySelector('.casebook-course-hold');
      const prev = view.querySelector('button.casebook-course-prev');
      const heldOnFirstDay = hold && hold.textContent.trim() && prev && prev.disabled;
      if (!heldOnFirstDay && !view.querySelector('.casebook-course-plot .js-plotly-plot .main-svg'))
        return null;
    }
    return 'ready';
  };
  const tick = () => {
    let result;
    try { result = check(); } catch (e) { result = null; }
    if (result === 'ready') {
      resolve({ms: performance.now() - window.__runallT0, error: null});
    } else if (result) {
      resolve({ms: null, error: result});
    } else if (performance.now() - started > timeoutMs) {
      reject(new Error('not ready within ' + timeoutMs + ' ms'));
    } else {
      setTimeout(tick, 25);
    }
  };
  tick();
})
"""

# Long tasks on the main thread, kept from the page's start (an init script).
LONGTASKS_JS = """
window.__longtasks = [];
try {
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
  }).observe({entryTypes: ['longtask']});
} catch (e) {}
"""

# Remember the time of the next click on ``selector`` (capture phase, before the app sees it).
ARM_JS = """
(selector) => {
  window.__runallT0 = null;
  const arm = (e) => {
    if (e.target.closest && e.target.closest(selector)) {
      window.__runallT0 = performance.now();
      for (const type of ['pointerup', 'mouseup', 'click'])
        document.removeEventListener(type, arm, true);
    }
  };
  // Lumino's menus act on pointerup (and cancel the mouse events); buttons on click.
  for (const type of ['pointerup', 'mouseup', 'click']) document.addEventListener(type, arm, true);
}
"""

PAGE_STATS_JS = """
(t0) => ({
  longtasks: window.__longtasks.filter(([s]) => s >= t0),
  widget_views: document.querySelectorAll('.jp-Notebook .jupyter-widgets').length,
  plotly_graphs: document.querySelectorAll('.jp-Notebook .js-plotly-plot').length,
})
"""


def _menu(page: Any, menu: str, item: str) -> None:
    """Open ``menu`` in the menu bar and click ``item`` (text, as a resident reads it)."""
    page.locator(".lm-MenuBar-item", has_text=menu).first.click()
    page.locator(".lm-Menu-item", has_text=item).first.click()


def _timed(page: Any, expected: list[str | None], timeout_ms: float) -> dict[str, Any]:
    result = page.evaluate(READY_JS, [expected, timeout_ms])
    if result["error"]:
        raise RuntimeError(f"a notebook cell failed:\n{result['error'][:3000]}")
    t0 = page.evaluate("window.__runallT0")
    stats = page.evaluate(PAGE_STATS_JS, t0)
    long_ms = [d for _s, d in stats["longtasks"]]
    return {
        "s": round(result["ms"] / 1000, 3),
        "longtasks": len(long_ms),
        "longtask_ms": round(sum(long_ms)),
        "longest_task_ms": round(max(long_ms, default=0)),
        "widget_views": stats["widget_views"],
        "plotly_graphs": stats["plotly_graphs"],
    }


class _Bytes:
    """Bytes of websocket frames sent to the page (kernel messages), since the last take()."""

    def __init__(self, page: Any) -> None:
        self.total = 0
        page.on("websocket", self._attach)

    def _attach(self, ws: Any) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload: Any) -> None:
        self.total += len(payload)

    def take(self) -> int:
        value, self.total = self.total, 0
        return value


def sample(browser: Any, lab: Any, labkit: Any, path: str, expected: list[str | None]) -> dict:
    """One warm Run All and one Restart Kernel and Run All of ``path`` in a fresh context."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    context.add_init_script(LONGTASKS_JS)
    try:
        page = context.new_page()
        frames = _Bytes(page)
        labkit.open_notebook(page, lab, path)
        frames.take()
        # Warm kernel: Run > Run All Cells.
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        page.evaluate(ARM_JS, ".lm-Menu-item")
        page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
        warm = _timed(page, expected, 180_000)
        page.wait_for_timeout(0)
        warm["ws_bytes"] = frames.take()
        # Fresh kernel: clear, then Kernel > Restart Kernel and Run All Cells... > Restart.
        _menu(page, "Edit", "Clear Outputs of All Cells")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]"
            ".every(p => !/\\d/.test(p.textContent)) && "
            "!document.querySelector('.jp-Notebook .jp-OutputArea-output')"
        )
        _menu(page, "Kernel", "Restart Kernel and Run All Cells")
        accept = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
        accept.wait_for()
        page.evaluate(ARM_JS, ".jp-Dialog-button.jp-mod-accept")
        frames.take()
        accept.click()
        fresh = _timed(page, expected, 180_000)
        fresh["ws_bytes"] = frames.take()
        return {"warm": warm, "fresh": fresh}
    finally:
        context.close()
        lab.shutdown_kernels()


def measure(
    *, runs: int = 3, notebooks: Sequence[str] = CASE_NOTEBOOKS, verbose: bool = True
) -> dict[str, Any]:
    """Run All of each notebook in ``notebooks`` (names in notebooks/) and of an empty notebook,
    ``runs`` rounds, interleaved; figures and details (every sample)."""
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import labkit
    from playwright.sync_api import sync_playwright

    problem = labkit.chromium_problem()
    if problem:
        raise SystemExit(f"bench: {problem}")
    samples: dict[str, list[dict]] = {name: [] for name in (EMPTY, STACK, *notebooks)}
    with tempfile.TemporaryDirectory(prefix="casebook-bench-runall-") as tmp:
        lab = labkit.start_lab(Path(tmp), notebooks=ROOT / "notebooks")
        try:
            labkit.write_notebook(lab.root / "notebooks" / EMPTY, ["pass"])
            labkit.write_notebook(lab.root / "notebooks" / STACK, STACK_CELLS)
            expected = {name: expected_views(lab.root / "notebooks" / name) for name in samples}
            with sync_playwright() as playwright:
                browser = labkit.launch_browser(playwright)
                version = browser.version
                try:
                    for round_no in range(runs):
                        for name in samples:
                            one = sample(browser, lab, labkit, f"notebooks/{name}", expected[name])
                            samples[name].append(one)
                            if verbose:
                                print(
                                    f"runall: round {round_no + 1} {name}: warm "
                                    f"{one['warm']['s']} s, fresh kernel {one['fresh']['s']} s",
                                    flush=True,
                                )
                finally:
                    browser.close()
        finally:
            lab.stop()
    return summarize(samples, notebooks, version)


def summarize(samples: dict[str, list[dict]], notebooks: Sequence[str], version: str) -> dict:
    med = {
        kind: {
            name: statistics.median(s[kind]["s"] for s in runs) for name, runs in samples.items()
        }
        for kind in ("fresh", "warm")
    }
    cases = [name for name in notebooks if name in CASE_NOTEBOOKS] or list(notebooks)
    stack = med["fresh"][STACK] / med["fresh"][EMPTY]
    worst = max(cases, key=lambda name: med["fresh"][name])
    worst_warm = max(cases, key=lambda name: med["warm"][name])
    figures = {
        "run_all_ratio": round(med["fresh"][worst] / med["fresh"][EMPTY], 3),
        "run_all_worst_s": round(med["fresh"][worst], 3),
        "run_all_empty_s": round(med["fresh"][EMPTY], 3),
        "run_all_warm_ratio": round(med["warm"][worst_warm] / med["warm"][EMPTY], 3),
        "run_all_stack_ratio": round(stack, 3),
    }
    details = {
        "definition": "seconds from the click (Kernel > Restart Kernel and Run All Cells..., the "
        "dialog's Restart button: a new kernel process) until every cell has run, the kernel is "
        "idle and every widget is live (benchmarks/runall.py); median of the runs; "
        "run_all_ratio = the worst case notebook / an empty notebook (one `pass` cell). 'warm': "
        "Run > Run All Cells on the notebook's kernel, started and idle, nothing run yet; "
        f"run_all_stack_ratio: {STACK}, one cell importing the third-party modules a case "
        "notebook needs (ipywidgets, anywidget, yaml, pandas with its Styler, "
        "plotly.graph_objects; not jsonschema, see STACK_CELLS) and nothing else, / the empty "
        "notebook: the floor under a case notebook",
        "chromium": version,
        "viewport": VIEWPORT,
        "worst": worst,
        "worst_warm": worst_warm,
        "median_s": {kind: {k: round(v, 3) for k, v in m.items()} for kind, m in med.items()},
        "samples": samples,
    }
    return {"figures": figures, "details": details}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds (median)")
    parser.add_argument(
        "--notebooks",
        nargs="*",
        default=None,
        help="notebook names or number prefixes (default: the case notebooks 02 03 06)",
    )
    parser.add_argument("--all", action="store_true", help="also 01, 04 and 05")
    parser.add_argument("--output", type=Path, default=None, help="write the result as JSON")
    args = parser.parse_args(argv)
    names = list(CASE_NOTEBOOKS) + (list(OTHER_NOTEBOOKS) if args.all else [])
    if args.notebooks:
        every = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
        names = [n for want in args.notebooks for n in every if n.startswith(want)]
    start = time.perf_counter()
    result = measure(runs=args.runs, notebooks=names)
    result["details"]["bench_s"] = round(time.perf_counter() - start, 1)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2) + "\n")
    for name, value in result["figures"].items():
        print(f"{name}: {value:g}")
    for kind, values in result["details"]["median_s"].items():
        print(f"  {kind}: " + ", ".join(f"{k} {v} s" for k, v in values.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
