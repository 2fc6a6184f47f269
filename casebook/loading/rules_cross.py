"""Rules across the files of a case folder (CB501, CB503-CB507), and the grades the engine
computes from the built case (CB508, CB509)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from casebook.loading.course import CourseRow
from casebook.loading.drugs import DrugRow
from casebook.loading.problems import rule
from casebook.loading.readers import YamlDoc
from casebook.model import Case
from casebook.model.day import NEURO_ITEMS

if TYPE_CHECKING:
    from casebook.loading.checker import Checker

__all__ = [
    "check_case_days",
    "check_decision_days",
    "check_grades",
    "check_ice_totals",
    "check_reported_grades",
    "check_team_actions",
]


@rule("CB501")
def check_case_days(ck: Checker, case: YamlDoc, days: list[int]) -> None:
    """case.yaml's days, in order and once each, include every day that has rows (``days``); a
    listed day may have no rows (a day told only in words)."""
    listed = [d["day"] for d in case.data["days"]]
    for i, day in enumerate(listed):
        path = ["days", i, "day"]
        if listed.count(day) > 1 and listed.index(day) != i:
            message = f"day {day} is listed twice"
        elif i and day < listed[i - 1]:
            message = f"day {day} comes after day {listed[i - 1]}"
        else:
            continue
        ck.add_at(
            "CB501",
            case,
            path,
            message,
            value=day,
            expected="the days of the case in order, once each",
        )
    for day in days:
        if day not in listed:
            ck.add(
                "CB501",
                case.name,
                f"course.csv or drugs.csv has day {day} but case.yaml days has no entry for it",
                line=case.line(["days"]),
                field="days",
                value=day,
                expected="one entry (day, title, narrative, source) per day of the course",
            )


@rule("CB212", "CB503", "CB504", "CB505", "CB506")
def check_ice_totals(ck: Checker, rows: list[CourseRow], exams: YamlDoc, days: list[int]) -> None:
    """``days``: the days of the case (case.yaml's, else the course's)."""
    exam_at = {e["day"]: (i, e) for i, e in enumerate(exams.data["exams"])}
    ice_rows = {r.day: r for r in rows if r.item == "ice"}
    consciousness = {r.day: r.value for r in rows if r.item == "consciousness"}
    neuro_days = sorted({r.day for r in rows if r.item in NEURO_ITEMS and r.day is not None})
    for day in neuro_days:
        if day in exam_at and day in ice_rows:
            r = ice_rows[day]
            ck.add(
                "CB505",
                "course.csv",
                f"day {day} has an 'ice' row and a bedside exam in exams.yaml",
                row=r.row,
                line=r.line,
                field="item",
                value=r.raw,
                expected="no 'ice' row on an exam day (the exam's items give the total)",
            )
        elif day not in exam_at and day not in ice_rows:
            ck.add(
                "CB504",
                "course.csv",
                f"day {day} has neurological findings but no ICE total",
                field="item",
                value=day,
                expected="an 'ice' row, or a bedside exam for that day in exams.yaml",
            )
    for day, (i, exam) in sorted(exam_at.items()):
        path = ["exams", i, "day"]
        if day not in days:
            ck.add_at(
                "CB503",
                exams,
                path,
                f"exam on day {day}, which is not a day of the case",
                value=day,
                expected=f"one of the days of the case (case.yaml days): {days}",
            )
        elif day not in neuro_days:
            ck.add_at(
                "CB212",
                exams,
                path,
                f"exam on day {day}, but course.csv has no consciousness, seizure or motor "
                "row that day",
                value=day,
                expected="consciousness, seizure and motor rows in course.csv on the exam's day",
            )
        elif not exam["testable"] and consciousness.get(day) not in (None, "unarousable"):
            ck.add(
                "CB506",
                exams.name,
                f"exam on day {day} is not testable, but consciousness that day is "
                f"{consciousness[day]!r}",
                line=exams.line(["exams", i, "testable"]),
                field=f"exams[{i}].testable",
                value=False,
                expected="testable: true, or consciousness 'unarousable' that day in "
                "course.csv (ASTCT 2019: ICE cannot be done only when unarousable)",
            )


@rule("CB507")
def check_decision_days(ck: Checker, doc: YamlDoc, days: list[int]) -> None:
    for i, dec in enumerate(doc.data["decisions"]):
        if dec["day"] not in days:
            path = ["decisions", i, "day"]
            ck.add_at(
                "CB507",
                doc,
                path,
                f"decision {dec['id']!r} is on day {dec['day']}, not a day of the case",
                value=dec["day"],
                expected=f"one of the days of the case (case.yaml days): {days}",
            )


@rule("CB508", "CB509")
def check_grades(ck: Checker, case: Case, doc: YamlDoc) -> None:
    """The engine grades every day; its peak matches what the report states."""
    grades: dict[int, int] = {}
    failed = False
    for day in case.day_numbers:
        view = case.day(day)
        try:
            icans = view.icans
            view.crs  # noqa: B018 - grading the CRS is the check
        except ValueError as exc:
            failed = True
            ck.add(
                "CB508",
                "course.csv",
                f"the grading engine cannot grade day {day}: {exc}",
                field="day",
                value=day,
                expected="findings the engine accepts (see docs/data-format.md)",
            )
            continue
        if icans is not None:
            grades[day] = icans.grade
    if failed or not grades:
        return
    reported = doc.data["reported"]
    peak = max(grades.values())
    peak_day = min(d for d, g in grades.items() if g == peak)
    if peak != reported["icans_peak"]:
        ck.add(
            "CB509",
            doc.name,
            f"the computed ICANS peak is grade {peak} (day {peak_day}), the report states "
            f"grade {reported['icans_peak']}",
            line=doc.line(["reported", "icans_peak"]),
            field="reported.icans_peak",
            value=reported["icans_peak"],
            expected="course findings whose computed peak is the reported grade",
        )
    elif reported.get("icans_peak_day") is not None and reported["icans_peak_day"] != peak_day:
        ck.add(
            "CB509",
            doc.name,
            f"the computed ICANS peak (grade {peak}) is first reached on day {peak_day}, the "
            f"report states day {reported['icans_peak_day']}",
            line=doc.line(["reported", "icans_peak_day"]),
            field="reported.icans_peak_day",
            value=reported["icans_peak_day"],
            expected="course findings that first reach the peak on the reported day",
        )


@rule("CB510")
def check_reported_grades(ck: Checker, case: Case, doc: YamlDoc) -> None:
    """Every grade the report states on a day equals the grade computed from that day."""
    for i, entry in enumerate(doc.data["reported"].get("grades", [])):
        day = entry["day"]
        if day not in case.day_numbers:
            ck.add_at(
                "CB510",
                doc,
                ["reported", "grades", i, "day"],
                f"the report's grade is on day {day}, which is not a day of the case",
                value=day,
                expected=f"one of the days of the case: {list(case.day_numbers)}",
            )
            continue
        view = case.day(day)
        for domain in ("icans", "crs"):
            stated = entry.get(domain)
            if stated is None:
                continue
            grade = view.icans if domain == "icans" else view.crs
            if grade is not None and grade.grade == stated:
                continue
            computed = (
                "no grade (no findings for it that day)"
                if grade is None
                else f"grade {grade.grade} ({grade.summary})"
            )
            ck.add_at(
                "CB510",
                doc,
                ["reported", "grades", i, domain],
                f"the report states {domain.upper()} grade {stated} on day {day}; the course's "
                f"findings give {computed}",
                value=stated,
                expected=f"findings on day {day} whose computed {domain.upper()} grade is "
                f"{stated} (change the findings, or correct the reported grade)",
            )


# Words in a team action's text that name a course event, for actions without a `course:` list.
EVENT_WORDS: dict[str, re.Pattern[str]] = {
    "neurology_review": re.compile(r"\bneurolog(y|ist|ical) (review|consult)", re.I),
    "eeg": re.compile(r"\beeg\b", re.I),
    "lumbar_puncture": re.compile(r"\blumbar puncture\b", re.I),
    "mri_brain": re.compile(r"\bmri\b", re.I),
    "ct_head": re.compile(r"\b(cranial|head) ct\b|\bct (of the )?head\b", re.I),
    "icu_admission": re.compile(r"\bicu\b|\bintensive care\b", re.I),
}


def _course_index(rows: list[CourseRow], drugs: list[DrugRow]) -> dict[tuple[int, str], Any]:
    """(day, name) -> the first row of that day naming it: an item, an event or a drug."""
    index: dict[tuple[int, str], Any] = {}
    for r in rows:
        if r.day is None:
            continue
        index.setdefault((r.day, r.item), r)
        if r.item == "event" and isinstance(r.value, str):
            index.setdefault((r.day, r.value), r)
    for d in drugs:
        if d.day is not None:
            index.setdefault((d.day, d.drug), d)
    return index


@rule("CB511")
def check_team_actions(
    ck: Checker, doc: YamlDoc, rows: list[CourseRow], drugs: list[DrugRow]
) -> None:
    """What the team did agrees with the course on the decision day and the next day.

    A team action names the course rows it is about in ``course:`` (events, items, drugs);
    without it, a not_reported action whose text names an event (an EEG, a neurology review...)
    is checked against that event. ``not_reported`` with a row whose fact is reported is a
    contradiction; a reported or reconstructed action needs its row.
    """
    index = _course_index(rows, drugs)
    for i, dec in enumerate(doc.data["decisions"]):
        days = (dec["day"], dec["day"] + 1)
        for j, action in enumerate(dec.get("team_did", [])):
            linked = list(action.get("course", []))
            names = linked or (
                [e for e, words in EVENT_WORDS.items() if words.search(action["text"])]
                if action["source"] == "not_reported"
                else []
            )
            for k, name in enumerate(names):
                hit = next((index[(d, name)] for d in days if (d, name) in index), None)
                path = ["decisions", i, "team_did", j] + (["course", k] if linked else ["source"])
                file = "drugs.csv" if isinstance(hit, DrugRow) else "course.csv"
                if action["source"] == "not_reported":
                    if hit is None or hit.source == "reconstructed":
                        continue  # a reconstruction may fill what the report does not say
                    ck.add_at(
                        "CB511",
                        doc,
                        path,
                        f"the team action says the report does not state it, but {file} row "
                        f"{hit.row} ({name!r} on day {hit.day}) has source {hit.source!r}",
                        value=name,
                        expected="the same provenance in both places: source report for the "
                        "team action, or a reconstructed course row",
                    )
                elif hit is None:
                    ck.add_at(
                        "CB511",
                        doc,
                        path,
                        f"the team action names {name!r}, but the course has no such row on "
                        f"day {days[0]} or day {days[1]}",
                        value=name,
                        expected=f"a course.csv or drugs.csv row {name!r} on day {days[0]} or "
                        f"{days[1]} (an event, item or drug), or source: not_reported",
                    )
