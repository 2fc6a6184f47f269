"""Rules across the files of a case folder (CB501, CB503-CB507), and the grades the engine
computes from the built case (CB508, CB509)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casebook.loading.course import CourseRow
from casebook.loading.problems import rule
from casebook.loading.readers import YamlDoc
from casebook.model import Case

if TYPE_CHECKING:
    from casebook.loading.checker import Checker

__all__ = ["check_case_days", "check_decision_days", "check_grades", "check_ice_totals"]


@rule("CB501")
def check_case_days(ck: Checker, case: YamlDoc, days: list[int]) -> None:
    listed = [d["day"] for d in case.data["days"]]
    for i, day in enumerate(listed):
        path = ["days", i, "day"]
        if day not in days:
            message = f"day {day} is not a day of course.csv"
        elif listed.count(day) > 1 and listed.index(day) != i:
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
            expected=f"the days of course.csv in order, once each: {days}",
        )
    for day in days:
        if day not in listed:
            ck.add(
                "CB501",
                case.name,
                f"course.csv has day {day} but case.yaml days has no entry for it",
                line=case.line(["days"]),
                field="days",
                value=day,
                expected="one entry (day, title, narrative, source) per day of course.csv",
            )


@rule("CB503", "CB504", "CB505", "CB506")
def check_ice_totals(ck: Checker, rows: list[CourseRow], exams: YamlDoc, days: list[int]) -> None:
    exam_at = {e["day"]: (i, e) for i, e in enumerate(exams.data["exams"])}
    ice_rows = {r.day: r for r in rows if r.item == "ice"}
    consciousness = {r.day: r.value for r in rows if r.item == "consciousness"}
    for day in days:
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
                f"day {day} has no ICE total",
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
                f"exam on day {day}, which is not a day of course.csv",
                value=day,
                expected=f"one of the days of course.csv: {days}",
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
                f"decision {dec['id']!r} is on day {dec['day']}, not a day of course.csv",
                value=dec["day"],
                expected=f"one of the days of course.csv: {days}",
            )


@rule("CB508", "CB509")
def check_grades(ck: Checker, case: Case, doc: YamlDoc) -> None:
    """The engine grades every day; its peak matches what the report states."""
    grades: dict[int, int] = {}
    for day in case.day_numbers:
        view = case.day(day)
        try:
            grades[day] = view.icans.grade
            view.crs  # noqa: B018 - grading the CRS is the check
        except ValueError as exc:
            ck.add(
                "CB508",
                "course.csv",
                f"the grading engine cannot grade day {day}: {exc}",
                field="day",
                value=day,
                expected="findings the engine accepts (see docs/data-format.md)",
            )
    if len(grades) != len(case.days):
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


# -- the whole folder ----------------------------------------------------------------------
