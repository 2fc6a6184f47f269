"""The Run All benchmark's pure parts (benchmarks/runall.py): what each cell of a notebook must
show before the run counts as done, and the figures from the samples. Nothing here is timed."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def runall():
    spec = importlib.util.spec_from_file_location(
        "casebook_bench_runall", ROOT / "benchmarks/runall.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _notebook(tmp_path: Path, sources: list[str]) -> Path:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# Title"}]
    cells += [
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": s, "execution_count": None}
        for s in sources
    ]
    path = tmp_path / "nb.ipynb"
    path.write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    return path


def test_each_code_cell_expects_the_widget_its_last_line_makes(runall, tmp_path):
    path = _notebook(
        tmp_path,
        [
            'import casebook\n\ncase = casebook.load_case("case1")',
            "casebook.patient_table(case)",
            "casebook.course_view(case)",
            "casebook.ice_exercise(case, 3)\n# a comment after",
            "casebook.plot_comparison([case])",
            "x = 1",
            "print(",  # not Python: nothing expected, the run itself reports the error
        ],
    )
    assert runall.expected_views(path) == [
        None,
        ".jp-RenderedHTMLCommon table",
        ".casebook-course-view",
        ".casebook-ice-exercise, .casebook-ice-not-testable-exercise",
        ".js-plotly-plot .main-svg",
        None,
        None,
    ]


@pytest.mark.parametrize("name", ["02_case1.ipynb", "03_case2.ipynb", "06_case3_axicel.ipynb"])
def test_every_case_notebook_cell_that_calls_a_factory_is_covered(runall, name):
    """A new factory in a case notebook must get its selector in SHOWS, or the benchmark would
    stop timing before that widget is live."""
    cells = json.loads((ROOT / "notebooks" / name).read_text())["cells"]
    code = ["".join(c["source"]).strip() for c in cells if c["cell_type"] == "code"]
    expected = runall.expected_views(ROOT / "notebooks" / name)
    for source, selector in zip(code, expected, strict=True):
        last = source.splitlines()[-1]
        if last.startswith("casebook.") and "(" in last:
            assert selector, f"{name}: no selector for {last!r}"


def _sample(fresh: float, warm: float) -> dict:
    return {"fresh": {"s": fresh}, "warm": {"s": warm}}


def test_the_ratio_is_the_worst_case_notebook_median_over_the_empty_median(runall):
    samples = {
        runall.EMPTY: [_sample(1.0, 0.2), _sample(2.0, 0.3), _sample(1.2, 0.2)],
        runall.STACK: [_sample(1.5, 0.7)] * 3,
        "02_case1.ipynb": [_sample(3.0, 1.0), _sample(2.0, 1.5), _sample(9.0, 1.1)],
        "06_case3_axicel.ipynb": [_sample(4.0, 2.0)] * 3,
        "05_my_answers.ipynb": [_sample(8.0, 5.0)] * 3,  # not a case notebook: not the worst
    }
    result = runall.summarize(
        samples, ["02_case1.ipynb", "06_case3_axicel.ipynb", "05_my_answers.ipynb"], "v"
    )
    assert result["figures"] == {
        "run_all_ratio": round(4.0 / 1.2, 3),
        "run_all_worst_s": 4.0,
        "run_all_empty_s": 1.2,
        "run_all_warm_ratio": round(2.0 / 0.2, 3),
        "run_all_stack_ratio": round(1.5 / 1.2, 3),
    }
    assert result["details"]["worst"] == "06_case3_axicel.ipynb"
    assert result["details"]["median_s"]["fresh"]["02_case1.ipynb"] == 3.0
