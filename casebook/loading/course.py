"""Reading course.csv: the header, then each row parsed against the item vocabulary.

Rules: CB201 header, CB202 six fields, CB203 day numbers, CB204 numbers, CB205 known items,
CB206 units, CB207 ranges, CB208 allowed words, CB213 whole ICE totals, CB110/CB111 sources.
The rules on the course as a whole (order, gaps, repeats) are in ``rules_course``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casebook.loading.problems import rule
from casebook.loading.readers import csv_records, range_text
from casebook.model import ITEMS, MAX_DAY, MIN_DAY, UNIT_CONVERSIONS
from casebook.vocab import COURSE_PROVENANCE, ICE_MAX

if TYPE_CHECKING:
    from casebook.loading.checker import Checker

__all__ = ["COURSE_COLUMNS", "NOT_TESTABLE", "CourseRow", "closest", "read_course", "unit_hint"]

COURSE_COLUMNS = ("day", "item", "value", "unit", "source", "note")
NOT_TESTABLE = "not_testable"  # the one word an `ice` row may hold instead of a number


@dataclass
class CourseRow:
    """One data row of course.csv, with what could be parsed from it."""

    row: int
    line: int
    day: int | None
    item: str
    raw: str
    unit: str
    source: str
    note: str
    known: bool  # the item is a known item
    value: float | str | None = None  # parsed value, None when the value is invalid


@rule("CB105", "CB202")
def read_course(ck: Checker) -> list[CourseRow] | None:
    name = "course.csv"
    ck.names[name] = name
    text = ck.read_text(name, ck.folder / name)
    if text is None:
        return None
    records = csv_records(ck, name, text, "CB202")
    if records is None:
        return None
    header_line, header = records[0]
    columns = check_header(ck, header, header_line)
    if columns is None:
        return None
    if len(records) == 1:
        ck.add("CB105", name, "the file has a header but no data rows", line=header_line)
        return None
    rows = []
    for number, (line, cells) in enumerate(records[1:], start=1):
        if len(cells) != len(COURSE_COLUMNS):
            ck.add(
                "CB202",
                name,
                f"the row has {len(cells)} fields",
                line=line,
                row=number,
                expected=f"{len(COURSE_COLUMNS)} fields: " + ",".join(COURSE_COLUMNS),
            )
            continue
        rows.append(parse_row(ck, dict(zip(columns, cells, strict=True)), number, line))
    return rows


@rule("CB201")
def check_header(ck: Checker, header: list[str], line: int) -> list[str] | None:
    """Column names in file order, or None when the rows cannot be read by name."""
    expected = ",".join(COURSE_COLUMNS)
    counts = Counter(header)
    twice = [c for c, n in counts.items() if n > 1]
    missing = [c for c in COURSE_COLUMNS if c not in counts]
    unknown = [c for c in header if c not in COURSE_COLUMNS]
    if header and re.fullmatch(r"\d+", header[0]):
        ck.add(
            "CB201",
            "course.csv",
            "the header row is missing: line 1 is a data row",
            line=line,
            value=",".join(header),
            expected=f"the header {expected} on line 1",
        )
        return None
    if twice or missing or unknown:
        what = []
        what += [f"column '{c}' appears twice" for c in twice]
        what += [f"column '{c}' is missing" for c in missing]
        what += [f"unknown column '{c}'" for c in unknown]
        ck.add(
            "CB201",
            "course.csv",
            "header row: " + "; ".join(what),
            line=line,
            value=",".join(header),
            expected=f"the header {expected}",
        )
        return None
    if tuple(header) != COURSE_COLUMNS:
        ck.add(
            "CB201",
            "course.csv",
            f"header columns are in the order {','.join(header)}",
            line=line,
            value=",".join(header),
            expected=f"the header {expected}",
        )
    return header


@rule("CB203", "CB205", "CB206")
def parse_row(ck: Checker, cells: dict[str, str], number: int, line: int) -> CourseRow:
    name = "course.csv"
    where = {"row": number, "line": line}
    day: int | None = None
    if re.fullmatch(r"[-+]?\d+", cells["day"]) and MIN_DAY <= int(cells["day"]) <= MAX_DAY:
        day = int(cells["day"])
    else:
        ck.add(
            "CB203",
            name,
            f"{cells['day']!r} is not a day number",
            field="day",
            value=cells["day"],
            expected=f"a whole number from {MIN_DAY} to {MAX_DAY} (negative days come before "
            "day 0; case.yaml's therapy block says what day 0 is)",
            **where,
        )
    item, raw, unit = cells["item"], cells["value"], cells["unit"]
    row = CourseRow(
        number, line, day, item, raw, unit, cells["source"], cells["note"], item in ITEMS
    )
    check_source(ck, cells["source"], field="source", **where)
    if not row.known:
        ck.add(
            "CB205",
            name,
            f"unknown item {item!r}",
            field="item",
            value=item,
            expected="one of the items in docs/data-format.md (e.g. temperature, ice, seizure)"
            + closest(item, ITEMS)
            + (
                "; a drug goes in drugs.csv (day,drug,dose,unit,route,frequency,source,note)"
                if item not in ITEMS and not difflib.get_close_matches(item, list(ITEMS), n=1)
                else ""
            ),
            **where,
        )
        return row
    want_unit, allowed = ITEMS[item]
    if unit != want_unit:
        ck.add(
            "CB206",
            name,
            f"{unit!r} is not the unit of item {item!r}",
            field="unit",
            value=unit,
            expected=f"{want_unit!r} exactly" + unit_hint(item, unit, raw, want_unit),
            **where,
        )
    row.value = parse_value(ck, item, raw, allowed, where)
    return row


@rule("CB204", "CB207", "CB208", "CB213")
def parse_value(
    ck: Checker, item: str, raw: str, allowed: tuple, where: dict[str, int]
) -> float | str | None:
    name = "course.csv"
    if isinstance(allowed[0], str):
        if raw in allowed:
            return raw
        ck.add(
            "CB208",
            name,
            f"{raw!r} is not an allowed value of item {item!r}",
            field="value",
            value=raw,
            expected="one of: " + ", ".join(allowed) + closest(raw, allowed),
            **where,
        )
        return None
    if item == "ice" and raw == NOT_TESTABLE:
        return raw
    low, high = allowed
    wanted = range_text(low, high) + f" for item {item!r}"
    if item == "ice":
        wanted = f"a whole number 0-{ICE_MAX} or {NOT_TESTABLE} for item 'ice'"
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", raw):
        ck.add(
            "CB204",
            name,
            f"{raw!r} is not a number",
            field="value",
            value=raw,
            expected=wanted,
            **where,
        )
        return None
    number = float(raw)
    if (
        not math.isfinite(number)  # e.g. 1e999
        or (low is not None and number < low)
        or (high is not None and number > high)
    ):
        ck.add(
            "CB207",
            name,
            f"{raw} is out of range",
            field="value",
            value=raw,
            expected=wanted,
            **where,
        )
        return None
    if item == "ice" and not number.is_integer():
        ck.add(
            "CB213",
            name,
            f"{raw} is not a whole number",
            field="value",
            value=raw,
            expected=wanted,
            **where,
        )
        return None
    return number


def closest(word: str, choices: Any) -> str:
    """ " (closest: 'x')" naming the nearest of ``choices`` to a misspelt ``word``, else ""."""
    near = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.7)
    return f" (closest: {near[0]!r})" if near else ""


def unit_hint(item: str, unit: str, raw: str, want: str) -> str:
    """The next step for a wrong unit: convert the value (with the factor where known), since
    changing only the unit would leave the number wrong."""
    factor, how = UNIT_CONVERSIONS.get((item, unit), (None, ""))
    if factor == 1.0:
        return f": {how}; the value stays the same"
    if factor is not None:
        example = ""
        if re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", raw):
            example = f", so {raw} {unit} is {float(raw) * factor:.4g} {want}"
        return f": convert the value ({how}{example}), then write the unit {want!r}"
    if how:
        return f": convert the value ({how}), then write the unit {want!r}"
    return (
        f": convert the value to {want} before changing the unit (changing only the unit "
        "would leave the number wrong)"
    )


@rule("CB110", "CB111")
def check_source(
    ck: Checker, source: str, *, field: str, file: str = "course.csv", **where: Any
) -> None:
    if not source:
        ck.add(
            "CB110",
            file,
            "the source is empty",
            field=field,
            expected="one of: " + ", ".join(COURSE_PROVENANCE),
            **where,
        )
    elif source not in COURSE_PROVENANCE:
        ck.add(
            "CB111",
            file,
            f"{source!r} is not an allowed source",
            field=field,
            value=source,
            expected="one of: "
            + ", ".join(COURSE_PROVENANCE)
            + " (report_fact: the fact is reported, its day and value reconstructed; "
            "report_fact_day: fact and day reported; report_fact_value: fact and value reported)",
            **where,
        )
