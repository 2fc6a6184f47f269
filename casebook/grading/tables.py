"""The ASTCT 2019 grading tables as data: one read-only mapping per domain (category -> ``Rule``),
so the tables can be read, shown to learners and tested cell by cell.

    ASTCT 2019 = Lee DW et al. ASTCT consensus grading for cytokine release syndrome and
    neurologic toxicity associated with immune effector cells. Biol Blood Marrow Transplant
    2019;25:625-638.

The categories of every table are the values in ``casebook.vocab`` (tests/test_vocab.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

__all__ = [
    "ASTCT_2019",
    "ASTCT_2019_CITATION",
    "CONSCIOUSNESS_TABLE",
    "EDEMA_TABLE",
    "HYPOTENSION_TABLE",
    "ICE_BANDS",
    "ICE_UNTESTABLE",
    "MOTOR_TABLE",
    "OXYGEN_TABLE",
    "SEIZURE_TABLE",
    "IceBand",
    "Rule",
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
# ICANS grade, adults. Source: ASTCT 2019 (Lee et al.), ICANS grading table and its footnotes.
# Grade 5 (death from ICANS) is not an input of the engine.
# Domains and their labels: casebook.vocab (ICANS_DOMAINS, ICANS_DOMAIN_LABELS).

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
# (TREMOR_TYPES in casebook.vocab.)

# ---------------------------------------------------------------------------------------------
# CRS grade. Source: ASTCT 2019 (Lee et al.), CRS grading table and its footnotes.
# Domains, labels, the fever threshold (38.0 C) and the plausible temperature range (25-45 C,
# an input check, not a clinical rule): casebook.vocab.

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
# Allowed values, in order of severity, and their short labels: casebook.vocab (re-exported
# here). tests/test_vocab.py checks that every table has exactly the vocabulary's categories.
