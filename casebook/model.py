"""Frozen data model of a case, and the day-by-day view whose grades the engine computes.

Nothing here reads files: ``casebook.loading`` builds these objects from validated case folders.
The item vocabulary (names, units, allowed values) is documented in ``docs/data-format.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from casebook.grading import grade_crs, grade_icans

if TYPE_CHECKING:  # pandas is imported lazily so that `import casebook` stays light
    import pandas as pd

__all__ = [
    "CATEGORY_ITEMS",
    "CLASSIFICATIONS",
    "COURSE_PROVENANCE",
    "DRUG_ITEMS",
    "EVENTS",
    "FEVER_MASK_DAYS",
    "ICE_ITEMS",
    "ICE_MAXIMA",
    "ITEMS",
    "ORIENTATION_PARTS",
    "PROVENANCE",
    "TEAM_SOURCES",
    "Case",
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
    "TeamAction",
]

PROVENANCE = ("report", "reconstructed")
# course.csv rows may also be "report_fact": the fact is stated in the report, but the day it is
# placed on (and any detail beyond the fact) is a teaching reconstruction (issue 11).
COURSE_PROVENANCE = ("report", "report_fact", "reconstructed")
TEAM_SOURCES = ("report", "reconstructed", "not_reported")
CLASSIFICATIONS = ("essential", "acceptable", "not_indicated", "harmful")

# ICE items and their maxima: ASTCT 2019 (Lee et al., Biol Blood Marrow Transplant 2019;25:625-638).
ICE_ITEMS = ("orientation", "naming", "commands", "writing", "attention")
ICE_MAXIMA = MappingProxyType(
    {"orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 1}
)
ORIENTATION_PARTS = ("year", "month", "city", "hospital")

EVENTS = (
    "admission",
    "neurology_review",
    "ct_head",
    "mri_brain",
    "eeg",
    "lumbar_puncture",
    "icu_admission",
    "intubation",
    "extubation",
    "icu_discharge",
    "discharge",
    "crs_resolved",
)

# Item vocabulary of course.csv: item -> (unit, allowed words or a numeric (min, max) range).
# A tuple of str lists the allowed words; two numbers (None: no limit) give a numeric range.
ITEMS: Mapping[str, tuple[str, tuple]] = MappingProxyType(
    {
        "temperature": ("C", (30.0, 45.0)),
        "systolic_bp": ("mmHg", (40.0, 260.0)),
        "diastolic_bp": ("mmHg", (20.0, 160.0)),
        "heart_rate": ("bpm", (20.0, 250.0)),
        "spo2": ("%", (50.0, 100.0)),
        "hypotension": ("-", ("none", "fluids", "one_vasopressor", "multiple_vasopressors")),
        "oxygen": (
            "-",
            ("none", "comfort_only", "other_cause", "low_flow", "high_flow", "positive_pressure"),
        ),
        "il6": ("pg/mL", (0.0, None)),
        "ifn_gamma": ("pg/mL", (0.0, None)),
        "crp": ("mg/L", (0.0, None)),
        "ferritin": ("ng/mL", (0.0, None)),
        "sodium": ("mmol/L", (100.0, 190.0)),
        "glucose": ("mmol/L", (0.5, 60.0)),
        "ice": ("points", (0.0, 10.0)),
        "consciousness": (
            "-",
            (
                "alert",
                "awakens_spontaneously",
                "awakens_to_voice",
                "awakens_to_touch",
                "unarousable",
            ),
        ),
        "seizure": ("-", ("none", "rapidly_resolving", "prolonged_or_repetitive")),
        "motor": ("-", ("none", "deep_focal_weakness")),
        "edema": ("-", ("none", "focal", "diffuse")),
        "aphasia": ("-", ("none", "expressive", "global")),
        "tremor": ("-", ("none", "fine", "coarse")),
        "headache": ("-", ("none", "present")),
        "excluded_domain": ("-", ("ice", "consciousness", "seizure", "motor", "edema")),
        "blinatumomab": ("mcg/day", (0.0, None)),
        "blinatumomab_status": (
            "-",
            ("not_started", "running", "held", "discontinued", "completed"),
        ),
        "dexamethasone": ("mg/day", (0.0, None)),
        "methylprednisolone": ("mg/day", (0.0, None)),
        "prednisone": ("mg/day", (0.0, None)),
        "paracetamol": ("mg/day", (0.0, None)),
        "levetiracetam": ("mg/day", (0.0, None)),
        "diazepam": ("mg/day", (0.0, None)),
        "lorazepam": ("mg/day", (0.0, None)),
        "tocilizumab": ("mg/day", (0.0, None)),
        "intrathecal_chemo": ("-", ("given",)),
        "event": ("-", EVENTS),
    }
)
CATEGORY_ITEMS = frozenset(k for k, (_, allowed) in ITEMS.items() if isinstance(allowed[0], str))
DRUG_ITEMS = (
    "dexamethasone",
    "methylprednisolone",
    "prednisone",
    "paracetamol",
    "levetiracetam",
    "diazepam",
    "lorazepam",
    "tocilizumab",
)
# Items that may repeat on one day; every other item appears at most once per day.
REPEATABLE_ITEMS = frozenset({"event", "excluded_domain"})
# Items every day must carry (the ICE total may instead come from that day's exam).
REQUIRED_DAILY_ITEMS = ("temperature", "consciousness", "seizure", "motor")

# ASTCT 2019: once antipyretics or anti-cytokine therapy (tocilizumab, steroids) have been given
# for CRS, fever is no longer required to grade it; hypotension and hypoxia drive the grade.
# The masking lasts while the drug acts, not for the rest of the course (clinical-reference.md 3):
# drug -> days after the day it is given that are still masked. Paracetamol: the day given and
# the next (1), as the reference states. Tocilizumab and steroids: the reference says "days"
# without a number; 3 (the day given and the next 3) is this casebook's teaching convention, not a
# published figure. docs/data-format.md states the windows.
FEVER_MASK_DAYS: Mapping[str, int] = MappingProxyType(
    {
        "paracetamol": 1,
        "tocilizumab": 3,
        "dexamethasone": 3,
        "methylprednisolone": 3,
        "prednisone": 3,
    }
)
FEVER_MASKING_DRUGS = tuple(FEVER_MASK_DAYS)
FEVER_C = 38.0  # ASTCT 2019: fever is a temperature of at least 38.0 C


@dataclass(frozen=True)
class Fact:
    """One fact with its provenance: ``source`` is "report" or "reconstructed"."""

    value: Any
    source: str
    note: str = ""


@dataclass(frozen=True)
class Patient:
    """The patient's facts, each with provenance. Read them as attributes or via ``facts``."""

    facts: Mapping[str, Fact]

    def _value(self, name: str) -> Any:
        fact = self.facts.get(name)
        return None if fact is None else fact.value

    @property
    def age(self) -> int:
        return self._value("age")

    @property
    def sex(self) -> str:
        return self._value("sex")

    @property
    def diagnosis(self) -> str:
        return self._value("diagnosis")

    @property
    def disease_status(self) -> str:
        return self._value("disease_status")

    @property
    def genetics(self) -> list[str]:
        """A fresh list each time, so the case itself cannot be changed through it."""
        return list(self._value("genetics") or ())

    @property
    def prior_therapy(self) -> list[str]:
        return list(self._value("prior_therapy") or ())

    @property
    def weight_band(self) -> str:
        return self._value("weight_band")

    @property
    def regimen(self) -> str:
        return self._value("regimen")

    def source(self, name: str) -> str:
        """Provenance of one fact ("report" or "reconstructed")."""
        return self.facts[name].source


@dataclass(frozen=True)
class DayNote:
    day: int
    title: str
    narrative: str
    source: str


@dataclass(frozen=True)
class Observation:
    """One row of course.csv. ``value`` is a float for numeric items, else the word.

    ``source``: "report", "reconstructed", or "report_fact" (the fact is reported; its day and
    any detail are reconstructed)."""

    day: int
    item: str
    value: float | str
    unit: str
    source: str
    note: str
    row: int  # line number in course.csv (the header is line 1)


@dataclass(frozen=True)
class IceItem:
    """One ICE item of a bedside exam, with the reference points and the reason for them."""

    name: str
    points: int
    transcript: tuple[str, ...]
    reason: str
    parts: Mapping[str, bool] | None = None  # orientation only: year/month/city/hospital

    @property
    def maximum(self) -> int:
        return ICE_MAXIMA[self.name]


@dataclass(frozen=True)
class Exam:
    """A bedside ICE exam. Not testable (unarousable patient): ``total`` is None."""

    day: int
    source: str
    setting: str
    testable: bool
    items: Mapping[str, IceItem] = field(default_factory=lambda: MappingProxyType({}))
    transcript: tuple[str, ...] = ()  # for a non-testable exam
    reason: str = ""  # for a non-testable exam

    @property
    def total(self) -> int | None:
        if not self.testable:
            return None
        return sum(item.points for item in self.items.values())

    def answer_key(self) -> dict[str, Any]:
        """The reference answer in the shape of a learner's ICE answer (see docs/design.md)."""
        if not self.testable:
            return {}
        key: dict[str, Any] = {}
        for name, item in self.items.items():
            key[name] = dict(item.parts) if item.parts is not None else item.points
        return key


@dataclass(frozen=True)
class Intervention:
    id: str
    label: str
    category: str
    description: str


@dataclass(frozen=True)
class Option:
    """An intervention offered at a decision point, classified for that moment, with its source."""

    intervention: Intervention
    classification: str  # one of CLASSIFICATIONS
    rationale: str
    ref: str  # key into Case.references

    @property
    def id(self) -> str:
        return self.intervention.id

    @property
    def label(self) -> str:
        return self.intervention.label


@dataclass(frozen=True)
class TeamAction:
    """What the team did: ``source`` "report", "reconstructed" or "not_reported"."""

    text: str
    source: str

    @property
    def sentence(self) -> str:
        if self.source == "not_reported":
            return f"The report does not say {self.text.rstrip('.')}."
        return self.text


@dataclass(frozen=True)
class Decision:
    id: str
    day: int
    title: str
    situation: str
    source: str
    question: str
    options: tuple[Option, ...]
    team_did: tuple[TeamAction, ...]
    guideline: str
    guideline_refs: tuple[str, ...]

    def option(self, option_id: str) -> Option:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise KeyError(option_id)

    def ids(self, classification: str) -> tuple[str, ...]:
        """Option ids with one classification, in the order offered."""
        return tuple(o.id for o in self.options if o.classification == classification)


@dataclass(frozen=True)
class Reference:
    key: str
    citation: str
    short: str


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

    def icans(self, day: int):
        """The engine's ICANS grade for one day's findings (an ``IcansGrade``)."""
        f = self.findings(day)
        return grade_icans(
            ice=self.ice_total(day),
            consciousness=f.get("consciousness", "alert"),
            seizure=f.get("seizure", "none"),
            motor=f.get("motor", "none"),
            edema=f.get("edema", "none"),
            global_aphasia=f.get("aphasia") == "global",
            tremor=f.get("tremor", "none"),
            other_cause=tuple(f.get("excluded_domain", ())),
        )

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
        masked_until = -1
        for d in self.day_numbers:
            if d > day:
                break
            f = self.findings(d)
            temp = f.get("temperature")
            febrile = isinstance(temp, float) and temp >= FEVER_C
            if febrile:
                in_crs = True
            if "crs_resolved" in f.get("event", ()):
                in_crs, masked_until = False, -1
                continue
            if not febrile and d > masked_until:
                in_crs = False  # afebrile with nothing masking the fever: the CRS is over
            if in_crs:
                for drug, extra in FEVER_MASK_DAYS.items():
                    if f.get(drug, 0):
                        masked_until = max(masked_until, d + extra)
        return in_crs and day <= masked_until

    def crs(self, day: int):
        """The engine's CRS grade for one day's findings (a ``CrsGrade``)."""
        f = self.findings(day)
        return grade_crs(
            temperature_c=f["temperature"],
            hypotension=f.get("hypotension", "none"),
            oxygen=f.get("oxygen", "none"),
            fever_masked=self.fever_masked(day),
        )

    def daily(self) -> pd.DataFrame:
        """One row per day: main values side by side, with ``icans_grade`` and ``crs_grade``
        computed by the grading engine from that day's findings (never read from the data).

        ``fever_masked`` is True on an afebrile day whose CRS grade counts a masked fever (see
        ``fever_masked()``). ``source`` is "report" when every finding that feeds the grades that
        day is reported, else "reconstructed".
        """
        import pandas as pd

        graded_items = ("temperature", "consciousness", "seizure", "motor", "edema", "ice")
        rows = []
        for note in self.days:
            d = note.day
            f = self.findings(d)
            icans = self.icans(d)
            crs = self.crs(d)
            srcs = {o.source for o in self.observations if o.day == d and o.item in graded_items}
            if d in self.exams:
                srcs.add(self.exams[d].source)
            drugs = [
                f"{drug} {f[drug]:g} mg" for drug in DRUG_ITEMS if isinstance(f.get(drug), float)
            ]
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
                    "ice": self.ice_total(d),
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
                    "icans_grade": icans.grade,
                    "icans_drivers": ", ".join(icans.drivers),
                    "crs_grade": crs.grade,
                    "fever_masked": crs.fever_masked,
                    "source": "report" if srcs == {"report"} else "reconstructed",
                }
            )
        frame = pd.DataFrame(rows)
        for col in ("ice", "blinatumomab", "il6", "crp", "ferritin", "sodium", "temperature"):
            frame[col] = pd.to_numeric(frame[col], errors="coerce")
        frame["ice"] = frame["ice"].astype("Int64")
        return frame
