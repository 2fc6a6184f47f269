"""ICANS casebook: grade, recognise and manage ICANS after blinatumomab, from two real cases.

For education only, not for clinical decisions. The public API is re-exported here lazily, so
``import casebook`` stays light until a name is used (see docs/design.md).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "ice_score": "casebook.grading",
    "grade_icans": "casebook.grading",
    "grade_crs": "casebook.grading",
    "IcansGrade": "casebook.grading",
    "CrsGrade": "casebook.grading",
    "Case": "casebook.model",
    "list_cases": "casebook.loading",
    "load_case": "casebook.loading",
    "CaseDataError": "casebook.loading",
    "load_vignettes": "casebook.loading",
    "plot_course": "casebook.plots",
    "course_table": "casebook.plots",
    "set_learner": "casebook.responses",
    "configure": "casebook.responses",
    "my_progress": "casebook.responses",
    "ice_exercise": "casebook.widgets",
    "decision_exercise": "casebook.widgets",
    "course_view": "casebook.widgets",
    "icans_calculator": "casebook.widgets",
    "vignette_exercise": "casebook.widgets",
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
