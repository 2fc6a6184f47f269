"""The ASTCT grading engine: ICE score, ICANS grade and CRS grade, as pure functions.

Every rule comes from one source, cited beside the table or line that uses it:

    ASTCT 2019 = Lee DW et al. ASTCT consensus grading for cytokine release syndrome and
    neurologic toxicity associated with immune effector cells. Biol Blood Marrow Transplant
    2019;25:625-638.

The grading tables are data (``tables``: one read-only mapping per domain, category -> ``Rule``),
so the tables can be read, shown to learners and tested cell by cell. The functions (``icans``:
``ice_score``, ``grade_icans``; ``crs``: ``grade_crs``) only look values up and take the most
severe domain, returning frozen results (``results``); bad arguments raise ``GradingError``
with structured problems (``checks``). The words and maxima come from ``casebook.vocab``. No
widgets, no I/O, no pandas.

For education only, never for clinical decisions.
"""

from __future__ import annotations

from casebook.grading.checks import ArgumentProblem, GradingError
from casebook.grading.crs import grade_crs
from casebook.grading.icans import grade_icans, ice_score
from casebook.grading.results import CrsGrade, IcansGrade
from casebook.grading.tables import (
    ASTCT_2019,
    ASTCT_2019_CITATION,
    CONSCIOUSNESS_TABLE,
    EDEMA_TABLE,
    HYPOTENSION_TABLE,
    ICE_BANDS,
    ICE_UNTESTABLE,
    MOTOR_TABLE,
    OXYGEN_TABLE,
    SEIZURE_TABLE,
    IceBand,
    Rule,
)
from casebook.vocab import (
    CONSCIOUSNESS_LABELS,
    CONSCIOUSNESS_LEVELS,
    CRS_DOMAIN_LABELS,
    CRS_DOMAINS,
    EDEMA_FINDINGS,
    EDEMA_LABELS,
    FEVER_THRESHOLD_C,
    HYPOTENSION_LABELS,
    HYPOTENSION_LEVELS,
    ICANS_DOMAIN_LABELS,
    ICANS_DOMAINS,
    ICE_ITEM_MAXIMA,
    ICE_MAX,
    MOTOR_FINDINGS,
    MOTOR_LABELS,
    OXYGEN_LABELS,
    OXYGEN_LEVELS,
    SEIZURE_LABELS,
    SEIZURE_TYPES,
    TEMPERATURE_RANGE_C,
    TREMOR_LABELS,
    TREMOR_TYPES,
)
from casebook.vocab import VALUE_LABELS as LABELS

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
    "ArgumentProblem",
    "CrsGrade",
    "GradingError",
    "IcansGrade",
    "IceBand",
    "Rule",
    "grade_crs",
    "grade_icans",
    "ice_score",
]
