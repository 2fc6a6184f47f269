"""The frozen records a case is made of: facts, days, observations, exams, decisions, references."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from casebook.vocab import ICE_ITEM_MAXIMA

__all__ = [
    "BLINATUMOMAB_CYCLE",
    "DAY_ZERO",
    "THERAPY_KINDS",
    "DayNote",
    "Decision",
    "DrugDose",
    "Exam",
    "Fact",
    "IceItem",
    "Intervention",
    "Observation",
    "Option",
    "Patient",
    "Reference",
    "ReportedGrade",
    "TeamAction",
    "Therapy",
]


@dataclass(frozen=True)
class Fact:
    """One fact with its provenance: ``source`` is "report", "reconstructed" or "not_reported"
    (the report does not say; ``value`` is then None)."""

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
        return ICE_ITEM_MAXIMA[self.name]


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
class ExclusiveGroup:
    """Interventions of which a learner may choose at most one (``interventions.yaml``,
    ``exclusive_groups``): e.g. continue, hold or discontinue the infusion. ``label`` says what
    they decide ("what happens to the infusion"); ``members`` are intervention ids."""

    id: str
    label: str
    members: tuple[str, ...]


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
    """What the team did: ``source`` "report", "reconstructed" or "not_reported". ``course``
    names the course rows (events, items, drugs) the action is checked against (rule CB511)."""

    text: str
    source: str
    course: tuple[str, ...] = ()

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
    # The catalogue's exclusive groups with two or more members offered here, each narrowed to
    # the offered members (in the group's order): a learner may choose at most one of each.
    exclusive_groups: tuple[ExclusiveGroup, ...] = ()

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


THERAPY_KINDS = ("bispecific", "car_t", "other")
DAY_ZERO = ("baseline", "cell_infusion", "first_dose")
_DAY_ZERO_WORDS = {
    "baseline": "day 0 is the baseline before the first day of therapy (day 1)",
    "cell_infusion": "day 0 is the day of the cell infusion; negative days come before it",
    "first_dose": "day 0 is the day of the first dose",
}
_DAY_ZERO_TICK = {"baseline": "baseline", "cell_infusion": "infusion", "first_dose": "first dose"}


@dataclass(frozen=True)
class Therapy:
    """The immune effector therapy of a case and what its day numbers count from.

    ``kind``: "bispecific", "car_t" or "other"; ``day_zero``: "baseline" (day 0 is before day 1,
    the blinatumomab cycles), "cell_infusion" (CAR T cells infused on day 0) or "first_dose".
    """

    product: str
    kind: str
    day_zero: str
    short: str = ""
    dosing: str = ""
    cycle_days: int | None = None
    source: str = "reconstructed"
    note: str = ""

    @property
    def label(self) -> str:
        """The name for axes and panels: ``short``, else ``product``."""
        return self.short or self.product

    @property
    def day_axis_title(self) -> str:
        if self.day_zero == "cell_infusion":
            return f"Day relative to {self.label} infusion (day 0)"
        if self.day_zero == "first_dose":
            return f"Day since the first {self.label} dose (day 0)"
        return f"Day of {self.label} " + ("cycle" if self.cycle_days else "therapy")

    @property
    def day_zero_tick(self) -> str:
        """The word under day 0 on the day axis and in tables: "baseline", "infusion"."""
        return _DAY_ZERO_TICK.get(self.day_zero, "day 0")

    @property
    def day_zero_words(self) -> str:
        return _DAY_ZERO_WORDS.get(self.day_zero, "")


# A case written before therapy blocks existed: a blinatumomab cycle (day 1 = first infusion day).
BLINATUMOMAB_CYCLE = Therapy(
    product="blinatumomab",
    kind="bispecific",
    day_zero="baseline",
    cycle_days=28,
    source="reconstructed",
    note="No therapy block in case.yaml: read as a blinatumomab cycle.",
)


@dataclass(frozen=True)
class DrugDose:
    """One row of drugs.csv: a drug given on a day. ``dose`` None: the dose is not reported."""

    day: int
    drug: str
    dose: float | None
    unit: str
    route: str
    frequency: str
    source: str
    note: str
    row: int  # line in drugs.csv

    @property
    def label(self) -> str:
        """ "Hydrocortisone (IT)": the drug's name, with the route when it is intrathecal."""
        name = self.drug.replace("_", " ").capitalize()
        return f"{name} (IT)" if self.route == "IT" else name

    @property
    def text(self) -> str:
        """ "hydrocortisone 50 mg IT once", "methotrexate IT (dose not reported)"."""
        name = self.drug.replace("_", " ")
        if self.dose is None:
            return f"{name} {self.route} (dose not reported)"
        dose = f"{self.dose:g}"
        return f"{name} {dose} {self.unit} {self.route} {self.frequency}"


@dataclass(frozen=True)
class ReportedGrade:
    """A grade the case report states on a day, checked against the computed grade (CB510)."""

    day: int
    icans: int | None
    crs: int | None
    source: str
    note: str = ""
