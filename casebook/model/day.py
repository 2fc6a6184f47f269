"""One day of a case as one frozen view: its findings, exam, grading inputs and computed grades.

``Case.day(d)`` builds it. Everything that grades a day (``Case.icans``, ``Case.crs``,
``Case.daily``, the loader's CB508/CB509 checks, the feedback on a learner's ICE scoring) reads
the grading inputs from here, so the learner's grade and the reference grade can never be
computed from different findings. Grades are computed by the engine (``casebook.grading``) on
first use, never read from the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from casebook.grading import CrsGrade, IcansGrade, grade_crs, grade_icans
from casebook.model.records import DayNote, DrugDose, Exam, Observation

__all__ = ["GRADED_ITEMS", "NEURO_ITEMS", "Day"]

# course.csv items that feed the day's grades (with the exam): the day's provenance follows them.
GRADED_ITEMS = ("temperature", "consciousness", "seizure", "motor", "edema", "ice")
# A day with any of these (or a bedside exam) is a day whose neurology was assessed: it carries
# all of them and an ICE total (rules CB212, CB504), and its ICANS is graded. A day without them
# (e.g. a lymphodepletion day told only in words) has no ICANS grade: a gap, not grade 0.
NEURO_ITEMS = ("consciousness", "seizure", "motor", "ice")


@dataclass(frozen=True)
class Day:
    """One day of a case, read-only.

    ``findings``: item -> value (``event`` and ``excluded_domain`` as tuples); ``exam``: the
    bedside ICE exam or None; ``ice``: the day's ICE total (the exam's, else the ``ice`` row;
    None when the patient could not do the test); ``fever_masked``: an antipyretic or
    anti-cytokine drug given during a CRS still acts that day (ASTCT 2019), decided by
    ``Case.fever_masked`` (the grade input; ``crs.fever_masked`` says whether the grade counted
    a masked fever).
    """

    case_id: str
    day: int
    note: DayNote
    findings: Mapping[str, Any] = field(hash=False)
    observations: tuple[Observation, ...]
    exam: Exam | None
    ice: int | None
    fever_masked: bool
    drugs: tuple[DrugDose, ...] = ()  # the day's drugs.csv rows

    # -- grading inputs, exactly as the engine takes them ---------------------------------------
    @property
    def icans_inputs(self) -> Mapping[str, Any]:
        """The keyword arguments of ``grade_icans`` for this day's findings (a new mapping)."""
        f = self.findings
        return MappingProxyType(
            {
                "ice": self.ice,
                "consciousness": f.get("consciousness", "alert"),
                "seizure": f.get("seizure", "none"),
                "motor": f.get("motor", "none"),
                "edema": f.get("edema", "none"),
                "global_aphasia": f.get("aphasia") == "global",
                "tremor": f.get("tremor", "none"),
                "other_cause": tuple(f.get("excluded_domain", ())),
            }
        )

    @property
    def crs_inputs(self) -> Mapping[str, Any]:
        """The keyword arguments of ``grade_crs`` for this day's findings (a new mapping)."""
        f = self.findings
        return MappingProxyType(
            {
                "temperature_c": f["temperature"],
                "hypotension": f.get("hypotension", "none"),
                "oxygen": f.get("oxygen", "none"),
                "fever_masked": self.fever_masked,
            }
        )

    # -- what was assessed ----------------------------------------------------------------------
    @property
    def neuro_assessed(self) -> bool:
        """The day has a bedside exam or neurological findings, so its ICANS is graded."""
        return self.exam is not None or any(k in self.findings for k in NEURO_ITEMS)

    @property
    def crs_assessed(self) -> bool:
        """The day has a temperature, so its CRS is graded."""
        return "temperature" in self.findings

    # -- computed grades ------------------------------------------------------------------------
    @cached_property
    def icans(self) -> IcansGrade | None:
        """The engine's ICANS grade for this day's findings; None on a day without neurological
        findings (nothing to grade: a gap in the figures, not grade 0)."""
        if not self.neuro_assessed:
            return None
        return grade_icans(**self.icans_inputs)

    @cached_property
    def crs(self) -> CrsGrade | None:
        """The engine's CRS grade for this day's findings; None on a day without a temperature."""
        if not self.crs_assessed:
            return None
        return grade_crs(**self.crs_inputs)

    def icans_for(self, ice: int | None) -> IcansGrade:
        """The ICANS grade this day's other findings give with another ICE total (a learner's)."""
        return grade_icans(**{**self.icans_inputs, "ice": ice})

    # -- provenance -----------------------------------------------------------------------------
    @property
    def source(self) -> str:
        """ "report" when every finding that feeds the grades is reported, else "reconstructed"."""
        sources = {o.source for o in self.observations if o.item in GRADED_ITEMS}
        if self.exam is not None:
            sources.add(self.exam.source)
        return "report" if sources == {"report"} else "reconstructed"
