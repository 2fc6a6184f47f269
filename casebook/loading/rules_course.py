"""Rules on course.csv as a whole, one small function per rule code (CB209, CB211, CB212, CB214).

Days may be negative and may have gaps (issue 15): CB210 ("no gaps") is retired. A day needs the
neurological findings only when it has any of them (``casebook.model.day.NEURO_ITEMS``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from casebook.loading.course import NOT_TESTABLE, CourseRow
from casebook.loading.problems import rule
from casebook.model import MIN_DAY, REPEATABLE_ITEMS, REQUIRED_DAILY_ITEMS
from casebook.model.day import NEURO_ITEMS

if TYPE_CHECKING:
    from casebook.loading.checker import Checker

__all__ = ["check_course"]

_FILE = "course.csv"


def check_course(ck: Checker, rows: list[CourseRow]) -> None:
    """Rules on course.csv as a whole: order, days, duplicates, required items."""
    cb209_rows_sorted_by_day(ck, rows)
    if any(r.day is None for r in rows):
        return  # the days below would be guesses
    by_day: dict[int, list[CourseRow]] = defaultdict(list)
    for r in rows:
        if r.day is not None:
            by_day[r.day].append(r)
    for day, day_rows in sorted(by_day.items()):
        first = cb211_item_once_per_day(ck, day, day_rows)
        cb212_required_daily_items(ck, day, day_rows, first)
        cb214_not_testable_only_when_unarousable(ck, day, first)


@rule("CB209")
def cb209_rows_sorted_by_day(ck: Checker, rows: list[CourseRow]) -> None:
    last_day = MIN_DAY - 1
    for r in rows:
        if r.day is None:
            continue
        if r.day < last_day:
            ck.add(
                "CB209",
                _FILE,
                f"day {r.day} comes after day {last_day}",
                row=r.row,
                line=r.line,
                field="day",
                value=r.day,
                expected="rows sorted by day",
            )
        last_day = max(last_day, r.day)


@rule("CB211")
def cb211_item_once_per_day(
    ck: Checker, day: int, day_rows: list[CourseRow]
) -> dict[str, CourseRow]:
    """Each item once per day (except repeatable ones); returns item -> its first row."""
    first: dict[str, CourseRow] = {}
    for r in day_rows:
        if not r.known or r.item in REPEATABLE_ITEMS:
            continue
        if r.item in first:
            ck.add(
                "CB211",
                _FILE,
                f"item {r.item!r} appears again on day {day} (first at row {first[r.item].row})",
                row=r.row,
                line=r.line,
                field="item",
                value=r.item,
                expected="each item at most once per day (event and excluded_domain may repeat)",
            )
        else:
            first[r.item] = r
    return first


@rule("CB212")
def cb212_required_daily_items(
    ck: Checker, day: int, day_rows: list[CourseRow], first: dict[str, CourseRow]
) -> None:
    """A day with any neurological finding has all of them (temperature is optional: a day
    without one has no CRS grade)."""
    if not any(item in first for item in NEURO_ITEMS):
        return
    for item in REQUIRED_DAILY_ITEMS:
        if item == "temperature":
            continue
        if item not in first:
            ck.add(
                "CB212",
                _FILE,
                f"day {day} has no {item!r} row",
                row=day_rows[0].row,
                line=day_rows[0].line,
                field="item",
                value=item,
                expected="consciousness, seizure and motor on every day with a neurological "
                "finding or an ICE total",
            )


@rule("CB214")
def cb214_not_testable_only_when_unarousable(
    ck: Checker, day: int, first: dict[str, CourseRow]
) -> None:
    ice = first.get("ice")
    consciousness = first.get("consciousness")
    if (
        ice is not None
        and ice.value == NOT_TESTABLE
        and consciousness is not None
        and consciousness.value not in (None, "unarousable")
    ):
        ck.add(
            "CB214",
            _FILE,
            f"ICE is {NOT_TESTABLE} on day {day} while consciousness is "
            f"{consciousness.value!r} (row {consciousness.row})",
            row=ice.row,
            line=ice.line,
            field="value",
            value=ice.raw,
            expected=f"a number 0-10 ({NOT_TESTABLE} only when consciousness is "
            "unarousable, ASTCT 2019)",
        )
