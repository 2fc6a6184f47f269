"""The frozen ``Case``: one validated case, its lookups, and the day-by-day table.

Nothing here reads files: ``casebook.loading`` builds a Case from a validated case folder. A day
is read through ``Case.day(d)`` (a frozen ``Day``: findings, exam, grading inputs, computed
grades); ``icans``, ``crs`` and ``daily`` are built on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from casebook.grading import CrsGrade, IcansGrade
from casebook.model.day import Day
from casebook.model.items import (
    CSF_ITEMS,
    DRUG_ITEMS,
    FEVER_MASKING_DRUGS,
    ITEMS,
    LAB_ITEMS,
    REPEATABLE_ITEMS,
    RESULT_ITEMS,
)
from casebook.model.records import (
    BLINATUMOMAB_CYCLE,
    DayNote,
    Decision,
    DrugDose,
    Exam,
    Intervention,
    Observation,
    Patient,
    Reference,
    ReportedGrade,
    Therapy,
)
from casebook.vocab import FEVER_MASK_DAYS, FEVER_THRESHOLD_C

if TYPE_CHECKING:  # pandas is imported lazily so that `import casebook` stays light
    import pandas as pd

__all__ = ["Case"]


@dataclass(frozen=True)
class Case:
    """One validated case. Immutable: collections are tuples or read-only mappings, and
    ``course`` / ``daily()`` return new DataFrames on every call."""

    id: str
    title: str
    summary: str
    path: str
    patient: Patient
    days: tuple[DayNote, ...]
    observations: tuple[Observation, ...]
    exams: Mapping[int, Exam]
    decisions: tuple[Decision, ...]
    catalogue: Mapping[str, Intervention]
    references: Mapping[str, Reference]
    reported: Mapping[str, Any]
    teaching_points: tuple[tuple[str, str], ...] = ()  # (text, reference key)
    report_citation: str = ""  # the case report, e.g. "Ma et al., Front Oncol 2026"
    therapy: Therapy = BLINATUMOMAB_CYCLE  # the immune effector therapy and what day 0 is
    drugs: tuple[DrugDose, ...] = ()  # drugs.csv rows, by day
    reported_grades: tuple[ReportedGrade, ...] = ()  # grades the report states by day
    reflection: tuple[str, ...] = ()  # reflection questions for the case's notebook
    objectives: tuple[str, ...] = ()  # learning objectives for the case's notebook
    source_doi: str = ""

    # -- lookups -------------------------------------------------------------------------------
    @property
    def day_numbers(self) -> tuple[int, ...]:
        return tuple(d.day for d in self.days)

    def day_note(self, day: int) -> DayNote:
        for note in self.days:
            if note.day == day:
                return note
        raise KeyError(f"{self.id} has no day {day}; days are {list(self.day_numbers)}")

    def exam(self, day: int) -> Exam:
        try:
            return self.exams[day]
        except KeyError:
            raise KeyError(
                f"{self.id} has no bedside ICE exam on day {day}; "
                f"exam days are {sorted(self.exams)}"
            ) from None

    def decision(self, key: str | int) -> Decision:
        """A decision point by id, or by day (the first decision of that day)."""
        for dec in self.decisions:
            if dec.id == key or (isinstance(key, int) and dec.day == key):
                return dec
        ids = [f"{d.id} (day {d.day})" for d in self.decisions]
        raise KeyError(f"{self.id} has no decision point {key!r}; there are {ids}")

    def cite(self, key: str) -> str:
        """Short citation for a reference key (the key itself if unknown)."""
        ref = self.references.get(key)
        return ref.short if ref else key

    def findings(self, day: int) -> dict[str, Any]:
        """One day's observations as item -> value (``event`` and ``excluded_domain`` as lists)."""
        out: dict[str, Any] = {}
        for obs in self.observations:
            if obs.day != day:
                continue
            if obs.item in REPEATABLE_ITEMS:
                out.setdefault(obs.item, []).append(obs.value)
            else:
                out[obs.item] = obs.value
        return out

    def ice_total(self, day: int) -> int | None:
        """The day's ICE total: the exam's total, else the ``ice`` row (None: not testable)."""
        if day in self.exams:
            return self.exams[day].total
        value = self.findings(day).get("ice")
        return None if value in (None, "not_testable") else int(value)

    # -- tables --------------------------------------------------------------------------------
    @property
    def course(self) -> pd.DataFrame:
        """The long-form course: columns day, item, value, unit, source, note (a new frame)."""
        import pandas as pd

        rows = [
            {
                "day": o.day,
                "item": o.item,
                "value": o.value,
                "unit": o.unit,
                "source": o.source,
                "note": o.note,
            }
            for o in self.observations
        ]
        return pd.DataFrame(rows, columns=["day", "item", "value", "unit", "source", "note"])

    def day(self, day: int) -> Day:
        """One day as a frozen view: findings, exam, grading inputs and computed grades.

        Raises KeyError naming the case's days when ``day`` is not one of them.
        """
        note = self.day_note(day)
        findings = {
            k: tuple(v) if isinstance(v, list) else v for k, v in self.findings(day).items()
        }
        return Day(
            case_id=self.id,
            day=day,
            note=note,
            findings=MappingProxyType(findings),
            observations=tuple(o for o in self.observations if o.day == day),
            exam=self.exams.get(day),
            ice=self.ice_total(day),
            fever_masked=self.fever_masked(day),
            drugs=self.drugs_on(day),
        )

    def drugs_on(self, day: int) -> tuple[DrugDose, ...]:
        """The drugs.csv rows of one day, in file order."""
        return tuple(d for d in self.drugs if d.day == day)

    def masking_drugs(self, day: int) -> set[str]:
        """Fever-masking drugs given on ``day``: course items with a dose above 0 and drugs.csv
        rows of the same drugs by any route but intrathecal (ASTCT 2019: antipyretic or
        anti-cytokine therapy)."""
        f = self.findings(day)
        given = {drug for drug in FEVER_MASKING_DRUGS if f.get(drug, 0)}
        given |= {
            d.drug for d in self.drugs_on(day) if d.drug in FEVER_MASKING_DRUGS and d.route != "IT"
        }
        return given

    def icans(self, day: int) -> IcansGrade:
        """The engine's ICANS grade for one day's findings (``self.day(day).icans``)."""
        return self.day(day).icans

    def fever_masked(self, day: int) -> bool:
        """True while an antipyretic or anti-cytokine drug given during a CRS acts on ``day``.

        Source: ASTCT 2019 (Lee et al.): after antipyretic or anti-cytokine therapy, fever is no
        longer required to grade CRS; masked fever is not "no CRS" (clinical-reference.md 3).
        A CRS starts on a day with fever (>= 38.0 C) and lasts until a ``crs_resolved`` event (the
        team judges from the clinical picture that it has resolved) or an afebrile day that nothing
        masks. A masking drug given on a day of that CRS masks the fever from that day to
        ``FEVER_MASK_DAYS[drug]`` days later (paracetamol: the day given and the next; tocilizumab
        and steroids: the day given and the next 3). The day of a ``crs_resolved`` event is not
        masked.
        """
        in_crs = False
        never = min(self.day_numbers) - 1  # before the first day: nothing masked
        masked_until = never
        for d in self.day_numbers:
            if d > day:
                break
            f = self.findings(d)
            temp = f.get("temperature")
            febrile = isinstance(temp, float) and temp >= FEVER_THRESHOLD_C
            if febrile:
                in_crs = True
            if "crs_resolved" in f.get("event", ()):
                in_crs, masked_until = False, never
                continue
            if temp is not None and not febrile and d > masked_until:
                # afebrile with nothing masking the fever: the CRS is over (a day without a
                # temperature says nothing either way)
                in_crs = False
            if in_crs:
                given = self.masking_drugs(d)
                for drug, extra in FEVER_MASK_DAYS.items():
                    if drug in given:
                        masked_until = max(masked_until, d + extra)
        return in_crs and day <= masked_until

    def crs(self, day: int) -> CrsGrade:
        """The engine's CRS grade for one day's findings (``self.day(day).crs``)."""
        return self.day(day).crs

    def daily(self) -> pd.DataFrame:
        """One row per day: main values side by side, with ``icans_grade`` and ``crs_grade``
        computed by the grading engine from that day's findings (never read from the data).

        ``fever_masked`` is True on an afebrile day whose CRS grade counts a masked fever (see
        ``fever_masked()``). ``source`` is "report" when every finding that feeds the grades that
        day is reported, else "reconstructed".
        """
        import pandas as pd

        rows = []
        for note in self.days:
            d = note.day
            view = self.day(d)
            f = view.findings
            icans, crs = view.icans, view.crs
            drugs = [
                f"{drug} {f[drug]:g} mg" for drug in DRUG_ITEMS if isinstance(f.get(drug), float)
            ]
            if f.get("intrathecal_chemo"):
                drugs.append("intrathecal chemo given")
            drugs += [d.text for d in view.drugs]
            rows.append(
                {
                    "day": d,
                    "title": note.title,
                    "temperature": f.get("temperature"),
                    "hypotension": f.get("hypotension", "none"),
                    "oxygen": f.get("oxygen", "none"),
                    "il6": f.get("il6"),
                    "crp": f.get("crp"),
                    "ferritin": f.get("ferritin"),
                    "sodium": f.get("sodium"),
                    "ice": view.ice,
                    "consciousness": f.get("consciousness"),
                    "seizure": f.get("seizure"),
                    "motor": f.get("motor"),
                    "edema": f.get("edema", "none"),
                    "aphasia": f.get("aphasia", "none"),
                    "tremor": f.get("tremor", "none"),
                    "blinatumomab": f.get("blinatumomab"),
                    "blinatumomab_status": f.get("blinatumomab_status"),
                    "drugs": ", ".join(drugs),
                    "events": ", ".join(f.get("event", [])),
                    "results": _results(view.observations),
                    "icans_grade": None if icans is None else icans.grade,
                    "icans_drivers": "" if icans is None else ", ".join(icans.drivers),
                    "crs_grade": None if crs is None else crs.grade,
                    "fever_masked": False if crs is None else crs.fever_masked,
                    "source": view.source,
                }
            )
        frame = pd.DataFrame(rows)
        for col in ("ice", "blinatumomab", "il6", "crp", "ferritin", "sodium", "temperature"):
            frame[col] = pd.to_numeric(frame[col], errors="coerce")
        frame["ice"] = frame["ice"].astype("Int64")
        for col in ("icans_grade", "crs_grade"):
            frame[col] = frame[col].astype("Int64")
        return frame


_RESULT_NAMES = {
    "csf_wbc": "CSF white cells",
    "csf_rbc": "CSF red cells",
    "csf_protein": "CSF protein",
    "csf_glucose": "CSF glucose",
    "csf_cytology": "CSF cytology",
    "csf_culture": "CSF culture",
    "ct_head_result": "CT head",
    "mri_brain_result": "MRI brain",
    "eeg_result": "EEG",
    "ldh": "LDH",
    "d_dimer": "D-dimer",
    "wbc": "white cells",
    "alt": "ALT",
    "ast": "AST",
}


def _results(observations: tuple[Observation, ...]) -> str:
    """Investigation results and other laboratory values of a day in words, e.g. "CSF white
    cells 39 cells/uL; CSF cytology: hemophagocytosis; MRI brain: normal"."""
    out = []
    for o in observations:
        if o.item not in CSF_ITEMS and o.item not in RESULT_ITEMS and o.item not in LAB_ITEMS:
            continue
        name = _RESULT_NAMES.get(o.item, o.item.replace("_", " "))
        if isinstance(o.value, float):
            out.append(f"{name} {o.value:g} {ITEMS[o.item][0]}")
        else:
            out.append(f"{name}: {str(o.value).replace('_', ' ')}")
    return "; ".join(out)
