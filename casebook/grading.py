"""The ASTCT grading engine: ICE score, ICANS grade and CRS grade, as pure functions.

Every rule comes from one source, cited beside the table or line that uses it:

    ASTCT 2019 = Lee DW et al. ASTCT consensus grading for cytokine release syndrome and
    neurologic toxicity associated with immune effector cells. Biol Blood Marrow Transplant
    2019;25:625-638.

The grading tables are data (one read-only mapping per domain: category -> ``Rule``), so the
tables can be read, shown to learners and tested cell by cell. The functions only look values up
and take the most severe domain. No widgets, no I/O, no pandas.

For education only, never for clinical decisions.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

__all__ = [
    "ASTCT_2019",
    "ASTCT_2019_CITATION",
    "CONSCIOUSNESS_LABELS",
    "CONSCIOUSNESS_LEVELS",
    "CONSCIOUSNESS_TABLE",
    "CRS_DOMAINS",
    "CRS_DOMAIN_LABELS",
    "EDEMA_FINDINGS",
    "EDEMA_LABELS",
    "EDEMA_TABLE",
    "FEVER_THRESHOLD_C",
    "HYPOTENSION_LABELS",
    "HYPOTENSION_LEVELS",
    "HYPOTENSION_TABLE",
    "ICANS_DOMAINS",
    "ICANS_DOMAIN_LABELS",
    "ICE_BANDS",
    "ICE_ITEM_MAXIMA",
    "ICE_MAX",
    "ICE_UNTESTABLE",
    "LABELS",
    "MOTOR_FINDINGS",
    "MOTOR_LABELS",
    "MOTOR_TABLE",
    "OXYGEN_LABELS",
    "OXYGEN_LEVELS",
    "OXYGEN_TABLE",
    "SEIZURE_LABELS",
    "SEIZURE_TABLE",
    "SEIZURE_TYPES",
    "TEMPERATURE_RANGE_C",
    "TREMOR_LABELS",
    "TREMOR_TYPES",
    "CrsGrade",
    "IcansGrade",
    "IceBand",
    "Rule",
    "grade_crs",
    "grade_icans",
    "ice_score",
]

ASTCT_2019 = "ASTCT 2019"
ASTCT_2019_CITATION = (
    "Lee DW et al. ASTCT consensus grading for cytokine release syndrome and neurologic toxicity "
    "associated with immune effector cells. Biol Blood Marrow Transplant 2019;25:625-638."
)


class Rule(NamedTuple):
    """One cell of a grading table: the grade a category gives, and the rule in words."""

    grade: int
    description: str


class IceBand(NamedTuple):
    """One row of the ICE-score domain: scores ``low``..``high`` (inclusive) give ``grade``."""

    low: int
    high: int
    grade: int
    description: str


def _table(rows: dict[str, tuple[int, str]]) -> Mapping[str, Rule]:
    return MappingProxyType({key: Rule(*value) for key, value in rows.items()})


# ---------------------------------------------------------------------------------------------
# ICE score. Source: ASTCT 2019 (Lee et al., Biol Blood Marrow Transplant 2019;25:625-638):
# orientation to year, month, city and hospital (4), naming three objects (3), following a
# simple command (1), writing a standard sentence (1), counting backwards from 100 by ten (1).
# The total is 0-10; 10 is normal.
ICE_ITEM_MAXIMA: Mapping[str, int] = MappingProxyType(
    {"orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 1}
)
ICE_MAX = sum(ICE_ITEM_MAXIMA.values())  # 10
_BOOL_ITEMS = frozenset({"commands", "writing", "attention"})  # one-point items: bool accepted

# ---------------------------------------------------------------------------------------------
# ICANS grade, adults. Source: ASTCT 2019 (Lee et al.), ICANS grading table and its footnotes.
# Grade 5 (death from ICANS) is not an input of the engine.
ICANS_DOMAINS = ("ice", "consciousness", "seizure", "motor", "edema")
ICANS_DOMAIN_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "ice": "ICE score",
        "consciousness": "depressed level of consciousness",
        "seizure": "seizure",
        "motor": "motor findings",
        "edema": "raised ICP / cerebral edema",
    }
)

# ICE-score domain (ASTCT 2019): 7-9 grade 1, 3-6 grade 2, 0-2 grade 3; 10 is normal (grade 0).
ICE_BANDS: tuple[IceBand, ...] = (
    IceBand(10, 10, 0, "10 points (normal)"),
    IceBand(7, 9, 1, "7-9 points"),
    IceBand(3, 6, 2, "3-6 points"),
    IceBand(0, 2, 3, "0-2 points"),
)
# ICE-score domain, grade 4 (ASTCT 2019): ICE 0 because the patient is unarousable and cannot do
# the test. The engine reads ice=None, and also ice=0, in an unarousable patient this way.
ICE_UNTESTABLE = Rule(4, "the patient is unarousable and cannot do the test")

# Depressed level of consciousness (ASTCT 2019). A domain counts only when no other cause explains
# it, e.g. somnolence from sedating drugs (ASTCT 2019 footnote): see ``other_cause``.
CONSCIOUSNESS_TABLE = _table(
    {
        "alert": (0, "alert"),
        "awakens_spontaneously": (1, "awakens spontaneously"),
        "awakens_to_voice": (2, "awakens to voice"),
        "awakens_to_touch": (3, "awakens only to tactile stimulus"),
        "unarousable": (
            4,
            "unarousable, or needs vigorous or repetitive tactile stimuli to arouse; stupor; coma",
        ),
    }
)

# Seizure (ASTCT 2019): no grade 1 or 2 rows.
SEIZURE_TABLE = _table(
    {
        "none": (0, "no seizure"),
        "rapidly_resolving": (
            3,
            "any clinical seizure, focal or generalized, that resolves rapidly; or non-convulsive "
            "seizures on EEG that resolve with intervention",
        ),
        "prolonged_or_repetitive": (
            4,
            "life-threatening prolonged seizure (> 5 min); or repetitive clinical or electrical "
            "seizures without return to baseline in between",
        ),
    }
)

# Motor findings (ASTCT 2019): grade 4 only.
MOTOR_TABLE = _table(
    {
        "none": (0, "no deep focal motor weakness"),
        "deep_focal_weakness": (4, "deep focal motor weakness (hemiparesis, paraparesis)"),
    }
)

# Elevated intracranial pressure / cerebral edema (ASTCT 2019). Intracranial hemorrhage, with or
# without edema, is not ICANS and is excluded (ASTCT 2019 footnote): see
# ``intracranial_hemorrhage``.
EDEMA_TABLE = _table(
    {
        "none": (0, "no cerebral edema or sign of raised intracranial pressure"),
        "focal": (3, "focal or local edema on neuroimaging"),
        "diffuse": (
            4,
            "diffuse cerebral edema on neuroimaging; or decerebrate or decorticate posturing; "
            "cranial nerve VI palsy; papilledema; Cushing's triad",
        ),
    }
)

# Tremor and myoclonus may be graded by CTCAE v5.0 but never change the ICANS grade
# (ASTCT 2019 footnote), so they have no grading table.
TREMOR_TYPES = ("none", "fine", "coarse")

# ---------------------------------------------------------------------------------------------
# CRS grade. Source: ASTCT 2019 (Lee et al.), CRS grading table and its footnotes.
CRS_DOMAINS = ("fever", "hypotension", "oxygen")
CRS_DOMAIN_LABELS: Mapping[str, str] = MappingProxyType(
    {"fever": "fever", "hypotension": "hypotension", "oxygen": "hypoxia"}
)

# Fever is a temperature of at least 38.0 C not explained by another cause (ASTCT 2019).
FEVER_THRESHOLD_C = 38.0
# Plausible body temperatures accepted by grade_crs (an input check, not a clinical rule).
TEMPERATURE_RANGE_C = (25.0, 45.0)

# Hypotension (ASTCT 2019): with fever, grade 2-4 by the support it needs.
HYPOTENSION_TABLE = _table(
    {
        "none": (0, "no hypotension"),
        "fluids": (2, "hypotension not needing vasopressors"),
        "one_vasopressor": (3, "hypotension needing one vasopressor, with or without vasopressin"),
        "multiple_vasopressors": (
            4,
            "hypotension needing several vasopressors (vasopressin not counted)",
        ),
    }
)

# Hypoxia (ASTCT 2019): graded by the oxygen support it needs. Oxygen given for comfort alone is
# not hypoxia, so "comfort_only" gives no grade; oxygen needed for a cause other than CRS (e.g.
# after a seizure, post-ictal) is excluded as due to another cause, so "other_cause" gives none.
OXYGEN_TABLE = _table(
    {
        "none": (0, "no oxygen"),
        "comfort_only": (0, "oxygen for comfort only, which is not hypoxia"),
        "other_cause": (
            0,
            "oxygen needed for a cause other than CRS (e.g. after a seizure), excluded as due to "
            "another cause",
        ),
        "low_flow": (2, "hypoxia needing low-flow nasal cannula (<= 6 L/min) or blow-by"),
        "high_flow": (
            3,
            "hypoxia needing high-flow nasal cannula (> 6 L/min), facemask, non-rebreather or "
            "Venturi mask",
        ),
        "positive_pressure": (
            4,
            "hypoxia needing positive pressure (CPAP, BiPAP, intubation, mechanical ventilation)",
        ),
    }
)

# ---------------------------------------------------------------------------------------------
# Allowed values, in order of severity, and short labels for labelled dropdowns.
CONSCIOUSNESS_LEVELS = tuple(CONSCIOUSNESS_TABLE)
SEIZURE_TYPES = tuple(SEIZURE_TABLE)
MOTOR_FINDINGS = tuple(MOTOR_TABLE)
EDEMA_FINDINGS = tuple(EDEMA_TABLE)
HYPOTENSION_LEVELS = tuple(HYPOTENSION_TABLE)
OXYGEN_LEVELS = tuple(OXYGEN_TABLE)

CONSCIOUSNESS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "alert": "alert",
        "awakens_spontaneously": "awakens spontaneously",
        "awakens_to_voice": "awakens to voice",
        "awakens_to_touch": "awakens only to touch",
        "unarousable": "unarousable (stupor, coma)",
    }
)
SEIZURE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "none": "none",
        "rapidly_resolving": "seizure that resolves rapidly",
        "prolonged_or_repetitive": "prolonged (> 5 min) or repetitive seizures",
    }
)
MOTOR_LABELS: Mapping[str, str] = MappingProxyType(
    {"none": "none", "deep_focal_weakness": "deep focal motor weakness"}
)
EDEMA_LABELS: Mapping[str, str] = MappingProxyType(
    {"none": "none", "focal": "focal edema", "diffuse": "diffuse edema or signs of raised ICP"}
)
TREMOR_LABELS: Mapping[str, str] = MappingProxyType(
    {"none": "none", "fine": "fine tremor", "coarse": "coarse tremor"}
)
HYPOTENSION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "none": "none",
        "fluids": "needs fluids, no vasopressor",
        "one_vasopressor": "needs one vasopressor",
        "multiple_vasopressors": "needs several vasopressors",
    }
)
OXYGEN_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "none": "none",
        "comfort_only": "oxygen for comfort only",
        "other_cause": "oxygen for another cause (e.g. after a seizure)",
        "low_flow": "low flow (<= 6 L/min) or blow-by",
        "high_flow": "high flow (> 6 L/min), facemask, non-rebreather or Venturi",
        "positive_pressure": "positive pressure (CPAP, BiPAP, ventilation)",
    }
)
# argument name -> its label mapping, for building dropdowns generically
LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "consciousness": CONSCIOUSNESS_LABELS,
        "seizure": SEIZURE_LABELS,
        "motor": MOTOR_LABELS,
        "edema": EDEMA_LABELS,
        "tremor": TREMOR_LABELS,
        "hypotension": HYPOTENSION_LABELS,
        "oxygen": OXYGEN_LABELS,
    }
)


# ---------------------------------------------------------------------------------------------
# Results
def _freeze(obj: Any) -> None:
    object.__setattr__(obj, "drivers", tuple(obj.drivers))
    object.__setattr__(obj, "explanation", tuple(obj.explanation))
    object.__setattr__(obj, "domain_grades", MappingProxyType(dict(obj.domain_grades)))


def _summary(scale: str, grade: int, drivers: tuple[str, ...], labels: Mapping[str, str]) -> str:
    if grade == 0:
        return f"{scale} grade 0 - no {scale}"
    return f"{scale} grade {grade} - set by: " + ", ".join(labels[d] for d in drivers)


@dataclass(frozen=True)
class IcansGrade:
    """An ICANS grade (0-4) with the domains that set it and one explanation line per domain.

    ``domain_grades`` holds every ICANS domain; a domain that does not count (explained by another
    cause, or edema with intracranial hemorrhage) holds 0 and is named in ``excluded``.
    """

    grade: int
    drivers: tuple[str, ...]
    explanation: tuple[str, ...]
    domain_grades: Mapping[str, int] = field(hash=False)
    excluded: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _freeze(self)
        object.__setattr__(self, "excluded", tuple(self.excluded))

    @property
    def summary(self) -> str:
        """One line, e.g. "ICANS grade 2 - set by: ICE score"."""
        return _summary("ICANS", self.grade, self.drivers, ICANS_DOMAIN_LABELS)


@dataclass(frozen=True)
class CrsGrade:
    """A CRS grade (0-4) with the domains that set it and one explanation line per domain.

    ``domain_grades`` holds "fever", "hypotension" and "oxygen" as they count towards the grade:
    hypotension and hypoxia count 0 when there is no fever and fever is not masked. ``fever_masked``
    is True when the fever domain counts because an antipyretic or anti-cytokine drug masks it.
    """

    grade: int
    drivers: tuple[str, ...]
    explanation: tuple[str, ...]
    domain_grades: Mapping[str, int] = field(hash=False)
    fever_masked: bool = False

    def __post_init__(self) -> None:
        _freeze(self)

    @property
    def summary(self) -> str:
        """One line, e.g. "CRS grade 3 - set by: hypotension" or "... set by: fever (masked)"."""
        labels = CRS_DOMAIN_LABELS
        if self.fever_masked:
            labels = {**labels, "fever": "fever (masked)"}
        return _summary("CRS", self.grade, self.drivers, labels)


# ---------------------------------------------------------------------------------------------
# Argument checks: collect every problem, then raise one ValueError naming them all.
def _raise_if(problems: list[str]) -> None:
    if len(problems) == 1:
        raise ValueError(problems[0])
    if problems:
        raise ValueError(
            f"{len(problems)} arguments are not allowed:\n" + "\n".join(f"- {p}" for p in problems)
        )


def _whole_number(
    problems: list[str], name: str, value: Any, high: int, *, allow_bool: bool
) -> int | None:
    """``value`` as an int in 0..high, or None after recording a problem."""
    allowed = f"a whole number from 0 to {high}" + (" (or a bool)" if allow_bool else "")
    if isinstance(value, bool):
        if allow_bool:
            return int(value)
        problems.append(f"{name}={value!r} is not allowed; expected {allowed}, not a bool")
        return None
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
        number = int(value)  # an int-valued float such as 2.0 (e.g. read from a table)
    else:
        problems.append(f"{name}={value!r} is not allowed; expected {allowed}")
        return None
    if not 0 <= number <= high:
        problems.append(f"{name}={value!r} is not allowed; expected {allowed}")
        return None
    return number


def _category(problems: list[str], name: str, value: Any, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    if not (isinstance(value, str) and value in allowed):
        choices = ", ".join(repr(a) for a in allowed)
        problems.append(f"{name}={value!r} is not allowed; expected one of: {choices}")


def _flag(problems: list[str], name: str, value: Any) -> None:
    if not isinstance(value, bool):
        problems.append(f"{name}={value!r} is not allowed; expected True or False")


def _domains(problems: list[str], name: str, value: Any) -> frozenset[str]:
    choices = ", ".join(repr(d) for d in ICANS_DOMAINS)
    if isinstance(value, str) or not isinstance(value, Iterable):
        problems.append(
            f"{name}={value!r} is not allowed; expected a collection (e.g. a tuple) of domain "
            f"names from: {choices}"
        )
        return frozenset()
    names = tuple(value)
    unknown = [n for n in names if not (isinstance(n, str) and n in ICANS_DOMAINS)]
    if unknown:
        bad = ", ".join(repr(n) for n in unknown)
        problems.append(
            f"{name}={names!r} is not allowed ({bad} unknown); expected domain names from: "
            f"{choices}"
        )
        return frozenset()
    return frozenset(names)


# ---------------------------------------------------------------------------------------------
def ice_score(*, orientation: int, naming: int, commands: int, writing: int, attention: int) -> int:
    """The ICE (Immune effector Cell-associated Encephalopathy) score, 0-10; 10 is normal.

    orientation 0-4 (year, month, city, hospital), naming 0-3 (three objects), commands 0-1,
    writing 0-1, attention 0-1 (counting back from 100 by ten). The one-point items also take a
    bool. Whole numbers only (an int-valued float such as 2.0 is read as 2; 1.5 is refused).
    Source: ASTCT 2019 (Lee et al., Biol Blood Marrow Transplant 2019;25:625-638).

    Raises ValueError naming every bad argument, its value and what is allowed.
    """
    given = {
        "orientation": orientation,
        "naming": naming,
        "commands": commands,
        "writing": writing,
        "attention": attention,
    }
    problems: list[str] = []
    points = {
        name: _whole_number(
            problems, name, value, ICE_ITEM_MAXIMA[name], allow_bool=name in _BOOL_ITEMS
        )
        for name, value in given.items()
    }
    _raise_if(problems)
    return sum(p for p in points.values() if p is not None)


def _ice_domain(ice: int | None, consciousness: str, global_aphasia: bool) -> tuple[int, str, str]:
    """Grade, finding and trailing note of the ICE-score domain (ASTCT 2019)."""
    if ice is None or (ice == 0 and consciousness == "unarousable"):
        # ASTCT 2019: grade 4 is "ICE 0 because the patient is unarousable and cannot do the
        # test". ICE 0 recorded in an unarousable patient is read the same way.
        shown = "not testable" if ice is None else "0"
        return ICE_UNTESTABLE.grade, f"ICE score {shown}: {ICE_UNTESTABLE.description}", ""
    band = next(b for b in ICE_BANDS if b.low <= ice <= b.high)
    note = ""
    if ice == 0:
        # ASTCT 2019: ICE 0 in an awake patient with global aphasia is grade 3; grade 4 needs the
        # patient to be unarousable.
        who = "an awake patient with global aphasia" if global_aphasia else "a patient who is awake"
        note = f"; ICE 0 in {who} is grade 3, not 4 (grade 4 only when unarousable)"
    return band.grade, f"ICE score {ice}: {band.description}", note


def grade_icans(
    *,
    ice: int | None,
    consciousness: str = "alert",
    seizure: str = "none",
    motor: str = "none",
    edema: str = "none",
    global_aphasia: bool = False,
    tremor: str = "none",
    myoclonus: bool = False,
    other_cause: Iterable[str] = (),
    intracranial_hemorrhage: bool = False,
) -> IcansGrade:
    """The ASTCT ICANS grade (0-4) for adults: the most severe of the five domains.

    Source: ASTCT 2019 (Lee et al., Biol Blood Marrow Transplant 2019;25:625-638).

    - ``ice``: ICE score 0-10, or None when the patient is unarousable and cannot do the test
      (None in an arousable patient is an error). ICE 0 with ``consciousness="unarousable"`` is
      read as "cannot do the test" (grade 4); ICE 0 in an awake patient, e.g. with global
      aphasia, is grade 3.
    - ``consciousness``, ``seizure``, ``motor``, ``edema``: categories of CONSCIOUSNESS_TABLE,
      SEIZURE_TABLE, MOTOR_TABLE and EDEMA_TABLE.
    - ``tremor`` and ``myoclonus`` never change the grade (they may be graded by CTCAE v5.0).
    - ``other_cause``: domains whose finding another cause explains (e.g. somnolence from
      sedating drugs); they do not count. Domains are judged one by one: when the same cause
      explains both the depressed consciousness and why the ICE cannot be done, name both.
    - ``intracranial_hemorrhage``: the edema domain does not count (hemorrhage is not ICANS).

    Grade 5 (death from ICANS) is outside the inputs of this function.
    Raises ValueError naming every bad argument, its value and what is allowed.
    """
    problems: list[str] = []
    ice_value: int | None = None
    if ice is not None:
        ice_value = _whole_number(problems, "ice", ice, ICE_MAX, allow_bool=False)
    _category(problems, "consciousness", consciousness, CONSCIOUSNESS_LEVELS)
    if ice is None and consciousness != "unarousable" and consciousness in CONSCIOUSNESS_LEVELS:
        problems.append(
            f"ice=None is not allowed while consciousness={consciousness!r}; expected an ICE "
            f"score from 0 to {ICE_MAX} (None only when consciousness='unarousable')"
        )
    _category(problems, "seizure", seizure, SEIZURE_TYPES)
    _category(problems, "motor", motor, MOTOR_FINDINGS)
    _category(problems, "edema", edema, EDEMA_FINDINGS)
    _flag(problems, "global_aphasia", global_aphasia)
    _category(problems, "tremor", tremor, TREMOR_TYPES)
    _flag(problems, "myoclonus", myoclonus)
    excluded_by_cause = _domains(problems, "other_cause", other_cause)
    _flag(problems, "intracranial_hemorrhage", intracranial_hemorrhage)
    _raise_if(problems)

    raw: dict[str, tuple[int, str, str]] = {}  # domain -> (grade, finding, trailing note)
    raw["ice"] = _ice_domain(ice_value, consciousness, global_aphasia)
    for domain, table, value in (
        ("consciousness", CONSCIOUSNESS_TABLE, consciousness),
        ("seizure", SEIZURE_TABLE, seizure),
        ("motor", MOTOR_TABLE, motor),
        ("edema", EDEMA_TABLE, edema),
    ):
        rule = table[value]
        label = ICANS_DOMAIN_LABELS[domain]
        raw[domain] = (rule.grade, f"{label[0].upper()}{label[1:]}: {rule.description}", "")

    domain_grades: dict[str, int] = {}
    explanation: list[str] = []
    excluded: list[str] = []
    for domain in ICANS_DOMAINS:
        grade, finding, note = raw[domain]
        reasons = []
        if domain in excluded_by_cause:
            # ASTCT 2019 footnote: a domain counts only when no other cause explains it.
            reasons.append("explained by another cause")
        if domain == "edema" and intracranial_hemorrhage:
            # ASTCT 2019 footnote: intracranial hemorrhage, with or without edema, is not ICANS.
            reasons.append("intracranial hemorrhage, with or without edema, is not ICANS")
        if reasons:
            excluded.append(domain)
            domain_grades[domain] = 0
            explanation.append(f"{finding} -> excluded: {'; '.join(reasons)} ({ASTCT_2019})")
            continue
        if domain == "ice" and ice_value is None and "consciousness" in excluded_by_cause:
            note = "; if the same cause explains why the test cannot be done, exclude 'ice' too"
        domain_grades[domain] = grade
        explanation.append(f"{finding} -> grade {grade} ({ASTCT_2019}){note}")

    if tremor != "none" or myoclonus:
        # ASTCT 2019 footnote: tremor and myoclonus may be graded by CTCAE v5.0 but do not change
        # the ICANS grade.
        found = [TREMOR_LABELS[tremor]] if tremor != "none" else []
        found += ["myoclonus"] if myoclonus else []
        explanation.append(
            f"{' and '.join(found).capitalize()}: may be graded by CTCAE v5.0 but do not change "
            f"the ICANS grade ({ASTCT_2019})"
        )

    # ASTCT 2019: the overall grade is the most severe domain.
    overall = max(domain_grades.values())
    drivers = tuple(d for d in ICANS_DOMAINS if overall > 0 and domain_grades[d] == overall)
    if overall == 0:
        explanation.append(f"No domain is graded: grade 0, no ICANS ({ASTCT_2019})")
    return IcansGrade(
        grade=overall,
        drivers=drivers,
        explanation=tuple(explanation),
        domain_grades=domain_grades,
        excluded=tuple(excluded),
    )


def grade_crs(
    *,
    temperature_c: float,
    hypotension: str = "none",
    oxygen: str = "none",
    fever_masked: bool = False,
    fever_other_cause: bool = False,
) -> CrsGrade:
    """The ASTCT CRS grade (0-4).

    Source: ASTCT 2019 (Lee et al., Biol Blood Marrow Transplant 2019;25:625-638).

    Fever is a temperature of at least 38.0 C not explained by another cause
    (``fever_other_cause=True``: it does not count). Without fever there is no CRS (grade 0),
    unless ``fever_masked``: once antipyretics or anti-cytokine therapy (tocilizumab, steroids)
    have been given, fever is no longer required and hypotension and hypoxia drive the grade.
    Masked fever is not "no CRS": ASTCT gives no rule that lowers an ongoing CRS to grade 0
    because a drug hid the fever, so with the fever masked and neither hypotension nor hypoxia
    the grade is 1, explained as "fever masked" (clinical-reference.md 3). The caller decides
    while the masking lasts (``Case.fever_masked``: while the drug acts, until the CRS resolves).
    Fever alone is grade 1; otherwise the more severe of hypotension (HYPOTENSION_TABLE) and
    hypoxia (OXYGEN_TABLE; oxygen for comfort alone is not hypoxia, and oxygen needed for another
    cause, e.g. after a seizure, is excluded) sets the grade.

    Raises ValueError naming every bad argument, its value and what is allowed.
    """
    problems: list[str] = []
    low, high = TEMPERATURE_RANGE_C
    if (
        isinstance(temperature_c, bool)
        or not isinstance(temperature_c, numbers.Real)
        or not low <= temperature_c <= high  # also refuses NaN
    ):
        problems.append(
            f"temperature_c={temperature_c!r} is not allowed; expected a number of degrees "
            f"Celsius from {low:g} to {high:g}"
        )
    _category(problems, "hypotension", hypotension, HYPOTENSION_LEVELS)
    _category(problems, "oxygen", oxygen, OXYGEN_LEVELS)
    _flag(problems, "fever_masked", fever_masked)
    _flag(problems, "fever_other_cause", fever_other_cause)
    _raise_if(problems)

    t = float(temperature_c)
    temp = f"Temperature {t:.1f} C" if t == round(t, 1) else f"Temperature {t:g} C"
    febrile = temperature_c >= FEVER_THRESHOLD_C  # ASTCT 2019: fever is >= 38.0 C
    fever = febrile and not fever_other_cause  # ASTCT 2019: ...not explained by another cause
    if fever:
        fever_line = f"{temp}: fever (>= {FEVER_THRESHOLD_C:.1f} C) -> grade 1 ({ASTCT_2019})"
    elif febrile:
        fever_line = (
            f"{temp}: >= {FEVER_THRESHOLD_C:.1f} C but explained by another cause, so not fever "
            f"({ASTCT_2019})"
        )
    else:
        fever_line = f"{temp}: no fever (fever is >= {FEVER_THRESHOLD_C:.1f} C) ({ASTCT_2019})"
    masked = fever_masked and not fever
    if masked:
        # ASTCT 2019: after antipyretics or anti-cytokine therapy fever is no longer required; and
        # no rule lowers an ongoing CRS to 0 because the fever is hidden: it stays grade 1.
        fever_line += (
            "; fever is masked by antipyretic or anti-cytokine therapy (tocilizumab, steroids): an "
            "ongoing CRS stays grade 1 (ASTCT gives no rule that lowers it to 0), and "
            "hypotension and hypoxia drive any higher grade"
        )

    counts = fever or fever_masked  # ASTCT 2019: without fever (unmasked) there is no CRS
    domain_grades = {"fever": 1 if counts else 0}
    explanation = [fever_line]
    for domain, table, value in (
        ("hypotension", HYPOTENSION_TABLE, hypotension),
        ("oxygen", OXYGEN_TABLE, oxygen),
    ):
        rule = table[value]
        label = CRS_DOMAIN_LABELS[domain].capitalize()
        if rule.grade and not counts:
            domain_grades[domain] = 0
            explanation.append(
                f"{label}: {rule.description} would be grade {rule.grade}, but without fever "
                f"(and fever not masked) there is no CRS -> not counted ({ASTCT_2019})"
            )
        else:
            domain_grades[domain] = rule.grade
            explanation.append(f"{label}: {rule.description} -> grade {rule.grade} ({ASTCT_2019})")

    # ASTCT 2019: the more severe of hypotension and hypoxia sets the grade; fever alone is 1.
    overall = max(domain_grades.values())
    drivers = tuple(d for d in CRS_DOMAINS if overall > 0 and domain_grades[d] == overall)
    if overall == 0:
        explanation.append(f"No fever and fever not masked: grade 0, no CRS ({ASTCT_2019})")
    elif masked and overall == 1:
        explanation.append(
            f"Fever masked, no hypotension and no hypoxia: grade 1 (fever masked), not 0 "
            f"({ASTCT_2019})"
        )
    return CrsGrade(
        grade=overall,
        drivers=drivers,
        explanation=tuple(explanation),
        domain_grades=domain_grades,
        fever_masked=masked,
    )
