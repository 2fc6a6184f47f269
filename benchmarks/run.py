"""Performance benchmark of the casebook (``make bench``; not part of ``make test``).

Writes JSON (``--output``, default build/bench.json) and prints a table of each figure, its goal
and pass/miss. The figures (definitions also in the JSON and in benchmarks/README.md):

- ``feedback_p50_ms`` / ``feedback_p95_ms``, ``saved_p95_ms``, ``baseline_p95_ms``,
  ``saved_ratio``: click to verdict on screen, and click to "Saved" (the kernel recorded the
  answer), in the page, for the ICE and decision exercises, against a bare ipywidgets round trip
  in the same page and run (benchmarks/feedback.py).
- ``step_p50_ms`` / ``step_p95_ms``, ``step_baseline_p95_ms``, ``step_ratio``,
  ``step_longtask_max_ms``: a day step of the course view (click Next/Previous or Enter in the
  Day box until figure, narrative and table show the new day), against a bare plotly
  FigureWidget updated in place, and the longest main-thread long task (benchmarks/step.py).
- ``run_all_ratio``, ``run_all_worst_s``, ``run_all_empty_s``, ``run_all_stack_ratio``: Restart
  Kernel and Run All of the worst case notebook until every widget is live, divided by the same
  for an empty notebook; the stack ratio is a notebook importing only the third-party modules
  (benchmarks/runall.py).
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
    # Click to verdict on screen, in the page (benchmarks/feedback.py): under one frame.
    "feedback_p95_ms": 8.0,
    # Click to "Saved" (the kernel recorded the answer) against a bare ipywidgets round trip.
    "saved_ratio": 1.2,
    # A day step of the course view (benchmarks/step.py), against a bare FigureWidget.
    "step_p95_ms": 150.0,
    "step_ratio": 1.5,
    "step_longtask_max_ms": 200.0,
    # Run All of the worst case notebook against an empty notebook (benchmarks/runall.py).
    "run_all_ratio": 1.5,
    "notebook_exec_ratio": 1.3,
    "import_ratio": 1.1,
    "max_notebook_kb": 300,
    # A resident opening a case page in the app waits no longer than this for the first exercise.
    "app_first_widget_s": 5.0,
}
FIGURES = (
    "feedback_p50_ms",
    "feedback_p95_ms",
    "saved_p95_ms",
    "baseline_p95_ms",
    "saved_ratio",
    "step_p50_ms",
    "step_p95_ms",
    "step_baseline_p95_ms",
    "step_ratio",
    "step_longtask_max_ms",
    "run_all_ratio",
    "run_all_worst_s",
    "run_all_empty_s",
    "run_all_stack_ratio",
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
    parser.add_argument("--runs", type=int, default=3, help="nbval and Run All runs per side")
    parser.add_argument("--step-rounds", type=int, default=3, help="course-view stepping rounds")
    parser.add_argument("--import-runs", type=int, default=9, help="fresh imports per side")
    parser.add_argument("--app-samples", type=int, default=3, help="app page openings per kind")
    parser.add_argument("--class-seconds", type=float, default=10.0, help="class load duration")
    args = parser.parse_args(argv)
    if args.n < 30 or args.gap_ms < 300:
        parser.error("use -n 30 or more and --gap-ms 300 or more")

    print("bench: click to feedback and to Saved, in the page ...", flush=True)
    feedback = _bench_module("feedback").measure(args.n, args.gap_ms, args.warmup)
    print("bench: day steps of the course view ...", flush=True)
    step = _bench_module("step").measure(args.step_rounds)
    print("bench: Run All against an empty notebook ...", flush=True)
    run_all = _bench_module("runall").measure(runs=args.runs, verbose=False)
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

    figures = {
        **feedback["figures"],
        **step["figures"],
        **run_all["figures"],
        "notebook_exec_ratio": notebook_exec["ratio"],
        "import_ratio": imports["ratio"],
        "max_notebook_kb": max(sizes.values()),
        "app_first_widget_s": app_start["median_s"]["preheated"],
        "app_first_widget_cold_s": app_start["median_s"]["cold"],
        "class_answers_per_s": class_load["answers_per_s"],
    }
    details = {
        "feedback": feedback["details"],
        "step": step["details"],
        "run_all": run_all["details"],
        "notebook_exec": notebook_exec,
        "import": imports,
        "notebook_kb": sizes,
        "app_start": app_start,
        "class_load": class_load,
    }
    report = build_report(figures, details, machine_info(feedback["details"]["chromium"]))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(format_table(report))
    print(f"bench: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
