"""Performance benchmark of the casebook (``make bench``; not part of ``make test``).

Writes JSON (``--output``, default build/bench.json) and prints a table of each figure, its goal
and pass/miss. The figures (definitions also in the JSON and in benchmarks/README.md):

- ``feedback_p50_ms`` / ``feedback_p95_ms``: click-to-feedback time measured inside the page in
  JupyterLab + Chromium: a JS ``click()`` on the Check (ICE exercise, case 1 day 5) or Submit
  (decision exercise, c1-grade2) button and a MutationObserver on the feedback area that resolves
  when its text changes. Clicks at least ``--gap-ms`` apart; between two Checks (Submits) one
  answer box is toggled, so every feedback differs from the one before. The worse exercise is
  reported; both are in ``details``.
- ``baseline_p95_ms``: the same measure, in the same page and run, for a bare ipywidgets Checkbox
  whose observer writes into an HTML widget.
- ``feedback_ratio`` = feedback_p95_ms / baseline_p95_ms.
- ``notebook_exec_ratio``: wall time of ``pytest --nbval`` over every notebook in notebooks/
  divided by the same for as many notebooks holding one ``pass`` cell (kernel start included on
  both sides); medians of ``--runs`` runs.
- ``import_ratio``: median wall time of a fresh ``python -c "import casebook, casebook.<every
  submodule>"`` divided by that of a fresh ``python -c "import <every module outside the package,
  standard library or third party, that casebook's modules import at module level>"`` (the list
  is computed from the source and saved; the package's bytecode is compiled first).
- ``max_notebook_kb``: the largest notebook in notebooks/ (KiB).
- ``app_first_widget_s`` / ``app_first_widget_cold_s``: seconds from opening Case 1 in the app
  (``make app``, Voila) to its first ICE exercise with live widgets, with a pre-heated kernel /
  without (median of ``--app-samples``; benchmarks/appstart.py).
- ``class_answers_per_s``: answers appended per second by 30 learner processes writing at
  once into one shared response file for ``--class-seconds``, with no line lost or torn
  (checked; benchmarks/classload.py). No goal: it is the class's headroom, reported.
"""

from __future__ import annotations

import argparse
import ast
import compileall
import datetime as dt
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

GOALS: dict[str, float] = {
    "feedback_p95_ms": 16.7,
    "feedback_ratio": 1.2,
    "notebook_exec_ratio": 1.3,
    "import_ratio": 1.1,
    "max_notebook_kb": 300,
    # A resident opening a case page in the app waits no longer than this for the first exercise.
    "app_first_widget_s": 5.0,
}
FIGURES = (
    "feedback_p50_ms",
    "feedback_p95_ms",
    "baseline_p95_ms",
    "feedback_ratio",
    "notebook_exec_ratio",
    "import_ratio",
    "max_notebook_kb",
    "app_first_widget_s",
    "app_first_widget_cold_s",
    "class_answers_per_s",
)


# ---------------------------------------------------------------------------------------------
# Pure parts (unit-tested in tests/test_bench_tools.py)
def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between closest ranks (the
    default method of numpy.percentile)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be within 0-100, got {q}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(samples: Sequence[float]) -> dict[str, Any]:
    """p50, p95, max and n of timing samples (ms), rounded to 0.01 ms; samples kept."""
    return {
        "n": len(samples),
        "p50_ms": round(percentile(samples, 50), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "max_ms": round(max(samples), 2),
        "samples_ms": [round(s, 2) for s in samples],
    }


def ratio(numerator: float, denominator: float) -> float:
    if denominator <= 0:
        raise ValueError(f"cannot divide by {denominator}")
    return round(numerator / denominator, 3)


def evaluate(figures: dict[str, float]) -> dict[str, dict[str, Any]]:
    """Each goal with its figure and whether it is met (figure <= goal)."""
    return {
        name: {"goal": goal, "value": figures[name], "met": figures[name] <= goal}
        for name, goal in GOALS.items()
    }


def build_report(
    figures: dict[str, float], details: dict[str, Any], machine: dict[str, Any]
) -> dict[str, Any]:
    missing = [name for name in FIGURES if name not in figures]
    if missing:
        raise ValueError(f"figures missing: {missing}")
    return {
        "version": 1,
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "figures": {name: figures[name] for name in FIGURES},
        "goals": evaluate(figures),
        "details": details,
    }


def format_table(report: dict[str, Any]) -> str:
    rows = [("figure", "value", "goal", "result")]
    for name in FIGURES:
        goal = report["goals"].get(name)
        rows.append(
            (
                name,
                f"{report['figures'][name]:g}",
                f"<= {goal['goal']:g}" if goal else "-",
                ("pass" if goal["met"] else "MISS") if goal else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def module_level_imports(package_dir: Path) -> list[str]:
    """Modules outside the package (standard library and third party) that the package's
    modules import at module level (not inside functions, not under ``if TYPE_CHECKING``),
    sorted."""
    own = package_dir.name
    found: set[str] = set()

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
            elif isinstance(node, ast.If):
                test = ast.unparse(node.test)
                if "TYPE_CHECKING" not in test:
                    visit(node.body)
                    visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)

    for path in sorted(package_dir.rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body)
    return sorted(m for m in found if m.split(".")[0] not in {own, "__future__"})


def third_party_imports(package_dir: Path) -> list[str]:
    """The module-level imports that are neither standard library nor the package, sorted."""
    stdlib = set(sys.stdlib_module_names)
    return [m for m in module_level_imports(package_dir) if m.split(".")[0] not in stdlib]


def package_modules(package_dir: Path) -> list[str]:
    """Every importable module of the package (dotted names), ``__main__`` excepted."""
    names = []
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


# ---------------------------------------------------------------------------------------------
# Machine
def machine_info(chromium_version: str | None = None) -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chromium": chromium_version,
    }


# ---------------------------------------------------------------------------------------------
# In-page click-to-feedback timing
BENCH_CELLS = [
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

# Click ``clickSel`` and resolve with the ms until the text of ``watchSel`` changes.
CLICK_TO_TEXT_JS = """
([clickSel, watchSel]) => new Promise((resolve, reject) => {
  const target = document.querySelector(clickSel);
  const watched = document.querySelector(watchSel);
  if (!target || !watched) {
    reject(new Error('not found: ' + clickSel + ' / ' + watchSel));
    return;
  }
  const before = watched.textContent;
  let t0 = 0;
  const observer = new MutationObserver(() => {
    if (watched.textContent !== before) {
      const elapsed = performance.now() - t0;
      observer.disconnect();
      clearTimeout(timer);
      resolve(elapsed);
    }
  });
  const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no change')); }, 10000);
  observer.observe(watched, {subtree: true, childList: true, characterData: true});
  t0 = performance.now();
  target.click();
})
"""

ICE = ".casebook-ice-exercise"
DECISION = ".casebook-decision-exercise"
TARGETS = {
    # name: (what to click, what to watch, what to toggle between clicks or None)
    "baseline": (".bench-baseline-box input", ".bench-baseline-label", None),
    "ice": (
        f"{ICE} button.casebook-ice-check",
        f"{ICE} .casebook-ice-feedback-area",
        f"{ICE} .casebook-ice-hospital input",
    ),
    "decision": (
        f"{DECISION} button.casebook-decision-submit",
        f"{DECISION} .casebook-decision-feedback-area",
        f"{DECISION} .casebook-option-dexamethasone_10mg input",
    ),
}


def measure_feedback(n: int, gap_ms: int, warmup: int) -> tuple[dict[str, Any], str]:
    """Timing samples (ms) per target, interleaved round by round; and Chromium's version."""
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import labkit
    from playwright.sync_api import sync_playwright

    problem = labkit.chromium_problem()
    if problem:
        raise SystemExit(f"bench: {problem}")
    samples: dict[str, list[float]] = {name: [] for name in TARGETS}
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        lab = labkit.start_lab(Path(tmp))
        try:
            labkit.write_notebook(lab.root / "bench.ipynb", BENCH_CELLS)
            with sync_playwright() as playwright:
                browser = labkit.launch_browser(playwright)
                version = browser.version
                try:
                    with labkit.fresh_page(browser, lab) as page:
                        labkit.run_notebook(page, lab, "bench.ipynb")
                        _prepare(page, labkit)
                        for round_no in range(n + warmup):
                            for name, (click, watch, toggle) in TARGETS.items():
                                if toggle:
                                    page.evaluate("s => document.querySelector(s).click()", toggle)
                                    page.wait_for_timeout(gap_ms)
                                elapsed = page.evaluate(CLICK_TO_TEXT_JS, [click, watch])
                                if round_no >= warmup:
                                    samples[name].append(elapsed)
                                page.wait_for_timeout(gap_ms)
                finally:
                    browser.close()
        finally:
            lab.stop()
    return {name: summarize(values) for name, values in samples.items()}, version


def _prepare(page: Any, labkit: Any) -> None:
    """Score the ICE exercise completely (the day-5 reference) so that Check gives feedback."""
    labkit.score_ice(page.locator(ICE), labkit.reference_answer("case1", 5))


# ---------------------------------------------------------------------------------------------
# Notebook execution under nbval
def nbval_seconds(notebooks: list[Path], workdir: Path) -> float:
    env = dict(os.environ, CASEBOOK_RESPONSES=str(workdir / "responses.jsonl"))
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        str(ROOT / "tests" / "nbval-sanitize.cfg"),
        "--rootdir",
        str(ROOT),
        *map(str, notebooks),
    ]
    start = time.perf_counter()
    # Our own interpreter with fixed arguments and the repository's notebooks.
    done = subprocess.run(  # noqa: S603
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-15:])
        print(f"bench: note: nbval reported failures (time still counted):\n{tail}")
    return elapsed


def measure_notebook_exec(runs: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import labkit

    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        raise SystemExit("bench: no notebooks in notebooks/")
    with tempfile.TemporaryDirectory(prefix="casebook-bench-nb-") as tmp:
        workdir = Path(tmp)
        empties = [
            labkit.write_notebook(workdir / "empty" / f"empty_{i}.ipynb", ["pass"])
            for i in range(len(notebooks))
        ]
        real, empty = [], []
        for _ in range(runs):
            real.append(nbval_seconds(notebooks, workdir))
            empty.append(nbval_seconds(empties, workdir))
    real_s, empty_s = statistics.median(real), statistics.median(empty)
    return {
        "definition": "median wall time of `pytest --nbval --nbval-current-env` over every "
        "notebook in notebooks/ / the same over as many notebooks with one `pass` cell",
        "notebooks": [n.name for n in notebooks],
        "runs": runs,
        "notebooks_s": [round(v, 3) for v in real],
        "empty_s": [round(v, 3) for v in empty],
        "notebooks_median_s": round(real_s, 3),
        "empty_median_s": round(empty_s, 3),
        "ratio": ratio(real_s, empty_s),
    }


# ---------------------------------------------------------------------------------------------
# Import time
def _python_seconds(statement: str) -> float:
    start = time.perf_counter()
    # Our own interpreter; the statement is built here from the package's module names.
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", statement], check=True, cwd=tempfile.gettempdir()
    )
    return time.perf_counter() - start


def measure_import(runs: int) -> dict[str, Any]:
    package = ROOT / "casebook"
    # Installed dependencies come with compiled bytecode; compile the package too, so that both
    # sides are timed as a user's machine runs them even where PYTHONDONTWRITEBYTECODE is set.
    compileall.compile_dir(package, quiet=1)
    deps = module_level_imports(package)
    modules = package_modules(package)
    statements = {
        "casebook": "import " + ", ".join(modules),
        "deps": "import " + ", ".join(deps),
        "lazy": "import casebook",
        "bare": "pass",
    }
    times: dict[str, list[float]] = {name: [] for name in statements}
    for statement in statements.values():  # warm the file cache; not counted
        _python_seconds(statement)
    for _ in range(runs):
        for name, statement in statements.items():
            times[name].append(_python_seconds(statement))
    med = {name: statistics.median(values) for name, values in times.items()}
    return {
        "definition": "median wall time of a fresh `python -c '<casebook statement>'` / "
        "median of a fresh `python -c '<deps statement>'`; deps = every module outside the "
        "package (standard library and third party) that casebook's modules import at module "
        "level (from the source); the package's bytecode is compiled first, as pip does for "
        "installed dependencies",
        "casebook_statement": statements["casebook"],
        "deps_statement": statements["deps"],
        "runs": runs,
        "median_ms": {name: round(value * 1000, 1) for name, value in med.items()},
        "samples_ms": {name: [round(v * 1000, 1) for v in vals] for name, vals in times.items()},
        "ratio": ratio(med["casebook"], med["deps"]),
        "ratio_net_of_interpreter": ratio(med["casebook"] - med["bare"], med["deps"] - med["bare"]),
    }


def notebook_sizes() -> dict[str, float]:
    return {
        path.name: round(path.stat().st_size / 1024, 1)
        for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
    }


def _bench_module(name: str) -> Any:
    """benchmarks/<name>.py (this folder is not a package)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    return __import__(name)


# ---------------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=ROOT / "build" / "bench.json")
    parser.add_argument("-n", type=int, default=40, help="timed clicks per target (>= 30)")
    parser.add_argument("--gap-ms", type=int, default=300, help="pause between clicks (>= 300)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed first rounds")
    parser.add_argument("--runs", type=int, default=3, help="nbval runs per side")
    parser.add_argument("--import-runs", type=int, default=9, help="fresh imports per side")
    parser.add_argument("--app-samples", type=int, default=3, help="app page openings per kind")
    parser.add_argument("--class-seconds", type=float, default=10.0, help="class load duration")
    args = parser.parse_args(argv)
    if args.n < 30 or args.gap_ms < 300:
        parser.error("use -n 30 or more and --gap-ms 300 or more")

    print("bench: click-to-feedback in JupyterLab + Chromium ...", flush=True)
    feedback, chromium = measure_feedback(args.n, args.gap_ms, args.warmup)
    print("bench: notebooks under nbval ...", flush=True)
    notebook_exec = measure_notebook_exec(args.runs)
    print("bench: import time ...", flush=True)
    imports = measure_import(args.import_runs)
    sizes = notebook_sizes()
    print("bench: the app's first widget (Voila) ...", flush=True)
    app_start = _bench_module("appstart").measure_app_start(args.app_samples)
    print("bench: 30 learners answering at once ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="casebook-bench-class-") as tmp:
        class_load = _bench_module("classload").run_class(
            Path(tmp) / "class.jsonl", learners=30, seconds=args.class_seconds
        )
    problems = {k: class_load[k] for k in ("torn", "lost", "doubled") if class_load[k]}
    if class_load["errors"] or problems or class_load["learners_not_exact"]:
        raise SystemExit(f"bench: the class load test lost or tore answers: {class_load}")

    worse = max(("ice", "decision"), key=lambda name: feedback[name]["p95_ms"])
    figures = {
        "feedback_p50_ms": feedback[worse]["p50_ms"],
        "feedback_p95_ms": feedback[worse]["p95_ms"],
        "baseline_p95_ms": feedback["baseline"]["p95_ms"],
        "feedback_ratio": ratio(feedback[worse]["p95_ms"], feedback["baseline"]["p95_ms"]),
        "notebook_exec_ratio": notebook_exec["ratio"],
        "import_ratio": imports["ratio"],
        "max_notebook_kb": max(sizes.values()),
        "app_first_widget_s": app_start["median_s"]["preheated"],
        "app_first_widget_cold_s": app_start["median_s"]["cold"],
        "class_answers_per_s": class_load["answers_per_s"],
    }
    details = {
        "feedback": {
            "definition": "ms from a JS click() on the button to the first DOM mutation that "
            "changes the feedback area's text (MutationObserver), in the page; clicks "
            f"{args.gap_ms} ms or more apart; {args.warmup} warm-up rounds not counted",
            "worse": worse,
            **feedback,
        },
        "notebook_exec": notebook_exec,
        "import": imports,
        "notebook_kb": sizes,
        "app_start": app_start,
        "class_load": class_load,
    }
    report = build_report(figures, details, machine_info(chromium))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(format_table(report))
    for name in ("ice", "decision", "baseline"):
        f = feedback[name]
        print(f"  {name}: p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, n {f['n']}")
    print(f"bench: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
