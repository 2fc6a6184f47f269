"""The benchmark's pure parts (benchmarks/run.py): percentiles, ratios, goals, the JSON shape,
the table, and the import lists it derives from the source. Nothing here is timed."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("casebook_bench_run", ROOT / "benchmarks/run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def figures(**overrides):
    values = {
        "feedback_p50_ms": 3.0,
        "feedback_p95_ms": 5.0,
        "saved_p95_ms": 14.0,
        "baseline_p95_ms": 11.0,
        "saved_ratio": 1.273,
        "step_p50_ms": 80.0,
        "step_p95_ms": 120.0,
        "step_baseline_p95_ms": 100.0,
        "step_ratio": 1.2,
        "step_longtask_max_ms": 90.0,
        "run_all_ratio": 1.4,
        "run_all_worst_s": 1.4,
        "run_all_empty_s": 1.0,
        "run_all_stack_ratio": 1.3,
        "notebook_exec_ratio": 1.4,
        "import_ratio": 1.05,
        "max_notebook_kb": 120.5,
        "app_first_widget_s": 3.2,
        "app_first_widget_cold_s": 9.1,
        "class_answers_per_s": 1200.0,
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5.0], 95, 5.0),
        ([1, 2, 3, 4], 50, 2.5),
        ([4, 1, 3, 2], 0, 1),
        ([4, 1, 3, 2], 100, 4),
        (list(range(1, 21)), 95, 19.05),  # numpy.percentile(range(1, 21), 95) == 19.05
        ([10, 20], 25, 12.5),
    ],
)
def test_percentile_interpolates_linearly(bench, values, q, expected):
    assert bench.percentile(values, q) == pytest.approx(expected)


@pytest.mark.parametrize(("values", "q"), [([], 50), ([1.0], -1), ([1.0], 101)])
def test_percentile_rejects_bad_input(bench, values, q):
    with pytest.raises(ValueError):
        bench.percentile(values, q)


def test_summarize(bench):
    summary = bench.summarize([3.0, 1.0, 2.0, 10.0])
    assert summary["n"] == 4
    assert summary["p50_ms"] == 2.5
    assert summary["p95_ms"] == pytest.approx(8.95)
    assert summary["max_ms"] == 10.0
    assert summary["samples_ms"] == [3.0, 1.0, 2.0, 10.0]


def test_ratio(bench):
    assert bench.ratio(3, 2) == 1.5
    with pytest.raises(ValueError):
        bench.ratio(1, 0)


def test_goals_pass_and_miss(bench):
    goals = bench.evaluate(figures(feedback_p95_ms=8.0, import_ratio=1.2, step_p95_ms=150.1))
    assert goals["feedback_p95_ms"] == {"goal": 8.0, "value": 8.0, "met": True}
    assert goals["step_p95_ms"]["met"] is False
    assert goals["run_all_ratio"]["met"] is True
    assert goals["import_ratio"]["met"] is False
    assert goals["notebook_exec_ratio"]["met"] is False
    assert goals["max_notebook_kb"]["met"] is True
    assert set(goals) == set(bench.GOALS)


def test_report_json_shape(bench):
    machine = bench.machine_info("156.0")
    report = bench.build_report(figures(), {"feedback": {"worse": "ice"}}, machine)
    again = json.loads(json.dumps(report))
    assert again == report
    assert set(report) == {"version", "time", "machine", "figures", "goals", "details"}
    assert list(report["figures"]) == list(bench.FIGURES)
    assert {"cpu", "cores", "python", "platform", "chromium"} <= set(report["machine"])
    assert report["machine"]["chromium"] == "156.0"
    assert report["machine"]["python"] == ".".join(map(str, sys.version_info[:3]))
    for name in bench.GOALS:
        assert set(report["goals"][name]) == {"goal", "value", "met"}


def test_report_needs_every_figure(bench):
    values = figures()
    del values["import_ratio"]
    with pytest.raises(ValueError, match="import_ratio"):
        bench.build_report(values, {}, {})


def test_table_shows_each_figure_goal_and_result(bench):
    report = bench.build_report(figures(), {}, {})
    table = bench.format_table(report)
    lines = table.splitlines()
    assert lines[0].split() == ["figure", "value", "goal", "result"]
    assert len(lines) == 2 + len(bench.FIGURES)
    row = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert row["notebook_exec_ratio"] == ["1.4", "<=", "1.3", "MISS"]
    assert row["feedback_p95_ms"] == ["5", "<=", "8", "pass"]
    assert row["saved_ratio"] == ["1.273", "<=", "1.2", "MISS"]
    assert row["baseline_p95_ms"] == ["11", "-", "-"]


def test_third_party_imports_from_source(bench, tmp_path):
    pkg = tmp_path / "demo"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from __future__ import annotations\nimport os\n")
    (pkg / "a.py").write_text(
        "import yaml\nfrom plotly import graph_objects\nfrom . import b\nfrom demo import c\n"
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pandas\n"
        "try:\n    import ujson\nexcept ImportError:\n    import json\n"
        "def f():\n    import numpy\n"
    )
    (pkg / "sub" / "__init__.py").write_text("import ipywidgets as w\n")
    (pkg / "__main__.py").write_text("import demo.cli\n")
    assert bench.third_party_imports(pkg) == ["ipywidgets", "plotly", "ujson", "yaml"]
    assert bench.package_modules(pkg) == ["demo", "demo.a", "demo.sub"]


def test_casebook_import_lists(bench):
    deps = bench.third_party_imports(ROOT / "casebook")
    assert "ipywidgets" in deps
    top = {d.split(".")[0] for d in deps}
    assert not top & set(sys.stdlib_module_names)
    assert "casebook" not in top
    modules = bench.package_modules(ROOT / "casebook")
    assert modules[0] == "casebook"
    assert "casebook.widgets.ice" in modules
    assert "casebook.__main__" not in modules


def test_module_level_imports_include_the_standard_library(bench, tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text(
        "import csv, yaml\nfrom pkg import b\ndef f():\n    import pandas\n", encoding="utf-8"
    )
    assert bench.module_level_imports(pkg) == ["csv", "yaml"]
    assert bench.third_party_imports(pkg) == ["yaml"]
