"""The item vocabulary of course.csv (docs/data-format.md): items, units, allowed values.

Built on ``casebook.vocab``: the clinical words (ICANS and CRS categories, the ICE maximum, the
course temperature range) come from there, so they are written once.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from casebook.vocab import (
    APHASIA_TYPES,
    CONSCIOUSNESS_LEVELS,
    COURSE_PROVENANCE,
    COURSE_TEMPERATURE_RANGE_C,
    EDEMA_FINDINGS,
    FEVER_MASK_DAYS,
    HYPOTENSION_LEVELS,
    ICANS_DOMAINS,
    ICE_ITEM_MAXIMA,
    ICE_MAX,
    MOTOR_FINDINGS,
    OXYGEN_LEVELS,
    SEIZURE_TYPES,
    TREMOR_TYPES,
)

__all__ = [
    "CATEGORY_ITEMS",
    "CLASSIFICATIONS",
    "COURSE_PROVENANCE",
    "DRUG_ITEMS",
    "EVENTS",
    "FEVER_MASKING_DRUGS",
    "FEVER_MASK_DAYS",
    "ICE_MAXIMA",
    "ITEMS",
    "REPEATABLE_ITEMS",
    "REQUIRED_DAILY_ITEMS",
]

CLASSIFICATIONS = ("essential", "acceptable", "not_indicated", "harmful")
ICE_MAXIMA = ICE_ITEM_MAXIMA  # the ICE items' maxima (casebook.vocab, ASTCT 2019)

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
        "temperature": ("C", COURSE_TEMPERATURE_RANGE_C),
        "systolic_bp": ("mmHg", (40.0, 260.0)),
        "diastolic_bp": ("mmHg", (20.0, 160.0)),
        "heart_rate": ("bpm", (20.0, 250.0)),
        "spo2": ("%", (50.0, 100.0)),
        "hypotension": ("-", HYPOTENSION_LEVELS),
        "oxygen": ("-", OXYGEN_LEVELS),
        "il6": ("pg/mL", (0.0, None)),
        "ifn_gamma": ("pg/mL", (0.0, None)),
        "crp": ("mg/L", (0.0, None)),
        "ferritin": ("ng/mL", (0.0, None)),
        "sodium": ("mmol/L", (100.0, 190.0)),
        "glucose": ("mmol/L", (0.5, 60.0)),
        "ice": ("points", (0.0, float(ICE_MAX))),
        "consciousness": ("-", CONSCIOUSNESS_LEVELS),
        "seizure": ("-", SEIZURE_TYPES),
        "motor": ("-", MOTOR_FINDINGS),
        "edema": ("-", EDEMA_FINDINGS),
        "aphasia": ("-", APHASIA_TYPES),
        "tremor": ("-", TREMOR_TYPES),
        "headache": ("-", ("none", "present")),
        "excluded_domain": ("-", ICANS_DOMAINS),
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

# The drugs that mask a fever, and for how long: casebook.vocab.FEVER_MASK_DAYS (ASTCT 2019;
# the windows are documented in docs/data-format.md).
FEVER_MASKING_DRUGS = tuple(FEVER_MASK_DAYS)
