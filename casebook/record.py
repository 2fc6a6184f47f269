"""The response record: one JSON object per line of a response file (format: docs/design.md).

``Response`` is the typed record; ``validate_record`` lists what makes a JSON object read from a
file invalid, naming field, value and what was expected. Pure: ``casebook.responses`` writes and
reads the files, ``casebook.exercises`` names the exercise types and their ``answer``/``result``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

__all__ = ["MODES", "RECORD_VERSION", "Response", "is_number", "validate_record"]

RECORD_VERSION = 1
MODES = ("practice", "assessment")


# -- record validation ---------------------------------------------------------------------
def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    """A finite int or float, not a bool."""
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)  # type: ignore[arg-type]


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def validate_record(record: object) -> list[str]:
    """Problems with one response record (empty list: valid). Each names field, value, expected."""
    if not isinstance(record, dict):
        return [f"expected a JSON object, found {_type_name(record)}"]
    problems: list[str] = []

    def bad(field: str, expected: str) -> None:
        if field not in record:
            problems.append(f"field '{field}' is missing (expected {expected})")
        else:
            value = record[field]
            problems.append(
                f"field '{field}' is {_short(value)} ({_type_name(value)}); expected {expected}"
            )

    if record.get("v") != RECORD_VERSION or not _is_int(record.get("v")):
        bad("v", f"the format version {RECORD_VERSION}")
    time = record.get("time")
    try:
        ok = isinstance(time, str) and datetime.fromisoformat(time).tzinfo is not None
    except ValueError:
        ok = False
    if not ok:
        bad("time", "an ISO-8601 date and time with a UTC offset")
    for field in ("learner", "case"):
        value = record.get(field)
        if not isinstance(value, str) or not value.strip():
            bad(field, "a non-empty text")
    if not _is_int(record.get("day")) or record["day"] < 0:
        bad("day", "a whole number >= 0")
    exercise = record.get("exercise")
    if not isinstance(exercise, str) or not re.fullmatch(r"[a-z0-9_-]+", exercise):
        bad("exercise", "a name such as 'ice' or 'decision'")
    if not isinstance(record.get("answer"), dict):
        bad("answer", "a JSON object")
    result = record.get("result")
    if not isinstance(result, dict):
        bad("result", "a JSON object")
    else:
        if not isinstance(result.get("correct"), bool):
            value = result.get("correct", "(missing)")
            problems.append(f"field 'result.correct' is {_short(value)}; expected true or false")
        if "score" in result and result["score"] is not None and not is_number(result["score"]):
            problems.append(
                f"field 'result.score' is {_short(result['score'])} "
                f"({_type_name(result['score'])}); expected a number or null"
            )
        if "items" in result and not isinstance(result["items"], dict):
            problems.append(
                f"field 'result.items' is {_short(result['items'])}; expected a JSON object"
            )
    if not _is_int(record.get("attempt")) or record["attempt"] < 1:
        bad("attempt", "a whole number >= 1")
    if record.get("mode") not in MODES:
        bad("mode", "'practice' or 'assessment'")
    return problems


# -- the record ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Response:
    """One response record, as written to the file (format: docs/design.md). The fields are in
    the file's order; ``answer`` and ``result`` are the exercise type's JSON objects
    (``casebook.exercises`` names the types)."""

    v: int
    time: str
    learner: str
    case: str
    day: int
    exercise: str
    answer: Mapping[str, Any]
    result: Mapping[str, Any]
    attempt: int
    mode: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the file (``read_responses`` gives these back)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def problems(self) -> list[str]:
        """What makes this record invalid (empty: valid); see :func:`validate_record`."""
        return validate_record(self.to_dict())
