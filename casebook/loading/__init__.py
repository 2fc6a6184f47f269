"""Find, read and validate the data files, and build the frozen model from them.

The only layer that reads files (with ``responses``, ``report`` and ``authoring``). Reading is
safe and strict: YAML only through PyYAML's safe loader, files must be UTF-8, and every YAML
file is checked against its JSON Schema in ``casebook/schema/``; the rules the schemas cannot
express are small functions, each registered under its rule code (``problems.RULE_CHECKS``). Every
problem in every file is collected, and one error lists them all: nothing is half-loaded.

- ``problems``: ``Problem``, ``CaseDataError`` (and its vignette and risk kinds), the rule
  catalogues ``RULES``, ``VIGNETTE_RULES``, ``RISK_RULES``
- ``paths``: ``data_dir``, ``list_cases``; ``readers``: schemas and YAML with line numbers
- ``checker``: the ``Checker`` every loader reads through; ``schema_errors``: schema errors as
  problems
- ``course``: course.csv rows; ``rules_course``, ``rules_files``, ``rules_cross``: the rules
- ``case``: ``load_case``, ``validate_paths``; ``vignettes``: ``load_vignettes``; ``risk``:
  ``load_risk_factors``
"""

from __future__ import annotations

from casebook.loading.case import load_case, validate_paths
from casebook.loading.paths import data_dir, list_cases
from casebook.loading.problems import (
    RISK_RULES,
    RULES,
    VIGNETTE_RULES,
    CaseDataError,
    Problem,
    RiskDataError,
    VignetteDataError,
)
from casebook.loading.risk import load_risk_factors
from casebook.loading.vignettes import load_vignettes
from casebook.model import RISK_EVIDENCE, RISK_GROUPS, RiskFigure, Vignette

__all__ = [
    "RISK_EVIDENCE",
    "RISK_GROUPS",
    "RISK_RULES",
    "RULES",
    "VIGNETTE_RULES",
    "CaseDataError",
    "Problem",
    "RiskDataError",
    "RiskFigure",
    "Vignette",
    "VignetteDataError",
    "data_dir",
    "list_cases",
    "load_case",
    "load_risk_factors",
    "load_vignettes",
    "validate_paths",
]
