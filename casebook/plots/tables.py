"""Styled tables (pandas ``Styler``): the course day by day, the patient's facts, the risk figures.

Text from the case files is HTML-escaped by the Styler; every table has a fixed id so that
``.to_html()`` gives the same output on every run. Nothing here reads files.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from casebook.model import Case
from casebook.plots.points import check_until_day, daily_until
from casebook.plots.style import (
    case_label,
    grade_css,
    number,
    shown_title,
    table_styles,
)
from casebook.plots.style import words as _words
from casebook.plots.timeline import EVENT_LABELS
from casebook.vocab import ICE_MAX, PROVENANCE_LABELS, PROVENANCE_LEGEND

if TYPE_CHECKING:  # pandas is imported when a function is called
    from pandas.io.formats.style import Styler

__all__ = ["course_table", "patient_table", "risk_table"]

_ICE_COLUMN = f"ICE (0-{ICE_MAX})"
_COURSE_COLUMNS = {
    "day": "Day",
    "temperature": "Temp (C)",
    "crs_grade": "CRS grade",
    "ice": _ICE_COLUMN,
    "consciousness": "Consciousness",
    "seizure": "Seizure",
    "icans_grade": "ICANS grade",
    "blinatumomab": "Blinatumomab (mcg/day)",
    "blinatumomab_status": "Blinatumomab status",
    "il6": "IL-6 (pg/mL)",
    "crp": "CRP (mg/L)",
    "ferritin": "Ferritin (ng/mL)",
    "sodium": "Sodium (mmol/L)",
    "results": "Results",
    "drugs": "Drugs",
    "events": "Events",
    "source": "Provenance",
}
# Columns shown only when the course fills them (a CAR-T case has no blinatumomab columns).
_OPTIONAL_COLUMNS = (
    "blinatumomab",
    "blinatumomab_status",
    "il6",
    "crp",
    "ferritin",
    "sodium",
    "results",
    "drugs",
    "events",
)
# The course table's provenance column is narrow: "reported" stands for "reported (case report)".
_COURSE_PROVENANCE = {"report": "reported", "reconstructed": PROVENANCE_LEGEND["reconstructed"]}
_FACT_LABELS = {
    "age": "Age (years)",
    "sex": "Sex",
    "diagnosis": "Diagnosis",
    "disease_status": "Disease status",
    "genetics": "Genetics",
    "prior_therapy": "Prior therapy",
    "weight_band": "Weight",
    "regimen": "Regimen",
    "premedication": "Premedication",
    "hospitalization": "Hospital stay",
}
_FACT_PROVENANCE = {**PROVENANCE_LEGEND, "not_reported": PROVENANCE_LABELS["not_reported"]}
_RISK_GROUP_LABELS = {
    "incidence": "How often: neurological events",
    "risk_factor": "Risk factor for neurological events",
    "crs": "How often and when: CRS",
    "hypothesis": "The case authors' hypothesis",
}
_EVIDENCE_LABELS = {
    "published": "published figure",
    "hypothesis": "hypothesis only, not a finding",
}


def course_table(case: Case, *, until_day: int | None = None) -> Styler:
    """``case.daily()`` as a styled table, one row per day up to ``until_day`` (default: all).

    Headers carry units; ICANS and CRS grades are computed by the engine, written as numbers and
    highlighted by background colour; text from the case files is HTML-escaped. The table id is
    fixed (``course-<case id>``) so that ``.to_html()`` gives the same output on every run.
    """
    last = check_until_day(case, until_day)
    daily = daily_until(case, last)
    table = daily[shown_columns(case)].rename(columns=_COURSE_COLUMNS)
    # An empty ICE is "not testable" (unarousable) on a day whose neurology was assessed, and
    # "–" (not assessed) on a day without neurological findings (e.g. lymphodepletion).
    unassessed = daily["icans_grade"].isna()
    if unassessed.any():
        table[_ICE_COLUMN] = table[_ICE_COLUMN].astype(object).where(~unassessed, "–")

    def words(value: Any) -> str:
        return _words(value) if value else ""

    def events(value: Any) -> str:  # already HTML-escaped by the Styler
        return ", ".join(EVENT_LABELS.get(e, _words(e)) for e in str(value).split(", ") if e)

    def as_number(value: Any) -> str:
        return number(float(value))

    numeric = ["IL-6 (pg/mL)", "CRP (mg/L)", "Ferritin (ng/mL)", "Blinatumomab (mcg/day)"]
    from pandas.io.formats.style import Styler

    shown = set(table.columns)
    zero = case.therapy.day_zero_tick

    # cell_ids=False: only styled (grade) cells carry an id, which keeps the HTML small.
    return (
        Styler(table, cell_ids=False)
        .format(
            {
                k: v
                for k, v in {
                    "Day": lambda d: f"0 ({zero})" if d == 0 else str(d),
                    "Temp (C)": "{:.1f}",
                    "Sodium (mmol/L)": "{:.0f}",
                    **dict.fromkeys(numeric, as_number),
                    **dict.fromkeys(
                        ["Consciousness", "Seizure", "Blinatumomab status", "Drugs"], words
                    ),
                    "Results": words,
                    "Events": events,
                    "Provenance": lambda s: _COURSE_PROVENANCE.get(s, s),
                    "ICANS grade": "{:d}",
                    "CRS grade": "{:d}",
                }.items()
                if k in shown
            },
            na_rep="–",
            escape="html",
        )
        .format(_ice_text, subset=[_ICE_COLUMN], na_rep="not testable", escape="html")
        .map(grade_css, subset=["ICANS grade", "CRS grade"])
        .hide(axis="index")
        .set_uuid(f"course-{case.id}")
        .set_caption(
            f"{html.escape(shown_title(case, last))}: course, "
            f"days {min(case.day_numbers)}{' to ' if min(case.day_numbers) < 0 else '-'}{last}. "
            "Grades are computed from the findings (ASTCT 2019). For education only."
        )
        .set_table_styles(table_styles(top_aligned=False))
    )


def _ice_text(value: Any) -> str:
    """An ICE total as a whole number; "–" (a day not assessed) as it is."""
    return value if isinstance(value, str) else f"{int(value):d}"


def shown_columns(case: Case) -> list[str]:
    """The ``daily()`` columns of ``case``'s course table: every column, less the optional ones
    the whole course never fills (decided on the whole course, so that the columns do not change
    while the stepper reveals days)."""
    daily = case.daily()
    empty = {
        col
        for col in _OPTIONAL_COLUMNS
        if daily[col].isna().all() or (daily[col].astype(str).str.strip() == "").all()
    }
    return [col for col in _COURSE_COLUMNS if col not in empty]


def _fact_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def patient_table(case: Case) -> Styler:
    """The patient's facts, one row each, with provenance ("reported (case report)" or
    "reconstructed (teaching)") and the note that explains a reconstruction. Text from the case
    files is HTML-escaped; the table id is fixed (``patient-<case id>``)."""
    import pandas as pd
    from pandas.io.formats.style import Styler

    labels = dict(_FACT_LABELS, regimen=f"{_capital(case.therapy.label)} regimen")
    rows = [
        {
            "Fact": labels.get(name, _words(name).capitalize()),
            "Value": (
                PROVENANCE_LABELS["not_reported"]
                if fact.source == "not_reported"
                else _fact_text(fact.value)
            ),
            "Provenance": _FACT_PROVENANCE.get(fact.source, fact.source),
            "Note": fact.note,
        }
        for name, fact in case.patient.facts.items()
    ]
    table = pd.DataFrame(rows, columns=["Fact", "Value", "Provenance", "Note"])
    return (
        Styler(table, cell_ids=False)
        .format(escape="html")
        .hide(axis="index")
        .set_uuid(f"patient-{case.id}")
        .set_caption(f"{html.escape(case_label(case, escape=False))}: the patient")
        .set_table_styles(table_styles())
    )


def risk_table(figures: Iterable[Any]) -> Styler:
    """The figures of ``casebook.load_risk_factors()`` as a styled table: what, figure,
    population or setting, evidence, source and note. Hypothesis rows are set in italics and
    say so in words. Text is HTML-escaped; the table id is fixed (``risk-factors``)."""
    import pandas as pd
    from pandas.io.formats.style import Styler

    rows = [
        {
            "What": _RISK_GROUP_LABELS.get(f.group, _words(f.group)),
            "Finding": f.finding,
            "Figure": f.figure,
            "Population or setting": f.population,
            "Evidence": _EVIDENCE_LABELS.get(f.evidence, f.evidence),
            "Source": f.citation,
            "Note": f.note,
        }
        for f in figures
    ]
    if not rows:
        raise ValueError("risk_table needs at least one figure (casebook.load_risk_factors())")
    table = pd.DataFrame(rows)
    hypothesis = _EVIDENCE_LABELS["hypothesis"]

    def italic_if_hypothesis(row: Any) -> list[str]:
        css = (
            "font-style: italic; background-color: #F3F4F6" if row["Evidence"] == hypothesis else ""
        )
        return [css] * len(row)

    return (
        Styler(table, cell_ids=False)
        .format(escape="html")
        .apply(italic_if_hypothesis, axis=1)
        .hide(axis="index")
        .set_uuid("risk-factors")
        .set_caption(
            "Neurological events and CRS on blinatumomab: how often, who is at risk, and what"
            " the case authors propose. For education only."
        )
        .set_table_styles(table_styles())
    )
