"""Reading drugs.csv (optional): any drug as a row, with dose, unit, route and frequency.

Columns ``day,drug,dose,unit,route,frequency,source,note`` (docs/data-format.md). Rules: CB220
header, CB221 eight fields, CB222 day numbers, CB223 drug names, CB224 doses, CB225 units,
CB226 routes, CB227 frequencies, CB110/CB111 sources. An empty dose and unit mean the dose is
not reported.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casebook.loading.course import check_source
from casebook.loading.problems import rule
from casebook.loading.readers import csv_records
from casebook.model import DRUG_FREQUENCIES, DRUG_ROUTES, DRUG_UNITS, MAX_DAY, MIN_DAY

if TYPE_CHECKING:
    from casebook.loading.checker import Checker

__all__ = ["DRUG_COLUMNS", "DrugRow", "read_drugs"]

DRUG_COLUMNS = ("day", "drug", "dose", "unit", "route", "frequency", "source", "note")
_FILE = "drugs.csv"
_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_DAY = re.compile(r"[-+]?\d+")
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


@dataclass
class DrugRow:
    """One data row of drugs.csv, with what could be parsed from it (None: invalid)."""

    row: int
    line: int
    day: int | None
    drug: str
    dose: float | None
    unit: str
    route: str
    frequency: str
    source: str
    note: str
    ok: bool = True


@rule("CB105", "CB220", "CB221")
def read_drugs(ck: Checker) -> list[DrugRow] | None:
    """The rows of drugs.csv; [] when the case has no drugs.csv; None when it cannot be read."""
    path = ck.folder / _FILE
    if not ck.exists(path):
        return []
    ck.names[_FILE] = _FILE
    text = ck.read_text(_FILE, path)
    if text is None:
        return None
    records = csv_records(ck, _FILE, text, "CB221")
    if records is None:
        return None
    header_line, header = records[0]
    expected = ",".join(DRUG_COLUMNS)
    if tuple(header) != DRUG_COLUMNS:
        counts = Counter(header)
        what = [f"column '{c}' is missing" for c in DRUG_COLUMNS if c not in counts]
        what += [f"unknown column '{c}'" for c in header if c not in DRUG_COLUMNS]
        what += [f"column '{c}' appears twice" for c, n in counts.items() if n > 1]
        ck.add(
            "CB220",
            _FILE,
            "header row: " + ("; ".join(what) or "the columns are in another order"),
            line=header_line,
            value=",".join(header),
            expected=f"the header {expected}",
        )
        return None
    rows = []
    for number, (line, cells) in enumerate(records[1:], start=1):
        if len(cells) != len(DRUG_COLUMNS):
            ck.add(
                "CB221",
                _FILE,
                f"the row has {len(cells)} fields",
                line=line,
                row=number,
                expected=f"{len(DRUG_COLUMNS)} fields: {expected}",
            )
            continue
        rows.append(_parse(ck, dict(zip(DRUG_COLUMNS, cells, strict=True)), number, line))
    return rows


@rule("CB222", "CB223", "CB224", "CB225", "CB226", "CB227")
def _parse(ck: Checker, cells: dict[str, str], number: int, line: int) -> DrugRow:
    where = {"row": number, "line": line}
    r = DrugRow(
        number,
        line,
        None,
        cells["drug"],
        None,
        cells["unit"],
        cells["route"],
        cells["frequency"],
        cells["source"],
        cells["note"],
    )

    def bad(code: str, field: str, message: str, expected: str) -> None:
        r.ok = False
        ck.add(code, _FILE, message, field=field, value=cells[field], expected=expected, **where)

    if _DAY.fullmatch(cells["day"]) and MIN_DAY <= int(cells["day"]) <= MAX_DAY:
        r.day = int(cells["day"])
    else:
        bad(
            "CB222",
            "day",
            f"{cells['day']!r} is not a day number",
            f"a whole number from {MIN_DAY} to {MAX_DAY} (negative: before day 0)",
        )
    if not _NAME.fullmatch(r.drug):
        bad(
            "CB223",
            "drug",
            f"{r.drug!r} is not a drug name",
            "a lower-case name of letters, digits, '_' or '-' (e.g. dexamethasone)",
        )
    raw = cells["dose"]
    if raw == "":
        if r.unit:
            bad(
                "CB224",
                "dose",
                "the dose is empty but the unit is given",
                "a dose with its unit, or both empty when the report gives no dose",
            )
    elif not _NUMBER.fullmatch(raw) or not math.isfinite(float(raw)) or float(raw) <= 0:
        bad("CB224", "dose", f"{raw!r} is not a dose", "a number above 0 (per administration)")
    else:
        r.dose = float(raw)
        if r.unit not in DRUG_UNITS:  # a unit with no dose is CB224 above
            bad(
                "CB225",
                "unit",
                f"{r.unit!r} is not a dose unit",
                "one of: " + ", ".join(DRUG_UNITS) + _unit_hint(r.unit),
            )
    if r.route not in DRUG_ROUTES:
        bad("CB226", "route", f"{r.route!r} is not a route", "one of: " + ", ".join(DRUG_ROUTES))
    if r.frequency not in DRUG_FREQUENCIES:
        bad(
            "CB227",
            "frequency",
            f"{r.frequency!r} is not a frequency",
            "one of: " + ", ".join(DRUG_FREQUENCIES),
        )
    check_source(ck, cells["source"], field="source", file=_FILE, **where)
    return r


def _unit_hint(unit: str) -> str:
    hints = {
        "mg/day": " (write the dose given each time with its frequency: 8 mg/day as 8 mg daily,"
        " or 2 mg q6h)",
        "ug": " (write micrograms as mcg)",
        "µg": " (write micrograms as mcg)",
        "mg/m²": " (write mg/m2)",
    }
    return hints.get(unit, "")
