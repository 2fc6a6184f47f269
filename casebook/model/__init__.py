"""Frozen data model of a case, and the day-by-day view whose grades the engine computes.

Nothing here reads files: ``casebook.loading`` builds these objects from validated data files.
The item vocabulary of course.csv (names, units, allowed values) is documented in
``docs/data-format.md``; the clinical words it uses come from ``casebook.vocab``.

- ``records``: ``Fact``, ``Patient``, ``DayNote``, ``Observation``, ``IceItem``, ``Exam``,
  ``Intervention``, ``Option``, ``TeamAction``, ``Decision``, ``Reference``
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
    DRUG_ITEMS,
    EVENTS,
    FEVER_MASK_DAYS,
    FEVER_MASKING_DRUGS,
    ICE_MAXIMA,
    ITEMS,
    REPEATABLE_ITEMS,
    REQUIRED_DAILY_ITEMS,
)
from casebook.model.practice import RISK_EVIDENCE, RISK_GROUPS, RiskFigure, Vignette
from casebook.model.records import (
    DayNote,
    Decision,
    Exam,
    Fact,
    IceItem,
    Intervention,
    Observation,
    Option,
    Patient,
    Reference,
    TeamAction,
)
from casebook.vocab import ICE_ITEMS, ORIENTATION_PARTS, PROVENANCE, TEAM_SOURCES

__all__ = [
    "CATEGORY_ITEMS",
    "CLASSIFICATIONS",
    "COURSE_PROVENANCE",
    "DRUG_ITEMS",
    "EVENTS",
    "FEVER_MASKING_DRUGS",
    "FEVER_MASK_DAYS",
    "ICE_ITEMS",
    "ICE_MAXIMA",
    "ITEMS",
    "ORIENTATION_PARTS",
    "PROVENANCE",
    "REPEATABLE_ITEMS",
    "REQUIRED_DAILY_ITEMS",
    "RISK_EVIDENCE",
    "RISK_GROUPS",
    "TEAM_SOURCES",
    "Case",
    "Day",
    "DayNote",
    "Decision",
    "Exam",
    "Fact",
    "IceItem",
    "Intervention",
    "Observation",
    "Option",
    "Patient",
    "Reference",
    "RiskFigure",
    "TeamAction",
    "Vignette",
]
