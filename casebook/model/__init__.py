"""Frozen data model of a case, and the day-by-day view whose grades the engine computes.

Nothing here reads files: ``casebook.loading`` builds these objects from validated data files.
The item vocabulary of course.csv (names, units, allowed values) is documented in
``docs/data-format.md``; the clinical words it uses come from ``casebook.vocab``.

- ``records``: ``Fact``, ``Patient``, ``DayNote``, ``Observation``, ``IceItem``, ``Exam``,
  ``Intervention``, ``ExclusiveGroup``, ``Option``, ``TeamAction``, ``Decision``, ``Reference``
- ``items``: the course.csv items (``ITEMS``), events, drugs, repeatable and required items
- ``day``: ``Day``, one day's findings, exam, grading inputs and computed grades
- ``case``: ``Case``, with ``Case.day(d)``, ``icans``, ``crs`` and ``daily()``
- ``practice``: ``Vignette`` and ``RiskFigure``
"""

from __future__ import annotations

from casebook.model.case import Case
from casebook.model.day import Day
from casebook.model.items import (
    CATEGORY_ITEMS,
    CLASSIFICATIONS,
    COURSE_PROVENANCE,
    CSF_ITEMS,
    DRUG_FREQUENCIES,
    DRUG_ITEMS,
    DRUG_ROUTES,
    DRUG_UNITS,
    EVENTS,
    FEVER_MASK_DAYS,
    FEVER_MASKING_DRUGS,
    ICE_MAXIMA,
    ITEMS,
    LAB_ITEMS,
    MAX_DAY,
    MIN_DAY,
    REPEATABLE_ITEMS,
    REQUIRED_DAILY_ITEMS,
    RESULT_ITEMS,
    UNIT_CONVERSIONS,
)
from casebook.model.practice import RISK_EVIDENCE, RISK_GROUPS, RiskFigure, Vignette
from casebook.model.records import (
    BLINATUMOMAB_CYCLE,
    DAY_ZERO,
    THERAPY_KINDS,
    DayNote,
    Decision,
    DrugDose,
    Exam,
    ExclusiveGroup,
    Fact,
    IceItem,
    Intervention,
    Observation,
    Option,
    Patient,
    Reference,
    ReportedGrade,
    TeamAction,
    Therapy,
)
from casebook.vocab import ICE_ITEMS, ORIENTATION_PARTS, PROVENANCE, TEAM_SOURCES

__all__ = [
    "BLINATUMOMAB_CYCLE",
    "CATEGORY_ITEMS",
    "CLASSIFICATIONS",
    "COURSE_PROVENANCE",
    "CSF_ITEMS",
    "DAY_ZERO",
    "DRUG_FREQUENCIES",
    "DRUG_ITEMS",
    "DRUG_ROUTES",
    "DRUG_UNITS",
    "EVENTS",
    "FEVER_MASKING_DRUGS",
    "FEVER_MASK_DAYS",
    "ICE_ITEMS",
    "ICE_MAXIMA",
    "ITEMS",
    "LAB_ITEMS",
    "MAX_DAY",
    "MIN_DAY",
    "ORIENTATION_PARTS",
    "PROVENANCE",
    "REPEATABLE_ITEMS",
    "REQUIRED_DAILY_ITEMS",
    "RESULT_ITEMS",
    "RISK_EVIDENCE",
    "RISK_GROUPS",
    "TEAM_SOURCES",
    "THERAPY_KINDS",
    "UNIT_CONVERSIONS",
    "Case",
    "Day",
    "DayNote",
    "Decision",
    "DrugDose",
    "Exam",
    "ExclusiveGroup",
    "Fact",
    "IceItem",
    "Intervention",
    "Observation",
    "Option",
    "Patient",
    "Reference",
    "ReportedGrade",
    "RiskFigure",
    "TeamAction",
    "Therapy",
    "Vignette",
]
