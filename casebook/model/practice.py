"""Frozen records outside the two cases: practice vignettes and published risk figures."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from casebook.grading import CrsGrade, IcansGrade, grade_crs, grade_icans
from casebook.model.records import Reference

__all__ = ["RISK_EVIDENCE", "RISK_GROUPS", "RiskFigure", "Vignette"]

RISK_GROUPS = ("incidence", "risk_factor", "crs", "hypothesis")
RISK_EVIDENCE = ("published", "hypothesis")


@dataclass(frozen=True)
class Vignette:
    """A short bedside story for grading practice, with the findings the engine grades.

    ``findings`` holds the keyword arguments of ``casebook.grading.grade_icans`` (``other_cause``
    as a tuple); ``crs_findings`` those of ``grade_crs``, or None when the vignette asks no CRS
    question. Grades are never stored: :meth:`icans` and :meth:`crs` compute them (ASTCT 2019).
    ``line`` is the vignette's line in its file.
    """

    id: str
    title: str
    text: str
    findings: Mapping[str, Any] = dataclasses.field(hash=False)
    crs_findings: Mapping[str, Any] | None = dataclasses.field(hash=False)
    teaching_point: str
    reference: Reference
    source: str
    line: int

    def icans(self) -> IcansGrade:
        """The engine's ICANS grade for the findings."""
        return grade_icans(**self.findings)

    def crs(self) -> CrsGrade | None:
        """The engine's CRS grade for the CRS findings, or None when there are none."""
        if self.crs_findings is None:
            return None
        return grade_crs(**self.crs_findings)


@dataclass(frozen=True)
class RiskFigure:
    """One published figure (or the case authors' hypothesis) about neurological events or CRS.

    ``group`` is one of ``RISK_GROUPS``; ``evidence`` is "published" or "hypothesis" (proposed
    by the case report's authors, not shown by it); ``ref`` is a key of references.yaml and
    ``citation`` its short citation.
    """

    group: str
    finding: str
    figure: str
    population: str
    evidence: str
    ref: str
    citation: str
    note: str = ""
