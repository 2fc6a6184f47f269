"""What the figures and tables draw, taken from a case: points with provenance, the engine's
grades per day, and the checks of the day arguments. Only days up to the last shown day are
ever read, so a figure of the early days holds no later value."""

from __future__ import annotations

import numbers
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from casebook.model import Case, Observation
from casebook.plots.style import note_html, number, provenance
from casebook.vocab import ice_out_of


@dataclass(frozen=True)
class Point:
    day: int
    y: float | None  # None: a gap (the line breaks here, no marker)
    value: str  # value with unit, for hover
    note: str
    source: str

    @property
    def custom(self) -> list[str]:
        return [self.value, note_html(self.note), provenance(self.source)]


# -- arguments -----------------------------------------------------------------------------------
def is_day(value: Any, days: Collection[int]) -> bool:
    """A whole number (not a bool) that is one of ``days``."""
    return not isinstance(value, bool) and isinstance(value, numbers.Integral) and value in days


def check_until_day(case: Case, until_day: Any) -> int:
    """The last day to show; ValueError naming the argument, its value and the allowed range."""
    days = case.day_numbers
    first, last = min(days), max(days)
    if until_day is None:
        return last
    if not is_day(until_day, days):
        raise ValueError(
            f"until_day must be a whole day number from {first} to {last} (the days of case "
            f"{case.id!r}) or None for the whole course; got {until_day!r}"
        )
    return int(until_day)


def check_shared_day(cases: Sequence[Case], until_day: Any) -> int:
    """As ``check_until_day``, for the days of several cases together."""
    days = sorted({d for c in cases for d in c.day_numbers})
    if until_day is None:
        return days[-1]
    if not is_day(until_day, days):
        raise ValueError(
            f"until_day must be a whole day number from {days[0]} to {days[-1]} (the days of the "
            f"cases) or None for the whole courses; got {until_day!r}"
        )
    return int(until_day)


def check_height(height: Any) -> int | None:
    if height is None:
        return None
    if isinstance(height, bool) or not isinstance(height, numbers.Integral) or height < 300:
        raise ValueError(
            f"height must be a whole number of pixels, at least 300, or None; got {height!r}"
        )
    return int(height)


# -- data up to the last shown day ---------------------------------------------------------------
def observations(case: Case, last: int) -> list[Observation]:
    return [o for o in case.observations if o.day <= last]


def daily_until(case: Case, last: int) -> Any:
    """The engine's grades per day (``Case.daily()``) up to and including day ``last``."""
    daily = case.daily()
    return daily[daily["day"] <= last].reset_index(drop=True)


def numeric_points(obs: Iterable[Observation], item: str, unit: str) -> list[Point]:
    return [
        Point(o.day, float(o.value), f"{number(float(o.value))} {unit}", o.note, o.source)
        for o in obs
        if o.item == item and isinstance(o.value, float)
    ]


def positive(points: Iterable[Point]) -> list[Point]:
    """Points for a log axis: a value that is not above zero becomes a gap."""
    return [p if p.y and p.y > 0 else Point(p.day, None, p.value, p.note, p.source) for p in points]


def ice_points(
    case: Case, obs: list[Observation], days: Iterable[int], untestable_y: float | None
) -> tuple[list[Point], list[Point]]:
    """The ICE total (``case.day(d).ice``) of each of ``days`` with an exam or an ICE row (a
    gap where the patient could not be tested), and the untestable days as points at
    ``untestable_y``."""
    ice_rows = {o.day: o for o in obs if o.item == "ice"}
    points: list[Point] = []
    untestable: list[Point] = []
    for day in days:
        view = case.day(day)
        exam = view.exam
        if exam is not None:
            source = exam.source
            note = exam.setting if exam.testable else " ".join([exam.setting, exam.reason]).strip()
        elif day in ice_rows:
            source, note = ice_rows[day].source, ice_rows[day].note
        else:
            continue
        total = view.ice
        if total is None:
            untestable.append(Point(day, untestable_y, "not testable (unarousable)", note, source))
            points.append(Point(day, None, "", note, source))
        else:
            points.append(Point(day, float(total), f"{ice_out_of(total)} points", note, source))
    return points, untestable


def runs(days_status: Sequence[tuple[int, str]]) -> list[int]:
    """Days on which a status run starts (a status differs from the previous day's)."""
    starts = []
    previous = None
    for day, status in days_status:
        if status != previous:
            starts.append(day)
        previous = status
    return starts
