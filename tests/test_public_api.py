"""The public API is importable from `casebook`, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import casebook

ISSUE_NAMES = [
    "ice_score",
    "grade_icans",
    "grade_crs",
    "list_cases",
    "load_case",
    "plot_course",
    "course_table",
    "ice_exercise",
    "decision_exercise",
    "course_view",
    "icans_calculator",
    "my_progress",
    "set_learner",
    "configure",
    "CaseDataError",
    # what the notebooks call (docs/design.md, "Public API")
    "patient_table",
    "plot_comparison",
    "risk_table",
    "load_risk_factors",
    "validate_paths",
    "read_responses",
    "preview_report",
    "sample_responses",
    "sample_broken_case",
]


@pytest.mark.parametrize("name", ISSUE_NAMES)
def test_name_is_public_and_resolves(name):
    assert name in casebook.__all__
    assert callable(getattr(casebook, name))


def test_unknown_name_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        casebook.nonexistent  # noqa: B018


def test_import_does_not_pull_in_heavy_dependencies():
    code = (
        "import sys, casebook; "
        "mods = ('pandas', 'plotly', 'ipywidgets', 'jsonschema'); "
        "heavy = [m for m in mods if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
