"""The casebook's vocabulary: every clinical word, maximum, threshold and label, defined once.

The ground floor of the package: it imports nothing from ``casebook``, and every other module
(grading, model, loading, feedback, html, plots, widgets) takes these names from here instead of
writing them again. The JSON Schemas in ``casebook/schema/`` repeat some of them as ``enum``
lists (JSON cannot import Python); ``tests/test_vocab.py`` checks that they agree.

Sources: ICE items and maxima, ICANS and CRS domains and their categories, the fever threshold:
ASTCT 2019 = Lee DW et al. ASTCT consensus grading for cytokine release syndrome and neurologic
toxicity associated with immune effector cells. Biol Blood Marrow Transplant 2019;25:625-638.

For education only, never for clinical decisions.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "APHASIA_TYPES",
    "CONSCIOUSNESS_LABELS",
    "CONSCIOUSNESS_LEVELS",
    "COURSE_PROVENANCE",
    "COURSE_TEMPERATURE_RANGE_C",
    "CRS_DOMAINS",
    "CRS_DOMAIN_LABELS",
    "EDEMA_FINDINGS",
    "EDEMA_LABELS",
    "FEVER_MASK_DAYS",
    "FEVER_THRESHOLD_C",
    "FINDING_LABELS",
    "FINDING_NAMES",
    "HYPOTENSION_LABELS",
    "HYPOTENSION_LEVELS",
    "ICANS_DOMAINS",
    "ICANS_DOMAIN_LABELS",
    "ICE_ITEMS",
    "ICE_ITEM_MAXIMA",
    "ICE_LABELS",
    "ICE_MAX",
    "ICE_POINT_WORDS",
    "ICE_PROMPTS",
    "ICE_RANGES",
    "ICE_TASKS",
    "MOTOR_FINDINGS",
    "MOTOR_LABELS",
    "ORIENTATION_PARTS",
    "OXYGEN_LABELS",
    "OXYGEN_LEVELS",
    "PART_LABELS",
    "PROVENANCE",
    "PROVENANCE_LABELS",
    "PROVENANCE_LEGEND",
    "PROVENANCE_TITLES",
    "REPORTED_PARTS",
    "SEIZURE_LABELS",
    "SEIZURE_TYPES",
    "TEAM_SOURCES",
    "TEMPERATURE_RANGE_C",
    "TREMOR_LABELS",
    "TREMOR_TYPES",
    "VALUE_LABELS",
    "ice_out_of",
    "report_title",
]


def _frozen(rows: dict) -> Mapping:
    return MappingProxyType(rows)


# ---------------------------------------------------------------------------------------------
# ICE (ASTCT 2019): orientation to year, month, city and hospital (4), naming three objects (3),
# following a simple command (1), writing a standard sentence (1), counting backwards from 100 by
# ten (1). The total is 0-10; 10 is normal.
ICE_ITEMS = ("orientation", "naming", "commands", "writing", "attention")
ICE_ITEM_MAXIMA: Mapping[str, int] = _frozen(
    {"orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 1}
)
ICE_MAX = sum(ICE_ITEM_MAXIMA.values())  # 10
ORIENTATION_PARTS = ("year", "month", "city", "hospital")

# Short label and the task with its points, as learners read them.
ICE_LABELS: Mapping[str, str] = _frozen(
    {
        "orientation": "Orientation",
        "naming": "Naming",
        "commands": "Following commands",
        "writing": "Writing",
        "attention": "Attention",
    }
)
ICE_TASKS: Mapping[str, str] = _frozen(
    {
        "orientation": "year, month, city, hospital: 1 point each (0-4)",
        "naming": "names three objects: 1 point each (0-3)",
        "commands": "follows a simple command (0-1)",
        "writing": "writes a standard sentence (0-1)",
        "attention": "counts backwards from 100 by ten (0-1)",
    }
)
ICE_RANGES: Mapping[str, str] = _frozen({n: f"0-{m}" for n, m in ICE_ITEM_MAXIMA.items()})
# The scoring prompt of each point item and what each number of points means, for inputs read
# one by one (a radio button read alone by a screen reader still makes sense).
ICE_PROMPTS: Mapping[str, str] = _frozen(
    {
        "naming": "objects named correctly",
        "commands": "follows a simple command",
        "writing": "writes a standard sentence",
        "attention": "counts back from 100 by ten",
    }
)
ICE_POINT_WORDS: Mapping[str, tuple[str, ...]] = _frozen(
    {
        "naming": ("0 named", "1 named", "2 named", "3 named"),
        "commands": ("0: does not follow it", "1: follows it"),
        "writing": ("0: cannot write it", "1: writes it"),
        "attention": ("0: cannot count back", "1: counts back"),
    }
)
PART_LABELS: Mapping[str, str] = _frozen({p: p.capitalize() for p in ORIENTATION_PARTS})


def ice_out_of(points: object) -> str:
    """An ICE total as learners read it: "7/10"."""
    return f"{points}/{ICE_MAX}"


# ---------------------------------------------------------------------------------------------
# ICANS domains (ASTCT 2019, adults), and the allowed values of each, in order of severity.
# One spelling throughout: "edema", as ASTCT 2019 and the primer notebook write it.
ICANS_DOMAINS = ("ice", "consciousness", "seizure", "motor", "edema")
ICANS_DOMAIN_LABELS: Mapping[str, str] = _frozen(
    {
        "ice": "ICE score",
        "consciousness": "depressed level of consciousness",
        "seizure": "seizure",
        "motor": "motor findings",
        "edema": "raised ICP / cerebral edema",
    }
)
CONSCIOUSNESS_LEVELS = (
    "alert",
    "awakens_spontaneously",
    "awakens_to_voice",
    "awakens_to_touch",
    "unarousable",
)
SEIZURE_TYPES = ("none", "rapidly_resolving", "prolonged_or_repetitive")
MOTOR_FINDINGS = ("none", "deep_focal_weakness")
EDEMA_FINDINGS = ("none", "focal", "diffuse")
# Tremor and myoclonus never change the ICANS grade (ASTCT 2019 footnote); aphasia counts only
# through the ICE (global aphasia: ICE 0 in an awake patient is grade 3).
TREMOR_TYPES = ("none", "fine", "coarse")
APHASIA_TYPES = ("none", "expressive", "global")

# A finding's heading as learners read it (feedback tables, the calculator).
FINDING_LABELS: Mapping[str, str] = _frozen(
    {
        "consciousness": "Level of consciousness",
        "seizure": "Seizure",
        "motor": "Motor findings",
        "edema": "Cerebral edema",
        "aphasia": "Aphasia",
        "tremor": "Tremor",
    }
)
# Short words for each value, for labelled choices and findings in words.
CONSCIOUSNESS_LABELS: Mapping[str, str] = _frozen(
    {
        "alert": "alert",
        "awakens_spontaneously": "awakens spontaneously",
        "awakens_to_voice": "awakens to voice",
        "awakens_to_touch": "awakens only to touch",
        "unarousable": "unarousable (stupor, coma)",
    }
)
SEIZURE_LABELS: Mapping[str, str] = _frozen(
    {
        "none": "none",
        "rapidly_resolving": "seizure that resolves rapidly",
        "prolonged_or_repetitive": "prolonged (> 5 min) or repetitive seizures",
    }
)
MOTOR_LABELS: Mapping[str, str] = _frozen(
    {"none": "none", "deep_focal_weakness": "deep focal motor weakness"}
)
EDEMA_LABELS: Mapping[str, str] = _frozen(
    {"none": "none", "focal": "focal edema", "diffuse": "diffuse edema or signs of raised ICP"}
)
TREMOR_LABELS: Mapping[str, str] = _frozen(
    {"none": "none", "fine": "fine tremor", "coarse": "coarse tremor"}
)

# ---------------------------------------------------------------------------------------------
# CRS (ASTCT 2019)
CRS_DOMAINS = ("fever", "hypotension", "oxygen")
CRS_DOMAIN_LABELS: Mapping[str, str] = _frozen(
    {"fever": "fever", "hypotension": "hypotension", "oxygen": "hypoxia"}
)
HYPOTENSION_LEVELS = ("none", "fluids", "one_vasopressor", "multiple_vasopressors")
OXYGEN_LEVELS = (
    "none",
    "comfort_only",
    "other_cause",
    "low_flow",
    "high_flow",
    "positive_pressure",
)
HYPOTENSION_LABELS: Mapping[str, str] = _frozen(
    {
        "none": "none",
        "fluids": "needs fluids, no vasopressor",
        "one_vasopressor": "needs one vasopressor",
        "multiple_vasopressors": "needs several vasopressors",
    }
)
OXYGEN_LABELS: Mapping[str, str] = _frozen(
    {
        "none": "none",
        "comfort_only": "oxygen for comfort only",
        "other_cause": "oxygen for another cause (e.g. after a seizure)",
        "low_flow": "low flow (<= 6 L/min) or blow-by",
        "high_flow": "high flow (> 6 L/min), facemask, non-rebreather or Venturi",
        "positive_pressure": "positive pressure (CPAP, BiPAP, ventilation)",
    }
)

# Fever is a temperature of at least 38.0 C not explained by another cause (ASTCT 2019).
FEVER_THRESHOLD_C = 38.0
# ASTCT 2019: once antipyretics or anti-cytokine therapy (tocilizumab, steroids) have been given
# for CRS, fever is no longer required to grade it; hypotension and hypoxia drive the grade.
# The masking lasts while the drug acts, not for the rest of the course (clinical-reference.md 3):
# drug -> days after the day it is given that are still masked. Paracetamol: the day given and
# the next (1), as the reference states. Tocilizumab and steroids: the reference says "days"
# without a number; 3 (the day given and the next 3) is this casebook's teaching convention, not a
# published figure. docs/data-format.md states the windows.
FEVER_MASK_DAYS: Mapping[str, int] = _frozen(
    {
        "paracetamol": 1,
        "tocilizumab": 3,
        "dexamethasone": 3,
        "methylprednisolone": 3,
        "prednisone": 3,
    }
)
# Plausible body temperatures (input checks, not clinical rules). The engine (grade_crs) and the
# vignette schema take any temperature from 25 C (deep hypothermia) to 45 C. A course.csv
# `temperature` row is the day's maximum and has always been 30-45 C (its error message, rule
# CB207, says so); it lies inside the engine's range, so every case day can be graded.
TEMPERATURE_RANGE_C = (25.0, 45.0)
COURSE_TEMPERATURE_RANGE_C = (30.0, 45.0)

# argument (finding) name -> the words of its values, for labelled choices in the widgets
VALUE_LABELS: Mapping[str, Mapping[str, str]] = _frozen(
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
# finding name -> its allowed values (the grading engine's categories)
FINDING_NAMES: Mapping[str, tuple[str, ...]] = _frozen(
    {
        "consciousness": CONSCIOUSNESS_LEVELS,
        "seizure": SEIZURE_TYPES,
        "motor": MOTOR_FINDINGS,
        "edema": EDEMA_FINDINGS,
        "tremor": TREMOR_TYPES,
        "aphasia": APHASIA_TYPES,
        "hypotension": HYPOTENSION_LEVELS,
        "oxygen": OXYGEN_LEVELS,
    }
)

# ---------------------------------------------------------------------------------------------
# Provenance (docs/data-format.md, "Provenance"): every row, fact, day, exam and decision is
# stated by the case report or reconstructed for teaching; a course row may be a reported fact on
# a reconstructed day ("report_fact"); what the team did may also be "not_reported" (the report
# is silent, and the casebook says so instead of inventing).
PROVENANCE = ("report", "reconstructed")
# A course.csv or drugs.csv row may say which of its parts the report states: the fact, its day,
# its value (dose). "report" is all three, "reconstructed" none; "report_fact" is the fact alone
# (its day and any detail beyond it reconstructed); "report_fact_day" the fact and its day (the
# value reconstructed); "report_fact_value" the fact and its value (the day reconstructed).
COURSE_PROVENANCE = (
    "report",
    "report_fact",
    "report_fact_day",
    "report_fact_value",
    "reconstructed",
)
REPORTED_PARTS: Mapping[str, frozenset[str]] = _frozen(
    {
        "report": frozenset({"fact", "day", "value"}),
        "report_fact": frozenset({"fact"}),
        "report_fact_day": frozenset({"fact", "day"}),
        "report_fact_value": frozenset({"fact", "value"}),
        "reconstructed": frozenset(),
    }
)
TEAM_SOURCES = ("report", "reconstructed", "not_reported")
# The tag beside a fact (html.provenance_tag) ...
PROVENANCE_LABELS: Mapping[str, str] = _frozen(
    {
        "report": "report",
        "report_fact": "reported fact, reconstructed day",
        "reconstructed": "reconstructed",
        "not_reported": "not reported",
        "report_fact_day": "reported fact and day, reconstructed value",
        "report_fact_value": "reported fact and value, reconstructed day",
    }
)
# ... its tooltip (the case report's citation comes from the case: ``report_title``) ...
PROVENANCE_TITLES: Mapping[str, str] = _frozen(
    {
        "report": "Stated in the published case report",
        "report_fact": "The fact is stated in the published case report; the day it is placed "
        "on, and any detail beyond the fact, is a teaching reconstruction",
        "reconstructed": "Teaching reconstruction: illustrative, not patient data",
        "not_reported": "The report does not say",
        "report_fact_day": "The fact and its day are stated in the published case report; the "
        "value is a teaching reconstruction",
        "report_fact_value": "The fact and its value are stated in the published case report; the "
        "day it is placed on is a teaching reconstruction",
    }
)
# ... and the legend of figures and tables.
PROVENANCE_LEGEND: Mapping[str, str] = _frozen(
    {
        "report": "reported (case report)",
        # the fact is in the report; the day (and any detail) is reconstructed: drawn as
        # reconstructed
        "report_fact": "fact reported (case report); day reconstructed (teaching)",
        "reconstructed": "reconstructed (teaching)",
        "report_fact_day": "fact and day reported (case report); value reconstructed (teaching)",
        "report_fact_value": "fact and value reported (case report); day reconstructed (teaching)",
    }
)


def report_title(citation: str = "") -> str:
    """The tooltip of a "report" tag, naming the case report when its citation is known."""
    title = PROVENANCE_TITLES["report"]
    return f"{title} ({citation})" if citation else title
