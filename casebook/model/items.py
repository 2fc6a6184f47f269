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
    "CSF_ITEMS",
    "DRUG_FREQUENCIES",
    "DRUG_ITEMS",
    "DRUG_ROUTES",
    "DRUG_UNITS",
    "EVENTS",
    "FEVER_MASKING_DRUGS",
    "FEVER_MASK_DAYS",
    "ICE_MAXIMA",
    "ITEMS",
    "LAB_ITEMS",
    "MAX_DAY",
    "MIN_DAY",
    "REPEATABLE_ITEMS",
    "REQUIRED_DAILY_ITEMS",
    "RESULT_ITEMS",
    "UNIT_CONVERSIONS",
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
    "lymphodepletion",
    "cell_infusion",
)

# Days: negative days are before day 0 (e.g. lymphodepletion on days -5 to -3 before a CAR-T
# cell infusion on day 0). The range catches typos (day 100000), not clinical limits.
MIN_DAY = -60
MAX_DAY = 365

# Laboratory values beyond the inflammatory markers, in SI units: item -> (unit, range).
# The ranges are plausibility limits for input checks, not reference ranges.
LAB_ITEMS: Mapping[str, tuple[str, tuple]] = MappingProxyType(
    {
        "ldh": ("U/L", (0.0, None)),
        "fibrinogen": ("g/L", (0.0, 20.0)),
        "d_dimer": ("mg/L", (0.0, None)),
        "triglycerides": ("mmol/L", (0.0, 60.0)),
        "platelets": ("10^9/L", (0.0, 3000.0)),
        "wbc": ("10^9/L", (0.0, 1000.0)),
        "neutrophils": ("10^9/L", (0.0, 500.0)),
        "hemoglobin": ("g/L", (10.0, 250.0)),
        "creatinine": ("umol/L", (0.0, 3000.0)),
        "alt": ("U/L", (0.0, None)),
        "ast": ("U/L", (0.0, None)),
        "bilirubin": ("umol/L", (0.0, 1500.0)),
        "magnesium": ("mmol/L", (0.1, 5.0)),
    }
)
# Cerebrospinal fluid: counts and chemistry (numbers), cytology and culture (coded words; the
# note holds the detail, e.g. a flow cytometry result).
CSF_ITEMS: Mapping[str, tuple[str, tuple]] = MappingProxyType(
    {
        "csf_wbc": ("cells/uL", (0.0, None)),
        "csf_rbc": ("cells/uL", (0.0, None)),
        "csf_protein": ("g/L", (0.0, 50.0)),
        "csf_glucose": ("mmol/L", (0.0, 30.0)),
        "csf_cytology": (
            "-",
            (
                "no_abnormal_cells",
                "lymphocytic_pleocytosis",
                "neutrophilic_pleocytosis",
                "malignant_cells",
                "hemophagocytosis",
                "other",
            ),
        ),
        "csf_culture": ("-", ("negative", "positive")),
    }
)
# Imaging and EEG findings as coded results; the note holds the report's own words.
RESULT_ITEMS: Mapping[str, tuple[str, tuple]] = MappingProxyType(
    {
        "ct_head_result": ("-", ("normal", "edema", "hemorrhage", "other")),
        "mri_brain_result": (
            "-",
            (
                "normal",
                "edema_focal",
                "edema_diffuse",
                "leptomeningeal_enhancement",
                "white_matter_changes",
                "hemorrhage",
                "other",
            ),
        ),
        "eeg_result": (
            "-",
            (
                "normal",
                "diffuse_slowing",
                "focal_slowing",
                "epileptiform_discharges",
                "nonconvulsive_status",
                "other",
            ),
        ),
    }
)

# A wrong unit with a known conversion: (item, unit written) -> (factor, how to convert).
# Multiply the value by the factor to get the item's unit (None: not a plain factor).
UNIT_CONVERSIONS: Mapping[tuple[str, str], tuple[float | None, str]] = MappingProxyType(
    {
        ("crp", "mg/dL"): (10.0, "mg/dL x 10 = mg/L"),
        ("crp", "mg/l"): (1.0, "mg/l is mg/L: write the unit exactly"),
        ("temperature", "F"): (None, "(F - 32) / 1.8 = C"),
        ("temperature", "degC"): (1.0, "degC is C: write the unit exactly"),
        ("temperature", "°C"): (1.0, "°C is C: write the unit exactly"),
        ("sodium", "mEq/L"): (1.0, "mEq/L = mmol/L for sodium"),
        ("glucose", "mg/dL"): (0.0555, "mg/dL / 18 = mmol/L"),
        ("ferritin", "ug/L"): (1.0, "ug/L = ng/mL"),
        ("ferritin", "µg/L"): (1.0, "µg/L = ng/mL"),
        ("il6", "ng/L"): (1.0, "ng/L = pg/mL"),
        ("ifn_gamma", "ng/L"): (1.0, "ng/L = pg/mL"),
        ("fibrinogen", "mg/dL"): (0.01, "mg/dL / 100 = g/L"),
        ("csf_protein", "mg/dL"): (0.01, "mg/dL / 100 = g/L"),
        ("csf_glucose", "mg/dL"): (0.0555, "mg/dL / 18 = mmol/L"),
        ("creatinine", "mg/dL"): (88.4, "mg/dL x 88.4 = umol/L"),
        ("bilirubin", "mg/dL"): (17.1, "mg/dL x 17.1 = umol/L"),
        ("triglycerides", "mg/dL"): (0.0113, "mg/dL / 88.5 = mmol/L"),
        ("hemoglobin", "g/dL"): (10.0, "g/dL x 10 = g/L"),
        ("magnesium", "mg/dL"): (0.411, "mg/dL x 0.411 = mmol/L"),
        ("ldh", "IU/L"): (1.0, "IU/L = U/L"),
        ("alt", "IU/L"): (1.0, "IU/L = U/L"),
        ("ast", "IU/L"): (1.0, "IU/L = U/L"),
        ("d_dimer", "ng/mL"): (0.001, "ng/mL / 1000 = mg/L"),
        ("d_dimer", "ug/mL"): (1.0, "ug/mL = mg/L"),
        ("platelets", "10^3/uL"): (1.0, "10^3/uL = 10^9/L"),
        ("wbc", "10^3/uL"): (1.0, "10^3/uL = 10^9/L"),
        ("neutrophils", "10^3/uL"): (1.0, "10^3/uL = 10^9/L"),
        ("csf_wbc", "cells/mm3"): (1.0, "cells/mm3 = cells/uL"),
        ("csf_rbc", "cells/mm3"): (1.0, "cells/mm3 = cells/uL"),
        ("blinatumomab", "ug/day"): (1.0, "ug/day = mcg/day"),
    }
)

# drugs.csv (any drug as a row): units, routes, frequencies; administrations per day of each
# frequency (None: not a fixed number), for the daily total in mg.
DRUG_UNITS = ("mg", "mg/kg", "mg/m2", "mcg", "mcg/kg", "g")
DRUG_ROUTES = ("IV", "PO", "IT", "SC", "IM")
DRUG_FREQUENCIES: Mapping[str, int | None] = MappingProxyType(
    {
        "once": 1,
        "daily": 1,
        "bid": 2,
        "tid": 3,
        "qid": 4,
        "q6h": 4,
        "q8h": 3,
        "q12h": 2,
        "continuous": None,
        "prn": None,
    }
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
        **LAB_ITEMS,
        **CSF_ITEMS,
        **RESULT_ITEMS,
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
