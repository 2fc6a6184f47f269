"""A learner's grades for a practice vignette, judged against the engine's grades.

``assess_vignette(vignette, icans_choice, crs_choice=None) -> VignetteFeedback``: for each scale,
the grade chosen, the grade the engine computes from the vignette's findings (ASTCT 2019), whether
they agree, and the findings in words; then the teaching point with its source. The widget only
wires controls to this and to ``casebook.html.vignette_feedback``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from casebook.grading import CrsGrade, IcansGrade
from casebook.model import Reference, Vignette
from casebook.vocab import VALUE_LABELS

__all__ = ["VIGNETTE_NAMES", "GradeCheck", "VignetteFeedback", "assess_vignette", "findings_text"]

# How the vignette feedback names the engine's arguments (others: their name, spaced out).
VIGNETTE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "ice": "ICE",
        "temperature_c": "temperature (C)",
        "other_cause": "explained by another cause",
    }
)


def findings_text(findings: Mapping[str, Any]) -> str:
    """The findings the engine graded, in words (e.g. "consciousness: awakens to voice")."""
    parts = []
    for name, value in findings.items():
        if isinstance(value, bool):
            shown = "yes" if value else "no"
        elif isinstance(value, tuple):
            shown = ", ".join(value) or "none"
        elif value is None:
            shown = "not testable"
        else:
            shown = VALUE_LABELS.get(name, {}).get(value, str(value))
        parts.append(f"{VIGNETTE_NAMES.get(name, name.replace('_', ' '))}: {shown}")
    return "; ".join(parts)


@dataclass(frozen=True)
class GradeCheck:
    """One scale of a vignette: the grade chosen against the engine's grade."""

    scale: str  # "ICANS" or "CRS"
    chosen: int
    grade: IcansGrade | CrsGrade
    findings: str  # the findings the engine graded, in words

    @property
    def correct(self) -> bool:
        return self.chosen == self.grade.grade


@dataclass(frozen=True)
class VignetteFeedback:
    """The learner's grades for one vignette, and the teaching point with its source."""

    vignette_id: str
    icans: GradeCheck
    crs: GradeCheck | None  # None when the vignette asks no CRS question
    teaching_point: str
    reference: Reference

    @property
    def correct(self) -> bool:
        return self.icans.correct and (self.crs is None or self.crs.correct)


def assess_vignette(
    vignette: Vignette, icans_choice: int, crs_choice: int | None = None
) -> VignetteFeedback:
    """Judge the grades a learner chose for ``vignette``.

    The CRS is judged when the vignette has CRS findings and a CRS grade was chosen. Raises
    ``casebook.grading.GradingError`` when the engine refuses the vignette's findings (a loaded
    vignette never has such findings: rule CB603).
    """
    icans = GradeCheck("ICANS", icans_choice, vignette.icans(), findings_text(vignette.findings))
    crs = None
    crs_grade = vignette.crs()  # None when the vignette has no CRS findings
    if crs_grade is not None and crs_choice is not None and vignette.crs_findings is not None:
        crs = GradeCheck("CRS", crs_choice, crs_grade, findings_text(vignette.crs_findings))
    return VignetteFeedback(
        vignette_id=vignette.id,
        icans=icans,
        crs=crs,
        teaching_point=vignette.teaching_point,
        reference=vignette.reference,
    )
