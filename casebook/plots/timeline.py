"""The course figure's bottom panel: abnormal findings, drugs (dose in mg/day) and events, one
row each, from the visible days only. Event labels are shared with the course table."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from casebook.model import DRUG_ITEMS, EVENTS, DrugDose, Observation
from casebook.plots.style import (
    BLACK,
    BLUE,
    GREEN,
    VERMILLION,
    note_html,
    number,
    provenance,
    symbol,
)
from casebook.plots.style import words as _words
from casebook.vocab import FINDING_LABELS

if TYPE_CHECKING:  # plotly is imported when a function is called
    import plotly.graph_objects as go

    from casebook.plots.sketch import Sketch

# Findings that feed the grades (shown when not normal), with short marker words.
FINDING_ROWS = {
    "consciousness": (
        "Consciousness",
        {
            "awakens_spontaneously": "drowsy",
            "awakens_to_voice": "voice",
            "awakens_to_touch": "touch",
            "unarousable": "unarousable",
        },
    ),
    "seizure": ("Seizure", {"rapidly_resolving": "brief", "prolonged_or_repetitive": "prolonged"}),
    "motor": ("Motor weakness", {"deep_focal_weakness": "focal"}),
    "edema": (FINDING_LABELS["edema"], {"focal": "focal", "diffuse": "diffuse"}),
    "aphasia": ("Aphasia", {"expressive": "expressive", "global": "global"}),
    "tremor": ("Tremor", {"fine": "fine", "coarse": "coarse"}),
    "headache": ("Headache", {"present": ""}),
    "hypotension": (
        "Hypotension (CRS)",
        {
            "fluids": "fluids",
            "one_vasopressor": "1 pressor",
            "multiple_vasopressors": "≥2 pressors",
        },
    ),
    "oxygen": (
        "Oxygen (CRS)",
        {
            "comfort_only": "comfort",
            "low_flow": "low flow",
            "high_flow": "high flow",
            "positive_pressure": "CPAP/vent",
        },
    ),
}
DRUG_LABELS = {drug: drug.capitalize() for drug in DRUG_ITEMS} | {
    "intrathecal_chemo": "Intrathecal chemo"
}
EVENT_LABELS = {
    "lymphodepletion": "Lymphodepletion",
    "cell_infusion": "Cell infusion",
    "admission": "Admission",
    "neurology_review": "Neurology review",
    "ct_head": "CT head",
    "mri_brain": "MRI brain",
    "eeg": "EEG",
    "lumbar_puncture": "Lumbar puncture",
    "icu_admission": "ICU admission",
    "intubation": "Intubation",
    "extubation": "Extubation",
    "icu_discharge": "ICU discharge",
    "discharge": "Discharge",
    "crs_resolved": "CRS judged resolved",
}
# Investigation results: item -> (row label, value -> short marker word). Numbers are written
# as they are; the hover gives the full value with its unit and the note.
RESULT_ROWS = {
    "csf_wbc": ("CSF white cells (/µL)", {}),
    "csf_protein": ("CSF protein (g/L)", {}),
    "csf_cytology": (
        "CSF cytology",
        {
            "no_abnormal_cells": "normal",
            "lymphocytic_pleocytosis": "lymphocytic",
            "neutrophilic_pleocytosis": "neutrophilic",
            "malignant_cells": "malignant",
            "hemophagocytosis": "hemophagocytosis",
            "other": "other",
        },
    ),
    "csf_culture": ("CSF culture", {"negative": "neg.", "positive": "pos."}),
    "ct_head_result": ("CT head result", {}),
    "mri_brain_result": ("MRI brain result", {}),
    "eeg_result": ("EEG result", {}),
}
# Marker group -> (symbol, colour, kind).
_GROUP_STYLE = {
    "finding": ("triangle-up", VERMILLION, "Finding"),
    "result": ("star", GREEN, "Result"),
    "drug": ("square", BLUE, "Drug"),
    "event": ("diamond", BLACK, "Event"),
}


def event_label(event: str) -> str:
    return EVENT_LABELS.get(event) or html.escape(_words(event).capitalize())


def timeline_rows(
    obs: list[Observation], drugs: Sequence[DrugDose] = ()
) -> tuple[list[str], dict[str, list]]:
    """Row labels (top to bottom) and the points of each marker group, from visible data only:
    course rows ``obs`` and drugs.csv rows ``drugs``."""
    groups: dict[str, list] = {"finding": [], "result": [], "drug": [], "event": []}
    findings_seen, drugs_seen, events_seen = set(), set(), set()
    results_seen: set[str] = set()
    for o in obs:
        if o.item in FINDING_ROWS:
            label, marks = FINDING_ROWS[o.item]
            if o.value not in marks:
                continue  # normal ("none", "alert") is not drawn
            findings_seen.add(o.item)
            groups["finding"].append((o, label, marks[o.value], _words(o.value)))
        elif o.item in DRUG_LABELS:
            drugs_seen.add(o.item)
            if isinstance(o.value, float):
                text, value = number(o.value), f"{number(o.value)} {o.unit}"
            else:
                text, value = "", _words(o.value)
            groups["drug"].append((o, DRUG_LABELS[o.item], text, value))
        elif o.item in RESULT_ROWS:
            label, marks = RESULT_ROWS[o.item]
            results_seen.add(o.item)
            if isinstance(o.value, float):
                text = value = number(o.value)
                value = f"{value} {o.unit}"
            else:
                text, value = marks.get(str(o.value), _words(o.value)), _words(o.value)
            groups["result"].append((o, label, text, value))
        elif o.item == "event":
            events_seen.add(o.value)
            groups["event"].append((o, event_label(o.value), "", "event"))
    drug_rows: list[str] = []
    units: dict[str, set[str]] = {}
    frequencies: dict[str, set[str]] = {}
    for d in drugs:
        units.setdefault(d.label, set()).add(d.unit)
        frequencies.setdefault(d.label, set()).add(d.frequency)
    shown: dict[str, str] = {}  # row -> the dose last written on it
    for d in drugs:
        label, unit = d.label, units[d.label] - {""}
        if len(unit) == 1:  # one unit on the row: in its label, so the markers carry numbers only
            (only,) = unit
            label = f"{label[:-1]}, {only})" if label.endswith(")") else f"{label} ({only})"
        if label not in drug_rows:
            drug_rows.append(label)
        dose = "" if d.dose is None else number(d.dose)
        if len(unit) > 1 and d.dose is not None:
            dose += f" {d.unit}"
        if len(frequencies[d.label]) > 1:  # a change of schedule is a change (a taper)
            dose = f"{dose} {d.frequency}".strip()
        # the dose is written where it starts or changes; every marker's hover has it
        text = dose if shown.get(label) != dose else ""
        shown[label] = dose
        groups["drug"].append((d, label, text, d.text))
    course_drugs = [DRUG_LABELS[k] for k in DRUG_LABELS if k in drugs_seen]
    rows = (
        [FINDING_ROWS[k][0] for k in FINDING_ROWS if k in findings_seen]
        + [RESULT_ROWS[k][0] for k in RESULT_ROWS if k in results_seen]
        + course_drugs
        + [r for r in drug_rows if r not in course_drugs]
        + [
            event_label(k)
            for k in (*EVENTS, *sorted(events_seen - set(EVENTS)))
            if k in events_seen
        ]
    )
    return rows, groups


def label_positions(
    entries: Sequence[tuple], days: Sequence[int] | None = None
) -> tuple[list[str], list[str]]:
    """The marker words of ``entries`` (observation or drug, row, text, value) as drawn, and
    where each goes. A row's word is written where it starts or changes: a run of the same word
    on consecutive days is written once (the hover has every day's value). A word above its
    marker, except where the row's previous word is on the day before (``days``: the case's
    days): then the two go apart, the earlier to the left (unless on the first day) and the
    later to the right; a third in a row goes below, so that neighbouring words never overlap."""
    index = {d: i for i, d in enumerate(days)} if days else {}
    first = days[0] if days else None

    def step(a: int, b: int) -> int:
        return index[b] - index[a] if a in index and b in index else b - a

    shown = [""] * len(entries)
    places = ["top center"] * len(entries)
    last: dict[str, tuple[int, str]] = {}  # row -> (day, word) of its previous entry
    written: dict[str, tuple[int, int]] = {}  # row -> (day, entry) of its previous written word
    for i in sorted(range(len(entries)), key=lambda i: entries[i][0].day):
        day, row, word = entries[i][0].day, entries[i][1], entries[i][2]
        previous = last.get(row)
        last[row] = (day, word)
        if not word or (previous and previous[1] == word and step(previous[0], day) == 1):
            continue
        shown[i] = word
        before = written.get(row)
        written[row] = (day, i)
        if not before or step(before[0], day) != 1:
            continue
        j = before[1]
        if places[j] == "top center":
            if before[0] != first:
                places[j] = "top left"
            places[i] = "top right"
        else:
            places[i] = "bottom center"
    return shown, places


def timeline_panel(
    fig: go.Figure | Sketch,
    row: int,
    rows: list[str],
    groups: dict[str, list],
    days: Sequence[int] | None = None,
) -> None:
    """One trace per marker group (findings, results, drugs, events) on the rows ``rows``;
    ``days`` (the case's days) tell which days are neighbours (``label_positions``)."""
    for key, entries in groups.items():
        if not entries:
            continue
        base, color, kind = _GROUP_STYLE[key]
        shown, places = label_positions(entries, days)
        fig.add_trace(
            dict(
                type="scatter",
                x=[o.day for o, *_ in entries],
                y=[label for _, label, *_ in entries],
                mode="markers+text",
                text=shown,
                textposition=places,
                textfont={"size": 10, "color": color},
                marker={
                    "symbol": [symbol(base, o.source) for o, *_ in entries],
                    "size": 10,
                    "color": color,
                    "line": {"color": color, "width": 1.5},
                },
                customdata=[
                    [html.escape(value), note_html(o.note), provenance(o.source)]
                    for o, _, _, value in entries
                ],
                hovertemplate=(
                    f"<b>%{{y}}</b> ({kind.lower()}) · day %{{x}}<br>%{{customdata[0]}}"
                    "%{customdata[1]}<br><i>%{customdata[2]}</i><extra></extra>"
                ),
                showlegend=False,
                name=kind,
                cliponaxis=False,
            ),
            row=row,
            col=1,
        )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=rows,
        autorange="reversed",
        range=None,
        showgrid=True,
        row=row,
        col=1,
    )
