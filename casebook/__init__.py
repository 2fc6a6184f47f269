"""ICANS casebook: grade, recognise and manage ICANS after blinatumomab, from two real cases.

For education only, not for clinical decisions. The public API, everything the notebooks call,
is re-exported here lazily, so ``import casebook`` stays light until a name is used. It is
documented in one place: docs/design.md, "Public API".
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    # grading engine
    "ice_score": "casebook.grading",
    "grade_icans": "casebook.grading",
    "grade_crs": "casebook.grading",
    "IcansGrade": "casebook.grading",
    "CrsGrade": "casebook.grading",
    # cases and other bundled data
    "Case": "casebook.model",
    "list_cases": "casebook.loading",
    "load_case": "casebook.loading",
    "load_vignettes": "casebook.loading",
    "load_risk_factors": "casebook.loading",
    "validate_paths": "casebook.loading",
    "CaseDataError": "casebook.loading",
    # figures and tables
    "plot_course": "casebook.plots",
    "course_table": "casebook.plots",
    "patient_table": "casebook.plots",
    "plot_comparison": "casebook.plots",
    "risk_table": "casebook.plots",
    # exercises
    "ice_exercise": "casebook.widgets",
    "decision_exercise": "casebook.widgets",
    "course_view": "casebook.widgets",
    "icans_calculator": "casebook.widgets",
    "vignette_exercise": "casebook.widgets",
    # learners and instructors
    "set_learner": "casebook.responses",
    "configure": "casebook.responses",
    "read_responses": "casebook.responses",
    "my_progress": "casebook.report",
    "preview_report": "casebook.report",
    "sample_responses": "casebook.samples",
    "sample_broken_case": "casebook.samples",
    "progress_view": "casebook.widgets",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'casebook' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
