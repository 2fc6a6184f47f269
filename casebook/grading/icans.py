"""The ICE score and the ASTCT ICANS grade (adults), as pure functions.

Source: ASTCT 2019 (Lee et al., Biol Blood Marrow Transplant 2019;25:625-638).
"""

from __future__ import annotations

from collections.abc import Iterable

from casebook.grading.checks import (
    ArgumentProblem,
    _category,
    _domains,
    _flag,
    _raise_if,
    _whole_number,
)
from casebook.grading.results import IcansGrade
from casebook.grading.tables import (
    ASTCT_2019,
    CONSCIOUSNESS_TABLE,
    EDEMA_TABLE,
    ICE_BANDS,
    ICE_UNTESTABLE,
    MOTOR_TABLE,
    SEIZURE_TABLE,
)
from casebook.vocab import (
    CONSCIOUSNESS_LEVELS,
    EDEMA_FINDINGS,
    ICANS_DOMAIN_LABELS,
    ICANS_DOMAINS,
    ICE_ITEM_MAXIMA,
    ICE_MAX,
    MOTOR_FINDINGS,
    SEIZURE_TYPES,
    TREMOR_LABELS,
    TREMOR_TYPES,
)

__all__ = ["grade_icans", "ice_score"]

_BOOL_ITEMS = frozenset({"commands", "writing", "attention"})  # one-point items: bool accepted


def ice_score(*, orientation: int, naming: int, commands: int, writing: int, attention: int) -> int:
    """The ICE (Immune effector Cell-associated Encephalopathy) score, 0-10; 10 is normal.

    orientation 0-4 (year, month, city, hospital), naming 0-3 (three objects), commands 0-1,
    writing 0-1, attention 0-1 (counting back from 100 by ten). The one-point items also take a
    bool. Whole numbers only (an int-valued float such as 2.0 is read as 2; 1.5 is refused).
    Source: ASTCT 2019 (Lee et al., Biol Blood Marrow Transplant 2019;25:625-638).

    Raises GradingError (a ValueError) naming every bad argument, its value and what is allowed.
    """
    given = {
        "orientation": orientation,
        "naming": naming,
        "commands": commands,
        "writing": writing,
        "attention": attention,
    }
    problems: list[ArgumentProblem] = []
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
    Raises GradingError (a ValueError) naming every bad argument, its value and what is allowed.
    """
    problems: list[ArgumentProblem] = []
    ice_value: int | None = None
    if ice is not None:
        ice_value = _whole_number(problems, "ice", ice, ICE_MAX, allow_bool=False)
    _category(problems, "consciousness", consciousness, CONSCIOUSNESS_LEVELS)
    if ice is None and consciousness != "unarousable" and consciousness in CONSCIOUSNESS_LEVELS:
        problems.append(
            ArgumentProblem(
                "ice",
                None,
                "ice_not_testable",
                f"an ICE score from 0 to {ICE_MAX} (None only when consciousness='unarousable')",
                (0, ICE_MAX),
                context={"consciousness": consciousness},
            )
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
