"""Click to feedback, in the page: JupyterLab + Chromium at 1400x900 (issue 14).

One notebook holds the ICE exercise (case 1, day 5), the decision exercise (c1-grade2) and a bare
ipywidgets Checkbox whose observer writes into an HTML widget (the baseline: one kernel round
trip). Round by round, interleaved, each is clicked from JavaScript inside the page
(``element.click()``) and a MutationObserver times:

- ``feedback``: ms from the click until both the verdict beside the button and the feedback
  area below it have changed their text (the exercises draw them from their feedback table,
  ``casebook.html.table``, without the kernel);
- ``saved``: ms from the click until the save status says "Saved" (class ``casebook-saved``):
  the kernel has graded, recorded the answer in the responses file and replied;
- ``baseline``: ms from the click on the bare Checkbox until its HTML widget's text changed.

Between two clicks one input is toggled (the hospital box of the ICE; the EEG option of the
decision, which is essential, so the verdict's headline changes too), so that every verdict
differs from the one before; clicks are ``gap_ms`` or more apart; ``warmup`` rounds are not
counted. Figures (``measure``): ``feedback_p50_ms``, ``feedback_p95_ms`` (the worse exercise),
``saved_p95_ms`` (the worse exercise), ``baseline_p95_ms``, ``saved_ratio`` =
saved_p95 / baseline_p95; per-exercise samples in ``details``.

Standalone: ``.venv/bin/python benchmarks/feedback.py [-n 40] [--gap-ms 300]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ratio, summarize  # noqa: E402  (benchmarks/ is a folder, not a package)

GOALS = {"feedback_p95_ms": 8.0, "saved_ratio": 1.2}

CELLS = [
    "import casebook\ncase = casebook.load_case('case1')",
    "casebook.ice_exercise(case, 5)",
    "casebook.decision_exercise(case, 'c1-grade2')",
    "import ipywidgets as w\n"
    "box = w.Checkbox(value=False, description='Baseline', indent=False)\n"
    "label = w.HTML('off')\n"
    "box.add_class('bench-baseline-box')\n"
    "label.add_class('bench-baseline-label')\n"
    "box.observe(lambda c: setattr(label, 'value', 'on' if c['new'] else 'off'), 'value')\n"
    "w.VBox([box, label])",
]

ICE = ".casebook-ice-exercise"
DECISION = ".casebook-decision-exercise"
# name: (button, verdict, feedback area, save status, what to toggle between clicks)
EXERCISES = {
    "ice": (
        f"{ICE} button.casebook-ice-check",
        f"{ICE} .casebook-quick-verdict",
        f"{ICE} .casebook-ice-feedback-area",
        f"{ICE} .casebook-save-status",
        f"{ICE} .casebook-ice-hospital input",
    ),
    "decision": (
        f"{DECISION} button.casebook-decision-submit",
        f"{DECISION} .casebook-quick-verdict",
        f"{DECISION} .casebook-decision-feedback-area",
        f"{DECISION} .casebook-save-status",
        f"{DECISION} .casebook-option-eeg input",
    ),
}
BASELINE = (".bench-baseline-box input", ".bench-baseline-label")

# Click, then resolve with {shown, saved}: ms until the verdict and the feedback have both
# changed, and ms until the status says Saved (null when no status is watched).
CLICK_JS = """
([clickSel, verdictSel, feedbackSel, statusSel]) => new Promise((resolve, reject) => {
  const target = document.querySelector(clickSel);
  const verdict = document.querySelector(verdictSel);
  const feedback = feedbackSel ? document.querySelector(feedbackSel) : verdict;
  const status = statusSel ? document.querySelector(statusSel) : null;
  if (!target || !verdict || !feedback || (statusSel && !status)) {
    reject(new Error('not found: ' + [clickSel, verdictSel, feedbackSel, statusSel]));
    return;
  }
  const before = [verdict.textContent, feedback.textContent];
  const out = { shown: null, saved: null };
  let t0 = 0;
  let clicked = false;
  const done = () => out.shown !== null && (status === null || out.saved !== null);
  const check = () => {
    const now = performance.now() - t0;
    if (out.shown === null && verdict.textContent !== before[0]
        && feedback.textContent !== before[1]) out.shown = now;
    if (status !== null && clicked && out.saved === null
        && status.classList.contains('casebook-saved')) out.saved = now;
    if (done()) { observer.disconnect(); clearTimeout(timer); resolve(out); }
  };
  const observer = new MutationObserver(check);
  const timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error('no change: ' + JSON.stringify(out)));
  }, 15000);
  for (const node of new Set([verdict, feedback, status].filter(Boolean))) {
    observer.observe(node, {subtree: true, childList: true, characterData: true,
                            attributes: true, attributeFilter: ['class']});
  }
  t0 = performance.now();
  target.click();
  clicked = true;  // the click handler has set "Saving..." synchronously
  check();
})
"""


def _prepare(page: Any, labkit: Any) -> None:
    """Score the ICE completely (the day-5 reference) and choose one option of the decision that
    the toggle never touches (an empty Submit is refused, not scored)."""
    labkit.score_ice(page.locator(ICE), labkit.reference_answer("case1", 5))
    page.locator(f"{DECISION} .casebook-option-neurology_review input").check()


def measure(n: int = 40, gap_ms: int = 300, warmup: int = 3) -> dict[str, Any]:
    """Run the measurement; ``{"figures": {...}, "details": {...}}``."""
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import labkit
    from playwright.sync_api import sync_playwright

    problem = labkit.chromium_problem()
    if problem:
        raise SystemExit(f"bench: {problem}")
    shown: dict[str, list[float]] = {name: [] for name in EXERCISES}
    saved: dict[str, list[float]] = {name: [] for name in EXERCISES}
    baseline: list[float] = []

    def rounds(page: Any) -> None:
        for round_no in range(n + warmup):
            for name, (click, verdict, area, status, toggle) in EXERCISES.items():
                page.evaluate("s => document.querySelector(s).click()", toggle)
                page.wait_for_timeout(gap_ms)
                got = page.evaluate(CLICK_JS, [click, verdict, area, status])
                if round_no >= warmup:
                    shown[name].append(got["shown"])
                    saved[name].append(got["saved"])
                page.wait_for_timeout(gap_ms)
            got = page.evaluate(CLICK_JS, [*BASELINE, None, None])
            if round_no >= warmup:
                baseline.append(got["shown"])
            page.wait_for_timeout(gap_ms)

    with tempfile.TemporaryDirectory(prefix="casebook-bench-feedback-") as tmp:
        lab = labkit.start_lab(Path(tmp))
        try:
            labkit.write_notebook(lab.root / "bench.ipynb", CELLS)
            with sync_playwright() as playwright:
                browser = labkit.launch_browser(playwright)
                version = browser.version
                try:
                    with labkit.fresh_page(browser, lab, viewport=labkit.WIDE) as page:
                        labkit.run_notebook(page, lab, "bench.ipynb")
                        _prepare(page, labkit)
                        rounds(page)
                        recorded = len(lab.responses.read_text().splitlines())
                finally:
                    browser.close()
        finally:
            lab.stop()
    expected = 2 * (n + warmup)
    if recorded != expected:
        raise SystemExit(f"bench: {recorded} answers recorded, expected {expected}")
    per = {
        name: {"shown": summarize(shown[name]), "saved": summarize(saved[name])}
        for name in EXERCISES
    }
    base = summarize(baseline)
    worse_shown = max(EXERCISES, key=lambda name: per[name]["shown"]["p95_ms"])
    worse_saved = max(EXERCISES, key=lambda name: per[name]["saved"]["p95_ms"])
    figures = {
        "feedback_p50_ms": per[worse_shown]["shown"]["p50_ms"],
        "feedback_p95_ms": per[worse_shown]["shown"]["p95_ms"],
        "saved_p95_ms": per[worse_saved]["saved"]["p95_ms"],
        "baseline_p95_ms": base["p95_ms"],
        "saved_ratio": ratio(per[worse_saved]["saved"]["p95_ms"], base["p95_ms"]),
    }
    details = {
        "definition": "in-page JS click() on Check/Submit; 'shown': ms until the verdict beside "
        "the button and the feedback area below have both changed text (MutationObserver); "
        "'saved': ms until the save status has class casebook-saved (the kernel recorded the "
        "answer and replied); baseline: a bare ipywidgets Checkbox -> HTML round trip in the "
        f"same page and run; clicks {gap_ms} ms or more apart; {warmup} warm-up rounds not "
        "counted",
        "worse_shown": worse_shown,
        "worse_saved": worse_saved,
        "answers_recorded": recorded,
        "chromium": version,
        **per,
        "baseline": base,
    }
    return {"figures": figures, "details": details}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=40, help="timed clicks per target (>= 30)")
    parser.add_argument("--gap-ms", type=int, default=300, help="pause between clicks (>= 300)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed first rounds")
    parser.add_argument("--output", type=Path, help="also write the result as JSON here")
    args = parser.parse_args(argv)
    if args.n < 30 or args.gap_ms < 300:
        parser.error("use -n 30 or more and --gap-ms 300 or more")
    result = measure(args.n, args.gap_ms, args.warmup)
    for name, value in result["figures"].items():
        goal = GOALS.get(name)
        verdict = ""
        if goal is not None:
            verdict = f" (goal <= {goal:g}: {'met' if value <= goal else 'MISSED'})"
        print(f"{name:18} {value:>9}{verdict}")
    for name in EXERCISES:
        d = result["details"][name]
        print(
            f"  {name}: shown p50 {d['shown']['p50_ms']} p95 {d['shown']['p95_ms']} ms; "
            f"saved p50 {d['saved']['p50_ms']} p95 {d['saved']['p95_ms']} ms"
        )
    b = result["details"]["baseline"]
    print(f"  baseline: p50 {b['p50_ms']} p95 {b['p95_ms']} ms")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
