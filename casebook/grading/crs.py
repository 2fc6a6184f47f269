"""The ASTCT CRS grade, as a pure function.

Source: ASTCT 2019 (Lee et al., Biol Blood Marrow Transplant 2019;25:625-638).
"""

from __future__ import annotations

import numbers

from casebook.grading.checks import ArgumentProblem, _category, _flag, _raise_if
from casebook.grading.results import CrsGrade
from casebook.grading.tables import ASTCT_2019, HYPOTENSION_TABLE, OXYGEN_TABLE
from casebook.vocab import (
    CRS_DOMAIN_LABELS,
    CRS_DOMAINS,
    FEVER_THRESHOLD_C,
    HYPOTENSION_LEVELS,
    OXYGEN_LEVELS,
    TEMPERATURE_RANGE_C,
)

__all__ = ["grade_crs"]


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

    Raises GradingError (a ValueError) naming every bad argument, its value and what is allowed.
    """
    problems: list[ArgumentProblem] = []
    low, high = TEMPERATURE_RANGE_C
    if (
        isinstance(temperature_c, bool)
        or not isinstance(temperature_c, numbers.Real)
        or not low <= temperature_c <= high  # also refuses NaN
    ):
        expected = f"a number of degrees Celsius from {low:g} to {high:g}"
        problems.append(
            ArgumentProblem("temperature_c", temperature_c, "temperature", expected, (low, high))
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
